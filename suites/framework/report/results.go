// Package report holds the results of a conformance run and writes them out: results.json (the
// machine-readable record, described by results.schema.json beside this file), junit.xml and a
// self-contained report.html. A run made of several shards is merged here too, so one shard's
// results and the whole run's have the same shape.
package report

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"
)

// SchemaVersion is the version of the results.json format. It changes when a field changes
// meaning or disappears; adding an optional field does not change it.
const SchemaVersion = "1"

// Outcome is what happened to one spec. There are exactly five.
type Outcome string

const (
	// Pass: the spec ran and every expectation held.
	Pass Outcome = "pass"
	// Fail: the target answered, and the answer broke an expectation.
	Fail Outcome = "fail"
	// Error: the suite itself or the connection to the target broke, so the spec could not judge.
	Error Outcome = "error"
	// Skip: the spec tests an optional feature that the target declares absent.
	Skip Outcome = "skip"
	// Disabled: the spec is outside the selection (versions, days, filters, shard) or the clock mode.
	Disabled Outcome = "disabled"
)

// Outcomes lists the five outcomes in the order reports show them.
var Outcomes = []Outcome{Pass, Fail, Error, Skip, Disabled}

// Valid reports whether o is one of the five outcomes.
func (o Outcome) Valid() bool { return slices.Contains(Outcomes, o) }

// Results is the record of one run, or of one shard of a run.
type Results struct {
	SchemaVersion string `json:"schema_version"`
	Suite         Suite  `json:"suite"`
	Target        Target `json:"target"`
	// Config is the run's configuration, credentials redacted.
	Config *Config `json:"config,omitempty"`
	// Profiles are the optional parts the run claimed for the target.
	Profiles []string `json:"profiles"`
	// Coverage says, per API version, which operations answered a 2xx that validated, in
	// which representations.
	Coverage []Coverage `json:"coverage,omitempty"`
	Started  time.Time  `json:"started"`
	Duration float64    `json:"duration_seconds"`
	// Shards lists the shards these results were made from ("1/2", "2/2"); empty for a run
	// that was not sharded.
	Shards []string `json:"shards,omitempty"`
	Counts Counts   `json:"counts"`
	Specs  []Spec   `json:"specs"`
	// Timeline is the API's dated events, for the report's picture of which scenarios prove
	// each; the specs of an event carry the label event:<id>.
	Timeline []Event `json:"timeline,omitempty"`
}

// Event is one dated event of the API's life, as the report draws it.
type Event struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Day is the effective day (YYYY-MM-DD); Approximate marks a day inside a window of doubt.
	Day         string `json:"day"`
	Approximate bool   `json:"approximate,omitempty"`
	Post        string `json:"post"`
	// Status is effective, cancelled or partly-cancelled.
	Status string `json:"status"`
}

// Suite names the suite that ran.
type Suite struct {
	Name     string `json:"name"`
	Version  string `json:"version"`
	Revision string `json:"revision,omitempty"`
}

// Target says what the suite ran against.
type Target struct {
	// Kind is "bundled-mock", "url" or "image".
	Kind  string `json:"kind"`
	URL   string `json:"url"`
	Image string `json:"image,omitempty"`
}

// Spec is the result of one spec.
type Spec struct {
	// ID is the spec's full name: its containers' texts and its own, joined by spaces. Full
	// names are unique within a suite.
	ID       string   `json:"id"`
	Labels   []string `json:"labels"`
	Version  string   `json:"version,omitempty"`
	Day      string   `json:"day,omitempty"`
	Outcome  Outcome  `json:"outcome"`
	Reason   string   `json:"reason,omitempty"`
	Duration float64  `json:"duration_seconds"`
	// Location is where the spec failed, or where it is declared.
	Location string `json:"location,omitempty"`
	// Exchanges are the last requests and answers of a spec that failed or broke,
	// credentials redacted.
	Exchanges []Exchange `json:"exchanges,omitempty"`
}

// Exchange is one request and its answer, as text close to the wire (bodies bounded).
// Response is empty when no answer came.
type Exchange struct {
	Request  string `json:"request"`
	Response string `json:"response,omitempty"`
}

// Config is the configuration of a run as its results record it.
type Config struct {
	Versions []string `json:"versions"`
	// Dates are the days selected with --dates; empty for every day.
	Dates       []string `json:"dates,omitempty"`
	Clock       string   `json:"clock"`
	Date        string   `json:"date,omitempty"`
	LabelFilter string   `json:"label_filter,omitempty"`
	Focus       string   `json:"focus,omitempty"`
	// Credentials is "[redacted]" when a credentials file was given, empty when the target's
	// own were used.
	Credentials    string  `json:"credentials,omitempty"`
	RequestTimeout float64 `json:"request_timeout_seconds"`
	Workers        int     `json:"workers,omitempty"`
}

// Coverage is the operation coverage of one API version (or of the OData catalog): each
// operation in each representation its description lists counts once, and is covered when
// some spec got a 2xx answer in that representation that validated.
type Coverage struct {
	Version string `json:"version"`
	Total   int    `json:"total"`
	Covered int    `json:"covered"`
	// Missing names what was not covered, "operationId media/type", sorted.
	Missing []string `json:"missing"`
}

// Complete reports whether every operation was covered.
func (c Coverage) Complete() bool { return c.Covered == c.Total }

// Percent is the covered share, 0-100.
func (c Coverage) Percent() float64 {
	if c.Total == 0 {
		return 100
	}
	return 100 * float64(c.Covered) / float64(c.Total)
}

// Counts tallies the outcomes.
type Counts struct {
	Total    int `json:"total"`
	Passed   int `json:"passed"`
	Failed   int `json:"failed"`
	Errors   int `json:"errors"`
	Skipped  int `json:"skipped"`
	Disabled int `json:"disabled"`
}

// Count tallies specs by outcome.
func Count(specs []Spec) Counts {
	c := Counts{Total: len(specs)}
	for _, s := range specs {
		switch s.Outcome {
		case Pass:
			c.Passed++
		case Fail:
			c.Failed++
		case Error:
			c.Errors++
		case Skip:
			c.Skipped++
		case Disabled:
			c.Disabled++
		}
	}
	return c
}

// Ran is the number of specs that ran to a verdict: passed, failed or broke.
func (c Counts) Ran() int { return c.Passed + c.Failed + c.Errors }

// OK reports whether nothing failed and nothing broke.
func (c Counts) OK() bool { return c.Failed == 0 && c.Errors == 0 }

// Breakdown is the first of the two closing lines a run prints.
func (c Counts) Breakdown() string {
	return fmt.Sprintf("errors: %d, disabled: %d", c.Errors, c.Disabled)
}

// Summary is the last line a run prints. Failed includes errors and skipped includes
// disabled, so the three numbers add up to the total.
func (c Counts) Summary() string {
	return fmt.Sprintf("%d passed, %d failed, %d skipped", c.Passed, c.Failed+c.Errors, c.Skipped+c.Disabled)
}

// Finish sorts the specs by id and recomputes the counts; every writer calls it first.
func (r *Results) Finish() {
	r.SchemaVersion = SchemaVersion
	if r.Specs == nil {
		r.Specs = []Spec{}
	}
	slices.SortFunc(r.Specs, func(a, b Spec) int { return strings.Compare(a.ID, b.ID) })
	r.Counts = Count(r.Specs)
	if r.Profiles == nil {
		r.Profiles = []string{}
	}
}

// Read loads a results.json file.
func Read(path string) (*Results, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r Results
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if r.SchemaVersion != SchemaVersion {
		return nil, fmt.Errorf("%s: schema_version %q, this flixconf reads %q", path, r.SchemaVersion, SchemaVersion)
	}
	return &r, nil
}

// Merge combines the results of the shards of one run. Each spec must come from exactly one
// shard; the merged run starts with the earliest shard and lasts until the latest one ends.
func Merge(parts ...*Results) (*Results, error) {
	if len(parts) == 0 {
		return nil, fmt.Errorf("nothing to merge")
	}
	out := &Results{Suite: parts[0].Suite, Target: parts[0].Target, Started: parts[0].Started, Timeline: parts[0].Timeline,
		Config: parts[0].Config, Profiles: parts[0].Profiles}
	end := time.Time{}
	seen := map[string]bool{}
	for _, p := range parts {
		if p.Started.Before(out.Started) {
			out.Started = p.Started
		}
		if e := p.Started.Add(time.Duration(p.Duration * float64(time.Second))); e.After(end) {
			end = e
		}
		out.Shards = append(out.Shards, p.Shards...)
		for _, s := range p.Specs {
			if seen[s.ID] {
				return nil, fmt.Errorf("spec %q appears in more than one part", s.ID)
			}
			seen[s.ID] = true
			out.Specs = append(out.Specs, s)
		}
	}
	out.Duration = end.Sub(out.Started).Seconds()
	slices.Sort(out.Shards)
	out.Coverage = mergeCoverage(parts)
	out.Config = mergeConfig(parts)
	out.Finish()
	return out, nil
}

// mergeConfig is the configuration of the whole of a run made of parts that may each have
// run other versions (a CI matrix of versions and shards): their versions together, without
// a shard.
func mergeConfig(parts []*Results) *Config {
	if parts[0].Config == nil {
		return nil
	}
	c := *parts[0].Config
	c.Versions = nil
	for _, p := range parts {
		if p.Config == nil {
			continue
		}
		for _, v := range p.Config.Versions {
			if !slices.Contains(c.Versions, v) {
				c.Versions = append(c.Versions, v)
			}
		}
	}
	return &c
}

// mergeCoverage combines the coverage of parts of one run: what a part covered is covered,
// so what is missing is what every part that measured the version misses.
func mergeCoverage(parts []*Results) []Coverage {
	var out []Coverage
	for _, p := range parts {
		for _, c := range p.Coverage {
			i := slices.IndexFunc(out, func(o Coverage) bool { return o.Version == c.Version })
			if i < 0 {
				out = append(out, Coverage{Version: c.Version, Total: c.Total, Missing: slices.Clone(c.Missing)})
				continue
			}
			out[i].Missing = slices.DeleteFunc(out[i].Missing, func(m string) bool { return !slices.Contains(c.Missing, m) })
		}
	}
	for i := range out {
		if out[i].Missing == nil {
			out[i].Missing = []string{}
		}
		out[i].Covered = out[i].Total - len(out[i].Missing)
	}
	return out
}
