package framework

import (
	"fmt"
	"strings"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/flixconf/flixconf/suites/framework/report"
)

// outcomeEntry is the name of the report entry through which a spec says that it ended in an
// outcome Ginkgo has no state for (error, skip, disabled), with its reason.
const outcomeEntry = "flixconf-outcome"

// Broke ends the current spec as an error: the suite or the connection broke, so the spec
// could not judge the target.
func Broke(format string, args ...any) {
	reason := fmt.Sprintf(format, args...)
	ginkgo.AddReportEntry(outcomeEntry, string(report.Error)+":"+reason)
	ginkgo.Fail(reason, 1)
}

// Skip ends the current spec as a skip: it tests an optional feature that the target
// declares absent.
func Skip(format string, args ...any) {
	reason := fmt.Sprintf(format, args...)
	ginkgo.AddReportEntry(outcomeEntry, string(report.Skip)+":"+reason)
	ginkgo.Skip(reason, 1)
}

// Disable ends the current spec as disabled: it is outside the run's selection or clock mode.
func Disable(format string, args ...any) {
	reason := fmt.Sprintf(format, args...)
	ginkgo.AddReportEntry(outcomeEntry, string(report.Disabled)+":"+reason)
	ginkgo.Skip(reason, 1)
}

// FilteredOut is the reason of a spec that the label filter or the focus leaves out.
const FilteredOut = "not selected by --label-filter or --focus"

// signalled returns the outcome and reason a spec declared through its report entries.
func signalled(r types.SpecReport) (report.Outcome, string, bool) {
	for _, e := range r.ReportEntries {
		if e.Name != outcomeEntry {
			continue
		}
		o, reason, _ := strings.Cut(e.StringRepresentation(), ":")
		return report.Outcome(o), reason, true
	}
	return "", "", false
}

// Outcome maps one spec's Ginkgo report to its flixconf outcome and reason.
func Outcome(r types.SpecReport) (report.Outcome, string) {
	if o, reason, found := signalled(r); found {
		return o, reason
	}
	switch r.State {
	case types.SpecStatePassed:
		return report.Pass, ""
	case types.SpecStateFailed:
		return report.Fail, r.Failure.Message
	case types.SpecStateSkipped:
		if r.Failure.Message != "" {
			// A plain ginkgo.Skip: the spec turned itself off, so it is disabled.
			return report.Disabled, r.Failure.Message
		}
		return report.Disabled, FilteredOut
	case types.SpecStatePending:
		return report.Disabled, "pending"
	default: // panicked, interrupted, aborted, timed out
		msg := r.Failure.Message
		if msg == "" {
			msg = r.State.String()
		}
		return report.Error, r.State.String() + ": " + msg
	}
}
