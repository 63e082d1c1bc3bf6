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
