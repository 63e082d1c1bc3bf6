// Package xmlbody decodes the XML bodies of the Netflix public API into the
// value that the same OpenAPI schema describes for the API's JSON form, so
// that one schema validates both representations.
//
// The API's JSON (output=json) mirrored its default XML, and decoding follows
// that mirroring rule: the document is an object whose only key is the root
// element's name; attributes and child elements become keys; an element that
// repeats becomes an array; the text of an element that also has attributes
// or children goes under the key "content"; an element with only text becomes
// that text. The schema's xml annotations (name, attribute, wrapped) decide
// which property a name maps to, and its types decide how text is converted.
//
// kin-openapi has no XML body decoder; call Register before validating.
package xmlbody

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

const (
	// maxDepth bounds element nesting; the API's documents are a few levels deep.
	maxDepth = 256
	// maxComposition bounds allOf/oneOf/anyOf nesting.
	maxComposition = 32
)

var registerOnce sync.Once

// Register makes openapi3filter decode application/xml, text/xml,
// application/atom+xml, application/atomsvc+xml (the OData service document)
// and application/rss+xml bodies with BodyDecoder, and text/html (the OAuth
// login page, described as a string) as its text.
// Only the first call registers; later calls do nothing. Registration writes
// a global map in openapi3filter, so call it before any validation starts.
func Register() {
	registerOnce.Do(func() {
		for _, mediaType := range []string{"application/xml", "text/xml", "application/atom+xml", "application/atomsvc+xml", "application/rss+xml"} {
			openapi3filter.RegisterBodyDecoder(mediaType, BodyDecoder)
		}
		openapi3filter.RegisterBodyDecoder("text/html", textDecoder)
	})
}

// textDecoder reads a body as one string.
func textDecoder(body io.Reader, _ http.Header, _ *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
	b, err := io.ReadAll(body)
	return string(b), err
}

// BodyDecoder is Decode in the form of an openapi3filter.BodyDecoder.
func BodyDecoder(body io.Reader, _ http.Header, schema *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
	return Decode(body, schema)
}

// Decode reads one XML document from r and returns it as the API's JSON form
// would decode: map[string]any{rootName: value}, where value is the root
// element decoded against the schema of the property of schema that the root
// element maps to. Elements that no schema describes are decoded by the
// mirroring rule alone, so that validation against schema reports them.
// Decode fails on malformed XML, an empty body, content after the root
// element or nesting deeper than 256 elements.
func Decode(r io.Reader, schema *openapi3.SchemaRef) (any, error) {
	root, err := parse(r)
	if err != nil {
		return nil, err
	}
	// The document is an object whose only member is its root element.
	doc := &element{children: []*element{root}}
	sh := shapeFor(schema, doc)
	if sh.kind != openapi3.TypeObject {
		sh = &undescribed
	}
	return decodeObject(doc, sh), nil
}

// element is one parsed XML element, named by its local name.
type element struct {
	name     string
	attrs    []xml.Attr
	children []*element
	text     []byte
}

func (e *element) structured() bool {
	return e != nil && (len(e.attrs) > 0 || len(e.children) > 0)
}

// parse reads one XML document from r into its element tree. The document is read whole
// and given to scan, the fast reader of the subset of XML the API's answers use; whatever
// scan does not accept (a document outside that subset, or a malformed one) is read again
// by encoding/xml, which builds the tree or reports the error with its line and column.
func parse(r io.Reader) (*element, error) {
	root, _, err := read(r)
	return root, err
}

// read is parse, also reporting whether scan built the tree.
func read(r io.Reader) (root *element, fast bool, err error) {
	data, err := readAll(r)
	if err != nil {
		// encoding/xml reports a read error where it meets it, after the bytes before it.
		root, err = parseXML(io.MultiReader(bytes.NewReader(data), failingReader{err}))
		return root, false, err
	}
	if root, ok := scan(data); ok {
		return root, true, nil
	}
	root, err = parseXML(bytes.NewReader(data))
	return root, false, err
}

// readAll reads r to its end. A bytes.Buffer, which response validation hands over, gives
// up its bytes without a copy; a reader that knows its length is read into one allocation.
func readAll(r io.Reader) ([]byte, error) {
	if b, ok := r.(*bytes.Buffer); ok {
		return b.Next(b.Len()), nil
	}
	var b bytes.Buffer
	if sized, ok := r.(interface{ Len() int }); ok {
		b.Grow(sized.Len() + bytes.MinRead) // ReadFrom wants MinRead bytes free to meet the end
	}
	_, err := b.ReadFrom(r)
	return b.Bytes(), err
}

// failingReader fails every read with err.
type failingReader struct{ err error }

func (f failingReader) Read([]byte) (int, error) { return 0, f.err }

// parseXML reads a document with encoding/xml's tokenizer into its element tree.
func parseXML(r io.Reader) (*element, error) {
	d := xml.NewDecoder(r)
	fail := func(err error) error {
		line, col := d.InputPos()
		return fmt.Errorf("xmlbody: line %d, column %d: %w", line, col, err)
	}
	var t tree
	for {
		// RawToken leaves matching end tags to tree, and skips the namespace translation
		// that only the local names kept here would discard anyway.
		tok, err := d.RawToken()
		if err == io.EOF {
			root, err := t.finish()
			if err != nil {
				return nil, fail(err)
			}
			return root, nil
		}
		if err != nil {
			return nil, fail(err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			err = t.start(tok.Name, tok.Attr)
		case xml.EndElement:
			err = t.end(tok.Name)
		case xml.CharData:
			// The decoder reuses the bytes of a token for the next one.
			err = t.text(bytes.Clone(tok))
		}
		if err != nil {
			return nil, fail(err)
		}
	}
}

// tree builds the element tree of a document from its elements and text, in document order.
// Both readers of a document, scan and parseXML, feed it, so they build the same tree and
// enforce the same rules: one root element, nothing but whitespace outside it, end tags that
// match, nesting at most maxDepth deep.
type tree struct {
	root *element
	// open holds the elements not yet closed, with their names as written (prefix and
	// local name), which their end tags must repeat.
	open []opened
	// spare holds elements allocated together, which start hands out one at a time.
	spare []element
}

type opened struct {
	e    *element
	name xml.Name
}

// start opens an element. attrs become the element's, minus namespace declarations.
func (t *tree) start(name xml.Name, attrs []xml.Attr) error {
	if t.root != nil && len(t.open) == 0 {
		return fmt.Errorf("element %q after the root element", name.Local)
	}
	if len(t.open) == maxDepth {
		return fmt.Errorf("elements nested deeper than %d", maxDepth)
	}
	if len(t.spare) == 0 {
		t.spare = make([]element, 16)
	}
	e := &t.spare[0]
	t.spare = t.spare[1:]
	// Namespace declarations are not data, and names match by local name.
	*e = element{name: name.Local, attrs: slices.DeleteFunc(attrs, func(a xml.Attr) bool {
		return a.Name.Space == "xmlns" || a.Name.Space == "" && a.Name.Local == "xmlns"
	})}
	if len(t.open) == 0 {
		t.root = e
	} else {
		parent := t.open[len(t.open)-1].e
		parent.children = append(parent.children, e)
	}
	t.open = append(t.open, opened{e, name})
	return nil
}

// end closes the innermost open element, which must have the name written in the end tag.
func (t *tree) end(name xml.Name) error {
	if len(t.open) == 0 {
		return fmt.Errorf("unexpected end element </%s>", qualified(name))
	}
	if top := t.open[len(t.open)-1].name; top != name {
		return fmt.Errorf("element <%s> closed by </%s>", qualified(top), qualified(name))
	}
	t.open = t.open[:len(t.open)-1]
	return nil
}

// text adds character data to the innermost open element. The element may keep data
// itself, so data must not change afterwards.
func (t *tree) text(data []byte) error {
	switch {
	case len(data) == 0:
		return nil // an empty CDATA section
	case len(t.open) == 0:
		if len(bytes.TrimSpace(data)) > 0 {
			return errors.New("text outside the root element")
		}
		return nil
	}
	top := t.open[len(t.open)-1].e
	if top.text == nil {
		// Capped, so that text appended later is copied rather than written over data.
		top.text = data[:len(data):len(data)]
	} else {
		top.text = append(top.text, data...)
	}
	return nil
}

// finish ends the document: the tree is complete when it has a root and nothing is open.
func (t *tree) finish() (*element, error) {
	switch {
	case len(t.open) > 0:
		return nil, fmt.Errorf("unexpected EOF: element <%s> is not closed", qualified(t.open[len(t.open)-1].name))
	case t.root == nil:
		return nil, errors.New("no root element")
	}
	return t.root, nil
}

// qualified writes a name as it was written: prefix:local.
func qualified(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// shape is what decoding needs from a schema: its kind ("object", "array",
// a scalar type, or "" when it says nothing), with allOf members merged and
// oneOf/anyOf settled for the element being decoded.
type shape struct {
	kind  string
	props openapi3.Schemas
	items *openapi3.SchemaRef
	// attrs and elems bind the attribute and element names of an object's props
	// (bind); shapeFor fills them once per schema.
	attrs, elems map[string]binding
}

// shapeKey is what a schema's shape depends on: the schema, and whether the
// element it decodes has structure (which settles a oneOf).
type shapeKey struct {
	ref        *openapi3.SchemaRef
	structured bool
}

// shapes caches shapeFor: resolving a schema, merging its allOf and binding its
// names cost more than decoding the element itself, and a document asks the same
// schemas again and again (every link of a title, every title of a list).
// Descriptions do not change once loaded, so an entry never goes stale; the cache
// grows with the schemas of the descriptions a process loads, and no further.
var shapes sync.Map // shapeKey -> *shape

// shapeFor is shapeOf for an element, bound and cached.
func shapeFor(ref *openapi3.SchemaRef, e *element) *shape {
	key := shapeKey{ref, e.structured()}
	if sh, ok := shapes.Load(key); ok {
		return sh.(*shape)
	}
	sh := shapeOf(ref, e, nil)
	sh.attrs, sh.elems = bind(sh.props)
	got, _ := shapes.LoadOrStore(key, &sh)
	return got.(*shape)
}

// shapeOf resolves ref for e. path holds the schemas being composed above
// ref: a schema already on it is a cycle and contributes nothing.
func shapeOf(ref *openapi3.SchemaRef, e *element, path []*openapi3.Schema) shape {
	if ref == nil || ref.Value == nil || len(path) == maxComposition || slices.Contains(path, ref.Value) {
		return shape{}
	}
	s := ref.Value
	path = append(path, s)
	sh := shape{props: s.Properties, items: s.Items}
	if s.Type.Includes(openapi3.TypeObject) || len(s.Properties) > 0 {
		sh.kind = openapi3.TypeObject
	} else if i := slices.IndexFunc(s.Type.Slice(), func(t string) bool { return t != openapi3.TypeNull }); i >= 0 {
		sh.kind = s.Type.Slice()[i]
	}
	for _, member := range s.AllOf {
		sh.merge(shapeOf(member, e, path))
	}
	for _, alternatives := range []openapi3.SchemaRefs{s.OneOf, s.AnyOf} {
		if len(alternatives) > 0 {
			sh.merge(pick(alternatives, e, path))
		}
	}
	return sh
}

// pick returns the first alternative whose kind fits e: object or array for
// an element with attributes or children, a scalar otherwise.
func pick(alternatives openapi3.SchemaRefs, e *element, path []*openapi3.Schema) shape {
	var first shape
	for i, alt := range alternatives {
		sh := shapeOf(alt, e, path)
		if i == 0 {
			first = sh
		}
		composite := sh.kind == openapi3.TypeObject || sh.kind == openapi3.TypeArray
		if sh.kind != "" && composite == e.structured() {
			return sh
		}
	}
	return first
}

func (sh *shape) merge(o shape) {
	if sh.kind == "" {
		sh.kind = o.kind
	}
	if sh.items == nil {
		sh.items = o.items
	}
	if len(o.props) > 0 {
		props := maps.Clone(o.props)
		maps.Copy(props, sh.props) // the schema's own properties win
		sh.props = props
	}
}

// undescribed is the shape of an element no schema describes: it decodes by the
// mirroring rule alone.
var undescribed = shape{attrs: map[string]binding{}, elems: map[string]binding{}}

func decode(e *element, ref *openapi3.SchemaRef) any {
	sh := shapeFor(ref, e)
	switch {
	case sh.kind == openapi3.TypeObject:
		return decodeObject(e, sh)
	case sh.kind == openapi3.TypeArray:
		items := make([]any, 0, len(e.children))
		for _, c := range e.children {
			items = append(items, decode(c, sh.items))
		}
		return items
	case e.structured():
		// A scalar or undescribed element with structure keeps it, so that
		// validation reports what the schema does not expect.
		return decodeObject(e, &undescribed)
	}
	return convert(strings.TrimSpace(string(e.text)), sh.kind)
}

// binding ties an attribute or element name to the property it decodes into.
// For a non-wrapped array property, ref is the items schema and list is set.
type binding struct {
	key  string
	ref  *openapi3.SchemaRef
	list bool
}

func bind(props openapi3.Schemas) (attrs, elems map[string]binding) {
	attrs, elems = map[string]binding{}, map[string]binding{}
	add := func(m map[string]binding, name string, b binding) {
		if _, taken := m[name]; !taken {
			m[name] = b
		}
	}
	// Sorted, so that two properties claiming one name resolve the same way every time.
	for _, key := range slices.Sorted(maps.Keys(props)) {
		ref := props[key]
		if ref == nil || ref.Value == nil {
			continue
		}
		s, name := ref.Value, key
		if s.XML != nil && s.XML.Name != "" {
			name = s.XML.Name
		}
		switch items := listOrSingle(s); {
		case s.XML != nil && s.XML.Attribute:
			add(attrs, name, binding{key: key, ref: ref})
		case items != nil:
			// One child decodes to a single value and several to an array, which is how
			// the real API's JSON wrote a repeated element.
			add(elems, name, binding{key: key, ref: items})
		case s.Type.Includes(openapi3.TypeArray) && (s.XML == nil || !s.XML.Wrapped):
			b := binding{key: key, ref: s.Items, list: true}
			add(elems, name, b)
			if s.Items != nil && s.Items.Value != nil && s.Items.Value.XML != nil && s.Items.Value.XML.Name != "" {
				add(elems, s.Items.Value.XML.Name, b)
			}
		default:
			add(elems, name, binding{key: key, ref: ref})
		}
	}
	return attrs, elems
}

// listOrSingle returns the items schema of a property that is either an array of
// items or a single item (oneOf or anyOf holding a non-wrapped array and the item
// itself), or nil for any other property.
func listOrSingle(s *openapi3.Schema) *openapi3.SchemaRef {
	for _, alternatives := range []openapi3.SchemaRefs{s.OneOf, s.AnyOf} {
		for _, alt := range alternatives {
			a := alt.Value
			if a != nil && a.Type.Includes(openapi3.TypeArray) && a.Items != nil && (a.XML == nil || !a.XML.Wrapped) {
				return a.Items
			}
		}
	}
	return nil
}

func decodeObject(e *element, sh *shape) map[string]any {
	out := make(map[string]any, len(e.attrs)+len(e.children)+1)
	for _, a := range e.attrs {
		if b, ok := sh.attrs[a.Name.Local]; ok {
			out[b.key] = convert(a.Value, shapeFor(b.ref, nil).kind)
		} else {
			out[a.Name.Local] = a.Value
		}
	}
	values, lists := map[string][]any{}, map[string]bool{}
	for _, c := range e.children {
		b, ok := sh.elems[c.name]
		if !ok {
			b = binding{key: c.name}
		}
		values[b.key] = append(values[b.key], decode(c, b.ref))
		lists[b.key] = lists[b.key] || b.list
	}
	for key, vs := range values {
		if len(vs) == 1 && !lists[key] {
			out[key] = vs[0]
		} else {
			out[key] = vs
		}
	}
	if text := strings.TrimSpace(string(e.text)); text != "" {
		out["content"] = convert(text, shapeFor(sh.props["content"], nil).kind)
	}
	return out
}

// convert turns text into the JSON value of the given scalar type, keeping the
// text when it does not parse so that validation reports the type mismatch.
func convert(text, kind string) any {
	switch kind {
	case openapi3.TypeInteger:
		if n, err := strconv.ParseInt(text, 10, 64); err == nil {
			return n
		}
	case openapi3.TypeNumber:
		if f, err := strconv.ParseFloat(text, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return f
		}
	case openapi3.TypeBoolean:
		if text == "true" || text == "false" {
			return text == "true"
		}
	}
	return text
}
