package catalog

import (
	"net/http"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/flixconf/flixconf/suites/framework"
)

// The expansion names each version knows: 1.0 and 1.5 those of the descriptions' expand
// parameter; 2.0 adds @short_synopsis after @synopsis (pyflix2 EXPANDS, reference
// netflix-api.md §2.4).
var expansionNames = map[string][]string{
	"1.0": {"@title", "@box_art", "@synopsis", "@format_availability", "@screen_formats", "@cast", "@directors",
		"@languages_and_audio", "@awards", "@similars", "@bonus_materials", "@seasons", "@episodes", "@discs"},
	"2.0": {"@title", "@box_art", "@synopsis", "@short_synopsis", "@format_availability", "@screen_formats", "@cast",
		"@directors", "@languages_and_audio", "@awards", "@similars", "@bonus_materials", "@seasons", "@episodes", "@discs"},
}

// namesOf returns the expansion names of version v (1.5 has 1.0's).
func namesOf(v string) []string {
	if v == "2.0" {
		return expansionNames["2.0"]
	}
	return expansionNames["1.0"]
}

// jawsCast and jawsDirectors are the people of Jaws in the recorded order (flix4r
// test/fixtures/cast.xml and directors.xml).
var (
	jawsCast = []string{"/catalog/people/82729", "/catalog/people/25823", "/catalog/people/20000031", "/catalog/people/33466",
		"/catalog/people/36048", "/catalog/people/20008412", "/catalog/people/20008413"}
	jawsDirectors = []string{"/catalog/people/87835"}
)

// sopranosDiscs are the discs of The Sopranos' first season (python-netflix README).
var sopranosDiscs = []string{"/catalog/titles/discs/60003464", "/catalog/titles/discs/60003465", "/catalog/titles/discs/60003466",
	"/catalog/titles/discs/60003467"}

// jawsExpanded asks for Jaws with the given expansion names and returns the title.
func jawsExpanded(f *framework.Framework, names ...string) any {
	GinkgoHelper()
	doc := okDoc(get(f, "/catalog/titles/movies/60001220", "expand", strings.Join(names, ",")))
	return framework.Value(doc, "/catalog_title")
}

// inside returns what an expansion put inside the title's link with the given title, under
// the element name, failing the spec when it is not there.
func inside(title any, link, element string) any {
	GinkgoHelper()
	v, ok := framework.Lookup(linkTitled(title, link), "/"+element)
	Expect(ok).To(BeTrue(), "the %q link holds no %s", link, element)
	return v
}

// linkedPaths lists the hrefs, without host, of the links inside an item's link.
func linkedPaths(l any) []string {
	out := []string{}
	for _, inner := range links(l) {
		out = append(out, pathOf(str(inner["href"])))
	}
	return out
}

// The expand parameter: each name puts what its link points to inside the link (a recorded
// search response shows <link ... title="synopsis"><synopsis>...</synopsis></link>, reference
// netflix-api.md §3.1).
var _ = framework.Describe("expand on GET /catalog/titles/movies/{id}", allVersions, func(f *framework.Framework) {
	It("MUST put the synopsis, formats, screen formats, languages, awards, bonus materials and similars inside their links", afterJawsStreamed, func() {
		title := jawsExpanded(f, "@synopsis", "@format_availability", "@screen_formats", "@languages_and_audio", "@awards", "@bonus_materials", "@similars")
		// The synopsis is HTML text whose people are RoleDisplay links (reference §3.2).
		Expect(str(inside(title, "synopsis", "synopsis"))).To(ContainSubstring(`href="http://www.netflix.com/RoleDisplay/Steven_Spielberg/87835"`))
		// Jaws is on DVD from 1998-06-01 (896659200) and, on the API's last days, never
		// leaves: available_until is 1/1/2100 ("Public API Update"); it streamed until
		// 2013-03-01 only (fixtures/catalog/titles.yaml).
		formats := inside(title, "formats", "delivery_formats")
		avail := framework.List(formats, "/availability")
		Expect(avail).To(HaveLen(1))
		Expect(avail[0]).To(And(HaveKeyWithValue("available_from", "896659200"), HaveKeyWithValue("available_until", "4102444800")))
		Expect(framework.Value(avail[0], "/category/label")).To(Equal("DVD"))
		// No recording gives these two documents' elements; the descriptions' shape is one entry
		// per format the title can be had in that day, DVD alone here, each with its
		// categories (mockserver catalog_subresources.go).
		screens := framework.List(inside(title, "screen formats", "screen_formats"), "/screen_format")
		Expect(screens).To(HaveLen(1))
		Expect(labelsOf(screens[0], "title_formats")).To(Equal([]string{"DVD"}))
		Expect(labelsOf(screens[0], "screen_formats")).To(HaveLen(1))
		langs := framework.List(inside(title, "languages and audio", "languages_and_audio"), "/language_audio_format")
		Expect(langs).To(HaveLen(1))
		Expect(labelsOf(langs[0], "title_formats")).To(Equal([]string{"DVD"}))
		Expect(labelsOf(langs[0], "languages")).To(HaveLen(1))
		inside(title, "awards", "awards")
		bonus := inside(title, "bonus materials", "catalog_titles")
		Expect(str(framework.Value(bonus, "/number_of_results"))).To(Equal("0"))
		similars := inside(title, "similars", "similars")
		Expect(pathOf(str(framework.Value(similars, "/url_template")))).To(Equal("/catalog/titles/movies/60001220/similars"))
		Expect(num(framework.Value(similars, "/results_per_page"))).To(Equal(len(framework.List(similars, "/similars_item"))))
		Expect(len(framework.List(similars, "/similars_item"))).To(BeNumerically("<=", 25), "an expansion shows the first page")
	})

	It("MUST put the recorded cast and directors inside their links", func() {
		title := jawsExpanded(f, "@cast", "@directors")
		cast := inside(title, "cast", "people")
		Expect(ids(cast, "/person")).To(Equal(jawsCast))
		Expect(framework.Value(framework.List(cast, "/person")[0], "/name")).To(Equal("Roy Scheider"))
		directors := inside(title, "directors", "people")
		Expect(ids(directors, "/person")).To(Equal(jawsDirectors))
		Expect(framework.Value(framework.List(directors, "/person")[0], "/name")).To(Equal("Steven Spielberg"))
		// A link that was not asked for stays empty.
		_, synopsisExpanded := framework.Lookup(linkTitled(title, "synopsis"), "/synopsis")
		Expect(synopsisExpanded).To(BeFalse(), "the synopsis was not asked for")
	})

	It("MUST carry the title and box art as elements with @title and @box_art, and accept every name of the version at once", func() {
		title := jawsExpanded(f, "@title", "@box_art")
		Expect(framework.Value(title, "/title")).To(And(HaveKeyWithValue("short", "Jaws"), HaveKeyWithValue("regular", "Jaws")))
		// flix4r movies.xml: three sizes, small, medium and large, from the tiny, small and
		// large box shots.
		for attr, size := range map[string]string{"small": "tiny", "medium": "small", "large": "large"} {
			Expect(framework.Value(title, "/box_art/"+attr)).To(Equal("http://cdn-0.nflximg.com/us/boxshots/" + size + "/60001220.jpg"))
		}
		for _, l := range links(title) {
			Expect(l).To(HaveLen(3), "the %q link holds more than href, rel and title", l["title"])
		}
		title = jawsExpanded(f, namesOf(f.Version)...)
		for _, l := range []struct{ link, element string }{{"synopsis", "synopsis"}, {"cast", "people"}, {"directors", "people"},
			{"formats", "delivery_formats"}, {"similars", "similars"}, {"bonus materials", "catalog_titles"}} {
			inside(title, l.link, l.element)
		}
	})
}, Label("area:catalog", "op:getCatalogTitlesMoviesById", "profile:catalog"))

var _ = framework.Describe("expand on GET /catalog/titles/series/{id}", allVersions, func(f *framework.Framework) {
	It("MUST list a series' seasons and discs inside their links, one link per title", func() {
		doc := okDoc(get(f, "/catalog/titles/series/60030356", "expand", "@seasons,@discs"))
		series := framework.Value(doc, "/catalog_title")
		Expect(linkedPaths(linkTitled(series, "seasons"))).To(Equal(sopranosSeasons))
		Expect(linkedPaths(linkTitled(series, "discs"))).To(Equal(sopranosDiscs))
		Expect(linkTitles(linkTitled(series, "discs"))).To(Equal([]string{"The Sopranos: Season 1: Disc 1",
			"The Sopranos: Season 1: Disc 2", "The Sopranos: Season 1: Disc 3", "The Sopranos: Season 1: Disc 4"}))
		// Without expand the same links hold nothing.
		doc = okDoc(get(f, "/catalog/titles/series/60030356"))
		Expect(links(linkTitled(framework.Value(doc, "/catalog_title"), "seasons"))).To(BeEmpty())
	})
}, Label("area:catalog", "op:getCatalogTitlesSeriesById", "profile:catalog"))

var _ = framework.Describe("expand on GET /catalog/titles (search)", allVersions, func(f *framework.Framework) {
	It("MUST expand every title of the page", func() {
		doc := okDoc(search(f, "jaws", "expand", "@cast"))
		titles := framework.List(doc, "/catalog_titles/catalog_title")
		Expect(titles).To(HaveLen(1))
		Expect(ids(inside(titles[0], "cast", "people"), "/person")).To(Equal(jawsCast))
	})
}, Label("area:catalog", "op:getCatalogTitles", "profile:catalog"))

var _ = framework.Describe("expand with an unknown name", allVersions, func(f *framework.Framework) {
	It("MUST be refused with 400 and the status body, naming the name, on a title and on a search", func() {
		// The mock refuses a name the version does not know (mockserver catalog_expand.go);
		// the descriptions' expand parameter lists each version's names.
		unknown := []string{"@nothing"}
		if f.Version == "2.0" {
			// xbmcflicks sent @formats; 2.0 names the expansion @format_availability.
			unknown = append(unknown, "@formats")
		} else {
			unknown = append(unknown, "@short_synopsis")
		}
		for _, name := range unknown {
			for _, output := range outputs {
				resp := get(f, "/catalog/titles/movies/60001220", withOutput(output, "expand", "@synopsis,"+name)...)
				expectStatusBody(resp, http.StatusBadRequest, HavePrefix(`Invalid expand "`+name+`"`))
			}
		}
		expectStatusBody(search(f, "jaws", "expand", "@nothing"), http.StatusBadRequest, HavePrefix(`Invalid expand "@nothing"`))
	})
}, Label("area:catalog", "op:getCatalogTitlesMoviesById", "op:getCatalogTitles", "profile:catalog"))

var _ = framework.Describe("expand @short_synopsis in 2.0", twoOnly, func(f *framework.Framework) {
	It("MUST put the short synopsis inside its link", func() {
		title := jawsExpanded(f, "@short_synopsis")
		short := str(inside(title, "short synopsis", "short_synopsis"))
		Expect(short).To(HavePrefix("Jaws"))
		Expect(short).NotTo(ContainSubstring("<a href"), "the short synopsis names no people")
		_, full := framework.Lookup(linkTitled(title, "synopsis"), "/synopsis")
		Expect(full).To(BeFalse(), "only the short synopsis was asked for")
	})
}, Label("area:catalog", "op:getCatalogTitlesMoviesById", "profile:catalog"))
