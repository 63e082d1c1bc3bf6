package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/flixconf/flixconf/fixtures"
)

// fixturesCommands are the words that may follow `flixconf fixtures`.
var fixturesCommands = []struct{ name, summary string }{
	{"export", "write the mock's dataset (catalog titles and people) as JSON; fixtures/catalog.schema.json describes it"},
}

// fixturesCmd dispatches `flixconf fixtures WORD [flags]`.
func fixturesCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		w := stdout
		if len(args) == 0 {
			w = stderr
		}
		fmt.Fprintln(w, "usage: flixconf fixtures COMMAND [flags]\n\ncommands:")
		for _, c := range fixturesCommands {
			fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
		}
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	switch args[0] {
	case "export":
		return fixturesExportCmd(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "flixconf fixtures: unknown command %q; want export\n", args[0])
	return exitUsage
}

// fixturesExportOptions are `fixtures export`'s flags.
type fixturesExportOptions struct {
	size catalogSizeValue
	out  string
}

func (o *fixturesExportOptions) flags(fs *flag.FlagSet) {
	o.size = fixtures.DefaultSyntheticTitles
	fs.Var(&o.size, "catalog-size", fmt.Sprintf("synthetic titles to add to the written fixtures, 0 to %d (the default is the size of the mock's synthetic catalog, fixtures.DefaultSyntheticTitles)", fixtures.MaxSynthetic))
	fs.StringVar(&o.out, "out", "-", "file to write the dataset to; - writes to standard output")
}

func fixturesExportCmd(args []string, stdout, stderr io.Writer) int {
	// The flag set's name is what messages and --help call the command.
	fs := flag.NewFlagSet("fixtures export", flag.ContinueOnError)
	var o fixturesExportOptions
	o.flags(fs)
	if code := parseFlags(fs, "FLIXCONF_FIXTURES_", args, stdout, stderr); code >= 0 {
		return code
	}
	cat, err := fixtures.LoadWithSynthetic(int(o.size))
	if err != nil {
		fmt.Fprintf(stderr, "flixconf fixtures: %v\n", err)
		return exitFail
	}
	accounts, err := fixtures.LoadAccounts(cat)
	if err != nil {
		// The fixtures are embedded and checked by the tests: a broken build, not a user's mistake.
		fmt.Fprintf(stderr, "flixconf fixtures export: %v\n", err)
		return exitFail
	}
	if o.out == "-" {
		if err := cat.Dataset(accounts).WriteJSON(stdout); err != nil {
			fmt.Fprintf(stderr, "flixconf fixtures export: writing the dataset: %v\n", err)
			return exitFail
		}
		return exitOK
	}
	if err := writeFileAtomically(o.out, cat.Dataset(accounts).WriteJSON); err != nil {
		fmt.Fprintf(stderr, "flixconf fixtures export: --out %s: %v\n", o.out, err)
		return exitFail
	}
	return exitOK
}

// writeFileAtomically writes a file through a temporary one beside it, so that a failed
// export never leaves a half-written dataset where a whole one was.
func writeFileAtomically(name string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // after the rename, there is nothing left to remove
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}

// catalogSizeValue is --catalog-size: a count of synthetic titles.
type catalogSizeValue int

func (v *catalogSizeValue) String() string {
	if v == nil {
		return ""
	}
	return strconv.Itoa(int(*v))
}

func (v *catalogSizeValue) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > fixtures.MaxSynthetic {
		return fmt.Errorf("want a whole number from 0 to %d", fixtures.MaxSynthetic)
	}
	*v = catalogSizeValue(n)
	return nil
}
