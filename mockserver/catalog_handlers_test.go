package mockserver

import (
	"bytes"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/flixconf/flixconf/spec"
)

// isCatalogPath reports whether a path of a description is the catalog's: titles, people
// and categories.
func isCatalogPath(path string) bool {
	return strings.HasPrefix(path, "/catalog/") || strings.HasPrefix(path, "/categories/")
}

// Every catalog operation of every version has a handler, and every catalog handler answers
// an operation that some version describes.
func TestCatalogHandlersCoverTheDescriptions(t *testing.T) {
	described := map[string]bool{}
	for _, v := range spec.Versions() {
		ops, err := spec.Operations(v)
		if err != nil {
			t.Fatal(err)
		}
		for _, op := range ops {
			if !isCatalogPath(op.Path) {
				continue
			}
			described[op.ID] = true
			if catalogHandlers[op.ID] == nil {
				t.Errorf("API %s: no handler for %s (%s %s)", v, op.ID, op.Method, op.Path)
			}
		}
	}
	for id := range catalogHandlers {
		if !described[id] {
			t.Errorf("handler %s answers no described operation", id)
		}
	}
}

// The expansion names of each version are those its description's expand parameter allows.
func TestExpansionNamesFollowTheDescriptions(t *testing.T) {
	group := regexp.MustCompile(`^\^\(([^()]*)\)`)
	for _, v := range spec.Versions() {
		doc, err := spec.Load(v)
		if err != nil {
			t.Fatal(err)
		}
		m := group.FindStringSubmatch(doc.Components.Parameters["expand"].Value.Schema.Value.Pattern)
		if m == nil {
			t.Fatalf("API %s: the expand pattern has no list of names", v)
		}
		if want, got := strings.Split(m[1], "|"), namesOfVersion(v); !slices.Equal(want, got) {
			t.Errorf("API %s: expansion names %v, the description allows %v", v, got, want)
		}
	}
}

// A streamed list is byte for byte what writeXML and writeJSON write for the whole tree, for
// no item, one item and several.
func TestStreamListMatchesTheWholeDocument(t *testing.T) {
	s, err := New(WithCatalogSize(0))
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{"60001220", "70113539", "70142415", "70040478"}
	for _, n := range []int{0, 1, len(ids)} {
		for _, json := range []bool{false, true} {
			c := &call{s: s, w: httptest.NewRecorder(), r: httptest.NewRequest("GET", "/catalog/titles/full", nil),
				day: spec.MustDay("2010-06-01"), host: hostOld, v: "2.0", json: json}
			items := func(yield func(*node) bool) {
				for _, id := range ids[:n] {
					title, _ := s.catalog.Title(id)
					if !yield(c.fullTitle(title)) {
						return
					}
				}
			}
			c.streamList("catalog_titles", items)
			whole := el("catalog_titles")
			for item := range items {
				whole.add(item)
			}
			c.emptyObjects(whole)
			want := writeXML(whole)
			if json {
				want = writeJSON(whole)
			}
			if got := c.w.(*httptest.ResponseRecorder).Body.Bytes(); !bytes.Equal(got, want) {
				t.Errorf("%d items, json %v: streamed\n%s\nwhole\n%s", n, json, got, want)
			}
		}
	}
}
