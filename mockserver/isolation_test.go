package mockserver_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/flixconf/flixconf/fixtures"
	"github.com/flixconf/flixconf/internal/oauth1"
	"github.com/flixconf/flixconf/mockserver"
	"github.com/flixconf/flixconf/spec"
)

// The isolation test has one user try another's resources: the intruder is the fixtures' user
// with empty queues, the victim is Jane, whose queues, ratings, rental history, discs at home
// and reviews the fixtures fill.
var (
	intruder   = oauth1.Credentials{Key: "empty-access-token", Secret: "empty-access-secret"}
	intruderID = "empty_queue"
)

// isolationDay is a day on which every user resource of every version answers (the rental
// history and the discs at home go later in 2012).
var isolationDay = spec.MustDay("2012-06-01")

// Titles the isolation cases name: Jaws (rated by Jane, second in her instant queue), the
// first titles of Jane's disc and instant queues, and Sneakers, in no queue and not rated.
const (
	isoJaws         = "60001220"
	isoDiscFirst    = "70167072"
	isoInstantFirst = "70113539"
	isoSneakers     = "60031755"
)

// isoRef is the URL of a title, as title_ref and title_refs name it.
func isoRef(id string) string { return "http://api.netflix.com/catalog/titles/movies/" + id }

// isoCase is what a request of one operation needs besides its user: the values of the other
// path parameters, query parameters, a form body for a write, and, for a queue write, the queue
// whose etag it sends (the etag of the user it addresses, as that user reads it, so that a
// write that got through would be applied).
type isoCase struct {
	path  map[string]string
	query url.Values
	form  url.Values
	etag  string
}

// isolationCases are the requests of every user operation of the descriptions, by operation
// id. savedDisc and savedInstant are titles released after isolationDay, which both users save
// in their disc and instant queues.
func isolationCases(savedDisc, savedInstant string) map[string]isoCase {
	refs := url.Values{"title_refs": {isoRef(isoJaws) + "," + isoRef(isoSneakers)}}
	discEntry := map[string]string{"position": "1", "title_id": isoDiscFirst}
	instantEntry := map[string]string{"position": "1", "title_id": isoInstantFirst}
	return map[string]isoCase{
		"getUsersCurrent":                                              {},
		"getUsersByUserId":                                             {},
		"getUsersByUserIdAtHome":                                       {},
		"getUsersByUserIdFeeds":                                        {},
		"getUsersByUserIdQueues":                                       {},
		"getUsersByUserIdQueuesDisc":                                   {},
		"getUsersByUserIdQueuesInstant":                                {},
		"getUsersByUserIdQueuesDiscAvailable":                          {},
		"getUsersByUserIdQueuesDiscSaved":                              {},
		"getUsersByUserIdQueuesInstantAvailable":                       {},
		"getUsersByUserIdQueuesInstantSaved":                           {},
		"postUsersByUserIdQueuesDisc":                                  {form: url.Values{"title_ref": {isoRef(isoSneakers)}}, etag: "disc"},
		"postUsersByUserIdQueuesInstant":                               {form: url.Values{"title_ref": {isoRef(isoSneakers)}}, etag: "instant"},
		"getUsersByUserIdQueuesDiscAvailableByPositionByTitleId":       {path: discEntry},
		"deleteUsersByUserIdQueuesDiscAvailableByPositionByTitleId":    {path: discEntry, etag: "disc"},
		"getUsersByUserIdQueuesInstantAvailableByPositionByTitleId":    {path: instantEntry},
		"deleteUsersByUserIdQueuesInstantAvailableByPositionByTitleId": {path: instantEntry, etag: "instant"},
		"getUsersByUserIdQueuesDiscSavedByTitleId":                     {path: map[string]string{"title_id": savedDisc}},
		"deleteUsersByUserIdQueuesDiscSavedByTitleId":                  {path: map[string]string{"title_id": savedDisc}, etag: "disc"},
		"getUsersByUserIdQueuesInstantSavedByTitleId":                  {path: map[string]string{"title_id": savedInstant}},
		"deleteUsersByUserIdQueuesInstantSavedByTitleId":               {path: map[string]string{"title_id": savedInstant}, etag: "instant"},
		"getUsersByUserIdRatingsTitle":                                 {query: refs},
		"postUsersByUserIdRatingsTitle":                                {form: refs},
		"getUsersByUserIdRatingsTitleActual":                           {query: refs},
		"postUsersByUserIdRatingsTitleActual":                          {form: url.Values{"title_ref": {isoRef(isoSneakers)}, "rating": {"2"}}},
		"getUsersByUserIdRatingsTitleActualByRatingId":                 {path: map[string]string{"rating_id": isoJaws}},
		"putUsersByUserIdRatingsTitleActualByRatingId":                 {path: map[string]string{"rating_id": isoJaws}, form: url.Values{"rating": {"3"}}},
		"getUsersByUserIdRatingsTitlePredicted":                        {query: refs},
		"getUsersByUserIdRecommendations":                              {},
		"getUsersByUserIdRentalHistory":                                {},
		"getUsersByUserIdRentalHistoryReturned":                        {},
		"getUsersByUserIdRentalHistoryShipped":                         {},
		"getUsersByUserIdRentalHistoryWatched":                         {},
		"getUsersByUserIdReviews":                                      {},
		"getUsersByUserIdTitleStates":                                  {query: refs},
	}
}

// userOperations lists the operations of a version that act for a user: those on a user's
// path, and those that need a user's access token.
func userOperations(t *testing.T, version string) []spec.Operation {
	t.Helper()
	ops, err := spec.Operations(version)
	if err != nil {
		t.Fatal(err)
	}
	return slices.DeleteFunc(ops, func(op spec.Operation) bool {
		return !strings.Contains(op.Path, "{user_id}") && !slices.Contains(op.AuthLevels, "protected")
	})
}

// unreleasedTitle is a movie of the catalog that a queue of kind ("disc" or "instant") saves on
// day: it has that kind of format, none available on day, one coming later.
func unreleasedTitle(t *testing.T, c *fixtures.Catalog, kind string, day spec.Day) string {
	t.Helper()
	for _, ti := range c.Titles {
		if ti.Kind != "movie" {
			continue
		}
		now, later := false, false
		for _, a := range ti.Formats {
			if (a.Format == "instant") == (kind == "instant") {
				now = now || a.AvailableOn(day)
				later = later || day.Before(a.AvailableFrom)
			}
		}
		if later && !now {
			return ti.ID
		}
	}
	t.Fatalf("no movie of the catalog is released for the %s queue after %s", kind, day)
	return ""
}

// isoWorld is the mock of the isolation test and the two users' credentials.
type isoWorld struct {
	t                       *testing.T
	m                       *mockserver.Server
	savedDisc, savedInstant string
}

// as sends a request signed with a user's access token.
func (w *isoWorld) as(token *oauth1.Credentials, method, target string, form url.Values) *http.Response {
	w.t.Helper()
	return do(w.t, w.m, request{method: method, target: target, form: form, auth: protected, token: token})
}

// etag reads a queue's etag as its user.
func (w *isoWorld) etag(token *oauth1.Credentials, userID, kind string) string {
	w.t.Helper()
	r := w.as(token, "GET", "/users/"+userID+"/queues/"+kind+"?output=json&max_results=1", nil)
	if r.StatusCode != http.StatusOK {
		w.t.Fatalf("reading the %s queue of %s: %d %s", kind, userID, r.StatusCode, body(w.t, r))
	}
	return doc(w.t, r)["queue"].(map[string]any)["etag"].(string)
}

// reset puts every user back to the fixtures, then gives the intruder the entries and rating
// the victim has where the cases look (the first title of each queue, Jaws rated), and both a
// saved title in each queue, so that every case names something that exists for both.
func (w *isoWorld) reset() {
	w.t.Helper()
	if r := do(w.t, w.m, request{method: "POST", target: mockserver.ControlPrefix + "reset"}); r.StatusCode != http.StatusOK {
		w.t.Fatalf("reset: %d", r.StatusCode)
	}
	type write struct {
		token  *oauth1.Credentials
		userID string
		target string
		form   url.Values
		etag   string
	}
	writes := []write{
		{&intruder, intruderID, "/queues/disc", url.Values{"title_ref": {isoRef(isoDiscFirst)}}, "disc"},
		{&intruder, intruderID, "/queues/instant", url.Values{"title_ref": {isoRef(isoInstantFirst)}}, ""},
		{&intruder, intruderID, "/ratings/title/actual", url.Values{"title_ref": {isoRef(isoJaws)}, "rating": {"5"}}, ""},
	}
	for _, u := range []struct {
		token  *oauth1.Credentials
		userID string
	}{{&intruder, intruderID}, {&jane, janeID}} {
		writes = append(writes,
			write{u.token, u.userID, "/queues/disc", url.Values{"title_ref": {isoRef(w.savedDisc)}}, "disc"},
			write{u.token, u.userID, "/queues/instant", url.Values{"title_ref": {isoRef(w.savedInstant)}}, ""})
	}
	for _, wr := range writes {
		if wr.etag != "" {
			wr.form.Set("etag", w.etag(wr.token, wr.userID, wr.etag))
		}
		if r := w.as(wr.token, "POST", "/users/"+wr.userID+wr.target+"?output=json", wr.form); r.StatusCode != http.StatusCreated {
			w.t.Fatalf("setting up %s: POST %s: %d %s", wr.userID, wr.target, r.StatusCode, body(w.t, r))
		}
	}
}

// snapshot is what the victim reads of everything a write could change: the user resource,
// both queues whole, the ratings and title states of every title the cases name.
func (w *isoWorld) snapshot() []byte {
	w.t.Helper()
	titles := strings.Join([]string{isoRef(isoJaws), isoRef(isoSneakers), isoRef(isoDiscFirst), isoRef(isoInstantFirst),
		isoRef(w.savedDisc), isoRef(w.savedInstant)}, ",")
	u := "/users/" + janeID
	var all bytes.Buffer
	for _, target := range []string{u, u + "/queues/disc?max_results=500", u + "/queues/instant?max_results=500",
		u + "/ratings/title/actual?title_refs=" + url.QueryEscape(titles), u + "/title_states?title_refs=" + url.QueryEscape(titles)} {
		r := w.as(&jane, "GET", target, nil)
		b := body(w.t, r)
		if r.StatusCode != http.StatusOK {
			w.t.Fatalf("the victim reading %s: %d %s", target, r.StatusCode, b)
		}
		all.WriteString(target + "\n")
		all.Write(b)
	}
	return all.Bytes()
}

// target is the request URI of an operation's case for a user, in a version.
func (c isoCase) target(op spec.Operation, userID, version, etag string) string {
	path := strings.ReplaceAll(op.Path, "{user_id}", userID)
	for name, value := range c.path {
		path = strings.ReplaceAll(path, "{"+name+"}", value)
	}
	q := url.Values{"v": {version}, "output": {"json"}}
	for k, vs := range c.query {
		q[k] = vs
	}
	if etag != "" && op.Method == http.MethodDelete {
		q.Set("etag", etag)
	}
	return path + "?" + q.Encode()
}

// body is the form body of an operation's case, with the etag when the write sends one.
func (c isoCase) body(op spec.Operation, etag string) url.Values {
	if op.Method == http.MethodGet || op.Method == http.MethodDelete {
		return nil
	}
	f := url.Values{}
	for k, vs := range c.form {
		f[k] = vs
	}
	if etag != "" {
		f.Set("etag", etag)
	}
	return f
}

// wantStatusBody checks that an answer is the API's status body with exactly this code and
// message and no sub_code.
func wantStatusBody(t *testing.T, what string, r *http.Response, status int, message string) {
	t.Helper()
	b := body(t, r)
	var d struct {
		Status map[string]any `json:"status"`
	}
	if r.StatusCode != status || json.Unmarshal(b, &d) != nil || d.Status == nil {
		t.Errorf("%s: %d %.300s; want %d with the status body", what, r.StatusCode, b, status)
		return
	}
	want := map[string]any{"status_code": itoa(status), "message": message}
	if len(d.Status) != len(want) || d.Status["status_code"] != want["status_code"] || d.Status["message"] != want["message"] {
		t.Errorf("%s: status body %v, want %v and no sub_code", what, d.Status, want)
	}
}

// Per-user isolation, for every user operation of every version: a request signed with one
// user's access token and addressed to another user's resource gets the API's 401 "Access Token
// Validation Failed" and leaves the other user's data as it was; the same request addressed
// to the signer's own resource succeeds, so a refusal of everything would fail too. For the
// operations with a feed form, one user's feed token opens its own feeds and not another's.
// The operations come from the descriptions: one the table lacks fails the test.
func TestUserIsolation(t *testing.T) {
	cat, err := fixtures.LoadWithSynthetic(fixtures.DefaultSyntheticTitles)
	if err != nil {
		t.Fatal(err)
	}
	w := &isoWorld{t: t, m: newMock(t, mockserver.WithCatalog(cat), mockserver.WithDate(isolationDay)),
		savedDisc: unreleasedTitle(t, cat, "disc", isolationDay), savedInstant: unreleasedTitle(t, cat, "instant", isolationDay)}
	cases := isolationCases(w.savedDisc, w.savedInstant)
	used := map[string]bool{}
	for _, v := range spec.Versions() {
		w.reset()
		checked := 0
		for _, op := range userOperations(t, v) {
			c, ok := cases[op.ID]
			if !ok {
				t.Errorf("API %s: %s %s acts for a user and the isolation table has no case for it", v, op.Method, op.Path)
				continue
			}
			used[op.ID] = true
			checked++
			name := "API " + v + ": " + op.Method + " " + op.Path
			if !strings.Contains(op.Path, "{user_id}") {
				checkCurrentUser(t, w, name, op, c, v)
				continue
			}
			write := op.Method != http.MethodGet
			var before []byte
			if write {
				before = w.snapshot()
			}
			victimEtag, ownEtag := "", ""
			if c.etag != "" {
				victimEtag, ownEtag = w.etag(&jane, janeID, c.etag), w.etag(&intruder, intruderID, c.etag)
			}
			r := w.as(&intruder, op.Method, c.target(op, janeID, v, victimEtag), c.body(op, victimEtag))
			wantStatusBody(t, name+", another user's", r, http.StatusUnauthorized, "Access Token Validation Failed")
			if write && !bytes.Equal(before, w.snapshot()) {
				t.Errorf("%s: the refused request changed the other user's data", name)
			}
			r = w.as(&intruder, op.Method, c.target(op, intruderID, v, ownEtag), c.body(op, ownEtag))
			if r.StatusCode/100 != 2 {
				t.Errorf("%s, the signer's own: %d %.300s; want 2xx", name, r.StatusCode, body(t, r))
			}
			if slices.Contains(op.AuthLevels, "consumer") {
				checkFeedToken(t, w, name, op, c, v)
			}
			if write {
				w.reset()
			}
		}
		t.Logf("API %s: %d user operations checked", v, checked)
		if checked == 0 {
			t.Errorf("API %s: no user operation found in the description", v)
		}
	}
	for id := range cases {
		if !used[id] {
			t.Errorf("the isolation table has a case for %s, which no description has", id)
		}
	}
}

// checkCurrentUser checks an operation that acts for the signer without naming a user: it
// answers the signer's own resource, never another's.
func checkCurrentUser(t *testing.T, w *isoWorld, name string, op spec.Operation, c isoCase, v string) {
	t.Helper()
	r := w.as(&intruder, op.Method, c.target(op, "", v, ""), nil)
	b := body(t, r)
	if r.StatusCode != http.StatusOK || !bytes.Contains(b, []byte("/users/"+intruderID+`"`)) || bytes.Contains(b, []byte(janeID)) {
		t.Errorf("%s: %d %.300s; want 200 naming the signer's resource alone", name, r.StatusCode, b)
	}
}

// checkFeedToken checks an operation's feed form: the intruder's feed token opens the
// intruder's feed and is refused, with the API's 401 "Invalid Feed Token", on the victim's.
func checkFeedToken(t *testing.T, w *isoWorld, name string, op spec.Operation, c isoCase, v string) {
	t.Helper()
	r := w.as(&intruder, "GET", "/users/"+intruderID+"/feeds?output=json", nil)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("the intruder's feeds: %d %s", r.StatusCode, body(t, r))
	}
	href := doc(t, r)["resource"].(map[string]any)["link"].([]any)[0].(map[string]any)["href"].(string)
	feedURL, err := url.Parse(href)
	if err != nil || feedURL.Query().Get("feed_token") == "" {
		t.Fatalf("the intruder's feed link %q has no feed_token", href)
	}
	feed := func(userID string) *http.Response {
		target, _ := url.Parse(c.target(op, userID, v, ""))
		q := target.Query()
		q.Set("output", "atom")
		q.Set("feed_token", feedURL.Query().Get("feed_token"))
		q.Set("oauth_consumer_key", demoKey.Key)
		target.RawQuery = q.Encode()
		return do(t, w.m, request{method: "GET", target: target.String()})
	}
	r = feed(janeID)
	b := body(t, r)
	if code, msg, err := statusBody(r.Header.Get("Content-Type"), b); r.StatusCode != http.StatusUnauthorized || err != nil ||
		code != "401" || msg != "Invalid Feed Token" {
		t.Errorf("%s, another user's feed with the signer's feed token: %d %.300s; want 401 \"Invalid Feed Token\"", name, r.StatusCode, b)
	}
	if r := feed(intruderID); r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/atom+xml") {
		t.Errorf("%s, the signer's own feed with its feed token: %d %.300s; want 200 in Atom", name, r.StatusCode, body(t, r))
	}
}
