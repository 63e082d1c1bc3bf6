package report

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
)

// wholeRun is a run of every version: the outcome of each spec, the shard of 2 it falls in,
// and the coverage of each description.
var wholeRun = []struct {
	spec  Spec
	shard int
}{
	{Spec{ID: "API 1.0 titles", Version: "1.0", Outcome: Pass}, 1},
	{Spec{ID: "API 1.0 queue", Version: "1.0", Outcome: Fail, Reason: "412 expected"}, 2},
	{Spec{ID: "API 1.0 old day", Version: "1.0", Day: "2009-01-01", Outcome: Disabled, Reason: "day 2009-01-01 is not selected (--dates)"}, 1},
	{Spec{ID: "API 1.5 titles", Version: "1.5", Outcome: Pass}, 2},
	{Spec{ID: "API 2.0 titles", Version: "2.0", Outcome: Pass}, 1},
	{Spec{ID: "API 2.0 proxy", Version: "2.0", Outcome: Skip, Reason: "the run does not claim profile proxy"}, 2},
	{Spec{ID: "API odata titles", Version: "odata", Outcome: Pass}, 1},
	{Spec{ID: "API odata retired", Version: "odata", Outcome: Pass}, 2},
}

// coveredBy says which operation each spec covers, in each description.
var coveredBy = map[string]string{
	"API 1.0 titles": "getCatalogTitles application/xml", "API 1.0 queue": "getUsersByUserIdQueuesDisc application/xml",
	"API 1.5 titles": "getCatalogTitles application/xml", "API 2.0 titles": "getCatalogTitles application/json",
	"API odata titles": "getTitles application/atom+xml", "API odata retired": "getRoot application/xml",
}

// everyOp is each description's operations.
var everyOp = []string{"getCatalogTitles application/json", "getCatalogTitles application/xml", "getRoot application/xml",
	"getTitles application/atom+xml", "getUsersByUserIdQueuesDisc application/xml"}

// part is shard k of 2 of a run of the versions given, as `flixconf run --shard k/2 --versions
// ...` records it: every spec of the shard, those of other versions disabled.
func part(k int, versions ...string) Part {
	r := &Results{
		Suite:    Suite{Name: "flixconf", Version: "0.1.0", Revision: "abc"},
		Target:   Target{Kind: "bundled-mock", URL: fmt.Sprintf("http://127.0.0.1:%d", 40000+k)},
		Config:   &Config{Versions: versions, Clock: "header", RequestTimeout: 30, Workers: 1},
		Profiles: []string{"catalog", "odata"},
		Started:  time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC).Add(time.Duration(k) * time.Second),
		Duration: 10,
		Shards:   []string{fmt.Sprintf("%d/2", k)},
		Timeline: []Event{{ID: "odata-retired", Title: "OData retired", Day: "2013-04-08", Post: "p", Status: "effective"}},
	}
	covered := map[string]map[string]bool{}
	for _, w := range wholeRun {
		if w.shard != k {
			continue
		}
		s := w.spec
		if !slices.Contains(versions, s.Version) {
			s.Outcome, s.Reason = Disabled, "version "+s.Version+" is not selected (--versions)"
		} else if s.Outcome == Pass {
			if covered[s.Version] == nil {
				covered[s.Version] = map[string]bool{}
			}
			covered[s.Version][coveredBy[s.ID]] = true
		}
		r.Specs = append(r.Specs, s)
	}
	for _, v := range versions {
		c := Coverage{Version: v, Total: len(everyOp), Missing: []string{}}
		for _, op := range everyOp {
			if !covered[v][op] {
				c.Missing = append(c.Missing, op)
			}
		}
		c.Covered = c.Total - len(c.Missing)
		r.Coverage = append(r.Coverage, c)
	}
	r.Finish()
	return Part{Name: fmt.Sprintf("shard-%d-v%s/results.json", k, strings.Join(versions, "+")), Results: r}
}

// ciMatrix is the parts of a CI matrix of 2 shards by 4 versions, in no particular order.
func ciMatrix() []Part {
	var parts []Part
	for _, v := range []string{"2.0", "odata", "1.0", "1.5"} {
		for k := 2; k >= 1; k-- {
			parts = append(parts, part(k, v))
		}
	}
	return parts
}

func outcomesOf(r *Results) map[string]Outcome {
	m := map[string]Outcome{}
	for _, s := range r.Specs {
		m[s.ID] = s.Outcome
	}
	return m
}

// The parts of a matrix of shards and versions merge into the outcomes of the whole run: each
// spec from the part that ran it, the configuration of every version, the shards once each,
// the coverage of each description as the union of what the parts covered.
func TestMergePartsOfAMatrix(t *testing.T) {
	m, err := MergeParts(ciMatrix())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Outcome{}
	for _, w := range wholeRun {
		want[w.spec.ID] = w.spec.Outcome
	}
	if got := outcomesOf(m); !maps.Equal(got, want) {
		t.Errorf("merged outcomes differ from the whole run's:\n got %v\nwant %v", got, want)
	}
	if m.Counts != (Counts{Total: 8, Passed: 5, Failed: 1, Skipped: 1, Disabled: 1}) {
		t.Errorf("counts = %+v", m.Counts)
	}
	for _, s := range m.Specs {
		if s.ID == "API 1.0 old day" && !strings.Contains(s.Reason, "--dates") {
			t.Errorf("a spec every part left out keeps the reason of the part that selected its version; got %q", s.Reason)
		}
	}
	if !slices.Equal(m.Shards, []string{"1/2", "2/2"}) {
		t.Errorf("shards = %v, want each once", m.Shards)
	}
	if m.Config == nil || !slices.Equal(m.Config.Versions, []string{"1.0", "1.5", "2.0", "odata"}) {
		t.Errorf("config = %+v, want the versions of every part", m.Config)
	}
	if m.Target.Kind != "bundled-mock" || m.Target.URL != "" {
		t.Errorf("target = %+v, want the kind kept and the URL, different in each part, left out", m.Target)
	}
	if !m.Started.Equal(part(1, "1.0").Results.Started) || m.Duration != 11 || len(m.Timeline) != 1 {
		t.Errorf("started %v, duration %v, timeline %v", m.Started, m.Duration, m.Timeline)
	}
	wantCoverage := map[string]int{"1.0": 1, "1.5": 1, "2.0": 1, "odata": 2}
	for _, c := range m.Coverage {
		if c.Covered != wantCoverage[c.Version] || c.Covered+len(c.Missing) != c.Total {
			t.Errorf("coverage of %s: %d of %d, missing %v; want %d covered", c.Version, c.Covered, c.Total, c.Missing, wantCoverage[c.Version])
		}
		delete(wantCoverage, c.Version)
	}
	if len(wantCoverage) != 0 {
		t.Errorf("no coverage for %v", wantCoverage)
	}
	var b bytes.Buffer
	if err := encodeJSON(&b, m); err != nil {
		t.Fatal(err)
	}
	if err := ValidateResultsJSON(b.Bytes()); err != nil {
		t.Errorf("merged results break the schema:\n%v", err)
	}
}

// Parts that are not of one run are refused, with an error naming the files and what
// differs.
func TestMergePartsRefuses(t *testing.T) {
	tests := []struct {
		name  string
		parts func() []Part
		want  []string
	}{
		{"the same part twice", func() []Part { return append(ciMatrix(), part(1, "1.5")) },
			[]string{"shard-1-v1.5/results.json and shard-1-v1.5/results.json both hold shard 1/2 of version 1.5"}},
		{"parts that share a version", func() []Part {
			return []Part{part(1, "1.0", "1.5"), part(1, "1.5", "2.0"), part(2, "1.0", "1.5", "2.0")}
		},
			[]string{"both hold shard 1/2 of version 1.5"}},
		{"another build", func() []Part {
			ps := ciMatrix()
			ps[3].Results.Suite.Revision = "def"
			return ps
		}, []string{"different builds", "(revision abc)", "(revision def)"}},
		{"another target", func() []Part {
			ps := ciMatrix()
			ps[1].Results.Target = Target{Kind: "image", URL: "http://127.0.0.1:9", Image: "my-server:1"}
			return ps
		}, []string{"different targets", "image my-server:1"}},
		{"other profiles", func() []Part {
			ps := ciMatrix()
			ps[2].Results.Profiles = []string{"catalog"}
			return ps
		}, []string{"different profiles", "--profiles catalog,odata and catalog"}},
		{"another label filter", func() []Part {
			ps := ciMatrix()
			ps[4].Results.Config.LabelFilter = "area:catalog"
			return ps
		}, []string{"different --label-filter", `"" and "area:catalog"`}},
		{"a missing shard", func() []Part { return ciMatrix()[1:] }, []string{"shard 2/2 of version 2.0 is missing"}},
		{"a missing version of a shard", func() []Part { return slices.Delete(ciMatrix(), 3, 4) }, []string{"shard 1/2 of version odata is missing"}},
		{"another split", func() []Part {
			ps := ciMatrix()
			ps[0].Results.Shards = []string{"2/3"}
			return ps
		}, []string{"shards of 3", "shards of 2"}},
		{"a spec run twice", func() []Part {
			whole := part(1, "1.0")
			whole.Name, whole.Results.Shards = "whole/results.json", []string{"1/2", "2/2"}
			return []Part{part(1, "1.0"), whole}
		}, []string{`spec "API 1.0 titles" ran in both shard-1-v1.0/results.json and whole/results.json`}},
		{"nothing", func() []Part { return nil }, []string{"nothing to merge"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := MergeParts(tt.parts())
			if err == nil {
				t.Fatal("merged")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// Results written before the configuration was recorded merge as shards of every version.
func TestMergePartsWithoutConfig(t *testing.T) {
	a, b := part(1, "1.0", "1.5", "2.0", "odata"), part(2, "1.0", "1.5", "2.0", "odata")
	a.Results.Config, b.Results.Config = nil, nil
	m, err := MergeParts([]Part{a, b})
	if err != nil {
		t.Fatal(err)
	}
	if m.Config != nil || m.Counts.Total != len(wholeRun) {
		t.Errorf("config %+v, counts %+v", m.Config, m.Counts)
	}
	if _, err := MergeParts([]Part{a}); err == nil || !strings.Contains(err.Error(), "shard 2/2 is missing") {
		t.Errorf("one shard alone: err = %v", err)
	}
	if _, err := MergeParts([]Part{a, a}); err == nil || !strings.Contains(err.Error(), "of every version") {
		t.Errorf("a part twice: err = %v", err)
	}
}
