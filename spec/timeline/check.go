package timeline

import (
	"errors"
	"fmt"
	"slices"
)

// check applies the rules the schema cannot express: ids are unique, every event names its
// source, dates are exact or well-ordered windows holding their guess, cancellations point
// both ways and agree with the events' statuses, and every operation and element an effect
// names exists in each description the effect applies to. Every problem is reported, one a
// line.
func (t *Timeline) check(d *descriptions) error {
	var errs []error
	seen := map[string]bool{}
	for i := range t.Events {
		e := &t.Events[i]
		if seen[e.ID] {
			errs = append(errs, fmt.Errorf("event %q: the id is used twice", e.ID))
		}
		seen[e.ID] = true
		for _, err := range t.checkEvent(e, d) {
			errs = append(errs, fmt.Errorf("event %q: %w", e.ID, err))
		}
	}
	return errors.Join(errs...)
}

func (t *Timeline) checkEvent(e *Event, d *descriptions) []error {
	var errs []error
	if e.Source.Document == "" || (e.Source.Post == "" && e.Source.Evidence == "") {
		errs = append(errs, errors.New("no source: want the document and a post or the evidence"))
	}
	type named struct {
		name string
		date *Date
	}
	dates := []named{{"effective", &e.Effective}, {"announced", e.Announced}, {"source.published", e.Source.Published}}
	for i, f := range e.Effects {
		dates = append(dates, named{fmt.Sprintf("effect %d (%s) effective", i+1, f.Kind), f.Effective},
			named{fmt.Sprintf("effect %d (%s) until", i+1, f.Kind), f.Until})
	}
	for _, n := range dates {
		if n.date == nil {
			continue
		}
		if err := n.date.check(); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", n.name, err))
		}
	}
	errs = append(errs, t.checkCancellation(e)...)
	for i := range e.Effects {
		for _, err := range checkEffect(e, &e.Effects[i], d) {
			errs = append(errs, fmt.Errorf("effect %d (%s): %w", i+1, e.Effects[i].Kind, err))
		}
	}
	return errs
}

// checkCancellation checks that the event's status matches its cancelled effects, and that
// each cancellation points both ways: a cancelled event names its canceller, whose
// cancellation effect names it back.
func (t *Timeline) checkCancellation(e *Event) []error {
	var errs []error
	cancelled := 0
	for _, f := range e.Effects {
		if f.Cancelled() {
			cancelled++
			if f.CancelledBy != e.CancelledBy {
				errs = append(errs, fmt.Errorf("an effect is cancelled by %q, the event by %q", f.CancelledBy, e.CancelledBy))
			}
		}
	}
	switch {
	case e.Status == StatusEffective && cancelled > 0:
		errs = append(errs, fmt.Errorf("status effective, yet %d effects are cancelled", cancelled))
	case e.Status == StatusCancelled && cancelled < len(e.Effects):
		errs = append(errs, fmt.Errorf("status cancelled, yet %d of %d effects are not", len(e.Effects)-cancelled, len(e.Effects)))
	case e.Status == StatusPartlyCancelled && (cancelled == 0 || cancelled == len(e.Effects)):
		errs = append(errs, fmt.Errorf("status partly-cancelled, yet %d of %d effects are cancelled", cancelled, len(e.Effects)))
	}
	if e.CancelledBy != "" {
		by, ok := t.Event(e.CancelledBy)
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("cancelled_by %q: no such event", e.CancelledBy))
		case !slices.ContainsFunc(by.Effects, func(f Effect) bool { return f.Kind == KindCancellation && f.Cancels == e.ID }):
			errs = append(errs, fmt.Errorf("cancelled_by %q: that event has no cancellation of %q", e.CancelledBy, e.ID))
		}
	}
	for _, f := range e.Effects {
		if f.Kind != KindCancellation {
			continue
		}
		if target, ok := t.Event(f.Cancels); !ok {
			errs = append(errs, fmt.Errorf("cancels %q: no such event", f.Cancels))
		} else if target.CancelledBy != e.ID {
			errs = append(errs, fmt.Errorf("cancels %q, whose cancelled_by is %q", f.Cancels, target.CancelledBy))
		}
	}
	return errs
}

// checkEffect checks that the effect's versions are among its event's, and that every
// operation and element it names exists in each of them.
func checkEffect(e *Event, f *Effect, d *descriptions) []error {
	var errs []error
	for _, v := range f.Versions {
		if !e.Versions.Has(v) {
			errs = append(errs, fmt.Errorf("version %s is not among the event's", v))
		}
	}
	if f.Kind == KindVersionLaunched && !e.Versions.Has(f.Version) {
		errs = append(errs, fmt.Errorf("launches version %s, which is not among the event's", f.Version))
	}
	for _, v := range f.versions(e) {
		for _, op := range f.operationIDs() {
			if !d.hasOperation(v, op) {
				errs = append(errs, fmt.Errorf("operation %s: not in the %s description", op, v))
			}
		}
		for _, el := range f.elementNames() {
			if !d.hasElement(v, el) {
				errs = append(errs, fmt.Errorf("element %s: not in the schemas of the %s description", el, v))
			}
		}
	}
	return errs
}
