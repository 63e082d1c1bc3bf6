package xmlbody

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/flixconf/flixconf/spec"
)

// describedSchemas are documents of the 2.0 description that the fuzzer decodes against: a
// title (attributes, lists, integers), a list of titles and a queue.
var describedSchemas = []string{"CatalogTitleDocument", "CatalogTitlesDocument", "QueueDocument", "StatusDocument"}

// FuzzDecodeDescribed decodes arbitrary bytes against schemas of the API's own descriptions.
// Decode fails with an error or returns an object of one member, the root element, that JSON
// can carry; and it never invents a type the schema does not ask for: an integer, number or
// boolean appears only where the schema allows one. (Text that does not convert stays text,
// and structure where the schema wants a scalar stays structure, for validation to report.)
func FuzzDecodeDescribed(f *testing.F) {
	doc, err := spec.Load("2.0")
	if err != nil {
		f.Fatal(err)
	}
	var schemas []*openapi3.SchemaRef
	for _, name := range describedSchemas {
		ref := doc.Components.Schemas[name]
		if ref == nil {
			f.Fatalf("the 2.0 description has no schema %s", name)
		}
		schemas = append(schemas, ref)
	}
	f.Add([]byte(jawsXML))
	f.Add([]byte(`<status><status_code>404</status_code><sub_code>x</sub_code><message>Title Not Found</message></status>`))
	f.Add([]byte(`<catalog_titles><number_of_results>1e3</number_of_results><catalog_title><release_year>1975</release_year>` +
		`<release_year><a/></release_year><average_rating>3.5</average_rating></catalog_title></catalog_titles>`))
	f.Add([]byte(`<queue><queue_item position="2"><position> 1 </position><box_art small="s"/></queue_item></queue>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		for i, schema := range schemas {
			got, err := Decode(bytes.NewReader(body), schema)
			if err != nil {
				continue
			}
			m, ok := got.(map[string]any)
			if !ok || len(m) != 1 {
				t.Fatalf("%s: Decode(%q) = %#v, want an object with one member", describedSchemas[i], body, got)
			}
			if _, err := json.Marshal(got); err != nil {
				t.Fatalf("%s: Decode(%q) gave a value JSON cannot carry: %v", describedSchemas[i], body, err)
			}
			if err := typedWhereAsked(got, schema, ""); err != nil {
				t.Fatalf("%s: Decode(%q) = %#v: %v", describedSchemas[i], body, got, err)
			}
		}
	})
}

// typedWhereAsked reports an integer, number or boolean in v at a place whose schema does not
// allow that type. Below a oneOf or anyOf, which alternative decoding chose depends on the
// element, so only the types of the alternatives are checked there, not the structure.
func typedWhereAsked(v any, ref *openapi3.SchemaRef, at string) error {
	kinds, items, props, composed := describe(ref, 0)
	want := map[string]string{fmt.Sprintf("%T", int64(0)): openapi3.TypeInteger,
		fmt.Sprintf("%T", float64(0)): openapi3.TypeNumber, fmt.Sprintf("%T", true): openapi3.TypeBoolean}
	switch v := v.(type) {
	case int64, float64, bool:
		if kind := want[fmt.Sprintf("%T", v)]; !slices.Contains(kinds, kind) {
			return fmt.Errorf("%s: %v (%s) where the schema allows %v", at, v, kind, kinds)
		}
	case []any:
		each := ref
		if slices.Contains(kinds, openapi3.TypeArray) && items != nil {
			each = items
		}
		for i, x := range v {
			if err := typedWhereAsked(x, each, fmt.Sprintf("%s/%d", at, i)); err != nil {
				return err
			}
		}
	case map[string]any:
		if composed {
			return nil
		}
		for k, x := range v {
			if err := typedWhereAsked(x, props[k], at+"/"+k); err != nil {
				return err
			}
		}
	}
	return nil
}

// describe returns what ref says of a value: its types, with allOf members and the
// alternatives of oneOf and anyOf; its items and properties, with those of allOf members; and
// whether it has alternatives.
func describe(ref *openapi3.SchemaRef, depth int) (kinds []string, items *openapi3.SchemaRef, props openapi3.Schemas, composed bool) {
	if ref == nil || ref.Value == nil || depth > maxComposition {
		return nil, nil, nil, false
	}
	s := ref.Value
	kinds = slices.Clone(s.Type.Slice())
	if len(s.Properties) > 0 {
		kinds = append(kinds, openapi3.TypeObject)
	}
	items = s.Items
	props = openapi3.Schemas{}
	for _, member := range s.AllOf {
		k, i, p, c := describe(member, depth+1)
		kinds = append(kinds, k...)
		if items == nil {
			items = i
		}
		for name, r := range p {
			props[name] = r
		}
		composed = composed || c
	}
	for name, r := range s.Properties {
		props[name] = r
	}
	for _, alt := range slices.Concat(s.OneOf, s.AnyOf) {
		composed = true
		k, i, _, _ := describe(alt, depth+1)
		kinds = append(kinds, k...)
		if ik, _, _, _ := describe(i, depth+1); len(ik) > 0 {
			kinds = append(kinds, ik...)
		}
	}
	return kinds, items, props, composed
}
