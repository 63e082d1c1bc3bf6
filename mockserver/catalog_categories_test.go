package mockserver_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/flixconf/flixconf/mockserver"
	"github.com/flixconf/flixconf/spec"
)

// A category resource lists the labels of its scheme: those the catalog's titles carry on the
// day (genres change on 2011-06-15 as the 2011 post says), or a fixed list.
func TestCategoriesFollowTheCatalog(t *testing.T) {
	m := newMock(t, mockserver.WithCatalogSize(0))
	type categories struct {
		Items []struct {
			Scheme string `xml:"scheme,attr"`
			Label  string `xml:"label,attr"`
			Term   string `xml:"term,attr"`
		} `xml:"category"`
	}
	labels := func(target, day string) []string {
		doc := catXML[categories](t, catGet(t, m, target, map[string][]string{spec.ClockHeader: {day}}))
		path, _, _ := strings.Cut(target, "?")
		var out []string
		for _, c := range doc.Items {
			if c.Scheme != "http://api.netflix.com"+path || c.Term != c.Label {
				t.Errorf("%s: category %+v", target, c)
			}
			out = append(out, c.Label)
		}
		return out
	}
	old := labels("/categories/genres", "2010-06-01")
	if !slices.Contains(old, "Classic Thrillers") || !slices.Contains(old, "TV Sketch Comedies") || slices.Contains(old, "Comedy") {
		t.Errorf("genres on 2010-06-01: %q", old)
	}
	if !slices.IsSorted(old) {
		t.Errorf("genres are not sorted: %q", old)
	}
	// The new classification, between 2011-06-15 and the categories' removal on 2011-10-14.
	if now := labels("/categories/genres", "2011-09-01"); !slices.Contains(now, "Comedy") || slices.Contains(now, "Classic Thrillers") {
		t.Errorf("genres on 2011-09-01: %q", now)
	}
	for target, want := range map[string][]string{
		"/categories/mpaa_ratings":         {"G", "NR", "PG", "PG-13", "R", "UR"},
		"/categories/tv_ratings":           {"TV-14", "TV-MA", "TV-PG"},
		"/categories/title_formats?v=2.0":  {"instant", "DVD", "Blu-ray"},
		"/categories/queue_availability":   {"available now", "saved"},
		"/categories/languages":            {"English"},
		"/categories/ca_movie_ratings":     {"G", "PG", "14A", "18A", "R"},
		"/categories/title_states?v=2.0":   {"Play", "Add", "In Queue", "Save", "At Home"},
		"/categories/screen_formats?v=2.0": {"Widescreen", "Standard"},
	} {
		if got := labels(target, "2010-06-01"); !slices.Equal(got, want) {
			t.Errorf("%s: %q, want %q", target, got, want)
		}
	}
}
