package timeline

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzParse feeds arbitrary bytes to the timeline loader's parser. It must return an error
// rather than panic, and a timeline it accepts must be one its JSON form describes: that form
// passes the schema and reads back to the same timeline (as TestJSONRoundTrip checks for the
// real file).
//
// The real file is not a seed: checking it takes most of a second, which would leave the
// fuzzer a handful of executions; TestJSONRoundTrip covers it.
func FuzzParse(f *testing.F) {
	f.Add([]byte(base))
	for _, seed := range []string{
		"", "---", "null", "events: []", "events: [{}]", "[1, 2]", "events: &a [*a]",
		"events:\n  - &e {id: a}\n  - *e\n",
		"events: [{id: a, effective: {exact: 2012-02-30, confidence: high}}]",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		tl, err := parse(src)
		if err != nil {
			return
		}
		b, err := json.Marshal(tl)
		if err != nil {
			t.Fatalf("an accepted timeline does not marshal: %v", err)
		}
		if err := ValidateJSON(b); err != nil {
			t.Fatalf("the JSON form of an accepted timeline breaks the schema:\n%v\n%s", err, b)
		}
		again, err := parse(b)
		if err != nil {
			t.Fatalf("the JSON form of an accepted timeline does not parse: %v\n%s", err, b)
		}
		b2, err := json.Marshal(again)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, b2) {
			t.Fatalf("the timeline read back from its JSON differs:\n%s\n%s", b, b2)
		}
	})
}
