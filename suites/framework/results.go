package framework

import (
	"fmt"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/flixconf/flixconf/suites/framework/report"
)

// SpecResults turns Ginkgo's report of a run into flixconf's spec results, leaving out the
// specs of other shards.
func SpecResults(r types.Report) []report.Spec {
	var out []report.Spec
	for _, s := range r.SpecReports {
		if s.LeafNodeType != types.NodeTypeIt {
			continue // suite-level nodes (BeforeSuite, ReportAfterSuite, ...) are not specs
		}
		if !inShard(s.FullText()) {
			continue
		}
		o, reason := Outcome(s)
		loc := s.LeafNodeLocation
		if o == report.Fail || o == report.Error {
			if fl := s.Failure.Location; fl.FileName != "" {
				loc = fl
			}
		}
		var ex []report.Exchange
		if o == report.Fail || o == report.Error {
			ex = exchanges(s)
		}
		out = append(out, report.Spec{
			ID:        s.FullText(),
			Labels:    append([]string{}, s.Labels()...),
			Version:   LabelValue(s.Labels(), "version"),
			Day:       LabelValue(s.Labels(), "day"),
			Outcome:   o,
			Reason:    reason,
			Duration:  s.RunTime.Seconds(),
			Location:  fmt.Sprintf("%s:%d", loc.FileName, loc.LineNumber),
			Exchanges: ex,
		})
	}
	return out
}

// ReportConfig is cfg as results record it: credentials redacted.
func ReportConfig(cfg *Config, workers int) *report.Config {
	rc := &report.Config{
		Versions:       cfg.Versions,
		Clock:          cfg.Clock,
		Date:           cfg.Date.String(),
		LabelFilter:    cfg.LabelFilter,
		Focus:          cfg.Focus,
		RequestTimeout: cfg.RequestTimeout.Seconds(),
		Workers:        workers,
	}
	for _, d := range cfg.Dates {
		rc.Dates = append(rc.Dates, d.String())
	}
	if cfg.Credentials != "" {
		rc.Credentials = redacted
	}
	return rc
}

// SpecEnded is called, when set, as each spec of this shard ends, with its outcome: the
// runner's progress display. It is set before the suite runs and not changed while it runs.
var SpecEnded func(report.Outcome)

// noteSpecEnded hands a finished spec's outcome to SpecEnded, leaving out the specs of other
// shards and the dry run of a preview (before Begin).
func noteSpecEnded(s types.SpecReport) {
	run.Lock()
	begun := run.cfg != nil
	run.Unlock()
	if SpecEnded == nil || !begun || s.LeafNodeType != types.NodeTypeIt || !inShard(s.FullText()) {
		return
	}
	o, reason := Outcome(s)
	if o == report.Disabled && reason == FilteredOut {
		return // the label filter or focus left it out; progress counts the selection
	}
	SpecEnded(o)
}
