package mockserver_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/flixconf/flixconf/internal/testshared"
	"github.com/flixconf/flixconf/mockserver"
	"github.com/flixconf/flixconf/spec"
)

func newMock(t testing.TB, opts ...mockserver.Option) *mockserver.Server {
	t.Helper()
	m, err := mockserver.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// get answers one GET, signed with the demo key as the catalog's "signed" level asks; host,
// when given, is the Host the request addresses.
func get(t *testing.T, h http.Handler, target, host string, header http.Header) *http.Response {
	t.Helper()
	return do(t, h, request{method: http.MethodGet, target: target, host: host, header: header, auth: signed})
}

func body(t *testing.T, r *http.Response) []byte {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// tokens flattens an XML document into its elements, attributes and non-blank text, in
// order, so that two documents compare regardless of indentation and attribute line breaks.
func tokens(t *testing.T, doc []byte) []string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	var out []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("parsing XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			out = append(out, "<"+tok.Name.Local)
			attrs := make([]string, 0, len(tok.Attr))
			for _, a := range tok.Attr {
				attrs = append(attrs, fmt.Sprintf("@%s=%s", a.Name.Local, a.Value))
			}
			slices.Sort(attrs)
			out = append(out, attrs...)
		case xml.EndElement:
			out = append(out, ">"+tok.Name.Local)
		case xml.CharData:
			if s := strings.TrimSpace(string(tok)); s != "" {
				out = append(out, "text:"+s)
			}
		}
	}
}

// On a day when its recorded genres were current, and addressed to the host of the time, the
// mock answers Jaws exactly as the real API did: the same elements in the same order, with
// the same attributes and values (flix4r test/fixtures/movies.xml).
func TestJawsMatchesTheRecordedAnswer(t *testing.T) {
	real, err := os.ReadFile(testshared.File(t, "train/flix4r-movies.xml"))
	if err != nil {
		t.Fatal(err)
	}
	m := newMock(t, mockserver.WithDate(spec.MustDay("2010-06-01")))
	resp := get(t, m, "/catalog/titles/movies/60001220", "api.netflix.com", nil)
	got := body(t, resp)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, got)
	}
	if !bytes.HasPrefix(got, []byte(`<?xml version="1.0" standalone="yes"?>`)) {
		t.Errorf("the answer must start with the real API's declaration; got %q", got[:min(len(got), 60)])
	}
	want, have := tokens(t, real), tokens(t, got)
	if !slices.Equal(want, have) {
		for i := range max(len(want), len(have)) {
			var w, h string
			if i < len(want) {
				w = want[i]
			}
			if i < len(have) {
				h = have[i]
			}
			if w != h {
				t.Fatalf("the answer departs from the recorded one at token %d: recorded %q, mock %q", i, w, h)
			}
		}
	}
}

// The JSON form mirrors the XML one: the root is the single key, attributes are keys,
// repeated elements are arrays, scalars are strings.
func TestJSONMirrorsXML(t *testing.T) {
	m := newMock(t)
	resp := get(t, m, "/catalog/titles/movies/60001220?output=json", "", nil)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type %q", ct)
	}
	var doc struct {
		CatalogTitle struct {
			ID          string                          `json:"id"`
			Title       struct{ Short, Regular string } `json:"title"`
			ReleaseYear string                          `json:"release_year"`
			Link        []map[string]string             `json:"link"`
			Category    []map[string]string             `json:"category"`
		} `json:"catalog_title"`
	}
	if err := json.Unmarshal(body(t, resp), &doc); err != nil {
		t.Fatal(err)
	}
	ct := doc.CatalogTitle
	if ct.Title.Short != "Jaws" || ct.ReleaseYear != "1975" || len(ct.Link) != 10 {
		t.Fatalf("unexpected JSON: %+v", ct)
	}
	// On the default day, 2014-11-13, the canonical host is api-public.netflix.com.
	if ct.ID != "http://api-public.netflix.com/catalog/titles/movies/60001220" {
		t.Errorf("id %q", ct.ID)
	}
}

// Facts with a validity window follow the day: Sita Sings the Blues carries the genres the
// 2011 post shows until 2011-06-14 and not from 2011-06-15 (event genres-replaced).
func TestCategoriesFollowTheDay(t *testing.T) {
	m := newMock(t)
	for day, want := range map[string]int{"2011-06-14": 2, "2011-06-15": 0} {
		resp := get(t, m, "/catalog/titles/movies/70113539", "", http.Header{spec.ClockHeader: {day}})
		b := string(body(t, resp))
		if got := resp.Header.Get(spec.ClockHeader); got != day {
			t.Errorf("%s: the answer echoes day %q", day, got)
		}
		if n := strings.Count(b, `label="Indie Dramas"`); n != want {
			t.Errorf("%s: Indie Dramas %d times, want %d", day, n, want)
		}
	}
}

func TestErrorsAnswerTheStatusBody(t *testing.T) {
	m := newMock(t)
	cases := []struct {
		target string
		header http.Header
		status int
		msg    string
	}{
		{"/catalog/titles/movies/99999999", nil, 404, "Resource Not Found"},
		{"/catalog/titles/movies/NOT.A.VALID.ID", nil, 404, "Resource Not Found"},
		{"/no/such/resource", nil, 404, "Resource Not Found"},
		{"/catalog/titles/movies/60001220?output=yaml", nil, 400, `Invalid output "yaml"`},
		{"/catalog/titles/movies/60001220?v=3.0", nil, 400, `Invalid version "3.0"`},
		{"/catalog/titles/movies/60001220", http.Header{spec.ClockHeader: {"yesterday"}}, 400, "Invalid Flixconf-Clock header"},
	}
	for _, c := range cases {
		resp := get(t, m, c.target, "", c.header)
		b := string(body(t, resp))
		if resp.StatusCode != c.status {
			t.Errorf("%s: status %d, want %d", c.target, resp.StatusCode, c.status)
		}
		wantCode := fmt.Sprintf("<status_code>%d</status_code>", c.status)
		if !strings.Contains(b, "<status>") || !strings.Contains(b, wantCode) || !strings.Contains(b, c.msg) {
			t.Errorf("%s: body %q lacks the status body with %q", c.target, b, c.msg)
		}
	}
}

func TestHostsInIDs(t *testing.T) {
	m := newMock(t)
	cases := []struct{ host, day, want string }{
		{"api.netflix.com", "2012-09-14", "http://api.netflix.com/"},
		{"api-public.netflix.com:80", "2012-07-01", "http://api-public.netflix.com/"},
		{"127.0.0.1:8080", "2012-09-14", "http://api.netflix.com/"},
		{"127.0.0.1:8080", "2012-09-15", "http://api-public.netflix.com/"},
	}
	for _, c := range cases {
		b := string(body(t, get(t, m, "/catalog/titles/movies/60001220", c.host, http.Header{spec.ClockHeader: {c.day}})))
		if !strings.Contains(b, "<id>"+c.want+"catalog/titles/movies/60001220</id>") {
			t.Errorf("Host %s on %s: want ids on %s; got %s", c.host, c.day, c.want, b[:min(len(b), 200)])
		}
	}
}

func TestFaults(t *testing.T) {
	if _, err := mockserver.New(mockserver.WithFault("no-such-fault")); err == nil || !strings.Contains(err.Error(), "misspelled-element") {
		t.Fatalf("an unknown fault must be refused, naming the known ones; got %v", err)
	}
	m := newMock(t, mockserver.WithFault("misspelled-element"))
	b := string(body(t, get(t, m, "/catalog/titles/movies/60001220", "", nil)))
	if !strings.Contains(b, "<averge_rating>") || strings.Contains(b, "<average_rating>") {
		t.Fatalf("misspelled-element should rename average_rating; got %s", b)
	}
	for _, name := range mockserver.Faults() {
		if mockserver.FaultDescription(name) == "" {
			t.Errorf("fault %s has no description", name)
		}
	}
}

func TestHealth(t *testing.T) {
	m := newMock(t, mockserver.WithDate(spec.MustDay("2012-09-15")))
	resp := get(t, m, "/_flixconf/health", "", nil)
	if b := string(body(t, resp)); resp.StatusCode != 200 || !strings.Contains(b, `"day": "2012-09-15"`) {
		t.Fatalf("health: %d %s", resp.StatusCode, b)
	}
}
