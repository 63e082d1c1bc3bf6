package odata

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

// The Atom and XML representations, in the OData V2 Atom format that WCF Data Services wrote:
// compact (no indentation), hrefs relative to the xml:base of the service root, ids absolute.

const xmlDeclaration = `<?xml version="1.0" encoding="utf-8" standalone="yes"?>`

// xmlWriter writes one XML document.
type xmlWriter struct{ b bytes.Buffer }

func newXMLWriter() *xmlWriter {
	w := &xmlWriter{}
	w.b.WriteString(xmlDeclaration)
	return w
}

// open writes a start tag; attrs are name, value pairs.
func (w *xmlWriter) open(name string, attrs ...string) {
	w.tag(name, attrs)
	w.b.WriteByte('>')
}

// empty writes an element without content.
func (w *xmlWriter) empty(name string, attrs ...string) {
	w.tag(name, attrs)
	w.b.WriteString(" />")
}

func (w *xmlWriter) close(name string) {
	w.b.WriteString("</")
	w.b.WriteString(name)
	w.b.WriteByte('>')
}

// text writes an element holding text.
func (w *xmlWriter) text(name, text string, attrs ...string) {
	w.open(name, attrs...)
	w.escape(text, false)
	w.close(name)
}

func (w *xmlWriter) tag(name string, attrs []string) {
	w.b.WriteByte('<')
	w.b.WriteString(name)
	for i := 0; i+1 < len(attrs); i += 2 {
		w.b.WriteByte(' ')
		w.b.WriteString(attrs[i])
		w.b.WriteString(`="`)
		w.escape(attrs[i+1], true)
		w.b.WriteByte('"')
	}
}

// escape writes s as character data, or as an attribute value (in double quotes), escaping
// only what XML needs, as WCF did: quotes in hrefs such as Titles('zq18k') stay readable.
// Characters XML cannot hold, and bytes that are not UTF-8, become U+FFFD.
func (w *xmlWriter) escape(s string, attr bool) {
	for _, r := range s {
		switch {
		case r == '&':
			w.b.WriteString("&amp;")
		case r == '<':
			w.b.WriteString("&lt;")
		case r == '>':
			w.b.WriteString("&gt;")
		case attr && r == '"':
			w.b.WriteString("&quot;")
		case attr && (r == '\t' || r == '\n' || r == '\r'):
			fmt.Fprintf(&w.b, "&#x%X;", r) // an attribute keeps them only as references
		case r == '\r':
			w.b.WriteString("&#xD;") // a parser would turn a bare one into a newline
		case !xmlChar(r):
			w.b.WriteRune(utf8.RuneError)
		default:
			w.b.WriteRune(r)
		}
	}
}

// xmlChar reports whether XML 1.0 can hold r (its production Char); a byte that is not UTF-8
// arrives here as utf8.RuneError, which it can, so it is written as U+FFFD.
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' || 0x20 <= r && r <= 0xD7FF || 0xE000 <= r && r <= 0xFFFD || 0x10000 <= r && r <= 0x10FFFF
}

func (w *xmlWriter) bytes() []byte { return w.b.Bytes() }

// rootNamespaces are the declarations on a feed or entry that is the document.
func (c *call) rootNamespaces() []string {
	return []string{"xml:base", c.base, "xmlns:d", nsData, "xmlns:m", nsMetadata, "xmlns", nsAtom}
}

// atomFeed writes a feed document.
func (c *call) atomFeed(title, path string, es []*entity, count *int, next string, x expansion, s *selection) []byte {
	w := newXMLWriter()
	w.open("feed", c.rootNamespaces()...)
	c.atomFeedContent(w, title, path, es, count, next, x, s)
	w.close("feed")
	return w.bytes()
}

func (c *call) atomFeedContent(w *xmlWriter, title, path string, es []*entity, count *int, next string, x expansion, s *selection) {
	w.text("title", title, "type", "text")
	w.text("id", c.base+path)
	w.text("updated", atomTime(c.day.Time()))
	w.empty("link", "rel", "self", "title", title, "href", path)
	if count != nil {
		w.text("m:count", strconv.Itoa(*count))
	}
	for _, e := range es {
		c.atomEntry(w, e, x, s, nil)
	}
	if next != "" {
		w.empty("link", "rel", "next", "href", next)
	}
}

// atomEntryDocument writes an entry document.
func (c *call) atomEntryDocument(e *entity, x expansion, s *selection) []byte {
	w := newXMLWriter()
	c.atomEntry(w, e, x, s, c.rootNamespaces())
	return w.bytes()
}

// atomEntry writes an entry; attrs are the root's declarations when the entry is the document.
func (c *call) atomEntry(w *xmlWriter, e *entity, x expansion, s *selection, attrs []string) {
	t := e.typ
	path := entityPath(e)
	if t.media {
		attrs = append(attrs, "m:etag", entityTag(e))
	}
	w.open("entry", attrs...)
	w.text("id", c.base+path)
	w.text("title", syndicationText(e, t.syndicationTitle), "type", "text")
	if t.syndicationSummary != "" {
		w.text("summary", syndicationText(e, t.syndicationSummary), "type", "html")
	}
	updated := c.day.Time()
	if m, ok := e.props[t.syndicationUpdated].(time.Time); ok {
		updated = m
	}
	w.text("updated", atomTime(updated))
	w.open("author")
	w.empty("name")
	w.close("author")
	if t.media {
		w.empty("link", "rel", "edit-media", "title", t.name, "href", path+"/$value")
	}
	w.empty("link", "rel", "edit", "title", t.name, "href", path)
	for _, nav := range t.navs {
		sub, expanded := x[nav.name]
		if !expanded && !s.includes(nav.name) {
			continue
		}
		linkType := "application/atom+xml;type=entry"
		if nav.many {
			linkType = "application/atom+xml;type=feed"
		}
		link := []string{"rel", relatedURI + nav.name, "type", linkType, "title", nav.name, "href", path + "/" + nav.name}
		if !expanded {
			w.empty("link", link...)
			continue
		}
		w.open("link", link...)
		w.open("m:inline")
		targets := e.nav[nav.name]
		switch {
		case nav.many:
			w.open("feed")
			c.atomFeedContent(w, nav.name, path+"/"+nav.name, targets, nil, "", sub, s.sub(nav.name))
			w.close("feed")
		case len(targets) > 0:
			c.atomEntry(w, targets[0], sub, s.sub(nav.name), nil)
		}
		w.close("m:inline")
		w.close("link")
	}
	w.empty("category", "term", t.qualified(), "scheme", schemeURI)
	if t.media {
		// A media link entry: the content is the box art, the properties stand beside it.
		content := []string{"type", "image/jpeg"}
		if src, ok := mediaSource(e); ok {
			content = append(content, "src", src)
		}
		w.empty("content", content...)
		c.atomProperties(w, e, s)
	} else {
		w.open("content", "type", "application/xml")
		c.atomProperties(w, e, s)
		w.close("content")
	}
	w.close("entry")
}

// atomProperties writes m:properties. The property shown as atom:updated is left out, as the
// $metadata's FC_KeepInContent false says.
func (c *call) atomProperties(w *xmlWriter, e *entity, s *selection) {
	w.open("m:properties")
	for i := range e.typ.props {
		p := &e.typ.props[i]
		if p.name != e.typ.syndicationUpdated && s.includes(p.name) {
			writeAtomValue(w, "d:"+p.name, p, e.props[p.name])
		}
	}
	w.close("m:properties")
}

// writeAtomValue writes one property as a d:* element: text with its m:type (none for
// strings), m:null for null, and members for a complex value. attrs are added to the element.
func writeAtomValue(w *xmlWriter, name string, p *property, v any, attrs ...string) {
	if r, ok := v.(record); ok && p.kind == kindComplex {
		w.open(name, append([]string{"m:type", p.typeName()}, attrs...)...)
		for i := range p.complex.props {
			m := &p.complex.props[i]
			writeAtomValue(w, "d:"+m.name, m, r[m.name])
		}
		w.close(name)
		return
	}
	if p.kind != kindString {
		attrs = append([]string{"m:type", p.typeName()}, attrs...)
	}
	if v == nil {
		w.empty(name, append(attrs, "m:null", "true")...)
		return
	}
	w.text(name, primitiveText(v), attrs...)
}

// primitiveText writes a primitive value as Atom and $value write it.
func primitiveText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case guid:
		return string(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return formatLiteral(v) // NaN, INF and -INF are spelled alike
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case time.Time:
		// Edm.DateTime has no zone; the catalog's times are UTC.
		return v.UTC().Format("2006-01-02T15:04:05.9999999")
	}
	return ""
}

// syndicationText is the text of the property that an Atom element shows, "" when null.
func syndicationText(e *entity, prop string) string {
	s, _ := e.props[prop].(string)
	return s
}

func atomTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// xmlPropertyDocument writes one property as the document's root element, in the data
// namespace.
func xmlPropertyDocument(p *property, v any) []byte {
	w := newXMLWriter()
	writeAtomValue(w, p.name, p, v, "xmlns:d", nsData, "xmlns:m", nsMetadata, "xmlns", nsData)
	return w.bytes()
}

// xmlServiceDocument writes the AtomPub service document: one workspace, Default, with a
// collection per entity set (the 2012 copy's shape).
func (c *call) xmlServiceDocument() []byte {
	w := newXMLWriter()
	w.open("service", "xml:base", c.base, "xmlns:atom", nsAtom, "xmlns:app", nsApp, "xmlns", nsApp)
	w.open("workspace")
	w.text("atom:title", "Default")
	for _, t := range entitySets {
		w.open("collection", "href", t.set)
		w.text("atom:title", t.set)
		w.close("collection")
	}
	w.close("workspace")
	w.close("service")
	return w.bytes()
}
