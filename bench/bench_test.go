package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
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
		Startup: []StartupCell{{Catalog: "--catalog-size 100000", Seconds: 0.5, RSSMB: 400}},
		Index: []IndexCell{
			{Titles: indexSmall, RSSBeforeMB: 50, PeakMB: 60},   // adds 10 MiB
			{Titles: indexLarge, RSSBeforeMB: 170, PeakMB: 181}, // adds 11 MiB: 1.1x, met
		},
		Suite: []SuiteCell{{What: suiteValidate, Value: 20, Unit: "µs"}, {What: suiteFullRun, NotMeasured: "no binary"}},
	}
	r.judge()
	want := map[string]string{
		"mock / Prism, req/s, signed XML title, 32 conns":           met,
		"mock / WireMock, req/s, signed XML title, 32 conns":        missed,
		"mock / bare Go server, req/s, signed XML title, 32 conns":  "missed (3 errors in the cells compared)",
		"mock p99 / bare Go server p99, signed XML title, 32 conns": "missed (3 errors in the cells compared)",
		"start-up, --catalog-size 100000":                           met,
		"resident after start-up, --catalog-size 100000":            missed,
		"streaming the index of 100,000 titles":                     missed,
		"hard gate: memory streaming adds, 100,000 titles / 10,000": met,
		"validating one catalog_title answer, median":               met,
		"the full default run":                                      notMeasured,
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

// TestJudgeFloor applies the memory gate's floor: a 10,000-title stream that adds next to
// nothing is compared as 4 MiB, as the gate's test does.
func TestJudgeFloor(t *testing.T) {
	r := Results{Index: []IndexCell{
		{Titles: indexSmall, RSSBeforeMB: 50, PeakMB: 50.1},
		{Titles: indexLarge, RSSBeforeMB: 170, PeakMB: 175},
	}}
	r.judge()
	for _, g := range r.Goals {
		if strings.HasPrefix(g.Goal, "hard gate") && (g.Verdict != missed || !strings.HasPrefix(g.Measured, "1.25x")) {
			t.Errorf("5 MiB added against the 4 MiB floor: %s, %s; want 1.25x, missed", g.Measured, g.Verdict)
		}
	}
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
