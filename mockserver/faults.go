package mockserver

import (
	"fmt"
	"slices"
	"strings"
)

// A fault is one deliberate departure from the API, injected into the mock to prove that the
// suite notices it. Faults exist for testing the suite; a mock with a fault is not a
// reference.
type fault struct {
	name string
	// what says, for --help and the docs, how the answers go wrong.
	what string
	// answer changes an answer's tree before it is written; nil when the fault acts elsewhere.
	answer func(root *node)
}

// Faults that act elsewhere than on an answer's tree, checked by name where they act.
const (
	faultSignatureNotVerified = "signature-not-verified"
	faultEtagIgnored          = "etag-ignored"
	faultDVDCancellation      = "dvd-cancellation-ignored"
	faultBoundaryDayLate      = "boundary-day-late"
	faultPartnersIgnored      = "partner-list-ignored"
	faultPagingOffByOne       = "paging-off-by-one"
	faultFoundNot404          = "found-not-404"
	faultOldHostNotRetired    = "old-host-not-retired"
	faultPinNotPinned         = "pin-not-pinned"
)

// faults is every fault the mock knows, by name.
var faults = []fault{
	{
		name:   "misspelled-element",
		what:   "catalog titles carry <averge_rating> instead of <average_rating>",
		answer: renameElement("average_rating", "averge_rating"),
	},
	{
		name: faultSignatureNotVerified,
		what: "OAuth signatures, timestamps and nonces are not checked: any oauth_signature passes",
	},
	{
		name: faultEtagIgnored,
		what: "queue writes ignore the etag: a stale one is accepted",
	},
	{
		name: faultDVDCancellation,
		what: "the DVD removals announced in 2011 happen, as if they had not been cancelled",
	},
	{
		name: faultBoundaryDayLate,
		what: "every change of the timeline takes effect one day late",
	},
	{
		name: faultPartnersIgnored,
		what: "after the retirement the partner applications' keys get 404 like every other",
	},
	{
		name:   "json-number-for-string",
		what:   "in JSON answers a catalog title's release_year is a number (1975), not the string the descriptions declare (\"1975\")",
		answer: rawChild("catalog_title", "release_year"),
	},
	{
		name: faultPagingOffByOne,
		what: "paged lists answer the page one item later than start_index says, still reporting start_index as asked",
	},
	{
		name: faultFoundNot404,
		what: "a catalog title id that does not exist answers 200, with the 404's status body, instead of 404",
	},
	{
		name: faultOldHostNotRetired,
		what: "api.netflix.com keeps answering after its retirement on 2012-09-15, as if it had never been retired",
	},
	{
		name: faultPinNotPinned,
		what: "title_states' playback_bookmark keeps the user's real bookmark after 2011-06-30, when the timeline pins it to 0",
	},
}

// hasFault reports whether the named fault was injected.
func (s *Server) hasFault(name string) bool {
	return slices.ContainsFunc(s.faults, func(f fault) bool { return f.name == name })
}

// Faults lists the names of the faults the mock can inject, sorted.
func Faults() []string {
	names := make([]string, len(faults))
	for i, f := range faults {
		names[i] = f.name
	}
	slices.Sort(names)
	return names
}

// FaultDescription says how a fault's answers go wrong; "" for an unknown name.
func FaultDescription(name string) string {
	if f, ok := lookupFault(name); ok {
		return f.what
	}
	return ""
}

func lookupFault(name string) (fault, bool) {
	i := slices.IndexFunc(faults, func(f fault) bool { return f.name == name })
	if i < 0 {
		return fault{}, false
	}
	return faults[i], true
}

func unknownFault(name string) error {
	return fmt.Errorf("unknown fault %q (known: %s)", name, strings.Join(Faults(), ", "))
}

// rawChild returns an answer change that marks the text of every element called child whose
// parent is called parent as raw, so that the JSON form writes it as a bare number instead of
// a string. Only digits are marked, so that the JSON stays well formed; the XML form, which
// has no types, is unchanged.
func rawChild(parent, child string) func(*node) {
	return func(root *node) {
		root.walk(func(n *node) {
			if n.name != parent {
				return
			}
			for _, c := range n.children {
				if c.name == child && len(c.attrs) == 0 && len(c.children) == 0 && c.text != "" && strings.Trim(c.text, "0123456789") == "" {
					c.raw = true
				}
			}
		})
	}
}

// renameElement returns an answer change that renames every element called from.
func renameElement(from, to string) func(*node) {
	return func(root *node) {
		root.walk(func(n *node) {
			if n.name == from {
				n.name = to
			}
		})
	}
}
