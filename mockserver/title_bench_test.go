package mockserver_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/flixconf/flixconf/internal/oauth1"
)

// BenchmarkSignedTitle answers the signed 1.0 catalog title that make bench loads the mock
// with, in-process: the mock's own cost per request, signature check included, without the
// network and the load generator.
func BenchmarkSignedTitle(b *testing.B) {
	m := newMock(b)
	for _, target := range []string{"/catalog/titles/movies/60001220", "/catalog/titles/movies/60001220?output=json"} {
		b.Run(target, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, target, nil)
				if err := (&oauth1.Signer{Consumer: demoKey}).Sign(req); err != nil {
					b.Fatal(err)
				}
				w := httptest.NewRecorder()
				m.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("%d %s", w.Code, w.Body)
				}
			}
		})
	}
}

// BenchmarkSearch answers the search page and the autocomplete that make bench loads the mock
// with, on the default catalog (the fixtures and 10,000 synthetic titles).
func BenchmarkSearch(b *testing.B) {
	m := newMock(b)
	for _, c := range []struct{ name, target string }{
		{"titles", "/catalog/titles?term=the&max_results=25"},
		{"autocomplete", "/catalog/titles/autocomplete?term=the&oauth_consumer_key=" + demoKey.Key},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, c.target, nil)
				if c.name == "titles" {
					if err := (&oauth1.Signer{Consumer: demoKey}).Sign(req); err != nil {
						b.Fatal(err)
					}
				}
				w := httptest.NewRecorder()
				m.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("%d %s", w.Code, w.Body)
				}
			}
		})
	}
}
