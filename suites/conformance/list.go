package conformance

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/flixconf/flixconf/suites/framework"
)

// Entry is one requirement of the conformance list: a spec, with the versions it is declared
// for when its other attributes are the same in each.
type Entry struct {
	// ID is the spec's full name without its "API V " prefix.
	ID       string
	Versions []string
	// Days is "any" for a spec that runs on the target's own day, the day of a dated spec, or
	// "A..B (default D)" for a spec that holds over a window of days.
	Days string
	// Must is the requirement, the spec's own sentence.
	Must string
	// Covers names the operations (op:ID) and events (event:ID) the spec covers.
	Covers   []string
	Profiles []string
}

// ConformanceList previews the whole suite and returns its requirements, sorted by id. It must
// not be called in a process that runs the suite.
func ConformanceList() []Entry {
	suiteCfg, reporterCfg := ginkgo.GinkgoConfiguration()
	var out []Entry
	for _, s := range ginkgo.PreviewSpecs("flixconf", suiteCfg, reporterCfg).SpecReports {
		if s.LeafNodeType != types.NodeTypeIt {
			continue
		}
		e := entryOf(s)
		i := slices.IndexFunc(out, func(o Entry) bool { return o.sameAs(e) })
		if i < 0 {
			out = append(out, e)
			continue
		}
		out[i].Versions = append(out[i].Versions, e.Versions...)
	}
	for i := range out {
		slices.Sort(out[i].Versions)
	}
	slices.SortFunc(out, func(a, b Entry) int {
		return cmp2(a.ID, b.ID, strings.Join(a.Versions, ","), strings.Join(b.Versions, ","))
	})
	return out
}

func cmp2(a1, b1, a2, b2 string) int {
	if c := strings.Compare(a1, b1); c != 0 {
		return c
	}
	return strings.Compare(a2, b2)
}

func entryOf(s types.SpecReport) Entry {
	labels := s.Labels()
	version := framework.LabelValue(labels, "version")
	e := Entry{
		ID:       strings.TrimPrefix(s.FullText(), "API "+version+" "),
		Versions: []string{version},
		Days:     "any",
		Must:     s.LeafNodeText,
	}
	day, window := framework.LabelValue(labels, "day"), framework.LabelValue(labels, "window")
	switch {
	case window != "":
		e.Days = fmt.Sprintf("%s (default %s)", window, day)
	case day != "":
		e.Days = day
	}
	for _, l := range labels {
		switch {
		case strings.HasPrefix(l, "op:"), strings.HasPrefix(l, "event:"):
			e.Covers = append(e.Covers, l)
		case strings.HasPrefix(l, "profile:"):
			e.Profiles = append(e.Profiles, strings.TrimPrefix(l, "profile:"))
		}
	}
	return e
}

func (e Entry) sameAs(o Entry) bool {
	return e.ID == o.ID && e.Days == o.Days && e.Must == o.Must &&
		slices.Equal(e.Covers, o.Covers) && slices.Equal(e.Profiles, o.Profiles)
}

// WriteConformanceList writes the list as YAML, one requirement a block, every string quoted
// so that the file reads the same in any YAML parser.
func WriteConformanceList(w io.Writer, entries []Entry) error {
	var b strings.Builder
	b.WriteString("# The conformance list: every spec of the suite, the requirement it checks and what it covers.\n")
	b.WriteString("# Generated from the suite's tree by `make conformance-list`; CI fails when it is not current.\n")
	fmt.Fprintf(&b, "# %d requirements.\n", len(entries))
	for _, e := range entries {
		fmt.Fprintf(&b, "- id: %s\n", quote(e.ID))
		fmt.Fprintf(&b, "  versions: [%s]\n", quoteAll(e.Versions))
		fmt.Fprintf(&b, "  days: %s\n", quote(e.Days))
		fmt.Fprintf(&b, "  must: %s\n", quote(e.Must))
		fmt.Fprintf(&b, "  covers: [%s]\n", quoteAll(e.Covers))
		fmt.Fprintf(&b, "  profiles: [%s]\n", quoteAll(e.Profiles))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = quote(s)
	}
	return strings.Join(q, ", ")
}
