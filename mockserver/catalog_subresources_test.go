package mockserver_test

import (
	"encoding/xml"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/flixconf/flixconf/internal/testshared"
	"github.com/flixconf/flixconf/mockserver"
	"github.com/flixconf/flixconf/spec"
)

// catPeople is a people document as the tests read it.
type catPeople struct {
	People []struct {
		ID    string    `xml:"id"`
		Name  string    `xml:"name"`
		Links []catLink `xml:"link"`
	} `xml:"person"`
}

// On a day of the recordings and on their host, Jaws's cast and directors are the recorded
// ones (flix4r cast.xml and directors.xml): the same people in the same order, with the same
// ids, names and links. The recorded bios are not carried over.
func TestCastAndDirectorsMatchTheRecordings(t *testing.T) {
	m := newMock(t, mockserver.WithDate(spec.MustDay("2010-06-01")))
	for _, c := range []struct{ sub, file string }{{"cast", "train/flix4r-cast.xml"}, {"directors", "train/flix4r-directors.xml"}} {
		raw, err := os.ReadFile(testshared.File(t, c.file))
		if err != nil {
			t.Fatal(err)
		}
		var recorded catPeople
		if err := xml.Unmarshal(raw, &recorded); err != nil {
			t.Fatal(err)
		}
		a := catOK(t, m, "/catalog/titles/movies/60001220/"+c.sub)
		got := catXML[catPeople](t, a)
		if len(got.People) != len(recorded.People) {
			t.Fatalf("%s: %d people, recorded %d", c.sub, len(got.People), len(recorded.People))
		}
		for i, want := range recorded.People {
			p := got.People[i]
			if p.ID != want.ID || p.Name != want.Name || len(p.Links) != len(want.Links) {
				t.Errorf("%s %d: %s %q, recorded %s %q", c.sub, i, p.ID, p.Name, want.ID, want.Name)
				continue
			}
			for j, l := range want.Links {
				if p.Links[j].Href != l.Href || p.Links[j].Rel != l.Rel || p.Links[j].Title != l.Title {
					t.Errorf("%s %s link %d: %+v, recorded %+v", c.sub, p.Name, j, p.Links[j], l)
				}
			}
		}
	}
}

// format_availability gives the windows of the formats the title can be had in that day, in
// epoch seconds: Jaws on DVD from 1998-06-01, streaming from 2009-01-01 until 2013-03-01.
func TestFormatAvailabilityFollowsTheDay(t *testing.T) {
	m := newMock(t)
	for day, want := range map[string][]string{
		"2010-06-01": {`available_from="896659200"`, `label="DVD"`, `available_from="1230768000" available_until="1362096000"`, `label="instant"`},
		"2013-03-01": {`available_from="896659200"`, `label="DVD"`},
	} {
		a := catGet(t, m, "/catalog/titles/movies/60001220/format_availability", map[string][]string{spec.ClockHeader: {day}})
		body := string(a.body)
		if n := strings.Count(body, "<availability "); n != len(want)/2 {
			t.Errorf("%s: %d availabilities, want %d: %s", day, n, len(want)/2, body)
		}
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: no %s in %s", day, w, body)
			}
		}
	}
}

// The other sub-resources: the synopsis from the title's facts, similars by shared genre on
// the day, the documents the description leaves open, and empty ones written as objects.
func TestSubResourceDocuments(t *testing.T) {
	m := newMock(t, mockserver.WithCatalogSize(0), mockserver.WithDate(spec.MustDay("2010-06-01")))
	cases := []struct{ target, want string }{
		{"/catalog/titles/series/70142415/synopsis", "<synopsis>The Sarah Silverman Program is a television series first shown in 2007, told in 22 episodes.</synopsis>"},
		{"/catalog/titles/programs/89000007/synopsis?output=json", `{"synopsis":"Episode 1 of season 2 of The Sarah Silverman Program, \"Bored of the Rings\" (2008), runs 22 minutes."}`},
		{"/catalog/titles/discs/60003464/short_synopsis?v=2.0", "<short_synopsis>Disc 1 of The Sopranos: Season 1, from 1999, holds 220 minutes.</short_synopsis>"},
		// Jaws shares the studio genre with The Office: Season 1 (1.x lists seasons).
		{"/catalog/titles/movies/60001220/similars", "<id>http://api.netflix.com/catalog/titles/series/70023522/seasons/70023522</id>"},
		{"/catalog/titles/movies/60001220/similars?v=2.0&output=json", `"number_of_results":"0"`},
		{"/catalog/titles/movies/60001220/screen_formats", `label="Widescreen"`},
		{"/catalog/titles/movies/60001220/languages_and_audio", `label="Stereo"`},
		{"/catalog/titles/movies/60001220/awards?output=json", `{"awards":{}}`},
		{"/catalog/titles/series/70142415/cast?output=json", `{"people":{}}`},
		{"/catalog/titles/movies/60001220/bonus_materials", "<number_of_results>0</number_of_results>"},
	}
	for _, c := range cases {
		if body := string(catOK(t, m, c.target).body); !strings.Contains(body, c.want) {
			t.Errorf("GET %s: no %s in\n%s", c.target, c.want, body)
		}
	}
	l := catXML[catList](t, catOK(t, m, "/catalog/titles/movies/60001220/similars"))
	if l.Total != 1 || len(l.Similar) != 1 || !strings.HasSuffix(l.URL, "/catalog/titles/movies/60001220/similars?{-join|&|start_index|max_results}") {
		t.Errorf("similars: %+v", l)
	}
	if got := catIDs(l.Similar); !slices.Equal(got, []string{"/catalog/titles/series/70023522/seasons/70023522"}) {
		t.Errorf("similars %v", got)
	}
}
