package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flixconf/flixconf/fixtures"
	signer "github.com/flixconf/flixconf/internal/oauth1"
	"github.com/flixconf/flixconf/mockserver"
)

// stateServer is `flixconf serve --state` running as a subprocess, to be killed hard.
type stateServer struct {
	base  string
	proc  serveProcess
	creds mockserver.Credentials
	http  *http.Client
}

// startStateServer starts `flixconf serve --state path` (serve's helper) on a day when keys
// are still issued.
func startStateServer(t *testing.T, path string) *stateServer {
	t.Helper()
	p := startServe(t, "--catalog-size", "0", "--date", "2012-06-01", "--state", path)
	s := &stateServer{base: p.url, proc: p, http: loopbackClient(nil)}
	s.creds = s.credentials(t)
	return s
}

// kill ends the server with SIGKILL: no shutdown save, no cleanup.
func (s *stateServer) kill(t *testing.T) {
	t.Helper()
	s.proc.kill(t)
}

func (s *stateServer) credentials(t *testing.T) mockserver.Credentials {
	t.Helper()
	var c mockserver.Credentials
	b, status, err := s.send(nil, "GET", "/_flixconf/credentials", nil)
	if err != nil || status != 200 {
		t.Fatalf("credentials: %d %v", status, err)
	}
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// demoKey is the first key that is not a partner's.
func (s *stateServer) demoKey() signer.Credentials {
	for _, k := range s.creds.Keys {
		if !k.Partner {
			return signer.Credentials{Key: k.Key, Secret: k.Secret}
		}
	}
	return signer.Credentials{}
}

// send makes one request, signed when sign is given, with a form body when form is.
func (s *stateServer) send(sign *signer.Signer, method, path string, form url.Values) ([]byte, int, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, s.base+path, body)
	if err != nil {
		return nil, 0, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if sign != nil {
		if err := sign.Sign(req); err != nil {
			return nil, 0, err
		}
	}
	resp, err := s.http.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return b, resp.StatusCode, err
}

// as signs with the demo key and a user's access token.
func (s *stateServer) as(token, secret string) *signer.Signer {
	return &signer.Signer{Consumer: s.demoKey(), Token: &signer.Credentials{Key: token, Secret: secret}}
}

// must makes a request that must answer want, and returns the body.
func (s *stateServer) must(t *testing.T, sign *signer.Signer, method, path string, form url.Values, want int) string {
	t.Helper()
	b, status, err := s.send(sign, method, path, form)
	if err != nil || status != want {
		t.Fatalf("%s %s: %d %v, want %d: %.400s", method, path, status, err, want, b)
	}
	return string(b)
}

var (
	stateEtag    = regexp.MustCompile(`<etag>(\d+)</etag>`)
	stateQueueID = regexp.MustCompile(`<id>[^<]*/queues/\w+/(?:available/\d+|saved)/(\d+)</id>`)
)

func etagIn(t *testing.T, doc string) string {
	t.Helper()
	m := stateEtag.FindStringSubmatch(doc)
	if m == nil {
		t.Fatalf("no etag in %.400s", doc)
	}
	return m[1]
}

// queuedTitles are the title ids of a queue document, in order.
func queuedTitles(doc string) []string {
	var ids []string
	for _, m := range stateQueueID.FindAllStringSubmatch(doc, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

const stateTitleURL = "http://api.netflix.com/catalog/titles/movies/"

// What the README promises for --state: every write the mock answered 2xx survives a SIGKILL
// sent right after the answer, and a SIGKILL in the middle of a burst of concurrent writes
// leaves a file that parses and holds every write answered before the kill.
func TestStateSurvivesKill(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	s := startStateServer(t, path)
	jane := s.creds.Users[0]
	asJane := s.as(jane.Token, jane.TokenSecret)
	disc := "/users/" + jane.ID + "/queues/disc"

	// Acknowledged writes: Jaws added to Jane's disc queue and moved to the top, a rating, a
	// fresh user with a title in its queue, an issued key.
	etag := etagIn(t, s.must(t, asJane, "GET", disc, nil, 200))
	etag = etagIn(t, s.must(t, asJane, "POST", disc, url.Values{"title_ref": {stateTitleURL + "60001220"}, "etag": {etag}}, 201))
	etag = etagIn(t, s.must(t, asJane, "POST", disc, url.Values{"title_ref": {stateTitleURL + "60001220"}, "position": {"1"}, "etag": {etag}}, 201))
	order := queuedTitles(s.must(t, asJane, "GET", disc, nil, 200))
	if len(order) < 2 || order[0] != "60001220" {
		t.Fatalf("Jaws should lead Jane's disc queue: %v", order)
	}
	s.must(t, asJane, "POST", "/users/"+jane.ID+"/ratings/title/actual", url.Values{"title_ref": {stateTitleURL + "70113539"}, "rating": {"2"}}, 201)
	var fresh mockserver.CredentialsUser
	json.Unmarshal([]byte(s.must(t, nil, "POST", "/_flixconf/users", nil, 201)), &fresh)
	asFresh := s.as(fresh.Token, fresh.TokenSecret)
	s.must(t, asFresh, "POST", "/users/"+fresh.ID+"/queues/instant", url.Values{"title_ref": {stateTitleURL + "512381"}}, 201)
	var key fixtures.Key
	json.Unmarshal([]byte(s.must(t, nil, "POST", "/_flixconf/keys", url.Values{"application": {"Queue Keeper"}}, 201)), &key)
	s.kill(t)

	s = startStateServer(t, path)
	if got := s.must(t, asJane, "GET", disc, nil, 200); etagIn(t, got) != etag || !slices.Equal(queuedTitles(got), order) {
		t.Errorf("Jane's disc queue after the kill: etag %s, %v; want etag %s, %v", etagIn(t, got), queuedTitles(got), etag, order)
	}
	rating := s.must(t, asJane, "GET", "/users/"+jane.ID+"/ratings/title/actual?title_refs="+url.QueryEscape(stateTitleURL+"70113539"), nil, 200)
	if !strings.Contains(rating, "<user_rating>2</user_rating>") {
		t.Errorf("Jane's rating of Sita Sings the Blues after the kill: %.600s", rating)
	}
	if got := queuedTitles(s.must(t, asFresh, "GET", "/users/"+fresh.ID+"/queues/instant", nil, 200)); !slices.Equal(got, []string{"512381"}) {
		t.Errorf("the fresh user's instant queue after the kill: %v, want [512381]", got)
	}
	s.must(t, &signer.Signer{Consumer: signer.Credentials{Key: key.Key, Secret: key.Secret}}, "GET", "/catalog/titles/movies/60001220", nil, 200)

	acked := burstUntilKilled(t, s)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Format int `json:"format"`
		Users  []struct {
			ID     string `json:"id"`
			Queues map[string]struct {
				Available []struct{ Title string } `json:"available"`
				Saved     []struct{ Title string } `json:"saved"`
			} `json:"queues"`
		} `json:"users"`
	}
	if err := json.Unmarshal(data, &file); err != nil || file.Format != mockserver.StateFormat {
		t.Fatalf("the file after a kill during a burst does not parse (%v, format %d): %.300s", err, file.Format, data)
	}
	inFile := map[string][]string{}
	for _, u := range file.Users {
		q := u.Queues["instant"]
		for _, e := range slices.Concat(q.Available, q.Saved) {
			inFile[u.ID] = append(inFile[u.ID], e.Title)
		}
	}
	total := 0
	for user, titles := range acked {
		for _, title := range titles {
			total++
			if !slices.Contains(inFile[user], title) {
				t.Errorf("user %s: title %s was acknowledged before the kill but is not in the file", user, title)
			}
		}
	}
	t.Logf("%d writes acknowledged before the kill", total)

	// The file starts the mock again, and the writes before the burst are still there.
	s = startStateServer(t, path)
	if got := s.must(t, asJane, "GET", disc, nil, 200); !slices.Equal(queuedTitles(got), order) {
		t.Errorf("Jane's disc queue after the second kill: %v, want %v", queuedTitles(got), order)
	}
}

// burstUntilKilled has fresh users add titles to their instant queues at once, kills the
// server with SIGKILL while they are still writing, and returns, per user, the titles whose
// addition was answered 201 before the kill.
func burstUntilKilled(t *testing.T, s *stateServer) map[string][]string {
	t.Helper()
	const writers, killAfter = 8, 40
	titles := []string{"60001220", "70113539", "70108988", "70117306", "70105135", "512381",
		"60032294", "251454", "70071613", "60031755", "70167072", "70142826"}
	var (
		mu    sync.Mutex
		acked = map[string][]string{}
		count atomic.Int64
		wg    sync.WaitGroup
	)
	enough := make(chan struct{})
	var once sync.Once
	for range writers {
		var u mockserver.CredentialsUser
		if err := json.Unmarshal([]byte(s.must(t, nil, "POST", "/_flixconf/users", nil, 201)), &u); err != nil {
			t.Fatal(err)
		}
		wg.Go(func() {
			sign := s.as(u.Token, u.TokenSecret)
			for _, title := range titles {
				_, status, err := s.send(sign, "POST", "/users/"+u.ID+"/queues/instant", url.Values{"title_ref": {stateTitleURL + title}})
				if err != nil {
					return // the server is gone
				}
				if status != http.StatusCreated {
					t.Errorf("user %s adds %s: %d", u.ID, title, status)
					return
				}
				mu.Lock()
				acked[u.ID] = append(acked[u.ID], title)
				mu.Unlock()
				if count.Add(1) >= killAfter {
					once.Do(func() { close(enough) })
				}
			}
		})
	}
	timedOut := false
	select {
	case <-enough:
	case <-time.After(20 * time.Second):
		timedOut = true
	}
	// The writers stop with the server, before the test may end.
	s.kill(t)
	wg.Wait()
	if timedOut {
		t.Fatalf("only %d writes answered in 20 s", count.Load())
	}
	if n := count.Load(); n >= writers*int64(len(titles)) {
		t.Fatalf("all %d writes were answered before the kill: the kill did not land during the burst", n)
	}
	mu.Lock()
	defer mu.Unlock()
	return acked
}

// --state that cannot be used stops serve at start-up with a usage error naming the flag and
// the file: a folder that does not exist, a path that cannot be read as a file, a file that is
// not a state file (given through the environment variable).
func TestStateFlagErrors(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.json")
	if err := os.WriteFile(garbage, []byte("not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		env  []string
		args []string
		path string
	}{
		{"missing folder", nil, []string{"--state", filepath.Join(dir, "missing", "state.json")}, filepath.Join(dir, "missing", "state.json")},
		{"unreadable file", nil, []string{"--state", dir}, dir},
		{"not a state file", []string{"FLIXCONF_SERVE_STATE=" + garbage}, nil, garbage},
	}
	t.Run("start", func(t *testing.T) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				res := flixconf(t, c.env, append([]string{"serve", "--addr", "127.0.0.1:0", "--catalog-size", "0"}, c.args...)...)
				want := fmt.Sprintf("--state (or FLIXCONF_SERVE_STATE) %s: ", c.path)
				if res.code != exitUsage || !strings.Contains(res.stderr, want) {
					t.Fatalf("exit %d, stderr %q; want exit %d and %q", res.code, res.stderr, exitUsage, want)
				}
			})
		}
	})
	if data, _ := os.ReadFile(garbage); string(data) != "not json" {
		t.Errorf("a refused state file was overwritten: %q", data)
	}
}
