package scenarios

import (
	"slices"
	"testing"

	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/spec/timeline"
)

// exempt lists the events that have no dated probe on either side, each with the reason
// (lifecycle.md, "Scenario dates worth running" and the events' notes).
var exempt = map[string]string{
	"series-model":   "a property of version 2.0: probed by version (2.0 against 1.x), not by day",
	"api-1.5-launch": "the launch day is unknown: no lower edge to probe",
	"api-2.0-launch": "the launch day is unknown: no lower edge to probe",
	// The cancellation has no effect of its own; its probes prove that the cancelled removals
	// never happened ("holds" probes, checked below).
	"dvd-support-continues": "a cancellation: proven by probes that hold after the cancelled days",
}

// Every dated event not listed as exempt has a probe on each side of each of its dated
// points: for an exact day D, the day before and D itself; for an approximate date, a day
// before its window and a day after it (never inside the window of doubt).
func TestEveryEventIsProbedOnBothSides(t *testing.T) {
	tl, err := timeline.Load()
	if err != nil {
		t.Fatal(err)
	}
	files, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	probes := map[string][]Probe{}
	for _, f := range files {
		if _, ok := tl.Event(f.Event); !ok {
			t.Errorf("%s.yaml probes event %q, which the timeline does not have", f.Name, f.Event)
		}
		probes[f.Event] = append(probes[f.Event], f.Probes...)
	}
	for _, e := range tl.Events {
		if e.OutOfScope() {
			continue
		}
		if reason, ok := exempt[e.ID]; ok {
			if e.ID == "dvd-support-continues" && !slices.ContainsFunc(probes[e.ID], func(p Probe) bool { return p.Side == "holds" }) {
				t.Errorf("%s (%s) has no probe that holds", e.ID, reason)
			}
			continue
		}
		for _, point := range datedPoints(e) {
			before, after := bounds(point)
			if !slices.ContainsFunc(probes[e.ID], func(p Probe) bool { return p.Side == "before" && !before.Before(p.Day) }) {
				t.Errorf("%s: no probe before %s on or before %s", e.ID, point, before)
			}
			if !slices.ContainsFunc(probes[e.ID], func(p Probe) bool { return p.Side == "after" && !p.Day.Before(after) && exactOK(point, p.Day) }) {
				t.Errorf("%s: no probe after %s on or after %s", e.ID, point, after)
			}
		}
	}
}

// datedPoints are the dates an event changes behaviour on: its own, and those of its effects
// that have their own, cancelled ones left out.
func datedPoints(e timeline.Event) []timeline.Date {
	points := []timeline.Date{e.Effective}
	for _, f := range e.Effects {
		if f.Effective != nil && !f.Cancelled() {
			points = append(points, *f.Effective)
		}
	}
	return points
}

// bounds returns the latest day a "before" probe may have and the earliest day an "after"
// probe may have.
func bounds(d timeline.Date) (before, after spec.Day) {
	if d.Approximate() {
		return d.Window.From.AddDays(-1), d.Window.Until
	}
	return d.Exact.AddDays(-1), d.Exact
}

// exactOK requires, for an exact day, the after probe on the day itself (the boundary), and
// accepts any later day beside it for an approximate one.
func exactOK(d timeline.Date, day spec.Day) bool { return d.Approximate() || day == d.Exact }

// The exact-day rule also demands a before probe on the very day before.
func TestExactEventsAreProbedAtTheBoundary(t *testing.T) {
	tl, err := timeline.Load()
	if err != nil {
		t.Fatal(err)
	}
	files, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		e, _ := tl.Event(f.Event)
		if e == nil || e.Effective.Approximate() {
			continue
		}
		day := e.Effective.Exact
		has := func(side string, d spec.Day) bool {
			return slices.ContainsFunc(f.Probes, func(p Probe) bool { return p.Side == side && p.Day == d })
		}
		if !has("before", day.AddDays(-1)) || !has("after", day) {
			t.Errorf("%s: an exact day (%s) needs a probe on %s and one on %s", f.Event, day, day.AddDays(-1), day)
		}
	}
}
