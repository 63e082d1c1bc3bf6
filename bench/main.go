// Command bench prints the table of make bench: the flixconf mock's throughput and latency
// under load, beside Prism and WireMock answering the same title and a bare Go server
// answering the same bytes; the mock's start-up time and memory; the streaming of the index;
// the suite's validation time and full run; and the performance goals (docs/bench.md)
// against these figures.
// Every figure is measured in the same run, on loopback, with load bounded in count and time.
//
// Run it from the repository after make build (make bench does both):
//
//	go run ./bench [flags]
//
// A comparison whose tool is missing (Node and Prism, Java and WireMock; make bench-deps
// installs them) prints "not measured" with the reason, and the bench still succeeds. The
// bench fails (exit status 1) only when the mock's own figures cannot be had, and for a bad
// flag (exit status 2).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/flixconf/flixconf/internal/flagenv"
)

func main() {
	if len(os.Args) == 4 && os.Args[1] == bareServerArg {
		if err := bareServer(os.Args[2], os.Args[3]); err != nil {
			fmt.Fprintln(os.Stderr, "bare server:", err)
			os.Exit(1)
		}
		return
	}
	os.Exit(benchMain(os.Args[1:], os.Stdout, os.Stderr))
}

// envPrefix gives every flag its environment twin, as flixconf's commands do.
const envPrefix = "FLIXCONF_BENCH_"

// bench is one run: its options and what it has started.
type bench struct {
	bin      string
	nodeDir  string
	out      string
	warmup   time.Duration
	duration time.Duration
	requests int
	only     map[string]bool

	tmp  string
	mock *mockClient
	log  io.Writer
	res  Results
}

func (b *bench) flags(fs *flag.FlagSet) {
	fs.StringVar(&b.bin, "bin", filepath.Join("bin", "flixconf"), "the flixconf binary to measure (make build writes bin/flixconf)")
	fs.StringVar(&b.nodeDir, "node-dir", "bench", "the folder of package.json, node_modules (Prism, WireMock) and wiremock/")
	fs.StringVar(&b.out, "out", "", "the folder to write bench-results.json to (default: the run's temporary folder, which keeps the servers' logs)")
	fs.DurationVar(&b.warmup, "warmup", time.Second, "warm-up of each load cell, not measured")
	fs.DurationVar(&b.duration, "duration", 5*time.Second, "the measured time of each load cell, at most")
	fs.IntVar(&b.requests, "requests", 200_000, "the measured requests of each load cell, at most")
	fs.Func("only", "measure only these parts, comma-separated: "+strings.Join(parts, ", ")+" (default: all, which takes two to three minutes on 2 cores)", func(v string) error {
		b.only = map[string]bool{}
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); !slices.Contains(parts, p) {
				return fmt.Errorf("unknown part %q: want some of %s", p, strings.Join(parts, ", "))
			}
			b.only[p] = true
		}
		return nil
	})
}

// parts are what --only selects. The default mock is always started: its start-up, its
// index and the title's bytes come with it.
var parts = []string{partMock, partBare, partPrism, partWireMock, partLarge, partValidate, partFullRun}

const (
	partMock     = "mock"     // the mock's load cells
	partBare     = "bare"     // the bare Go server
	partPrism    = "prism"    // Prism
	partWireMock = "wiremock" // WireMock
	partLarge    = "large"    // the mock of 100,000 titles: start-up and index
	partValidate = "validate" // the validation of one answer
	partFullRun  = "full-run" // the full default run of the suite
)

// wants reports whether the run measures part.
func (b *bench) wants(part string) bool { return b.only == nil || b.only[part] }

func benchMain(args []string, stdout, stderr io.Writer) int {
	b := &bench{log: stderr}
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	b.flags(fs)
	if err := flagenv.Parse(fs, envPrefix, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stdout, "usage: go run ./bench [flags]\n\nPrints the bench table of make bench. Flags (each has an environment twin, "+envPrefix+"<FLAG>):")
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return 0
		}
		return usage(stderr, "%v", err)
	}
	switch {
	case fs.NArg() > 0:
		return usage(stderr, "unexpected argument %q: the bench takes flags only", fs.Arg(0))
	case b.warmup < 0:
		return usage(stderr, "invalid value %v for --warmup (or %sWARMUP): want 0 or more", b.warmup, envPrefix)
	case b.duration < 100*time.Millisecond || b.duration > 10*time.Minute:
		return usage(stderr, "invalid value %v for --duration (or %sDURATION): want 100ms to 10m", b.duration, envPrefix)
	case b.requests < 1:
		return usage(stderr, "invalid value %d for --requests (or %sREQUESTS): want 1 or more", b.requests, envPrefix)
	}
	if _, err := os.Stat(b.bin); err != nil {
		return usage(stderr, "--bin %s: %v (make build writes bin/flixconf)", b.bin, err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	tmp, err := os.MkdirTemp("", "flixconf-bench-")
	if err != nil {
		fmt.Fprintf(stderr, "bench: %v\n", err)
		return 1
	}
	b.tmp = tmp
	if b.out == "" {
		b.out = tmp
	} else if err := os.MkdirAll(b.out, 0o755); err != nil {
		fmt.Fprintf(stderr, "bench: --out %s: %v\n", b.out, err)
		return 1
	}
	if err := b.run(ctx); err != nil {
		fmt.Fprintf(stderr, "bench: %v\n(the servers' logs are in %s)\n", err, tmp)
		return 1
	}
	b.res.order()
	b.res.judge()
	b.res.render(stdout)
	path, err := b.res.writeJSON(b.out)
	if err != nil {
		fmt.Fprintf(stderr, "bench: %v\n(the servers' logs are in %s)\n", err, tmp)
		return 1
	}
	fmt.Fprintf(stdout, "\nThe same as JSON: %s; the servers' logs: %s\n", path, tmp)
	return 0
}

func usage(stderr io.Writer, format string, args ...any) int {
	fmt.Fprintf(stderr, "bench: %s\n(go run ./bench --help lists the flags)\n", fmt.Sprintf(format, args...))
	return 2
}

// progress says on stderr what the bench is doing, since a run takes minutes.
func (b *bench) progress(format string, args ...any) {
	fmt.Fprintf(b.log, "bench: "+format+"\n", args...)
}

// run measures everything, one server under load at a time, so that only the server
// measured and the load generator use the cores: the default mock and the bare server run
// side by side, each idle while the other is measured, and are stopped before Prism, WireMock
// and the mock of 100,000 titles each run alone in turn.
func (b *bench) run(ctx context.Context) error {
	b.res = Results{
		When:       time.Now().UTC().Format("2006-01-02 15:04 UTC"),
		Machine:    fmt.Sprintf("%s/%s, %d cores, %s", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version()),
		Bounds:     Bounds{Warmup: b.warmup.String(), Duration: b.duration.String(), Requests: b.requests},
		LoadBefore: loadAverage(),
	}
	defer func() { b.res.LoadAfter = loadAverage() }()

	b.progress("starting the mock (default options)")
	mock, err := b.startMock(ctx, "flixconf mock")
	if err != nil {
		return err
	}
	defer mock.stop()
	b.res.Startup = append(b.res.Startup, startupCell("default catalog (10,000 synthetic titles)", mock))
	if b.mock, err = newMockClient(mock.url); err != nil {
		return err
	}
	xmlHeader, xmlBody, err := b.mock.fetchSigned(titlePath)
	if err != nil {
		return err
	}
	_, jsonBody, err := b.mock.fetchSigned(titlePath + "?output=json")
	if err != nil {
		return err
	}
	name := string(firstGroup(titleName, xmlBody))
	b.res.Title = Title{ID: titleID, Name: name, XMLBytes: len(xmlBody), JSONBytes: len(jsonBody)}

	// The index first, while the mock is as fresh as the one of 100,000 titles below.
	b.progress("streaming the index of %d titles", indexSmall)
	b.res.Index = append(b.res.Index, b.indexCell(mock, indexSmall))

	// The bare server waits, idle, beside the mock, so that each of its cells runs right
	// after the mock's cell of the same title: the ratios then compare moments of the machine
	// as close as can be.
	var bare *other
	if b.wants(partBare) {
		contentType := xmlHeader.Get("Content-Type")
		bare = &other{name: serverBare, warmup: b.warmup,
			start: func() (*server, error) { return b.startBare(ctx, xmlBody, contentType) }}
		b.launch(bare, xmlBody)
		defer bare.stop()
	}
	if b.wants(partMock) {
		if err := b.mockCells(ctx, mock.url, bare); err != nil {
			return err
		}
	} else if bare != nil {
		if err := b.otherCells(ctx, bare); err != nil {
			return err
		}
	}
	bare.stop()
	mock.stop()

	var others []*other
	if b.wants(partPrism) {
		others = append(others,
			&other{name: serverPrism, warmup: b.warmup, about: "flixconf's 1.0 description reduced to this operation, the mock's bytes as the example of its XML answer",
				start: func() (*server, error) { return b.startPrism(ctx, serverPrism, xmlBody, true) }},
			&other{name: serverPrismBare, warmup: b.warmup, about: "the same, but the answer's schema left out: what the schema costs Prism (not a goal's figure)",
				start: func() (*server, error) { return b.startPrism(ctx, serverPrismBare, xmlBody, false) }})
	}
	if b.wants(partWireMock) {
		warmup := max(b.warmup, jvmWarmup)
		others = append(others, &other{name: serverWireMock, warmup: warmup,
			about: fmt.Sprintf("default options (request journal on); %v of warm-up, for the JVM's compiler", warmup),
			start: func() (*server, error) { return b.startWireMock(ctx, xmlBody) }})
	}
	for _, o := range others {
		b.launch(o, xmlBody)
		err := b.otherCells(ctx, o)
		o.stop()
		if err != nil {
			return err
		}
	}

	if b.wants(partLarge) {
		b.progress("starting the mock with --catalog-size %d", indexLarge)
		large, err := b.startMock(ctx, "flixconf mock 100000", "--catalog-size", fmt.Sprint(indexLarge))
		if err != nil {
			return err
		}
		b.res.Startup = append(b.res.Startup, startupCell("--catalog-size 100000", large))
		b.progress("streaming the index of %d titles", indexLarge)
		b.res.Index = append(b.res.Index, b.indexCell(large, indexLarge))
		large.stop()
	}

	if b.wants(partValidate) {
		b.progress("timing the validation of one answer")
		b.res.Suite = append(b.res.Suite, validateCell(xmlHeader, xmlBody))
	}
	if b.wants(partFullRun) {
		b.progress("timing the full default run of the suite")
		b.res.Suite = append(b.res.Suite, b.fullRunCell(ctx))
	}
	return ctx.Err()
}

// loadAverage is the first three fields of /proc/loadavg, or why it cannot be read.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}

// titleName reads a catalog_title's regular name.
var titleName = regexp.MustCompile(`<title short="[^"]*" regular="([^"]*)"`)
