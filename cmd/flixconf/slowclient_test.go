package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// A client that sends its headers one byte a second is cut off within the header timeout, and
// the server keeps answering others meanwhile.
func TestSlowClientIsCutOff(t *testing.T) {
	base := serve(t)
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()

	start := time.Now()
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		request := "GET /_flixconf/health HTTP/1.1\r\nHost: " + u.Host + "\r\nX-Slow: " + strings.Repeat("s", 1000)
		for i := range len(request) {
			if _, err := conn.Write([]byte{request[i]}); err != nil {
				return
			}
			select {
			case <-stop:
				return
			case <-time.After(time.Second):
			}
		}
	}()

	closed := make(chan time.Duration, 1)
	go func() {
		conn.SetReadDeadline(time.Now().Add(readHeaderTimeout + 10*time.Second))
		io.Copy(io.Discard, conn) // ends when the server closes the connection, or at the deadline
		closed <- time.Since(start)
	}()

	for {
		select {
		case took := <-closed:
			t.Logf("the slow client was cut off after %s", took.Round(time.Millisecond))
			if took > readHeaderTimeout+3*time.Second {
				t.Fatalf("the slow client was cut off after %s, want within the header timeout %s", took.Round(time.Millisecond), readHeaderTimeout)
			}
			healthy(t, base) // and the server still answers after
			return
		case <-time.After(time.Second):
			healthy(t, base)
		}
	}
}

// healthy checks that the server answers a plain request promptly.
func healthy(t *testing.T, base string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", base+"/_flixconf/health", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("while a slow client holds a connection, another gets no answer: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("while a slow client holds a connection, health answers %d", resp.StatusCode)
	}
}

// The limits the README's table states are the ones `flixconf serve` answers with.
func TestServeLimits(t *testing.T) {
	base := serve(t)
	cases := []struct {
		name   string
		req    func() (*http.Request, error)
		status int
		body   string // a part of the answer
	}{
		{"headers past maxHeaderBytes", func() (*http.Request, error) {
			req, err := http.NewRequest("GET", base+"/catalog/titles/movies/60001220", nil)
			if err == nil {
				// net/http reads 4096 bytes past MaxHeaderBytes before it refuses.
				req.Header.Set("X-Pad", strings.Repeat("p", maxHeaderBytes+8<<10))
			}
			return req, err
		}, http.StatusRequestHeaderFieldsTooLarge, ""},
		{"query past the mock's limit", func() (*http.Request, error) {
			return http.NewRequest("GET", base+"/catalog/titles?term=jaws&pad="+strings.Repeat("q", 40<<10), nil)
		}, http.StatusRequestURITooLong, "<status_code>414</status_code>"},
		{"body past the mock's limit", func() (*http.Request, error) {
			req, err := http.NewRequest("POST", base+"/users/current/queues/disc", strings.NewReader("pad="+strings.Repeat("b", 2<<20)))
			if err == nil {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			return req, err
		}, http.StatusRequestEntityTooLarge, "<status_code>413</status_code>"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, err := c.req()
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			resp, err := http.DefaultClient.Do(req.WithContext(ctx))
			if err != nil {
				t.Fatalf("no answer: %v", err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != c.status || !strings.Contains(string(b), c.body) {
				t.Fatalf("status %d, want %d with %q: %.300s", resp.StatusCode, c.status, c.body, b)
			}
		})
	}
	healthy(t, base)
}
