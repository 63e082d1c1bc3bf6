package framework

import (
	"fmt"
	"slices"
	"strings"

	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/suites/framework/report"
)

// The labels through which a spec states what it needs; the selection reads nothing else.
//
//	version:V        the API version (every spec; framework.Describe adds it)
//	day:D            the day the spec's expectation is about; in header mode it is sent as the
//	                 Flixconf-Clock header of every request
//	window:A..B      the expectation holds on every day from A to B (either end may be
//	                 open); day:D is then the default day, and a fixed clock or --dates
//	                 moves the spec to another day inside the window
//	profile:P        an optional part the target must claim (see Profiles)
//	op:ID, event:ID  the operation or the dated event the spec covers (the conformance list)
const (
	labelVersion = "version"
	labelDay     = "day"
	labelWindow  = "window"
	labelProfile = "profile"
)

// WindowLabel returns the label of a spec that holds from from to until, both included; a
// zero day leaves that end open.
func WindowLabel(from, until spec.Day) string {
	return labelWindow + ":" + from.String() + ".." + until.String()
}

// window reads a spec's window label.
func window(labels []string) (spec.Window, bool, error) {
	v := LabelValue(labels, labelWindow)
	if v == "" {
		return spec.Window{}, false, nil
	}
	from, until, ok := strings.Cut(v, "..")
	var w spec.Window
	var err error
	if ok && from != "" {
		w.From, err = spec.ParseDay(from)
	}
	if ok && err == nil && until != "" {
		w.Until, err = spec.ParseDay(until)
	}
	if !ok || err != nil {
		return w, false, fmt.Errorf("label %q: want window:YYYY-MM-DD..YYYY-MM-DD", labelWindow+":"+v)
	}
	return w, true, nil
}

func inWindow(w spec.Window, d spec.Day) bool {
	return (w.From.IsZero() || !d.Before(w.From)) && (w.Until.IsZero() || !w.Until.Before(d))
}

// Decision is what the selection decides for one spec before it runs.
type Decision struct {
	// Outcome is "" when the spec runs, else Disabled or Skip.
	Outcome report.Outcome
	Reason  string
	// Day is the day the spec runs on ("" for an undated spec): the day its requests carry in
	// header mode.
	Day string
}

// Runs reports whether the spec runs.
func (d Decision) Runs() bool { return d.Outcome == "" }

// Decide applies cfg to a spec's labels: its version, its day or window, its profiles.
// Shards, label filter and focus are applied elsewhere (they need the whole list of specs).
func Decide(cfg *Config, labels []string) Decision {
	if v := LabelValue(labels, labelVersion); v != "" && !slices.Contains(cfg.Versions, v) {
		return Decision{Outcome: report.Disabled, Reason: fmt.Sprintf("version %s not selected (--versions %s)", v, strings.Join(cfg.Versions, ","))}
	}
	day := LabelValue(labels, labelDay)
	w, windowed, err := window(labels)
	if err != nil {
		return Decision{Outcome: report.Error, Reason: err.Error()}
	}
	if day != "" {
		if d, ok := pickDay(cfg, day, w, windowed); ok {
			day = d
		} else {
			return Decision{Outcome: report.Disabled, Reason: dayReason(cfg, day, w, windowed)}
		}
	}
	for _, l := range labels {
		p, ok := strings.CutPrefix(l, labelProfile+":")
		if ok && !cfg.Claims(p) {
			return Decision{Outcome: report.Skip, Reason: fmt.Sprintf("the run does not claim profile %s (--profiles %s)", p, strings.Join(cfg.Profiles, ","))}
		}
	}
	if day != "" && cfg.Clock == ClockHeader && !cfg.Claims(ProfileClockHeader) {
		return Decision{Outcome: report.Skip, Reason: fmt.Sprintf("a spec of %s needs profile %s with --clock header; or run it against a server set to %s with --clock fixed --date %s", day, ProfileClockHeader, day, day)}
	}
	return Decision{Day: day}
}

// pickDay returns the day a dated spec runs on under cfg, and false when it runs on none.
func pickDay(cfg *Config, day string, w spec.Window, windowed bool) (string, bool) {
	var candidates []spec.Day
	switch {
	case cfg.Clock == ClockFixed:
		candidates = []spec.Day{cfg.Date}
	case cfg.Dates != nil:
		candidates = cfg.Dates
	default:
		return day, true
	}
	for _, d := range candidates {
		switch {
		case d.String() == day:
			return day, true
		case windowed && cfg.Clock != ClockEnv && inWindow(w, d):
			return d.String(), true
		}
	}
	return "", false
}

func dayReason(cfg *Config, day string, w spec.Window, windowed bool) string {
	span := day
	if windowed {
		span = fmt.Sprintf("a day from %s to %s", orOpen(w.From), orOpen(w.Until))
	}
	if cfg.Clock == ClockFixed {
		return fmt.Sprintf("the clock is fixed on %s (--clock fixed --date); this spec is for %s", cfg.Date, span)
	}
	sel := make([]string, len(cfg.Dates))
	for i, d := range cfg.Dates {
		sel[i] = d.String()
	}
	return fmt.Sprintf("this spec is for %s, not selected (--dates %s)", span, strings.Join(sel, ","))
}

func orOpen(d spec.Day) string {
	if d.IsZero() {
		return "(open)"
	}
	return d.String()
}

// CheckWindow reports a window label that does not read.
func CheckWindow(labels []string) error {
	_, _, err := window(labels)
	return err
}
