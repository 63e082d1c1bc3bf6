// Package list_test keeps the checked-in conformance list (suites/conformance.yaml) equal to
// the suite's tree. It lives apart from the suite's own package because it previews the
// suite, which a process that runs the suite cannot do afterwards.
package list_test

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/flixconf/flixconf/suites/conformance"
)

var update = flag.Bool("update", false, "rewrite the conformance list from the suite's tree")

const listFile = "../../conformance.yaml"

func TestConformanceListIsCurrent(t *testing.T) {
	var b bytes.Buffer
	if err := conformance.WriteConformanceList(&b, conformance.ConformanceList()); err != nil {
		t.Fatal(err)
	}
	var parsed []map[string]any
	if err := yaml.Unmarshal(b.Bytes(), &parsed); err != nil {
		t.Fatalf("the generated list is not YAML: %v", err)
	}
	if len(parsed) == 0 {
		t.Fatal("the generated list is empty")
	}
	if *update {
		if err := os.WriteFile(listFile, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	have, err := os.ReadFile(listFile)
	if err != nil {
		t.Fatalf("%v (make conformance-list writes it)", err)
	}
	if !bytes.Equal(have, b.Bytes()) {
		t.Fatalf("suites/conformance.yaml is not current: run make conformance-list and review the change")
	}
}
