package mockserver_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/flixconf/flixconf/internal/oauth1"
	"github.com/flixconf/flixconf/mockserver"
	"github.com/flixconf/flixconf/spec"
)

// stateDay is a day on which keys are still issued (until 2013-03-08) and Arthur (70167072)
// is not yet out on DVD (2011-07-15), so that queueing it fills a queue's saved part.
var stateDay = spec.MustDay("2011-01-01")

// stateMock is a mock keeping its state in path, on stateDay, with the real fixtures only
// (the synthetic titles are not needed and take time to build).
func stateMock(t *testing.T, path string) *mockserver.Server {
	t.Helper()
	return newMock(t, mockserver.WithStateFile(path), mockserver.WithDate(stateDay), mockserver.WithCatalogSize(0))
}

// sendAs answers one request signed with any consumer and token, a form body when given.
func sendAs(t *testing.T, h http.Handler, consumer oauth1.Credentials, token *oauth1.Credentials, method, target string, form url.Values) *http.Response {
	t.Helper()
	var b *strings.Reader
	if form != nil {
		b = strings.NewReader(form.Encode())
	} else {
		b = strings.NewReader("")
	}
	req := httptest.NewRequest(method, target, b)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if err := (&oauth1.Signer{Consumer: consumer, Token: token}).Sign(req); err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

var etagOf = regexp.MustCompile(`<etag>(\d+)</etag>`)

// mustWrite makes a write and returns the etag it answers; any status but want fails.
func mustWrite(t *testing.T, r *http.Response, want int, what string) string {
	t.Helper()
	b := body(t, r)
	if r.StatusCode != want {
		t.Fatalf("%s: %d, want %d: %s", what, r.StatusCode, want, b)
	}
	if m := etagOf.FindSubmatch(b); m != nil {
		return string(m[1])
	}
	return ""
}

const titleURL = "http://api.netflix.com/catalog/titles/movies/"

// Every part of the state survives a restart on the same file: a fixture user's queue in its
// new order, the saved part of a created user's queue, a rating, feed tokens, the created user
// with a token that still signs, an issued key and an access token from the OAuth dance that
// are still accepted, and the counters, so that new etags and new users never collide.
func TestStateRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	m1 := stateMock(t, path)
	janeURL := "/users/" + janeID

	// Jaws joins Jane's disc queue, then moves to the top.
	etag := mustWrite(t, do(t, m1, request{method: "GET", target: janeURL + "/queues/disc", auth: protected}), 200, "read the disc queue")
	etag = mustWrite(t, do(t, m1, request{method: "POST", target: janeURL + "/queues/disc", auth: protected,
		form: url.Values{"title_ref": {titleURL + "60001220"}, "etag": {etag}}}), 201, "add Jaws")
	etag = mustWrite(t, do(t, m1, request{method: "POST", target: janeURL + "/queues/disc", auth: protected,
		form: url.Values{"title_ref": {titleURL + "60001220"}, "position": {"1"}, "etag": {etag}}}), 201, "move Jaws to the top")
	mustWrite(t, do(t, m1, request{method: "POST", target: janeURL + "/ratings/title/actual", auth: protected,
		form: url.Values{"title_ref": {titleURL + "70113539"}, "rating": {"2"}}}), 201, "rate Sita Sings the Blues")

	// A created user queues Arthur, not yet out on DVD: it goes to the saved part.
	var fresh mockserver.CredentialsUser
	if err := json.Unmarshal(body(t, do(t, m1, request{method: "POST", target: "/_flixconf/users"})), &fresh); err != nil {
		t.Fatal(err)
	}
	freshTok := oauth1.Credentials{Key: fresh.Token, Secret: fresh.TokenSecret}
	freshQueue := "/users/" + fresh.ID + "/queues/disc"
	freshEtag := mustWrite(t, do(t, m1, request{method: "GET", target: freshQueue, auth: protected, token: &freshTok}), 200, "read the fresh user's queue")
	mustWrite(t, do(t, m1, request{method: "POST", target: freshQueue, auth: protected, token: &freshTok,
		form: url.Values{"title_ref": {titleURL + "70167072"}, "etag": {freshEtag}}}), 201, "queue Arthur")

	var key struct{ Key, Secret string }
	if err := json.Unmarshal(body(t, do(t, m1, request{method: "POST", target: "/_flixconf/keys", form: url.Values{"application": {"Queue Keeper"}}})), &key); err != nil || key.Key == "" {
		t.Fatalf("issue a key: %+v %v", key, err)
	}
	dance := danceToken(t, m1)

	// What a client reads after the writes, compared byte for byte after the restart.
	reads := []struct {
		target string
		token  *oauth1.Credentials
	}{
		{janeURL + "/queues/disc", nil},
		{janeURL + "/queues/instant", nil},
		{janeURL + "/ratings/title/actual?title_refs=" + url.QueryEscape(titleURL+"70113539"), nil},
		{janeURL + "/feeds", nil},
		{freshQueue, &freshTok},
		{freshQueue + "/saved", &freshTok},
	}
	before := map[string]string{}
	for _, r := range reads {
		res := do(t, m1, request{method: "GET", target: r.target, auth: protected, token: r.token})
		before[r.target] = string(body(t, res))
	}
	if !strings.Contains(before[freshQueue+"/saved"], "70167072") {
		t.Fatalf("Arthur should be in the saved part before the restart: %s", before[freshQueue+"/saved"])
	}
	credsBefore := string(body(t, do(t, m1, request{method: "GET", target: "/_flixconf/credentials"})))

	m2 := stateMock(t, path)
	for _, r := range reads {
		res := do(t, m2, request{method: "GET", target: r.target, auth: protected, token: r.token})
		if got := string(body(t, res)); res.StatusCode != 200 || got != before[r.target] {
			t.Errorf("GET %s after the restart: %d\n%s\nwant\n%s", r.target, res.StatusCode, got, before[r.target])
		}
	}
	if got := string(body(t, do(t, m2, request{method: "GET", target: "/_flixconf/credentials"}))); got != credsBefore {
		t.Errorf("credentials after the restart:\n%s\nwant\n%s", got, credsBefore)
	}
	// The top of Jane's queue is Jaws, as the move left it.
	if q := before[janeURL+"/queues/disc"]; !strings.Contains(q, "/disc/available/1/60001220") {
		t.Errorf("Jaws is not first in Jane's disc queue: %s", q)
	}
	if r := sendAs(t, m2, oauth1.Credentials{Key: key.Key, Secret: key.Secret}, nil, "GET", "/catalog/titles/movies/60001220", nil); r.StatusCode != 200 {
		t.Errorf("the issued key after the restart: %d %s", r.StatusCode, body(t, r))
	}
	if r := do(t, m2, request{method: "GET", target: "/users/current", auth: protected, token: &dance}); r.StatusCode != 200 || !strings.Contains(string(body(t, r)), janeID) {
		t.Errorf("the dance's access token after the restart: %d", r.StatusCode)
	}

	// The counters carry on: the next etag is new and the next user is the second one.
	next := mustWrite(t, do(t, m2, request{method: "POST", target: janeURL + "/queues/disc", auth: protected,
		form: url.Values{"title_ref": {titleURL + "60001220"}, "position": {"2"}, "etag": {etag}}}), 201, "move Jaws after the restart")
	if n, _ := strconv.Atoi(next); n <= atoi(t, etag) || n <= atoi(t, freshEtag) {
		t.Errorf("etag %s after the restart should be past every earlier one (%s, %s)", next, etag, freshEtag)
	}
	var second mockserver.CredentialsUser
	json.Unmarshal(body(t, do(t, m2, request{method: "POST", target: "/_flixconf/users"})), &second)
	if second.ID == fresh.ID || second.ID == "" {
		t.Errorf("a user created after the restart got id %q, the first one had %q", second.ID, fresh.ID)
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// danceToken goes through the OAuth dance as Jane with the demo key and returns the access
// token it gives.
func danceToken(t *testing.T, m http.Handler) oauth1.Credentials {
	t.Helper()
	r := do(t, m, request{method: "POST", target: "/oauth/request_token", form: url.Values{}, auth: signed})
	rt, err := url.ParseQuery(string(body(t, r)))
	if err != nil || r.StatusCode != 200 {
		t.Fatalf("request_token: %d %v", r.StatusCode, err)
	}
	page := string(body(t, do(t, m, request{method: "POST", target: "/oauth/login", form: url.Values{
		"oauth_token": {rt.Get("oauth_token")}, "login": {"jane@example.com"}, "password": {"jaws-1975"}}})))
	v := regexp.MustCompile(`id="oauth_verifier">([0-9a-f]+)<`).FindStringSubmatch(page)
	if v == nil {
		t.Fatalf("login: %s", page)
	}
	req := httptest.NewRequest("POST", "/oauth/access_token", strings.NewReader(""))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	s := &oauth1.Signer{Consumer: demoKey, Token: &oauth1.Credentials{Key: rt.Get("oauth_token"), Secret: rt.Get("oauth_token_secret")},
		Extra: map[string]string{"oauth_verifier": v[1]}}
	if err := s.Sign(req); err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	m.ServeHTTP(rec, req)
	at, err := url.ParseQuery(rec.Body.String())
	if err != nil || rec.Code != 200 || at.Get("oauth_token") == "" {
		t.Fatalf("access_token: %d %s", rec.Code, rec.Body)
	}
	return oauth1.Credentials{Key: at.Get("oauth_token"), Secret: at.Get("oauth_token_secret")}
}

// A save is atomic: a crash after the temporary file was written but before the rename leaves
// the previous file whole, and the temporary file is ignored, then replaced, on the next start.
func TestStateFileAtomic(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	m1 := stateMock(t, path)
	mustWrite(t, do(t, m1, request{method: "POST", target: "/users/" + janeID + "/queues/instant", auth: protected,
		form: url.Values{"title_ref": {titleURL + "512381"}}}), 201, "queue Fly Away Home")
	saved, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + ".tmp"); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a save left its temporary file: %v", err)
	}
	// The crash: a half-written next save under the temporary name.
	if err := os.WriteFile(path+".tmp", []byte(`{"format": 1, "users": [{"id": "trunc`), 0o600); err != nil {
		t.Fatal(err)
	}
	stateMock(t, path)
	again, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, saved) {
		t.Errorf("the file after a restart past a crashed save differs from the last good save:\n%s\nwant\n%s", again, saved)
	}
	if _, err := os.Stat(path + ".tmp"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the crashed save's temporary file is still there: %v", err)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the file holds passwords and tokens: mode %v, want 0600 (%v)", info.Mode().Perm(), err)
	}

	// A leftover readable by anyone, then a symbolic link, at the temporary name: the next
	// save still makes a 0600 file of its own and writes nothing through the link.
	if err := os.WriteFile(path+".tmp", []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	rate := do(t, m1, request{method: "POST", target: "/users/" + janeID + "/ratings/title/actual", auth: protected,
		form: url.Values{"title_ref": {titleURL + "60001220"}, "rating": {"4"}}})
	if rate.StatusCode/100 != 2 {
		t.Fatalf("rate Jaws: %d %s", rate.StatusCode, body(t, rate))
	}
	if info, err := os.Lstat(path); err != nil || !info.Mode().IsRegular() || info.Mode().Perm() != 0o600 {
		t.Fatalf("after a save over a 0644 leftover: %v, %v; want a regular file with mode 0600", info.Mode(), err)
	}
	target := filepath.Join(t.TempDir(), "elsewhere")
	if err := os.WriteFile(target, []byte("untouched"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, path+".tmp"); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, do(t, m1, request{method: "POST", target: "/users/" + janeID + "/queues/instant", auth: protected,
		form: url.Values{"title_ref": {titleURL + "512381"}, "position": {"1"}}}), 201, "move Fly Away Home")
	if b, err := os.ReadFile(target); err != nil || string(b) != "untouched" {
		t.Fatalf("a save wrote through a symbolic link at the temporary name: %q, %v", b, err)
	}
	if info, err := os.Lstat(path); err != nil || !info.Mode().IsRegular() || info.Mode().Perm() != 0o600 {
		t.Fatalf("after a save over a link: %v, %v; want a regular file with mode 0600", info.Mode(), err)
	}
}

// A file the mock cannot read, parse or serve stops New with an error naming the file, and is
// left as it was, never replaced by a fresh state.
func TestStateFileRefused(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	stateMock(t, good)
	valid, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	edit := func(from, to string) string {
		if !strings.Contains(string(valid), from) {
			t.Fatalf("the state file has no %q", from)
		}
		return strings.Replace(string(valid), from, to, 1)
	}
	// created is the valid file with one created user of the given profile.
	created := func(profile string) string {
		v := edit(`"created_users": 0`, `"created_users": 1`)
		return strings.Replace(v, `"users": [`, `"users": [{"id": "T1flixconfCreated00000001-", "profile": {`+profile+`}, "feed_token": "f", "queues": {"disc": {"etag": "1", "available": [], "saved": []}, "instant": {"etag": "1", "available": [], "saved": []}}, "ratings": {}},`, 1)
	}
	cases := []struct {
		name, content, want string
	}{
		{"not JSON", "queues: yes\n", "not a state file"},
		{"a later format", edit(`"format": 1`, `"format": 2`), "unknown format 2"},
		{"no format", edit(`"format": 1,`, ``), "unknown format none"},
		{"an unknown field", edit(`"format": 1,`, `"format": 1, "extra": true,`), "unknown field"},
		{"an unknown title", edit(`"title": "70167072"`, `"title": "99999999"`), `title "99999999" is not in this catalog`},
		{"a created user past the counter", edit(`"users": [`, `"users": [{"id": "T1flixconfCreated00000009-", "profile": {"token": {"key": "k", "secret": "s"}}, "feed_token": "f", "queues": {}, "ratings": {}},`), "not the id of one of the 0 created users"},
		{"an etag past the counter", edit(`"etag_counter": 6`, `"etag_counter": 2`), "want a number from 1 to etag_counter (2)"},
		{"a login taken", created(`"login": "JANE@example.com", "token": {"key": "k", "secret": "s"}`), `login "JANE@example.com" is user`},
		{"a token taken", created(`"login": "new@example.com", "token": {"key": "jane-access-token", "secret": "s"}`), `access token "jane-access-token" is another user's`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-")+".json")
			if err := os.WriteFile(path, []byte(c.content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := mockserver.New(mockserver.WithStateFile(path), mockserver.WithCatalogSize(0))
			var se *mockserver.StateError
			if !errors.As(err, &se) || se.Path != path || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("New: %v, want a StateError naming %s and saying %q", err, path, c.want)
			}
			if after, _ := os.ReadFile(path); string(after) != c.content {
				t.Errorf("the refused file was changed")
			}
		})
	}
	for name, path := range map[string]string{
		"a directory":      dir,
		"a missing folder": filepath.Join(dir, "missing", "state.json"),
	} {
		_, err := mockserver.New(mockserver.WithStateFile(path), mockserver.WithCatalogSize(0))
		var se *mockserver.StateError
		if !errors.As(err, &se) || se.Path != path {
			t.Errorf("%s: New: %v, want a StateError naming %s", name, err, path)
		}
	}
}

// POST /_flixconf/reset empties the file too: after a restart the fixtures are back.
func TestStateReset(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	m1 := stateMock(t, path)
	mustWrite(t, do(t, m1, request{method: "POST", target: "/users/" + janeID + "/queues/instant", auth: protected,
		form: url.Values{"title_ref": {titleURL + "512381"}}}), 201, "queue Fly Away Home")
	do(t, m1, request{method: "POST", target: "/_flixconf/users"})
	if r := do(t, m1, request{method: "POST", target: "/_flixconf/reset"}); r.StatusCode != 200 {
		t.Fatalf("reset: %d", r.StatusCode)
	}
	type user struct {
		Profile json.RawMessage `json:"profile"`
	}
	var f struct {
		CreatedUsers int    `json:"created_users"`
		Users        []user `json:"users"`
	}
	data, _ := os.ReadFile(path)
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	if f.CreatedUsers != 0 || slices.ContainsFunc(f.Users, func(u user) bool { return u.Profile != nil }) {
		t.Errorf("after reset the file still holds created users: %s", data)
	}
	m2 := stateMock(t, path)
	q := string(body(t, do(t, m2, request{method: "GET", target: "/users/" + janeID + "/queues/instant", auth: protected})))
	if strings.Contains(q, "512381") {
		t.Errorf("after reset and a restart Jane's instant queue still holds the title queued before: %s", q)
	}
}

// Writers at once: every write answered 2xx is in the file afterwards, so no save wrote an
// older state over a newer one.
func TestStateConcurrentWrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	m1 := stateMock(t, path)
	const writers, each = 8, 6
	var users []mockserver.CredentialsUser
	for range writers {
		var u mockserver.CredentialsUser
		json.Unmarshal(body(t, do(t, m1, request{method: "POST", target: "/_flixconf/users"})), &u)
		users = append(users, u)
	}
	titles := []string{"60001220", "70113539", "70108988", "70117306", "70105135", "512381"}
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for _, u := range users {
		wg.Go(func() {
			tok := oauth1.Credentials{Key: u.Token, Secret: u.TokenSecret}
			for _, title := range titles[:each] {
				r := sendAs(t, m1, demoKey, &tok, "POST", "/users/"+u.ID+"/queues/instant", url.Values{"title_ref": {titleURL + title}})
				if r.StatusCode != 201 {
					errs <- fmt.Errorf("user %s queues %s: %d", u.ID, title, r.StatusCode)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var f struct {
		Users []struct {
			ID     string `json:"id"`
			Queues map[string]struct {
				Available []struct{ Title string } `json:"available"`
				Saved     []struct{ Title string } `json:"saved"`
			} `json:"queues"`
		} `json:"users"`
	}
	data, _ := os.ReadFile(path)
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, u := range f.Users {
		if !slices.ContainsFunc(users, func(c mockserver.CredentialsUser) bool { return c.ID == u.ID }) {
			continue
		}
		q := u.Queues["instant"]
		var got []string
		for _, e := range slices.Concat(q.Available, q.Saved) {
			got = append(got, e.Title)
		}
		slices.Sort(got)
		want := slices.Sorted(slices.Values(titles[:each]))
		if !slices.Equal(got, want) {
			t.Errorf("user %s: the file holds %v, want %v", u.ID, got, want)
		}
		found++
	}
	if found != writers {
		t.Errorf("the file holds %d of the %d created users", found, writers)
	}
}

// When the file cannot be written, a write is answered 500 with the reason instead of a 2xx
// that would promise it was kept.
func TestStateNotSaved(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "gone")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	m := stateMock(t, filepath.Join(dir, "state.json"))
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	r := do(t, m, request{method: "POST", target: "/users/" + janeID + "/queues/instant", auth: protected,
		form: url.Values{"title_ref": {titleURL + "512381"}}})
	if b := string(body(t, r)); r.StatusCode != 500 || !strings.Contains(b, "<message>State Not Saved") {
		t.Errorf("a write that cannot be saved: %d %s", r.StatusCode, b)
	}
	if err := m.SaveState(); err == nil {
		t.Error("SaveState with the folder gone: no error")
	}
}

// BenchmarkQueueMove measures a write (moving a title in the instant queue) with the state
// in memory and with it saved to a file before each answer, one writer at a time and 32 at
// once (whose saves are grouped).
func BenchmarkQueueMove(b *testing.B) {
	move := func(b *testing.B, m http.Handler) {
		form := url.Values{"title_ref": {titleURL + "70113539"}, "position": {"1"}}
		req := httptest.NewRequest("POST", "/users/"+janeID+"/queues/instant", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		(&oauth1.Signer{Consumer: demoKey, Token: &jane}).Sign(req)
		rec := httptest.NewRecorder()
		m.ServeHTTP(rec, req)
		if rec.Code != 201 {
			b.Errorf("move: %d %s", rec.Code, rec.Body)
		}
	}
	for _, withFile := range []bool{false, true} {
		name := "memory"
		opts := []mockserver.Option{mockserver.WithDate(stateDay), mockserver.WithCatalogSize(0)}
		if withFile {
			name = "state-file"
			opts = append(opts, mockserver.WithStateFile(filepath.Join(b.TempDir(), "state.json")))
		}
		m, err := mockserver.New(opts...)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				move(b, m)
			}
		})
		b.Run(name+"-32-writers", func(b *testing.B) {
			b.SetParallelism((32 + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					move(b, m)
				}
			})
		})
	}
}
