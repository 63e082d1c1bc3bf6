package validate_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/flixconf/flixconf/internal/oauth1"
	"github.com/flixconf/flixconf/mockserver"
	"github.com/flixconf/flixconf/spec/validate"
)

// BenchmarkValidateTitle validates the mock's 1.0 answer for a catalog title (Jaws), in XML
// and in JSON: the suite's cost per answer, which make bench reports as a median.
func BenchmarkValidateTitle(b *testing.B) {
	m, err := mockserver.New(mockserver.WithCatalogSize(0))
	if err != nil {
		b.Fatal(err)
	}
	v, err := validate.New("1.0")
	if err != nil {
		b.Fatal(err)
	}
	for _, form := range []struct{ name, target string }{
		{"xml", "/catalog/titles/movies/60001220"},
		{"json", "/catalog/titles/movies/60001220?output=json"},
	} {
		target := form.target
		b.Run(form.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, target, nil)
			if err := (&oauth1.Signer{Consumer: oauth1.Credentials{Key: "flixconf-app-key", Secret: "flixconf-app-secret"}}).Sign(req); err != nil {
				b.Fatal(err)
			}
			w := httptest.NewRecorder()
			m.ServeHTTP(w, req)
			body := w.Body.Bytes()
			ask := httptest.NewRequest(http.MethodGet, "http://api-public.netflix.com"+target, nil)
			if vs := v.Response(ask, w.Code, w.Header(), body); w.Code != 200 || len(vs) > 0 {
				b.Fatalf("%d %v", w.Code, vs)
			}
			b.ReportAllocs()
			for b.Loop() {
				v.Response(ask, w.Code, w.Header(), body)
			}
		})
	}
}
