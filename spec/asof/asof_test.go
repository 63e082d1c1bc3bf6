package asof

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/flixconf/flixconf/spec"
)

// The as-of descriptions of three days load and validate in kin-openapi, and differ from
// their base documents exactly as the hand-kept lists beside this test say.
func TestAsOfDocuments(t *testing.T) {
	for _, c := range []struct{ version, day string }{{"1.0", "2009-06-01"}, {"1.5", "2012-09-15"}, {"2.0", "2014-11-14"}} {
		doc, err := Document(c.version, spec.MustDay(c.day))
		if err != nil {
			t.Fatal(err)
		}
		// Through its serialised form, as flixconf spec --as-of prints it.
		b, err := Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		loaded, err := openapi3.NewLoader().LoadFromData(b)
		if err != nil {
			t.Fatalf("%s on %s: the document does not load: %v", c.version, c.day, err)
		}
		if err := loaded.Validate(context.Background()); err != nil {
			t.Fatalf("%s on %s: the document is invalid: %v", c.version, c.day, err)
		}
		base, err := spec.Load(c.version)
		if err != nil {
			t.Fatal(err)
		}
		want := expected(t, filepath.Join("testdata", c.version+"-"+c.day+".txt"))
		if got := Diff(base, loaded); !slices.Equal(got, want) {
			t.Errorf("%s on %s differs from its base by:\n  %s\nwant:\n  %s", c.version, c.day, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
		}
	}
}

func expected(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}
