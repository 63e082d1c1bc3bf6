package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/flixconf/flixconf/mockserver"
	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/suites/framework/report"
)

// With a fixed clock, the specs of other days are disabled with the reason, and the rest pass
// against a mock set to that day.
func TestRunWithAFixedClock(t *testing.T) {
	url := serve(t, "--date", "2013-01-01")
	dir := t.TempDir()
	r := flixconf(t, nil, "run", "--target", url, "--clock", "fixed", "--date", "2013-01-01", "--report-dir", dir)
	if r.code != exitOK {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	res := reports(t, dir)
	disabled := 0
	for _, s := range res.Specs {
		if s.Day != "" && s.Day != "2013-01-01" {
			// A spec of an opt-in profile may be disabled for that first.
			if s.Outcome != report.Disabled || !(strings.Contains(s.Reason, "fixed on 2013-01-01") || strings.Contains(s.Reason, "opt-in")) {
				t.Errorf("%s (day %s): %s %q, want disabled by the fixed clock", s.ID, s.Day, s.Outcome, s.Reason)
			}
			disabled++
		}
	}
	if disabled == 0 || res.Counts.Passed == 0 {
		t.Fatalf("want some passed and some disabled specs: %+v", res.Counts)
	}
}

// A target that ignores the Flixconf-Clock header is told so plainly: its dated specs are
// disabled with the reason, not failed one by one.
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
	if r.code != exitOK {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, s := range reports(t, dir).Specs {
		honest := s.Outcome == report.Disabled && strings.Contains(s.Reason, "does not honour the Flixconf-Clock request header") ||
			s.Outcome == report.Skip && strings.Contains(s.Reason, "does not claim profile lifecycle-headers")
		if s.Day != "" && !honest {
			t.Errorf("%s: %s %q", s.ID, s.Outcome, s.Reason)
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
