package flagenv

import (
	"flag"
	"strings"
	"testing"
)

func newSet() (*flag.FlagSet, *string, *int) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	return fs, fs.String("report-dir", "def", ""), fs.Int("workers", 1, "")
}

func TestName(t *testing.T) {
	if got := Name("FLIXCONF_RUN_", "report-dir"); got != "FLIXCONF_RUN_REPORT_DIR" {
		t.Fatal(got)
	}
}

func TestPrecedence(t *testing.T) {
	t.Setenv("X_REPORT_DIR", "from-env")
	t.Setenv("X_WORKERS", "3")
	fs, dir, workers := newSet()
	if err := Parse(fs, "X_", []string{"--workers", "5"}); err != nil {
		t.Fatal(err)
	}
	if *dir != "from-env" || *workers != 5 {
		t.Fatalf("flag > env > default broken: dir %q workers %d", *dir, *workers)
	}
}

func TestErrorsNameFlagAndVariable(t *testing.T) {
	fs, _, _ := newSet()
	err := Parse(fs, "X_", []string{"--workers", "many"})
	if err == nil || !strings.Contains(err.Error(), "--workers") || !strings.Contains(err.Error(), "X_WORKERS") {
		t.Fatalf("flag error: %v", err)
	}
	t.Setenv("X_WORKERS", "lots")
	fs, _, _ = newSet()
	err = Parse(fs, "X_", nil)
	if err == nil || !strings.Contains(err.Error(), "X_WORKERS") || !strings.Contains(err.Error(), "lots") {
		t.Fatalf("variable error: %v", err)
	}
	fs, _, _ = newSet()
	if err := Parse(fs, "X_", []string{"--nope"}); err == nil || err.Error() != "unknown flag --nope" {
		t.Fatalf("unknown flag: %v", err)
	}
}
