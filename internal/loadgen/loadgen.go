// Package loadgen is the load generator of make bench: closed-loop workers, one per
// connection, each sending a freshly built request as soon as its last answer is read, for a
// bounded time and a bounded number of requests. It measures what a user of a mock feels:
// requests a second, and the exact 50th and 99th percentiles of the latencies recorded. Every
// answer that is not 2xx, and every request that gets no answer, is an error.
//
// A request is built anew for each call so that it can be signed anew (OAuth 1.0 refuses a
// nonce seen before) and so that a worker can carry state from one answer to its next request,
// as a queue client carries the etag.
package loadgen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Options bound a run. The measured part ends at Duration or after Requests requests,
// whichever comes first; both must be set, so that no run is unbounded.
type Options struct {
	// Connections is the number of workers, and of connections to the target: each worker
	// has at most one request in flight, and the client opens at most this many.
	Connections int
	// Warmup runs the workers this long before measuring, on the same connections; its
	// requests are not counted (their errors are, in WarmupErrors).
	Warmup time.Duration
	// Duration bounds the measured part in time: no request starts after it.
	Duration time.Duration
	// Requests bounds the measured part in count, over all workers.
	Requests int
	// Timeout bounds each request, answer body included; 0 means 10 s.
	Timeout time.Duration
}

// Load says what to send and, optionally, what to make of each answer.
type Load struct {
	// Request builds the next request of a worker (0 to Connections-1). A worker's calls are
	// sequential, so per-worker state indexed by worker needs no lock.
	Request func(worker int) (*http.Request, error)
	// Check, when set, is given every answer a worker gets, with its whole body, after the
	// request is timed; an error it returns counts the answer as an error. A non-2xx answer is
	// an error whatever Check says. When Check is nil, bodies are read and dropped.
	Check func(worker, status int, body []byte) error
}

// Result is what one run measured. The latencies are those of the measured requests, errors
// included, from sending the request to reading the last byte of the answer; building the
// request is not timed.
type Result struct {
	Connections int
	// Requests is how many measured requests were made; Errors how many of them failed.
	Requests, Errors int
	// Reasons are the first few distinct reasons of the errors (warm-up included).
	Reasons []string
	// WarmupRequests and WarmupErrors count the warm-up, which is not measured.
	WarmupRequests, WarmupErrors int
	// Elapsed runs from the end of the warm-up to the last measured answer.
	Elapsed time.Duration
	// Rate is Requests per second of Elapsed.
	Rate     float64
	P50, P99 time.Duration
	// Bytes is the total size of the bodies of measured 2xx answers.
	Bytes int64
	// Dials is how many connections the client opened, warm-up included.
	Dials int
}

// maxReasons is how many distinct error reasons a Result keeps.
const maxReasons = 5

// Run runs the load against the target its requests address and returns what it measured.
// It fails only for options that would make an unbounded or empty run; a target that cannot
// be reached gives a Result whose every request is an error.
func Run(ctx context.Context, o Options, l Load) (Result, error) {
	switch {
	case o.Connections < 1:
		return Result{}, fmt.Errorf("loadgen: %d connections: want 1 or more", o.Connections)
	case o.Duration <= 0 || o.Requests < 1:
		return Result{}, fmt.Errorf("loadgen: bounds %v and %d requests: want both above zero", o.Duration, o.Requests)
	case o.Warmup < 0:
		return Result{}, fmt.Errorf("loadgen: warm-up %v: want 0 or more", o.Warmup)
	case l.Request == nil:
		return Result{}, errors.New("loadgen: no request builder")
	}
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	var dials atomic.Int64
	dialer := &net.Dialer{Timeout: timeout}
	transport := &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			dials.Add(1)
			return dialer.DialContext(ctx, network, addr)
		},
		MaxConnsPerHost:     o.Connections,
		MaxIdleConns:        o.Connections,
		MaxIdleConnsPerHost: o.Connections,
		// Answers are measured as sent, uncompressed: the other mocks compared do not
		// compress, and the index is measured uncompressed.
		DisableCompression: true,
		IdleConnTimeout:    time.Minute,
	}
	defer transport.CloseIdleConnections()
	r := &run{
		client:  &http.Client{Transport: transport, Timeout: timeout},
		load:    l,
		limit:   int64(o.Requests),
		workers: make([]worker, o.Connections),
	}
	start := time.Now()
	r.measureFrom = start.Add(o.Warmup)
	r.deadline = r.measureFrom.Add(o.Duration)
	var wg sync.WaitGroup
	for i := range r.workers {
		wg.Go(func() { r.work(ctx, i) })
	}
	wg.Wait()

	res := Result{Connections: o.Connections, Reasons: r.reasons, Dials: int(dials.Load())}
	var lat []time.Duration
	last := r.measureFrom
	for _, w := range r.workers {
		res.Requests += w.requests
		res.Errors += w.errors
		res.WarmupRequests += w.warmRequests
		res.WarmupErrors += w.warmErrors
		res.Bytes += w.bytes
		lat = append(lat, w.latencies...)
		if w.last.After(last) {
			last = w.last
		}
	}
	res.Elapsed = last.Sub(r.measureFrom)
	if res.Elapsed > 0 {
		res.Rate = float64(res.Requests) / res.Elapsed.Seconds()
	}
	slices.Sort(lat)
	res.P50, res.P99 = Percentile(lat, 50), Percentile(lat, 99)
	return res, nil
}

// run is the state the workers of one Run share.
type run struct {
	client                *http.Client
	load                  Load
	measureFrom, deadline time.Time
	limit                 int64
	started               atomic.Int64 // measured requests started
	workers               []worker

	mu      sync.Mutex
	reasons []string
}

// worker is one worker's own tally, read only after every worker has stopped.
type worker struct {
	latencies                []time.Duration
	requests, errors         int
	warmRequests, warmErrors int
	bytes                    int64
	last                     time.Time // when its last measured answer ended
}

// work is one worker's closed loop: build, send, read, record, until a bound is reached. The
// time of a request runs from sending it to reading the last byte of its answer; building
// (and signing) it is the load generator's own work and is left out.
func (r *run) work(ctx context.Context, i int) {
	w := &r.workers[i]
	for ctx.Err() == nil {
		now := time.Now()
		if !now.Before(r.deadline) {
			return
		}
		measured := !now.Before(r.measureFrom)
		if measured && r.started.Add(1) > r.limit {
			return
		}
		var n int64
		req, err := r.load.Request(i)
		begin := time.Now()
		if err != nil {
			err = fmt.Errorf("building the request: %w", err)
		} else {
			n, err = r.once(ctx, i, req)
		}
		end := time.Now()
		if !measured {
			w.warmRequests++
			if err != nil {
				w.warmErrors++
				r.note(err)
			}
			continue
		}
		w.requests++
		w.latencies = append(w.latencies, end.Sub(begin))
		w.last = end
		if err != nil {
			w.errors++
			r.note(err)
		} else {
			w.bytes += n
		}
	}
}

// once sends a request of worker i and reads its whole answer. It returns the body's size and
// an error for a request that got no answer, a non-2xx answer or an answer Check refused.
func (r *run) once(ctx context.Context, i int, req *http.Request) (int64, error) {
	resp, err := r.client.Do(req.WithContext(ctx))
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	ok := resp.StatusCode >= 200 && resp.StatusCode <= 299
	if r.load.Check == nil && ok {
		n, err := io.Copy(io.Discard, resp.Body)
		if err != nil {
			return n, fmt.Errorf("reading the answer: %w", err)
		}
		return n, nil
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return int64(len(body)), fmt.Errorf("reading the answer: %w", err)
	}
	var checkErr error
	if r.load.Check != nil {
		checkErr = r.load.Check(i, resp.StatusCode, body)
	}
	if !ok {
		return int64(len(body)), fmt.Errorf("%s %s: %s: %s", req.Method, req.URL.Path, resp.Status, excerpt(body))
	}
	return int64(len(body)), checkErr
}

// note keeps err's text among the reasons while fewer than maxReasons distinct ones are kept.
func (r *run) note(err error) {
	msg := err.Error()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.reasons) < maxReasons && !slices.Contains(r.reasons, msg) {
		r.reasons = append(r.reasons, msg)
	}
}

// excerpt is the start of a body on one line, enough to tell one error answer from another.
func excerpt(body []byte) string {
	s := strings.Join(strings.Fields(string(body)), " ")
	if len(s) > 160 {
		s = s[:160] + "..."
	}
	return s
}

// Percentile returns the p-th percentile (0 < p <= 100) of sorted latencies by the
// nearest-rank method: the smallest value that at least p percent of the values do not
// exceed. It is exact (no histogram buckets) and is one of the values; 0 when there are none.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	// The rank is ceil(p/100 * n), computed in integers for p given to 0.01.
	n := int64(len(sorted))
	rank := (int64(math.Round(p*100))*n + 9999) / 10000
	rank = max(1, min(rank, n))
	return sorted[rank-1]
}
