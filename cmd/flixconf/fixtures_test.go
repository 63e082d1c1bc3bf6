package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flixconf/flixconf/fixtures"
)

// fixtures export writes the dataset, valid against its schema, with the catalog size asked
// for, to a file or to standard output; the default size is the mock's.
func TestFixturesExport(t *testing.T) {
	written, err := fixtures.Load()
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "dataset.json")
	for _, c := range []struct {
		name string
		env  []string
		args []string
		size int
	}{
		{"to a file", nil, []string{"fixtures", "export", "--catalog-size", "50", "--out", out}, 50},
		{"to standard output", nil, []string{"fixtures", "export", "--catalog-size", "0"}, 0},
		{"size from the variable", []string{"FLIXCONF_FIXTURES_CATALOG_SIZE=7"}, []string{"fixtures", "export"}, 7},
		{"the default size", nil, []string{"fixtures", "export"}, fixtures.DefaultSyntheticTitles},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := flixconf(t, c.env, c.args...)
			if r.code != exitOK {
				t.Fatalf("exit %d\n%s", r.code, r.stderr)
			}
			b := []byte(r.stdout)
			if strings.Contains(strings.Join(c.args, " "), "--out") {
				if b, err = os.ReadFile(out); err != nil {
					t.Fatal(err)
				}
				if r.stdout != "" {
					t.Errorf("--out should leave standard output empty: %q", r.stdout)
				}
			}
			if err := fixtures.ValidateDataset(b); err != nil {
				t.Fatalf("the export breaks the schema:\n%v", err)
			}
			d, err := fixtures.ReadDataset(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if got, want := len(d.Titles), len(written.Titles)+c.size; got != want {
				t.Errorf("%d titles, want %d (%d written + %d synthetic)", got, want, len(written.Titles), c.size)
			}
		})
	}
}

// Bad values and words end with exit 2 and a message naming the flag (or variable) and what
// it allows.
func TestFixturesUsageErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		env  []string
		args []string
		want []string
	}{
		{"size not a number", nil, []string{"fixtures", "export", "--catalog-size", "many"}, []string{"--catalog-size", "0 to 8000000"}},
		{"size too big", nil, []string{"fixtures", "export", "--catalog-size", "8000001"}, []string{"--catalog-size", "0 to 8000000"}},
		{"negative size variable", []string{"FLIXCONF_FIXTURES_CATALOG_SIZE=-1"}, []string{"fixtures", "export"}, []string{"FLIXCONF_FIXTURES_CATALOG_SIZE", "0 to 8000000"}},
		{"no word", nil, []string{"fixtures"}, []string{"export"}},
		{"unknown word", nil, []string{"fixtures", "import"}, []string{`unknown command "import"`, "export"}},
		{"stray argument", nil, []string{"fixtures", "export", "now"}, []string{`unexpected argument "now"`}},
		{"unknown flag", nil, []string{"fixtures", "export", "--size", "3"}, []string{"unknown flag --size"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := flixconf(t, c.env, c.args...)
			if r.code != exitUsage {
				t.Fatalf("exit %d, want 2\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
			}
			for _, w := range c.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr should mention %q:\n%s", w, r.stderr)
				}
			}
		})
	}
}

func TestFixturesHelp(t *testing.T) {
	r := flixconf(t, nil, "fixtures", "export", "--help")
	if r.code != exitOK || !strings.Contains(r.stdout, "FLIXCONF_FIXTURES_CATALOG_SIZE") || !strings.Contains(r.stdout, "--out") {
		t.Errorf("fixtures export --help: exit %d, stdout %q", r.code, r.stdout)
	}
	if r := flixconf(t, nil, "fixtures", "--help"); r.code != exitOK || !strings.Contains(r.stdout, "export") {
		t.Errorf("fixtures --help: exit %d, stdout %q", r.code, r.stdout)
	}
}

// A failed export leaves no file behind, and names --out.
func TestFixturesExportUnwritable(t *testing.T) {
	out := filepath.Join(t.TempDir(), "missing", "dataset.json")
	r := flixconf(t, nil, "fixtures", "export", "--catalog-size", "0", "--out", out)
	if r.code != exitFail || !strings.Contains(r.stderr, "--out") {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
}
