package mockserver

import (
	"bytes"
	"iter"
	"net/http"
	"slices"
	"strconv"

	"github.com/flixconf/flixconf/fixtures"
	"github.com/flixconf/flixconf/spec"
)

// The index files hold the whole catalog, so they are streamed: each title is built, written
// and dropped before the next, and the answer never exists whole in memory.

// titleIndex answers GET /catalog/titles/index, the 1.0 index: <catalog_title_index> with a
// title_index_item per title streaming on the call's day. Its description has only the XML
// form (and no output parameter), so it is XML whatever the request asks.
func titleIndex(c *call) {
	c.json = false
	if len(c.s.faults) > 0 {
		// Faults rewrite the tree of each item; the direct writer has none to rewrite.
		c.streamList("catalog_title_index", c.titlesWhere(streamable, c.indexItem))
		return
	}
	c.streamTitleIndex()
}

// streamTitleIndex streams the 1.0 index without building a tree per title: writeIndexItem
// writes the bytes writeElement would write for indexItem's tree (a test holds them equal on
// every title and many days), at several times the speed and with few allocations, since the
// index of a large catalog is many MB.
func (c *call) streamTitleIndex() {
	w, done := c.stream(http.StatusOK, "application/xml; charset=utf-8")
	defer done()
	var b bytes.Buffer
	b.WriteString(xmlDeclaration + "<catalog_title_index>")
	count := 0
	sc := c.indexSchemes()
	titles := c.s.catalog.Titles
	for i := range titles {
		t := &titles[i]
		if !streamable(c, t) {
			continue
		}
		if count == 0 {
			b.WriteByte('\n')
		}
		count++
		c.writeIndexItem(&b, t, sc)
		if b.Len() >= streamFlush {
			if _, err := w.Write(b.Bytes()); err != nil {
				return
			}
			b.Reset()
		}
	}
	b.WriteString("</catalog_title_index>\n")
	w.Write(b.Bytes())
}

// indexSchemes are the URLs an index item's links and categories start with, on the call's
// host, made once per answer.
type indexSchemes struct {
	host, genres, formats, titleFormats string
}

func (c *call) indexSchemes() indexSchemes {
	h := "http://" + c.host
	return indexSchemes{host: h, genres: h + "/categories/genres", formats: h + "/catalog/titles/formats", titleFormats: h + "/categories/title_formats"}
}

// writeIndexItem writes indexItem(t) at depth 1, as writeElement would. It writes URLs in
// parts and numbers with strconv.Append, so that a title costs no allocation: the garbage of
// a stream, and the memory it takes, do not grow with the catalog.
func (c *call) writeIndexItem(b *bytes.Buffer, t *fixtures.Title, sc indexSchemes) {
	b.WriteString("  <title_index_item>\n    <id>")
	writeTitleURL(b, sc.host, t)
	b.WriteString("</id>\n")
	writeLeaf(b, 2, "title", t.Title.Regular)
	writeNumberLeaf(b, "release_year", int64(t.ReleaseYear))
	if u, ok := lastChanged(t, c.day); ok {
		writeNumberLeaf(b, "updated", u.Time().Unix())
	}
	writeEmpty(b, 2, "link", attr{"href", t.WebPage}, attr{"rel", "alternate"}, attr{"title", "web page"})
	for _, role := range [...]struct {
		rel string
		ids []string
	}{{"http://schemas.netflix.com/catalog/person.actor", t.Cast}, {"http://schemas.netflix.com/catalog/person.director", t.Directors}} {
		for _, id := range role.ids {
			if p, ok := c.s.catalog.Person(id); ok {
				b.WriteString(`    <link href="`)
				writeEscaped(b, sc.host, attrEscaper)
				b.WriteString("/catalog/people/")
				writeEscaped(b, p.ID, attrEscaper)
				b.WriteByte('"')
				writeAttrs(b, attr{"rel", role.rel}, attr{"title", p.Name})
				b.WriteString("></link>\n")
			}
		}
	}
	for _, cat := range t.Categories {
		if cat.Scheme == "genres" && cat.Contains(c.day) {
			writeEmpty(b, 2, "category", attr{"scheme", sc.genres}, attr{"label", cat.Label}, attr{"term", cat.TermOrLabel()})
		}
	}
	formats := 0
	for _, f := range t.Formats {
		if !f.AvailableOn(c.day) {
			continue
		}
		if formats == 0 {
			b.WriteString("    <delivery_formats>\n")
		}
		formats++
		b.WriteString(`      <availability available_from="`)
		b.Write(strconv.AppendInt(b.AvailableBuffer(), f.AvailableFrom.Time().Unix(), 10))
		b.WriteByte('"')
		if until := c.availableUntil(f); until != "" {
			writeAttrs(b, attr{"available_until", until})
		}
		b.WriteString(">\n")
		writeEmpty(b, 4, "category", attr{"scheme", sc.formats}, attr{"label", f.Format}, attr{"term", f.Format}, attr{"status", "deprecated"})
		writeEmpty(b, 4, "category", attr{"scheme", sc.titleFormats}, attr{"label", f.Format}, attr{"term", f.Format})
		b.WriteString("      </availability>\n")
	}
	if formats == 0 {
		b.WriteString("    <delivery_formats></delivery_formats>\n")
	} else {
		b.WriteString("    </delivery_formats>\n")
	}
	b.WriteString("  </title_index_item>\n")
}

// writeTitleURL writes a title's URL (titleURL) in parts, escaped as text.
func writeTitleURL(b *bytes.Buffer, host string, t *fixtures.Title) {
	writeEscaped(b, host, textEscaper)
	b.WriteString("/catalog/titles/")
	if t.Kind == fixtures.KindSeason {
		b.WriteString(fixtures.Kinds["series"])
		b.WriteByte('/')
		writeEscaped(b, t.Series, textEscaper)
		b.WriteString("/seasons/")
	} else {
		b.WriteString(fixtures.Kinds[t.Kind])
		b.WriteByte('/')
	}
	writeEscaped(b, t.ID, textEscaper)
}

// writeNumberLeaf writes a leaf holding a number at depth 2, as writeElement would.
func writeNumberLeaf(b *bytes.Buffer, name string, n int64) {
	b.WriteString("    <")
	b.WriteString(name)
	b.WriteByte('>')
	b.Write(strconv.AppendInt(b.AvailableBuffer(), n, 10))
	b.WriteString("</")
	b.WriteString(name)
	b.WriteString(">\n")
}

// indexFile answers the 1.5/2.0 full index (every title) and the 2012 streaming and DVD
// files (the titles of that format on the call's day): <catalog_titles> whose titles carry
// their sub-resources expanded, the shape of the full-index parser (mrowl/filmdata); the June
// 2012 post says the new files are "structurally the same as the 2.0 version".
func indexFile(keep func(*call, *fixtures.Title) bool) func(*call) {
	return func(c *call) {
		c.streamList("catalog_titles", c.titlesWhere(keep, c.fullTitle))
	}
}

// indexExpansion is what the full index expands: the sub-resources the full-index parser reads
// inside their links, and the screen formats and languages beside them. Similars (a scan of
// the catalog per title) and the parts of series (titles of the file themselves) stay links.
var indexExpansion = expansion{"synopsis": true, "short_synopsis": true, "cast": true, "directors": true,
	"format_availability": true, "screen_formats": true, "languages_and_audio": true, "awards": true}

// titlesWhere yields, in catalog order, the node that item makes of each title keep accepts.
func (c *call) titlesWhere(keep func(*call, *fixtures.Title) bool, item func(*fixtures.Title) *node) iter.Seq[*node] {
	return func(yield func(*node) bool) {
		titles := c.s.catalog.Titles
		for i := range titles {
			if t := &titles[i]; keep(c, t) && !yield(item(t)) {
				return
			}
		}
	}
}

// fullTitle is a title of the full index: expanded, with the day it last changed.
func (c *call) fullTitle(t *fixtures.Title) *node {
	n := c.catalogTitleNode(t, indexExpansion)
	if u, ok := lastChanged(t, c.day); ok {
		i := slices.IndexFunc(n.children, func(k *node) bool { return k.name == "release_year" })
		n.children = slices.Insert(n.children, i+1, leaf("updated", epoch(u)))
	}
	return n
}

// indexItem is a title_index_item as an index fragment and the importers of the time show
// one: id, the title as text, year, updated, the web page, cast and directors as links, the
// genres, and the delivery formats with their legacy categories.
func (c *call) indexItem(t *fixtures.Title) *node {
	n := el("title_index_item", leaf("id", c.titleURL(t)), leaf("title", t.Title.Regular), leaf("release_year", strconv.Itoa(t.ReleaseYear)))
	if u, ok := lastChanged(t, c.day); ok {
		n.add(leaf("updated", epoch(u)))
	}
	n.add(linkNode(t.WebPage, "alternate", "web page"))
	for _, role := range []struct {
		rel string
		ids []string
	}{{"http://schemas.netflix.com/catalog/person.actor", t.Cast}, {"http://schemas.netflix.com/catalog/person.director", t.Directors}} {
		for _, id := range role.ids {
			if p, ok := c.s.catalog.Person(id); ok {
				n.add(linkNode(c.personURL(p), role.rel, p.Name))
			}
		}
	}
	for _, cat := range t.Categories {
		if cat.Scheme == "genres" && cat.Contains(c.day) {
			n.add(categoryNode("http://"+c.host+"/categories/genres", cat.Label, cat.TermOrLabel()))
		}
	}
	return n.add(c.deliveryFormats(t, true))
}

// lastChanged is the last day on or before d that a title's record changed: the latest start of
// a format window or a category window. The fixtures record no such date; this one moves
// with what the record shows. ok is false when nothing has a start.
func lastChanged(t *fixtures.Title, d spec.Day) (last spec.Day, ok bool) {
	consider := func(from spec.Day) {
		if !from.IsZero() && !d.Before(from) && (!ok || last.Before(from)) {
			last, ok = from, true
		}
	}
	for _, f := range t.Formats {
		consider(f.AvailableFrom)
	}
	for _, cat := range t.Categories {
		consider(cat.From)
	}
	return last, ok
}

// streamFlush is how much of a streamed answer is gathered before it is written.
const streamFlush = 32 << 10

// streamList streams a document whose root element, called name, holds only the items,
// byte for byte as writeXML or writeJSON would write the whole tree (after the same empty
// object marking and faults as answerDoc), without building it: XML writes each item as it
// comes; JSON holds the first item back until the second shows whether the items form an
// array or a single object, as writeJSON writes one element alone.
func (c *call) streamList(name string, items iter.Seq[*node]) {
	contentType := "application/xml; charset=utf-8"
	if c.json {
		contentType = "application/json; charset=utf-8"
	}
	w, done := c.stream(http.StatusOK, contentType)
	defer done()
	var b bytes.Buffer
	failed := false
	flush := func(limit int) {
		if b.Len() >= limit && !failed {
			_, err := w.Write(b.Bytes())
			failed = err != nil
			b.Reset()
		}
	}
	var first *node
	count := 0
	if c.json {
		b.WriteByte('{')
		writeKey(&b, name)
	} else {
		b.WriteString(xmlDeclaration + "<" + name + ">")
	}
	for item := range items {
		c.emptyObjects(item)
		c.applyFaults(item)
		switch {
		case !c.json:
			if count == 0 {
				b.WriteByte('\n')
			}
			writeElement(&b, item, 1)
		case count == 0:
			first = item
		case count == 1:
			b.WriteByte('{')
			writeKey(&b, item.name)
			b.WriteByte('[')
			writeValue(&b, first)
			b.WriteByte(',')
			writeValue(&b, item)
			first = nil
		default:
			b.WriteByte(',')
			writeValue(&b, item)
		}
		count++
		if flush(streamFlush); failed {
			return
		}
	}
	switch {
	case !c.json:
		b.WriteString("</" + name + ">\n")
	case count == 0:
		b.WriteString("{}}\n")
	case count == 1:
		b.WriteByte('{')
		writeKey(&b, first.name)
		writeValue(&b, first)
		b.WriteString("}}\n")
	default:
		b.WriteString("]}}\n")
	}
	flush(0)
}

// applyFaults changes a streamed item as c.answer changes a whole answer.
func (c *call) applyFaults(n *node) {
	for _, f := range c.s.faults {
		if f.answer != nil {
			f.answer(n)
		}
	}
}
