package catalog

import (
	"fmt"
	"slices"
	"strconv"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/flixconf/flixconf/suites/framework"
)

// sspSeries is The Sarah Silverman Program, the New Series Model post's example series.
const sspSeries = "/catalog/titles/series/70142415"

// episode is one episode of a series: its program path and its regular name.
type episode struct{ path, title string }

// sspEpisodes are the 22 episodes the New Series Model post lists for GET
// catalog/titles/series/70142415?v=2.0&expand=@episodes, in its order (blog seed,
// shared/seed/netflix-api-blog-page1.txt): the names are the seed's link titles, the program
// ids those of fixtures/catalog/series.yaml (invented there, 89000001-89000022).
var sspEpisodes = func() []episode {
	names := []string{
		"Season 1: Officer Jay", "Season 1: Humanitarian of the Year", "Season 1: Positively Negative",
		"Season 1: Not Without My Daughter", "Season 1: Muffin' Man", "Season 1: Batteries",
		"Season 2: Vol. 1: Bored of the Rings", "Season 2: Vol. 1: Joan of Arf", "Season 2: Vol. 1: Face Wars",
		"Season 2: Vol. 1: Doodie", "Season 2: Vol. 1: Ah, Men", "Season 2: Vol. 1: Maid to Border",
		"Season 2: Vol. 2: High, It's Sarah", "Season 2: Vol. 2: The Mongolian Beef", "Season 2: Vol. 2: Making New Friends",
		"Season 2: Vol. 2: Patriot Tact", "Season 2: Vol. 2: Pee", "Season 2: Vol. 2: There's No Place Like Homeless",
		"Season 2: Vol. 2: Fetus Don't Fail Me Now", "Season 2: Vol. 2: I Thought My Dad Was Dead, But It Turns Out He's Not",
		"Season 2: Vol. 2: Kangamangus", "Season 2: Vol. 2: Vow Wow",
	}
	out := make([]episode, len(names))
	for i, n := range names {
		out[i] = episode{fmt.Sprintf("/catalog/titles/programs/%d", 89000001+i), "The Sarah Silverman Program: " + n}
	}
	return out
}()

// paths and titles split a list of episodes.
func paths(es []episode) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.path
	}
	return out
}

func titles(es []episode) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.title
	}
	return out
}

// splitPart is one title of the split series of fixtures/catalog/split.yaml: The Vellacourt
// Hour, 308 episodes in 14 seasons of 22, split by decade as the New Series Model post says a
// series of more than 200 episodes may be ("organized by decade").
type splitPart struct {
	id, name             string
	firstSeason, seasons int
}

var splitParts = []splitPart{
	{"89100000", "The Vellacourt Hour: The 1970s", 1, 8},
	{"89200000", "The Vellacourt Hour: The 1980s", 9, 6},
}

// episodes lists a split part's episodes as split.yaml's episode runs make them: season s has
// 22 programs with ids 89P0SS001 up (P the part, SS the season), named "Season s: Episode e".
func (p splitPart) episodes() []episode {
	var out []episode
	for s := p.firstSeason; s < p.firstSeason+p.seasons; s++ {
		for e := 1; e <= 22; e++ {
			id := fmt.Sprintf("89%s%02d%03d", p.id[2:3], s, e)
			out = append(out, episode{"/catalog/titles/programs/" + id, fmt.Sprintf("%s: Season %d: Episode %d", p.name, s, e)})
		}
	}
	return out
}

// The operation labels of the series specs.
var (
	opSeries   = Label("op:getCatalogTitlesSeriesById")
	opEpisodes = Label("op:getCatalogTitlesSeriesByIdEpisodes")
)

// episodesPage asks for a page of a series' episodes list.
func episodesPage(f *framework.Framework, series string, start, max int) (map[string]any, listPage) {
	GinkgoHelper()
	doc := okDoc(get(f, series+"/episodes", "start_index", strconv.Itoa(start), "max_results", strconv.Itoa(max)))
	return doc, readPage(doc, "catalog_titles", "catalog_title")
}

// The New Series Model (2.0): a series is one title, expand=@episodes lists every episode.
var _ = framework.Describe("the 2.0 series model", twoOnly, func(f *framework.Framework) {
	It("MUST list the seed's 22 episodes of series 70142415 with expand=@episodes, in the seed's order", opSeries, func() {
		doc := okDoc(get(f, sspSeries, "expand", "@episodes"))
		series := framework.Value(doc, "/catalog_title")
		Expect(framework.Value(series, "/title/regular")).To(Equal("The Sarah Silverman Program"))
		l := linkTitled(series, "episodes")
		Expect(l["rel"]).To(Equal("http://schemas.netflix.com/catalog/titles.programs"))
		Expect(pathOf(str(l["href"]))).To(Equal(sspSeries + "/episodes"))
		Expect(linkTitles(l)).To(Equal(titles(sspEpisodes)))
		Expect(linkedPaths(l)).To(Equal(paths(sspEpisodes)))
	})

	When("as the seed shows the series, before the genres changed", Label("day:2011-06-14"), func() {
		It("MUST carry the seed's categories and links in the seed's order", opSeries, func() {
			doc := okDoc(get(f, sspSeries))
			series := framework.Value(doc, "/catalog_title")
			var labels []string
			for _, c := range framework.List(series, "/category") {
				labels = append(labels, str(framework.Value(c, "/label")))
			}
			Expect(labels).To(Equal([]string{"Television", "TV Sketch Comedies", "TV Comedies", "130"}))
			// The seed's links, less "box art" (an element here, as the recorded 1.0 titles
			// carry it) and "Tiny URL" (no fixture records a tiny URL).
			Expect(linkTitles(series)).To(Equal([]string{"synopsis", "short synopsis", "cast", "screen formats", "seasons",
				"episodes", "similars", "web page"}))
		})
	})

	It("MUST list the same episodes with their season and episode numbers in the episodes list", opEpisodes, func() {
		doc, p := episodesPage(f, sspSeries, 0, 100)
		expectPage(p, 22, 0, 22)
		Expect(p.ids).To(Equal(paths(sspEpisodes)))
		items := framework.List(doc, "/catalog_titles/catalog_title")
		Expect(regularTitles(doc, "/catalog_titles/catalog_title")).To(Equal(titles(sspEpisodes)))
		// "Episode titles will include information about the season number and episode
		// number"; separate elements are the timeline's assumption (series-model). Season 2's
		// numbers run on across its two volumes (fixtures/catalog/series.yaml).
		for _, want := range []struct{ at, season, episode int }{{0, 1, 1}, {5, 1, 6}, {6, 2, 1}, {12, 2, 7}, {21, 2, 16}} {
			Expect(str(framework.Value(items[want.at], "/season_number"))).To(Equal(strconv.Itoa(want.season)), "episode %d of the list", want.at+1)
			Expect(str(framework.Value(items[want.at], "/episode_number"))).To(Equal(strconv.Itoa(want.episode)), "episode %d of the list", want.at+1)
		}
		Expect(framework.Value(items[12], "/title/short")).To(Equal("High, It's Sarah"))
	})

	It("MUST split a series of more than 200 episodes into titles that each list only their own episodes", opSeries, func() {
		var all []string
		for _, part := range splitParts {
			doc := okDoc(get(f, "/catalog/titles/series/"+part.id, "expand", "@episodes"))
			series := framework.Value(doc, "/catalog_title")
			Expect(framework.Value(series, "/title/regular")).To(Equal(part.name))
			want := part.episodes()
			l := linkTitled(series, "episodes")
			Expect(linkedPaths(l)).To(Equal(paths(want)), "the episodes of %s", part.name)
			Expect(linkTitles(l)).To(Equal(titles(want)))
			Expect(len(want)).To(BeNumerically("<=", 200), "a part of a split series")
			all = append(all, paths(want)...)
		}
		// Together the parts hold 308 episodes, each once: the seasons run on from one part
		// to the next (the 1980s begin with season 9).
		Expect(all).To(HaveLen(308))
		Expect(slices.Compact(slices.Sorted(slices.Values(all)))).To(HaveLen(308))
	})

	It("MUST page a split part's episodes list", opEpisodes, func() {
		part := splitParts[1]
		want := paths(part.episodes())
		_, p := episodesPage(f, "/catalog/titles/series/"+part.id, 100, 100)
		expectPage(p, 132, 100, 32)
		Expect(p.ids).To(Equal(want[100:]))
	})

	It("MUST number a program by its season and episode", Label("op:getCatalogTitlesProgramsById"), func() {
		doc := okDoc(get(f, "/catalog/titles/programs/89000013"))
		program := framework.Value(doc, "/catalog_title")
		Expect(framework.Value(program, "/title")).To(And(HaveKeyWithValue("short", "High, It's Sarah"),
			HaveKeyWithValue("regular", "The Sarah Silverman Program: Season 2: Vol. 2: High, It's Sarah")))
		Expect(str(framework.Value(program, "/season_number"))).To(Equal("2"))
		Expect(str(framework.Value(program, "/episode_number"))).To(Equal("7"))
	})
}, Label("area:catalog", "profile:catalog"))

var _ = framework.Describe("episodes in 1.x", oneX, func(f *framework.Framework) {
	It("MUST list a series' episodes in order without 2.0's season and episode numbers", func() {
		doc, p := episodesPage(f, sspSeries, 0, 100)
		expectPage(p, 22, 0, 22)
		Expect(p.ids).To(Equal(paths(sspEpisodes)))
		for _, item := range framework.List(doc, "/catalog_titles/catalog_title") {
			_, season := framework.Lookup(item, "/season_number")
			_, number := framework.Lookup(item, "/episode_number")
			Expect(season || number).To(BeFalse(), "%s carries 2.0's numbers", framework.Value(item, "/id"))
		}
	})
}, Label("area:catalog", "op:getCatalogTitlesSeriesByIdEpisodes", "profile:catalog"))

// Paging on a list whose every item the fixtures give: the 22 episodes of 70142415 in pages
// of 10 are 10, 10 and 2, and nothing beyond.
var _ = framework.Describe("paging GET /catalog/titles/series/{id}/episodes", allVersions, func(f *framework.Framework) {
	It("MUST answer the first, middle and last pages as slices of the whole list, an empty page beyond it, and the url_template", func() {
		var joined []string
		for _, pg := range []struct{ start, size int }{{0, 10}, {10, 10}, {20, 2}} {
			_, p := episodesPage(f, sspSeries, pg.start, 10)
			expectPage(p, 22, pg.start, pg.size)
			joined = append(joined, p.ids...)
		}
		Expect(joined).To(Equal(paths(sspEpisodes)))
		_, beyond := episodesPage(f, sspSeries, 30, 10)
		expectPage(beyond, 22, 30, 0)
		// Without paging parameters, the documented default page of 25 holds all 22.
		resp := get(f, sspSeries+"/episodes")
		p := readPage(okDoc(resp), "catalog_titles", "catalog_title")
		expectPage(p, 22, 0, 22)
		Expect(p.template).To(Equal("http://" + canonicalHost(resp) + sspSeries + "/episodes?{-join|&|start_index|max_results}"))
	})
}, Label("area:catalog", "op:getCatalogTitlesSeriesByIdEpisodes", "profile:catalog"))

// Seasons and discs, the 1.0 model that the python-netflix README shows for The Sopranos.
var _ = framework.Describe("seasons and discs", allVersions, func(f *framework.Framework) {
	It("MUST list The Sopranos' seasons, link a season to its series and expand its four discs", Label("op:getCatalogTitlesSeriesByIdSeasons",
		"op:getCatalogTitlesSeriesByIdSeasonsBySeasonId"), func() {
		doc := okDoc(get(f, "/catalog/titles/series/60030356/seasons"))
		Expect(ids(doc, "/catalog_titles/catalog_title")).To(Equal(sopranosSeasons))
		doc = okDoc(get(f, "/catalog/titles/series/60030356/seasons/60030356", "expand", "@discs"))
		season := framework.Value(doc, "/catalog_title")
		Expect(framework.Value(season, "/title/regular")).To(Equal("The Sopranos: Season 1"))
		up := linkTitled(season, "The Sopranos")
		Expect(up["rel"]).To(Equal("http://schemas.netflix.com/catalog/titles.series"))
		Expect(pathOf(str(up["href"]))).To(Equal("/catalog/titles/series/60030356"))
		Expect(linkedPaths(linkTitled(season, "discs"))).To(Equal(sopranosDiscs))
	})

	It("MUST list a season's discs and episodes, and link a disc to its series and season", Label("op:getCatalogTitlesSeriesByIdSeasonsBySeasonIdDiscs",
		"op:getCatalogTitlesSeriesByIdSeasonsBySeasonIdEpisodes", "op:getCatalogTitlesDiscsById"), func() {
		doc := okDoc(get(f, "/catalog/titles/series/60030356/seasons/60030356/discs"))
		Expect(ids(doc, "/catalog_titles/catalog_title")).To(Equal(sopranosDiscs))
		// Season 2 of 70142415 holds the 16 episodes of its two volumes.
		doc = okDoc(get(f, sspSeries+"/seasons/89000102/episodes", "max_results", "100"))
		Expect(ids(doc, "/catalog_titles/catalog_title")).To(Equal(paths(sspEpisodes[6:])))
		doc = okDoc(get(f, "/catalog/titles/discs/60003465"))
		disc := framework.Value(doc, "/catalog_title")
		Expect(framework.Value(disc, "/title/regular")).To(Equal("The Sopranos: Season 1: Disc 2"))
		Expect(linkTitled(disc, "The Sopranos")["rel"]).To(Equal("http://schemas.netflix.com/catalog/titles.series"))
		season := linkTitled(disc, "The Sopranos: Season 1")
		Expect(season["rel"]).To(Equal("http://schemas.netflix.com/catalog/titles.season"))
		Expect(pathOf(str(season["href"]))).To(Equal("/catalog/titles/series/60030356/seasons/60030356"))
	})
}, Label("area:catalog", "profile:catalog"))
