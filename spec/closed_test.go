package spec

import (
	"fmt"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// Every object schema of every description is closed (additionalProperties: false) or says
// why not in x-open, so that a misspelled element is always caught where it is known.
func TestObjectsAreClosedOrSayWhy(t *testing.T) {
	for _, name := range Names() {
		doc, err := Load(name)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[*openapi3.Schema]bool{}
		var check func(where string, ref *openapi3.SchemaRef)
		check = func(where string, ref *openapi3.SchemaRef) {
			if ref == nil || ref.Value == nil || seen[ref.Value] {
				return
			}
			s := ref.Value
			seen[s] = true
			if s.Type.Is(openapi3.TypeObject) || len(s.Properties) > 0 {
				closed := s.AdditionalProperties.Has != nil && !*s.AdditionalProperties.Has
				if _, open := s.Extensions["x-open"]; !closed && !open {
					t.Errorf("%s: %s is an open object without x-open", name, where)
				}
			}
			for p, child := range s.Properties {
				check(where+"/"+p, child)
			}
			check(where+"/items", s.Items)
			check(where+"/additionalProperties", s.AdditionalProperties.Schema)
			for i, group := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
				for j, m := range group {
					check(fmt.Sprintf("%s/%s/%d", where, []string{"allOf", "oneOf", "anyOf"}[i], j), m)
				}
			}
		}
		for n, s := range doc.Components.Schemas {
			check("#/components/schemas/"+n, s)
		}
		for path, item := range doc.Paths.Map() {
			for method, op := range item.Operations() {
				where := method + " " + path
				for _, p := range op.Parameters {
					if p.Value != nil {
						check(where+" parameter "+p.Value.Name, p.Value.Schema)
					}
				}
				if op.RequestBody != nil && op.RequestBody.Value != nil {
					for mt, c := range op.RequestBody.Value.Content {
						check(where+" request "+mt, c.Schema)
					}
				}
				for code, r := range op.Responses.Map() {
					if r.Value == nil {
						continue
					}
					for mt, c := range r.Value.Content {
						check(where+" "+code+" "+mt, c.Schema)
					}
				}
			}
		}
		if len(seen) < 20 {
			t.Errorf("%s: only %d schemas walked", name, len(seen))
		}
	}
}
