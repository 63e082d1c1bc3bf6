package timeline

import (
	"fmt"
	"strings"
)

// summaries write what an effect of each kind does, in one line; Summary adds what every
// kind may carry (its own day, its versions, its cancellation).
var summaries = map[Kind]func(f *Effect) string{
	KindVersionLaunched: func(f *Effect) string { return "version " + f.Version + " available" },
	KindSeriesModel: func(f *Effect) string {
		return fmt.Sprintf("a series is one title; expand=%s lists every episode (%s); over %d episodes a series may be split",
			f.Expand, list(f.Operations), f.MaxEpisodesPerTitle)
	},
	KindValuesReplaced: func(f *Effect) string {
		kept := "scheme dropped"
		if f.SchemeKept {
			kept = "scheme kept"
		}
		return fmt.Sprintf("%s values under %s replaced by a new set (%s)", f.Element, f.Scheme, kept)
	},
	KindValuesPinned: func(f *Effect) string {
		s := fmt.Sprintf("%s always %q", f.Element, f.Value)
		if f.UnlessLeavingWithinDays > 0 {
			s += fmt.Sprintf(", unless the title leaves within %d days", f.UnlessLeavingWithinDays)
		}
		return s
	},
	KindOperationsRemoved: func(f *Effect) string { return "404 from the day: " + list(f.Operations) },
	KindOperationsAdded:   func(f *Effect) string { return "live from the day (404 before): " + list(f.Operations) },
	KindOperationsAnswerAs: func(f *Effect) string {
		pairs := make([]string, len(f.Answers))
		for i, a := range f.Answers {
			pairs[i] = a.Operation + " as " + a.As
		}
		return fmt.Sprintf("answer with another operation's results until %s: %s", f.Until.Day(), strings.Join(pairs, "; "))
	},
	KindElementsRemoved: func(f *Effect) string {
		where := list(f.Operations)
		if f.Expands == "all" {
			where = "every expand of every resource"
		}
		return fmt.Sprintf("elements dropped from %s: %s", where, list(f.Elements))
	},
	KindLinksRemoved: func(f *Effect) string {
		titles := make([]string, len(f.Links))
		for i, l := range f.Links {
			titles[i] = fmt.Sprintf("%q", l.Title)
		}
		return fmt.Sprintf("links dropped from %s: %s", list(f.Operations), strings.Join(titles, ", "))
	},
	KindContentRestricted: func(f *Effect) string {
		where := list(f.Operations)
		if f.Surface != "" {
			where = f.Surface
		}
		return fmt.Sprintf("%s content only in %s: %s", f.To, where, f.Detail)
	},
	KindCancellation: func(f *Effect) string {
		return "cancels the effects of " + f.Cancels + " marked cancelled by this event"
	},
	KindHostLive:           func(f *Effect) string { return "host " + f.Host + " serves the API" },
	KindHostRetired:        func(f *Effect) string { return "host " + f.Host + " retired (404)" },
	KindFilesRemoved:       func(f *Effect) string { return "removed, paths unknown (not probed): " + list(f.Files) },
	KindKeyIssuanceStopped: func(*Effect) string { return "no new developer keys are issued" },
	KindServiceRetired: func(f *Effect) string {
		s := "service " + f.Service + " answers 404"
		if len(f.Hosts)+len(f.Paths) > 0 {
			s += " (" + strings.TrimSpace(list(f.Hosts)+" "+list(f.Paths)) + ")"
		}
		if f.ExceptPartners {
			s += ", except for the partner applications' keys"
		}
		return s
	},
	KindPartnerAllowList: func(f *Effect) string { return "partner applications: " + list(f.Partners) },
}

// Summary says in one line what the effect does: "[from DAY]" when it has its
// own day, "[versions ...]" when it narrows its event's, "[cancelled by ID]" when it never
// takes effect.
func (f *Effect) Summary() string {
	var b strings.Builder
	if f.Cancelled() {
		fmt.Fprintf(&b, "[cancelled by %s] ", f.CancelledBy)
	}
	if f.Effective != nil {
		if f.Effective.Approximate() {
			fmt.Fprintf(&b, "[from ~%s] ", f.Effective.Guess)
		} else {
			fmt.Fprintf(&b, "[from %s] ", f.Effective.Exact)
		}
	}
	if len(f.Versions) > 0 {
		fmt.Fprintf(&b, "[versions %s] ", list(f.Versions))
	}
	b.WriteString(string(f.Kind) + ": " + summaries[f.Kind](f))
	return b.String()
}

func list(items []string) string { return strings.Join(items, ", ") }
