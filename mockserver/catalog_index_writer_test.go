package mockserver

import (
	"bytes"
	"strings"
	"testing"

	"github.com/flixconf/flixconf/spec"
)

// The 1.0 index's direct writer (writeIndexItem) writes, for every title on days across the
// API's life and on both hosts, exactly the bytes writeElement writes for indexItem's tree:
// the tree stays the reference (and the path the faults take), the writer only its fast form.
func TestIndexItemWriterMatchesTheTree(t *testing.T) {
	s, err := New(WithCatalogSize(2000))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	features := []string{"&amp;", "<updated>", "available_until=", "<delivery_formats></delivery_formats>", "person.actor", "person.director", "/categories/genres", `status="deprecated"`}
	for _, day := range []string{"2008-10-01", "2009-06-15", "2010-11-22", "2011-09-01", "2012-06-01", "2012-12-31", "2013-06-01", "2014-11-13"} {
		for _, host := range []string{hostOld, hostPublic} {
			c := &call{s: s, day: spec.MustDay(day), host: host, v: "1.0"}
			for i := range s.catalog.Titles {
				title := &s.catalog.Titles[i]
				var want, got bytes.Buffer
				writeElement(&want, c.indexItem(title), 1)
				c.writeIndexItem(&got, title, c.indexSchemes())
				if !bytes.Equal(got.Bytes(), want.Bytes()) {
					t.Fatalf("title %s on %s at %s:\nwriter:\n%s\ntree:\n%s", title.ID, day, host, got.Bytes(), want.Bytes())
				}
				for _, f := range features {
					if strings.Contains(want.String(), f) {
						seen[f]++
					}
				}
			}
		}
	}
	// The comparison covers every shape an item can take, or it proves less than it says.
	for _, f := range features {
		if seen[f] == 0 {
			t.Errorf("no item had %q: the comparison does not cover it", f)
		}
	}
}
