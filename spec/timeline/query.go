package timeline

import (
	"iter"
	"slices"

	"github.com/flixconf/flixconf/spec"
)

// genresScheme is the path of the category scheme whose values genres-replaced replaces.
const genresScheme = "/categories/genres"

// effects yields the effects of kind k that take effect (cancelled ones never do), with their
// events, in file order.
func (t *Timeline) effects(k Kind) iter.Seq2[*Event, *Effect] {
	return func(yield func(*Event, *Effect) bool) {
		for i := range t.Events {
			e := &t.Events[i]
			for j := range e.Effects {
				f := &e.Effects[j]
				if f.Kind == k && !f.Cancelled() && !yield(e, f) {
					return
				}
			}
		}
	}
}

// day is the day effect f of event e takes effect: its own, or its event's.
func (f *Effect) day(e *Event) spec.Day {
	if f.Effective != nil {
		return f.Effective.Day()
	}
	return e.EffectiveDay()
}

// appliesTo reports whether effect f of event e applies to description v; every effect
// applies to "" (a question that no version narrows).
func (f *Effect) appliesTo(e *Event, v string) bool {
	return v == "" || slices.Contains(f.versions(e), v)
}

// first returns the event of the earliest effect of kind k that applies to v, that match
// accepts and that is in force on day.
func (t *Timeline) first(k Kind, v string, day spec.Day, match func(*Effect) bool) (*Event, bool) {
	var found *Event
	var at spec.Day
	for e, f := range t.effects(k) {
		d := f.day(e)
		if f.appliesTo(e, v) && match(f) && !day.Before(d) && (found == nil || d.Before(at)) {
			found, at = e, d
		}
	}
	return found, found != nil
}

// OperationRemoved returns the event that makes operation op of version v answer 404 on day:
// an operation removed on or before day, or one that an event adds after day (it is not live
// yet). Cancelled effects never count. The retirement of a whole service, which spares the
// partners' keys, is ServiceRetired's.
func (t *Timeline) OperationRemoved(v, op string, day spec.Day) (*Event, bool) {
	if e, ok := t.first(KindOperationsRemoved, v, day, func(f *Effect) bool { return slices.Contains(f.Operations, op) }); ok {
		return e, true
	}
	for e, f := range t.effects(KindOperationsAdded) {
		if f.appliesTo(e, v) && slices.Contains(f.Operations, op) && day.Before(f.day(e)) {
			return e, true
		}
	}
	return nil, false
}

// OperationAnnounced returns an event that has announced, by day, the removal of operation op
// of version v, and the day the removal takes effect, when that day is after day: what a
// deprecation header or an as-of description says. An event with no announcement, or whose
// removal was cancelled, never counts; of several, the earliest removal wins.
func (t *Timeline) OperationAnnounced(v, op string, day spec.Day) (*Event, spec.Day, bool) {
	var found *Event
	var at spec.Day
	for e, f := range t.effects(KindOperationsRemoved) {
		if e.Announced == nil || !f.appliesTo(e, v) || !slices.Contains(f.Operations, op) {
			continue
		}
		d := f.day(e)
		if !day.Before(e.Announced.Day()) && day.Before(d) && (found == nil || d.Before(at)) {
			found, at = e, d
		}
	}
	return found, at, found != nil
}

// ElementRemoved returns the event that drops element (as the timeline writes it, such as
// "title_state_item.playback_bookmark") from the answers of version v on day, whatever the
// effect's scope (its operations, or every expand).
func (t *Timeline) ElementRemoved(v, element string, day spec.Day) (*Event, bool) {
	return t.first(KindElementsRemoved, v, day, func(f *Effect) bool { return slices.Contains(f.Elements, element) })
}

// Pinned returns the value element always carries in version v on day, and the event that
// pins it. leavingWithinDays is the exception: a title leaving within that many days of day
// keeps its real value (0: no exception). When several pins are in force the latest wins
// (no-expiration-dates drops the exception of availability-2100-unless-leaving). An element
// that is removed on day is not pinned.
func (t *Timeline) Pinned(v, element string, day spec.Day) (value string, leavingWithinDays int, ev *Event, ok bool) {
	var pin *Effect
	var at spec.Day
	for e, f := range t.effects(KindValuesPinned) {
		d := f.day(e)
		if f.appliesTo(e, v) && f.Element == element && !day.Before(d) && (pin == nil || at.Before(d)) {
			pin, ev, at = f, e, d
		}
	}
	if pin == nil {
		return "", 0, nil, false
	}
	if _, removed := t.ElementRemoved(v, element, day); removed {
		return "", 0, nil, false
	}
	return pin.Value, pin.UnlessLeavingWithinDays, ev, true
}

// HostRetired returns the event that retires host (it answers 404) on or before day.
func (t *Timeline) HostRetired(host string, day spec.Day) (*Event, bool) {
	return t.first(KindHostRetired, "", day, func(f *Effect) bool { return f.Host == host })
}

// CanonicalHost is the API host of day: of the hosts that go live, the first to do so that is
// not retired on day. That is api.netflix.com until 2012-09-14 (and before the launch) and
// api-public.netflix.com from 2012-09-15: the switch follows the old host's exact retirement,
// not the new host's approximate live day, so the canonical host never changes inside a
// window of doubt. Ids and links of an answer to a request addressed to neither API host
// name it.
func (t *Timeline) CanonicalHost(day spec.Day) string {
	var host string
	var at spec.Day
	for e, f := range t.effects(KindHostLive) {
		if _, retired := t.HostRetired(f.Host, day); retired {
			continue
		}
		if d := f.day(e); host == "" || d.Before(at) {
			host, at = f.Host, d
		}
	}
	return host
}

// KeyIssuanceStopped returns the event after which no new developer keys are issued.
func (t *Timeline) KeyIssuanceStopped(day spec.Day) (*Event, bool) {
	return t.first(KindKeyIssuanceStopped, "", day, func(*Effect) bool { return true })
}

// ServiceRetired returns the event that retires service ("odata", the OData catalog, or
// "api", everything) on or before day. The API's retirement spares the keys of the partner
// applications (Partners).
func (t *Timeline) ServiceRetired(service string, day spec.Day) (*Event, bool) {
	return t.first(KindServiceRetired, "", day, func(f *Effect) bool { return f.Service == service })
}

// Partners lists the partner applications, by name, whose keys keep working after the API's
// retirement.
func (t *Timeline) Partners() []string {
	var partners []string
	for _, f := range t.effects(KindPartnerAllowList) {
		partners = append(partners, f.Partners...)
	}
	return partners
}

// GenresReplaced reports whether the genre categories of the time have been replaced by the
// new classification on day.
func (t *Timeline) GenresReplaced(day spec.Day) bool {
	_, ok := t.first(KindValuesReplaced, "", day, func(f *Effect) bool { return f.Scheme == genresScheme })
	return ok
}

// HostServes reports whether host serves the API on day: it has gone live and is not retired.
// A host no event names (api-user.netflix.com, odata.netflix.com) is not the timeline's to
// judge and serves.
func (t *Timeline) HostServes(host string, day spec.Day) bool {
	named := false
	for e, f := range t.effects(KindHostLive) {
		if f.Host == host {
			named = true
			if !day.Before(f.day(e)) {
				_, retired := t.HostRetired(host, day)
				return !retired
			}
		}
	}
	return !named
}

// VersionLaunched reports whether version v is served on day.
func (t *Timeline) VersionLaunched(v string, day spec.Day) bool {
	_, ok := t.first(KindVersionLaunched, "", day, func(f *Effect) bool { return f.Version == v })
	return ok
}

// LinksRemoved returns the titles of the links that operation op of version v no longer gives
// on day (the feeds list loses "Most Recent Rental Activity" and "Movies At Home").
func (t *Timeline) LinksRemoved(v, op string, day spec.Day) []string {
	var titles []string
	for e, f := range t.effects(KindLinksRemoved) {
		if f.appliesTo(e, v) && !day.Before(f.day(e)) && slices.Contains(f.Operations, op) {
			for _, l := range f.Links {
				titles = append(titles, l.Title)
			}
		}
	}
	return titles
}

// CancelledRemoval returns the cancelled event whose removal of operation op of version v would
// have applied on day had it not been cancelled. The mock uses it only to simulate a server
// that ignores the cancellation, for testing the suite.
func (t *Timeline) CancelledRemoval(v, op string, day spec.Day) (*Event, bool) {
	for i := range t.Events {
		e := &t.Events[i]
		for j := range e.Effects {
			f := &e.Effects[j]
			if f.Kind == KindOperationsRemoved && f.Cancelled() && f.appliesTo(e, v) && !day.Before(f.day(e)) && slices.Contains(f.Operations, op) {
				return e, true
			}
		}
	}
	return nil, false
}
