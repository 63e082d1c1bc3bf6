package spec

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite spec/openapi/*.yaml from spec/src (make generate)")

// The checked-in documents are the template's rendering; `make generate` rewrites them.
func TestGeneratedDocumentsAreCurrent(t *testing.T) {
	for _, v := range RESTVersions {
		want, err := Render(v)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("openapi", v+".yaml")
		if *update {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from its rendering of spec/src/rest.yaml.tmpl: run make generate", path)
		}
	}
}
