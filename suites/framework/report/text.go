package report

import (
	"fmt"
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
	c.Profiles = cleanAll(r.Profiles)
	if r.Config != nil {
		cfg := *r.Config
		cfg.Versions, cfg.Dates = cleanAll(cfg.Versions), cleanAll(cfg.Dates)
		cfg.Clock, cfg.Date = cleanText(cfg.Clock), cleanText(cfg.Date)
		cfg.LabelFilter, cfg.Focus = cleanText(cfg.LabelFilter), cleanText(cfg.Focus)
		cfg.Credentials = cleanText(cfg.Credentials)
		c.Config = &cfg
	}
	c.Coverage = make([]Coverage, len(r.Coverage))
	for i, cov := range r.Coverage {
		cov.Version, cov.Missing = cleanText(cov.Version), cleanAll(cov.Missing)
		c.Coverage[i] = cov
	}
	c.Specs = make([]Spec, len(r.Specs))
	for i, s := range r.Specs {
		c.Specs[i] = Spec{
			ID:        cleanText(s.ID),
			Labels:    cleanAll(s.Labels),
			Version:   cleanText(s.Version),
			Day:       cleanText(s.Day),
			Outcome:   Outcome(cleanText(string(s.Outcome))),
			Reason:    cleanText(s.Reason),
			Duration:  s.Duration,
			Location:  cleanText(s.Location),
			Exchanges: cleanExchanges(s.Exchanges),
		}
	}
	return &c
}

// cleanExchanges cleans the requests and answers of a spec: they quote the target's bytes
// most directly of all.
func cleanExchanges(ex []Exchange) []Exchange {
	if ex == nil {
		return nil
	}
	out := make([]Exchange, len(ex))
	for i, e := range ex {
		out[i] = Exchange{Request: cleanText(e.Request), Response: cleanText(e.Response)}
	}
	return out
}

// exchangesText writes a spec's exchanges as plain text, each request and answer under a
// heading, for the formats that have no markup of their own (junit.xml's system-out).
func exchangesText(ex []Exchange) string {
	var b strings.Builder
	for i, e := range ex {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "--- request %d of %d ---\n%s\n", i+1, len(ex), strings.TrimRight(e.Request, "\n"))
		if e.Response == "" {
			fmt.Fprintf(&b, "--- no answer ---\n")
			continue
		}
		fmt.Fprintf(&b, "--- answer %d of %d ---\n%s\n", i+1, len(ex), strings.TrimRight(e.Response, "\n"))
	}
	return b.String()
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
