package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/flixconf/flixconf/suites/framework"
	"github.com/flixconf/flixconf/suites/framework/report"
)

// progressFDVar names the variable through which a worker learns the file descriptor to
// report each finished spec on, one outcome a line.
const progressFDVar = "FLIXCONF_PROGRESS_FD"

// progress shows on stderr how far a run is: specs done of the total and failures so far. On a
// terminal it redraws one line; elsewhere, such as a CI log, it prints a plain line at each
// tenth of the run (every 100 specs when the total is not known), so logs stay short.
type progress struct {
	mu          sync.Mutex
	w           io.Writer
	terminal    bool
	total, done int
	failed      int
	shownTenth  int
	drawn       time.Time
}

func newProgress(w io.Writer, total int) *progress {
	return &progress{w: w, terminal: isTerminal(w), total: total}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// add counts one finished spec.
func (p *progress) add(o report.Outcome) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	if o == report.Fail || o == report.Error {
		p.failed++
	}
	switch {
	case p.terminal:
		if time.Since(p.drawn) >= 100*time.Millisecond || p.done == p.total {
			fmt.Fprintf(p.w, "\r\x1b[Kflixconf run: %s", p.line())
			p.drawn = time.Now()
		}
	case p.total == 0:
		if p.done%100 == 0 {
			fmt.Fprintf(p.w, "flixconf run: %s\n", p.line())
		}
	default:
		if tenth := p.done * 10 / p.total; tenth > p.shownTenth {
			p.shownTenth = tenth
			fmt.Fprintf(p.w, "flixconf run: %s\n", p.line())
		}
	}
}

func (p *progress) line() string {
	if p.total > 0 {
		return fmt.Sprintf("%d/%d specs done, %d failed", p.done, p.total, p.failed)
	}
	return fmt.Sprintf("%d specs done, %d failed", p.done, p.failed)
}

// finish ends the terminal's progress line.
func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.terminal && p.done > 0 {
		fmt.Fprintf(p.w, "\r\x1b[Kflixconf run: %s\n", p.line())
	}
}

// pipe returns a write end for a worker (its file descriptor 3) and reads the outcomes the
// worker writes into p until the worker closes it.
func (p *progress) pipe() (*os.File, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	go func() {
		defer r.Close()
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			if o := report.Outcome(sc.Text()); o.Valid() {
				p.add(o)
			}
		}
	}()
	return w, nil
}

// reportProgressToParent makes this process, a worker, write each finished spec's outcome to
// the descriptor its parent gave it.
func reportProgressToParent() {
	fd, err := strconv.Atoi(os.Getenv(progressFDVar))
	if err != nil || fd < 3 {
		return
	}
	f := os.NewFile(uintptr(fd), "progress")
	var mu sync.Mutex
	framework.SpecEnded = func(o report.Outcome) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintln(f, o)
	}
}
