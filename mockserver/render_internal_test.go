package mockserver

import (
	"bytes"
	"encoding/json"
	"testing"
)

// writeScalar's fast path writes every string as the encoder it skips would.
func TestWriteScalarMatchesTheEncoder(t *testing.T) {
	for _, s := range []string{"", "Jaws", "Music & Musicals", "http://api.netflix.com/catalog/titles/movies/60001220",
		`say "hi"`, `back\slash`, "tab\there", "new\nline", "\x7f", "Amélie", "\u2028", "\xff\xfe", "<b>"} {
		var got, want bytes.Buffer
		writeScalar(&got, s, false)
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.Encode(s)
		want.Truncate(want.Len() - 1)
		if got.String() != want.String() {
			t.Errorf("writeScalar(%q) = %s, the encoder writes %s", s, got.String(), want.String())
		}
	}
}
