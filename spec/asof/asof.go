// Package asof gives a description as it stood on a day of the API's life: the document of a
// version with the timeline applied. Operations removed by that day are gone; operations
// announced for removal but still live are deprecated with their sunset day; removed elements
// are gone from the schemas; values pinned without condition become one-value enums. After
// the retirement the document says that only the partner applications are served.
package asof

import (
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v3"

	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/spec/timeline"
)

// Document returns the description of version v as it stood on day.
func Document(v string, day spec.Day) (*openapi3.T, error) {
	doc, err := spec.Load(v)
	if err != nil {
		return nil, err
	}
	tl, err := timeline.Load()
	if err != nil {
		return nil, err
	}
	if doc.Info.Extensions == nil {
		doc.Info.Extensions = map[string]any{}
	}
	doc.Info.Extensions["x-flixconf-as-of"] = day.String()
	service := "api"
	if v == spec.ODataName {
		service = "odata"
	}
	if e, ok := tl.ServiceRetired(service, day); ok {
		msg := fmt.Sprintf("retired on %s (%s)", e.EffectiveDay(), e.ID)
		if service == "api" {
			msg += "; only the partner applications are served: " + strings.Join(tl.Partners(), ", ")
		}
		doc.Info.Extensions["x-flixconf-retired"] = msg
	}
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for method, op := range item.Operations() {
			if _, removed := tl.OperationRemoved(v, op.OperationID, day); removed {
				item.SetOperation(method, nil)
				continue
			}
			if e, sunset, ok := tl.OperationAnnounced(v, op.OperationID, day); ok {
				op.Deprecated = true
				if op.Extensions == nil {
					op.Extensions = map[string]any{}
				}
				op.Extensions["x-sunset"] = sunset.String()
				op.Extensions["x-flixconf-announced-by"] = e.ID
			}
		}
		if len(item.Operations()) == 0 {
			doc.Paths.Delete(path)
		}
	}
	for _, name := range slices.Sorted(mapKeys(doc.Components.Schemas)) {
		s := doc.Components.Schemas[name].Value
		if s == nil {
			continue
		}
		element := xmlName(name, s)
		for _, prop := range slices.Sorted(mapKeys(s.Properties)) {
			path := element + "." + prop
			if p := s.Properties[prop].Value; p != nil && p.XML != nil && p.XML.Attribute {
				path = element + "@" + prop
			}
			if _, gone := tl.ElementRemoved(v, path, day); gone {
				delete(s.Properties, prop)
				s.Required = slices.DeleteFunc(s.Required, func(r string) bool { return r == prop })
				continue
			}
			if value, within, e, ok := tl.Pinned(v, path, day); ok {
				pinned := *s.Properties[prop].Value
				pinned.Extensions = cloneExtensions(pinned.Extensions)
				pinned.Extensions["x-flixconf-pinned-by"] = e.ID
				if within == 0 {
					pinned.Enum = []any{value}
				} else {
					pinned.Extensions["x-flixconf-pinned"] = fmt.Sprintf("%s unless the title leaves within %d days", value, within)
				}
				s.Properties[prop] = openapi3.NewSchemaRef("", &pinned)
			}
		}
	}
	return doc, nil
}

// xmlName is the element a component schema describes: its xml name, or its name in lower
// snake case (TitleStateItem is title_state_item).
func xmlName(name string, s *openapi3.Schema) string {
	if s.XML != nil && s.XML.Name != "" {
		return s.XML.Name
	}
	var b strings.Builder
	for i, r := range name {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

func mapKeys[M ~map[string]V, V any](m M) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func cloneExtensions(m map[string]any) map[string]any {
	out := make(map[string]any, len(m)+2)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// Marshal writes a document as YAML.
func Marshal(doc *openapi3.T) ([]byte, error) {
	j, err := doc.MarshalJSON()
	if err != nil {
		return nil, err
	}
	var v any
	if err := yaml.Unmarshal(j, &v); err != nil { // JSON is YAML
		return nil, err
	}
	return yaml.Marshal(v)
}
