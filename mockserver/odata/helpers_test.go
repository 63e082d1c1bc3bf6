package odata

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/flixconf/flixconf/fixtures"
	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/spec/validate"
)

// defaultTestDay is the day a request without the clock header is answered as of: a day when
// the OData catalog served and the 2011 genres had replaced the old ones.
var defaultTestDay = spec.MustDay("2012-01-02")

var (
	loadCatalog   = sync.OnceValues(fixtures.Load)
	loadValidator = sync.OnceValues(func() (*validate.Validator, error) { return validate.New(spec.ODataName) })
)

func testCatalog(t testing.TB) *fixtures.Catalog {
	t.Helper()
	cat, err := loadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// clockDay is the day function of the tests: the clock header's day, else defaultTestDay.
func clockDay(r *http.Request) spec.Day {
	if d, err := spec.ParseDay(r.Header.Get(spec.ClockHeader)); err == nil {
		return d
	}
	return defaultTestDay
}

// newTestHandler serves the embedded fixtures; pageSize, when positive, replaces the page
// size so that server-driven paging shows on a small catalog.
func newTestHandler(t testing.TB, pageSize int) *handler {
	t.Helper()
	h := New(testCatalog(t), clockDay).(*handler)
	if pageSize > 0 {
		h.pageSize = pageSize
	}
	return h
}

// answer is one recorded answer.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// get answers GET http://odata.netflix.com<target> and validates the answer against the
// OData description: a JSONP answer is validated as the JSON it wraps, and a /v1/Catalog
// answer as the same answer under /Catalog, the base the description routes.
func get(t *testing.T, h http.Handler, target string, header http.Header) answer {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "http://odata.netflix.com"+target, nil)
	for k, vs := range header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	a := answer{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}

	v, err := loadValidator()
	if err != nil {
		t.Fatal(err)
	}
	vreq, vheader, vbody := req, a.header, a.body
	if rest, ok := strings.CutPrefix(req.URL.EscapedPath(), "/v1/Catalog"); ok {
		vreq = httptest.NewRequest(http.MethodGet, "http://odata.netflix.com/Catalog"+rest+"?"+req.URL.RawQuery, nil)
	}
	if p := vreq.URL.EscapedPath(); p == "/Catalog" || p == "/v2/Catalog" {
		vreq = httptest.NewRequest(http.MethodGet, "http://odata.netflix.com"+p+"/?"+req.URL.RawQuery, nil)
	}
	if _, err := v.Operation(vreq); err != nil {
		// A path the description has no operation for may only be refused. Every operation
		// shares one Error answer, so the refusal is validated as GET /Catalog/Titles's.
		if a.status < 400 {
			t.Errorf("GET %s: status %d for a path the description does not have", target, a.status)
		}
		vreq = httptest.NewRequest(http.MethodGet, "http://odata.netflix.com/Catalog/Titles", nil)
	}
	if cb := req.URL.Query().Get("$callback"); cb != "" && strings.HasPrefix(a.header.Get("Content-Type"), "text/javascript") {
		inner, ok := bytes.CutPrefix(a.body, []byte(cb+"("))
		if !ok || !bytes.HasSuffix(inner, []byte(")")) {
			t.Fatalf("GET %s: JSONP body is not %s(...): %.200s", target, cb, a.body)
		}
		vheader = a.header.Clone()
		vheader.Set("Content-Type", jsonContentType)
		vbody = inner[:len(inner)-1]
	}
	for _, viol := range v.Response(vreq, a.status, vheader, vbody) {
		t.Errorf("GET %s: %s", target, viol)
	}
	return a
}

// clock is the header that sets the simulated day.
func clock(day string) http.Header { return http.Header{spec.ClockHeader: {day}} }

// decodeJSON reads a JSON answer.
func decodeJSON(t *testing.T, a answer) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(a.body, &doc); err != nil {
		t.Fatalf("answer is not JSON (%v): %.300s", err, a.body)
	}
	return doc
}

// results reads the entities of a V2 JSON collection.
func results(t *testing.T, a answer) []map[string]any {
	t.Helper()
	d, ok := decodeJSON(t, a)["d"].(map[string]any)
	if !ok {
		t.Fatalf("no d object: %.300s", a.body)
	}
	return entities(t, d["results"])
}

func entities(t *testing.T, v any) []map[string]any {
	t.Helper()
	list, ok := v.([]any)
	if !ok {
		t.Fatalf("not a list of entities: %v", v)
	}
	out := make([]map[string]any, len(list))
	for i, e := range list {
		out[i] = e.(map[string]any)
	}
	return out
}

// field collects one member of every entity.
func field[T any](es []map[string]any, name string) []T {
	out := make([]T, 0, len(es))
	for _, e := range es {
		v, _ := e[name].(T)
		out = append(out, v)
	}
	return out
}

// atomFeed is what the tests read of an Atom feed.
type atomFeed struct {
	Count   int         `xml:"count"`
	Entries []atomEntry `xml:"entry"`
	Links   []atomLink  `xml:"link"`
}

type atomEntry struct {
	ID    string     `xml:"id"`
	Title string     `xml:"title"`
	Links []atomLink `xml:"link"`
	Props struct {
		Inner []byte `xml:",innerxml"`
	} `xml:"properties"`
	Content struct {
		Type  string `xml:"type,attr"`
		Src   string `xml:"src,attr"`
		Props struct {
			Name string `xml:"Name"`
		} `xml:"properties"`
	} `xml:"content"`
}

type atomLink struct {
	Rel    string `xml:"rel,attr"`
	Href   string `xml:"href,attr"`
	Title  string `xml:"title,attr"`
	Inline *struct {
		Feed  *atomFeed  `xml:"feed"`
		Entry *atomEntry `xml:"entry"`
	} `xml:"inline"`
}

func decodeAtom[T any](t *testing.T, a answer) T {
	t.Helper()
	var doc T
	if err := xml.Unmarshal(a.body, &doc); err != nil {
		t.Fatalf("answer is not XML (%v): %.300s", err, a.body)
	}
	return doc
}

func (f atomFeed) titles() []string {
	var out []string
	for _, e := range f.Entries {
		out = append(out, e.Title)
	}
	return out
}

// errorMessage reads the message of an OData error in JSON or XML.
func errorMessage(t *testing.T, a answer) string {
	t.Helper()
	if strings.HasPrefix(a.header.Get("Content-Type"), "application/json") {
		e, _ := decodeJSON(t, a)["error"].(map[string]any)
		m, _ := e["message"].(map[string]any)
		s, _ := m["value"].(string)
		return s
	}
	var doc struct {
		XMLName xml.Name
		Message string `xml:"message"`
	}
	if err := xml.Unmarshal(a.body, &doc); err != nil || doc.XMLName.Local != "error" || doc.XMLName.Space != nsMetadata {
		t.Fatalf("not an OData XML error (%v): %s", err, a.body)
	}
	return doc.Message
}
