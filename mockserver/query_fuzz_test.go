package mockserver_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/flixconf/flixconf/internal/oauth1"
	"github.com/flixconf/flixconf/mockserver"
	"github.com/flixconf/flixconf/spec"
)

// fuzzTargets are the resources the query fuzzer addresses: a catalog search, titles and
// their lists (the paging, expand, output and v parameters), the consumer-level autocomplete
// and a user's protected resources. The whole-catalog index is left out: each request would
// stream it all.
var fuzzTargets = []struct {
	path  string
	token *oauth1.Credentials // nil: signed with the demo key alone
}{
	{"/catalog/titles", nil},
	{"/catalog/titles/movies/60001220", nil},
	{"/catalog/titles/series/70142415", nil},
	{"/catalog/titles/series/70142415/episodes", nil},
	{"/catalog/titles/movies/60001220/similars", nil},
	{"/catalog/people", nil},
	{"/catalog/titles/autocomplete", nil},
	{"/users/" + janeID + "/queues/disc", &jane},
	{"/users/" + janeID + "/rental_history", &jane},
	{"/users/" + janeID + "/ratings/title", &jane},
}

// fuzzDays are the simulated days the fuzzer's requests are sent on: before the 2.0 launch,
// the day the catalog tests use, and after the retirement.
var fuzzDays = []string{"2009-06-01", "2012-09-01", "2015-01-01"}

// FuzzQuery sends a raw query of any bytes to the mock's REST resources, signed in the
// Authorization header so that the query reaches the parameter parsing as sent (unsigned when
// the Signer cannot read it). The answer is never a panic nor a 5xx, and its body is what its
// Content-Type says: well-formed XML or valid JSON.
func FuzzQuery(f *testing.F) {
	for _, seed := range []struct {
		target, day uint8
		query       string
	}{
		{0, 1, "term=Jaws&start_index=0&max_results=25&expand=@box_art,@synopsis"},
		{0, 1, "term=Jaws&start_index=-1&max_results=100000000000000000000&output=json&v=2.0"},
		{1, 1, "v=2.0&expand=@short_synopsis,@title&output=json"},
		{1, 1, "v=1.5&expand=@short_synopsis"},
		{3, 1, "v=2.0&start_index=9223372036854775807&max_results=9223372036854775807"},
		{3, 0, "v=2.0&max_results=0&start_index=%2B5"},
		{4, 1, "max_results=%00&start_index=1e3&expand=%20@cast%20,,"},
		{5, 1, "term=%ff%fe&output=atom"},
		{6, 1, "term=ja&oauth_consumer_key=flixconf-app-key"},
		{7, 1, "output=rss&max_results=1&method=GET"},
		{7, 2, "method=delete&v=3.0"},
		{8, 1, "output=xml;v=2.0&%zz"},
		{9, 1, "title_refs=http://api.netflix.com/catalog/titles/movies/60001220&v=1.0&v=2.0"},
	} {
		f.Add(seed.target, seed.day, seed.query)
	}
	m, err := mockserver.New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, target, day uint8, query string) {
		tg := fuzzTargets[int(target)%len(fuzzTargets)]
		req := httptest.NewRequest(http.MethodGet, "http://api.netflix.com"+tg.path, nil)
		req.URL.RawQuery = query
		req.RequestURI = req.URL.RequestURI()
		req.Header.Set(spec.ClockHeader, fuzzDays[int(day)%len(fuzzDays)])
		s := &oauth1.Signer{Consumer: demoKey, Token: tg.token, Placement: oauth1.Header}
		if err := s.Sign(req); err != nil {
			req.Header.Del("Authorization")
		}
		rec := httptest.NewRecorder()
		m.ServeHTTP(rec, req)
		if rec.Code >= 500 || rec.Code < 200 {
			t.Fatalf("%s?%s: status %d: %s", tg.path, query, rec.Code, rec.Body.Bytes())
		}
		if err := wellFormed(rec.Header().Get("Content-Type"), rec.Body.Bytes()); err != nil {
			t.Fatalf("%s?%s: status %d: %v", tg.path, query, rec.Code, err)
		}
	})
}

// wellFormed checks that body parses as the media type names it; other types pass.
func wellFormed(contentType string, body []byte) error {
	mediaType, _, _ := mime.ParseMediaType(contentType)
	switch {
	case strings.HasSuffix(mediaType, "json"):
		if !json.Valid(body) {
			return errors.New("the body is not valid JSON")
		}
	case strings.HasSuffix(mediaType, "xml"):
		d := xml.NewDecoder(bytes.NewReader(body))
		for {
			if _, err := d.Token(); err == io.EOF {
				return nil
			} else if err != nil {
				return err
			}
		}
	}
	return nil
}
