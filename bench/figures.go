package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/flixconf/flixconf/internal/procmem"
	"github.com/flixconf/flixconf/mockserver"
	"github.com/flixconf/flixconf/spec/validate"
)

// The catalog sizes of the index figures: the default, and the size of the goals.
const (
	indexSmall = 10_000
	indexLarge = 100_000
	// indexDay is a day the 1.0 index was served (it went on 2012-09-15) and most titles
	// streamed; the memory gate's test uses it too.
	indexDay = "2012-06-01"
	// indexStreams is how many times each index is streamed; the median rate is shown.
	indexStreams = 3
)

// The suite's figures, by name.
const (
	suiteValidate = "validate one catalog_title answer (Jaws, XML), median"
	suiteFullRun  = "the full default run: flixconf run, wall time"
)

// startMock starts flixconf serve on a free loopback port with default options but args.
func (b *bench) startMock(ctx context.Context, name string, args ...string) (*server, error) {
	argv := append([]string{b.bin, "serve", "--addr", "127.0.0.1:0"}, args...)
	return startAnnounced(ctx, name, b.tmp, mockserver.ControlPrefix+"health", argv...)
}

// startupCell is the start-up time and resident size of a mock just started.
func startupCell(catalog string, s *server) StartupCell {
	c := StartupCell{Catalog: catalog, Seconds: s.ready.Seconds()}
	rss, err := procmem.Status(s.cmd.Process.Pid, "VmRSS")
	if err != nil {
		c.NotMeasured = err.Error()
		return c
	}
	c.RSSBytes = rss
	return c
}

// mib is bytes in MiB (2^20 bytes), the unit of every memory figure; MB (10^6 bytes) is
// the unit of transfer sizes and rates.
func mib(bytes int64) float64 { return float64(bytes) / (1 << 20) }

// indexCell streams the 1.0 index from a running mock indexStreams times, uncompressed, as
// the memory gate's test (TestIndexStreamingMemoryIsFlat in cmd/flixconf) does: the resident
// size just before, the peak resident size over the streams (reset before the first), and
// the median rate.
func (b *bench) indexCell(s *server, titles int) IndexCell {
	c := IndexCell{Titles: titles}
	fail := func(err error) IndexCell {
		c.NotMeasured = err.Error()
		return c
	}
	m, err := newMockClient(s.url)
	if err != nil {
		return fail(err)
	}
	pid := s.cmd.Process.Pid
	rss, err := procmem.Status(pid, "VmRSS")
	if err != nil {
		return fail(err)
	}
	c.RSSBeforeBytes = rss
	if err := procmem.ResetPeak(pid); err != nil {
		return fail(fmt.Errorf("cannot reset the peak resident size: %w", err))
	}
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}, Timeout: 2 * time.Minute}
	defer client.CloseIdleConnections()
	var rates []float64
	for range indexStreams {
		req, err := m.signed(s.url, "/catalog/titles/index")
		if err != nil {
			return fail(err)
		}
		req.Header.Set("Flixconf-Clock", indexDay)
		begin := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return fail(err)
		}
		counter := &itemCounter{}
		n, err := io.Copy(counter, resp.Body)
		took := time.Since(begin)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			return fail(fmt.Errorf("GET /catalog/titles/index: status %d, %d bytes, %v", resp.StatusCode, n, err))
		}
		c.MB = float64(n) / 1e6
		c.Items = counter.items
		rates = append(rates, c.MB/took.Seconds())
	}
	peak, err := procmem.Status(pid, "VmHWM")
	if err != nil {
		return fail(err)
	}
	c.PeakBytes = peak
	slices.Sort(rates)
	c.MBps = rates[len(rates)/2]
	return c
}

// itemCounter counts the title_index_item elements of a stream as it goes by.
type itemCounter struct {
	items int
	tail  []byte
}

var indexItem = []byte("<title_index_item>")

func (w *itemCounter) Write(p []byte) (int, error) {
	keep := len(indexItem) - 1
	// An element cut in two by the previous write: the tail of the stream so far, too short
	// to hold a whole one, joined with the start of p.
	if len(w.tail) > 0 {
		w.items += bytes.Count(append(w.tail[:len(w.tail):len(w.tail)], p[:min(len(p), keep)]...), indexItem)
	}
	w.items += bytes.Count(p, indexItem)
	w.tail = append(w.tail, p[max(0, len(p)-keep):]...)
	w.tail = w.tail[max(0, len(w.tail)-keep):]
	return len(p), nil
}

// validateCell times the validation of the mock's answer for the title against the 1.0
// description, in this process, with the validator flixconf validate uses: the median of
// many runs after a first one that must find no violation.
func validateCell(header http.Header, body []byte) SuiteCell {
	c := SuiteCell{What: suiteValidate, Unit: "µs"}
	v, err := validate.New("1.0")
	if err != nil {
		c.NotMeasured = err.Error()
		return c
	}
	req, err := http.NewRequest(http.MethodGet, "http://api-public.netflix.com"+titlePath, nil)
	if err != nil {
		c.NotMeasured = err.Error()
		return c
	}
	if vs := v.Response(req, http.StatusOK, header, body); len(vs) > 0 {
		c.NotMeasured = fmt.Sprintf("the mock's answer does not validate: %v", vs[0])
		return c
	}
	const runs = 2000
	times := make([]time.Duration, 0, runs)
	for range runs {
		begin := time.Now()
		v.Response(req, http.StatusOK, header, body)
		times = append(times, time.Since(begin))
	}
	slices.Sort(times)
	median := times[len(times)/2]
	c.Value = float64(median) / float64(time.Microsecond)
	c.Figure = fmt.Sprintf("%.1f µs (of %d runs)", c.Value, runs)
	return c
}

// summaryLine is the last line flixconf run prints: "1101 passed, 0 failed, 1 skipped".
var summaryLine = regexp.MustCompile(`^(\d+) passed, (\d+) failed, \d+ skipped$`)

// fullRunCell runs flixconf run with no flag but its report folder, as make run does, and
// times it from exec to exit, with the counts it printed. A run that exits non-zero, fails
// a spec or passes none gets Failed, so that its time meets no goal.
func (b *bench) fullRunCell(ctx context.Context) SuiteCell {
	c := SuiteCell{What: suiteFullRun, Unit: "s"}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, b.bin, "run", "--report-dir", filepath.Join(b.tmp, "report"))
	cmd.Env = benchEnv()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	begin := time.Now()
	err := cmd.Run()
	took := time.Since(begin)
	var lines []string
	for sc := bufio.NewScanner(&stdout); sc.Scan(); {
		lines = append(lines, strings.TrimSpace(sc.Text()))
	}
	var counts []string
	if len(lines) >= 2 {
		counts = summaryLine.FindStringSubmatch(lines[len(lines)-1])
	}
	if counts == nil {
		c.NotMeasured = fmt.Sprintf("flixconf run printed no summary (%v): %s", err, excerpt(stderr.Bytes()))
		return c
	}
	c.Value = took.Seconds()
	c.Figure = fmt.Sprintf("%.1f s: %s (%s)", c.Value, lines[len(lines)-1], lines[len(lines)-2])
	if c.Failed = runFailure(cmd.ProcessState.ExitCode(), counts[1], counts[2]); c.Failed != "" {
		c.Figure += "; " + c.Failed
	}
	return c
}

// runFailure says why a run cannot meet its goal, whatever its time: a non-zero exit status,
// failed specs, none passed. It is empty for a run that passed.
func runFailure(exit int, passed, failed string) string {
	var why []string
	if exit != 0 {
		why = append(why, "exit status "+strconv.Itoa(exit))
	}
	if failed != "0" {
		why = append(why, failed+" failed")
	}
	if passed == "0" {
		why = append(why, "none passed")
	}
	return strings.Join(why, ", ")
}
