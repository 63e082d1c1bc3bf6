package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/flixconf/flixconf/mockserver"
	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/suites/conformance"
	"github.com/flixconf/flixconf/suites/framework"
	"github.com/flixconf/flixconf/suites/framework/report"
)

// containersAtOnce bounds how many containers the env clock runs side by side.
const containersAtOnce = 2

// runByDay runs the suite in the env clock mode: one container of the image per day of the
// selected specs, started with that day in its environment, each running the specs of its day
// with a fixed clock; and one more, on the image's own day, for the undated specs. Results
// are merged, each spec taken from the run that selected it.
func (o *runOptions) runByDay(ctx context.Context, target report.Target, prog *progress) (*report.Results, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("finding this binary to start workers: %w", err)
	}
	type run struct {
		day, filter string
	}
	runs := []run{{"", "day: isEmpty"}}
	for _, d := range conformance.Days(o.cfg) {
		runs = append(runs, run{d, "day:" + d})
	}
	results := make([]*report.Results, len(runs))
	errs := make([]error, len(runs))
	sem := make(chan struct{}, containersAtOnce)
	var wg sync.WaitGroup
	for i, r := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i], errs[i] = o.runDay(ctx, exe, r.day, r.filter, prog)
		}()
	}
	wg.Wait()
	if ctx.Err() != nil {
		return nil, fmt.Errorf("interrupted")
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	res := mergeByDay(results)
	res.Target = target
	res.Config = framework.ReportConfig(&o.cfg, containersAtOnce)
	return res, nil
}

// runDay starts a container on day (the image's default day when "") and runs the specs the
// filter selects against it.
func (o *runOptions) runDay(ctx context.Context, exe, day, filter string, prog *progress) (*report.Results, error) {
	img := o.image
	name := "undated specs"
	if day != "" {
		img.date = dateValue{day: spec.MustDay(day)}
		name = "day " + day
	}
	c, err := startImage(ctx, img)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	defer c.stop()
	cfg := o.cfg
	cfg.Target, cfg.Clock = c.url, framework.ClockFixed
	cfg.Date = mockserver.DefaultDate
	if img.date.now {
		cfg.Date = spec.Today()
	} else if !img.date.day.IsZero() {
		cfg.Date = img.date.day
	}
	cfg.LabelFilter = filter
	if o.cfg.LabelFilter != "" {
		cfg.LabelFilter = "(" + o.cfg.LabelFilter + ") && (" + filter + ")"
	}
	dir := filepath.Join(o.cfg.ReportDir, "days", "undated")
	if day != "" {
		dir = filepath.Join(o.cfg.ReportDir, "days", day)
	}
	if err := runWorker(ctx, exe, name, cfg, dir, prog); err != nil {
		return nil, err
	}
	return report.Read(filepath.Join(dir, report.JSONFile))
}

// mergeByDay joins the runs of the env clock: every run reports every spec, those of other
// days as left out by the label filter; each spec is taken from the run that selected it.
func mergeByDay(parts []*report.Results) *report.Results {
	out := &report.Results{Suite: parts[0].Suite, Started: parts[0].Started}
	byID := map[string]report.Spec{}
	for _, p := range parts {
		if p.Started.Before(out.Started) {
			out.Started = p.Started
		}
		out.Duration += p.Duration
		for _, s := range p.Specs {
			prev, seen := byID[s.ID]
			if !seen || (prev.Outcome == report.Disabled && prev.Reason == framework.FilteredOut && s.Reason != framework.FilteredOut) {
				byID[s.ID] = s
			}
		}
	}
	for _, s := range byID {
		out.Specs = append(out.Specs, s)
	}
	out.Finish()
	return out
}
