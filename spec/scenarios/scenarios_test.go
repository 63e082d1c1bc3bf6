package scenarios

import (
	"strings"
	"testing"
)

func TestLoad(t *testing.T) {
	files, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	probes := 0
	for _, f := range files {
		probes += len(f.Probes)
	}
	if len(files) == 0 || probes == 0 {
		t.Fatalf("%d files, %d probes", len(files), probes)
	}
}

func TestParseRejects(t *testing.T) {
	const probe = `
  - id: p
    side: before
    day: 2011-06-14
    source: { post: P, claim: C }
    request: { version: "1.0", credential: signed, method: GET, path: /x }
    expect: { status: %s }
`
	ok := "event: e\nprobes:" + strings.Replace(probe, "%s", "404", 1)
	if _, err := Parse("ok.yaml", []byte(ok)); err != nil {
		t.Fatalf("a valid file: %v", err)
	}
	for name, doc := range map[string]string{
		"2xx without a fact": "event: e\nprobes:" + strings.Replace(probe, "%s", "200", 1),
		"duplicate probe":    ok + strings.TrimPrefix(strings.Replace(probe, "%s", "404", 1), "\n"),
		"unknown field":      ok + "colour: red\n",
		"bad day":            strings.Replace(ok, "2011-06-14", "2011-13-14", 1),
		"bad credential":     strings.Replace(ok, "signed", "magic", 1),
		"equals no value":    "event: e\nprobes:" + strings.Replace(probe, "%s", "200, facts: [{pointer: /x, is: equals}]", 1),
	} {
		if _, err := Parse(name+".yaml", []byte(doc)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
