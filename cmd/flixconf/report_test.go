package main

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/flixconf/flixconf/internal/flagenv"
	"github.com/flixconf/flixconf/suites/framework/report"
)

// matrixFocus keeps the matrix test fast: specs of every version in both shards.
const matrixFocus = "Jaws|queues/disc"

// The parts of a CI matrix of shards by versions, each run as docs/ci.md runs them (flixconf
// run --shard K/N --versions V --report-dir DIR), merge into the results of one unsharded run
// of those versions: the same outcome for every spec, the same coverage, and reports that
// agree with each other.
func TestReportMergeOfAMatrix(t *testing.T) {
	root := t.TempDir()
	versions := []string{"1.0", "1.5", "2.0"}
	var args []string
	var parts []*report.Results
	for k := 1; k <= 2; k++ {
		for _, v := range versions {
			dir := filepath.Join(root, fmt.Sprintf("part-%d-%s", k, v))
			r := flixconf(t, nil, "run", "--shard", fmt.Sprintf("%d/2", k), "--versions", v, "--report-dir", dir, "--focus", matrixFocus)
			if r.code != exitOK {
				t.Fatalf("shard %d/2 of version %s: exit %d\n%s%s", k, v, r.code, r.stdout, r.stderr)
			}
			parts = append(parts, reports(t, dir))
			// Folders and files are both accepted.
			if k == 1 {
				args = append(args, dir)
			} else {
				args = append(args, filepath.Join(dir, report.JSONFile))
			}
		}
	}
	whole := filepath.Join(root, "whole")
	if r := flixconf(t, nil, "run", "--versions", strings.Join(versions, ","), "--report-dir", whole, "--focus", matrixFocus, "--workers", "1"); r.code != exitOK {
		t.Fatalf("whole run: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	want := reports(t, whole)

	out := filepath.Join(root, "merged")
	r := flixconf(t, nil, append([]string{"report", "merge", "--out", out}, args...)...)
	if r.code != exitOK {
		t.Fatalf("report merge: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	got := reports(t, out)
	closing(t, r.stdout, got)
	if !strings.Contains(r.stdout, filepath.Join(out, report.HTMLFile)) {
		t.Errorf("report merge should say where the report is; stdout:\n%s", r.stdout)
	}

	if g, w := outcomes(got), outcomes(want); !maps.Equal(g, w) {
		for id := range w {
			if g[id] != w[id] {
				t.Errorf("%s: merged %q, whole run %q", id, g[id], w[id])
			}
		}
		t.Fatalf("the merged outcomes differ from the whole run's (%d and %d specs)", len(g), len(w))
	}
	if got.Counts != want.Counts || got.Counts.Passed == 0 {
		t.Errorf("counts: merged %+v, whole run %+v", got.Counts, want.Counts)
	}
	if !slices.Equal(got.Shards, []string{"1/2", "2/2"}) || got.Config == nil || !slices.Equal(got.Config.Versions, versions) {
		t.Errorf("merged shards %v, config %+v; want 1/2, 2/2 and versions %v", got.Shards, got.Config, versions)
	}

	// Coverage: what is missing is what every part of the version misses, and that is what
	// the whole run misses.
	for _, c := range got.Coverage {
		var missing []string
		measured := false
		for _, p := range parts {
			for _, pc := range p.Coverage {
				if pc.Version != c.Version {
					continue
				}
				if !measured {
					missing, measured = slices.Clone(pc.Missing), true
					continue
				}
				missing = slices.DeleteFunc(missing, func(m string) bool { return !slices.Contains(pc.Missing, m) })
			}
		}
		if !slices.Equal(c.Missing, missing) || c.Covered != c.Total-len(c.Missing) || c.Covered == 0 {
			t.Errorf("coverage of %s: %d of %d, %d missing; the parts miss %d in common", c.Version, c.Covered, c.Total, len(c.Missing), len(missing))
		}
	}
	if !slices.EqualFunc(got.Coverage, want.Coverage, func(a, b report.Coverage) bool {
		return a.Version == b.Version && a.Total == b.Total && a.Covered == b.Covered && slices.Equal(a.Missing, b.Missing)
	}) {
		t.Errorf("merged coverage differs from the whole run's")
	}
}

// writePart writes the results of a part of a run into dir/results.json: shard k of 2 of
// version v, one spec of each version, those of other versions disabled.
func writePart(t *testing.T, dir string, k int, v string, edit func(*report.Results)) string {
	t.Helper()
	r := &report.Results{
		Suite:    report.Suite{Name: "flixconf", Version: "0.1.0", Revision: "abc"},
		Target:   report.Target{Kind: "url", URL: "http://127.0.0.1:9"},
		Config:   &report.Config{Versions: []string{v}, Clock: "header", RequestTimeout: 30, Workers: 1},
		Profiles: []string{"catalog"},
		Started:  time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		Duration: 1,
		Shards:   []string{fmt.Sprintf("%d/2", k)},
	}
	for _, sv := range []string{"1.0", "2.0"} {
		s := report.Spec{ID: fmt.Sprintf("API %s spec of shard %d", sv, k), Labels: []string{"version:" + sv}, Version: sv, Outcome: report.Pass}
		if sv != v {
			s.Outcome, s.Reason = report.Disabled, "version "+sv+" not selected"
		}
		r.Specs = append(r.Specs, s)
	}
	if edit != nil {
		edit(r)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := report.WriteJSON(filepath.Join(dir, report.JSONFile), r); err != nil {
		t.Fatal(err)
	}
	return dir
}

// fourParts writes the parts of a matrix of 2 shards by versions 1.0 and 2.0.
func fourParts(t *testing.T, root string) []string {
	var dirs []string
	for k := 1; k <= 2; k++ {
		for _, v := range []string{"1.0", "2.0"} {
			dirs = append(dirs, writePart(t, filepath.Join(root, fmt.Sprintf("%d-%s", k, v)), k, v, nil))
		}
	}
	return dirs
}

// A merge whose parts hold a failure prints it and exits 1, as run does.
func TestReportMergeFailureExits1(t *testing.T) {
	root := t.TempDir()
	dirs := fourParts(t, root)
	writePart(t, dirs[3], 2, "2.0", func(r *report.Results) {
		r.Specs[1].Outcome, r.Specs[1].Reason = report.Fail, "expected 200\ngot 500"
	})
	out := filepath.Join(root, "merged")
	r := flixconf(t, nil, append([]string{"report", "merge", "--out", out}, dirs...)...)
	if r.code != exitFail {
		t.Fatalf("exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
	}
	res := reports(t, out)
	closing(t, r.stdout, res)
	if !strings.Contains(r.stdout, "FAIL  API 2.0 spec of shard 2\n      expected 200\n      got 500\n") {
		t.Errorf("the failure is not printed as run prints it:\n%s", r.stdout)
	}
	if res.Counts != (report.Counts{Total: 4, Passed: 3, Failed: 1}) {
		t.Errorf("counts %+v", res.Counts)
	}
}

// Usage errors, and parts that are not of one run, end with exit 2 and a message that says
// what to change; nothing is written. (Run in this process: TestReportMergeOfAMatrix and
// TestReportMergeFailureExits1 run the binary.)
func TestReportMergeRefuses(t *testing.T) {
	root := t.TempDir()
	dirs := fourParts(t, root)
	other := writePart(t, filepath.Join(root, "other-build"), 2, "2.0", func(r *report.Results) { r.Suite.Version = "0.2.0" })
	empty := writePart(t, filepath.Join(root, "nothing-ran"), 1, "1.0", func(r *report.Results) {
		r.Specs[0].Outcome, r.Specs[0].Reason = report.Disabled, "filtered out"
	})
	garbage := filepath.Join(root, "garbage.json")
	if err := os.WriteFile(garbage, []byte(`{"schema_version": "1", "specs": "many"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		env  []string
		args []string
		want []string
	}{
		{"no subcommand", nil, []string{"report"}, []string{"usage: flixconf report merge --out DIR FILE..."}},
		{"unknown subcommand", nil, []string{"report", "combine"}, []string{`unknown subcommand "combine"`, "want merge"}},
		{"no --out", nil, append([]string{"report", "merge"}, dirs...), []string{"--out", "FLIXCONF_REPORT_MERGE_OUT", "required"}},
		{"no files", nil, []string{"report", "merge", "--out", "OUT"}, []string{"no FILE given"}},
		{"a flag after the files", nil, []string{"report", "merge", dirs[0], "--out", "OUT"}, []string{"--out", "flags go before FILE"}},
		{"unknown flag", nil, []string{"report", "merge", "--shards", "2", dirs[0]}, []string{"unknown flag --shards"}},
		{"no such file", nil, []string{"report", "merge", "--out", "OUT", filepath.Join(root, "nope")}, []string{"nope", "no such file", "results.json"}},
		{"not results", nil, []string{"report", "merge", "--out", "OUT", garbage}, []string{"garbage.json"}},
		{"the same file twice", nil, append([]string{"report", "merge", "--out", "OUT", filepath.Join(dirs[0], report.JSONFile)}, dirs...), []string{"the same file"}},
		{"--out is a part's folder", nil, append([]string{"report", "merge", "--out", dirs[1]}, dirs...), []string{"--out", "folder of their own"}},
		{"another build", nil, append([]string{"report", "merge", "--out", "OUT", other}, dirs[:3]...), []string{"different builds", "0.1.0", "0.2.0"}},
		{"a missing part", nil, append([]string{"report", "merge", "--out", "OUT"}, dirs[:3]...), []string{"shard 2/2 of version 2.0 is missing"}},
		{"a part twice", nil, append([]string{"report", "merge", "--out", "OUT", writePart(t, filepath.Join(root, "again"), 1, "1.0", nil)}, dirs...),
			[]string{"both hold shard 1/2 of version 1.0"}},
		{"nothing ran", nil, []string{"report", "merge", "--out", "OUT", empty, writePart(t, filepath.Join(root, "nothing-ran-2"), 2, "1.0", func(r *report.Results) {
			r.Specs[0].Outcome, r.Specs[0].Reason = report.Disabled, "filtered out"
		})}, []string{"no spec ran"}},
		{"--out from its variable", []string{"FLIXCONF_REPORT_MERGE_OUT=" + dirs[0]}, append([]string{"report", "merge"}, dirs...), []string{"--out", "folder of their own"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "merged")
			args := slices.Clone(c.args)
			for i, a := range args {
				if a == "OUT" {
					args[i] = out
				}
			}
			wantUsageError(t, inProcess(t, c.env, args...), c.want...)
			if c.name != "nothing ran" {
				if _, err := os.Stat(out); err == nil {
					t.Errorf("a refused merge wrote %s", out)
				}
			}
		})
	}
}

// inProcess runs flixconf's command line in this process, with the environment variables of
// env set and report merge's own unset: report merge starts no suite, so its many refusals
// need no process of their own.
func inProcess(t *testing.T, env []string, args ...string) result {
	t.Helper()
	t.Setenv(flagenv.Name(reportMergePrefix, "out"), "")
	os.Unsetenv(flagenv.Name(reportMergePrefix, "out"))
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	var stdout, stderr bytes.Buffer
	code := cli(args, &stdout, &stderr)
	return result{stdout.String(), stderr.String(), code}
}

func TestReportMergeHelp(t *testing.T) {
	r := inProcess(t, nil, "report", "merge", "--help")
	if r.code != exitOK || !strings.Contains(r.stdout, "usage: flixconf report merge --out DIR FILE...") || !strings.Contains(r.stdout, "FLIXCONF_REPORT_MERGE_OUT") {
		t.Errorf("report merge --help: exit %d\n%s", r.code, r.stdout)
	}
	if r := inProcess(t, nil, "help"); !strings.Contains(r.stdout, "report   merge the results of shards") {
		t.Errorf("flixconf help does not list report:\n%s", r.stdout)
	}
}
