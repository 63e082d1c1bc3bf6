package mockserver_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/flixconf/flixconf/mockserver"
	"github.com/flixconf/flixconf/spec"
)

// A search answers the recorded document (flix4r titles.xml): the index and autocomplete
// links first, the url_template, the counts, then the titles, Jaws first for "jaws" in any
// case.
func TestSearchFindsJaws(t *testing.T) {
	m := newMock(t, mockserver.WithDate(spec.MustDay("2010-06-01")))
	for _, term := range []string{"jaws", "JAWS", "Jaws"} {
		l := catXML[catList](t, catOK(t, m, "/catalog/titles?term="+term))
		if len(l.Titles) == 0 || l.Titles[0].ID != "http://api.netflix.com/catalog/titles/movies/60001220" {
			t.Fatalf("term %q: %v", term, catIDs(l.Titles))
		}
		if l.URL != "http://api.netflix.com/catalog/titles?{-join|&|term|start_index|max_results}" {
			t.Errorf("url_template %q", l.URL)
		}
		if len(l.Links) != 2 || l.Links[0].Title != "index" || l.Links[0].Href != "http://api.netflix.com/catalog/titles/index" ||
			l.Links[1].Title != "autocomplete" || l.Links[1].Rel != "http://schemas.netflix.com/catalog/titles/autocomplete" {
			t.Errorf("links %+v", l.Links)
		}
		if l.Total != 1 || l.Start != 0 || l.PerPage != 1 {
			t.Errorf("counts %d %d %d", l.Total, l.Start, l.PerPage)
		}
	}
}

// Paging keeps a stable order: "amberine" names 248 titles of the default catalog, whose
// pages of 100 are 100, 100 and 48 titles, that together hold each title once; the default
// page is 25; a page beyond the end is empty but still counts the results; the documented
// limits (max_results 1 to 100) are enforced with 400.
func TestSearchPaging(t *testing.T) {
	m := newMock(t)
	var all []string
	for _, p := range []struct {
		query       string
		start, size int
	}{
		{"", 0, 25},
		{"&start_index=0&max_results=100", 0, 100},
		{"&start_index=100&max_results=100", 100, 100},
		{"&start_index=200&max_results=100", 200, 48},
		{"&start_index=300", 300, 0},
	} {
		l := catXML[catList](t, catOK(t, m, "/catalog/titles?term=amberine"+p.query))
		if l.Total != 248 || l.Start != p.start || l.PerPage != p.size || len(l.Titles) != p.size {
			t.Errorf("%q: %d of %d from %d (%d per page), want %d from %d", p.query, len(l.Titles), l.Total, l.Start, l.PerPage, p.size, p.start)
		}
		if p.size == 100 || p.start == 200 {
			all = append(all, catIDs(l.Titles)...)
		}
	}
	if sorted := slices.Compact(slices.Sorted(slices.Values(all))); len(all) != 248 || len(sorted) != 248 {
		t.Errorf("the pages hold %d titles, %d distinct; want 248", len(all), len(sorted))
	}
	middle := catXML[catList](t, catOK(t, m, "/catalog/titles?term=amberine&start_index=150&max_results=10"))
	if got := catIDs(middle.Titles); !slices.Equal(got, all[150:160]) {
		t.Errorf("a middle page %v, want %v", got, all[150:160])
	}
	for _, q := range []string{"&max_results=101", "&max_results=0", "&start_index=-1", "&max_results=x"} {
		if a := catGet(t, m, "/catalog/titles?term=amberine"+q, nil); a.status != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", q, a.status)
		}
	}
	if a := catGet(t, m, "/catalog/titles?output=json", nil); a.status != http.StatusBadRequest || !strings.Contains(string(a.body), "term") {
		t.Errorf("no term: %d %s", a.status, a.body)
	}
}

// 2.0's filters keeps the titles of one format on the day; 1.x lists seasons where 2.0 lists
// their series (the New Series Model).
func TestSearchFiltersAndVersions(t *testing.T) {
	m := newMock(t, mockserver.WithCatalogSize(0), mockserver.WithDate(spec.MustDay("2012-06-01")))
	cases := []struct {
		query string
		want  []string
	}{
		{"v=2.0&filters=http://api.netflix.com/categories/title_formats/instant", []string{
			"/catalog/titles/series/70142415", "/catalog/titles/series/89100000", "/catalog/titles/series/89200000",
			"/catalog/titles/movies/70113539"}},
		{"v=2.0&filters=http://api-public.netflix.com/categories/title_formats/disc", []string{
			"/catalog/titles/series/89100000", "/catalog/titles/series/89200000", "/catalog/titles/movies/70105135",
			"/catalog/titles/movies/60000209", "/catalog/titles/movies/70018295", "/catalog/titles/movies/70108988"}},
		{"v=1.0&term=sopranos", []string{"/catalog/titles/series/60030356/seasons/60030356",
			"/catalog/titles/series/60030356/seasons/70020010", "/catalog/titles/series/60030356/seasons/70058397"}},
		{"v=2.0&term=sopranos", []string{"/catalog/titles/series/60030356"}},
	}
	for _, c := range cases {
		target := "/catalog/titles?max_results=100&" + c.query
		if !strings.Contains(c.query, "term=") {
			target += "&term=the"
		}
		if got := catIDs(catXML[catList](t, catOK(t, m, target)).Titles); !slices.Equal(got, c.want) {
			t.Errorf("%s:\n%v\nwant\n%v", c.query, got, c.want)
		}
	}
	if a := catGet(t, m, "/catalog/titles?v=2.0&term=the&filters=http://api.netflix.com/categories/genres", nil); a.status != http.StatusBadRequest {
		t.Errorf("an unknown filter: status %d", a.status)
	}
}

// Autocomplete takes the consumer key alone and lists the distinct short names that start
// with the term, then those that contain it.
func TestAutocomplete(t *testing.T) {
	m := newMock(t, mockserver.WithCatalogSize(0), mockserver.WithDate(spec.MustDay("2012-06-01")))
	type autocomplete struct {
		URL   string `xml:"url_template"`
		Items []struct {
			Title struct {
				Short string `xml:"short,attr"`
			} `xml:"title"`
		} `xml:"autocomplete_item"`
	}
	for _, c := range []struct {
		query string
		want  []string
	}{
		{"term=sa&v=2.0", []string{"Sanctum", "The Sarah Silverman Program"}},
		{"term=sa", []string{"Sanctum", "The Sarah Silverman Program: Season 1", "The Sarah Silverman Program: Season 2"}},
		{"term=the%20s&v=2.0&max_results=1", []string{"The Sarah Silverman Program"}},
		{"term=the%20s&v=2.0&start_index=1", []string{"The Sopranos", "The Sea Inside"}},
	} {
		doc := catXML[autocomplete](t, catOK(t, m, "/catalog/titles/autocomplete?"+c.query))
		var names []string
		for _, it := range doc.Items {
			names = append(names, it.Title.Short)
		}
		if !slices.Equal(names, c.want) {
			t.Errorf("%s: %q, want %q", c.query, names, c.want)
		}
		if doc.URL != "http://api.netflix.com/catalog/titles/autocomplete?{-join|&|term}" {
			t.Errorf("url_template %q", doc.URL)
		}
	}
}

// People: a search by name, one person, and a filmography of the listed titles naming them.
func TestPeople(t *testing.T) {
	m := newMock(t, mockserver.WithCatalogSize(0), mockserver.WithDate(spec.MustDay("2010-06-01")))
	found := catXML[catPeople](t, catOK(t, m, "/catalog/people?term=SCHEIDER"))
	if len(found.People) != 1 || found.People[0].ID != "http://api.netflix.com/catalog/people/82729" {
		t.Errorf("people named scheider: %+v", found.People)
	}
	if one := catOK(t, m, "/catalog/people/87835?output=json"); !strings.Contains(string(one.body), `"name":"Steven Spielberg"`) {
		t.Errorf("person 87835: %s", one.body)
	}
	for _, c := range []struct {
		target string
		want   []string
	}{
		{"/catalog/people/87835/filmography", []string{"/catalog/titles/movies/60001220"}},
		{"/catalog/people/89900001/filmography?v=2.0", []string{"/catalog/titles/series/89100000", "/catalog/titles/series/89200000"}},
		{"/catalog/people/185930/filmography", nil},
	} {
		if got := catIDs(catXML[catList](t, catOK(t, m, c.target)).Titles); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.target, got, c.want)
		}
	}
}
