// Package conformance is the entry of the conformance suite: it gathers every area of specs
// and runs them. `go test`, the ginkgo CLI and `flixconf run` all execute this package.
package conformance

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"
	"github.com/onsi/gomega"

	"github.com/flixconf/flixconf/internal/buildinfo"
	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/suites/framework"
	"github.com/flixconf/flixconf/suites/framework/report"

	// The areas of the suite, registered for their specs.
	_ "github.com/flixconf/flixconf/suites/catalog"
	_ "github.com/flixconf/flixconf/suites/contract"
	_ "github.com/flixconf/flixconf/suites/control"
	_ "github.com/flixconf/flixconf/suites/lifecycle"
	_ "github.com/flixconf/flixconf/suites/oauth"
	_ "github.com/flixconf/flixconf/suites/users"
)

// last holds the report of the run, handed over by Ginkgo once every spec has ended.
var last *types.Report

var _ = ginkgo.ReportAfterSuite("flixconf results", func(r ginkgo.Report) { last = &r })

// Run runs the suite, or the shard cfg selects, against cfg.Target in this process and
// returns its results. Ginkgo runs one suite per process, so Run may be called once.
func Run(t ginkgo.GinkgoTestingT, cfg framework.Config, target report.Target) (*report.Results, error) {
	suiteCfg, reporterCfg := ginkgo.GinkgoConfiguration()
	suiteCfg.FailOnEmpty = true // a filter that selects nothing must not pass
	if cfg.LabelFilter != "" {
		suiteCfg.LabelFilter = cfg.LabelFilter
	}
	if cfg.Focus != "" {
		suiteCfg.FocusStrings = []string{cfg.Focus}
	}
	reporterCfg.Succinct = true
	// Worker logs and CI logs are files: no colour codes there.
	if st, err := os.Stdout.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		reporterCfg.NoColor = true
	}

	preview := ginkgo.PreviewSpecs("flixconf", suiteCfg, reporterCfg)
	if err := checkTree(preview); err != nil {
		return nil, err
	}
	var selected, filtered []string
	for _, s := range preview.SpecReports {
		switch {
		case s.LeafNodeType != types.NodeTypeIt:
		case s.State == types.SpecStateSkipped || s.State == types.SpecStatePending:
			filtered = append(filtered, s.FullText())
		default:
			selected = append(selected, s.FullText())
		}
	}
	if err := framework.Begin(cfg, selected, filtered); err != nil {
		return nil, err
	}

	gomega.RegisterFailHandler(ginkgo.Fail)
	started := time.Now()
	ginkgo.RunSpecs(t, "flixconf", suiteCfg, reporterCfg)
	if last == nil {
		return nil, fmt.Errorf("the suite ended without a report")
	}
	info := buildinfo.Read()
	coverage, err := framework.Coverage(&cfg)
	if err != nil {
		return nil, err
	}
	res := &report.Results{
		Suite:    report.Suite{Name: "flixconf", Version: info.Version, Revision: info.Revision},
		Target:   target,
		Config:   framework.ReportConfig(&cfg, 1),
		Profiles: cfg.Profiles,
		Coverage: coverage,
		Started:  started.UTC(),
		Duration: time.Since(started).Seconds(),
		Specs:    framework.SpecResults(*last),
	}
	if !cfg.Shard.IsZero() {
		res.Shards = []string{cfg.Shard.String()}
	}
	res.Finish()
	return res, nil
}

// checkTree holds the suite to its own rules: full spec names are unique (results, shards and
// merges key on them); every spec is declared through framework.Describe, which gives it its
// version label and puts the selection gate before it; every spec states its requirement
// with MUST and the profiles it needs; its day and window labels read.
func checkTree(preview types.Report) error {
	seen := map[string]bool{}
	for _, s := range preview.SpecReports {
		if s.LeafNodeType != types.NodeTypeIt {
			continue
		}
		name := s.FullText()
		if seen[name] {
			return fmt.Errorf("two specs are named %q; full spec names must be unique", name)
		}
		seen[name] = true
		if err := checkSpec(s); err != nil {
			return fmt.Errorf("spec %q (%s): %w", name, s.LeafNodeLocation, err)
		}
	}
	return nil
}

// enforceRequirements turns on the MUST and profile rules of checkSpec.
const enforceRequirements = true

func checkSpec(s types.SpecReport) error {
	labels := s.Labels()
	if framework.LabelValue(labels, "version") == "" {
		return fmt.Errorf("no version label; declare specs with framework.Describe")
	}
	if !enforceRequirements {
		return nil
	}
	if !strings.Contains(s.LeafNodeText, "MUST") {
		return fmt.Errorf("its text states no requirement; write it as \"MUST ...\"")
	}
	profiles := 0
	for _, l := range labels {
		if p, ok := strings.CutPrefix(l, "profile:"); ok {
			if !framework.IsProfile(p) {
				return fmt.Errorf("unknown profile %q (profiles: %s)", p, strings.Join(framework.ProfileNames(), ", "))
			}
			profiles++
		}
	}
	if profiles == 0 {
		return fmt.Errorf("no profile label; name the optional parts it needs, such as profile:catalog")
	}
	if d := framework.LabelValue(labels, "day"); d != "" {
		if _, err := spec.ParseDay(d); err != nil {
			return fmt.Errorf("label day:%s: %v", d, err)
		}
	}
	return framework.CheckWindow(labels)
}

// Days lists, sorted, the days of the specs cfg selects (their day labels): the days an
// implementation must be started on when it takes its day from its environment. It previews
// the suite and must not be called in a process that runs it.
func Days(cfg framework.Config) []string {
	suiteCfg, reporterCfg := ginkgo.GinkgoConfiguration()
	if cfg.LabelFilter != "" {
		suiteCfg.LabelFilter = cfg.LabelFilter
	}
	if cfg.Focus != "" {
		suiteCfg.FocusStrings = []string{cfg.Focus}
	}
	preview := ginkgo.PreviewSpecs("flixconf", suiteCfg, reporterCfg)
	seen := map[string]bool{}
	var days []string
	for _, s := range preview.SpecReports {
		if s.LeafNodeType != types.NodeTypeIt || s.State == types.SpecStateSkipped || s.State == types.SpecStatePending {
			continue
		}
		if d := framework.Decide(&cfg, s.Labels()); d.Runs() && d.Day != "" && !seen[d.Day] {
			seen[d.Day] = true
			days = append(days, d.Day)
		}
	}
	slices.Sort(days)
	return days
}

// Listed is one spec of a selection, as `flixconf run --list` prints it.
type Listed struct {
	ID     string
	Labels []string
	// Selected is false for a spec the selection leaves out or skips.
	Selected bool
	// Reason says why a spec is not selected.
	Reason string
	// Day is the day a selected dated spec runs on.
	Day string
}

// List previews the suite with cfg's filters and returns every spec, sorted by id. It must not
// be called in a process that runs the suite.
func List(cfg framework.Config) []Listed {
	suiteCfg, reporterCfg := ginkgo.GinkgoConfiguration()
	if cfg.LabelFilter != "" {
		suiteCfg.LabelFilter = cfg.LabelFilter
	}
	if cfg.Focus != "" {
		suiteCfg.FocusStrings = []string{cfg.Focus}
	}
	var out []Listed
	for _, s := range ginkgo.PreviewSpecs("flixconf", suiteCfg, reporterCfg).SpecReports {
		if s.LeafNodeType != types.NodeTypeIt {
			continue
		}
		l := Listed{ID: s.FullText(), Labels: s.Labels(), Selected: true}
		if s.State == types.SpecStateSkipped || s.State == types.SpecStatePending {
			l.Selected, l.Reason = false, framework.FilteredOut
		} else if d := framework.Decide(&cfg, s.Labels()); !d.Runs() {
			l.Selected, l.Reason = false, string(d.Outcome)+": "+d.Reason
		} else {
			l.Day = d.Day
		}
		out = append(out, l)
	}
	slices.SortFunc(out, func(a, b Listed) int { return strings.Compare(a.ID, b.ID) })
	return out
}
