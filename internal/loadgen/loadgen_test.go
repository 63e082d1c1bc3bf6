package loadgen

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// get builds a GET of url for every call.
func get(url string) func(int) (*http.Request, error) {
	return func(int) (*http.Request, error) { return http.NewRequest(http.MethodGet, url, nil) }
}

// TestCountsAddUp runs a fixed number of requests over 4 connections: every request reaches
// the server once, every answer is counted with its body, and no more than 4 connections are
// opened.
func TestCountsAddUp(t *testing.T) {
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		fmt.Fprint(w, "twelve bytes")
	}))
	defer srv.Close()

	res, err := Run(context.Background(), Options{Connections: 4, Duration: 20 * time.Second, Requests: 400}, Load{Request: get(srv.URL)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 400 || res.Errors != 0 {
		t.Fatalf("requests %d, errors %d (%v): want 400 and 0", res.Requests, res.Errors, res.Reasons)
	}
	if got := served.Load(); got != 400 {
		t.Errorf("the server answered %d requests, want 400", got)
	}
	if res.Bytes != 400*12 {
		t.Errorf("bytes %d, want %d", res.Bytes, 400*12)
	}
	if res.Dials < 1 || res.Dials > 4 {
		t.Errorf("%d connections opened, want 1 to 4", res.Dials)
	}
	if res.Elapsed <= 0 || res.Rate <= 0 || res.P50 <= 0 || res.P99 < res.P50 {
		t.Errorf("elapsed %v, rate %.0f, p50 %v, p99 %v: want positive, p99 >= p50", res.Elapsed, res.Rate, res.P50, res.P99)
	}
}

// TestEveryOtherAnswerFails counts an error for each 500 of a server that answers 500 to
// every other request, on one connection so that the alternation is exact.
func TestEveryOtherAnswerFails(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1)%2 == 0 {
			http.Error(w, "broken on purpose", http.StatusInternalServerError)
			return
		}
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()

	res, err := Run(context.Background(), Options{Connections: 1, Duration: 20 * time.Second, Requests: 200}, Load{Request: get(srv.URL)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 200 || res.Errors != 100 {
		t.Fatalf("requests %d, errors %d: want 200 and 100", res.Requests, res.Errors)
	}
	if len(res.Reasons) != 1 || !strings.Contains(res.Reasons[0], "500 Internal Server Error: broken on purpose") {
		t.Errorf("reasons %q: want the one 500 with its body", res.Reasons)
	}
	if res.Bytes != 100*2 {
		t.Errorf("bytes %d: want only the 100 2xx bodies, 200", res.Bytes)
	}
}

// TestCheckRefuses counts an answer that Check refuses as an error, and gives Check every
// answer's status and body.
func TestCheckRefuses(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%d", n.Add(1))
	}))
	defer srv.Close()
	checked := 0
	check := func(worker, status int, body []byte) error {
		checked++
		if status != http.StatusOK || worker != 0 {
			return fmt.Errorf("worker %d, status %d", worker, status)
		}
		if body[len(body)-1] == '0' {
			return errors.New("ends in 0")
		}
		return nil
	}
	res, err := Run(context.Background(), Options{Connections: 1, Duration: 20 * time.Second, Requests: 100}, Load{Request: get(srv.URL), Check: check})
	if err != nil {
		t.Fatal(err)
	}
	if checked != 100 || res.Errors != 10 {
		t.Errorf("checked %d answers, %d errors: want 100 and 10", checked, res.Errors)
	}
}

// TestPercentile checks the nearest-rank percentiles on known values.
func TestPercentile(t *testing.T) {
	ms := func(vs ...int) []time.Duration {
		var out []time.Duration
		for _, v := range vs {
			out = append(out, time.Duration(v)*time.Millisecond)
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	tests := []struct {
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{ms(hundred...), 50, 50 * time.Millisecond},
		{ms(hundred...), 99, 99 * time.Millisecond},
		{ms(hundred...), 100, 100 * time.Millisecond},
		{ms(1, 2, 3), 50, 2 * time.Millisecond},
		{ms(1, 2, 3, 4), 50, 2 * time.Millisecond},
		{ms(1, 2, 3, 4), 99, 4 * time.Millisecond},
		{ms(7), 1, 7 * time.Millisecond},
		{ms(7), 99, 7 * time.Millisecond},
		{nil, 50, 0},
	}
	for _, tt := range tests {
		if got := Percentile(tt.sorted, tt.p); got != tt.want {
			t.Errorf("Percentile(%v, %v) = %v, want %v", tt.sorted, tt.p, got, tt.want)
		}
	}
}

// TestDurationBound stops a run by time when the count bound is far away, and keeps the
// warm-up out of the measure.
func TestDurationBound(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(5 * time.Millisecond)
	}))
	defer srv.Close()

	start := time.Now()
	res, err := Run(context.Background(), Options{Connections: 2, Warmup: 100 * time.Millisecond, Duration: 300 * time.Millisecond, Requests: 1 << 30},
		Load{Request: get(srv.URL)})
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	if took < 400*time.Millisecond || took > 5*time.Second {
		t.Errorf("the run took %v: want the warm-up and duration, 400 ms, and not much more", took)
	}
	if res.WarmupRequests == 0 || res.Requests == 0 {
		t.Errorf("%d warm-up and %d measured requests: want both", res.WarmupRequests, res.Requests)
	}
	// 2 connections for 300 ms at 5 ms or more each: at most 120 measured requests.
	if res.Requests > 125 {
		t.Errorf("%d measured requests: more than 300 ms allows", res.Requests)
	}
	if res.Elapsed < 300*time.Millisecond || res.Elapsed > 2*time.Second {
		t.Errorf("elapsed %v: want the 300 ms measured and the last answers", res.Elapsed)
	}
	if res.P50 < 5*time.Millisecond {
		t.Errorf("p50 %v: the server sleeps 5 ms", res.P50)
	}
}

// TestCountBound stops a run by count when the time bound is far away.
func TestCountBound(t *testing.T) {
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { served.Add(1) }))
	defer srv.Close()
	res, err := Run(context.Background(), Options{Connections: 8, Duration: time.Hour, Requests: 50}, Load{Request: get(srv.URL)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 50 || served.Load() != 50 {
		t.Errorf("%d requests measured, %d served: want 50", res.Requests, served.Load())
	}
}

// TestUnreachableIsAnError makes every request to a port nothing listens on an error, never
// a pass.
func TestUnreachableIsAnError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	res, err := Run(context.Background(), Options{Connections: 2, Duration: 5 * time.Second, Requests: 20, Timeout: time.Second},
		Load{Request: get("http://" + addr + "/")})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 20 || res.Errors != 20 || res.Bytes != 0 {
		t.Fatalf("requests %d, errors %d, bytes %d: want 20, 20, 0", res.Requests, res.Errors, res.Bytes)
	}
	if len(res.Reasons) == 0 || !strings.Contains(res.Reasons[0], "refused") {
		t.Errorf("reasons %q: want the refused connection", res.Reasons)
	}
}

// TestBadOptions refuses a run without both bounds or without connections.
func TestBadOptions(t *testing.T) {
	for _, o := range []Options{
		{Connections: 0, Duration: time.Second, Requests: 1},
		{Connections: 1, Duration: 0, Requests: 1},
		{Connections: 1, Duration: time.Second, Requests: 0},
		{Connections: 1, Duration: time.Second, Requests: 1, Warmup: -time.Second},
	} {
		if _, err := Run(context.Background(), o, Load{Request: get("http://127.0.0.1:1/")}); err == nil {
			t.Errorf("Run(%+v) accepted", o)
		}
	}
}

// TestBuildErrorIsAnError counts a request that could not be built as a failed request, with
// its reason, and sends nothing for it.
func TestBuildErrorIsAnError(t *testing.T) {
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { served.Add(1) }))
	defer srv.Close()
	calls := 0
	build := func(int) (*http.Request, error) {
		calls++
		if calls%4 == 0 {
			return nil, errors.New("no etag to send")
		}
		return http.NewRequest(http.MethodGet, srv.URL, nil)
	}
	res, err := Run(context.Background(), Options{Connections: 1, Duration: 20 * time.Second, Requests: 40}, Load{Request: build})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 40 || res.Errors != 10 || served.Load() != 30 {
		t.Errorf("requests %d, errors %d, served %d: want 40, 10, 30", res.Requests, res.Errors, served.Load())
	}
	if len(res.Reasons) != 1 || !strings.Contains(res.Reasons[0], "no etag to send") {
		t.Errorf("reasons %q: want the build error", res.Reasons)
	}
}
