package mockserver_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/flixconf/flixconf/internal/oauth1"
	"github.com/flixconf/flixconf/mockserver"
	"github.com/flixconf/flixconf/spec"
)

// doc decodes a JSON answer (output=json) of the mock.
func doc(t *testing.T, r *http.Response) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(body(t, r), &m); err != nil {
		t.Fatalf("answer is not JSON: %v", err)
	}
	return m
}

// status reads the message of a status body.
func statusOf(t *testing.T, r *http.Response) (code, message string) {
	t.Helper()
	m := doc(t, r)["status"].(map[string]any)
	return m["status_code"].(string), m["message"].(string)
}

// Each auth level, checked for real: a signature made with the wrong secret, a missing
// signature, a replayed nonce, another user's token and a missing token are refused with the
// real API's messages (reference §3.3 and the OAuth docs).
func TestAuthLevels(t *testing.T) {
	m := newMock(t)
	title := "/catalog/titles/movies/60001220?output=json"
	if r := do(t, m, request{method: "GET", target: title, auth: signed}); r.StatusCode != 200 {
		t.Fatalf("signed catalog request: %d %s", r.StatusCode, body(t, r))
	}
	cases := []struct {
		name    string
		req     func() *http.Request
		status  int
		message string
	}{
		{"unsigned", func() *http.Request { return httptest.NewRequest("GET", title, nil) }, 400, "Missing Required OAuth Parameter"},
		{"wrong consumer secret", func() *http.Request {
			req := httptest.NewRequest("GET", title, nil)
			(&oauth1.Signer{Consumer: oauth1.Credentials{Key: demoKey.Key, Secret: "wrong"}}).Sign(req)
			return req
		}, 401, "Invalid Signature"},
		{"unknown key", func() *http.Request {
			req := httptest.NewRequest("GET", title, nil)
			(&oauth1.Signer{Consumer: oauth1.Credentials{Key: "nobody", Secret: "x"}}).Sign(req)
			return req
		}, 401, "Invalid Consumer Key"},
		{"stale timestamp", func() *http.Request {
			req := httptest.NewRequest("GET", title, nil)
			(&oauth1.Signer{Consumer: demoKey, Now: func() time.Time { return time.Now().Add(-time.Hour) }}).Sign(req)
			return req
		}, 401, "Invalid Timestamp"},
		{"protected without token", func() *http.Request {
			req := httptest.NewRequest("GET", "/users/"+janeID+"?output=json", nil)
			(&oauth1.Signer{Consumer: demoKey}).Sign(req)
			return req
		}, 400, "Missing Required Access Token"},
		{"another user's token", func() *http.Request {
			req := httptest.NewRequest("GET", "/users/"+janeID+"?output=json", nil)
			(&oauth1.Signer{Consumer: demoKey, Token: &nuidOne}).Sign(req)
			return req
		}, 401, "Access Token Validation Failed"},
		{"unknown token", func() *http.Request {
			req := httptest.NewRequest("GET", "/users/"+janeID+"?output=json", nil)
			(&oauth1.Signer{Consumer: demoKey, Token: &oauth1.Credentials{Key: "forged", Secret: "x"}}).Sign(req)
			return req
		}, 401, "Invalid Or Expired Token"},
	}
	for _, c := range cases {
		rec := httptest.NewRecorder()
		m.ServeHTTP(rec, c.req())
		r := rec.Result()
		if r.StatusCode != c.status {
			t.Errorf("%s: status %d, want %d: %s", c.name, r.StatusCode, c.status, body(t, r))
			continue
		}
		if _, msg := statusOf(t, r); msg != c.message {
			t.Errorf("%s: message %q, want %q", c.name, msg, c.message)
		}
	}

	// A replayed nonce is refused; the same nonce with another token in the same second is not
	// a replay (RFC 5849 3.3: clients of the time did that).
	fixed := time.Now()
	sign := func(token *oauth1.Credentials, target string) *http.Request {
		req := httptest.NewRequest("GET", target, nil)
		(&oauth1.Signer{Consumer: demoKey, Token: token, Now: func() time.Time { return fixed }, Nonce: func() string { return "n0nce" }}).Sign(req)
		return req
	}
	for i, want := range []int{200, 401} {
		rec := httptest.NewRecorder()
		m.ServeHTTP(rec, sign(&jane, "/users/"+janeID+"?output=json"))
		if rec.Code != want {
			t.Errorf("nonce use %d: status %d, want %d", i+1, rec.Code, want)
		}
	}
	rec := httptest.NewRecorder()
	m.ServeHTTP(rec, sign(&nuidOne, "/users/"+nuidOneID+"?output=json"))
	if rec.Code != 200 {
		t.Errorf("the same nonce with another token: status %d, want 200", rec.Code)
	}
}

func TestUserResources(t *testing.T) {
	m := newMock(t)
	r := do(t, m, request{method: "GET", target: "/users/current?output=json", auth: protected})
	if r.StatusCode != 200 {
		t.Fatalf("users/current: %d %s", r.StatusCode, body(t, r))
	}
	link := doc(t, r)["resource"].(map[string]any)["link"].(map[string]any)
	if !strings.HasSuffix(link["href"].(string), "/users/"+janeID) {
		t.Fatalf("users/current links to %v", link["href"])
	}
	u := doc(t, do(t, m, request{method: "GET", target: "/users/" + janeID + "?output=json", auth: protected}))["user"].(map[string]any)
	if u["user_id"] != janeID || u["first_name"] != "Jane" || u["can_instant_watch"] != true {
		t.Fatalf("user: %v", u)
	}
}

// The queue's etag rule: a write with a stale etag gets the real 412 and changes nothing;
// adds, moves and deletes keep positions contiguous; the method= override works on a GET.
func TestQueueWrites(t *testing.T) {
	m := newMock(t)
	queue := func() (string, []string) {
		q := doc(t, do(t, m, request{method: "GET", target: "/users/" + janeID + "/queues/disc?output=json", auth: protected}))["queue"].(map[string]any)
		var ids []string
		items, _ := q["queue_item"].([]any)
		if one, ok := q["queue_item"].(map[string]any); ok {
			items = []any{one}
		}
		for i, it := range items {
			item := it.(map[string]any)
			if item["position"] != strconv.Itoa(i+1) {
				t.Fatalf("position %v at index %d: positions must be contiguous", item["position"], i)
			}
			id := item["id"].(string)
			ids = append(ids, id[strings.LastIndexByte(id, '/')+1:])
		}
		return q["etag"].(string), ids
	}
	etag, before := queue()
	if strings.Join(before, ",") != "70167072,70142826,70108988" {
		t.Fatalf("jane's disc queue: %v", before)
	}
	write := func(method, target string, form url.Values) *http.Response {
		return do(t, m, request{method: method, target: target, form: form, auth: protected})
	}
	base := "/users/" + janeID + "/queues/disc"

	// A stale etag: 412 with the real message, nothing changes.
	r := write("POST", base+"?output=json", url.Values{"title_ref": {"http://api.netflix.com/catalog/titles/movies/60001220"}, "etag": {"stale"}})
	if _, msg := statusOf(t, r); r.StatusCode != 412 || msg != "queue out of Date ETag mismatch" {
		t.Fatalf("stale etag: %d %q", r.StatusCode, msg)
	}
	if e, ids := queue(); e != etag || strings.Join(ids, ",") != strings.Join(before, ",") {
		t.Fatalf("a refused write changed the queue: %s %v", e, ids)
	}

	// Add Jaws at position 2.
	r = write("POST", base+"?output=json", url.Values{"title_ref": {"http://api.netflix.com/catalog/titles/movies/60001220"}, "position": {"2"}, "etag": {etag}})
	st := doc(t, r)["status"].(map[string]any)
	if r.StatusCode != 201 || st["message"] != "Title added to queue" || st["etag"] == etag {
		t.Fatalf("add: %d %v", r.StatusCode, st)
	}
	etag, ids := queue()
	if strings.Join(ids, ",") != "70167072,60001220,70142826,70108988" || st["etag"] != etag {
		t.Fatalf("after add: %v (etag %s, answered %v)", ids, etag, st["etag"])
	}

	// Adding it again without a position: 412, sub_code 710.
	r = write("POST", base+"?output=json", url.Values{"title_ref": {"http://api.netflix.com/catalog/titles/movies/60001220"}, "etag": {etag}})
	st = doc(t, r)["status"].(map[string]any)
	if r.StatusCode != 412 || st["sub_code"] != "710" || st["message"] != "Title is already in queue" {
		t.Fatalf("add twice: %d %v", r.StatusCode, st)
	}

	// Move it to the end: 201 "Move successful" (recorded 2012).
	r = write("POST", base+"?output=json", url.Values{"title_ref": {"http://api.netflix.com/catalog/titles/movies/60001220"}, "position": {"4"}, "etag": {etag}})
	if _, msg := statusOf(t, r); r.StatusCode != 201 || msg != "Move successful" {
		t.Fatalf("move: %d %q", r.StatusCode, msg)
	}
	etag, ids = queue()
	if strings.Join(ids, ",") != "70167072,70142826,70108988,60001220" {
		t.Fatalf("after move: %v", ids)
	}

	// Delete the first entry with a GET and method=DELETE, as clients of the time did.
	r = write("GET", base+"/available/1/70167072?output=json&method=DELETE&etag="+etag, nil)
	if _, msg := statusOf(t, r); r.StatusCode != 200 || msg != "Title deleted from queue" {
		t.Fatalf("delete: %d %q", r.StatusCode, msg)
	}
	etag, ids = queue()
	if strings.Join(ids, ",") != "70142826,70108988,60001220" {
		t.Fatalf("after delete: %v", ids)
	}
	// Deleting it again: 404, sub_code 610.
	r = write("DELETE", base+"/available/1/70167072?output=json&etag="+etag, nil)
	st = doc(t, r)["status"].(map[string]any)
	if r.StatusCode != 404 || st["sub_code"] != "610" || st["message"] != "Title is not in Queue" {
		t.Fatalf("delete twice: %d %v", r.StatusCode, st)
	}
}

// The mock is an HTTP forward proxy for the API's hosts only: an old client that hard-codes
// http://api.netflix.com reaches it through HTTP_PROXY; nothing is dialled out.
func TestForwardProxy(t *testing.T) {
	m := newMock(t, mockserver.WithDate(spec.MustDay("2011-01-01")))
	srv := httptest.NewServer(m)
	defer srv.Close()
	proxy, _ := url.Parse(srv.URL)
	client := &http.Client{Transport: &http.Transport{Proxy: http.ProxyURL(proxy)}}

	req, _ := http.NewRequest("GET", "http://api.netflix.com/catalog/titles/movies/60001220", nil)
	if err := (&oauth1.Signer{Consumer: demoKey}).Sign(req); err != nil {
		t.Fatal(err)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b := string(body(t, resp))
	if resp.StatusCode != 200 || !strings.Contains(b, "<id>http://api.netflix.com/catalog/titles/movies/60001220</id>") {
		t.Fatalf("through the proxy: %d %s", resp.StatusCode, b)
	}
	// Any other host is refused, never dialled.
	resp, err = client.Get("http://example.com/")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("a foreign host through the proxy: %d", resp.StatusCode)
	}
	// CONNECT is answered by the mock itself.
	rec := httptest.NewRecorder()
	m.ServeHTTP(rec, httptest.NewRequest("CONNECT", "http://api.netflix.com:443", nil))
	if rec.Code != http.StatusNotImplemented {
		t.Fatalf("CONNECT: %d", rec.Code)
	}
}

// The login page is a form with login and password; a wrong password answers 200 with a page
// saying the login failed, the right one a page saying the application was authorised
// successfully, with the out-of-band verifier.
func TestLoginPage(t *testing.T) {
	m := newMock(t)
	r := do(t, m, request{method: "POST", target: "/oauth/request_token", form: url.Values{}, auth: signed})
	if r.StatusCode != 200 {
		t.Fatalf("request_token: %d %s", r.StatusCode, body(t, r))
	}
	form, err := url.ParseQuery(string(body(t, r)))
	if err != nil {
		t.Fatal(err)
	}
	if form.Get("oauth_callback_confirmed") != "" {
		t.Error("oauth_callback_confirmed must be absent when the request carried no oauth_callback")
	}
	login, err := url.Parse(form.Get("login_url"))
	if err != nil || login.Path != "/oauth/login" || login.Query().Get("oauth_token") != form.Get("oauth_token") {
		t.Fatalf("login_url %q", form.Get("login_url"))
	}
	page := string(body(t, do(t, m, request{method: "GET", target: login.RequestURI()})))
	for _, field := range []string{`name="login"`, `name="password"`} {
		if !strings.Contains(page, field) {
			t.Errorf("the login form has no %s", field)
		}
	}
	submit := func(password string) string {
		return string(body(t, do(t, m, request{method: "POST", target: "/oauth/login", form: url.Values{
			"oauth_token": {form.Get("oauth_token")}, "login": {"jane@example.com"}, "password": {password}}})))
	}
	if p := submit("wrong"); !strings.Contains(p, "failed") {
		t.Errorf("a wrong password: %s", p)
	}
	p := submit("jaws-1975")
	if !strings.Contains(p, "successfully") || !regexp.MustCompile(`id="oauth_verifier">[0-9a-f]+<`).MatchString(p) {
		t.Errorf("the right password: %s", p)
	}
}

// POST /_flixconf/users creates a user of its own with empty queues and a working token;
// POST /_flixconf/reset restores the fixtures.
func TestControlEndpoints(t *testing.T) {
	m := newMock(t)
	r := do(t, m, request{method: "POST", target: "/_flixconf/users"})
	var u mockserver.CredentialsUser
	if err := json.Unmarshal(body(t, r), &u); err != nil || r.StatusCode != 201 {
		t.Fatalf("create user: %d %v", r.StatusCode, err)
	}
	tok := oauth1.Credentials{Key: u.Token, Secret: u.TokenSecret}
	q := doc(t, do(t, m, request{method: "GET", target: "/users/" + u.ID + "/queues/instant?output=json", auth: protected, token: &tok}))["queue"].(map[string]any)
	if q["number_of_results"] != "0" {
		t.Fatalf("a fresh user's queue: %v", q)
	}
	var creds mockserver.Credentials
	json.Unmarshal(body(t, do(t, m, request{method: "GET", target: "/_flixconf/credentials"})), &creds)
	partners := 0
	for _, k := range creds.Keys {
		if k.Partner {
			partners++
		}
	}
	if partners != 8 || len(creds.Users) < 4 {
		t.Fatalf("credentials: %d partner keys, %d users", partners, len(creds.Users))
	}
	if r := do(t, m, request{method: "POST", target: "/_flixconf/reset"}); r.StatusCode != 200 {
		t.Fatalf("reset: %d", r.StatusCode)
	}
	if r := do(t, m, request{method: "GET", target: "/users/" + u.ID + "?output=json", auth: protected, token: &tok}); r.StatusCode != 401 {
		t.Fatalf("after reset the created user's token should be gone: %d", r.StatusCode)
	}
	off := newMock(t, mockserver.WithoutControl())
	if r := do(t, off, request{method: "GET", target: "/_flixconf/health"}); r.StatusCode != 404 {
		t.Fatalf("WithoutControl: health answers %d", r.StatusCode)
	}
}

// An answer is gzip-compressed when the client asks for it (2009 post "This Week's API
// Update"), and not otherwise.
func TestGzip(t *testing.T) {
	m := newMock(t)
	for _, c := range []struct {
		accept string
		gz     bool
	}{{"gzip", true}, {"deflate, gzip;q=0.5", true}, {"gzip;q=0", false}, {"", false}} {
		r := do(t, m, request{method: "GET", target: "/catalog/titles/movies/60001220", auth: signed, header: http.Header{"Accept-Encoding": {c.accept}}})
		if got := r.Header.Get("Content-Encoding") == "gzip"; got != c.gz {
			t.Errorf("Accept-Encoding %q: gzip %v, want %v", c.accept, got, c.gz)
			continue
		}
		b := body(t, r)
		if c.gz {
			zr, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if b, err = io.ReadAll(zr); err != nil {
				t.Fatal(err)
			}
		}
		if !strings.Contains(string(b), `<title short="Jaws"`) {
			t.Errorf("Accept-Encoding %q: body %.80s", c.accept, b)
		}
	}
}

// Every operation of every description has a handler, but the login page, which the mock
// serves by host (api-user.netflix.com) rather than by route.
func TestEveryOperationIsServed(t *testing.T) {
	for _, v := range spec.Versions() {
		ops, err := spec.Operations(v)
		if err != nil {
			t.Fatal(err)
		}
		for _, op := range ops {
			if op.Path == "/oauth/login" {
				continue
			}
			if !mockserver.Serves(op.ID) {
				t.Errorf("API %s: %s %s (%s) has no handler", v, op.Method, op.Path, op.ID)
			}
		}
	}
}

func TestQueueEntry(t *testing.T) {
	m := newMock(t)
	target := "/users/" + janeID + "/queues/disc/available/2/70142826?output=json"
	r := do(t, m, request{method: "GET", target: target, auth: protected})
	b := body(t, r)
	if r.StatusCode != 200 || !strings.Contains(string(b), "/queues/disc/available/2/70142826") {
		t.Fatalf("entry: %d %s", r.StatusCode, b)
	}
	conforms(t, "1.0", "GET", target, r, b)
	if r := do(t, m, request{method: "GET", target: "/users/" + janeID + "/queues/disc/available/1/70142826", auth: protected}); r.StatusCode != 404 {
		t.Fatalf("the wrong position: %d", r.StatusCode)
	}
}

// With an oauth_callback, a successful login sends the user back to it with the request token
// and the verifier (OAuth 1.0a), and request_token confirms the callback.
func TestLoginWithCallback(t *testing.T) {
	m := newMock(t)
	req := httptest.NewRequest("POST", "/oauth/request_token", nil)
	(&oauth1.Signer{Consumer: demoKey, Extra: map[string]string{"oauth_callback": "http://127.0.0.1:5555/back"}}).Sign(req)
	rec := serve(m, req)
	form, _ := url.ParseQuery(rec.Body.String())
	if rec.Code != 200 || form.Get("oauth_callback_confirmed") != "true" {
		t.Fatalf("request_token with a callback: %d %v", rec.Code, form)
	}
	r := do(t, m, request{method: "POST", target: "/oauth/login", form: url.Values{
		"oauth_token": {form.Get("oauth_token")}, "login": {"one@example.com"}, "password": {"nuid-one-password"}}})
	loc, err := url.Parse(r.Header.Get("Location"))
	if r.StatusCode != http.StatusFound || err != nil || loc.Host != "127.0.0.1:5555" || loc.Query().Get("oauth_token") != form.Get("oauth_token") || loc.Query().Get("oauth_verifier") == "" {
		t.Fatalf("login with a callback: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
}

// A saved entry (a title not yet released) has no position and sits in the saved part.
func TestSavedEntry(t *testing.T) {
	m := newMock(t)
	q := doc(t, do(t, m, request{method: "GET", target: "/users/nuid_one/queues/disc/saved?output=json", auth: protected, token: &nuidOne}))["queue"].(map[string]any)
	item := q["queue_item"].(map[string]any)
	if item["position"] != nil || !strings.HasSuffix(item["id"].(string), "/queues/disc/saved/70068647") {
		t.Fatalf("saved entry: %v", item)
	}
}
