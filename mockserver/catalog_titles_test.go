package mockserver_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/flixconf/flixconf/mockserver"
	"github.com/flixconf/flixconf/spec"
)

// sspEpisodes are the link titles of the New Series Model post's example, in its order.
var sspEpisodes = []string{
	"Season 1: Officer Jay", "Season 1: Humanitarian of the Year", "Season 1: Positively Negative",
	"Season 1: Not Without My Daughter", "Season 1: Muffin' Man", "Season 1: Batteries",
	"Season 2: Vol. 1: Bored of the Rings", "Season 2: Vol. 1: Joan of Arf", "Season 2: Vol. 1: Face Wars",
	"Season 2: Vol. 1: Doodie", "Season 2: Vol. 1: Ah, Men", "Season 2: Vol. 1: Maid to Border",
	"Season 2: Vol. 2: High, It's Sarah", "Season 2: Vol. 2: The Mongolian Beef", "Season 2: Vol. 2: Making New Friends",
	"Season 2: Vol. 2: Patriot Tact", "Season 2: Vol. 2: Pee", "Season 2: Vol. 2: There's No Place Like Homeless",
	"Season 2: Vol. 2: Fetus Don't Fail Me Now", "Season 2: Vol. 2: I Thought My Dad Was Dead, But It Turns Out He's Not",
	"Season 2: Vol. 2: Kangamangus", "Season 2: Vol. 2: Vow Wow",
}

// GET catalog/titles/series/70142415?v=2.0&expand=@episodes lists, inside the episodes link,
// exactly the post's 22 episodes in its order, each a link to the episode titled with its
// series, season, volume and name.
func TestSeriesModelExpandsEveryEpisode(t *testing.T) {
	m := newMock(t)
	ct := catXML[catTitle](t, catOK(t, m, "/catalog/titles/series/70142415?v=2.0&expand=@episodes"))
	episodes := ct.link(t, "episodes")
	if !strings.HasSuffix(episodes.Href, "/catalog/titles/series/70142415/episodes") || episodes.Rel != "http://schemas.netflix.com/catalog/titles.programs" {
		t.Errorf("episodes link %+v", episodes)
	}
	var got []string
	for _, l := range episodes.Links {
		got = append(got, strings.TrimPrefix(l.Title, "The Sarah Silverman Program: "))
		if !strings.Contains(l.Href, "/catalog/titles/programs/") {
			t.Errorf("episode link %s is not a program's", l.Href)
		}
	}
	if !slices.Equal(got, sspEpisodes) {
		t.Errorf("expanded episodes:\n%q\nwant the post's\n%q", got, sspEpisodes)
	}
	// Without expand, the links stay empty.
	ct = catXML[catTitle](t, catOK(t, m, "/catalog/titles/series/70142415?v=2.0"))
	if n := len(ct.link(t, "episodes").Links); n != 0 {
		t.Errorf("without expand the episodes link holds %d links", n)
	}
}

// The 2.0 episodes list is the whole series in order, each episode carrying its season and
// episode number; 1.x lists the same episodes without the numbers.
func TestSeriesEpisodesList(t *testing.T) {
	m := newMock(t)
	l := catXML[catList](t, catOK(t, m, "/catalog/titles/series/70142415/episodes?v=2.0&max_results=100"))
	if l.Total != 22 || len(l.Titles) != 22 {
		t.Fatalf("%d episodes listed of %d, want 22", len(l.Titles), l.Total)
	}
	for i, e := range l.Titles {
		if want := "The Sarah Silverman Program: " + sspEpisodes[i]; e.Names.Regular != want {
			t.Errorf("episode %d: %q, want %q", i+1, e.Names.Regular, want)
		}
	}
	if e := l.Titles[12]; e.Season != "2" || e.Episode != "7" || e.Names.Short != "High, It's Sarah" {
		t.Errorf("13th episode: season %q episode %q %q", e.Season, e.Episode, e.Names.Short)
	}
	l = catXML[catList](t, catOK(t, m, "/catalog/titles/series/70142415/episodes?v=1.0&max_results=100"))
	if l.Total != 22 || l.Titles[12].Season != "" || l.Titles[12].Episode != "" {
		t.Errorf("1.0: %d episodes, numbers %q %q (1.x has none)", l.Total, l.Titles[12].Season, l.Titles[12].Episode)
	}
	// A season lists its own: season 2 has the 16 episodes of its two volumes.
	l = catXML[catList](t, catOK(t, m, "/catalog/titles/series/70142415/seasons/89000102/episodes?max_results=100"))
	if l.Total != 16 || l.Titles[0].Names.Short != "Bored of the Rings" {
		t.Errorf("season 2: %d episodes, first %q", l.Total, l.Titles[0].Names.Short)
	}
}

// A series of more than 200 episodes is split by decade (the post's example of a split): each
// part is a series title that lists only its own episodes, the seasons running on.
func TestSplitSeriesListsEachPartsEpisodes(t *testing.T) {
	m := newMock(t)
	for _, c := range []struct {
		id          string
		total       int
		first, last string
	}{
		{"89100000", 176, "The Vellacourt Hour: The 1970s: Season 1: Episode 1", "The Vellacourt Hour: The 1970s: Season 8: Episode 22"},
		{"89200000", 132, "The Vellacourt Hour: The 1980s: Season 9: Episode 1", "The Vellacourt Hour: The 1980s: Season 14: Episode 22"},
	} {
		ct := catXML[catTitle](t, catOK(t, m, "/catalog/titles/series/"+c.id+"?v=2.0&expand=@episodes"))
		links := ct.link(t, "episodes").Links
		if len(links) != c.total || links[0].Title != c.first || links[len(links)-1].Title != c.last {
			t.Errorf("series %s: %d episodes from %q to %q, want %d from %q to %q",
				c.id, len(links), links[0].Title, links[len(links)-1].Title, c.total, c.first, c.last)
		}
		l := catXML[catList](t, catOK(t, m, "/catalog/titles/series/"+c.id+"/episodes?v=2.0&start_index=100&max_results=100"))
		if l.Total != c.total || len(l.Titles) != c.total-100 || l.Start != 100 {
			t.Errorf("series %s, second page: %d of %d from %d", c.id, len(l.Titles), l.Total, l.Start)
		}
	}
}

// Seasons and discs: The Sopranos' three season titles; a season links to its series and
// to its discs, and lists them; a disc links back to its series and season.
func TestSeasonsAndDiscs(t *testing.T) {
	m := newMock(t, mockserver.WithDate(spec.MustDay("2010-06-01")))
	l := catXML[catList](t, catOK(t, m, "/catalog/titles/series/60030356/seasons"))
	if got := catIDs(l.Titles); !slices.Equal(got, []string{"/catalog/titles/series/60030356/seasons/60030356",
		"/catalog/titles/series/60030356/seasons/70020010", "/catalog/titles/series/60030356/seasons/70058397"}) {
		t.Errorf("seasons %v", got)
	}
	season := catXML[catTitle](t, catOK(t, m, "/catalog/titles/series/60030356/seasons/60030356?expand=@discs"))
	series := season.link(t, "The Sopranos")
	if series.Href != "http://api.netflix.com/catalog/titles/series/60030356" || series.Rel != "http://schemas.netflix.com/catalog/titles.series" {
		t.Errorf("the season's link to its series: %+v", series)
	}
	discs := season.link(t, "discs")
	if len(discs.Links) != 4 || discs.Links[3].Title != "The Sopranos: Season 1: Disc 4" {
		t.Errorf("expanded discs: %+v", discs.Links)
	}
	l = catXML[catList](t, catOK(t, m, "/catalog/titles/series/60030356/discs"))
	if got := catIDs(l.Titles); len(got) != 4 || got[0] != "/catalog/titles/discs/60003464" {
		t.Errorf("the series' discs: %v", got)
	}
	disc := catXML[catTitle](t, catOK(t, m, "/catalog/titles/discs/60003465"))
	if disc.link(t, "The Sopranos: Season 1").Rel != "http://schemas.netflix.com/catalog/titles.season" {
		t.Errorf("the disc's link to its season")
	}
}

// Unknown, malformed and wrong-kind ids answer 404 with the status body, on the title, its
// sub-resources, the season and the series lists.
func TestUnknownTitlesAnswer404(t *testing.T) {
	m := newMock(t)
	for _, target := range []string{
		"/catalog/titles/movies/99999999", "/catalog/titles/movies/NOT.A.VALID.ID", "/catalog/titles/movies/070113539",
		"/catalog/titles/series/60001220", "/catalog/titles/programs/60001220", "/catalog/titles/discs/89000007",
		"/catalog/titles/movies/70142415/synopsis", "/catalog/titles/series/60001220/cast?output=json",
		"/catalog/titles/series/70142415/seasons/60030356", "/catalog/titles/series/60001220/seasons/60001220",
		"/catalog/titles/series/60001220/episodes", "/catalog/titles/series/70142415/seasons/1/discs",
		"/catalog/people/1", "/catalog/people/x/filmography",
	} {
		a := catGet(t, m, target, nil)
		if a.status != http.StatusNotFound || !strings.Contains(string(a.body), "Resource Not Found") {
			t.Errorf("GET %s: %d %.200s", target, a.status, a.body)
		}
	}
}

// Each version links what it has: Jaws in 1.x as recorded; 2.0 adds the short synopsis after
// the synopsis; expand puts the sub-document inside its link; an unknown name answers 400.
func TestLinksAndExpansions(t *testing.T) {
	m := newMock(t, mockserver.WithDate(spec.MustDay("2010-06-01")))
	titles := func(ct catTitle) []string {
		var out []string
		for _, l := range ct.Links {
			out = append(out, l.Title)
		}
		return out
	}
	recorded := []string{"synopsis", "bonus materials", "cast", "directors", "formats", "awards", "screen formats",
		"languages and audio", "similars", "web page"}
	ct := catXML[catTitle](t, catOK(t, m, "/catalog/titles/movies/60001220?v=1.5"))
	if got := titles(ct); !slices.Equal(got, recorded) {
		t.Errorf("1.5 links %q", got)
	}
	ct = catXML[catTitle](t, catOK(t, m, "/catalog/titles/movies/60001220?v=2.0&expand=@synopsis,@cast,@short_synopsis"))
	if got := titles(ct); !slices.Equal(got, slices.Insert(slices.Clone(recorded), 1, "short synopsis")) {
		t.Errorf("2.0 links %q", got)
	}
	if s := string(ct.link(t, "synopsis").Inner); !strings.Contains(s, "<synopsis>Jaws is a 1975 movie of 125 minutes, rated PG.") ||
		!strings.Contains(s, `&lt;a href="http://www.netflix.com/RoleDisplay/Steven_Spielberg/87835"&gt;Steven Spielberg&lt;/a&gt;`) {
		t.Errorf("expanded synopsis %s", s)
	}
	if s := string(ct.link(t, "cast").Inner); strings.Count(s, "<person>") != 7 || !strings.Contains(s, "<name>Roy Scheider</name>") {
		t.Errorf("expanded cast %s", s)
	}
	if s := string(ct.link(t, "short synopsis").Inner); strings.TrimSpace(s) != "<short_synopsis>Jaws is a 1975 movie of 125 minutes, rated PG.</short_synopsis>" {
		t.Errorf("expanded short synopsis %s", s)
	}
	for _, target := range []string{"/catalog/titles/movies/60001220?expand=@short_synopsis", "/catalog/titles/movies/60001220?v=2.0&expand=@synopsis,@formats",
		"/catalog/titles?term=jaws&expand=@nothing&output=json"} {
		a := catGet(t, m, target, nil)
		if a.status != http.StatusBadRequest || !strings.Contains(string(a.body), "Invalid expand") {
			t.Errorf("GET %s: %d %s", target, a.status, a.body)
		}
	}
}
