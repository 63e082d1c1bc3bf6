package main

import (
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/flixconf/flixconf/suites/framework/report"
)

// BenchmarkFullRun times `flixconf run` with no flag: the full default selection against the
// bundled mock, through the worker processes, as `make run` does. It reports seconds per run
// and the specs that ran; the goal is well under a minute on 2 cores.
func BenchmarkFullRun(b *testing.B) {
	dir := b.TempDir()
	var res *report.Results
	start := time.Now()
	for b.Loop() {
		out, err := exec.Command(bin, "run", "--report-dir", dir).CombinedOutput()
		if err != nil {
			b.Fatalf("flixconf run: %v\n%s", err, out)
		}
		if res, err = report.Read(filepath.Join(dir, report.JSONFile)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(time.Since(start).Seconds()/float64(b.N), "s/run")
	b.ReportMetric(float64(res.Counts.Total), "specs")
	b.ReportMetric(float64(res.Counts.Ran()), "specs-ran")
}
