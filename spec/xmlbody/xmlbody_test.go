package xmlbody

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/google/go-cmp/cmp"
)

// testSpec describes a catalog title the way both representations of the
// API carry it, plus small schemas exercising one decoding rule each.
const testSpec = `
openapi: 3.0.3
info: {title: xmlbody test, version: "1"}
paths:
  /catalog/titles/movies/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: a catalog title
          content:
            application/xml:
              schema: {$ref: "#/components/schemas/CatalogTitleDocument"}
            application/json:
              schema: {$ref: "#/components/schemas/CatalogTitleDocument"}
components:
  schemas:
    CatalogTitleDocument:
      type: object
      additionalProperties: false
      required: [catalog_title]
      properties:
        catalog_title: {$ref: "#/components/schemas/CatalogTitle"}
    CatalogTitle:
      type: object
      additionalProperties: false
      required: [id, title]
      properties:
        id: {type: string}
        title: {$ref: "#/components/schemas/Title"}
        release_year: {type: integer}
        link:
          type: array
          items: {$ref: "#/components/schemas/Link"}
        category:
          type: array
          items: {$ref: "#/components/schemas/Category"}
    Title:
      type: object
      additionalProperties: false
      properties:
        short: {type: string, xml: {attribute: true}}
        regular: {type: string, xml: {attribute: true}}
    Link:
      type: object
      additionalProperties: false
      required: [href, rel]
      properties:
        href: {type: string, xml: {attribute: true}}
        rel: {type: string, xml: {attribute: true}}
        title: {type: string, xml: {attribute: true}}
    Category:
      type: object
      additionalProperties: false
      properties:
        scheme: {type: string, xml: {attribute: true}}
        label: {type: string, xml: {attribute: true}}
        term: {type: string, xml: {attribute: true}}
        content: {type: string}
    Scalars:
      type: object
      properties:
        scalars:
          type: object
          properties:
            year: {type: integer, xml: {attribute: true}}
            release_year: {type: integer}
            average_rating: {type: number}
            instant: {type: boolean}
            synopsis: {type: string}
    Names:
      type: object
      properties:
        names:
          type: object
          additionalProperties: false
          properties:
            code: {type: string, xml: {name: id, attribute: true}}
            year: {type: integer, xml: {name: release_year}}
            formats:
              type: array
              xml: {name: delivery_formats, wrapped: true}
              items: {type: string, xml: {name: format}}
            people:
              type: array
              items: {type: string, xml: {name: person}}
    Composed:
      type: object
      properties:
        composed:
          allOf:
            - {$ref: "#/components/schemas/HasYear"}
            - type: object
              properties:
                rating:
                  oneOf:
                    - type: object
                      properties:
                        value: {type: number, xml: {attribute: true}}
                    - type: number
    HasYear:
      type: object
      properties:
        release_year: {type: integer}
`

const jawsXML = `<?xml version="1.0" standalone="yes"?>
<catalog_title>
  <link href="http://api.netflix.com/catalog/titles/movies/60001220/synopsis"
  rel="http://schemas.netflix.com/catalog/titles/synopsis" title="synopsis"></link>
  <id>http://api.netflix.com/catalog/titles/movies/60001220</id>
  <title short="Jaws" regular="Jaws"></title>
  <release_year>1975</release_year>
  <category scheme="http://api.netflix.com/categories/queue_availability"
  label="Available Now" term="Available Now">Available Now</category>
  <link href="http://www.netflix.com/Movie/Jaws/60001220" rel="alternate" title="web page"></link>
</catalog_title>
`

const jawsJSON = `{"catalog_title": {
  "link": [
    {"href": "http://api.netflix.com/catalog/titles/movies/60001220/synopsis",
     "rel": "http://schemas.netflix.com/catalog/titles/synopsis", "title": "synopsis"},
    {"href": "http://www.netflix.com/Movie/Jaws/60001220", "rel": "alternate", "title": "web page"}
  ],
  "id": "http://api.netflix.com/catalog/titles/movies/60001220",
  "title": {"short": "Jaws", "regular": "Jaws"},
  "release_year": 1975,
  "category": [{"scheme": "http://api.netflix.com/categories/queue_availability",
    "label": "Available Now", "term": "Available Now", "content": "Available Now"}]
}}`

func loadSpec(t testing.TB) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData([]byte(testSpec))
	if err != nil {
		t.Fatalf("load spec: %v", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		t.Fatalf("validate spec: %v", err)
	}
	return doc
}

func component(t testing.TB, name string) *openapi3.SchemaRef {
	t.Helper()
	ref := loadSpec(t).Components.Schemas[name]
	if ref == nil {
		t.Fatalf("no component schema %q", name)
	}
	return ref
}

func mustDecode(t *testing.T, body string, schema *openapi3.SchemaRef) any {
	t.Helper()
	got, err := Decode(strings.NewReader(body), schema)
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	return got
}

func TestDecodeCatalogTitle(t *testing.T) {
	schema := component(t, "CatalogTitleDocument")
	got := mustDecode(t, jawsXML, schema)
	want := map[string]any{"catalog_title": map[string]any{
		"link": []any{
			map[string]any{
				"href":  "http://api.netflix.com/catalog/titles/movies/60001220/synopsis",
				"rel":   "http://schemas.netflix.com/catalog/titles/synopsis",
				"title": "synopsis",
			},
			map[string]any{"href": "http://www.netflix.com/Movie/Jaws/60001220", "rel": "alternate", "title": "web page"},
		},
		"id":           "http://api.netflix.com/catalog/titles/movies/60001220",
		"title":        map[string]any{"short": "Jaws", "regular": "Jaws"},
		"release_year": int64(1975),
		"category": []any{map[string]any{
			"scheme":  "http://api.netflix.com/categories/queue_availability",
			"label":   "Available Now",
			"term":    "Available Now",
			"content": "Available Now",
		}},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Decode mismatch (-want +got):\n%s", diff)
	}
	if err := schema.Value.VisitJSON(got, openapi3.MultiErrors()); err != nil {
		t.Errorf("decoded body does not validate: %v", err)
	}
}

func TestDecodeScalars(t *testing.T) {
	schema := component(t, "Scalars")
	tests := []struct {
		name, body string
		want       map[string]any
	}{
		{"integer", `<scalars><release_year>1975</release_year></scalars>`, map[string]any{"release_year": int64(1975)}},
		{"integer with whitespace", "<scalars><release_year>\n    1975\n  </release_year></scalars>", map[string]any{"release_year": int64(1975)}},
		{"integer that does not parse", `<scalars><release_year>MCMLXXV</release_year></scalars>`, map[string]any{"release_year": "MCMLXXV"}},
		{"integer attribute", `<scalars year="1975"/>`, map[string]any{"year": int64(1975)}},
		{"number", `<scalars><average_rating>3.9</average_rating></scalars>`, map[string]any{"average_rating": 3.9}},
		{"number NaN", `<scalars><average_rating>NaN</average_rating></scalars>`, map[string]any{"average_rating": "NaN"}},
		{"boolean", `<scalars><instant>true</instant></scalars>`, map[string]any{"instant": true}},
		{"boolean that does not parse", `<scalars><instant>yes</instant></scalars>`, map[string]any{"instant": "yes"}},
		{"cdata", `<scalars><synopsis><![CDATA[Shark <b>attack</b>]]></synopsis></scalars>`, map[string]any{"synopsis": "Shark <b>attack</b>"}},
		{"empty string", `<scalars><synopsis></synopsis></scalars>`, map[string]any{"synopsis": ""}},
		{"scalar with attributes", `<scalars><release_year era="AD">1975</release_year></scalars>`,
			map[string]any{"release_year": map[string]any{"era": "AD", "content": "1975"}}},
		{"empty object", `<scalars></scalars>`, map[string]any{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustDecode(t, tt.body, schema)
			if diff := cmp.Diff(map[string]any{"scalars": tt.want}, got); diff != "" {
				t.Errorf("Decode mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeXMLNames(t *testing.T) {
	schema := component(t, "Names")
	tests := []struct {
		name, body string
		want       map[string]any
	}{
		{
			"renamed attribute, element and array items",
			`<names id="60001220"><person>Roy Scheider</person><release_year>1975</release_year>
			<delivery_formats><format>DVD</format><format>instant</format></delivery_formats>
			<person>Robert Shaw</person></names>`,
			map[string]any{
				"code":    "60001220",
				"year":    int64(1975),
				"formats": []any{"DVD", "instant"},
				"people":  []any{"Roy Scheider", "Robert Shaw"},
			},
		},
		{"single item stays an array", `<names><person>Roy Scheider</person></names>`, map[string]any{"people": []any{"Roy Scheider"}}},
		{"empty wrapper", `<names><delivery_formats/></names>`, map[string]any{"formats": []any{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustDecode(t, tt.body, schema)
			if diff := cmp.Diff(map[string]any{"names": tt.want}, got); diff != "" {
				t.Errorf("Decode mismatch (-want +got):\n%s", diff)
			}
			if err := schema.Value.VisitJSON(got); err != nil {
				t.Errorf("decoded body does not validate: %v", err)
			}
		})
	}
}

func TestDecodeComposition(t *testing.T) {
	schema := component(t, "Composed")
	tests := []struct {
		name, body string
		want       map[string]any
	}{
		{"allOf merged, oneOf object", `<composed><release_year>1975</release_year><rating value="3.9"/></composed>`,
			map[string]any{"release_year": int64(1975), "rating": map[string]any{"value": 3.9}}},
		{"oneOf scalar", `<composed><rating>4.5</rating></composed>`, map[string]any{"rating": 4.5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustDecode(t, tt.body, schema)
			if diff := cmp.Diff(map[string]any{"composed": tt.want}, got); diff != "" {
				t.Errorf("Decode mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeCyclicSchema(t *testing.T) {
	loop := &openapi3.SchemaRef{Value: &openapi3.Schema{}}
	loop.Value.AllOf = openapi3.SchemaRefs{loop}
	loop.Value.OneOf = openapi3.SchemaRefs{loop}
	got := mustDecode(t, `<a><b>1</b></a>`, loop)
	if diff := cmp.Diff(map[string]any{"a": map[string]any{"b": "1"}}, got); diff != "" {
		t.Errorf("Decode mismatch (-want +got):\n%s", diff)
	}
}

func TestDecodeWithoutSchema(t *testing.T) {
	body := `<?xml version="1.0" encoding="utf-8"?>
<!-- a queue feed -->
<nflx:feed xmlns="http://www.w3.org/2005/Atom" xmlns:nflx="http://api.netflix.com/schemas">
  <?processing instruction?>
  <title>Disc Queue</title>
  <entry><nflx:position>1</nflx:position><link href="a" rel="alternate"/></entry>
  <entry><nflx:position>2</nflx:position></entry>
  <category label="Available Now">Available <![CDATA[Now]]></category>
  <updated></updated>
</nflx:feed>`
	want := map[string]any{"feed": map[string]any{
		"title": "Disc Queue",
		"entry": []any{
			map[string]any{"position": "1", "link": map[string]any{"href": "a", "rel": "alternate"}},
			map[string]any{"position": "2"},
		},
		"category": map[string]any{"label": "Available Now", "content": "Available Now"},
		"updated":  "",
	}}
	for _, schema := range []*openapi3.SchemaRef{nil, {}, openapi3.NewSchemaRef("", openapi3.NewObjectSchema())} {
		if diff := cmp.Diff(want, mustDecode(t, body, schema)); diff != "" {
			t.Errorf("Decode mismatch (-want +got):\n%s", diff)
		}
	}
}

func TestDecodeUnknownNamesFailValidation(t *testing.T) {
	schema := component(t, "CatalogTitleDocument")
	tests := []struct {
		name, body, mention string
		path                []string
		want                any
	}{
		{"unknown child", `<catalog_title><id>1</id><title/><ratting>4</ratting></catalog_title>`,
			"ratting", []string{"catalog_title", "ratting"}, "4"},
		{"unknown attribute", `<catalog_title><id>1</id><title short="Jaws" long="Jaws (1975)"/></catalog_title>`,
			"long", []string{"catalog_title", "title", "long"}, "Jaws (1975)"},
		{"unknown root", `<catalog_titles><id>1</id></catalog_titles>`,
			"catalog_titles", []string{"catalog_titles", "id"}, "1"},
		{"repeated non-array", `<catalog_title><id>1</id><id>2</id><title/></catalog_title>`,
			"id", []string{"catalog_title", "id"}, []any{"1", "2"}},
		{"attribute on a string", `<catalog_title><id lang="en">1</id><title/></catalog_title>`,
			"id", []string{"catalog_title", "id", "lang"}, "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustDecode(t, tt.body, schema)
			var v any = got
			for _, key := range tt.path {
				m, ok := v.(map[string]any)
				if !ok {
					t.Fatalf("no object at %q in %#v", key, got)
				}
				v = m[key]
			}
			if diff := cmp.Diff(tt.want, v); diff != "" {
				t.Errorf("value at %v (-want +got):\n%s", tt.path, diff)
			}
			err := schema.Value.VisitJSON(got, openapi3.MultiErrors())
			if err == nil || !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("VisitJSON error = %v, want one mentioning %q", err, tt.mention)
			}
		})
	}
}

func TestValidateResponse(t *testing.T) {
	Register()
	doc := loadSpec(t)
	doc.Servers = openapi3.Servers{{URL: "/"}}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatalf("new router: %v", err)
	}
	misspelledXML := strings.Replace(jawsXML, "release_year>", "relase_year>", 2)
	misspelledJSON := strings.Replace(jawsJSON, `"release_year"`, `"relase_year"`, 1)
	tests := []struct {
		name, contentType, body string
		wantErr                 bool
	}{
		{"xml", "application/xml", jawsXML, false},
		{"xml with charset", "application/xml; charset=utf-8", jawsXML, false},
		{"json", "application/json", jawsJSON, false},
		{"misspelled xml", "application/xml", misspelledXML, true},
		{"misspelled json", "application/json", misspelledJSON, true},
		{"malformed xml", "application/xml", "<catalog_title><id>1</catalog_title>", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/catalog/titles/movies/60001220", nil)
			route, params, err := router.FindRoute(req)
			if err != nil {
				t.Fatalf("find route: %v", err)
			}
			err = openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
				RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
				Status:                 http.StatusOK,
				Header:                 http.Header{"Content-Type": {tt.contentType}},
				Body:                   io.NopCloser(strings.NewReader(tt.body)),
				Options:                &openapi3filter.Options{MultiError: true, IncludeResponseStatus: true},
			})
			switch {
			case tt.wantErr && err == nil:
				t.Error("ValidateResponse passed, want an error")
			case !tt.wantErr && err != nil:
				t.Errorf("ValidateResponse: %v", err)
			case tt.wantErr && strings.HasPrefix(tt.name, "misspelled") && !strings.Contains(err.Error(), "relase_year"):
				t.Errorf("ValidateResponse error = %v, want one mentioning relase_year", err)
			}
		})
	}
}

func TestRegister(t *testing.T) {
	Register()
	Register()
	for _, mediaType := range []string{"application/xml", "text/xml", "application/atom+xml", "application/rss+xml"} {
		if openapi3filter.RegisteredBodyDecoder(mediaType) == nil {
			t.Errorf("no body decoder registered for %s", mediaType)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct{ name, body string }{
		{"empty", ""},
		{"whitespace only", " \n\t"},
		{"declaration only", `<?xml version="1.0"?>`},
		{"unclosed", "<catalog_title>\n<id>1</id>"},
		{"mismatched end", "<catalog_title></catalog_titles>"},
		{"mismatched prefix", `<a:catalog_title xmlns:a="x" xmlns:b="x"></b:catalog_title>`},
		{"end before start", "</catalog_title>"},
		{"trailing text", "<catalog_title/>\ngarbage"},
		{"trailing element", "<catalog_title/><catalog_title/>"},
		{"text before root", "garbage<catalog_title/>"},
		{"undefined entity", "<catalog_title>&nbsp;</catalog_title>"},
		{"unsupported encoding", `<?xml version="1.0" encoding="ISO-8859-1"?><a/>`},
		{"too deep", strings.Repeat("<a>", maxDepth+1) + strings.Repeat("</a>", maxDepth+1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Decode(strings.NewReader(tt.body), nil)
			if err == nil {
				t.Fatalf("Decode = %#v, want an error", got)
			}
			if !strings.Contains(err.Error(), "line ") {
				t.Errorf("error %q does not name a line", err)
			}
		})
	}
	deepest := strings.Repeat("<a>", maxDepth) + strings.Repeat("</a>", maxDepth)
	if _, err := Decode(strings.NewReader(deepest), nil); err != nil {
		t.Errorf("Decode at the nesting limit: %v", err)
	}
}

func TestDecodeRealResponse(t *testing.T) {
	const path = "/work/shared/real-responses/train/flix4r-movies.xml"
	body, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		t.Skipf("real response %s is absent", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(bytes.NewReader(body), nil)
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	title, ok := got.(map[string]any)["catalog_title"].(map[string]any)
	if !ok {
		t.Fatalf("no catalog_title object in %#v", got)
	}
	if links, _ := title["link"].([]any); len(links) != 10 {
		t.Errorf("link = %#v, want an array of 10 entries", title["link"])
	}
}

func FuzzDecode(f *testing.F) {
	for _, seed := range []string{
		jawsXML,
		`<names id="1"><delivery_formats><format>DVD</format></delivery_formats></names>`,
		`<a x="1"><![CDATA[text]]><b/><b>2</b></a>`,
		`<?xml version="1.0"?><!-- c --><nflx:a xmlns:nflx="n"><nflx:b/></nflx:a>`,
		"<a>",
		"",
	} {
		f.Add([]byte(seed))
	}
	schemas := []*openapi3.SchemaRef{nil, component(f, "CatalogTitleDocument"), component(f, "Names"), component(f, "Composed")}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, schema := range schemas {
			got, err := Decode(bytes.NewReader(body), schema)
			if err != nil {
				continue
			}
			if m, ok := got.(map[string]any); !ok || len(m) != 1 {
				t.Fatalf("Decode(%q) = %#v, want an object with one key", body, got)
			}
		}
	})
}
