// Package framework is the small core that every area of the conformance suite builds on: the
// run's configuration, the HTTP client, the OpenAPI matchers, the five outcomes and the
// conversion of Ginkgo's report into flixconf's results. Area packages (catalog, users,
// lifecycle, ...) import it; it imports none of them.
package framework

import (
	"flag"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/flixconf/flixconf/spec"
)

// Config is everything a run of the suite is told. It is filled once, before the specs run,
// from flags and their environment twins (see Flags); specs read it and never change it.
type Config struct {
	// Target is the base URL of the implementation under test.
	Target string
	// Versions are the API versions selected, "odata" standing for the OData catalog; specs of
	// other versions are disabled.
	Versions []string
	// ReportDir is where the reports are written.
	ReportDir string
	// Shard selects one part of the suite; the zero Shard is the whole suite.
	Shard Shard
	// RequestTimeout bounds each request the suite makes.
	RequestTimeout time.Duration
	// Clock is how specs of a given day reach the target: "header" (the Flixconf-Clock request
	// header; one server serves every day), "fixed" (the target emulates one day, Date; specs of
	// other days are disabled) or "env" (one container per day, started with its day in the
	// environment).
	Clock string
	// Date is the day a fixed clock emulates.
	Date spec.Day
	// Dates, when not nil, are the only days dated specs run on (--dates); nil is every day
	// of the suite. A spec that holds for a window of days runs on the first selected day
	// inside its window.
	Dates []spec.Day
	// Profiles are the optional parts the target claims; specs of other profiles are skips.
	Profiles []string
	// LifecycleHeaders claims the lifecycle-headers profile (the older spelling of
	// --profiles ...,lifecycle-headers).
	LifecycleHeaders bool
	// Credentials is the file of keys and users to sign with; empty asks the target for its
	// built-in ones under /_flixconf/.
	Credentials string
	// LabelFilter and Focus narrow the specs with Ginkgo's label-filter syntax and a regular
	// expression on full spec names; specs they leave out are disabled.
	LabelFilter string
	Focus       string
	// LoopbackOnly makes the client refuse to dial any address outside 127.0.0.0/8 and ::1,
	// so that no test can reach a real host by mistake.
	LoopbackOnly bool
}

// DefaultConfig is the configuration before any flag: every described version, the default
// report folder, no shard.
func DefaultConfig() Config {
	return Config{Versions: spec.Names(), ReportDir: "./flixconf-report", RequestTimeout: 30 * time.Second, Clock: ClockHeader, Profiles: DefaultProfiles()}
}

// Flags registers the suite's own flags on fs, bound to c.
func (c *Config) Flags(fs *flag.FlagSet) {
	fs.Var(targetValue{&c.Target}, "target", "base URL of the implementation under test (default: the bundled mock, started in-process)")
	fs.Var(versionsValue{&c.Versions}, "versions", "comma-separated API versions to run, odata standing for the OData catalog (described: "+strings.Join(spec.Names(), ", ")+")")
	fs.StringVar(&c.ReportDir, "report-dir", c.ReportDir, "folder for results.json, junit.xml and report.html")
	fs.Var(&c.Shard, "shard", "run only part K of N of the suite, written K/N (1 <= K <= N)")
	fs.Var(clockValue{&c.Clock}, "clock", "how specs of a given day reach the target: header (the Flixconf-Clock header), fixed (the target emulates --date) or env (a container per day)")
	fs.Var(spec.DayFlag{P: &c.Date}, "date", "with --clock fixed: the day the target emulates, YYYY-MM-DD")
	fs.Var(datesValue{&c.Dates}, "dates", "comma-separated days (YYYY-MM-DD) that dated specs run on, or all: every day of the suite's scenarios")
	fs.Var(profilesValue{&c.Profiles}, "profiles", "comma-separated optional parts the target claims, all or none (profiles: "+strings.Join(ProfileNames(), ", ")+"; default: all but lifecycle-headers)")
	fs.BoolVar(&c.LifecycleHeaders, "lifecycle-headers", false, "also claim the lifecycle-headers profile (a target started as flixconf serve --lifecycle-headers sends them)")
	fs.StringVar(&c.Credentials, "credentials", "", "JSON file of developer keys and users to sign requests with (default: the target's GET /_flixconf/credentials)")
	fs.Var(labelFilterValue{&c.LabelFilter}, "label-filter", "run only specs whose labels match this Ginkgo label filter, such as 'version:1.0 && area:catalog'")
	fs.Var(focusValue{&c.Focus}, "focus", "run only specs whose full name matches this regular expression")
	fs.DurationVar(&c.RequestTimeout, "request-timeout", c.RequestTimeout, "time allowed for each request")
}

type targetValue struct{ p *string }

func (v targetValue) String() string {
	if v.p == nil {
		return ""
	}
	return *v.p
}

func (v targetValue) Set(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("want an http:// or https:// URL with a host, such as http://127.0.0.1:8080")
	}
	*v.p = strings.TrimSuffix(s, "/")
	return nil
}

type versionsValue struct{ p *[]string }

func (v versionsValue) String() string {
	if v.p == nil {
		return ""
	}
	return strings.Join(*v.p, ",")
}

func (v versionsValue) Set(s string) error {
	var out []string
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if !slices.Contains(spec.Names(), part) {
			return fmt.Errorf("%q is not a described API version; want a comma-separated list of %s", part, strings.Join(spec.Names(), ", "))
		}
		if !slices.Contains(out, part) {
			out = append(out, part)
		}
	}
	*v.p = out
	return nil
}

// Shard is part K of N of the suite. Specs are sorted by full name and dealt out in turn, so
// shards are disjoint, near-equal and the same on every machine.
type Shard struct{ K, N int }

// IsZero reports whether s selects the whole suite.
func (s Shard) IsZero() bool { return s.N == 0 }

// String writes the shard as K/N.
func (s *Shard) String() string {
	if s == nil || s.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.K, s.N)
}

// Set reads a shard written K/N.
func (s *Shard) Set(v string) error {
	k, n, ok := strings.Cut(v, "/")
	ki, err1 := strconv.Atoi(k)
	ni, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil || ni < 1 || ki < 1 || ki > ni {
		return fmt.Errorf("want K/N with 1 <= K <= N, such as 1/2")
	}
	*s = Shard{K: ki, N: ni}
	return nil
}

// Has reports whether the spec at position i of the sorted list of specs belongs to s.
func (s Shard) Has(i int) bool { return s.IsZero() || i%s.N == s.K-1 }

type labelFilterValue struct{ p *string }

func (v labelFilterValue) String() string {
	if v.p == nil {
		return ""
	}
	return *v.p
}

func (v labelFilterValue) Set(s string) error {
	if _, err := types.ParseLabelFilter(s); err != nil {
		return fmt.Errorf("want a Ginkgo label filter such as 'version:1.0 && !area:users': %v", err)
	}
	*v.p = s
	return nil
}

type focusValue struct{ p *string }

func (v focusValue) String() string {
	if v.p == nil {
		return ""
	}
	return *v.p
}

func (v focusValue) Set(s string) error {
	if _, err := regexp.Compile(s); err != nil {
		return fmt.Errorf("want a regular expression on full spec names: %v", err)
	}
	*v.p = s
	return nil
}

// The clock modes.
const (
	ClockHeader = "header"
	ClockFixed  = "fixed"
	ClockEnv    = "env"
)

type clockValue struct{ p *string }

func (v clockValue) String() string {
	if v.p == nil {
		return ""
	}
	return *v.p
}

func (v clockValue) Set(s string) error {
	switch s {
	case ClockHeader, ClockFixed, ClockEnv:
		*v.p = s
		return nil
	}
	return fmt.Errorf("want header, fixed or env")
}

// Check reports a configuration whose values are each valid but do not go together.
func (c *Config) Check() error {
	switch {
	case c.Clock == ClockFixed && c.Date.IsZero():
		return fmt.Errorf("--clock fixed needs --date, the day the target emulates")
	case c.Clock == ClockFixed && c.Dates != nil:
		return fmt.Errorf("--dates selects days for --clock header or env; with --clock fixed the target emulates --date alone")
	}
	if c.LifecycleHeaders && !c.Claims(ProfileLifecycleHeaders) {
		c.Profiles = append(slices.Clone(c.Profiles), ProfileLifecycleHeaders)
	}
	return nil
}

type datesValue struct{ p *[]spec.Day }

func (v datesValue) String() string {
	if v.p == nil || *v.p == nil {
		return ""
	}
	parts := make([]string, len(*v.p))
	for i, d := range *v.p {
		parts[i] = d.String()
	}
	return strings.Join(parts, ",")
}

// Set reads a comma-separated list of days, or "all".
func (v datesValue) Set(s string) error {
	if strings.TrimSpace(s) == "all" {
		*v.p = nil
		return nil
	}
	out := []spec.Day{}
	for _, part := range strings.Split(s, ",") {
		d, err := spec.ParseDay(strings.TrimSpace(part))
		if err != nil {
			return fmt.Errorf("want all or a comma-separated list of days written YYYY-MM-DD, such as 2011-04-01,2012-06-01: %v", err)
		}
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b spec.Day) int { return strings.Compare(a.String(), b.String()) })
	*v.p = out
	return nil
}
