package contract

import (
	"fmt"
	"slices"

	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/spec/timeline"
)

// lifetimes computes, from the timeline, the days each operation answers: its version
// launched, the operation added and not yet removed, its service not yet retired. The
// windows are never typed by hand, so a change of the timeline moves them.
type lifetimes struct {
	tl *timeline.Timeline
	// days are the days on which anything the timeline records takes effect, sorted: what
	// an operation answers can change only on one of them.
	days []spec.Day
	// lastDay is the last day the API served everyone, the day before its retirement.
	lastDay spec.Day
}

// farFuture is a day after every event of the timeline.
var farFuture = spec.MustDay("9999-12-31")

func newLifetimes(tl *timeline.Timeline) (*lifetimes, error) {
	lt := &lifetimes{tl: tl}
	for _, e := range tl.Events {
		lt.days = append(lt.days, e.EffectiveDay())
		for _, f := range e.Effects {
			if f.Effective != nil {
				lt.days = append(lt.days, f.Effective.Day())
			}
		}
	}
	slices.SortFunc(lt.days, func(a, b spec.Day) int { return a.Time().Compare(b.Time()) })
	lt.days = slices.Compact(lt.days)
	ev, ok := tl.ServiceRetired("api", farFuture)
	if !ok {
		return nil, fmt.Errorf("the timeline retires no API: there is no last day to test on")
	}
	lt.lastDay = ev.EffectiveDay().AddDays(-1)
	return lt, nil
}

// launched reports whether version v serves on day d. A description no launch names (the
// OData catalog) is taken to serve from the start: the timeline gives it only a retirement.
func (lt *lifetimes) launched(v string, d spec.Day) bool {
	if !lt.tl.VersionLaunched(v, farFuture) {
		return true
	}
	return lt.tl.VersionLaunched(v, d)
}

// live reports whether operation op of version v answers on day d.
func (lt *lifetimes) live(v, op string, d spec.Day) bool {
	if !lt.launched(v, d) {
		return false
	}
	if _, gone := lt.tl.OperationRemoved(v, op, d); gone {
		return false
	}
	if _, retired := lt.tl.ServiceRetired("api", d); retired {
		return false
	}
	if v == spec.ODataName {
		if _, retired := lt.tl.ServiceRetired(spec.ODataName, d); retired {
			return false
		}
	}
	return true
}

// window returns the last span of days operation op of version v answers on, both ends
// included (a zero From is open: the operation answered from before any recorded event), and
// whether there is one.
func (lt *lifetimes) window(v, op string) (from, until spec.Day, ok bool) {
	// Each span between two event days behaves as its first day does; the span before the
	// first event as the day before it.
	starts := append([]spec.Day{{}}, lt.days...)
	for i := len(starts) - 1; i >= 0; i-- {
		probe := starts[i]
		if probe.IsZero() {
			probe = lt.days[0].AddDays(-1)
		}
		if !lt.live(v, op, probe) {
			if ok {
				return starts[i+1], until, true
			}
			continue
		}
		if !ok {
			ok = true
			if i+1 < len(starts) {
				until = starts[i+1].AddDays(-1)
			}
		}
	}
	return spec.Day{}, until, ok
}

// defaultDay is the day a spec of the window runs on: the API's last day when the window
// holds it, else the window's last day.
func (lt *lifetimes) defaultDay(from, until spec.Day) spec.Day {
	w := spec.Window{From: from}
	if !until.IsZero() {
		w.Until = until.AddDays(1)
	}
	if w.Contains(lt.lastDay) {
		return lt.lastDay
	}
	return until
}
