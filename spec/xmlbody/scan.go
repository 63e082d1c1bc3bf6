package xmlbody

import (
	"bytes"
	"encoding/xml"
	"strings"
	"unicode"
	"unicode/utf8"
)

// scan reads a document written in the subset of XML that the API's answers use, several
// times faster than encoding/xml's tokenizer, into the tree that parseXML builds from the
// same bytes. The subset:
//
//   - an optional XML declaration at the very start of the document: version="1.0", then
//     optionally encoding="utf-8" (in any case), then optionally standalone="yes" or "no",
//     each value in single or double quotes, without spaces around the "=";
//   - elements and attributes whose names are ASCII name characters with at most one colon
//     (a prefix), attribute values in single or double quotes, and empty-element tags;
//   - text and attribute values of legal XML characters in UTF-8, with the five predefined
//     entities (&lt; &gt; &amp; &apos; &quot;) and numeric character references (&#65;
//     &#x41;) to legal characters;
//   - comments, and whitespace between markup.
//
// scan reports ok=false for anything outside the subset (a CDATA section, a DOCTYPE or any
// other directive, another processing instruction, another encoding, a non-ASCII name) and
// for anything it finds malformed, and parse then reads the document with encoding/xml, which
// builds the tree or reports the error. So scan need only be right when it accepts: it
// accepts nothing encoding/xml rejects, and checks what encoding/xml checks (name
// characters, "<" in attribute values, references, illegal characters, "]]>" in text, quotes
// and "=" in attributes, comments without "--"); where a check would be intricate, it declines.
func scan(data []byte) (root *element, ok bool) {
	// Every attribute has an "=", so counting them sizes attrs for the whole document.
	sc := scanner{data: data, s: string(data), attrs: make([]xml.Attr, 0, bytes.Count(data, []byte("=")))}
	if strings.HasPrefix(sc.s, "<?xml") && !sc.declaration() {
		return nil, false
	}
	var t tree
	for sc.i < len(sc.s) {
		switch rest := sc.s[sc.i:]; {
		case rest[0] != '<':
			ok = sc.text(&t)
		case strings.HasPrefix(rest, "<!--"):
			ok = sc.comment()
		case strings.HasPrefix(rest, "</"):
			ok = sc.endTag(&t)
		case strings.HasPrefix(rest, "<!"), strings.HasPrefix(rest, "<?"):
			ok = false // a CDATA section, a directive or a processing instruction
		default:
			ok = sc.startTag(&t)
		}
		if !ok {
			return nil, false
		}
	}
	root, err := t.finish()
	return root, err == nil
}

// scanner is scan's position in a document.
type scanner struct {
	data []byte // the document, which unescaped text is cut from without copying
	s    string // the document as a string, which names and values are cut from likewise
	i    int    // where reading continues
	// attrs holds the attributes of the elements read so far, each element's a window of it,
	// so that elements do not allocate one slice each.
	attrs []xml.Attr
}

// declaration reads the XML declaration at the start of the document.
func (sc *scanner) declaration() bool {
	sc.i = len("<?xml")
	spaced := sc.space()
	for n, field := range declarationFields {
		if !strings.HasPrefix(sc.s[sc.i:], field.name+"=") {
			if n == 0 {
				return false // the version is required
			}
			continue
		}
		if !spaced {
			return false
		}
		sc.i += len(field.name) + 1
		value, ok := sc.quoted()
		if !ok || !field.valid(value) {
			return false
		}
		spaced = sc.space()
	}
	return sc.skip("?>")
}

// declarationFields are the fields of the XML declarations scan reads, in the order they must
// come, with the values it accepts.
var declarationFields = []struct {
	name  string
	valid func(string) bool
}{
	{"version", func(v string) bool { return v == "1.0" }},
	{"encoding", func(v string) bool { return strings.EqualFold(v, "utf-8") }},
	{"standalone", func(v string) bool { return v == "yes" || v == "no" }},
}

// text reads the character data up to the next markup or the end of the document.
func (sc *scanner) text(t *tree) bool {
	end := strings.IndexByte(sc.s[sc.i:], '<')
	if end < 0 {
		end = len(sc.s)
	} else {
		end += sc.i
	}
	decoded, ok := charData(sc.s[sc.i:end], true)
	if !ok {
		return false
	}
	if decoded == nil {
		decoded = sc.data[sc.i:end]
	}
	sc.i = end
	return t.text(decoded) == nil
}

// comment reads a comment, which ends at the first "--", and that must be followed by ">".
func (sc *scanner) comment() bool {
	body := sc.i + len("<!--")
	end := strings.Index(sc.s[body:], "--")
	if end < 0 || !strings.HasPrefix(sc.s[body+end:], "-->") {
		return false
	}
	sc.i = body + end + len("-->")
	return true
}

// startTag reads a start tag or an empty-element tag and opens its element.
func (sc *scanner) startTag(t *tree) bool {
	sc.i++ // <
	name, ok := sc.name()
	if !ok {
		return false
	}
	first := len(sc.attrs)
	for {
		sc.space()
		attrs := sc.attrs[first:len(sc.attrs):len(sc.attrs)]
		switch {
		case sc.skip(">"):
			return t.start(name, attrs) == nil
		case sc.skip("/>"):
			return t.start(name, attrs) == nil && t.end(name) == nil
		case !sc.attr():
			return false
		}
	}
}

// attr reads an attribute, name="value" or name='value', with optional spaces around "=".
func (sc *scanner) attr() bool {
	name, ok := sc.name()
	if !ok {
		return false
	}
	sc.space()
	if !sc.skip("=") {
		return false
	}
	sc.space()
	raw, ok := sc.quoted()
	if !ok {
		return false
	}
	value := raw
	if decoded, ok := charData(raw, false); !ok {
		return false
	} else if decoded != nil {
		value = string(decoded)
	}
	sc.attrs = append(sc.attrs, xml.Attr{Name: name, Value: value})
	return true
}

// quoted reads a value in single or double quotes and returns it without them.
func (sc *scanner) quoted() (string, bool) {
	if sc.i >= len(sc.s) || sc.s[sc.i] != '"' && sc.s[sc.i] != '\'' {
		return "", false
	}
	start := sc.i + 1
	end := strings.IndexByte(sc.s[start:], sc.s[sc.i])
	if end < 0 {
		return "", false
	}
	sc.i = start + end + 1
	return sc.s[start : start+end], true
}

// endTag reads an end tag and closes its element.
func (sc *scanner) endTag(t *tree) bool {
	sc.i += len("</")
	name, ok := sc.name()
	if !ok {
		return false
	}
	sc.space()
	return sc.skip(">") && t.end(name) == nil
}

// name reads an element or attribute name and splits it at its colon as encoding/xml does:
// prefix:local, or the whole name as the local name when the colon starts or ends it. It
// declines a name followed by a non-ASCII byte, which would continue the name.
func (sc *scanner) name() (xml.Name, bool) {
	start := sc.i
	for sc.i < len(sc.s) && isNameByte(sc.s[sc.i]) {
		sc.i++
	}
	raw := sc.s[start:sc.i]
	if raw == "" || !isNameStart(raw[0]) || sc.i < len(sc.s) && sc.s[sc.i] >= utf8.RuneSelf {
		return xml.Name{}, false
	}
	prefix, local, found := strings.Cut(raw, ":")
	switch {
	case strings.Contains(local, ":"):
		return xml.Name{}, false // encoding/xml rejects a second colon
	case !found || prefix == "" || local == "":
		return xml.Name{Local: raw}, true
	}
	return xml.Name{Space: prefix, Local: local}, true
}

// isNameStart reports whether an ASCII byte may start an XML name.
func isNameStart(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c == ':'
}

// isNameByte reports whether an ASCII byte may continue an XML name.
func isNameByte(c byte) bool {
	return isNameStart(c) || '0' <= c && c <= '9' || c == '-' || c == '.'
}

// space skips whitespace and reports whether there was any.
func (sc *scanner) space() bool {
	start := sc.i
	for sc.i < len(sc.s) {
		switch sc.s[sc.i] {
		case ' ', '\t', '\r', '\n':
			sc.i++
			continue
		}
		break
	}
	return sc.i > start
}

// skip reads s if the document continues with it.
func (sc *scanner) skip(s string) bool {
	if !strings.HasPrefix(sc.s[sc.i:], s) {
		return false
	}
	sc.i += len(s)
	return true
}

// charData checks raw character data, a text between markup (inText) or an attribute value
// between its quotes, and returns it decoded as encoding/xml decodes it: references replaced
// by their characters, and "\r\n" and a lone "\r" read as "\n". decoded is nil when raw reads
// as it is. ok is false where encoding/xml would fail or scan declines: a character outside
// XML's Char production, invalid UTF-8, "<" in a value, "]]>" in text, or a reference other
// than the predefined entities and character references to legal characters.
func charData(raw string, inText bool) (decoded []byte, ok bool) {
	plain := true
	for i := 0; i < len(raw); {
		c := raw[i]
		if !special[c] {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(raw[i:])
			if r == utf8.RuneError && n == 1 || !legalChar(r) {
				return nil, false
			}
			i += n
			continue
		}
		switch {
		case c == '&' || c == '\r':
			plain = false
		case c == '<' || c < ' ' && c != '\t' && c != '\n':
			return nil, false
		case c == '>' && inText && strings.HasSuffix(raw[:i], "]]"):
			return nil, false
		}
		i++
	}
	if plain {
		return nil, true
	}
	decoded = make([]byte, 0, len(raw))
	for i := 0; i < len(raw); {
		switch c := raw[i]; c {
		case '\r':
			decoded = append(decoded, '\n')
			i++
			if i < len(raw) && raw[i] == '\n' {
				i++
			}
		case '&':
			r, n := reference(raw[i:])
			if n == 0 {
				return nil, false
			}
			decoded = utf8.AppendRune(decoded, r)
			i += n
		default:
			decoded = append(decoded, c)
			i++
		}
	}
	return decoded, true
}

// special marks the bytes charData must look at: all but the printable ASCII characters
// other than "&", "<" and ">".
var special = func() (special [256]bool) {
	for c := range special {
		special[c] = c < ' ' || c >= utf8.RuneSelf || c == '&' || c == '<' || c == '>'
	}
	return special
}()

// predefined are the entities XML defines without a DOCTYPE.
var predefined = []struct {
	ref string
	r   rune
}{{"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&apos;", '\''}, {"&quot;", '"'}}

// reference reads the reference that starts s (at its "&"): a predefined entity, or a
// character reference in decimal (&#65;) or in hexadecimal with a lowercase x (&#x41;), as
// encoding/xml reads them. It returns the character and the reference's length, or a length
// of 0 when s does not start with a reference to a legal character.
func reference(s string) (rune, int) {
	for _, e := range predefined {
		if strings.HasPrefix(s, e.ref) {
			return e.r, len(e.ref)
		}
	}
	i, base := len("&#"), rune(10)
	switch {
	case strings.HasPrefix(s, "&#x"):
		i, base = len("&#x"), 16
	case !strings.HasPrefix(s, "&#"):
		return 0, 0
	}
	start, r := i, rune(0)
	for ; i < len(s); i++ {
		d := digit(s[i])
		if d >= base {
			break
		}
		if r = r*base + d; r > unicode.MaxRune {
			return 0, 0
		}
	}
	if i == start || i == len(s) || s[i] != ';' || !legalChar(r) {
		return 0, 0
	}
	return r, i + 1
}

// digit returns the value of a hexadecimal digit, or 16 for any other byte.
func digit(c byte) rune {
	switch {
	case '0' <= c && c <= '9':
		return rune(c - '0')
	case 'a' <= c && c <= 'f':
		return rune(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return rune(c-'A') + 10
	}
	return 16
}

// legalChar reports whether r is a character XML documents may hold (the Char production of
// XML 1.0, which encoding/xml enforces).
func legalChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		' ' <= r && r <= 0xD7FF || 0xE000 <= r && r <= 0xFFFD || 0x10000 <= r && r <= unicode.MaxRune
}
