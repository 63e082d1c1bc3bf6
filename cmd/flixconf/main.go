// Command flixconf is the conformance kit for the Netflix public API (2008-2014): it runs the
// conformance suite against an implementation (run), serves the reference mock (serve), and
// says which build it is (version).
package main

import (
	"fmt"
	"io"
	"os"
)

// Exit statuses.
const (
	exitOK    = 0 // nothing failed or broke
	exitFail  = 1 // a spec failed or broke, or the command could not do its work
	exitUsage = 2 // a usage error, or a selection that runs nothing
)

type command struct {
	name, summary string
	run           func(args []string, stdout, stderr io.Writer) int
}

var commands = []command{
	{"run", "run the conformance suite (against the bundled mock unless --target or --image is given)", runCmd},
	{"serve", "serve the reference mock of the API", serveCmd},
	{"fixtures", "export the mock's fixtures (catalog titles and people) as JSON", fixturesCmd},
	{"spec", "print the description of an API version (OpenAPI 3.0.3), as YAML or JSON", specCmd},
	{"timeline", "print the API's dated events (launches, changes, retirements), as text or JSON", timelineCmd},
	{"validate", "validate recorded answers (one body, or a HAR file of traffic) against the description", validateCmd},
	{"report", "merge the results of shards (flixconf report merge --out DIR FILE...)", reportCmd},
	{"version", "print the module version and VCS revision", versionCmd},
}

func main() { os.Exit(cli(os.Args[1:], os.Stdout, os.Stderr)) }

func cli(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "flixconf: unknown command %q\n", args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "flixconf: conformance kit for the Netflix public API (2008-2014)")
	fmt.Fprintln(w, "\nusage: flixconf COMMAND [flags]\n\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nflixconf COMMAND --help lists a command's flags; each flag has an environment twin")
	fmt.Fprintln(w, "(FLIXCONF_RUN_REPORT_DIR for run --report-dir); a flag wins over its variable.")
}
