package main

import (
	"fmt"

	"github.com/flixconf/flixconf/internal/procmem"
)

// The performance goals (docs/bench.md lists them), judged on the figures of this run. The
// memory gate's rule is procmem's, the one its test applies.
const (
	goalPrismRatio    = 10.0  // the mock's rate over Prism's, signed XML title, 32 connections
	goalWireMockRatio = 2.0   // over WireMock's
	goalBareRatio     = 0.5   // over a bare Go server's
	goalBareP99Ratio  = 2.0   // the mock's p99 over the bare server's, at most
	goalStartSeconds  = 1.0   // start-up, under
	goalRSSBytes      = 300e6 // resident after start-up, under: 300 MB (10^6 bytes), 286.1 MiB
	goalIndexMBps     = 100.0 // streaming the index, at least (MB of 10^6 bytes a second)
	goalValidateMicro = 50.0  // median validation of one catalog_title, under (µs)
	goalFullRunSecond = 60.0  // the full default run on 2 cores, under
)

// judge fills r.Goals from the figures. A figure that was not measured, a load cell with
// errors or a full run that failed cannot meet a goal: the first is "not measured", the
// others "missed" with the errors or the failure named.
func (r *Results) judge() {
	r.Goals = nil
	mock := r.find(serverMock, workloadXML, 32)
	ratio := func(other string, goal float64, name string) {
		g := Goal{Goal: fmt.Sprintf("mock / %s, req/s, signed XML title, 32 conns", name), Target: fmt.Sprintf(">= %gx", goal)}
		o := r.find(other, workloadXML, 32)
		switch {
		case !measured(mock) || !measured(o) || o.Rate == 0:
			g.Measured, g.Verdict = "-", notMeasured
		default:
			x := mock.Rate / o.Rate
			g.Measured = fmt.Sprintf("%.2fx", x)
			g.Verdict = verdict(x >= goal, mock, o)
		}
		r.Goals = append(r.Goals, g)
	}
	ratio(serverPrism, goalPrismRatio, "Prism")
	ratio(serverWireMock, goalWireMockRatio, "WireMock")
	ratio(serverBare, goalBareRatio, "bare Go server")

	p99 := Goal{Goal: "mock p99 / bare Go server p99, signed XML title, 32 conns", Target: fmt.Sprintf("<= %gx", goalBareP99Ratio)}
	if bare := r.find(serverBare, workloadXML, 32); measured(mock) && measured(bare) && bare.P99ms > 0 {
		x := mock.P99ms / bare.P99ms
		p99.Measured = fmt.Sprintf("%.2fx (%s / %s)", x, latency(mock.P99ms), latency(bare.P99ms))
		p99.Verdict = verdict(x <= goalBareP99Ratio, mock, bare)
	} else {
		p99.Measured, p99.Verdict = "-", notMeasured
	}
	r.Goals = append(r.Goals, p99)

	for _, s := range r.Startup {
		start := Goal{Goal: "start-up, " + s.Catalog, Target: fmt.Sprintf("< %g s", goalStartSeconds)}
		mem := Goal{Goal: "resident after start-up, " + s.Catalog, Target: fmt.Sprintf("< %g MB (%.1f MiB)", goalRSSBytes/1e6, mib(goalRSSBytes))}
		if s.NotMeasured != "" {
			start.Measured, start.Verdict = "-", notMeasured
			mem.Measured, mem.Verdict = "-", notMeasured
		} else {
			start.Measured, start.Verdict = fmt.Sprintf("%.3f s", s.Seconds), verdict(s.Seconds < goalStartSeconds)
			mem.Measured, mem.Verdict = fmt.Sprintf("%.1f MiB", mib(s.RSSBytes)), verdict(s.RSSBytes < goalRSSBytes)
		}
		r.Goals = append(r.Goals, start, mem)
	}

	var small, large *IndexCell
	for i, c := range r.Index {
		switch c.Titles {
		case indexSmall:
			small = &r.Index[i]
		case indexLarge:
			large = &r.Index[i]
		}
	}
	rate := Goal{Goal: "streaming the index of 100,000 titles", Target: fmt.Sprintf(">= %g MB/s", goalIndexMBps)}
	peak := Goal{Goal: "hard gate: memory streaming adds, 100,000 titles / 10,000", Target: fmt.Sprintf("<= %gx (floor %.0f MiB)", procmem.Ratio, mib(procmem.Floor))}
	rate.Measured, rate.Verdict, peak.Measured, peak.Verdict = "-", notMeasured, "-", notMeasured
	if large != nil && large.NotMeasured == "" {
		rate.Measured, rate.Verdict = fmt.Sprintf("%.0f MB/s", large.MBps), verdict(large.MBps >= goalIndexMBps)
		if small != nil && small.NotMeasured == "" {
			// The gate's own rule: below procmem.Floor, what streaming adds is the collector's noise.
			base := max(small.added(), procmem.Floor)
			added := large.added()
			peak.Measured = fmt.Sprintf("%.2fx (%.1f / %.1f MiB)", float64(added)/float64(base), mib(added), mib(base))
			peak.Verdict = verdict(added <= procmem.Bound(small.added()))
		}
	}
	r.Goals = append(r.Goals, rate, peak)

	for _, c := range r.Suite {
		var g Goal
		switch c.What {
		case suiteValidate:
			g = Goal{Goal: "validating one catalog_title answer, median", Target: fmt.Sprintf("< %g µs", goalValidateMicro)}
			g.Verdict = verdict(c.Value < goalValidateMicro)
		case suiteFullRun:
			g = Goal{Goal: "the full default run, with no failure", Target: fmt.Sprintf("< %g s", goalFullRunSecond)}
			g.Verdict = verdict(c.Value < goalFullRunSecond)
			if c.Failed != "" { // a fast run that failed meets nothing
				g.Verdict = fmt.Sprintf("%s (%s)", missed, c.Failed)
			}
		default:
			continue
		}
		g.Measured = fmt.Sprintf("%.1f %s", c.Value, c.Unit)
		if c.NotMeasured != "" {
			g.Measured, g.Verdict = "-", notMeasured
		}
		r.Goals = append(r.Goals, g)
	}
}

// measured reports whether a load cell exists and ran.
func measured(c *LoadCell) bool { return c != nil && c.NotMeasured == "" && c.Requests > 0 }

// verdict is met when ok holds and none of the cells the figure comes from had errors.
func verdict(ok bool, cells ...*LoadCell) string {
	errs := 0
	for _, c := range cells {
		errs += c.Errors
	}
	switch {
	case errs > 0:
		return fmt.Sprintf("%s (%d errors in the cells compared)", missed, errs)
	case ok:
		return met
	default:
		return missed
	}
}
