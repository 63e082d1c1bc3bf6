package framework

import (
	"strings"
	"testing"

	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/suites/framework/report"
)

// Decide applies versions, days, windows and profiles as the README says.
func TestDecide(t *testing.T) {
	header := DefaultConfig()
	fixed := DefaultConfig()
	fixed.Clock, fixed.Date = ClockFixed, spec.MustDay("2012-01-01")
	dates := DefaultConfig()
	dates.Dates = []spec.Day{spec.MustDay("2010-05-05"), spec.MustDay("2011-06-14")}
	only10 := DefaultConfig()
	only10.Versions = []string{"1.0"}
	catalogOnly := DefaultConfig()
	catalogOnly.Profiles = []string{ProfileCatalog}

	window := WindowLabel(spec.MustDay("2008-10-01"), spec.MustDay("2014-11-13"))
	cases := []struct {
		name    string
		cfg     Config
		labels  []string
		outcome report.Outcome
		day     string
		reason  string
	}{
		{"undated runs", header, []string{"version:1.0", "profile:catalog"}, "", "", ""},
		{"dated runs on its day", header, []string{"version:1.0", "day:2011-06-14", "profile:catalog"}, "", "2011-06-14", ""},
		{"version not selected", only10, []string{"version:2.0", "profile:catalog"}, report.Disabled, "", "version 2.0 not selected"},
		{"odata is a version", only10, []string{"version:odata", "profile:odata"}, report.Disabled, "", "version odata not selected"},
		{"fixed clock on another day", fixed, []string{"version:1.0", "day:2011-06-14", "profile:catalog"}, report.Disabled, "", "fixed on 2012-01-01"},
		{"fixed clock inside the window", fixed, []string{"version:1.0", "day:2014-11-13", window, "profile:catalog"}, "", "2012-01-01", ""},
		{"fixed clock outside the window", fixed, []string{"version:1.0", "day:2014-11-13", WindowLabel(spec.MustDay("2012-06-01"), spec.Day{}), "profile:catalog"}, report.Disabled, "", "from 2012-06-01 to (open)"},
		{"dates select the day", dates, []string{"version:1.0", "day:2011-06-14", "profile:catalog"}, "", "2011-06-14", ""},
		{"dates leave the day out", dates, []string{"version:1.0", "day:2012-09-15", "profile:catalog"}, report.Disabled, "", "not selected (--dates 2010-05-05,2011-06-14)"},
		{"dates move a windowed spec to the first day inside", dates, []string{"version:1.0", "day:2014-11-13", window, "profile:catalog"}, "", "2010-05-05", ""},
		{"profile not claimed", catalogOnly, []string{"version:1.0", "profile:users"}, report.Skip, "", "does not claim profile users"},
		{"dated spec needs the clock header profile", catalogOnly, []string{"version:1.0", "day:2011-06-14", "profile:catalog"}, report.Skip, "", "needs profile clock-header"},
		{"a window that does not read", header, []string{"version:1.0", "day:2011-06-14", "window:soon", "profile:catalog"}, report.Error, "", "window:YYYY-MM-DD"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := Decide(&c.cfg, c.labels)
			if d.Outcome != c.outcome || d.Day != c.day || !strings.Contains(d.Reason, c.reason) {
				t.Errorf("Decide = %+v, want outcome %q, day %q, reason containing %q", d, c.outcome, c.day, c.reason)
			}
		})
	}
}

// The credentials in a recorded exchange are redacted; everything else is kept.
func TestRedaction(t *testing.T) {
	got := redactQuery("term=jaws&oauth_consumer_key=k&oauth_signature=abc%3D&v=1.0&oauth_token=t")
	want := "term=jaws&oauth_consumer_key=[redacted]&oauth_signature=[redacted]&v=1.0&oauth_token=[redacted]"
	if got != want {
		t.Errorf("redactQuery = %q, want %q", got, want)
	}
	h := redactAuthorization(`OAuth oauth_consumer_key="k", oauth_signature="s", oauth_version="1.0"`)
	if strings.Contains(h, `"k"`) || strings.Contains(h, `"s"`) || !strings.Contains(h, `oauth_version="1.0"`) {
		t.Errorf("redactAuthorization = %q", h)
	}
}
