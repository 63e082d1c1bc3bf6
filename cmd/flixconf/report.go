package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/flixconf/flixconf/internal/flagenv"
	"github.com/flixconf/flixconf/suites/framework/report"
)

// reportMergePrefix starts the environment twins of report merge's flags.
const reportMergePrefix = "FLIXCONF_REPORT_MERGE_"

// reportSynopsis is what `flixconf report` alone prints.
const reportSynopsis = `usage: flixconf report merge --out DIR FILE...

merge  merge the results of the parts of one run (shards, versions) into one report
       (flixconf report merge --help says more)
`

const reportMergeSynopsis = `usage: flixconf report merge --out DIR FILE...

Merges the results of the parts of one run into the results of the whole run and writes its
results.json, junit.xml and report.html to DIR. Each FILE is a results.json, or a folder that
holds one, written by flixconf run --shard K/N (with --versions V to split by version too).

Each spec is taken from the part that ran it; the others list it as disabled. Coverage adds
up: what one part covered is covered. The parts must be of one run: the same build of the
suite, target kind and image, selection apart from --versions, and profiles; every shard of
every version once, and no spec run in two parts.

Flags go before the files. Exit status, as for run: 0 when nothing failed or broke, 1 when a
spec failed or broke or the reports could not be written, 2 for a usage error, parts that are
not of one run, or merged results in which no spec ran.

`

// reportCmd dispatches the report subcommands; merge is the only one.
func reportCmd(args []string, stdout, stderr io.Writer) int {
	switch {
	case len(args) == 0:
		fmt.Fprint(stderr, reportSynopsis)
		return exitUsage
	case args[0] == "help" || args[0] == "-h" || args[0] == "--help":
		fmt.Fprint(stdout, reportSynopsis)
		return exitOK
	case args[0] == "merge":
		return reportMergeCmd(args[1:], stdout, stderr)
	}
	return usageError(stderr, "report", "unknown subcommand %q: want merge", args[0])
}

// reportMergeCmd is `flixconf report merge --out DIR FILE...`.
func reportMergeCmd(args []string, stdout, stderr io.Writer) int {
	const cmd = "report merge"
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	out := fs.String("out", "", "folder to write the merged results.json, junit.xml and report.html to (required; not the folder of a FILE)")
	// parseFlags refuses arguments, and merge takes files, so it parses for itself.
	switch err := flagenv.Parse(fs, reportMergePrefix, args); {
	case errors.Is(err, flag.ErrHelp):
		var b strings.Builder
		printFlags(fs, reportMergePrefix, &b)
		_, flags, _ := strings.Cut(b.String(), "\n\n")
		fmt.Fprint(stdout, reportMergeSynopsis+flags)
		return exitOK
	case err != nil:
		return usageError(stderr, cmd, "%v", err)
	}
	files := fs.Args()
	for _, f := range files {
		if strings.HasPrefix(f, "-") {
			return usageError(stderr, cmd, "flag %s after the files: flags go before FILE...", f)
		}
	}
	if *out == "" {
		return usageError(stderr, cmd, "--out (or %s) is required: want the folder to write the merged reports to", flagenv.Name(reportMergePrefix, "out"))
	}
	if len(files) == 0 {
		return usageError(stderr, cmd, "no FILE given: want the results.json of every part of the run, or the folders that hold them")
	}

	parts, err := readParts(files, *out)
	if err != nil {
		fmt.Fprintf(stderr, "flixconf %s: %v\n", cmd, err)
		return exitUsage
	}
	res, err := report.MergeParts(parts)
	if err != nil {
		fmt.Fprintf(stderr, "flixconf %s: %v\n", cmd, err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "flixconf %s: %d parts (%s)\n", cmd, len(parts), mergedOf(res))
	if err := report.WriteAll(*out, res); err != nil {
		fmt.Fprintf(stderr, "flixconf %s: writing the reports: %v\n", cmd, err)
		return exitFail
	}
	// finish prints the failures, where the report is and the closing lines, as run does; its
	// message for a run in which nothing ran names run's flags, so merge says its own.
	code := finish(res, *out, stdout, io.Discard)
	if code == exitUsage {
		fmt.Fprintf(stderr, "flixconf %s: no spec ran in any part (each was disabled or skipped)\n", cmd)
	}
	return code
}

// readParts reads the results of each FILE (a results.json, or a folder holding one), checked
// against the schema. A file named twice, or one in the folder --out names, is refused: the
// merge would count it twice, or overwrite it.
func readParts(files []string, out string) ([]report.Part, error) {
	outAbs, err := filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	seen := map[string]string{}
	var parts []report.Part
	for _, f := range files {
		path := f
		if st, err := os.Stat(f); err != nil {
			return nil, fmt.Errorf("FILE %s: %w (want a results.json, or a folder that holds one)", f, pathErr(err))
		} else if st.IsDir() {
			path = filepath.Join(f, report.JSONFile)
		}
		abs, err := filepath.Abs(path)
		if err != nil {
			return nil, err
		}
		if prev, dup := seen[abs]; dup {
			return nil, fmt.Errorf("%s and %s are the same file; name each part once", prev, f)
		}
		seen[abs] = f
		if filepath.Dir(abs) == outAbs {
			return nil, fmt.Errorf("--out %s holds %s, one of the parts; write the merged reports to a folder of their own", out, path)
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("FILE %s: %w (want a results.json, or a folder that holds one)", f, pathErr(err))
		}
		r, err := report.Read(path)
		if err != nil {
			return nil, err
		}
		if err := report.ValidateResultsJSON(raw); err != nil {
			return nil, fmt.Errorf("%s is not a results.json this flixconf wrote:\n%v", path, err)
		}
		parts = append(parts, report.Part{Name: path, Results: r})
	}
	return parts, nil
}

// pathErr is the reason of a file system error without the operation and path, which the
// messages above give in their own words.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// mergedOf says what the merged results are made of: their shards and versions.
func mergedOf(r *report.Results) string {
	var what []string
	if len(r.Shards) > 0 {
		what = append(what, "shards "+strings.Join(r.Shards, ", "))
	}
	if r.Config != nil {
		what = append(what, "versions "+strings.Join(r.Config.Versions, ", "))
	}
	if len(what) == 0 {
		return "the whole suite"
	}
	return strings.Join(what, "; ")
}
