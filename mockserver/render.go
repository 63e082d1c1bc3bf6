package mockserver

import (
	"bytes"
	"encoding/json"
	"strings"
)

// node is one element of an answer. Answers are built once as a tree and written either as
// XML or as the JSON the real API mirrored its XML to, so the two representations cannot
// drift apart.
type node struct {
	name     string
	attrs    []attr
	text     string
	children []*node
	// raw marks text that the JSON form writes as a bare JSON value (a number or a boolean)
	// instead of a string; real responses do so for a few fields.
	raw bool
}

type attr struct{ name, value string }

func el(name string, children ...*node) *node { return &node{name: name, children: children} }

func leaf(name, text string) *node { return &node{name: name, text: text} }

func (n *node) attr(name, value string) *node {
	n.attrs = append(n.attrs, attr{name, value})
	return n
}

func (n *node) add(children ...*node) *node {
	n.children = append(n.children, children...)
	return n
}

// walk calls f on n and on every node below it, parents first.
func (n *node) walk(f func(*node)) {
	f(n)
	for _, c := range n.children {
		c.walk(f)
	}
}

// xmlDeclaration is the declaration real responses start with (flix4r fixtures).
const xmlDeclaration = `<?xml version="1.0" standalone="yes"?>` + "\n"

// writeXML writes the document rooted at n as the real API did: the standalone declaration,
// one element a line, and explicit closing tags even for empty elements.
func writeXML(n *node) []byte {
	var b bytes.Buffer
	writeXMLTo(&b, n)
	return b.Bytes()
}

// writeXMLTo is writeXML into b.
func writeXMLTo(b *bytes.Buffer, n *node) {
	b.WriteString(xmlDeclaration)
	writeElement(b, n, 0)
}

func writeElement(b *bytes.Buffer, n *node, depth int) {
	indent := indentOf(depth)
	b.WriteString(indent)
	b.WriteByte('<')
	b.WriteString(n.name)
	writeAttrs(b, n.attrs...)
	b.WriteByte('>')
	writeEscaped(b, n.text, textEscaper)
	if len(n.children) > 0 {
		b.WriteByte('\n')
		for _, c := range n.children {
			writeElement(b, c, depth+1)
		}
		b.WriteString(indent)
	}
	b.WriteString("</")
	b.WriteString(n.name)
	b.WriteString(">\n")
}

// writeLeaf writes an element with text alone, as writeElement writes leaf(name, text).
func writeLeaf(b *bytes.Buffer, depth int, name, text string) {
	b.WriteString(indentOf(depth))
	b.WriteByte('<')
	b.WriteString(name)
	b.WriteByte('>')
	writeEscaped(b, text, textEscaper)
	b.WriteString("</")
	b.WriteString(name)
	b.WriteString(">\n")
}

// writeEmpty writes an element with attributes alone, as writeElement writes one.
func writeEmpty(b *bytes.Buffer, depth int, name string, attrs ...attr) {
	b.WriteString(indentOf(depth))
	b.WriteByte('<')
	b.WriteString(name)
	writeAttrs(b, attrs...)
	b.WriteString("></")
	b.WriteString(name)
	b.WriteString(">\n")
}

// writeAttrs writes attributes as writeElement does, each after a space.
func writeAttrs(b *bytes.Buffer, attrs ...attr) {
	for _, a := range attrs {
		b.WriteByte(' ')
		b.WriteString(a.name)
		b.WriteString(`="`)
		writeEscaped(b, a.value, attrEscaper)
		b.WriteByte('"')
	}
}

// indents are the leading spaces of the first depths, so that writing an element allocates
// nothing for them.
var indents = strings.Repeat("  ", 16)

func indentOf(depth int) string {
	if 2*depth <= len(indents) {
		return indents[:2*depth]
	}
	return strings.Repeat("  ", depth)
}

// escaper escapes the single bytes it was made with, and knows them, so that text with none
// of them (most text) is written as it is.
type escaper struct {
	r       *strings.Replacer
	special [256]bool
}

// newEscaper makes an escaper from pairs of a byte and what replaces it.
func newEscaper(pairs ...string) *escaper {
	e := &escaper{r: strings.NewReplacer(pairs...)}
	for i := 0; i < len(pairs); i += 2 {
		e.special[pairs[i][0]] = true
	}
	return e
}

// writeEscaped writes s escaped by e.
func writeEscaped(b *bytes.Buffer, s string, e *escaper) {
	for i := 0; i < len(s); i++ {
		if e.special[s[i]] {
			b.WriteString(e.r.Replace(s))
			return
		}
	}
	b.WriteString(s)
}

// Escaping as the real responses show it ("Music &amp; Musicals" in the 2011 post): only what
// XML requires, so that quotes in text stay readable.
var (
	textEscaper = newEscaper("&", "&amp;", "<", "&lt;", ">", "&gt;")
	attrEscaper = newEscaper("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "\n", "&#xA;", "\t", "&#x9;", "\r", "&#xD;")
)

// writeJSON writes the document rooted at n as the real API's JSON: the root element is the
// single key; attributes and children become keys in document order; a name that repeats
// becomes an array at its first place; the text of an element that also has attributes or
// children becomes "content"; an element with text alone becomes that text.
func writeJSON(n *node) []byte {
	var b bytes.Buffer
	writeJSONTo(&b, n)
	return b.Bytes()
}

// writeJSONTo is writeJSON into b.
func writeJSONTo(b *bytes.Buffer, n *node) {
	b.WriteByte('{')
	writeKey(b, n.name)
	writeValue(b, n)
	b.WriteString("}\n")
}

func writeValue(b *bytes.Buffer, n *node) {
	if len(n.attrs) == 0 && len(n.children) == 0 {
		writeScalar(b, n.text, n.raw)
		return
	}
	b.WriteByte('{')
	first := true
	sep := func() {
		if !first {
			b.WriteByte(',')
		}
		first = false
	}
	for _, a := range n.attrs {
		sep()
		writeKey(b, a.name)
		writeScalar(b, a.value, false)
	}
	if n.text != "" {
		sep()
		writeKey(b, "content")
		writeScalar(b, n.text, n.raw)
	}
	// Group children by name, keeping the order of first appearance.
	var names []string
	groups := map[string][]*node{}
	for _, c := range n.children {
		if _, ok := groups[c.name]; !ok {
			names = append(names, c.name)
		}
		groups[c.name] = append(groups[c.name], c)
	}
	for _, name := range names {
		sep()
		writeKey(b, name)
		g := groups[name]
		if len(g) == 1 {
			writeValue(b, g[0])
			continue
		}
		b.WriteByte('[')
		for i, c := range g {
			if i > 0 {
				b.WriteByte(',')
			}
			writeValue(b, c)
		}
		b.WriteByte(']')
	}
	b.WriteByte('}')
}

func writeKey(b *bytes.Buffer, k string) {
	writeScalar(b, k, false)
	b.WriteByte(':')
}

// plainJSON reports whether s is written in a JSON string as it is: printable ASCII without a
// quote or a backslash, which the encoder below leaves alone (most names, ids and URLs).
func plainJSON(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

func writeScalar(b *bytes.Buffer, s string, raw bool) {
	if raw {
		b.WriteString(s)
		return
	}
	if plainJSON(s) {
		b.WriteByte('"')
		b.WriteString(s)
		b.WriteByte('"')
		return
	}
	// Not json.Marshal: it would write "&" as \u0026, which the real API did not.
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)           // a string always encodes
	b.Truncate(b.Len() - 1) // Encode ends with a newline
}
