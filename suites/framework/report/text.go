package report

import (
	"strings"
	"time"
)

// cleanText replaces every character that cannot appear in an XML 1.0 or HTML document with
// U+FFFD. Reasons quote whatever the target sent back, control characters included, and an
// encoder would otherwise write a junit.xml that parsers refuse or an HTML page that breaks.
// Tab, newline and carriage return are kept; C1 controls go too, as HTML forbids them.
func cleanText(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20, r >= 0x7f && r <= 0x9f, r >= 0xd800 && r <= 0xdfff, r == 0xfffe, r == 0xffff:
			return '\uFFFD'
		}
		return r
	}, s)
}

// cleaned returns a copy of r in which every string has been through cleanText, for the
// writers whose format cannot hold arbitrary text.
func cleaned(r *Results) *Results {
	c := *r
	c.Suite = Suite{Name: cleanText(r.Suite.Name), Version: cleanText(r.Suite.Version), Revision: cleanText(r.Suite.Revision)}
	c.Target = Target{Kind: cleanText(r.Target.Kind), URL: cleanText(r.Target.URL), Image: cleanText(r.Target.Image)}
	c.Shards = cleanAll(r.Shards)
	c.Specs = make([]Spec, len(r.Specs))
	for i, s := range r.Specs {
		c.Specs[i] = Spec{
			ID:       cleanText(s.ID),
			Labels:   cleanAll(s.Labels),
			Version:  cleanText(s.Version),
			Day:      cleanText(s.Day),
			Outcome:  Outcome(cleanText(string(s.Outcome))),
			Reason:   cleanText(s.Reason),
			Duration: s.Duration,
			Location: cleanText(s.Location),
		}
	}
	return &c
}

func cleanAll(ss []string) []string {
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = cleanText(s)
	}
	return out
}

// firstLine is the first non-blank line of a reason, trimmed: the one-line form JUnit's
// message attribute and the report's tables show. Gomega messages often open with a newline,
// and an empty summary would hide that there is a reason at all.
func firstLine(reason string) string {
	for line := range strings.Lines(reason) {
		if line = strings.TrimSpace(line); line != "" {
			return line
		}
	}
	return ""
}

// seconds renders a duration in seconds for people: "1.234s", "2m3.5s".
func seconds(s float64) string {
	return time.Duration(s * float64(time.Second)).Round(time.Millisecond).String()
}

// of is the number of specs with outcome o.
func (c Counts) of(o Outcome) int {
	switch o {
	case Pass:
		return c.Passed
	case Fail:
		return c.Failed
	case Error:
		return c.Errors
	case Skip:
		return c.Skipped
	case Disabled:
		return c.Disabled
	}
	return 0
}
