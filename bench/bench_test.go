package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/flixconf/flixconf/internal/procmem"
)

// TestJudge checks each verdict: a goal met, one missed, one whose cells had errors (missed
// whatever the figure), and one whose figure was not measured.
func TestJudge(t *testing.T) {
	r := Results{
		Load: []LoadCell{
			{Server: serverMock, Workload: workloadXML, Connections: 32, Requests: 1000, Rate: 5000, P99ms: 30},
			{Server: serverPrism, Workload: workloadXML, Connections: 32, Requests: 100, Rate: 400},     // 12.5x: met
			{Server: serverWireMock, Workload: workloadXML, Connections: 32, Requests: 100, Rate: 4000}, // 1.25x: missed
			{Server: serverBare, Workload: workloadXML, Connections: 32, Requests: 100, Rate: 6000, P99ms: 10, Errors: 3},
		},
		Startup: []StartupCell{
			{Catalog: "default catalog", Seconds: 0.2, RSSBytes: 286 << 20},       // 299.9 MB: met
			{Catalog: "--catalog-size 100000", Seconds: 0.5, RSSBytes: 287 << 20}, // 300.9 MB: missed
		},
		Index: []IndexCell{
			{Titles: indexSmall, RSSBeforeBytes: 50 << 20, PeakBytes: 60 << 20},   // adds 10 MiB
			{Titles: indexLarge, RSSBeforeBytes: 170 << 20, PeakBytes: 181 << 20}, // adds 11 MiB: 1.1x, met
		},
		Suite: []SuiteCell{{What: suiteValidate, Value: 20, Unit: "µs"}, {What: suiteFullRun, NotMeasured: "no binary"}},
	}
	r.judge()
	want := map[string]string{
		"mock / Prism, req/s, signed XML title, 32 conns":           met,
		"mock / WireMock, req/s, signed XML title, 32 conns":        missed,
		"mock / bare Go server, req/s, signed XML title, 32 conns":  "missed (3 errors in the cells compared)",
		"mock p99 / bare Go server p99, signed XML title, 32 conns": "missed (3 errors in the cells compared)",
		"start-up, default catalog":                                 met,
		"resident after start-up, default catalog":                  met,
		"start-up, --catalog-size 100000":                           met,
		"resident after start-up, --catalog-size 100000":            missed,
		"streaming the index of 100,000 titles":                     missed,
		"hard gate: memory streaming adds, 100,000 titles / 10,000": met,
		"validating one catalog_title answer, median":               met,
		"the full default run, with no failure":                     notMeasured,
	}
	if len(r.Goals) != len(want) {
		t.Errorf("%d goals judged, want %d: %+v", len(r.Goals), len(want), r.Goals)
	}
	for _, g := range r.Goals {
		if w, ok := want[g.Goal]; !ok || g.Verdict != w {
			t.Errorf("goal %q: verdict %q, want %q (measured %s)", g.Goal, g.Verdict, w, g.Measured)
		}
	}
	if g := r.Goals[0]; g.Measured != "12.50x" {
		t.Errorf("mock / Prism measured %q, want 12.50x", g.Measured)
	}
}

// TestJudgeFloor checks that the memory gate is judged by procmem's rule, the one its test
// applies: what the larger index adds is met at procmem.Bound and missed one byte over, with
// the smaller figure taken as at least procmem.Floor.
func TestJudgeFloor(t *testing.T) {
	for _, smallAdded := range []int64{100 << 10, procmem.Floor, 10 << 20} {
		bound := procmem.Bound(smallAdded)
		for _, c := range []struct {
			added int64
			want  string
		}{{bound, met}, {bound + 1, missed}} {
			r := Results{Index: []IndexCell{
				{Titles: indexSmall, RSSBeforeBytes: 50 << 20, PeakBytes: 50<<20 + smallAdded},
				{Titles: indexLarge, RSSBeforeBytes: 170 << 20, PeakBytes: 170<<20 + c.added},
			}}
			r.judge()
			if g := goal(t, r, "hard gate"); g.Verdict != c.want {
				t.Errorf("10,000 titles add %d bytes, 100,000 add %d (bound %d): %s, %s; want %s",
					smallAdded, c.added, bound, g.Measured, g.Verdict, c.want)
			}
		}
	}
}

// TestJudgeFullRun checks that a full run meets its goal only when it passed: a fast run
// with a non-zero exit, a failed spec or nothing passed is missed, with the reason.
func TestJudgeFullRun(t *testing.T) {
	for _, c := range []struct {
		exit           int
		passed, failed string
		want           string
	}{
		{0, "1101", "0", met},
		{1, "1099", "2", "missed (exit status 1, 2 failed)"},
		{0, "0", "0", "missed (none passed)"},
		{2, "1101", "0", "missed (exit status 2)"},
	} {
		r := Results{Suite: []SuiteCell{{What: suiteFullRun, Value: 20, Unit: "s", Failed: runFailure(c.exit, c.passed, c.failed)}}}
		r.judge()
		if g := goal(t, r, "the full default run"); g.Verdict != c.want {
			t.Errorf("exit %d, %s passed, %s failed, in 20 s: %q, want %q", c.exit, c.passed, c.failed, g.Verdict, c.want)
		}
	}
}

// goal returns the judged goal whose name starts with prefix.
func goal(t *testing.T, r Results, prefix string) Goal {
	t.Helper()
	for _, g := range r.Goals {
		if strings.HasPrefix(g.Goal, prefix) {
			return g
		}
	}
	t.Fatalf("no goal %q in %+v", prefix, r.Goals)
	return Goal{}
}

// TestRenderNotMeasured prints a row that could not be measured with its reason, and the
// measured ones aligned.
func TestRenderNotMeasured(t *testing.T) {
	r := Results{Load: []LoadCell{
		{Server: serverMock, Workload: workloadXML, Connections: 1, Requests: 12345, Rate: 2468.4, P50ms: 0.4, P99ms: 12.34},
		{Server: serverWireMock, Workload: workloadXML, Connections: 1, NotMeasured: "java is not on PATH"},
	}}
	r.judge()
	var out bytes.Buffer
	r.render(&out)
	text := out.String()
	for _, want := range []string{"not measured: java is not on PATH", "2,468", "12,345", "0.40 ms", "12.3 ms",
		"mock / WireMock, req/s, signed XML title, 32 conns"} {
		if !strings.Contains(text, want) {
			t.Errorf("the table lacks %q:\n%s", want, text)
		}
	}
}

// TestItemCounter counts the elements of a stream however its writes cut it.
func TestItemCounter(t *testing.T) {
	stream := []byte(strings.Repeat("<title_index_item><id>1</id></title_index_item>\n", 7))
	for size := 1; size <= len(stream); size++ {
		c := &itemCounter{}
		for rest := stream; len(rest) > 0; {
			n := min(size, len(rest))
			c.Write(rest[:n])
			rest = rest[n:]
		}
		if c.items != 7 {
			t.Fatalf("writes of %d bytes: %d items counted, want 7", size, c.items)
		}
	}
}

// TestPrismDescription checks the description Prism is given: a valid OpenAPI document with
// the title's operation alone, answering the mock's bytes as its XML example, with and
// without the answer's schema.
func TestPrismDescription(t *testing.T) {
	body := []byte(`<?xml version="1.0" standalone="yes"?>` + "\n<catalog_title>\n  <id>x</id>\n</catalog_title>")
	for _, withSchema := range []bool{true, false} {
		path, err := prismDescription(t.TempDir(), body, withSchema)
		if err != nil {
			t.Fatal(err)
		}
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := openapi3.NewLoader().LoadFromData(src)
		if err != nil {
			t.Fatal(err)
		}
		// An XML example is the document's text, a string, where the schema describes the
		// JSON the XML is read as: kin-openapi's example check does not apply.
		if err := doc.Validate(context.Background(), openapi3.DisableExamplesValidation()); err != nil {
			t.Fatalf("withSchema %v: the description does not validate: %v", withSchema, err)
		}
		if doc.Paths.Len() != 1 {
			t.Fatalf("withSchema %v: %d paths, want the title's alone", withSchema, doc.Paths.Len())
		}
		op := doc.Paths.Value("/catalog/titles/movies/{id}").Get
		xml := op.Responses.Value("200").Value.Content.Get("application/xml")
		if xml.Example != string(body) {
			t.Errorf("withSchema %v: the example is %q, want the mock's bytes", withSchema, xml.Example)
		}
		if (xml.Schema != nil) != withSchema {
			t.Errorf("withSchema %v: schema %v", withSchema, xml.Schema)
		}
	}
}
