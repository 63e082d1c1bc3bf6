package scenarios

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"slices"
	"testing"

	"github.com/flixconf/flixconf/spec"
)

// FuzzParse feeds arbitrary bytes to the scenario parser. It must return an error rather than
// panic; a file it accepts keeps the rules Parse promises (unique probe ids, described
// versions, a fact for every 2xx), and its JSON form, which is YAML too, parses back to the
// same file.
func FuzzParse(f *testing.F) {
	names, err := fs.Glob(files, "*.yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range names[:min(3, len(names))] {
		b, err := files.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, seed := range []string{
		"", "null", "event: e\nprobes: []\n",
		"event: e\nprobes:\n  - &p {id: p, side: before, day: 2011-06-14, source: {post: P, claim: C}, " +
			"request: {version: \"1.0\", credential: signed, method: GET, path: /x}, expect: {status: 404}}\n",
		"event: e\nprobes: [{id: p, day: 2011-06-14T10:00:00Z}]\n",
		"a: &a [*a, *a]\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		file, err := Parse("fuzz.yaml", b)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, p := range file.Probes {
			switch {
			case seen[p.ID]:
				t.Fatalf("probe %q accepted twice", p.ID)
			case !slices.Contains(spec.Names(), p.Request.Version):
				t.Fatalf("probe %q: version %q accepted", p.ID, p.Request.Version)
			case p.Expect.Status >= 200 && p.Expect.Status < 300 && len(p.Expect.Facts) == 0:
				t.Fatalf("probe %q: status %d accepted without a fact", p.ID, p.Expect.Status)
			}
			seen[p.ID] = true
		}
		j, err := json.Marshal(file)
		if err != nil {
			t.Fatalf("an accepted file does not marshal: %v", err)
		}
		again, err := Parse("fuzz.yaml", j)
		if err != nil {
			t.Fatalf("the JSON form of an accepted file does not parse: %v\n%s", err, j)
		}
		j2, err := json.Marshal(again)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(j, j2) {
			t.Fatalf("the file read back from its JSON differs:\n%s\n%s", j, j2)
		}
	})
}
