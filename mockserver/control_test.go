package mockserver_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/flixconf/flixconf/internal/oauth1"
	"github.com/flixconf/flixconf/mockserver"
	"github.com/flixconf/flixconf/spec"
)

// GET /_flixconf/requests lists the requests received, most recent last, bounded.
func TestJournal(t *testing.T) {
	m := newMock(t, mockserver.WithJournalSize(3))
	for _, id := range []string{"1", "2", "60001220", "70113539"} {
		do(t, m, request{method: "GET", target: "/catalog/titles/movies/" + id, auth: signed})
	}
	var j struct{ Requests []mockserver.JournalEntry }
	if err := json.Unmarshal(body(t, do(t, m, request{method: "GET", target: "/_flixconf/requests"})), &j); err != nil {
		t.Fatal(err)
	}
	if len(j.Requests) != 3 {
		t.Fatalf("the journal keeps %d entries, want its bound 3", len(j.Requests))
	}
	last := j.Requests[2]
	if last.Path != "/catalog/titles/movies/70113539" || last.Status != 200 || last.Key != "flixconf-app-key" || last.Version != "1.0" || last.Day != "2014-11-13" {
		t.Fatalf("last entry: %+v", last)
	}
	if j.Requests[0].Status != 404 {
		t.Fatalf("first kept entry: %+v", j.Requests[0])
	}
}

// With rate limits on, the sixth request of a key in one second answers 403 with the real
// message; the limit counts on the wall clock.
func TestRateLimits(t *testing.T) {
	wall := time.Now()
	m := newMock(t, mockserver.WithRateLimits(5, 0), mockserver.WithWallClock(func() time.Time { return wall }))
	codes := ""
	for range 6 {
		req := request{method: "GET", target: "/catalog/titles/movies/60001220?output=json", auth: signed}
		r := do(t, m, req)
		codes += " " + itoa(r.StatusCode)
		if r.StatusCode == 403 {
			if _, msg := statusOf(t, r); msg != "Service is over queries per second limit" {
				t.Fatalf("message %q", msg)
			}
		}
	}
	if codes != " 200 200 200 200 200 403" {
		t.Fatalf("statuses:%s", codes)
	}
	wall = wall.Add(time.Second)
	if r := do(t, m, request{method: "GET", target: "/catalog/titles/movies/60001220", auth: signed}); r.StatusCode != 200 {
		t.Fatalf("the next second: %d", r.StatusCode)
	}
}

// POST /_flixconf/keys issues a key that signs requests at once.
func TestKeyRegistration(t *testing.T) {
	m := newMock(t, mockserver.WithDate(spec.MustDay("2013-03-07")))
	r := do(t, m, request{method: "POST", target: "/_flixconf/keys", form: url.Values{"application": {"My Queue Manager"}}})
	var k struct{ Key, Secret, Application string }
	if err := json.Unmarshal(body(t, r), &k); err != nil || r.StatusCode != 201 || k.Application != "My Queue Manager" {
		t.Fatalf("issue key: %d %+v %v", r.StatusCode, k, err)
	}
	req := httptestRequest("GET", "/catalog/titles/movies/60001220")
	(&oauth1.Signer{Consumer: oauth1.Credentials{Key: k.Key, Secret: k.Secret}}).Sign(req)
	if rec := serve(m, req); rec.Code != 200 {
		t.Fatalf("a request signed with the new key: %d", rec.Code)
	}
}

// WithSelfLinks makes ids and links name the mock's own address.
func TestSelfLinks(t *testing.T) {
	m := newMock(t, mockserver.WithSelfLinks())
	b := string(body(t, do(t, m, request{method: "GET", target: "/catalog/titles/movies/60001220", host: "127.0.0.1:9999", auth: signed})))
	if !strings.Contains(b, "<id>http://127.0.0.1:9999/catalog/titles/movies/60001220</id>") {
		t.Fatalf("self links: %s", b)
	}
}

// OData answers on its host, and on the mock's own address under /Catalog/.
func TestODataRouting(t *testing.T) {
	m := newMock(t, mockserver.WithCatalogSize(0), mockserver.WithDate(spec.MustDay("2013-04-07")))
	for _, r := range []request{
		{method: "GET", target: "/Catalog/Titles?$format=json&$top=1", host: "odata.netflix.com"},
		{method: "GET", target: "/v2/Catalog/Titles?$format=json&$top=1", host: "127.0.0.1:8080"},
	} {
		resp := do(t, m, r)
		b := string(body(t, resp))
		if resp.StatusCode != 200 || !strings.Contains(b, `"results"`) {
			t.Errorf("%s %s: %d %.200s", r.host, r.target, resp.StatusCode, b)
		}
	}
}

// A strict mock refuses a request that departs from the description or the OAuth rules with
// 400, the finding as its message and in the Flixconf-Finding header, and lists it.
func TestStrictMode(t *testing.T) {
	m := newMock(t, mockserver.WithStrict(nil))
	if r := do(t, m, request{method: "GET", target: "/catalog/titles/movies/60001220", auth: signed}); r.StatusCode != 200 {
		t.Fatalf("a conforming request: %d %s", r.StatusCode, body(t, r))
	}
	r := do(t, m, request{method: "GET", target: "/catalog/titles/movies/60001220?colour=red", auth: signed})
	if r.StatusCode != 400 || !strings.Contains(r.Header.Get(mockserver.FindingHeader), "/query/colour: unknown parameter") {
		t.Fatalf("an unknown parameter: %d %q %s", r.StatusCode, r.Header.Get(mockserver.FindingHeader), body(t, r))
	}
	r = do(t, m, request{method: "GET", target: "/catalog/titles/movies/60001220"})
	if r.StatusCode != 400 || !strings.Contains(r.Header.Get(mockserver.FindingHeader), "Missing Required OAuth Parameter") {
		t.Fatalf("an unsigned request: %d %q", r.StatusCode, r.Header.Get(mockserver.FindingHeader))
	}
	var f struct {
		Strict   bool
		Findings []mockserver.Finding
	}
	json.Unmarshal(body(t, do(t, m, request{method: "GET", target: "/_flixconf/findings"})), &f)
	if !f.Strict || len(f.Findings) != 2 || f.Findings[0].Rule != "description" || f.Findings[1].Rule != "oauth" {
		t.Fatalf("findings: %+v", f)
	}
}

// The clock's precedence: the request's Flixconf-Clock header, then the day set with PUT
// /_flixconf/clock, then --date (WithDate), then the default; every answer echoes its day.
func TestClockPrecedence(t *testing.T) {
	m := newMock(t, mockserver.WithDate(spec.MustDay("2010-01-01")))
	day := func(h http.Header) string {
		return do(t, m, request{method: "GET", target: "/catalog/titles/movies/60001220", auth: signed, header: h}).Header.Get(spec.ClockHeader)
	}
	if d := day(nil); d != "2010-01-01" {
		t.Fatalf("--date: %s", d)
	}
	if r := do(t, m, request{method: "PUT", target: "/_flixconf/clock", form: url.Values{"day": {"2012-09-15T10:00:00+02:00"}}}); r.StatusCode != 200 {
		t.Fatalf("PUT clock: %d", r.StatusCode)
	}
	if d := day(nil); d != "2012-09-15" {
		t.Fatalf("after PUT: %s", d)
	}
	if d := day(http.Header{spec.ClockHeader: {"2011-06-14"}}); d != "2011-06-14" {
		t.Fatalf("the header wins over PUT: %s", d)
	}
	if r := do(t, m, request{method: "PUT", target: "/_flixconf/clock", form: url.Values{"day": {"soon"}}}); r.StatusCode != 400 {
		t.Fatalf("a bad day: %d", r.StatusCode)
	}
	do(t, m, request{method: "DELETE", target: "/_flixconf/clock"})
	if d := day(nil); d != "2010-01-01" {
		t.Fatalf("after DELETE: %s", d)
	}
}

// A shared mock keeps its clock to itself: Public serves the API of the same mock (its state,
// its day) without the control endpoints and refuses the Flixconf-Clock header with the
// API's status body, while the full handler (the admin address) still honours both.
func TestPublicHandler(t *testing.T) {
	m := newMock(t, mockserver.WithDate(spec.MustDay("2010-01-01")))
	pub := m.Public()
	title := "/catalog/titles/movies/60001220?output=json"
	onDay := http.Header{spec.ClockHeader: {"2011-06-14"}}

	if r := do(t, pub, request{method: "GET", target: "/_flixconf/health"}); r.StatusCode != http.StatusNotFound {
		t.Fatalf("public control endpoint: %d, want 404", r.StatusCode)
	}
	if r := do(t, pub, request{method: "PUT", target: "/_flixconf/clock", form: url.Values{"day": {"2012-01-01"}}}); r.StatusCode != http.StatusNotFound {
		t.Fatalf("public PUT clock: %d, want 404", r.StatusCode)
	}
	r := do(t, pub, request{method: "GET", target: title, auth: signed, header: onDay})
	if r.StatusCode != http.StatusBadRequest {
		t.Fatalf("public clock header: %d, want 400", r.StatusCode)
	}
	if code, msg := statusOf(t, r); code != "400" || !strings.Contains(msg, spec.ClockHeader) {
		t.Fatalf("public clock header: status %s %q", code, msg)
	}
	if r := do(t, pub, request{method: "GET", target: "/Catalog/Titles", header: onDay}); r.StatusCode != http.StatusBadRequest {
		t.Fatalf("public clock header on OData: %d, want 400", r.StatusCode)
	}
	if d := do(t, pub, request{method: "GET", target: title, auth: signed}).Header.Get(spec.ClockHeader); d != "2010-01-01" {
		t.Fatalf("public day: %s", d)
	}
	if d := do(t, m, request{method: "GET", target: title, auth: signed, header: onDay}).Header.Get(spec.ClockHeader); d != "2011-06-14" {
		t.Fatalf("admin clock header: %s", d)
	}
	// The admin moves the one clock both addresses share.
	if r := do(t, m, request{method: "PUT", target: "/_flixconf/clock", form: url.Values{"day": {"2012-09-15"}}}); r.StatusCode != 200 {
		t.Fatalf("admin PUT clock: %d", r.StatusCode)
	}
	if d := do(t, pub, request{method: "GET", target: title, auth: signed}).Header.Get(spec.ClockHeader); d != "2012-09-15" {
		t.Fatalf("public day after the admin's PUT: %s", d)
	}
	// One state: a rating set on the public address is read back on the admin one.
	rating := "/users/" + janeID + "/ratings/title/actual?output=json&title_refs=http://api.netflix.com/catalog/titles/movies/60001220"
	if r := do(t, pub, request{method: "POST", target: "/users/" + janeID + "/ratings/title/actual?output=json", auth: protected,
		form: url.Values{"title_ref": {"http://api.netflix.com/catalog/titles/movies/60001220"}, "rating": {"4"}}}); r.StatusCode/100 != 2 {
		t.Fatalf("public rating: %d %s", r.StatusCode, body(t, r))
	}
	if b := string(body(t, do(t, m, request{method: "GET", target: rating, auth: protected}))); !strings.Contains(b, `"user_rating":"4"`) {
		t.Fatalf("admin reads the rating set on the public address: %s", b)
	}
}

// WithoutClockHeader refuses the header on the one address while the control endpoints stay.
func TestWithoutClockHeader(t *testing.T) {
	m := newMock(t, mockserver.WithoutClockHeader())
	r := do(t, m, request{method: "GET", target: "/catalog/titles/movies/60001220", auth: signed, header: http.Header{spec.ClockHeader: {"2011-06-14"}}})
	if r.StatusCode != http.StatusBadRequest {
		t.Fatalf("clock header: %d, want 400", r.StatusCode)
	}
	if r := do(t, m, request{method: "GET", target: "/_flixconf/health"}); r.StatusCode != 200 {
		t.Fatalf("health: %d", r.StatusCode)
	}
}
