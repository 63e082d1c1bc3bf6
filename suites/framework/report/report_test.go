package report

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// nasty is a reason that neither XML nor HTML can carry as is.
const nasty = "body was <script>alert(1)</script> & \x01 more\nsecond line"

// sample has one spec of each outcome, in no particular order.
func sample() *Results {
	return &Results{
		Suite:   Suite{Name: "flixconf", Version: "0.1.0", Revision: "abc123"},
		Target:  Target{Kind: "url", URL: "https://api.example.test/"},
		Started: time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC),
		Specs: []Spec{
			{ID: "catalog titles lists titles", Labels: []string{"catalog"}, Version: "1.5", Day: "2008-06-01", Outcome: Pass, Duration: 0.25},
			{ID: "catalog titles rejects bad ids", Labels: []string{"catalog", "errors"}, Version: "1.5", Day: "2008-06-01", Outcome: Fail,
				Reason: "\nExpected status 400\ngot 200", Duration: 0.5, Location: "catalog_test.go:42"},
			{ID: "queue adds a title", Version: "2.0", Outcome: Error, Reason: nasty, Duration: 1},
			{ID: "queue instant watch", Labels: []string{"optional"}, Version: "2.0", Outcome: Skip, Reason: "target declares no instant watch"},
			{ID: "users legacy login", Outcome: Disabled, Reason: "day 2010-01-01 is not selected"},
		},
	}
}

func TestCountLines(t *testing.T) {
	var specs []Spec
	for o, n := range map[Outcome]int{Pass: 3, Fail: 1, Error: 1, Skip: 2, Disabled: 2} {
		for range n {
			specs = append(specs, Spec{Outcome: o})
		}
	}
	c := Count(specs)
	want := Counts{Total: 9, Passed: 3, Failed: 1, Errors: 1, Skipped: 2, Disabled: 2}
	if c != want {
		t.Fatalf("Count = %+v, want %+v", c, want)
	}
	if got, want := c.Breakdown(), "errors: 1, disabled: 2"; got != want {
		t.Errorf("Breakdown = %q, want %q", got, want)
	}
	if got, want := c.Summary(), "3 passed, 2 failed, 4 skipped"; got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
	if c.OK() || c.Ran() != 5 {
		t.Errorf("OK = %v, Ran = %d; want false, 5", c.OK(), c.Ran())
	}
}

func TestMerge(t *testing.T) {
	whole := sample()
	whole.Finish()
	a, b := sample(), sample()
	a.Specs, a.Shards, a.Duration = whole.Specs[:2], []string{"1/2"}, 10
	b.Specs, b.Shards, b.Duration = whole.Specs[2:], []string{"2/2"}, 4
	b.Started = a.Started.Add(20 * time.Second)

	m, err := Merge(b, a)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m.Specs, whole.Specs) || m.Counts != whole.Counts {
		t.Errorf("merged specs/counts differ from the whole run:\n got %+v %+v\nwant %+v %+v", m.Specs, m.Counts, whole.Specs, whole.Counts)
	}
	if !m.Started.Equal(a.Started) || m.Duration != 24 {
		t.Errorf("merged run starts %v and lasts %vs, want %v and 24s", m.Started, m.Duration, a.Started)
	}
	if !slices.Equal(m.Shards, []string{"1/2", "2/2"}) {
		t.Errorf("merged shards = %v", m.Shards)
	}

	if _, err := Merge(a, sample()); err == nil || !strings.Contains(err.Error(), "catalog titles") {
		t.Errorf("Merge of overlapping parts: err = %v, want a duplicated spec error", err)
	}
}

// writeSample writes sample() into a fresh directory and returns the directory and the
// results as written.
func writeSample(t *testing.T) (string, *Results) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "nested", "out")
	r := sample()
	if err := WriteAll(dir, r); err != nil {
		t.Fatal(err)
	}
	return dir, r
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestWriteAll(t *testing.T) {
	dir, r := writeSample(t)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{JUnitFile, HTMLFile, JSONFile}; !slices.Equal(names, want) {
		t.Errorf("files written = %v, want exactly %v", names, want)
	}

	b := readFile(t, filepath.Join(dir, JSONFile))
	if !strings.HasSuffix(string(b), "}\n") || !strings.Contains(string(b), "\n  \"schema_version\": \"1\",") {
		t.Errorf("results.json is not indented JSON with a trailing newline:\n%s", b)
	}
	back, err := Read(filepath.Join(dir, JSONFile))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, r) {
		t.Errorf("results.json reads back as\n%+v\nwant\n%+v", back, r)
	}
	if back.Counts != (Counts{Total: 5, Passed: 1, Failed: 1, Errors: 1, Skipped: 1, Disabled: 1}) {
		t.Errorf("written counts = %+v", back.Counts)
	}
}

func TestWriteJSONReplaces(t *testing.T) {
	path := filepath.Join(t.TempDir(), JSONFile)
	if err := os.WriteFile(path, []byte("stale"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(path, sample()); err != nil {
		t.Fatal(err)
	}
	if err := ValidateResultsJSON(readFile(t, path)); err != nil {
		t.Error(err)
	}
	if m, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*")); len(m) != 0 {
		t.Errorf("temporary files left behind: %v", m)
	}
	if err := WriteJSON(filepath.Join(path, "under-a-file.json"), sample()); err == nil {
		t.Error("WriteJSON into a path under a regular file succeeded")
	}
}

func TestResultsSchema(t *testing.T) {
	dir, _ := writeSample(t)
	good := readFile(t, filepath.Join(dir, JSONFile))
	if err := ValidateResultsJSON(good); err != nil {
		t.Fatalf("written results.json does not validate:\n%v", err)
	}
	// A run that was not sharded and whose specs carry no labels is valid too.
	plain := &Results{Target: Target{Kind: "bundled-mock"}, Specs: []Spec{{ID: "x", Outcome: Pass}}}
	plain.Finish()
	if b, _ := json.Marshal(plain); ValidateResultsJSON(b) != nil {
		t.Errorf("minimal results do not validate: %v\n%s", ValidateResultsJSON(b), b)
	}

	tests := []struct {
		name   string
		mutate func(doc map[string]any)
		want   string // expected in the error
	}{
		{"unknown top-level field", func(d map[string]any) { d["extra"] = 1 }, "at '': additional properties 'extra'"},
		{"unknown spec field", func(d map[string]any) { spec(d, 0)["flaky"] = true }, "at '/specs/0': additional properties 'flaky'"},
		{"bad outcome", func(d map[string]any) { spec(d, 1)["outcome"] = "flaky" }, "at '/specs/1/outcome'"},
		{"missing schema_version", func(d map[string]any) { delete(d, "schema_version") }, "missing property 'schema_version'"},
		{"other schema_version", func(d map[string]any) { d["schema_version"] = "2" }, "at '/schema_version'"},
		{"negative count", func(d map[string]any) { d["counts"].(map[string]any)["passed"] = -1 }, "at '/counts/passed'"},
		{"fractional count", func(d map[string]any) { d["counts"].(map[string]any)["total"] = 1.5 }, "at '/counts/total'"},
		{"started not a date-time", func(d map[string]any) { d["started"] = "yesterday" }, "at '/started'"},
		{"labels missing", func(d map[string]any) { delete(spec(d, 2), "labels") }, "at '/specs/2': missing property 'labels'"},
		{"empty omitempty field", func(d map[string]any) { spec(d, 0)["reason"] = "" }, "at '/specs/0/reason'"},
		{"bad shard", func(d map[string]any) { d["shards"] = []any{"first"} }, "at '/shards/0'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var doc map[string]any
			if err := json.Unmarshal(good, &doc); err != nil {
				t.Fatal(err)
			}
			tt.mutate(doc)
			b, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			err = ValidateResultsJSON(b)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one containing %q", err, tt.want)
			}
		})
	}

	t.Run("one violation per line", func(t *testing.T) {
		err := ValidateResultsJSON([]byte(`{"schema_version": "1", "extra": 1}`))
		if err == nil {
			t.Fatal("an incomplete document validates")
		}
		lines := strings.Split(err.Error(), "\n")
		if len(lines) != 2 {
			t.Fatalf("want 2 lines (extra field, missing properties), got:\n%v", err)
		}
		for _, l := range lines {
			if !strings.HasPrefix(l, "at '") {
				t.Errorf("line %q does not start with the instance location", l)
			}
		}
	})
	if err := ValidateResultsJSON([]byte(`{"schema_version": `)); err == nil {
		t.Error("truncated JSON validates")
	}
}

func spec(doc map[string]any, i int) map[string]any {
	return doc["specs"].([]any)[i].(map[string]any)
}

// The JUnit document as CI systems read it back.
type (
	xmlSuites struct {
		XMLName xml.Name   `xml:"testsuites"`
		Name    string     `xml:"name,attr"`
		Suites  []xmlSuite `xml:"testsuite"`
		xmlCounts
	}
	xmlCounts struct {
		Tests    int     `xml:"tests,attr"`
		Failures int     `xml:"failures,attr"`
		Errors   int     `xml:"errors,attr"`
		Skipped  int     `xml:"skipped,attr"`
		Time     float64 `xml:"time,attr"`
	}
	xmlSuite struct {
		Name      string `xml:"name,attr"`
		Timestamp string `xml:"timestamp,attr"`
		xmlCounts
		Cases []xmlCase `xml:"testcase"`
	}
	xmlCase struct {
		Name       string        `xml:"name,attr"`
		Classname  string        `xml:"classname,attr"`
		Time       float64       `xml:"time,attr"`
		Properties []xmlProperty `xml:"properties>property"`
		Failure    *xmlProblem   `xml:"failure"`
		Error      *xmlProblem   `xml:"error"`
		Skipped    *xmlProblem   `xml:"skipped"`
	}
	xmlProperty struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	}
	xmlProblem struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Text    string `xml:",chardata"`
	}
)

func TestJUnit(t *testing.T) {
	dir, r := writeSample(t)
	raw := readFile(t, filepath.Join(dir, JUnitFile))
	for _, bad := range []string{"<script", "\x01"} {
		if strings.Contains(string(raw), bad) {
			t.Errorf("junit.xml contains %q", bad)
		}
	}
	var doc xmlSuites
	if err := xml.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("junit.xml does not parse: %v\n%s", err, raw)
	}
	want := xmlCounts{Tests: 5, Failures: 1, Errors: 1, Skipped: 2}
	if doc.Name != "flixconf" || doc.xmlCounts != want {
		t.Errorf("testsuites %q %+v, want flixconf %+v", doc.Name, doc.xmlCounts, want)
	}
	if len(doc.Suites) != 1 {
		t.Fatalf("%d testsuite elements, want 1", len(doc.Suites))
	}
	s := doc.Suites[0]
	if s.Name != "flixconf" || s.xmlCounts != want || s.Timestamp != "2026-03-04T05:06:07" {
		t.Errorf("testsuite %q %+v at %q", s.Name, s.xmlCounts, s.Timestamp)
	}
	if len(s.Cases) != len(r.Specs) {
		t.Fatalf("%d testcases, want %d", len(s.Cases), len(r.Specs))
	}

	cases := map[string]xmlCase{}
	for _, c := range s.Cases {
		cases[c.Name] = c
	}
	pass := cases["catalog titles lists titles"]
	if pass.Failure != nil || pass.Error != nil || pass.Skipped != nil || pass.Classname != "1.5" || pass.Time != 0.25 {
		t.Errorf("pass: %+v", pass)
	}
	wantProps := []xmlProperty{{"label", "catalog"}, {"version", "1.5"}, {"day", "2008-06-01"}}
	if !slices.Equal(pass.Properties, wantProps) {
		t.Errorf("pass properties = %v, want %v", pass.Properties, wantProps)
	}
	fail := cases["catalog titles rejects bad ids"]
	if f := fail.Failure; f == nil || f.Type != "fail" || f.Message != "Expected status 400" || f.Text != "\nExpected status 400\ngot 200" || fail.Error != nil {
		t.Errorf("fail: %+v failure %+v", fail, fail.Failure)
	}
	broke := cases["queue adds a title"]
	if e := broke.Error; e == nil || e.Type != "error" || broke.Failure != nil {
		t.Fatalf("error: %+v", broke)
	}
	cleanedNasty := strings.ReplaceAll(nasty, "\x01", "\uFFFD")
	if broke.Error.Text != cleanedNasty || broke.Error.Message != "body was <script>alert(1)</script> & \uFFFD more" {
		t.Errorf("error element: message %q, text %q", broke.Error.Message, broke.Error.Text)
	}
	if sk := cases["queue instant watch"].Skipped; sk == nil || sk.Message != "skip: target declares no instant watch" {
		t.Errorf("skip: %+v", sk)
	}
	dis := cases["users legacy login"]
	if dis.Skipped == nil || !strings.HasPrefix(dis.Skipped.Message, "disabled: ") || dis.Classname != "flixconf" {
		t.Errorf("disabled: %+v skipped %+v", dis, dis.Skipped)
	}
}

func TestHTML(t *testing.T) {
	dir, r := writeSample(t)
	page := string(readFile(t, filepath.Join(dir, HTMLFile)))
	lower := strings.ToLower(page)
	for _, bad := range []string{"<script", "src=", "<link", "\x01", "@import", "url("} {
		if strings.Contains(lower, bad) {
			t.Errorf("report.html contains %q", bad)
		}
	}
	wants := []string{
		"<title>flixconf conformance report</title>",
		"&lt;script&gt;alert(1)&lt;/script&gt;",
		r.Counts.Breakdown(),
		r.Counts.Summary(),
		"any day", "any version", "2008-06-01",
		"catalog_test.go:42",
		"revision abc123",
	}
	for _, s := range r.Specs {
		wants = append(wants, ">"+s.ID+"<")
	}
	for _, w := range wants {
		if !strings.Contains(page, w) {
			t.Errorf("report.html lacks %q", w)
		}
	}
	// Failures and errors come before the table of every spec.
	if p, a := strings.Index(page, "Failures and errors"), strings.Index(page, "All specs"); p < 0 || a < p {
		t.Errorf("failures section at %d, table at %d", p, a)
	}
}

func TestMatrix(t *testing.T) {
	specs := []Spec{
		{Version: "1.10", Day: "day-2", Outcome: Pass},
		{Version: "1.9", Day: "day-10", Outcome: Fail},
		{Version: "1.9", Day: "day-10", Outcome: Pass},
		{Version: "1.9", Outcome: Skip},
		{Day: "day-2", Outcome: Disabled},
	}
	m := buildMatrix(specs)
	if m == nil {
		t.Fatal("no matrix for specs with versions and days")
	}
	if want := []string{"day-2", "day-10", "any day"}; !slices.Equal(m.Days, want) {
		t.Errorf("days = %v, want %v", m.Days, want)
	}
	var rows []string
	var classes [][]string
	for _, r := range m.Rows {
		rows = append(rows, r.Version)
		var cs []string
		for _, c := range r.Cells {
			cs = append(cs, c.Class)
		}
		classes = append(classes, cs)
	}
	if want := []string{"1.9", "1.10", "any version"}; !slices.Equal(rows, want) {
		t.Errorf("rows = %v, want %v", rows, want)
	}
	wantClasses := [][]string{{"", "bad", "none"}, {"good", "", ""}, {"none", "", ""}}
	if !reflect.DeepEqual(classes, wantClasses) {
		t.Errorf("cell classes = %v, want %v", classes, wantClasses)
	}
	if got := m.Rows[0].Cells[1].Tallies; !slices.Equal(got, []tally{{Pass, 1}, {Fail, 1}}) {
		t.Errorf("1.9/day-10 tallies = %v", got)
	}
	if buildMatrix([]Spec{{ID: "x", Outcome: Pass}}) != nil {
		t.Error("matrix for specs without version or day")
	}
}

func TestCleanText(t *testing.T) {
	in := "a\tb\nc\r\x00\x1f\x7f\u0085\ufffe ok é 🎬"
	want := "a\tb\nc\r\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD ok é 🎬"
	if got := cleanText(in); got != want {
		t.Errorf("cleanText(%q) = %q, want %q", in, got, want)
	}
}
