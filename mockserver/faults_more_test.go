package mockserver_test

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/flixconf/flixconf/mockserver"
	"github.com/flixconf/flixconf/spec"
)

// Each fault below departs from the API in one place only: the tests ask the same question of
// a mock with the fault and of one without, and check that only the faulty one answers wrong.

// onDay is the header that sets a request's day.
func onDay(day string) http.Header { return http.Header{spec.ClockHeader: {day}} }

// json-number-for-string: the descriptions declare a catalog title's release_year a string
// ("^[0-9]{4}$"); with the fault the JSON answer writes it as a number. The XML answer is
// byte for byte the same.
func TestFaultJSONNumberForString(t *testing.T) {
	const jaws = "/catalog/titles/movies/60001220"
	plain, faulty := newMock(t), newMock(t, mockserver.WithFault("json-number-for-string"))
	year := func(m *mockserver.Server) any {
		return doc(t, get(t, m, jaws+"?output=json", "", nil))["catalog_title"].(map[string]any)["release_year"]
	}
	if got := year(plain); got != "1975" {
		t.Errorf("without the fault release_year is %#v, want the string \"1975\"", got)
	}
	if got := year(faulty); got != float64(1975) {
		t.Errorf("with the fault release_year is %#v, want the number 1975", got)
	}
	// Other string values of the title stay strings.
	if got := doc(t, get(t, faulty, jaws+"?output=json", "", nil))["catalog_title"].(map[string]any)["runtime"]; got != "7500" {
		t.Errorf("with the fault runtime is %#v, want the string \"7500\"", got)
	}
	x, y := body(t, get(t, plain, jaws, "", nil)), body(t, get(t, faulty, jaws, "", nil))
	if !bytes.Equal(x, y) || !bytes.Contains(y, []byte("<release_year>1975</release_year>")) {
		t.Errorf("the XML answer must not change:\nwithout: %.300s\nwith:    %.300s", x, y)
	}
}

// paging-off-by-one: a search page and a queue page start one item later than start_index
// says, while the answer still reports start_index as asked.
func TestFaultPagingOffByOne(t *testing.T) {
	plain, faulty := newMock(t), newMock(t, mockserver.WithFault("paging-off-by-one"))
	type list struct {
		Start   int        `xml:"start_index"`
		PerPage int        `xml:"results_per_page"`
		Titles  []catTitle `xml:"catalog_title"`
	}
	search := func(m *mockserver.Server, query string) list {
		var l list
		r := get(t, m, "/catalog/titles?term=amberine"+query, "", nil)
		if b := body(t, r); r.StatusCode != 200 || xml.Unmarshal(b, &l) != nil {
			t.Fatalf("search %s: %d %.300s", query, r.StatusCode, b)
		}
		return l
	}
	want := search(plain, "&start_index=150&max_results=11")
	got := search(faulty, "&start_index=150&max_results=10")
	if got.Start != 150 || got.PerPage != 10 || len(got.Titles) != 10 {
		t.Errorf("with the fault: start_index %d, %d per page, %d titles; want 150, 10, 10", got.Start, got.PerPage, len(got.Titles))
	}
	if ids := catIDs(got.Titles); !slices.Equal(ids, catIDs(want.Titles)[1:11]) {
		t.Errorf("with the fault the page is %v, want items 151 to 160: %v", ids, catIDs(want.Titles)[1:11])
	}
	if ids := catIDs(search(plain, "&start_index=150&max_results=10").Titles); !slices.Equal(ids, catIDs(want.Titles)[:10]) {
		t.Errorf("without the fault the page is %v, want items 150 to 159: %v", ids, catIDs(want.Titles)[:10])
	}

	// Jane's instant queue (70113539, 60001220, 70020010, 70058397): its second page of two.
	queue := func(m *mockserver.Server) []string {
		var q struct {
			Start int `xml:"start_index"`
			Items []struct {
				ID string `xml:"id"`
			} `xml:"queue_item"`
		}
		r := do(t, m, request{method: "GET", target: "/users/" + janeID + "/queues/instant?start_index=1&max_results=2", header: onDay("2012-06-01"), auth: protected})
		if b := body(t, r); r.StatusCode != 200 || xml.Unmarshal(b, &q) != nil || q.Start != 1 {
			t.Fatalf("queue: %d %.300s", r.StatusCode, b)
		}
		var ids []string
		for _, it := range q.Items {
			ids = append(ids, it.ID[strings.LastIndex(it.ID, "/")+1:])
		}
		return ids
	}
	if ids := queue(plain); !slices.Equal(ids, []string{"60001220", "70020010"}) {
		t.Errorf("without the fault the queue page is %v", ids)
	}
	if ids := queue(faulty); !slices.Equal(ids, []string{"70020010", "70058397"}) {
		t.Errorf("with the fault the queue page is %v, want one item later", ids)
	}
}

// found-not-404: an id that names no title answers 200 with the 404's status body; a known
// title still answers itself, and an id of another kind still 404.
func TestFaultFoundNot404(t *testing.T) {
	const missing = "/catalog/titles/movies/99999999"
	plain, faulty := newMock(t), newMock(t, mockserver.WithFault("found-not-404"))
	if r := get(t, plain, missing, "", nil); r.StatusCode != http.StatusNotFound {
		t.Errorf("without the fault %s answers %d, want 404", missing, r.StatusCode)
	}
	r := get(t, faulty, missing, "", nil)
	b := string(body(t, r))
	if r.StatusCode != http.StatusOK || !strings.Contains(b, "<status_code>404</status_code>") || !strings.Contains(b, "Resource Not Found") {
		t.Errorf("with the fault %s answers %d %s, want 200 with the 404's status body", missing, r.StatusCode, b)
	}
	if r := get(t, faulty, "/catalog/titles/movies/60001220", "", nil); r.StatusCode != http.StatusOK || !strings.Contains(string(body(t, r)), "<catalog_title>") {
		t.Errorf("with the fault a known title answers %d", r.StatusCode)
	}
	if r := get(t, faulty, "/catalog/titles/series/60001220", "", nil); r.StatusCode != http.StatusNotFound {
		t.Errorf("with the fault a movie asked for as a series answers %d, want 404", r.StatusCode)
	}
}

// old-host-not-retired: api.netflix.com, retired on 2012-09-15, keeps answering from that day
// on; the day before it answers either way, and the new host and the canonical host of a
// request addressed to neither are unchanged.
func TestFaultOldHostNotRetired(t *testing.T) {
	const jaws = "/catalog/titles/movies/60001220"
	plain, faulty := newMock(t), newMock(t, mockserver.WithFault("old-host-not-retired"))
	for _, c := range []struct {
		m          *mockserver.Server
		host, day  string
		status     int
		idHostWant string
	}{
		{plain, "api.netflix.com", "2012-09-14", 200, "http://api.netflix.com/"},
		{plain, "api.netflix.com", "2012-09-15", 404, ""},
		{plain, "api.netflix.com", "2013-06-01", 404, ""},
		{faulty, "api.netflix.com", "2012-09-14", 200, "http://api.netflix.com/"},
		{faulty, "api.netflix.com", "2012-09-15", 200, "http://api.netflix.com/"},
		{faulty, "api.netflix.com", "2013-06-01", 200, "http://api.netflix.com/"},
		{faulty, "api-public.netflix.com", "2012-09-15", 200, "http://api-public.netflix.com/"},
		{faulty, "127.0.0.1:8080", "2012-09-15", 200, "http://api-public.netflix.com/"},
	} {
		r := get(t, c.m, jaws, c.host, onDay(c.day))
		b := string(body(t, r))
		if r.StatusCode != c.status {
			t.Errorf("%s on %s (fault %v): status %d, want %d", c.host, c.day, c.m == faulty, r.StatusCode, c.status)
			continue
		}
		if c.idHostWant != "" && !strings.Contains(b, "<id>"+c.idHostWant+"catalog/titles/movies/60001220</id>") {
			t.Errorf("%s on %s (fault %v): want ids on %s; got %.200s", c.host, c.day, c.m == faulty, c.idHostWant, b)
		}
	}
}

// pin-not-pinned: from 2011-06-30 the timeline pins title_states' playback_bookmark (1.5 and
// later) to 0; with the fault Jane's watched title keeps its real bookmark, 4020. The pin of
// available_until is not the fault's and stays.
func TestFaultPinNotPinned(t *testing.T) {
	plain, faulty := newMock(t), newMock(t, mockserver.WithFault("pin-not-pinned"))
	refs := url.QueryEscape("http://api.netflix.com/catalog/titles/movies/60032294")
	bookmark := func(m *mockserver.Server, day string) string {
		r := do(t, m, request{method: "GET", target: "/users/" + janeID + "/title_states?v=2.0&title_refs=" + refs, header: onDay(day), auth: protected})
		b := string(body(t, r))
		_, rest, ok := strings.Cut(b, "<playback_bookmark>")
		if r.StatusCode != 200 || !ok {
			t.Fatalf("title_states on %s: %d %.400s", day, r.StatusCode, b)
		}
		v, _, _ := strings.Cut(rest, "<")
		return v
	}
	for _, c := range []struct {
		m         *mockserver.Server
		day, want string
	}{
		{plain, "2011-06-29", "4020"},
		{plain, "2012-06-01", "0"},
		{faulty, "2011-06-29", "4020"},
		{faulty, "2012-06-01", "4020"},
	} {
		if got := bookmark(c.m, c.day); got != c.want {
			t.Errorf("on %s (fault %v): playback_bookmark %q, want %q", c.day, c.m == faulty, got, c.want)
		}
	}
	r := get(t, faulty, "/catalog/titles/movies/89300009/format_availability", "", onDay("2014-11-13"))
	if b := string(body(t, r)); r.StatusCode != 200 || strings.Count(b, `available_until="4102444800"`) != 2 {
		t.Errorf("with the fault available_until must stay pinned: %d %.400s", r.StatusCode, b)
	}
}
