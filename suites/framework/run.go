package framework

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/onsi/ginkgo/v2"

	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/spec/validate"
	"github.com/flixconf/flixconf/suites/framework/report"
)

// run is the state of the suite's one run in this process: set by Begin before the specs run,
// read by them, never changed while they run.
var run struct {
	sync.Mutex
	cfg        *Config
	clients    map[string]*Client
	validators map[string]*validate.Validator
	shard      map[string]bool // full names of the specs this shard runs; nil for all
	// clockProbe says, in header mode, why the target cannot be sent to a day ("" when it can).
	clockProbe string
}

// Begin prepares the run: a client and a validator for every selected version, and this
// shard's share of specs. selected are the full names of the specs the run would execute,
// filtered those of the specs that a label filter or focus leaves out; each list is dealt
// out on its own, so that every shard gets a near-equal share of the specs that run and
// every spec, run or not, is reported by exactly one shard.
func Begin(cfg Config, selected, filtered []string) error {
	run.Lock()
	defer run.Unlock()
	run.cfg = &cfg
	run.clients = map[string]*Client{}
	run.validators = map[string]*validate.Validator{}
	creds, err := loadCredentials(&cfg)
	if err != nil {
		return err
	}
	for _, v := range cfg.Versions {
		c, err := NewClient(&cfg, v, creds)
		if err != nil {
			return err
		}
		val, err := validate.New(v)
		if err != nil {
			return err
		}
		run.clients[v], run.validators[v] = c, val
	}
	run.clockProbe = ""
	if cfg.Clock == ClockHeader {
		// The probe asks for a catalog title of API 1.0, whichever versions run.
		probe, err := NewClient(&cfg, spec.Versions()[0], creds)
		if err != nil {
			return err
		}
		run.clockProbe = probeClockHeader(probe)
	}
	run.shard = nil
	if !cfg.Shard.IsZero() {
		run.shard = map[string]bool{}
		for _, specs := range [][]string{selected, filtered} {
			sorted := slices.Clone(specs)
			slices.Sort(sorted)
			for i, s := range sorted {
				if cfg.Shard.Has(i) {
					run.shard[s] = true
				}
			}
		}
	}
	return nil
}

// inShard reports whether the spec with this full name belongs to this run's shard.
func inShard(fullText string) bool {
	run.Lock()
	defer run.Unlock()
	return run.shard == nil || run.shard[fullText]
}

// gate decides, before each spec, whether it runs: a spec of another shard is left out, and a
// spec of a version that was not selected is disabled. Applicability is data (labels), so
// spec bodies never test the version themselves.
func gate() {
	run.Lock()
	cfg, shard, probe := run.cfg, run.shard, run.clockProbe
	run.Unlock()
	if cfg == nil {
		Broke("the suite was started without framework.Begin")
	}
	current := ginkgo.CurrentSpecReport()
	if shard != nil && !shard[current.FullText()] {
		// Another shard runs it; SpecResults leaves it out of this shard's results.
		ginkgo.Skip("in another shard")
	}
	d := Decide(cfg, current.Labels())
	switch d.Outcome {
	case report.Disabled:
		Disable("%s", d.Reason)
	case report.Skip:
		Skip("%s", d.Reason)
	case report.Error:
		Broke("%s", d.Reason)
	}
	if d.Day != "" && cfg.Clock == ClockHeader && probe != "" {
		Disable("%s; run it against a server set to %s with --clock fixed --date %s", probe, d.Day, d.Day)
	}
}

// LabelValue returns the value of the first label "key:value" among labels, or "".
func LabelValue(labels []string, key string) string {
	for _, l := range labels {
		if v, ok := strings.CutPrefix(l, key+":"); ok {
			return v
		}
	}
	return ""
}

// Framework is what a spec body works with: the run's configuration and a client for one API
// version. Its fields are filled before each spec.
type Framework struct {
	Version string
	Config  *Config
	Client  *Client
}

// Describe declares text once for each of versions, inside a container "API V" labelled
// version:V; body receives the Framework of that version. Decorators (labels, ...) apply to
// each copy. Every spec of the suite is declared through Describe or DescribeLater, whose
// containers put the gate before each spec. (The gate cannot be a top-level BeforeEach:
// Ginkgo drops top-level setup nodes when the specs are previewed before they run, as a
// shard run must.)
func Describe(text string, versions []string, body func(f *Framework), decorators ...any) bool {
	for _, v := range versions {
		DescribeLater([]string{v}, func(_ string, add AddFunc) { add(text, body, decorators...) })
	}
	return true
}

// AddFunc declares one container of specs in a version's container, as Describe would.
type AddFunc func(text string, body func(f *Framework), decorators ...any)

// DescribeLater is Describe for specs generated from data: it declares the container "API V"
// of each version at once, but calls declare, which adds the specs' containers, only when
// Ginkgo builds the tree. So loading that data (every description and the timeline, about a
// second) costs nothing to a command of the binary that never runs the suite, such as serve.
// The tree, and so every spec's name, labels and order, is the one Describe would make.
func DescribeLater(versions []string, declare func(v string, add AddFunc)) bool {
	for _, v := range versions {
		ginkgo.Describe("API "+v, ginkgo.Label("version:"+v), func() {
			ginkgo.BeforeEach(gate)
			ginkgo.ReportAfterEach(noteSpecEnded)
			declare(v, func(text string, body func(f *Framework), decorators ...any) {
				f := &Framework{Version: v}
				ginkgo.Describe(text, append(decorators, func() {
					ginkgo.BeforeEach(f.setup)
					body(f)
				})...)
			})
		})
	}
	return true
}

func (f *Framework) setup() {
	run.Lock()
	defer run.Unlock()
	f.Config = run.cfg
	shared := run.clients[f.Version]
	if shared == nil {
		// Gate disables specs of versions that were not selected before this runs.
		Broke("no client for API version %s", f.Version)
	}
	// The spec's own client asks, in header mode, for the spec's day on every request.
	c := *shared
	if f.Config.Clock == ClockHeader {
		c.day = Decide(f.Config, ginkgo.CurrentSpecReport().Labels()).Day
	}
	f.Client = &c
}

func validatorFor(v string) (*validate.Validator, error) {
	run.Lock()
	defer run.Unlock()
	if val := run.validators[v]; val != nil {
		return val, nil
	}
	return nil, fmt.Errorf("no description loaded for API version %s", v)
}
