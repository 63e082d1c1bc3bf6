package mockserver_test

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/flixconf/flixconf/mockserver"
	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/spec/timeline"
	"github.com/flixconf/flixconf/spec/validate"
)

// catAnswer is one answer of the mock to a catalog request.
type catAnswer struct {
	target string
	status int
	header http.Header
	body   []byte
}

// catValidatorCache holds one validator per version: loading a description takes a while.
var catValidatorCache sync.Map

func catValidator(t testing.TB, version string) *validate.Validator {
	t.Helper()
	if v, ok := catValidatorCache.Load(version); ok {
		return v.(*validate.Validator)
	}
	v, err := validate.New(version)
	if err != nil {
		t.Fatal(err)
	}
	cached, _ := catValidatorCache.LoadOrStore(version, v)
	return cached.(*validate.Validator)
}

// catVersion is the API version a target asks for: its v parameter, 1.0 when absent.
func catVersion(target string) string {
	u, err := url.Parse(target)
	if err != nil || u.Query().Get("v") == "" {
		return "1.0"
	}
	return u.Query().Get("v")
}

// catGet answers a GET of target, signed with the demo key (autocomplete with the consumer
// key alone, its level), and fails the test unless the answer conforms to the description of
// the version the target asks for.
func catGet(t *testing.T, h http.Handler, target string, header http.Header) catAnswer {
	t.Helper()
	if header.Get(spec.ClockHeader) == "" {
		if day := catLiveDay(t, target); day != "" {
			header = header.Clone()
			if header == nil {
				header = http.Header{}
			}
			header.Set(spec.ClockHeader, day)
		}
	}
	r := request{method: http.MethodGet, target: target, header: header, auth: signed}
	if strings.HasPrefix(target, "/catalog/titles/autocomplete") {
		r.auth = anonymous
		r.target += "&oauth_consumer_key=" + demoKey.Key
	}
	resp := do(t, h, r)
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	a := catAnswer{target: target, status: resp.StatusCode, header: resp.Header, body: b}
	catConforms(t, a)
	return a
}

// catDays are the days a catalog request is sent on when its test names none and its
// operation does not answer on the mock's default day, in order of preference: the first on
// which the timeline says it answers. 2012-09-01 has the old and the new index files; the
// categories answer only before 2011-10-14.
var catDays = []string{"2012-09-01", "2011-06-01"}

var catTimeline = sync.OnceValues(timeline.Load)

// catLiveDay is a day on which the operation target addresses answers.
func catLiveDay(t *testing.T, target string) string {
	t.Helper()
	tl, err := catTimeline()
	if err != nil {
		t.Fatal(err)
	}
	v := catVersion(target)
	op, err := catValidator(t, v).Operation(httptest.NewRequest(http.MethodGet, "http://api.netflix.com"+target, nil))
	if err != nil {
		return "" // not an operation: the test expects a 404 on any day
	}
	live := func(day spec.Day) bool {
		_, removed := tl.OperationRemoved(v, op, day)
		return !removed && tl.VersionLaunched("1.0", day)
	}
	if live(mockserver.DefaultDate) {
		return ""
	}
	for _, d := range catDays {
		if live(spec.MustDay(d)) {
			return d
		}
	}
	t.Fatalf("%s answers on none of %v", target, catDays)
	return ""
}

// catConforms fails the test, one line per violation, unless the answer conforms.
func catConforms(t testing.TB, a catAnswer) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "http://api.netflix.com"+a.target, nil)
	if vs := catValidator(t, catVersion(a.target)).Response(req, a.status, a.header, a.body); len(vs) > 0 {
		lines := make([]string, len(vs))
		for i, v := range vs {
			lines[i] = v.String()
		}
		t.Errorf("GET %s (%d) does not conform:\n  %s\n%.400s", a.target, a.status, strings.Join(lines, "\n  "), a.body)
	}
}

// catOK is catGet that also requires a 200.
func catOK(t *testing.T, h http.Handler, target string) catAnswer {
	t.Helper()
	a := catGet(t, h, target, nil)
	if a.status != http.StatusOK {
		t.Fatalf("GET %s: status %d, want 200: %.300s", target, a.status, a.body)
	}
	return a
}

// catXML decodes an XML answer.
func catXML[T any](t *testing.T, a catAnswer) T {
	t.Helper()
	var v T
	if err := xml.Unmarshal(a.body, &v); err != nil {
		t.Fatalf("GET %s: %v", a.target, err)
	}
	return v
}

// catJSON decodes a JSON answer.
func catJSON(t *testing.T, a catAnswer) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(a.body, &m); err != nil {
		t.Fatalf("GET %s: not JSON: %v", a.target, err)
	}
	return m
}

// catLink and catTitle are the parts of catalog answers the tests read.
type catLink struct {
	Href  string    `xml:"href,attr"`
	Rel   string    `xml:"rel,attr"`
	Title string    `xml:"title,attr"`
	Links []catLink `xml:"link"`
	// Inner is what an expansion put inside the link.
	Inner []byte `xml:",innerxml"`
}

type catTitle struct {
	ID    string `xml:"id"`
	Names struct {
		Short   string `xml:"short,attr"`
		Regular string `xml:"regular,attr"`
	} `xml:"title"`
	Links   []catLink `xml:"link"`
	Season  string    `xml:"season_number"`
	Episode string    `xml:"episode_number"`
	Updated string    `xml:"updated"`
}

type catList struct {
	Links   []catLink  `xml:"link"`
	URL     string     `xml:"url_template"`
	Total   int        `xml:"number_of_results"`
	Start   int        `xml:"start_index"`
	PerPage int        `xml:"results_per_page"`
	Titles  []catTitle `xml:"catalog_title"`
	Similar []catTitle `xml:"similars_item"`
}

// link returns the title's link with the given title attribute.
func (ct catTitle) link(t *testing.T, title string) catLink {
	t.Helper()
	for _, l := range ct.Links {
		if l.Title == title {
			return l
		}
	}
	t.Fatalf("%s has no link titled %q", ct.ID, title)
	return catLink{}
}

// ids lists the titles' ids without their host.
func catIDs(ts []catTitle) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.ID[strings.Index(t.ID, "/catalog/"):]
	}
	return out
}
