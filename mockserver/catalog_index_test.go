package mockserver_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/flixconf/flixconf/fixtures"
	"github.com/flixconf/flixconf/internal/oauth1"
	"github.com/flixconf/flixconf/mockserver"
	"github.com/flixconf/flixconf/spec"
)

// catIndexSize is the synthetic catalog of the index tests: the size the issue names.
const catIndexSize = 20000

// catIndexExpect counts, from the fixtures themselves, the titles each index file holds on
// day d: every title in the full index, the streaming ones in the 1.0 index and the streaming
// file.
func catIndexExpect(t *testing.T, d spec.Day) map[string]int {
	t.Helper()
	cat, err := fixtures.LoadWithSynthetic(catIndexSize)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{"full": len(cat.Titles)}
	for _, title := range cat.Titles {
		if slices.ContainsFunc(title.Formats, func(f fixtures.Availability) bool { return f.Format == "instant" && f.AvailableOn(d) }) {
			counts["index"]++
			counts["streaming"]++
		}
	}
	return counts
}

// catItems counts the items of a list document and checks that it is well formed to its end:
// the XML items called item directly under the root, or the JSON array (or single object)
// under the root's only key.
func catItems(t *testing.T, body []byte, isJSON bool, item string) int {
	t.Helper()
	if isJSON {
		var doc map[string]map[string]json.RawMessage
		if err := json.Unmarshal(body, &doc); err != nil {
			t.Fatalf("the JSON is not complete: %v", err)
		}
		for _, root := range doc {
			var list []json.RawMessage
			if err := json.Unmarshal(root[item], &list); err != nil {
				return 1
			}
			return len(list)
		}
	}
	d := xml.NewDecoder(bytes.NewReader(body))
	n, depth := 0, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return n
		}
		if err != nil {
			t.Fatalf("the XML is not complete: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 2 && tok.Name.Local == item {
				n++
			}
		case xml.EndElement:
			depth--
		}
	}
}

// With a catalog of 20,000 synthetic titles, the index files are complete: each holds every
// title it should, to the document's end, in XML and JSON. The 1.0 index is also validated
// whole. The full and streaming files (90 MB and 30 MB here; the DVD file shares their code)
// are validated whole on a smaller catalog (TestEveryCatalogOperationConforms): the validator
// takes a minute over these.
func TestIndexFilesAreComplete(t *testing.T) {
	// A day on which the old index files and the new ones both answer (the timeline).
	day := spec.MustDay("2012-09-01")
	m := newMock(t, mockserver.WithCatalogSize(catIndexSize), mockserver.WithDate(day))
	want := catIndexExpect(t, day)
	a := catOK(t, m, "/catalog/titles/index")
	if n := catItems(t, a.body, false, "title_index_item"); n != want["index"] {
		t.Errorf("the 1.0 index holds %d titles, want %d", n, want["index"])
	}
	for _, c := range []struct{ file, query string }{{"full", "?v=2.0&output=json"}, {"streaming", "?v=1.5"}} {
		target := "/catalog/titles/" + c.file + c.query
		resp := do(t, m, request{method: http.MethodGet, target: target, auth: signed})
		b := body(t, resp)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d %.300s", target, resp.StatusCode, b)
		}
		if n := catItems(t, b, strings.Contains(c.query, "json"), "catalog_title"); n != want[c.file] {
			t.Errorf("GET %s: %d titles, want %d", target, n, want[c.file])
		}
	}
}

// The streamed files are gzipped on request, like every other answer.
func TestIndexFilesGzip(t *testing.T) {
	m := newMock(t, mockserver.WithCatalogSize(50))
	resp := do(t, m, request{method: http.MethodGet, target: "/catalog/titles/streaming?v=2.0", auth: signed,
		header: http.Header{"Accept-Encoding": {"gzip"}}})
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding %q", resp.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	catConforms(t, catAnswer{target: "/catalog/titles/streaming?v=2.0", status: resp.StatusCode,
		header: http.Header{"Content-Type": resp.Header.Values("Content-Type")}, body: b})
	if !bytes.HasSuffix(b, []byte("</catalog_titles>\n")) {
		t.Errorf("the gzipped file ends %q", b[max(0, len(b)-40):])
	}
}

// catDiscard is a ResponseWriter that keeps nothing but the number of bytes written.
type catDiscard struct {
	header http.Header
	n      int64
}

func (d *catDiscard) Header() http.Header         { return d.header }
func (d *catDiscard) WriteHeader(int)             {}
func (d *catDiscard) Write(p []byte) (int, error) { d.n += int64(len(p)); return len(p), nil }

// BenchmarkIndexStreaming streams each index file of a 20,000-title catalog to a writer that
// keeps nothing, and reports the rate (MB/s) and the allocations per file.
func BenchmarkIndexStreaming(b *testing.B) {
	m, err := mockserver.New(mockserver.WithCatalogSize(catIndexSize), mockserver.WithDate(spec.MustDay("2012-06-01")))
	if err != nil {
		b.Fatal(err)
	}
	for _, target := range []string{"/catalog/titles/index", "/catalog/titles/full?v=2.0", "/catalog/titles/full?v=2.0&output=json",
		"/catalog/titles/streaming?v=2.0", "/catalog/titles/dvd?v=2.0"} {
		b.Run(strings.TrimPrefix(target, "/catalog/titles/"), func(b *testing.B) {
			stream := func() int64 {
				req := httptest.NewRequest(http.MethodGet, target, nil)
				if err := (&oauth1.Signer{Consumer: demoKey}).Sign(req); err != nil {
					b.Fatal(err)
				}
				w := &catDiscard{header: http.Header{}}
				m.ServeHTTP(w, req)
				return w.n
			}
			b.SetBytes(stream())
			b.ReportAllocs()
			for b.Loop() {
				stream()
			}
		})
	}
}
