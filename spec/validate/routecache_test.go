package validate

import (
	"net/http/httptest"
	"strconv"
	"testing"
)

// The route cache answers as the router does, for paths seen before and paths new to it, and
// never holds more than maxRoutes entries.
func TestRouteCache(t *testing.T) {
	v, err := New("1.0")
	if err != nil {
		t.Fatal(err)
	}
	for round := range 2 {
		for _, c := range []struct{ method, path, op string }{
			{"GET", "/catalog/titles/movies/60001220", "getCatalogTitlesMoviesById"},
			{"GET", "/catalog/titles/series/70142415/seasons/70142415", "getCatalogTitlesSeriesByIdSeasonsBySeasonId"},
			{"POST", "/users/abc/queues/disc", "postUsersByUserIdQueuesDisc"},
			{"GET", "/no/such/path", ""},
		} {
			op, err := v.Operation(httptest.NewRequest(c.method, c.path, nil))
			if op != c.op || (c.op == "") != (err != nil) {
				t.Errorf("round %d: %s %s = %q, %v; want %q", round, c.method, c.path, op, err, c.op)
			}
		}
	}
	for i := range maxRoutes + 10 {
		if _, err := v.Operation(httptest.NewRequest("GET", "/catalog/titles/movies/"+strconv.Itoa(i), nil)); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(v.routes.m); n == 0 || n > maxRoutes {
		t.Fatalf("the cache holds %d routes; at most %d", n, maxRoutes)
	}
}
