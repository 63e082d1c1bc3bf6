package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"

	"github.com/onsi/ginkgo/v2"

	"github.com/flixconf/flixconf/mockserver"
	"github.com/flixconf/flixconf/suites/conformance"
	"github.com/flixconf/flixconf/suites/framework"
	"github.com/flixconf/flixconf/suites/framework/report"
)

// runOptions are run's flags.
type runOptions struct {
	cfg     framework.Config
	image   imageOptions
	workers int
	list    bool
}

func (o *runOptions) flags(fs *flag.FlagSet) {
	o.cfg = framework.DefaultConfig()
	o.cfg.Flags(fs)
	fs.BoolVar(&o.cfg.LoopbackOnly, "loopback-only", false, "refuse to send requests anywhere but 127.0.0.0/8 and ::1 (always on against the bundled mock)")
	fs.IntVar(&o.workers, "workers", runtime.NumCPU(), "worker processes that run shards of the suite side by side")
	fs.BoolVar(&o.list, "list", false, "print the specs the selection would run, with their labels, and run nothing")
	o.image.flags(fs)
}

func runCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	var o runOptions
	o.flags(fs)
	if code := parseFlags(fs, "FLIXCONF_RUN_", args, stdout, stderr); code >= 0 {
		return code
	}
	if o.cfg.Target != "" && o.image.name != "" {
		return usageError(stderr, "run", "--target and --image both given; name one implementation to test")
	}
	if err := o.cfg.Check(); err != nil {
		return usageError(stderr, "run", "%v", err)
	}
	if o.cfg.Clock == framework.ClockEnv && o.image.name == "" {
		return usageError(stderr, "run", "--clock env starts one container per day: it needs --image")
	}
	if o.workers < 1 {
		return usageError(stderr, "run", "invalid value %d for --workers (or FLIXCONF_RUN_WORKERS): want 1 or more", o.workers)
	}

	if o.list {
		return listSpecs(o.cfg, stdout, stderr)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	target, cleanup, err := o.startTarget(ctx, stdout)
	if err != nil {
		fmt.Fprintf(stderr, "flixconf run: %v\n", err)
		return exitFail
	}
	defer cleanup()

	var res *report.Results
	switch {
	case !o.cfg.Shard.IsZero():
		if os.Getenv(progressFDVar) != "" {
			reportProgressToParent() // a worker of another flixconf run
		} else {
			prog := newProgress(stderr, 0)
			framework.SpecEnded = prog.add
			defer prog.finish()
		}
		res, err = conformance.Run(ginkgoT{}, o.cfg, target)
	case o.cfg.Clock == framework.ClockEnv:
		prog := newProgress(stderr, selectedCount(o.cfg))
		res, err = o.runByDay(ctx, target, prog)
		prog.finish()
	default:
		prog := newProgress(stderr, selectedCount(o.cfg))
		res, err = o.runWorkers(ctx, target, prog)
		prog.finish()
	}
	if err != nil {
		fmt.Fprintf(stderr, "flixconf run: %v\n", err)
		return exitFail
	}
	res.Target = target
	if res.Timeline, err = reportTimeline(); err != nil {
		fmt.Fprintf(stderr, "flixconf run: %v\n", err)
		return exitFail
	}
	if err := report.WriteAll(o.cfg.ReportDir, res); err != nil {
		fmt.Fprintf(stderr, "flixconf run: writing the reports: %v\n", err)
		return exitFail
	}
	return finish(res, o.cfg.ReportDir, stdout, stderr)
}

// selectedCount is the number of specs a run reports outcomes for: all but those the label
// filter or focus leaves out.
func selectedCount(cfg framework.Config) int {
	n := 0
	for _, s := range conformance.List(cfg) {
		if s.Reason != framework.FilteredOut {
			n++
		}
	}
	return n
}

// ginkgoT stands for the *testing.T that Ginkgo expects; the results say what failed.
type ginkgoT struct{}

func (ginkgoT) Fail() {}

var _ ginkgo.GinkgoTestingT = ginkgoT{}

// bundledCatalogSize is the number of synthetic titles of the mock `run` starts itself: enough
// for search and paging to behave like a real catalog, few enough that the index files, which
// the lifecycle probes read whole, stay small. `flixconf serve` defaults to 10,000.
const bundledCatalogSize = 1000

// startTarget makes the implementation under test reachable: the bundled mock in this
// process, a container from an image, or the URL given. cleanup stops what was started.
func (o *runOptions) startTarget(ctx context.Context, stdout io.Writer) (report.Target, func(), error) {
	switch {
	case o.cfg.Target != "":
		return report.Target{Kind: "url", URL: o.cfg.Target}, func() {}, nil
	case o.image.name != "" && o.cfg.Clock == framework.ClockEnv:
		// Each day gets a container of its own (runByDay); there is no one address.
		return report.Target{Kind: "image", URL: "", Image: o.image.name}, func() {}, nil
	case o.image.name != "":
		c, err := startImage(ctx, o.image)
		if err != nil {
			return report.Target{}, nil, err
		}
		fmt.Fprintf(stdout, "flixconf run: started %s at %s\n", o.image.name, c.url)
		o.cfg.Target = c.url
		return report.Target{Kind: "image", URL: c.url, Image: o.image.name}, c.stop, nil
	}
	mock, err := mockserver.New(mockserver.WithCatalogSize(bundledCatalogSize))
	if err != nil {
		return report.Target{}, nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return report.Target{}, nil, fmt.Errorf("starting the bundled mock: %w", err)
	}
	srvCtx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		serveUntil(srvCtx, ln, mock)
	}()
	o.cfg.Target, o.cfg.LoopbackOnly = "http://"+ln.Addr().String(), true
	return report.Target{Kind: "bundled-mock", URL: o.cfg.Target}, func() { cancel(); <-done }, nil
}

// finish prints what failed, where the reports are, and the two closing lines, and returns
// the exit status: 0 when nothing failed or broke, 1 otherwise, 2 when nothing ran.
func finish(res *report.Results, dir string, stdout, stderr io.Writer) int {
	for _, s := range res.Specs {
		if s.Outcome != report.Fail && s.Outcome != report.Error {
			continue
		}
		fmt.Fprintf(stdout, "%s  %s\n", strings.ToUpper(string(s.Outcome)), s.ID)
		for _, line := range strings.Split(strings.TrimSpace(s.Reason), "\n") {
			fmt.Fprintf(stdout, "      %s\n", line)
		}
	}
	fmt.Fprintf(stdout, "reports: %s\n", filepath.Join(dir, report.HTMLFile))
	fmt.Fprintln(stdout, res.Counts.Breakdown())
	fmt.Fprintln(stdout, res.Counts.Summary())
	switch {
	case res.Counts.Ran() == 0:
		fmt.Fprintln(stderr, "flixconf run: the selection runs no spec (check --versions, --dates, --profiles, --label-filter, --focus)")
		return exitUsage
	case !res.Counts.OK():
		return exitFail
	}
	return exitOK
}

// listSpecs prints the specs a selection would run (and, marked "-", those it leaves out), one
// a line with its labels, then the count; nothing runs. A selection that runs nothing exits 2.
func listSpecs(cfg framework.Config, stdout, stderr io.Writer) int {
	n := 0
	for _, s := range conformance.List(cfg) {
		line := "- " + s.ID
		if s.Selected {
			n++
			line = "+ " + s.ID
			if s.Day != "" {
				line += " @" + s.Day
			}
		}
		fmt.Fprintf(stdout, "%s [%s]\n", line, strings.Join(s.Labels, ", "))
		if !s.Selected {
			fmt.Fprintf(stdout, "      %s\n", s.Reason)
		}
	}
	fmt.Fprintf(stdout, "%d specs selected\n", n)
	if n == 0 {
		fmt.Fprintln(stderr, "flixconf run: the selection runs no spec (check --versions, --dates, --profiles, --label-filter, --focus)")
		return exitUsage
	}
	return exitOK
}
