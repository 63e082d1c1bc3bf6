package mockserver_test

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flixconf/flixconf/fixtures"
	"github.com/flixconf/flixconf/internal/oauth1"
	"github.com/flixconf/flixconf/mockserver"
	"github.com/flixconf/flixconf/spec"
)

// The load of the lost-update test: this many clients, each stopping after this many writes
// or when the time is up, whichever comes first, but not before a few writes (so that a slow
// machine still races them).
const (
	editClients  = 64
	editsEach    = 40
	editsAtLeast = 2
	editDuration = 2 * time.Second
)

// editDay is the simulated day of the lost-update test; its titles are those released by then,
// so that every add lands in the available part of a queue.
var editDay = spec.MustDay("2012-06-01")

// queueWrite is one write a client made and how the mock answered it.
type queueWrite struct {
	client   int
	kind     string // "disc" or "instant"
	move     bool   // a move of a title already queued; else the add of a title of the client's own
	title    string
	position int    // the position asked for; 0 for an add at the end
	sentEtag string // the etag the client had read just before
	status   int
	body     queueStatus
}

// ackMessage is the message of an acknowledged write: a move, or an add (recorded 2012).
var ackMessage = map[bool]string{true: "Move successful", false: "Title added to queue"}

// queueStatus is the status body of a queue write, in JSON.
type queueStatus struct {
	Code    string `json:"status_code"`
	SubCode string `json:"sub_code"`
	Message string `json:"message"`
	Etag    string `json:"etag"`
}

// editClient signs the requests of one client with the demo user's token, over a connection of
// its own.
type editClient struct {
	base   string
	http   *http.Client
	signer *oauth1.Signer
}

// do sends one request of the client and returns the status and body of the answer.
func (ec *editClient) do(method, target string, form url.Values) (int, []byte, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, ec.base+target, body)
	if err != nil {
		return 0, nil, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if err := ec.signer.Sign(req); err != nil {
		return 0, nil, err
	}
	resp, err := ec.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// queuePage is one page of a queue, in JSON. A page of one item is an object, not a list.
type queuePage struct {
	Queue struct {
		Etag  string          `json:"etag"`
		Total string          `json:"number_of_results"`
		Items json.RawMessage `json:"queue_item"`
	} `json:"queue"`
}

// queueItem is the part of a queue item the test reads.
type queueItem struct {
	ID       string `json:"id"`
	Position string `json:"position"`
}

// items decodes the page's items, one or many.
func (p queuePage) items() ([]queueItem, error) {
	if len(p.Queue.Items) == 0 {
		return nil, nil
	}
	var many []queueItem
	if err := json.Unmarshal(p.Queue.Items, &many); err == nil {
		return many, nil
	}
	var one queueItem
	err := json.Unmarshal(p.Queue.Items, &one)
	return []queueItem{one}, err
}

// readQueue reads a queue with the etag: the etag alone (one item) when whole is false, every
// entry (page by page) when it is true, as title ids in order with the positions checked on the
// way: 1..n, contiguous. Every title of the test is released, so an entry without a position
// (one saved for later) is an error.
func (ec *editClient) readQueue(kind string, whole bool) (etag string, ids []string, err error) {
	const pageSize = 500 // the most the mock gives in one page
	size := pageSize
	if !whole {
		size = 1
	}
	for start := 0; ; start += size {
		status, b, err := ec.do("GET", fmt.Sprintf("/users/%s/queues/%s?output=json&start_index=%d&max_results=%d", janeID, kind, start, size), nil)
		if err != nil {
			return "", nil, err
		}
		if status != http.StatusOK {
			return "", nil, fmt.Errorf("reading the %s queue: %d %.300s", kind, status, b)
		}
		var p queuePage
		if err := json.Unmarshal(b, &p); err != nil {
			return "", nil, fmt.Errorf("reading the %s queue: %v", kind, err)
		}
		items, err := p.items()
		if err != nil {
			return "", nil, fmt.Errorf("reading the %s queue: %v", kind, err)
		}
		if start > 0 && p.Queue.Etag != etag {
			return "", nil, fmt.Errorf("the %s queue changed while it was read (etag %s, then %s)", kind, etag, p.Queue.Etag)
		}
		etag = p.Queue.Etag
		for _, it := range items {
			if it.Position != strconv.Itoa(len(ids)+1) {
				return "", nil, fmt.Errorf("the %s queue has position %q at place %d: want %d (contiguous from 1; no title of the test is saved for later)", kind, it.Position, len(ids)+1, len(ids)+1)
			}
			ids = append(ids, it.ID[strings.LastIndexByte(it.ID, '/')+1:])
		}
		total, err := strconv.Atoi(p.Queue.Total)
		if err != nil {
			return "", nil, fmt.Errorf("reading the %s queue: number_of_results %q", kind, p.Queue.Total)
		}
		if !whole || start+size >= total {
			return etag, ids, nil
		}
	}
}

// write sends one add or move and records the answer.
func (ec *editClient) write(w queueWrite) (queueWrite, error) {
	form := url.Values{"title_ref": {"http://api.netflix.com/catalog/titles/movies/" + w.title}, "etag": {w.sentEtag}}
	if w.position > 0 {
		form.Set("position", strconv.Itoa(w.position))
	}
	status, b, err := ec.do("POST", "/users/"+janeID+"/queues/"+w.kind+"?output=json", form)
	if err != nil {
		return w, err
	}
	w.status = status
	var doc struct {
		Status queueStatus `json:"status"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return w, fmt.Errorf("the answer to a write is not JSON (%d): %.300s", status, b)
	}
	w.body = doc.Status
	return w, nil
}

// releasedMovies lists the movies of a catalog that no queue would save for later on day: every
// format they have is released by then. Titles already in a queue of the fixtures' users are
// left out, so that each title a client adds can be traced to that client.
func releasedMovies(t *testing.T, c *fixtures.Catalog, day spec.Day) []string {
	t.Helper()
	accounts, err := fixtures.LoadAccounts(c)
	if err != nil {
		t.Fatal(err)
	}
	queued := map[string]bool{}
	for _, u := range accounts.Users {
		for _, id := range slices.Concat(u.DiscQueue, u.InstantQueue, u.SavedQueue) {
			queued[id] = true
		}
	}
	var ids []string
	for _, ti := range c.Titles {
		if ti.Kind != "movie" || queued[ti.ID] || slices.ContainsFunc(ti.Formats, func(a fixtures.Availability) bool { return day.Before(a.AvailableFrom) }) {
			continue
		}
		ids = append(ids, ti.ID)
	}
	return ids
}

// No lost updates: many clients edit the same user's disc and instant queues at once, each
// reading the queue's etag and sending it with an add of a title of its own or a move. Every
// write the mock acknowledges must be there afterwards and every write it refuses must be a
// 412 that changed nothing.
//
// Since every write carries the etag its client read and every acknowledged write changes the
// etag, the acknowledged writes of a queue must form one chain from the etag the queue started
// with: each sent the etag the one before it answered. Two acknowledged writes that sent the
// same etag would be a lost update; a refused write that changed the etag would break the chain.
// Replaying the chain on a model of the queue must give the queue the mock ends with.
func TestNoLostQueueUpdates(t *testing.T) {
	cat, err := fixtures.LoadWithSynthetic(fixtures.DefaultSyntheticTitles)
	if err != nil {
		t.Fatal(err)
	}
	pool := releasedMovies(t, cat, editDay)
	if len(pool) < editClients*editsEach {
		t.Fatalf("%d released movies in the catalog, want at least %d", len(pool), editClients*editsEach)
	}
	srv := httptest.NewServer(newMock(t, mockserver.WithCatalog(cat), mockserver.WithDate(editDay)))
	t.Cleanup(srv.Close)
	newClient := func() *editClient {
		return &editClient{base: srv.URL, http: &http.Client{Transport: &http.Transport{}, Timeout: 30 * time.Second},
			signer: &oauth1.Signer{Consumer: demoKey, Token: &jane}}
	}

	kinds := []string{"disc", "instant"}
	admin := newClient()
	startEtag, startIDs := map[string]string{}, map[string][]string{}
	for _, kind := range kinds {
		etag, ids, err := admin.readQueue(kind, true)
		if err != nil {
			t.Fatal(err)
		}
		startEtag[kind], startIDs[kind] = etag, ids
	}

	var (
		mu      sync.Mutex
		writes  []queueWrite
		failure []string
		wg      sync.WaitGroup
	)
	fail := func(client int, err error) {
		mu.Lock()
		failure = append(failure, fmt.Sprintf("client %d: %v", client, err))
		mu.Unlock()
	}
	deadline := time.Now().Add(editDuration)
	for n := range editClients {
		wg.Go(func() {
			ec := newClient()
			defer ec.http.CloseIdleConnections()
			rng := rand.New(rand.NewPCG(uint64(n), 1))
			own := pool[n*editsEach : (n+1)*editsEach]
			// movable are titles known to be in each queue's available part: the fixtures' and
			// the client's own acknowledged adds. Nothing is ever deleted.
			movable := map[string][]string{}
			for _, kind := range kinds {
				movable[kind] = slices.Clone(startIDs[kind])
			}
			var mine []queueWrite
			defer func() {
				mu.Lock()
				writes = append(writes, mine...)
				mu.Unlock()
			}()
			for i := 0; i < editsAtLeast || (i < editsEach && time.Now().Before(deadline)); i++ {
				kind := kinds[rng.IntN(len(kinds))]
				etag, _, err := ec.readQueue(kind, false)
				if err != nil {
					fail(n, err)
					return
				}
				w := queueWrite{client: n, kind: kind, title: own[i], sentEtag: etag}
				if rng.IntN(4) == 0 {
					w.move, w.title = true, movable[kind][rng.IntN(len(movable[kind]))]
					w.position = 1 + rng.IntN(len(movable[kind])+1)
				}
				w, err = ec.write(w)
				if err != nil {
					fail(n, err)
					return
				}
				mine = append(mine, w)
				if !w.move && w.status == http.StatusCreated {
					movable[kind] = append(movable[kind], w.title)
				}
			}
		})
	}
	wg.Wait()
	if len(failure) > 0 {
		t.Fatalf("%d clients failed; the first: %s", len(failure), failure[0])
	}

	// Every answer is an acknowledgement or the real stale-etag refusal.
	acked, refused := map[string][]queueWrite{}, map[string][]queueWrite{}
	for _, w := range writes {
		switch {
		case w.status == http.StatusCreated && w.body.Code == "201" && w.body.Etag != "" && w.body.Message == ackMessage[w.move]:
			acked[w.kind] = append(acked[w.kind], w)
		case w.status == http.StatusPreconditionFailed && w.body.Code == "412" && w.body.SubCode == "" &&
			w.body.Message == "queue out of Date ETag mismatch":
			refused[w.kind] = append(refused[w.kind], w)
		default:
			t.Errorf("client %d, %s queue, title %s: answered %d %+v; want 201 %q with an etag, or 412 with status_code 412, no sub_code and \"queue out of Date ETag mismatch\"",
				w.client, w.kind, w.title, w.status, w.body, ackMessage[w.move])
		}
	}
	ackedAdds := 0
	for _, kind := range kinds {
		adds := 0
		for _, w := range acked[kind] {
			if !w.move {
				adds++
			}
		}
		ackedAdds += adds
		t.Logf("%s queue: %d writes acknowledged (%d adds, %d moves), %d refused", kind, len(acked[kind]), adds, len(acked[kind])-adds, len(refused[kind]))
	}
	if ackedAdds == 0 {
		t.Error("no add was acknowledged; the test proves nothing about adds")
	}

	for _, kind := range kinds {
		if len(acked[kind]) == 0 || len(refused[kind]) == 0 {
			t.Errorf("%s queue: %d writes acknowledged and %d refused; the test proves nothing unless both happen", kind, len(acked[kind]), len(refused[kind]))
			continue
		}
		model, lastEtag := replayChain(t, kind, startEtag[kind], startIDs[kind], acked[kind])
		etag, ids, err := admin.readQueue(kind, true)
		if err != nil {
			t.Fatal(err)
		}
		checkFinalQueue(t, kind, etag, ids, lastEtag, model, startIDs[kind], acked[kind], refused[kind])
	}
}

// replayChain follows the acknowledged writes of a queue from the etag it started with, each
// write the one that sent the etag the previous one answered, and applies them to a model of
// the queue's available part as the API defines a write: an add goes at the end; a move takes
// the title out and puts it back at the position asked for, or at the end past it. It returns
// the model and the last etag of the chain.
func replayChain(t *testing.T, kind, etag string, start []string, acked []queueWrite) ([]string, string) {
	t.Helper()
	bySent := map[string]queueWrite{}
	for _, w := range acked {
		if other, dup := bySent[w.sentEtag]; dup {
			t.Errorf("%s queue: a lost update: clients %d and %d both had a write acknowledged on etag %s", kind, other.client, w.client, w.sentEtag)
		}
		bySent[w.sentEtag] = w
	}
	model := slices.Clone(start)
	for range len(acked) {
		w, ok := bySent[etag]
		if !ok {
			break
		}
		delete(bySent, etag)
		if w.move {
			i := slices.Index(model, w.title)
			if i < 0 {
				t.Fatalf("%s queue: client %d moved %s, which the model does not hold", kind, w.client, w.title)
			}
			model = slices.Delete(model, i, i+1)
		}
		pos := w.position
		if pos == 0 || pos > len(model)+1 {
			pos = len(model) + 1
		}
		model = slices.Insert(model, pos-1, w.title)
		etag = w.body.Etag
	}
	for sent, w := range bySent {
		t.Errorf("%s queue: client %d's acknowledged write of %s sent etag %s, which no acknowledged write before it answered: a write outside the chain changed the queue", kind, w.client, w.title, sent)
	}
	return model, etag
}

// checkFinalQueue compares the queue the mock ends with to the model of its acknowledged
// writes, and checks what each acknowledged and refused write must have left.
func checkFinalQueue(t *testing.T, kind, etag string, ids []string, lastEtag string, model, start []string, acked, refused []queueWrite) {
	t.Helper()
	count := map[string]int{}
	for _, id := range ids {
		count[id]++
		if count[id] == 2 {
			t.Errorf("%s queue: title %s appears twice", kind, id)
		}
	}
	adds := 0
	for _, w := range acked {
		if !w.move {
			adds++
			if count[w.title] != 1 {
				t.Errorf("%s queue: client %d's acknowledged add of %s is there %d times, want once", kind, w.client, w.title, count[w.title])
			}
		}
	}
	for _, w := range refused {
		if !w.move && count[w.title] != 0 {
			t.Errorf("%s queue: client %d's refused add of %s is there", kind, w.client, w.title)
		}
		if w.sentEtag == etag {
			t.Errorf("%s queue: the final etag %s is one a refused write carried", kind, etag)
		}
	}
	if len(ids) != len(start)+adds {
		t.Errorf("%s queue: %d entries, want the %d it started with and %d acknowledged adds", kind, len(ids), len(start), adds)
	}
	if etag != lastEtag {
		t.Errorf("%s queue: etag %s, want %s, the last acknowledged write's", kind, etag, lastEtag)
	}
	if !slices.Equal(ids, model) {
		t.Errorf("%s queue: the entries differ from the acknowledged writes replayed in order:\n got %v\nwant %v", kind, ids, model)
	}
}
