package main

import (
	"fmt"
	"io"

	"github.com/flixconf/flixconf/internal/buildinfo"
)

func versionCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		return usageError(stderr, "version", "takes no arguments")
	}
	info := buildinfo.Read()
	rev := info.Revision
	if rev == "" {
		rev = "unknown"
	}
	fmt.Fprintf(stdout, "flixconf %s (revision %s)\n", info.Version, rev)
	return exitOK
}
