package main

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/flixconf/flixconf/mockserver"
	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/suites/framework"
	"github.com/flixconf/flixconf/suites/framework/report"
)

// With a fixed clock, a spec of another day is disabled with the reason, a spec whose window
// holds that day runs on it, and the rest pass against a mock set to that day.
func TestRunWithAFixedClock(t *testing.T) {
	const day = "2013-01-01"
	url := serve(t, "--date", day)
	dir := t.TempDir()
	r := flixconf(t, nil, "run", "--target", url, "--clock", "fixed", "--date", day, "--report-dir", dir)
	if r.code != exitOK {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	res := reports(t, dir)
	disabled, moved := 0, 0
	for _, s := range res.Specs {
		if s.Day == "" || s.Day == day {
			continue
		}
		switch {
		case windowHolds(t, s.Labels, day):
			moved++
			if s.Outcome != report.Pass {
				t.Errorf("%s (window holding %s): %s %q, want pass", s.ID, day, s.Outcome, s.Reason)
			}
		case s.Outcome == report.Skip && strings.Contains(s.Reason, "does not claim profile"):
		case s.Outcome != report.Disabled || !strings.Contains(s.Reason, "fixed on "+day):
			t.Errorf("%s (day %s): %s %q, want disabled by the fixed clock", s.ID, s.Day, s.Outcome, s.Reason)
		default:
			disabled++
		}
	}
	if disabled == 0 || moved == 0 || res.Counts.Passed == 0 {
		t.Fatalf("want passed specs, specs moved to %s by their window and disabled ones: %d moved, %d disabled, %+v", day, moved, disabled, res.Counts)
	}
}

// windowHolds reports whether a spec's window label holds day.
func windowHolds(t *testing.T, labels []string, day string) bool {
	t.Helper()
	for _, l := range labels {
		if w, ok := strings.CutPrefix(l, "window:"); ok {
			from, until, _ := strings.Cut(w, "..")
			return (from == "" || from <= day) && (until == "" || day <= until)
		}
	}
	return false
}

// A target that ignores the Flixconf-Clock header is told so plainly: its dated specs are
// disabled with the reason, not failed one by one, and only the specs of the header itself
// fail while the run claims it; a run that does not claim it passes, those specs skipped.
func TestRunAgainstATargetIgnoringTheClockHeader(t *testing.T) {
	mock, err := mockserver.New(mockserver.WithCatalogSize(bundledCatalogSize))
	if err != nil {
		t.Fatal(err)
	}
	deaf := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Header.Del(spec.ClockHeader)
		mock.ServeHTTP(headerless{w}, r)
	}))
	defer deaf.Close()

	dir := t.TempDir()
	r := flixconf(t, nil, "run", "--target", deaf.URL, "--report-dir", dir)
	if r.code != exitFail {
		t.Fatalf("claiming clock-header: exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
	}
	failed := 0
	for _, s := range reports(t, dir).Specs {
		honest := s.Outcome == report.Disabled && strings.Contains(s.Reason, "does not honour the Flixconf-Clock request header") ||
			s.Outcome == report.Skip && strings.Contains(s.Reason, "does not claim profile lifecycle-headers")
		if s.Day != "" && !honest {
			t.Errorf("%s: %s %q", s.ID, s.Outcome, s.Reason)
		}
		if s.Outcome == report.Fail || s.Outcome == report.Error {
			failed++
			if !slices.Contains(s.Labels, "profile:clock-header") {
				t.Errorf("%s failed, and it is not a spec of the clock header: %q", s.ID, s.Reason)
			}
		}
	}
	if failed == 0 {
		t.Errorf("the specs of the clock header should fail against a target that ignores it")
	}

	others := slices.DeleteFunc(framework.DefaultProfiles(), func(p string) bool { return p == framework.ProfileClockHeader })
	dir = t.TempDir()
	r = flixconf(t, nil, "run", "--target", deaf.URL, "--report-dir", dir, "--profiles", strings.Join(others, ","))
	if r.code != exitOK {
		t.Fatalf("not claiming clock-header: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, s := range reports(t, dir).Specs {
		if s.Day != "" && s.Outcome != report.Skip {
			t.Errorf("%s: %s %q, want a skip for the profile", s.ID, s.Outcome, s.Reason)
		}
	}
}

// headerless drops the Flixconf-Clock answer header, as a server that knows nothing of it.
type headerless struct{ http.ResponseWriter }

func (h headerless) WriteHeader(status int) {
	h.Header().Del(spec.ClockHeader)
	h.ResponseWriter.WriteHeader(status)
}

func (h headerless) Write(b []byte) (int, error) {
	h.Header().Del(spec.ClockHeader)
	return h.ResponseWriter.Write(b)
}

// The opt-in lifecycle headers: checked with --lifecycle-headers, they pass against a mock that
// sends them and fail against one that does not; without the flag their spec is a skip.
func TestLifecycleHeaders(t *testing.T) {
	with, without := serve(t, "--lifecycle-headers"), serve(t)
	const spec = "API 1.0 Lifecycle headers of an announced removal MUST give Deprecation as @epoch, Sunset as an IMF-fixdate after it, and a deprecation Link"
	for _, c := range []struct {
		target string
		flag   bool
		want   report.Outcome
	}{{with, true, report.Pass}, {without, true, report.Fail}, {with, false, report.Skip}} {
		dir := t.TempDir()
		args := []string{"run", "--target", c.target, "--report-dir", dir, "--label-filter", "profile:lifecycle-headers"}
		if c.flag {
			args = append(args, "--lifecycle-headers")
		}
		r := flixconf(t, nil, args...)
		got := outcomes(reports(t, dir))[spec]
		if got != c.want {
			t.Errorf("%v: %s is %s, want %s\n%s", args, spec, got, c.want, r.stdout)
		}
	}
}
