package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/flixconf/flixconf/internal/loadgen"
	"github.com/flixconf/flixconf/internal/oauth1"
	"github.com/flixconf/flixconf/mockserver"
)

// The servers and workloads of the load table; the goals find their cells by these names.
const (
	serverMock  = "flixconf mock"
	serverPrism = "Prism " + prismVersion
	// serverPrismBare is Prism with the example alone, without the answer's schema.
	serverPrismBare = "Prism, no answer schema"
	serverWireMock  = "WireMock " + wireMockVersion
	serverBare      = "bare Go net/http"

	workloadXML          = "signed 1.0 catalog title, XML"
	workloadJSON         = "signed 1.0 catalog title, JSON"
	workloadSearch       = "search, a page of 25 titles"
	workloadQueue        = "queue adds and moves, a user per conn"
	workloadAutocomplete = "autocomplete, consumer key only"
)

const (
	// titleID is the title of the title cells: Jaws, whose answer the suite checks against
	// the recorded real one.
	titleID   = "60001220"
	titlePath = "/catalog/titles/movies/" + titleID
	// searchTerm is the term of the search and autocomplete cells; setUp checks that it
	// finds a full page.
	searchTerm = "the"
	searchPage = 25
	// poolTerm finds the titles the queue cells add.
	poolTerm = "a"
)

// mockClient talks to a running mock: its credentials, fresh users, signed requests.
type mockClient struct {
	base   string
	key    oauth1.Credentials
	client *http.Client
}

// newMockClient reads the mock's first developer key that is not a partner's.
func newMockClient(base string) (*mockClient, error) {
	m := &mockClient{base: base, client: &http.Client{Timeout: 30 * time.Second}}
	var creds mockserver.Credentials
	if err := m.getJSON(http.MethodGet, mockserver.ControlPrefix+"credentials", &creds); err != nil {
		return nil, err
	}
	for _, k := range creds.Keys {
		if !k.Partner {
			m.key = oauth1.Credentials{Key: k.Key, Secret: k.Secret}
			return m, nil
		}
	}
	return nil, fmt.Errorf("GET %scredentials lists no developer key", mockserver.ControlPrefix)
}

func (m *mockClient) getJSON(method, path string, v any) error {
	req, err := http.NewRequest(method, m.base+path, nil)
	if err != nil {
		return err
	}
	status, _, body, err := m.do(req)
	if err != nil {
		return err
	}
	if status/100 != 2 {
		return fmt.Errorf("%s %s: status %d: %s", method, path, status, body)
	}
	return json.Unmarshal(body, v)
}

// do sends req and reads its whole answer.
func (m *mockClient) do(req *http.Request) (int, http.Header, []byte, error) {
	resp, err := m.client.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, body, err
}

// signed builds a GET of base+path signed with the developer key, as the API's "signed"
// level wants; every call gets a fresh nonce and timestamp.
func (m *mockClient) signed(base, path string) (*http.Request, error) {
	req, err := http.NewRequest(http.MethodGet, base+path, nil)
	if err != nil {
		return nil, err
	}
	return req, (&oauth1.Signer{Consumer: m.key}).Sign(req)
}

// fetchSigned gets path from the mock, signed, and wants a 200.
func (m *mockClient) fetchSigned(path string) (http.Header, []byte, error) {
	req, err := m.signed(m.base, path)
	if err != nil {
		return nil, nil, err
	}
	status, header, body, err := m.do(req)
	if err != nil {
		return nil, nil, err
	}
	if status != http.StatusOK {
		return nil, nil, fmt.Errorf("GET %s: status %d: %s", path, status, excerpt(body))
	}
	return header, body, nil
}

// newUser makes a fresh user with empty queues.
func (m *mockClient) newUser() (mockserver.CredentialsUser, error) {
	var u mockserver.CredentialsUser
	err := m.getJSON(http.MethodPost, mockserver.ControlPrefix+"users", &u)
	return u, err
}

// loads are the mock's workloads, each a load for a number of connections.
type loads struct {
	m    *mockClient
	pool []string // title URLs for the queue cells
}

// titleLoad asks for the title cell's title, signed, from base (any of the servers): the same
// request for each, so that they are compared on the same work of the load generator.
func (m *mockClient) titleLoad(base, query string) loadgen.Load {
	return loadgen.Load{Request: func(int) (*http.Request, error) { return m.signed(base, titlePath+query) }}
}

// setUp checks the workloads' premises against the mock and gathers the queue cells' titles.
func (m *mockClient) setUp() (*loads, error) {
	_, body, err := m.fetchSigned("/catalog/titles?term=" + searchTerm + "&max_results=" + strconv.Itoa(searchPage))
	if err != nil {
		return nil, err
	}
	total, _ := strconv.Atoi(string(firstGroup(numberOfResults, body)))
	if n := bytes.Count(body, []byte("<catalog_title>")); n != searchPage || total < searchPage {
		return nil, fmt.Errorf("searching %q answers %d titles of %d: want a page of %d", searchTerm, n, total, searchPage)
	}
	l := &loads{m: m}
	for start := 0; ; start += 100 {
		_, body, err := m.fetchSigned(fmt.Sprintf("/catalog/titles?term=%s&max_results=100&start_index=%d", poolTerm, start))
		if err != nil {
			return nil, err
		}
		ids := titleIDs.FindAllSubmatch(body, -1)
		for _, id := range ids {
			l.pool = append(l.pool, string(id[1]))
		}
		if len(ids) < 100 {
			break
		}
	}
	if len(l.pool) < 1000 {
		return nil, fmt.Errorf("searching %q finds %d titles: the queue cells want 1,000 or more", poolTerm, len(l.pool))
	}
	return l, nil
}

var (
	numberOfResults = regexp.MustCompile(`<number_of_results>(\d+)</number_of_results>`)
	titleIDs        = regexp.MustCompile(`<catalog_title>\s*<id>([^<]+)</id>`)
	etagElement     = regexp.MustCompile(`<etag>([^<]+)</etag>`)
)

func firstGroup(re *regexp.Regexp, b []byte) []byte {
	if m := re.FindSubmatch(b); m != nil {
		return m[1]
	}
	return nil
}

// search is a page of 25 titles, signed.
func (l *loads) search() loadgen.Load {
	path := "/catalog/titles?term=" + searchTerm + "&max_results=" + strconv.Itoa(searchPage)
	return loadgen.Load{Request: func(int) (*http.Request, error) { return l.m.signed(l.m.base, path) }}
}

// autocomplete sends the consumer key alone, unsigned, as the API's autocomplete allowed.
func (l *loads) autocomplete() loadgen.Load {
	target := l.m.base + "/catalog/titles/autocomplete?term=" + searchTerm + "&oauth_consumer_key=" + url.QueryEscape(l.m.key.Key)
	return loadgen.Load{Request: func(int) (*http.Request, error) { return http.NewRequest(http.MethodGet, target, nil) }}
}

// queueWorker is one worker of the queue cells: a user of its own, the etag its last answer
// gave, and the titles it knows to be in its queue's available part.
type queueWorker struct {
	user      mockserver.CredentialsUser
	signer    oauth1.Signer
	etag      string
	stale     bool // the last write failed, so the etag must be read again
	next      int  // the next title of the pool to add
	offset    int
	available []string
	pending   string // the title being added, "" for a move
	rng       *rand.Rand
	adds      int
	moves     int
}

// queueLoad is conns users, each adding titles to its disc queue and moving one of them to
// another place in turn, with the etag of the answer before, as a client does. A 412 would be
// a client's mistake here, so it counts as an error like any non-2xx. When a user has added
// every title of the pool it only moves.
type queueLoad struct {
	l       *loads
	workers []*queueWorker
}

func (l *loads) queue(conns int) (*queueLoad, error) {
	q := &queueLoad{l: l}
	for i := range conns {
		u, err := l.m.newUser()
		if err != nil {
			return nil, err
		}
		w := &queueWorker{user: u, offset: i * 97 % len(l.pool), rng: rand.New(rand.NewPCG(uint64(i), 1)),
			signer: oauth1.Signer{Consumer: l.m.key, Token: &oauth1.Credentials{Key: u.Token, Secret: u.TokenSecret}}}
		if err := q.readEtag(w); err != nil {
			return nil, err
		}
		q.workers = append(q.workers, w)
	}
	return q, nil
}

func (q *queueLoad) queueURL(w *queueWorker) string {
	return q.l.m.base + "/users/" + url.PathEscape(w.user.ID) + "/queues/disc"
}

// readQueue reads the worker's queue, signed as the worker, and returns the answer's body;
// any status but 200 is an error.
func (q *queueLoad) readQueue(w *queueWorker, query string) ([]byte, error) {
	req, err := http.NewRequest(http.MethodGet, q.queueURL(w)+query, nil)
	if err != nil {
		return nil, err
	}
	if err := w.signer.Sign(req); err != nil {
		return nil, err
	}
	status, _, body, err := q.l.m.do(req)
	if err != nil {
		return nil, err
	}
	if status != http.StatusOK {
		return nil, fmt.Errorf("reading the queue of %s: status %d: %s", w.user.ID, status, excerpt(body))
	}
	return body, nil
}

// readEtag reads the worker's queue for its etag, as a client does first.
func (q *queueLoad) readEtag(w *queueWorker) error {
	body, err := q.readQueue(w, "")
	if err != nil {
		return err
	}
	etag := firstGroup(etagElement, body)
	if etag == nil {
		return fmt.Errorf("reading the queue of %s: no etag: %s", w.user.ID, excerpt(body))
	}
	w.etag, w.stale = string(etag), false
	return nil
}

// load is the queue cell for the load generator.
func (q *queueLoad) load() loadgen.Load {
	return loadgen.Load{Request: q.request, Check: q.check}
}

// request is a worker's next write: an add of the next title of the pool, or a move of one of
// its queued titles to a random place.
func (q *queueLoad) request(i int) (*http.Request, error) {
	w := q.workers[i]
	if w.stale {
		if err := q.readEtag(w); err != nil {
			return nil, err
		}
	}
	form := url.Values{"etag": {w.etag}}
	pool := q.l.pool
	if (w.adds+w.moves)%2 == 0 && w.next < len(pool) || len(w.available) == 0 {
		w.pending = pool[(w.offset+w.next)%len(pool)]
		w.next++
		form.Set("title_ref", w.pending)
	} else {
		w.pending = ""
		form.Set("title_ref", w.available[w.rng.IntN(len(w.available))])
		form.Set("position", strconv.Itoa(w.rng.IntN(len(w.available))+1))
	}
	req, err := http.NewRequest(http.MethodPost, q.queueURL(w), strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req, w.signer.Sign(req)
}

// check takes the new etag from a write's answer and notes where an added title went.
func (q *queueLoad) check(i, status int, body []byte) error {
	w := q.workers[i]
	if status != http.StatusCreated {
		w.stale = true
		return nil // the load generator counts a non-2xx itself
	}
	etag := firstGroup(etagElement, body)
	if etag == nil {
		w.stale = true
		return fmt.Errorf("a 201 without an etag: %s", excerpt(body))
	}
	w.etag = string(etag)
	if w.pending == "" {
		w.moves++
		return nil
	}
	w.adds++
	if bytes.Contains(body, []byte("/queues/disc/available/")) {
		w.available = append(w.available, w.pending)
	}
	return nil
}

// verify reads every worker's queue after the cell and wants it to hold exactly the titles
// whose adds were acknowledged: no acknowledged write lost, none made twice.
func (q *queueLoad) verify() error {
	for _, w := range q.workers {
		body, err := q.readQueue(w, "?max_results=1")
		if err != nil {
			return err
		}
		n, err := strconv.Atoi(string(firstGroup(numberOfResults, body)))
		if err != nil {
			return fmt.Errorf("reading the queue of %s: no number_of_results: %s", w.user.ID, excerpt(body))
		}
		if n != w.adds {
			return fmt.Errorf("the queue of %s holds %d titles after %d acknowledged adds", w.user.ID, n, w.adds)
		}
	}
	return nil
}

// counts are the adds and moves the workers made, warm-up included.
func (q *queueLoad) counts() (adds, moves int) {
	for _, w := range q.workers {
		adds += w.adds
		moves += w.moves
	}
	return adds, moves
}

// excerpt is the start of a body on one line.
func excerpt(body []byte) string {
	s := strings.Join(strings.Fields(string(body)), " ")
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return s
}
