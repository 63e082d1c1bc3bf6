package mockserver_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/flixconf/flixconf/mockserver"
	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/spec/validate"
)

// validators are loaded once per version: loading a description takes a while.
var validators sync.Map

// conforms validates an answer of the mock against the description of its version.
func conforms(t *testing.T, version, method, target string, r *http.Response, b []byte) {
	t.Helper()
	cached, ok := validators.Load(version)
	if !ok {
		val, err := validate.New(version)
		if err != nil {
			t.Fatal(err)
		}
		cached, _ = validators.LoadOrStore(version, val)
	}
	v := cached.(*validate.Validator)
	req := httptest.NewRequest(method, "http://api.netflix.com"+target, nil)
	if got := v.Response(req, r.StatusCode, r.Header, b); len(got) > 0 {
		var lines []string
		for _, g := range got {
			lines = append(lines, g.String())
		}
		t.Errorf("%s %s (API %s) does not conform:\n  %s\n%.600s", method, target, version, strings.Join(lines, "\n  "), b)
	}
}

// Every user resource answers, in XML, JSON and (where it has one) its feed form, a body that
// conforms to the description of each version.
func TestUserResourcesConform(t *testing.T) {
	// A day on which every user resource still answers (the rental history goes on 2012-09-15).
	m := newMock(t, mockserver.WithDate(spec.MustDay("2012-06-01")))
	u := "/users/" + janeID
	refs := url.QueryEscape("http://api.netflix.com/catalog/titles/movies/60001220,http://api.netflix.com/catalog/titles/movies/70113539")
	targets := []string{
		"/users/current", u, u + "/queues", u + "/queues/disc", u + "/queues/instant/available", u + "/queues/disc/saved",
		u + "/feeds", u + "/rental_history", u + "/rental_history/shipped", u + "/rental_history/returned",
		u + "/rental_history/watched", u + "/at_home", u + "/recommendations", u + "/reviews",
		u + "/ratings/title?title_refs=" + refs, u + "/ratings/title/actual?title_refs=" + refs,
		u + "/ratings/title/predicted?title_refs=" + refs, u + "/ratings/title/actual/60001220",
		u + "/title_states?title_refs=" + refs,
	}
	feeds := map[string]bool{u + "/queues/disc": true, u + "/rental_history/shipped": true, u + "/recommendations": true, u + "/reviews": true}
	for _, v := range []string{"1.0", "1.5", "2.0"} {
		for _, target := range targets {
			outputs := []string{"xml", "json"}
			if feeds[target] {
				outputs = append(outputs, "atom", "rss")
			}
			for _, out := range outputs {
				sep := "?"
				if strings.Contains(target, "?") {
					sep = "&"
				}
				full := target + sep + "v=" + v + "&output=" + out
				r := do(t, m, request{method: "GET", target: full, auth: protected})
				b := body(t, r)
				if r.StatusCode != 200 {
					t.Errorf("%s: %d %s", full, r.StatusCode, b)
					continue
				}
				conforms(t, v, "GET", full, r, b)
			}
		}
	}
}

func TestRatings(t *testing.T) {
	m := newMock(t)
	u := "/users/" + janeID
	jaws := url.QueryEscape("http://api.netflix.com/catalog/titles/movies/60001220")
	totoro := "http://api.netflix.com/catalog/titles/movies/60032294"
	// Jane rated Jaws 5 (fixtures); Sneakers she has not rated, so it comes predicted.
	item := doc(t, do(t, m, request{method: "GET", target: u + "/ratings/title?output=json&title_refs=" + jaws, auth: protected}))["ratings"].(map[string]any)["ratings_item"].(map[string]any)
	if item["user_rating"] != "5" || item["predicted_rating"] != nil {
		t.Fatalf("Jaws: %v", item)
	}
	sneakers := url.QueryEscape("http://api.netflix.com/catalog/titles/movies/60031755")
	item = doc(t, do(t, m, request{method: "GET", target: u + "/ratings/title?output=json&title_refs=" + sneakers, auth: protected}))["ratings"].(map[string]any)["ratings_item"].(map[string]any)
	if item["user_rating"] != nil || item["predicted_rating"] == nil {
		t.Fatalf("Sneakers: %v", item)
	}
	// Change Totoro's rating to 2 and read it back.
	r := do(t, m, request{method: "PUT", target: u + "/ratings/title/actual/60032294?output=json", form: url.Values{"rating": {"2"}}, auth: protected})
	if r.StatusCode != 200 {
		t.Fatalf("PUT: %d %s", r.StatusCode, body(t, r))
	}
	got := doc(t, do(t, m, request{method: "GET", target: u + "/ratings/title/actual/60032294?output=json", auth: protected}))["ratings"].(map[string]any)["ratings_item"].(map[string]any)
	if got["user_rating"] != "2" {
		t.Fatalf("after PUT: %v", got)
	}
	// A bad rating is refused; a new rating is created.
	if r := do(t, m, request{method: "POST", target: u + "/ratings/title/actual?output=json", form: url.Values{"title_ref": {totoro}, "rating": {"9"}}, auth: protected}); r.StatusCode != 400 {
		t.Fatalf("rating 9: %d", r.StatusCode)
	}
	r = do(t, m, request{method: "POST", target: u + "/ratings/title/actual?output=json", form: url.Values{"title_ref": {"http://api.netflix.com/catalog/titles/movies/60031755"}, "rating": {"4"}}, auth: protected})
	b := body(t, r)
	if r.StatusCode != 201 {
		t.Fatalf("POST: %d %s", r.StatusCode, b)
	}
	conforms(t, "1.0", "POST", u+"/ratings/title/actual?output=json", r, b)
}

// title_states: in 1.5 and later a watched title carries playback_bookmark; 1.0 never had it
// (the 2011 post). A queued title is "In Queue" for that queue.
func TestTitleStates(t *testing.T) {
	m := newMock(t, mockserver.WithDate(spec.MustDay("2012-06-01")))
	u := "/users/" + janeID
	refs := url.QueryEscape("http://api.netflix.com/catalog/titles/movies/60032294,http://api.netflix.com/catalog/titles/movies/70113539")
	for v, bookmark := range map[string]bool{"1.0": false, "1.5": true, "2.0": true} {
		b := string(body(t, do(t, m, request{method: "GET", target: u + "/title_states?v=" + v + "&title_refs=" + refs, auth: protected})))
		if strings.Contains(b, "<playback_bookmark>") != bookmark {
			t.Errorf("v=%s: playback_bookmark present %v, want %v", v, !bookmark, bookmark)
		}
		if !strings.Contains(b, `label="In Queue"`) {
			t.Errorf("v=%s: Sita is in Jane's instant queue: %s", v, b)
		}
	}
}

// The feeds list gives URLs that work without a signature: the feed token and the key.
func TestFeedsWithToken(t *testing.T) {
	m := newMock(t, mockserver.WithDate(spec.MustDay("2012-06-01")))
	list := doc(t, do(t, m, request{method: "GET", target: "/users/" + janeID + "/feeds?output=json", auth: protected}))["resource"].(map[string]any)["link"].([]any)
	var shipped string
	for _, l := range list {
		if l.(map[string]any)["title"] == "Titles Shipped" {
			shipped = l.(map[string]any)["href"].(string)
		}
	}
	u, err := url.Parse(shipped)
	if err != nil || shipped == "" {
		t.Fatalf("no Titles Shipped feed in %v", list)
	}
	r := do(t, m, request{method: "GET", target: u.RequestURI()})
	b := string(body(t, r))
	if r.StatusCode != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/atom+xml") || !strings.Contains(b, "<nflx:shipped_date>2009-03-02T00:00:00Z</nflx:shipped_date>") {
		t.Fatalf("the shipped feed: %d %s", r.StatusCode, b)
	}
	q := u.Query()
	q.Set("feed_token", "wrong")
	u.RawQuery = q.Encode()
	if r := do(t, m, request{method: "GET", target: u.RequestURI()}); r.StatusCode != 401 {
		t.Fatalf("a wrong feed token: %d", r.StatusCode)
	}
}

// API 2.0's series model as a view: Jane queued and rated two seasons of The Sopranos; 1.x
// shows the seasons, 2.0 the series once (at the first season's place) with the mean of the
// season ratings, 5 and 4, rounded halves up: 5.
func TestSeriesModelView(t *testing.T) {
	m := newMock(t)
	u := "/users/" + janeID
	ids := func(v string) []string {
		q := doc(t, do(t, m, request{method: "GET", target: u + "/queues/instant?output=json&v=" + v, auth: protected}))["queue"].(map[string]any)
		var out []string
		for _, it := range q["queue_item"].([]any) {
			id := it.(map[string]any)["id"].(string)
			out = append(out, id[strings.LastIndexByte(id, '/')+1:])
		}
		return out
	}
	if got := strings.Join(ids("1.0"), ","); got != "70113539,60001220,70020010,70058397" {
		t.Errorf("1.0 queue: %s", got)
	}
	if got := strings.Join(ids("2.0"), ","); got != "70113539,60001220,60030356" {
		t.Errorf("2.0 queue: %s", got)
	}
	series := url.QueryEscape("http://api.netflix.com/catalog/titles/series/60030356")
	rating := func(v string) any {
		return doc(t, do(t, m, request{method: "GET", target: u + "/ratings/title/actual?output=json&v=" + v + "&title_refs=" + series, auth: protected}))["ratings"].(map[string]any)["ratings_item"].(map[string]any)["user_rating"]
	}
	if r := rating("1.0"); r != nil {
		t.Errorf("1.0: the series itself is not rated, got %v", r)
	}
	if r := rating("2.0"); r != "5" {
		t.Errorf("2.0: the series rating combines the seasons' 5 and 4 to 5, got %v", r)
	}
}
