package timeline

import (
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/flixconf/flixconf/spec"
)

// descriptions is what the checks look up in the API descriptions, by description name:
// the operation ids, and every schema reachable from the components.
type descriptions struct {
	operations map[string]map[string]bool
	schemas    map[string][]*openapi3.Schema
}

// loadDescriptions reads every description once per process: they are embedded, so they
// cannot change while it runs.
var loadDescriptions = sync.OnceValues(func() (*descriptions, error) {
	d := &descriptions{operations: map[string]map[string]bool{}, schemas: map[string][]*openapi3.Schema{}}
	for _, name := range spec.Names() {
		ops, err := spec.Operations(name)
		if err != nil {
			return nil, err
		}
		d.operations[name] = map[string]bool{}
		for _, op := range ops {
			d.operations[name][op.ID] = true
		}
		doc, err := spec.Load(name)
		if err != nil {
			return nil, err
		}
		d.schemas[name] = reachable(doc)
	}
	return d, nil
})

// hasOperation reports whether description v has the operation id op.
func (d *descriptions) hasOperation(v, op string) bool { return d.operations[v][op] }

// hasElement reports whether the element path (element.child..., optionally @attribute) leads
// through the schemas of description v: its first name is a property of some schema, each
// next name a property of the one before, and the attribute an XML attribute of the last.
func (d *descriptions) hasElement(v, path string) bool {
	elems, attr, _ := strings.Cut(path, "@")
	names := strings.Split(elems, ".")
	for _, s := range d.schemas[v] {
		if leads(s, names, attr) {
			return true
		}
	}
	return false
}

// leads reports whether names, then attr (when not empty), lead from s through properties.
func leads(s *openapi3.Schema, names []string, attr string) bool {
	for _, p := range properties(s, names[0]) {
		switch {
		case len(names) > 1:
			if leads(p, names[1:], attr) {
				return true
			}
		case attr == "":
			return true
		default:
			for _, a := range properties(p, attr) {
				if a.XML != nil && a.XML.Attribute {
					return true
				}
			}
		}
	}
	return false
}

// properties returns the schemas of the properties called name of s, looking through what
// wraps an element: a repeated element is described as an array of it or the single object
// (oneOf), and composed schemas add properties (allOf, anyOf).
func properties(s *openapi3.Schema, name string) []*openapi3.Schema {
	var out []*openapi3.Schema
	seen := map[*openapi3.Schema]bool{}
	var walk func(*openapi3.Schema)
	walk = func(s *openapi3.Schema) {
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		if p := s.Properties[name]; p != nil && p.Value != nil {
			out = append(out, p.Value)
		}
		if s.Items != nil {
			walk(s.Items.Value)
		}
		for _, refs := range []openapi3.SchemaRefs{s.OneOf, s.AnyOf, s.AllOf} {
			for _, r := range refs {
				walk(r.Value)
			}
		}
	}
	walk(s)
	return out
}

// reachable lists every schema of the document's components and every schema nested in them.
func reachable(doc *openapi3.T) []*openapi3.Schema {
	var out []*openapi3.Schema
	seen := map[*openapi3.Schema]bool{}
	var walk func(*openapi3.SchemaRef)
	walk = func(r *openapi3.SchemaRef) {
		if r == nil || r.Value == nil || seen[r.Value] {
			return
		}
		s := r.Value
		seen[s] = true
		out = append(out, s)
		for _, p := range s.Properties {
			walk(p)
		}
		walk(s.Items)
		walk(s.AdditionalProperties.Schema)
		for _, refs := range []openapi3.SchemaRefs{s.OneOf, s.AnyOf, s.AllOf} {
			for _, r := range refs {
				walk(r)
			}
		}
	}
	if doc.Components != nil {
		for _, r := range doc.Components.Schemas {
			walk(r)
		}
	}
	return out
}
