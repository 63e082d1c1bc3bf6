package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/flixconf/flixconf/internal/loadgen"
)

// Results is everything one bench measured; bench-results.json is this, and the table is
// rendered from it.
type Results struct {
	When    string `json:"when"`
	Machine string `json:"machine"`
	// LoadBefore and LoadAfter are the machine's load averages (1, 5 and 15 minutes) at the
	// start and at the end: other processes on the same cores lower every figure.
	LoadBefore string `json:"load_average_before"`
	LoadAfter  string `json:"load_average_after"`
	Bounds     Bounds `json:"bounds"`
	Title      Title  `json:"title"`
	// Load holds one cell per server, workload and number of connections.
	Load    []LoadCell    `json:"load"`
	Startup []StartupCell `json:"startup"`
	Index   []IndexCell   `json:"index"`
	Suite   []SuiteCell   `json:"suite"`
	// Goals are the performance goals, each with the figure it is judged on.
	Goals []Goal `json:"goals"`
}

// Bounds are the limits of every load cell.
type Bounds struct {
	Warmup   string `json:"warmup"`
	Duration string `json:"duration"`
	Requests int    `json:"requests"`
}

// Title is the catalog title that the title cells ask for.
type Title struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	XMLBytes  int    `json:"xml_bytes"`
	JSONBytes int    `json:"json_bytes"`
}

// LoadCell is one server under one workload at one number of connections.
type LoadCell struct {
	Server      string   `json:"server"`
	Workload    string   `json:"workload"`
	Connections int      `json:"connections"`
	NotMeasured string   `json:"not_measured,omitempty"`
	Requests    int      `json:"requests"`
	Errors      int      `json:"errors"`
	Reasons     []string `json:"error_reasons,omitempty"`
	Rate        float64  `json:"requests_per_second"`
	P50ms       float64  `json:"p50_ms"`
	P99ms       float64  `json:"p99_ms"`
	Seconds     float64  `json:"seconds"`
	// About says how the server was run; Note what else the cell counted.
	About string `json:"about,omitempty"`
	Note  string `json:"note,omitempty"`
}

// StartupCell is the mock's start-up with one catalog size.
type StartupCell struct {
	Catalog     string  `json:"catalog"`
	NotMeasured string  `json:"not_measured,omitempty"`
	Seconds     float64 `json:"seconds"`
	// RSSBytes is VmRSS once ready; the table shows it in MiB.
	RSSBytes int64 `json:"rss_bytes"`
}

// IndexCell is the streaming of the 1.0 index by a mock of one catalog size. MB and MBps
// count 10^6 bytes; the memory figures are bytes, shown in MiB.
type IndexCell struct {
	Titles         int     `json:"catalog_size"`
	NotMeasured    string  `json:"not_measured,omitempty"`
	Items          int     `json:"items"`
	MB             float64 `json:"mb"`
	MBps           float64 `json:"mb_per_second"`
	RSSBeforeBytes int64   `json:"rss_before_bytes"`
	PeakBytes      int64   `json:"peak_rss_bytes"`
}

// added is what streaming added to the resident size: the peak over the streams minus the
// resident size before.
func (c *IndexCell) added() int64 { return c.PeakBytes - c.RSSBeforeBytes }

// SuiteCell is one figure of the suite.
type SuiteCell struct {
	What        string  `json:"what"`
	NotMeasured string  `json:"not_measured,omitempty"`
	Figure      string  `json:"figure"`
	Value       float64 `json:"value"`
	Unit        string  `json:"unit"`
	// Failed says why a figure that was measured meets no goal (a run that failed).
	Failed string `json:"failed,omitempty"`
}

// Goal is one performance goal against what was measured.
type Goal struct {
	Goal     string `json:"goal"`
	Target   string `json:"target"`
	Measured string `json:"measured"`
	// Verdict is met, missed or not measured.
	Verdict string `json:"verdict"`
}

const (
	met         = "met"
	missed      = "missed"
	notMeasured = "not measured"
)

// cellOf turns a load generator's result into a cell.
func cellOf(server, workload string, r loadgen.Result) LoadCell {
	return LoadCell{Server: server, Workload: workload, Connections: r.Connections,
		Requests: r.Requests, Errors: r.Errors, Reasons: r.Reasons, Rate: r.Rate,
		P50ms: ms(r.P50), P99ms: ms(r.P99), Seconds: r.Elapsed.Seconds()}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// serverOrder is the order of the servers in the table.
var serverOrder = []string{serverMock, serverBare, serverPrism, serverPrismBare, serverWireMock}

// order sorts the load cells by server, keeping the order in which each server's cells ran.
func (r *Results) order() {
	slices.SortStableFunc(r.Load, func(a, b LoadCell) int {
		return slices.Index(serverOrder, a.Server) - slices.Index(serverOrder, b.Server)
	})
}

// find returns the measured cell of a server, workload and connections, or nil.
func (r *Results) find(server, workload string, conns int) *LoadCell {
	for i, c := range r.Load {
		if c.Server == server && c.Workload == workload && c.Connections == conns {
			return &r.Load[i]
		}
	}
	return nil
}

// writeJSON writes the results to dir/bench-results.json and returns its path.
func (r *Results) writeJSON(dir string) (string, error) {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "bench-results.json")
	return path, os.WriteFile(path, append(b, '\n'), 0o644)
}

// section is one block of the printed table.
type section struct {
	title string
	cols  []string
	// right says which columns are numbers, aligned right.
	right []bool
	rows  [][]string
	notes []string
}

// render prints the results as aligned plain text.
func (r *Results) render(w io.Writer) {
	fmt.Fprintf(w, "flixconf bench, %s, %s; load average (1, 5, 15 min) %s at the start, %s at the end\n", r.When, r.Machine, r.LoadBefore, r.LoadAfter)
	fmt.Fprintf(w, "Every figure below was measured in this run, on loopback. Load: closed-loop workers, one per connection, %s of warm-up, then %s or %s requests per cell, whichever comes first; every non-2xx answer, and every request without an answer, is an error.\n",
		r.Bounds.Warmup, r.Bounds.Duration, thousands(r.Bounds.Requests))
	for _, s := range r.sections() {
		fmt.Fprintln(w)
		s.print(w)
	}
}

func (r *Results) sections() []section {
	load := section{title: "THROUGHPUT AND LATENCY",
		cols:  []string{"server", "workload", "conns", "req/s", "p50", "p99", "requests", "errors"},
		right: []bool{false, false, true, true, true, true, true, true}}
	load.notes = append(load.notes, fmt.Sprintf("the title cells ask for %s (catalog/titles/movies/%s): %s bytes in XML, %s in JSON; Prism, WireMock and the bare server answer the same signed request with the mock's XML bytes",
		r.Title.Name, r.Title.ID, thousands(r.Title.XMLBytes), thousands(r.Title.JSONBytes)))
	for _, c := range r.Load {
		if c.About != "" {
			load.notes = append(load.notes, c.Server+": "+c.About)
		}
		if c.NotMeasured != "" {
			load.rows = append(load.rows, []string{c.Server, c.Workload, fmt.Sprint(c.Connections), "not measured: " + c.NotMeasured, "", "", "", ""})
			continue
		}
		load.rows = append(load.rows, []string{c.Server, c.Workload, fmt.Sprint(c.Connections), thousands(int(c.Rate + 0.5)),
			latency(c.P50ms), latency(c.P99ms), thousands(c.Requests), fmt.Sprint(c.Errors)})
		cell := fmt.Sprintf("%s, %s, %d conn", c.Server, c.Workload, c.Connections)
		if c.Connections > 1 {
			cell += "s"
		}
		if c.Note != "" {
			load.notes = append(load.notes, cell+": "+c.Note)
		}
		for _, reason := range c.Reasons {
			load.notes = append(load.notes, cell+", error: "+reason)
		}
	}
	start := section{title: "START-UP AND MEMORY OF THE MOCK (exec to the first 200 of GET /_flixconf/health; VmRSS then, in MiB)",
		cols: []string{"catalog", "start-up", "resident"}, right: []bool{false, true, true}}
	for _, c := range r.Startup {
		if c.NotMeasured != "" {
			start.rows = append(start.rows, []string{c.Catalog, "not measured: " + c.NotMeasured, ""})
			continue
		}
		start.rows = append(start.rows, []string{c.Catalog, fmt.Sprintf("%.3f s", c.Seconds), fmt.Sprintf("%.1f MiB", mib(c.RSSBytes))})
	}
	index := section{title: "STREAMING THE 1.0 INDEX (GET /catalog/titles/index, signed, uncompressed, as of " + indexDay + ", " + fmt.Sprint(indexStreams) + " times; the median rate; MB = 10^6 bytes, memory in MiB)",
		cols: []string{"catalog", "items", "size", "rate", "resident before", "peak while streaming", "added"}, right: []bool{false, true, true, true, true, true, true}}
	for _, c := range r.Index {
		name := thousands(c.Titles) + " synthetic titles"
		if c.NotMeasured != "" {
			index.rows = append(index.rows, []string{name, "not measured: " + c.NotMeasured, "", "", "", "", ""})
			continue
		}
		index.rows = append(index.rows, []string{name, thousands(c.Items), fmt.Sprintf("%.1f MB", c.MB), fmt.Sprintf("%.0f MB/s", c.MBps),
			fmt.Sprintf("%.1f MiB", mib(c.RSSBeforeBytes)), fmt.Sprintf("%.1f MiB", mib(c.PeakBytes)), fmt.Sprintf("%.1f MiB", mib(c.added()))})
	}
	suite := section{title: "THE SUITE", cols: []string{"what", "figure"}, right: []bool{false, true}}
	for _, c := range r.Suite {
		fig := c.Figure
		if c.NotMeasured != "" {
			fig = "not measured: " + c.NotMeasured
		}
		suite.rows = append(suite.rows, []string{c.What, fig})
	}
	goals := section{title: "THE PERFORMANCE GOALS (docs/bench.md lists them; MB = 10^6 bytes, MiB = 2^20 bytes)", cols: []string{"goal", "target", "measured", "verdict"}, right: []bool{false, true, true, false}}
	for _, g := range r.Goals {
		goals.rows = append(goals.rows, []string{g.Goal, g.Target, g.Measured, g.Verdict})
	}
	return []section{load, start, index, suite, goals}
}

// print writes the section with its columns aligned; a cell too wide for its column (a
// "not measured" reason) runs on into the next ones.
func (s section) print(w io.Writer) {
	fmt.Fprintln(w, s.title)
	width := make([]int, len(s.cols))
	for i, c := range s.cols {
		width[i] = len(c)
	}
	for _, row := range s.rows {
		for i, cell := range row {
			if n := utf8.RuneCountInString(cell); !strings.HasPrefix(cell, "not measured") && n > width[i] {
				width[i] = n
			}
		}
	}
	line := func(cells []string) {
		var b strings.Builder
		for i, cell := range cells {
			if i > 0 {
				b.WriteString("  ")
			}
			pad := strings.Repeat(" ", max(0, width[i]-utf8.RuneCountInString(cell)))
			switch {
			case strings.HasPrefix(cell, "not measured"):
				b.WriteString(cell)
			case s.right[i]:
				b.WriteString(pad + cell)
			default:
				b.WriteString(cell + pad)
			}
		}
		fmt.Fprintln(w, "  "+strings.TrimRight(b.String(), " "))
	}
	line(s.cols)
	for _, row := range s.rows {
		line(row)
	}
	for _, n := range s.notes {
		fmt.Fprintln(w, "  * "+n)
	}
}

// latency writes milliseconds with the precision they deserve.
func latency(ms float64) string {
	if ms < 10 {
		return fmt.Sprintf("%.2f ms", ms)
	}
	return fmt.Sprintf("%.1f ms", ms)
}

// thousands writes n with commas between groups of three digits.
func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
