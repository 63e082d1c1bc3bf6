package main

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flixconf/flixconf/suites/framework/report"
)

// In a log (not a terminal) progress is a plain line at each tenth of the run, counting
// failures and errors, with no terminal control codes.
func TestProgressInALog(t *testing.T) {
	var b bytes.Buffer
	p := newProgress(&b, 40)
	for i := range 40 {
		o := report.Pass
		if i == 5 {
			o = report.Fail
		}
		if i == 30 {
			o = report.Error
		}
		p.add(o)
	}
	p.finish()
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 10 {
		t.Fatalf("%d lines, want one at each tenth:\n%s", len(lines), b.String())
	}
	if lines[0] != "flixconf run: 4/40 specs done, 0 failed" || lines[9] != "flixconf run: 40/40 specs done, 2 failed" {
		t.Errorf("first and last lines:\n%s\n%s", lines[0], lines[9])
	}
	if strings.ContainsAny(b.String(), "\r\x1b") {
		t.Errorf("control codes in a log: %q", b.String())
	}
}

// A worker's outcomes reach its parent's progress through the pipe.
func TestProgressThroughAPipe(t *testing.T) {
	var b syncBuffer
	p := newProgress(&b, 3)
	w, err := p.pipe()
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []string{"pass", "fail", "not-an-outcome", "skip"} {
		w.WriteString(o + "\n")
	}
	w.Close()
	for i := 0; i < 200 && !strings.Contains(b.String(), "3/3"); i++ {
		waitABit()
	}
	if !strings.Contains(b.String(), "3/3 specs done, 1 failed") {
		t.Errorf("progress through the pipe: %q", b.String())
	}
}

func waitABit() { <-time.After(10 * time.Millisecond) }

// syncBuffer is a bytes.Buffer safe for a writer and a reader in two goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
