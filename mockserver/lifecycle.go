package mockserver

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/flixconf/flixconf/fixtures"
	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/spec/timeline"
)

// The mock follows the timeline (spec/timeline.yaml): on a request's day, a retired service or
// host, a version not yet launched and a removed operation answer 404 with the status body;
// removed elements are left out and pinned values pinned. The suite does not read the timeline:
// it checks the scenario files, so a timeline misread here would be caught.

// partnerRequest reports whether the request's consumer key (as the client gave it; the
// signature is checked afterwards) belongs to one of the partner applications that kept
// working after the API's retirement.
func (c *call) partnerRequest() bool { return c.s.isPartnerKey(consumerKeyOf(c.r, c.form)) }

// timelineDay is the day the timeline is read for: the call's day, or the day before under the
// boundary-day-late fault.
func (c *call) timelineDay() spec.Day { return c.s.lateDay(c.day) }

// lateDay applies the boundary-day-late fault to a day.
func (s *Server) lateDay(d spec.Day) spec.Day {
	if s.hasFault(faultBoundaryDayLate) {
		return d.AddDays(-1)
	}
	return d
}

// consumerKeyOf reads oauth_consumer_key from the query, a form body or the Authorization
// header.
func consumerKeyOf(r *http.Request, form map[string][]string) string {
	if v := form["oauth_consumer_key"]; len(v) > 0 {
		return v[0]
	}
	h := r.Header.Get("Authorization")
	if !strings.HasPrefix(h, "OAuth ") {
		return ""
	}
	for _, part := range strings.Split(strings.TrimPrefix(h, "OAuth "), ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		if k == "oauth_consumer_key" {
			return strings.Trim(v, `"`)
		}
	}
	return ""
}

// gone explains why the operation does not answer on the call's day ("" when it does): the
// API retired (partners spared), the host retired or not yet live, the version not yet
// launched, the operation removed or not yet added.
func (c *call) gone(op spec.Operation) (reason string, ev *timeline.Event) {
	tl, day := c.s.timeline, c.timelineDay()
	if e, ok := tl.ServiceRetired("api", day); ok && !c.partnerRequest() {
		return "the public API was retired", e
	}
	if h := requestHost(c.r); (h == hostOld || h == hostPublic) && !tl.HostServes(h, day) && !c.oldHostSpared(h, day) {
		e, _ := tl.HostRetired(h, day)
		return "the host " + h + " does not serve the API on this day", e
	}
	// Before the API's launch nothing answers. The launch days of 1.5 and 2.0 are not known
	// (the timeline keeps a guess only to order them), so each is served from the API's own
	// launch, the first day it may have existed, rather than refused on a guessed day.
	if !tl.VersionLaunched("1.0", day) {
		return "the API was not launched yet", nil
	}
	if e, ok := tl.OperationRemoved(c.v, op.ID, day); ok {
		return "the operation " + op.ID + " does not answer on this day", e
	}
	if c.s.hasFault(faultDVDCancellation) {
		if e, ok := tl.CancelledRemoval(c.v, op.ID, day); ok {
			return "the operation " + op.ID + " was removed (the cancellation ignored)", e
		}
	}
	return "", nil
}

// oldHostSpared reports whether the old-host-not-retired fault keeps host answering on day:
// the host is api.netflix.com and day is on or after its retirement (a host retires only after
// it went live). The canonical host of a request addressed to neither API host still follows
// the retirement.
func (c *call) oldHostSpared(host string, day spec.Day) bool {
	if host != hostOld || !c.s.hasFault(faultOldHostNotRetired) {
		return false
	}
	_, retired := c.s.timeline.HostRetired(host, day)
	return retired
}

// checkLifecycle answers 404 for an operation that does not answer on the call's day, or, in
// strict mode, refuses it (and a use of an operation announced for removal) as a finding.
func (c *call) checkLifecycle(op spec.Operation) bool {
	reason, ev := c.gone(op)
	if reason == "" {
		if c.s.strict != nil {
			if e, day, ok := c.s.timeline.OperationAnnounced(c.v, op.ID, c.day); ok {
				c.refuse("timeline", fmt.Sprintf("%s is announced for removal on %s (%s)", op.ID, day, e.ID), postOf(e))
				return false
			}
		}
		return true
	}
	if c.s.strict != nil {
		c.refuse("timeline", reason+" ("+c.day.String()+")", postOf(ev))
		return false
	}
	c.fail(http.StatusNotFound, "Resource Not Found")
	return false
}

func postOf(e *timeline.Event) string {
	if e == nil {
		return "spec/timeline.yaml"
	}
	return fmt.Sprintf("%q (%s)", e.Source.Post, e.ID)
}

// elementGone reports whether an element of an answer was removed by the call's day.
func (c *call) elementGone(element string) bool {
	if gone, ok := c.removed[element]; ok {
		return gone
	}
	_, gone := c.s.timeline.ElementRemoved(c.v, element, c.timelineDay())
	if c.removed == nil {
		c.removed = map[string]bool{}
	}
	c.removed[element] = gone
	return gone
}

// pinAnswer is what the timeline says of an element's pin on the call's version and day.
type pinAnswer struct {
	value  string
	within int
	ok     bool
}

// pin asks the timeline once per call for an element's pin: the index files ask it for every
// title, and the answer depends only on the version and the day.
func (c *call) pin(element string) pinAnswer {
	if a, ok := c.pins[element]; ok {
		return a
	}
	var a pinAnswer
	a.value, a.within, _, a.ok = c.s.timeline.Pinned(c.v, element, c.timelineDay())
	if c.pins == nil {
		c.pins = map[string]pinAnswer{}
	}
	c.pins[element] = a
	return a
}

// pinned returns the value an element is pinned to on the call's day, if it is. Under the
// pin-not-pinned fault no element is pinned here, so the live value is served: this is the
// pin of title_states' playback_bookmark (available_until, read by availableUntil, stays
// pinned).
func (c *call) pinned(element string) (string, bool) {
	if c.s.hasFault(faultPinNotPinned) {
		return "", false
	}
	a := c.pin(element)
	return a.value, a.ok
}

// availableUntil is a format's available_until as the call's day shows it: from 2012 the
// API gives 2100-01-01 for every title unless it leaves within 14 days, in which case the real
// date stays; from mid-2013 2100-01-01 with no exception ("Upcoming Changes to the Netflix API
// Program"; "Public API Update"). "" means no available_until attribute.
func (c *call) availableUntil(f fixtures.Availability) string {
	real := ""
	if !f.AvailableUntil.IsZero() {
		real = epoch(f.AvailableUntil)
	}
	a := c.pin("availability@available_until")
	if !a.ok {
		return real
	}
	if a.within > 0 && !f.AvailableUntil.IsZero() && f.AvailableUntil.Before(c.day.AddDays(a.within+1)) {
		return real
	}
	return a.value
}

// linksGone lists the link titles an operation no longer gives on the call's day.
func (c *call) linksGone(opID string) []string {
	return c.s.timeline.LinksRemoved(c.v, opID, c.timelineDay())
}

// blogPost is the URL of a post of the developer blog (the pages were /blog/read/<Title>).
func blogPost(title string) string {
	return "http://developer.netflix.com/blog/read/" + strings.NewReplacer(" ", "_", ":", "", "\"", "").Replace(title)
}

// addLifecycleHeaders adds, when the mock was asked to, Deprecation, Sunset and Link to the
// answer of an operation announced for removal and still live on the call's day.
func (c *call) addLifecycleHeaders(op spec.Operation) {
	if !c.s.lifecycleHeaders {
		return
	}
	e, sunset, ok := c.s.timeline.OperationAnnounced(c.v, op.ID, c.timelineDay())
	if !ok || e.Announced == nil {
		return
	}
	h := c.w.Header()
	h.Set("Deprecation", fmt.Sprintf("@%d", e.Announced.Day().Time().Unix()))
	h.Set("Sunset", sunset.Time().Format(http.TimeFormat))
	h.Add("Link", fmt.Sprintf(`<%s>; rel="deprecation"; title=%q`, blogPost(e.Source.Post), e.Source.Post))
}
