package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/flixconf/flixconf/internal/flagenv"
)

// parseFlags parses a command's flags and their environment twins. It returns the exit status
// to end with, or -1 to go on: --help prints the flags and ends well; a bad value ends with a
// message naming the flag and what it allows.
func parseFlags(fs *flag.FlagSet, prefix string, args []string, stdout, stderr io.Writer) int {
	err := flagenv.Parse(fs, prefix, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		printFlags(fs, prefix, stdout)
		return exitOK
	case err != nil:
		fmt.Fprintf(stderr, "flixconf %s: %v\n(flixconf %s --help lists the flags)\n", fs.Name(), err, fs.Name())
		return exitUsage
	case fs.NArg() > 0:
		fmt.Fprintf(stderr, "flixconf %s: unexpected argument %q (flags only)\n", fs.Name(), fs.Arg(0))
		return exitUsage
	}
	return -1
}

func printFlags(fs *flag.FlagSet, prefix string, w io.Writer) {
	fmt.Fprintf(w, "usage: flixconf %s [flags]\n\nflags (each with its environment variable):\n", fs.Name())
	fs.VisitAll(func(f *flag.Flag) {
		def := ""
		if f.DefValue != "" && f.DefValue != "false" {
			def = fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintf(w, "  --%s  [%s]\n      %s%s\n", f.Name, flagenv.Name(prefix, f.Name), strings.ReplaceAll(f.Usage, "\n", "\n      "), def)
	})
}

// usageError ends a command with a usage error naming the flag at fault.
func usageError(stderr io.Writer, cmd, format string, args ...any) int {
	fmt.Fprintf(stderr, "flixconf %s: %s\n(flixconf %s --help lists the flags)\n", cmd, fmt.Sprintf(format, args...), cmd)
	return exitUsage
}
