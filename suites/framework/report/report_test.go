package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// nasty is a reason that neither XML nor HTML can carry as is.
const nasty = "body was <script>alert(1)</script> & \x01 more\nsecond line"

// The exchanges of the failing spec of sample: markup in the request and in the answer, and
// a request that got no answer.
const (
	sampleRequest  = "GET /catalog/titles?term=<b>&amp; HTTP/1.1\nHost: api.netflix.com\nAuthorization: OAuth oauth_signature=\"[redacted]\""
	sampleResponse = "HTTP/1.1 200 OK\nContent-Type: application/xml\n\n<catalog_titles><script>x</script></catalog_titles>"
)

// sample has one spec of each outcome, in no particular order, a configuration, profiles and
// coverage.
func sample() *Results {
	return &Results{
		Suite:  Suite{Name: "flixconf", Version: "0.1.0", Revision: "abc123"},
		Target: Target{Kind: "url", URL: "https://api.example.test/"},
		Config: &Config{Versions: []string{"1.5", "2.0"}, Clock: "header", LabelFilter: "area:catalog || area:queue",
			Credentials: "[redacted]", RequestTimeout: 30, Workers: 2},
		Profiles: []string{"catalog", "users"},
		Coverage: []Coverage{
			{Version: "1.5", Total: 4, Covered: 1, Missing: []string{
				"getCatalogTitles application/json", "getCatalogTitles application/xml", "getUsersByUserIdQueuesDisc application/json"}},
			{Version: "2.0", Total: 2, Covered: 2, Missing: []string{}},
		},
		Started: time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC),
		Specs: []Spec{
			{ID: "catalog titles lists titles", Labels: []string{"catalog"}, Version: "1.5", Day: "2008-06-01", Outcome: Pass, Duration: 0.25},
			{ID: "catalog titles rejects bad ids", Labels: []string{"catalog", "errors"}, Version: "1.5", Day: "2008-06-01", Outcome: Fail,
				Reason: "\nExpected status 400\ngot 200", Duration: 0.5, Location: "catalog_test.go:42",
				Exchanges: []Exchange{{Request: sampleRequest, Response: sampleResponse}, {Request: "GET /catalog/titles/movies/1 HTTP/1.1\nHost: api.netflix.com"}}},
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
		{"unknown config field", func(d map[string]any) { config(d)["token"] = "x" }, "at '/config': additional properties 'token'"},
		{"config without versions", func(d map[string]any) { delete(config(d), "versions") }, "at '/config': missing property 'versions'"},
		{"unknown version", func(d map[string]any) { config(d)["versions"] = []any{"3.0"} }, "at '/config/versions/0'"},
		{"unknown clock", func(d map[string]any) { config(d)["clock"] = "sundial" }, "at '/config/clock'"},
		{"credentials shown", func(d map[string]any) { config(d)["credentials"] = "secret.json" }, "at '/config/credentials'"},
		{"bad date", func(d map[string]any) { config(d)["date"] = "2011-13-45" }, "at '/config/date'"},
		{"no workers", func(d map[string]any) { config(d)["workers"] = 0 }, "at '/config/workers'"},
		{"unknown profile", func(d map[string]any) { d["profiles"] = []any{"catalog", "teleport"} }, "at '/profiles/1'"},
		{"profile twice", func(d map[string]any) { d["profiles"] = []any{"catalog", "catalog"} }, "at '/profiles'"},
		{"coverage of an unknown description", func(d map[string]any) { coverage(d, 0)["version"] = "3.0" }, "at '/coverage/0/version'"},
		{"coverage without missing", func(d map[string]any) { delete(coverage(d, 1), "missing") }, "at '/coverage/1': missing property 'missing'"},
		{"missing without media type", func(d map[string]any) { coverage(d, 0)["missing"] = []any{"getCatalogTitles"} }, "at '/coverage/0/missing/0'"},
		{"negative total", func(d map[string]any) { coverage(d, 0)["total"] = -4 }, "at '/coverage/0/total'"},
		{"exchange without request", func(d map[string]any) { exchange(d, 0)["request"] = "" }, "at '/specs/1/exchanges/0/request'"},
		{"unknown exchange field", func(d map[string]any) { exchange(d, 0)["cookies"] = "x" }, "at '/specs/1/exchanges/0': additional properties 'cookies'"},
		{"empty exchanges", func(d map[string]any) { spec(d, 0)["exchanges"] = []any{} }, "at '/specs/0/exchanges'"},
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

func config(doc map[string]any) map[string]any { return doc["config"].(map[string]any) }

func coverage(doc map[string]any, i int) map[string]any {
	return doc["coverage"].([]any)[i].(map[string]any)
}

// exchange is the first exchange of the failing spec, which sorts second.
func exchange(doc map[string]any, i int) map[string]any {
	return spec(doc, 1)["exchanges"].([]any)[i].(map[string]any)
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

// remoteLoad finds what would make a browser fetch something: an attribute that names a URL
// with a scheme or a protocol-relative one, and the elements and CSS that load or run code.
var remoteLoad = regexp.MustCompile(`(?i)\b(src|href|action|poster|srcset|data|formaction|background)\s*=\s*["']?\s*(https?:|//|javascript:)|<(script|link|iframe|object|embed|img|base|frame)\b|@import|url\(|http-equiv`)

// eventHandler finds an attribute that runs script, such as onload.
var eventHandler = regexp.MustCompile(`(?i)<[^>]*\son[a-z]+\s*=`)

// selfContained fails t when page could run code or load anything from the network.
func selfContained(t *testing.T, page string) {
	t.Helper()
	for _, re := range []*regexp.Regexp{remoteLoad, eventHandler} {
		if m := re.FindString(page); m != "" {
			t.Errorf("report.html is not self-contained: it holds %q", m)
		}
	}
}

func TestHTMLSelfContained(t *testing.T) {
	dir, _ := writeSample(t)
	page := string(readFile(t, filepath.Join(dir, HTMLFile)))
	selfContained(t, page)
	if !strings.Contains(page, "<style>") {
		t.Error("report.html has no inline style sheet")
	}
	// The check finds what it must.
	for _, bad := range []string{`<img alt="">`, `<a href="//x.test/">`, `<a href="https://x.test/">`, `<div style="background: url(x)">`, `<body onload="f()">`, `<SCRIPT>`} {
		if !remoteLoad.MatchString(bad) && !eventHandler.MatchString(bad) {
			t.Errorf("the self-containment check misses %q", bad)
		}
	}
}

// The summary shows the configuration of the run and the profiles it claimed.
func TestHTMLConfig(t *testing.T) {
	dir, _ := writeSample(t)
	page := string(readFile(t, filepath.Join(dir, HTMLFile)))
	for _, want := range []string{
		"<dt>Versions</dt><dd>1.5, 2.0</dd>",
		"<dt>Days</dt><dd>every day of the suite's scenarios</dd>",
		"<dt>Clock</dt><dd>header</dd>",
		"<dt>Label filter</dt><dd>area:catalog || area:queue</dd>",
		"<dt>Credentials</dt><dd>[redacted] (a credentials file)</dd>",
		"<dt>Request timeout</dt><dd>30s</dd>",
		"<dt>Workers</dt><dd>2</dd>",
		"<dt>Profiles claimed</dt><dd>catalog, users</dd>",
		"<dt>Duration</dt>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	// Results written before the configuration was recorded still render.
	r := sample()
	r.Config, r.Profiles = nil, nil
	var b bytes.Buffer
	r.Finish()
	if err := encodeHTML(&b, r); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "<dt>Versions</dt>") {
		t.Error("report.html shows a configuration the results do not hold")
	}
}

// The coverage section gives each version's figures and bar, and names what was not covered,
// grouped by operation.
func TestHTMLCoverage(t *testing.T) {
	dir, _ := writeSample(t)
	page := string(readFile(t, filepath.Join(dir, HTMLFile)))
	for _, want := range []string{
		"<h2>Coverage</h2>",
		`<tr><th>1.5</th><td class="num">1 of 4</td><td class="num">25.0%</td><td class="bar"><div><div style="width: 25%"></div></div></td></tr>`,
		`<tr><th>2.0</th><td class="num">2 of 2</td><td class="num">100.0%</td>`,
		"<summary>1.5: 3 not covered, in 2 operations</summary>",
		"<li><code>getCatalogTitles</code> application/json, application/xml</li>",
		"<li><code>getUsersByUserIdQueuesDisc</code> application/json</li>",
		"<p>2.0: every operation covered.</p>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	if strings.Contains(page, "<summary>2.0") {
		t.Error("a version with everything covered lists missing operations")
	}
	// Coverage comes before the failures, after the summary.
	if c, f := strings.Index(page, "<h2>Coverage</h2>"), strings.Index(page, "Failures and errors"); c < 0 || f < c {
		t.Errorf("coverage at %d, failures at %d", c, f)
	}
}

// A failure shows its reason and every exchange, request and answer escaped, in <pre>.
func TestHTMLFailureExchanges(t *testing.T) {
	dir, _ := writeSample(t)
	page := string(readFile(t, filepath.Join(dir, HTMLFile)))
	section := page[strings.Index(page, "Failures and errors"):strings.Index(page, "<h2>All specs</h2>")]
	for _, want := range []string{
		"<h4>request 1 of 2</h4>\n<pre>\nGET /catalog/titles?term=&lt;b&gt;&amp;amp; HTTP/1.1\nHost: api.netflix.com\nAuthorization: OAuth oauth_signature=&#34;[redacted]&#34;</pre>",
		"<h4>answer 1 of 2</h4>\n<pre>\nHTTP/1.1 200 OK\nContent-Type: application/xml\n\n&lt;catalog_titles&gt;&lt;script&gt;x&lt;/script&gt;&lt;/catalog_titles&gt;</pre>",
		"<h4>request 2 of 2</h4>",
		"<h4>no answer to request 2</h4>",
		"Expected status 400\ngot 200</pre>",
	} {
		if !strings.Contains(section, want) {
			t.Errorf("the failures section lacks %q:\n%s", want, section)
		}
	}
	if strings.Contains(page, "<catalog_titles>") {
		t.Error("an answer's markup reached the page unescaped")
	}
}

// A report of ~1,500 specs stays small: the table of every spec costs little more than the
// spec names themselves.
func TestHTMLSizeForALargeSuite(t *testing.T) {
	r := &Results{Suite: Suite{Name: "flixconf", Version: "0.1.0"}, Target: Target{Kind: "bundled-mock", URL: "http://127.0.0.1:1"}}
	names := 0
	for i := range 1500 {
		v := []string{"1.0", "1.5", "2.0"}[i%3]
		s := Spec{
			ID:      fmt.Sprintf("API %s GET /catalog/titles/movies/{id} when asked for title %d in json answers the recorded facts in a body that conforms to the description", v, i),
			Labels:  []string{"version:" + v, "area:catalog", "op:getCatalogTitlesMoviesById"},
			Version: v, Day: fmt.Sprintf("2012-%02d-01", i%12+1), Outcome: Pass, Duration: 0.012,
		}
		if i%100 == 0 {
			s.Outcome, s.Reason = Disabled, "version "+v+" is not selected (--versions)"
		}
		names += len(s.ID)
		r.Specs = append(r.Specs, s)
	}
	r.Finish()
	var b bytes.Buffer
	if err := encodeHTML(&b, r); err != nil {
		t.Fatal(err)
	}
	perSpec := (b.Len() - names) / len(r.Specs)
	t.Logf("%d bytes, %d a spec besides its name", b.Len(), perSpec)
	if perSpec > 100 {
		t.Errorf("report.html of 1,500 specs is %d bytes: %d bytes a spec besides its name, want at most 100", b.Len(), perSpec)
	}
}

// A failing spec's exchanges go to its testcase's system-out; a passing one has none.
func TestJUnitExchanges(t *testing.T) {
	dir, _ := writeSample(t)
	raw := readFile(t, filepath.Join(dir, JUnitFile))
	var doc struct {
		Suites []struct {
			Cases []struct {
				Name      string  `xml:"name,attr"`
				SystemOut *string `xml:"system-out"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string]*string{}
	for _, c := range doc.Suites[0].Cases {
		out[c.Name] = c.SystemOut
	}
	got := out["catalog titles rejects bad ids"]
	if got == nil {
		t.Fatalf("the failing testcase has no system-out:\n%s", raw)
	}
	want := "--- request 1 of 2 ---\n" + sampleRequest + "\n--- answer 1 of 2 ---\n" + sampleResponse + "\n\n" +
		"--- request 2 of 2 ---\nGET /catalog/titles/movies/1 HTTP/1.1\nHost: api.netflix.com\n--- no answer ---\n"
	if *got != want {
		t.Errorf("system-out = %q, want %q", *got, want)
	}
	if out["catalog titles lists titles"] != nil {
		t.Error("a passing testcase has a system-out")
	}
	// The newlines are written as they are, so the file reads as the exchange did.
	if !strings.Contains(string(raw), "Host: api.netflix.com\n") {
		t.Error("system-out escapes its newlines")
	}
	for _, p := range []string{`<property name="profiles" value="catalog,users">`, `<property name="coverage.1.5" value="1/4">`, `<property name="config.versions" value="1.5,2.0">`} {
		if !strings.Contains(string(raw), p) {
			t.Errorf("junit.xml lacks %s", p)
		}
	}
}

// Spec names appear in the page as junit.xml spells them: "+" of a media type stays "+", and
// markup is escaped.
func TestHTMLSpecNamesReadAsWritten(t *testing.T) {
	id := `API 1.0 contract GET /users/{user_id}/at_home MUST answer a 2xx in application/atom+xml & "quotes" <b>`
	r := &Results{Target: Target{Kind: "bundled-mock"}, Specs: []Spec{{ID: id, Version: "1.0", Outcome: Fail, Reason: "a+b"}}}
	r.Finish()
	var b bytes.Buffer
	if err := encodeHTML(&b, r); err != nil {
		t.Fatal(err)
	}
	var x strings.Builder
	xml.EscapeText(&x, []byte(id))
	if n := strings.Count(b.String(), x.String()); n != 2 {
		t.Errorf("report.html names the spec %q as written %d times, want 2 (failures, table):\n%s", x.String(), n, b.String())
	}
	if strings.Contains(b.String(), "&#43;") {
		t.Error("report.html escapes +")
	}
}
