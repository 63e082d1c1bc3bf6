package mockserver_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/flixconf/flixconf/mockserver"
	"github.com/flixconf/flixconf/spec"
)

// catSamples fill the path parameters and required query parameters of the catalog's
// operations with fixtures that have content: The Sarah Silverman Program and its second
// season (episodes), a Sarah Silverman episode, a disc of The Sopranos, Jaws and Roy Scheider.
var catSamples = strings.NewReplacer(
	"/movies/{id}", "/movies/60001220",
	"/series/{id}", "/series/70142415",
	"{season_id}", "89000102",
	"/programs/{id}", "/programs/89000007",
	"/discs/{id}", "/discs/60003464",
	"{person_id}", "82729",
)

var catTerms = map[string]string{
	"/catalog/titles":              "term=the",
	"/catalog/titles/autocomplete": "term=the",
	"/catalog/people":              "term=roy",
}

// Every catalog operation of every version answers 200, in each representation its
// description gives, with a body that conforms; the validator finds each operation the
// request was meant for.
func TestEveryCatalogOperationConforms(t *testing.T) {
	m := newMock(t, mockserver.WithCatalogSize(50))
	for _, v := range spec.Versions() {
		ops, err := spec.Operations(v)
		if err != nil {
			t.Fatal(err)
		}
		covered := 0
		for _, op := range ops {
			if !strings.HasPrefix(op.Path, "/catalog/") && !strings.HasPrefix(op.Path, "/categories/") {
				continue
			}
			covered++
			for _, rep := range op.Representations {
				target := catSamples.Replace(op.Path) + "?v=" + v
				if q := catTerms[op.Path]; q != "" {
					target += "&" + q
				}
				if rep == "application/json" {
					target += "&output=json"
				}
				if got, err := catValidator(t, v).Operation(httptest.NewRequest(http.MethodGet, "http://api.netflix.com"+target, nil)); err != nil || got != op.ID {
					t.Errorf("API %s: %s routes to %q (%v), want %s", v, target, got, err, op.ID)
				}
				a := catGet(t, m, target, nil)
				if a.status != http.StatusOK {
					t.Errorf("API %s: GET %s: status %d: %.300s", v, target, a.status, a.body)
				}
				if ct := a.header.Get("Content-Type"); !strings.HasPrefix(ct, rep) {
					t.Errorf("API %s: GET %s: Content-Type %q, want %s", v, target, ct, rep)
				}
			}
		}
		want := map[string]int{"1.0": 71, "1.5": 72, "2.0": 76}[v]
		if covered != want {
			t.Errorf("API %s: %d catalog operations, want %d", v, covered, want)
		}
	}
}

// Every expansion name of each version, alone and all together, on a title of each kind and
// on the lists that take expand, answers a conforming document in XML and JSON.
func TestEveryExpansionConforms(t *testing.T) {
	m := newMock(t, mockserver.WithCatalogSize(50))
	names := map[string][]string{
		"1.0": {"@title", "@box_art", "@synopsis", "@format_availability", "@screen_formats", "@cast", "@directors",
			"@languages_and_audio", "@awards", "@similars", "@bonus_materials", "@seasons", "@episodes", "@discs"},
	}
	names["1.5"] = names["1.0"]
	names["2.0"] = append([]string{"@short_synopsis"}, names["1.0"]...)
	targets := []string{
		"/catalog/titles/movies/60001220", "/catalog/titles/series/60030356", "/catalog/titles/series/70142415",
		"/catalog/titles/series/60030356/seasons/60030356", "/catalog/titles/programs/89000007",
		"/catalog/titles/discs/60003464", "/catalog/titles?term=sopranos", "/catalog/titles/series/70142415/episodes",
		"/catalog/titles/series/60030356/seasons/60030356/discs",
	}
	for v, list := range names {
		for _, target := range targets {
			sep := "?"
			if strings.Contains(target, "?") {
				sep = "&"
			}
			for _, exp := range append(list, strings.Join(list, ",")) {
				for _, out := range []string{"", "&output=json"} {
					a := catGet(t, m, target+sep+"v="+v+"&expand="+exp+out, nil)
					if a.status != http.StatusOK {
						t.Errorf("GET %s: status %d", a.target, a.status)
					}
				}
			}
		}
	}
}
