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
