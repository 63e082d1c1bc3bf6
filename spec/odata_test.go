// The tests of the OData catalog's description are an external test package: they validate
// answers through spec/validate, which imports spec (package spec could not import it).
package spec_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/spec/validate"
)

func TestODataDocumentLoads(t *testing.T) {
	if !slices.Contains(spec.Names(), spec.ODataName) {
		t.Fatalf("Names() = %v, want it to hold %q", spec.Names(), spec.ODataName)
	}
	doc, err := spec.Load(spec.ODataName)
	if err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("OpenAPI %s, want 3.0.3", doc.OpenAPI)
	}
	var servers []string
	for _, s := range doc.Servers {
		servers = append(servers, s.URL)
	}
	if want := []string{"http://odata.netflix.com/Catalog", "http://odata.netflix.com/v2/Catalog"}; !slices.Equal(servers, want) {
		t.Errorf("servers %v, want %v", servers, want)
	}
	for _, s := range []string{"2013-04-08", "2013-03-08", "Changes to the Public API Program"} {
		if !strings.Contains(doc.Info.Description, s) {
			t.Errorf("info.description should say %q", s)
		}
	}
	sources, _ := doc.Info.Extensions["x-flixconf-sources"].([]any)
	joined := fmt.Sprint(sources...)
	for _, s := range []string{"netflix-api.md section 5", "netflix-api-more.md section 2.1"} {
		if !strings.Contains(joined, s) {
			t.Errorf("x-flixconf-sources should name %q; got %v", s, sources)
		}
	}
	if len(doc.Security) > 0 || len(doc.Components.SecuritySchemes) > 0 {
		t.Error("OData requests are not signed: the description needs no security")
	}
}

// Every operation id is spec.OperationID of its method and path, and unique. Paths made of
// plain names and whole {parameters} give ids of letters only; a key inside a segment keeps
// the segment's punctuation, which the rule has no other form for.
func TestODataOperationIDs(t *testing.T) {
	doc, err := spec.Load(spec.ODataName)
	if err != nil {
		t.Fatal(err)
	}
	letters := regexp.MustCompile(`^get[A-Z][A-Za-z]*$`)
	plain := regexp.MustCompile(`^(/([A-Za-z]+|\{[A-Za-z]+\}))+$`)
	seen := map[string]string{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if method != http.MethodGet {
				t.Errorf("%s %s: the catalog is read-only", method, path)
			}
			want := spec.OperationID(method, path)
			if op.OperationID != want {
				t.Errorf("%s %s: operation id %q, want %q", method, path, op.OperationID, want)
			}
			if plain.MatchString(path) && !letters.MatchString(op.OperationID) {
				t.Errorf("%s %s: operation id %q is not letters only", method, path, op.OperationID)
			}
			if strings.ContainsAny(op.OperationID, " \t\n/") {
				t.Errorf("%s %s: operation id %q holds a space or slash", method, path, op.OperationID)
			}
			if other, ok := seen[op.OperationID]; ok {
				t.Errorf("operation id %q used by %s and %s", op.OperationID, other, path)
			}
			seen[op.OperationID] = path
		}
	}
}

// Every object schema, in the components or inline, is closed or says why it is open.
func TestODataObjectsClosedOrOpen(t *testing.T) {
	doc, err := spec.Load(spec.ODataName)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[*openapi3.Schema]bool{}
	var walk func(where string, ref *openapi3.SchemaRef)
	walk = func(where string, ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		if s.Type.Is(openapi3.TypeObject) || len(s.Properties) > 0 {
			closed := s.AdditionalProperties.Has != nil && !*s.AdditionalProperties.Has && s.AdditionalProperties.Schema == nil
			reason, _ := s.Extensions["x-open"].(string)
			switch {
			case closed && reason != "":
				t.Errorf("%s: closed, yet x-open says %q", where, reason)
			case !closed && strings.TrimSpace(reason) == "":
				t.Errorf("%s: an object neither closed (additionalProperties: false) nor x-open with a reason", where)
			}
		}
		for name, p := range s.Properties {
			walk(where+"/"+name, p)
		}
		walk(where+"[]", s.Items)
		walk(where+"{}", s.AdditionalProperties.Schema)
		walk(where+"!", s.Not)
		for _, group := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
			for i, m := range group {
				walk(fmt.Sprintf("%s|%d", where, i), m)
			}
		}
	}
	for name, s := range doc.Components.Schemas {
		walk("#/components/schemas/"+name, s)
	}
	for name, p := range doc.Components.Parameters {
		walk("#/components/parameters/"+name, p.Value.Schema)
	}
	content := func(where string, c openapi3.Content) {
		for mt, m := range c {
			walk(where+" "+mt, m.Schema)
		}
	}
	for name, r := range doc.Components.Responses {
		content("#/components/responses/"+name, r.Value.Content)
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			for _, p := range op.Parameters {
				walk(method+" "+path+" "+p.Value.Name, p.Value.Schema)
			}
			for code, r := range op.Responses.Map() {
				content(method+" "+path+" "+code, r.Value.Content)
			}
		}
	}
	if len(seen) < 50 {
		t.Fatalf("walked only %d schemas", len(seen))
	}
}

func TestODataOperations(t *testing.T) {
	ops, err := spec.Operations(spec.ODataName)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]spec.Operation{}
	for _, o := range ops {
		if o.AuthLevel != "" {
			t.Errorf("%s: auth level %q, want none", o.ID, o.AuthLevel)
		}
		byID[o.ID] = o
	}
	const atomJSON = "application/atom+xml application/json"
	for id, want := range map[string]string{
		"getRoot":                      "application/atomsvc+xml application/json application/xml",
		"getMetadata":                  "application/xml",
		"getTitles":                    atomJSON,
		"getGenres":                    atomJSON,
		"getLanguages":                 atomJSON,
		"getPeople":                    atomJSON,
		"getTitleAudioFormats":         atomJSON,
		"getTitleAwards":               atomJSON,
		"getTitleScreenFormats":        atomJSON,
		"getTitlesById":                atomJSON,
		"getTitlesByIdCast":            atomJSON,
		"getTitlesByIdSeries":          atomJSON,
		"getTitlesByIdValue":           "image/jpeg",
		"getPeopleById":                atomJSON,
		"getPeopleByIdTitlesActedIn":   atomJSON,
		"getPeopleByIdTitlesDirected":  atomJSON,
		"getGenresByName":              atomJSON,
		"getGenresByNameTitles":        atomJSON,
		"getTitlesByIdByProperty":      "application/json application/xml",
		"getTitlesByIdByPropertyValue": "text/plain",
	} {
		o, ok := byID[id]
		if !ok {
			t.Errorf("%s: missing", id)
			continue
		}
		if got := strings.Join(o.Representations, " "); got != want {
			t.Errorf("%s: representations %q, want %q", id, got, want)
		}
	}
	for _, nav := range []string{"AudioFormats", "Awards", "Cast", "Directors", "Disc", "Genres", "Languages", "Movie", "ScreenFormats", "Season", "Series"} {
		if _, ok := byID["getTitlesById"+nav]; !ok {
			t.Errorf("navigation property Titles/%s: no operation", nav)
		}
	}
}

// The documented $filter samples fit the parameter's pattern; text that is not a comparison
// does not.
func TestODataFilterSamples(t *testing.T) {
	doc, err := spec.Load(spec.ODataName)
	if err != nil {
		t.Fatal(err)
	}
	s := doc.Components.Parameters["filter"].Value.Schema.Value
	for _, ok := range []string{
		"Name eq 'The Name'",
		"AverageRating lt 2",
		"ReleaseYear le 1989 and ReleaseYear ge 1980",
		"(ReleaseYear gt 1999) or Name eq 'It''s a Title'",
		"Instant/Available eq true",
		"Rating ne null",
	} {
		if err := s.VisitJSON(ok); err != nil {
			t.Errorf("$filter=%s should be described: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "Name", "Name = 'x'", "ReleaseYear le 1989 and", "Name eq 'unclosed"} {
		if err := s.VisitJSON(bad); err == nil {
			t.Errorf("$filter=%s should not be described", bad)
		}
	}
	for name, good := range map[string]string{"top": "0", "skip": "25"} {
		if err := doc.Components.Parameters[name].Value.Schema.Value.VisitJSON(float64(len(good))); err != nil {
			t.Errorf("$%s: %v", name, err)
		}
		if err := doc.Components.Parameters[name].Value.Schema.Value.VisitJSON(float64(-1)); err == nil {
			t.Errorf("$%s=-1 should be refused", name)
		}
	}
}

// Request paths are relative to the catalog's base: the validator makes the servers "/".
func TestODataRouting(t *testing.T) {
	v, err := validate.New(spec.ODataName)
	if err != nil {
		t.Fatal(err)
	}
	for url, want := range map[string]string{
		"/":              "getRoot",
		"/?$format=json": "getRoot",
		"/$metadata":     "getMetadata",
		"/Titles?$filter=AverageRating%20lt%202&$format=json": "getTitles",
		"/Titles('Zq3xT')":                                         "getTitlesById",
		"/Titles('Zq3xT')/$value":                                  "getTitlesByIdValue",
		"/Titles('Zq3xT')/Cast":                                    "getTitlesByIdCast",
		"/Titles('Zq3xT')/Synopsis":                                "getTitlesByIdByProperty",
		"/Titles('Zq3xT')/Synopsis/$value":                         "getTitlesByIdByPropertyValue",
		"/People(4411)":                                            "getPeopleById",
		"/People(4411)/TitlesDirected":                             "getPeopleByIdTitlesDirected",
		"/Genres('Silent%20Films')/Titles":                         "getGenresByNameTitles",
		"/Languages('Welsh')":                                      "getLanguagesByName",
		"/TitleAwards(guid'0b7e9a52-3c1d-4f5e-9a6b-2c8d7e1f0a93')": "getTitleAwardsGuidById",
		"/TitleScreenFormats(TitleId='Zq3xT',DeliveryFormat='DVD',Format='1.33:1')": "getTitleScreenFormatsTitleIdByTitleIdDeliveryFormatByDeliveryFormatFormatByFormat",
	} {
		got, err := v.Operation(httptest.NewRequest(http.MethodGet, "http://odata.netflix.com/Catalog"+url, nil))
		if err != nil || got != want {
			t.Errorf("GET %s: operation %q (%v), want %q", url, got, err, want)
		}
	}
}

// An invented title in the shape of the 2010 entry (OData V2 verbose JSON); not a recording.
const inventedTitle = `{
  "__metadata": {
    "uri": "http://odata.netflix.com/Catalog/Titles('Zq3xT')",
    "type": "NetflixModel.Title",
    "etag": "W/\"datetime'2010-03-02T09%3A15%3A00'\"",
    "edit_media": "http://odata.netflix.com/Catalog/Titles('Zq3xT')/$value",
    "media_src": "http://cdn-3.nflximg.com/us/boxshots/large/99000123.jpg",
    "content_type": "image/jpeg",
    "media_etag": "\"3/2/2010 9:15:00 AM\""
  },
  "AudioFormats": {"__deferred": {"uri": "http://odata.netflix.com/Catalog/Titles('Zq3xT')/AudioFormats"}},
  "AverageRating": 3.6,
  "Awards": {"__deferred": {"uri": "http://odata.netflix.com/Catalog/Titles('Zq3xT')/Awards"}},
  "BluRay": {"__metadata": {"type": "NetflixModel.DeliveryFormatAvailability"}, "Available": true, "AvailableFrom": "\/Date(1262304000000)\/", "AvailableTo": null},
  "BoxArt": {
    "__metadata": {"type": "NetflixModel.BoxArt"},
    "SmallUrl": "http://cdn-3.nflximg.com/us/boxshots/tiny/99000123.jpg",
    "MediumUrl": "http://cdn-3.nflximg.com/us/boxshots/small/99000123.jpg",
    "LargeUrl": "http://cdn-3.nflximg.com/us/boxshots/large/99000123.jpg",
    "HighDefinitionUrl": null
  },
  "Cast": {"__deferred": {"uri": "http://odata.netflix.com/Catalog/Titles('Zq3xT')/Cast"}},
  "DateModified": "\/Date(1267521300000)\/",
  "Directors": {"__deferred": {"uri": "http://odata.netflix.com/Catalog/Titles('Zq3xT')/Directors"}},
  "Disc": {"__deferred": {"uri": "http://odata.netflix.com/Catalog/Titles('Zq3xT')/Disc"}},
  "Dvd": {"__metadata": {"type": "NetflixModel.DeliveryFormatAvailability"}, "Available": true, "AvailableFrom": "\/Date(1104537600000)\/", "AvailableTo": null},
  "Genres": {"__deferred": {"uri": "http://odata.netflix.com/Catalog/Titles('Zq3xT')/Genres"}},
  "Id": "Zq3xT",
  "Instant": {"__metadata": {"type": "NetflixModel.InstantAvailability"}, "Available": false, "AvailableFrom": null, "AvailableTo": null, "HighDefinitionAvailable": false},
  "Languages": {"__deferred": {"uri": "http://odata.netflix.com/Catalog/Titles('Zq3xT')/Languages"}},
  "Movie": {"__deferred": {"uri": "http://odata.netflix.com/Catalog/Titles('Zq3xT')/Movie"}},
  "Name": "The Lighthouse at Gull Point",
  "NetflixApiId": "http://api.netflix.com/catalog/titles/movies/99000123",
  "Rating": "PG",
  "ReleaseYear": 2004,
  "Runtime": 5880,
  "ScreenFormats": {"__deferred": {"uri": "http://odata.netflix.com/Catalog/Titles('Zq3xT')/ScreenFormats"}},
  "Season": {"__deferred": {"uri": "http://odata.netflix.com/Catalog/Titles('Zq3xT')/Season"}},
  "Series": {"__deferred": {"uri": "http://odata.netflix.com/Catalog/Titles('Zq3xT')/Series"}},
  "ShortName": "Lighthouse at Gull Point",
  "Synopsis": "A keeper (<a href=\"http://www.netflix.com/RoleDisplay/Ada_Quill/99000456\">Ada Quill</a>) waits out a winter storm.",
  "TinyUrl": "http://movi.es/Zq3xT",
  "Type": "Movie",
  "Url": "http://www.netflix.com/Movie/The_Lighthouse_at_Gull_Point/99000123",
  "WebsiteUrl": null
}`

func jsonHeader() http.Header { return http.Header{"Content-Type": {"application/json;charset=utf-8"}} }

func lines(vs []validate.Violation) string {
	var b strings.Builder
	for _, v := range vs {
		b.WriteString(v.String())
		b.WriteByte('\n')
	}
	return b.String()
}

func TestODataJSONConforms(t *testing.T) {
	v, err := validate.New(spec.ODataName)
	if err != nil {
		t.Fatal(err)
	}
	get := func(url string) *http.Request {
		return httptest.NewRequest(http.MethodGet, "http://odata.netflix.com/Catalog"+url, nil)
	}
	expandedPerson := `{"__metadata": {"uri": "http://odata.netflix.com/Catalog/People(99000456)", "type": "NetflixModel.Person"},
		"Id": 99000456, "Name": "Ada Quill",
		"TitlesActedIn": {"results": [` + inventedTitle + `]},
		"TitlesDirected": {"results": []}}`
	for _, c := range []struct{ name, url, body string }{
		{"one title", "/Titles('Zq3xT')?$format=json", `{"d": ` + inventedTitle + `}`},
		{"V2 collection", "/Titles?$format=json&$inlinecount=allpages", `{"d": {"results": [` + inventedTitle + `], "__count": "1", "__next": "http://odata.netflix.com/Catalog/Titles?$format=json&$skiptoken='Zq3xT'"}}`},
		{"V1 collection", "/Titles?$format=json&$top=1", `{"d": [` + inventedTitle + `]}`},
		{"expanded cast", "/Titles('Zq3xT')?$format=json&$expand=Cast,Series", `{"d": ` +
			strings.Replace(strings.Replace(inventedTitle,
				`"Cast": {"__deferred": {"uri": "http://odata.netflix.com/Catalog/Titles('Zq3xT')/Cast"}}`, `"Cast": {"results": [`+expandedPerson+`]}`, 1),
				`"Series": {"__deferred": {"uri": "http://odata.netflix.com/Catalog/Titles('Zq3xT')/Series"}}`, `"Series": null`, 1) + `}`},
		{"person with expanded titles", "/People(99000456)?$format=json&$expand=TitlesActedIn,TitlesDirected", `{"d": ` + expandedPerson + `}`},
		{"genre", "/Genres('Maritime%20Dramas')?$format=json", `{"d": {"__metadata": {"uri": "http://odata.netflix.com/Catalog/Genres('Maritime%20Dramas')", "type": "NetflixCatalog.Model.Genre"}, "Name": "Maritime Dramas", "Titles": {"__deferred": {"uri": "http://odata.netflix.com/Catalog/Genres('Maritime%20Dramas')/Titles"}}}}`},
		{"selected", "/Titles?$format=json&$select=Name,BoxArt", `{"d": {"results": [{"__metadata": {"uri": "http://odata.netflix.com/v2/Catalog/Titles('Zq3xT')", "type": "NetflixCatalog.Model.Title"}, "Name": "The Lighthouse at Gull Point", "BoxArt": {"__metadata": {"type": "NetflixCatalog.Model.BoxArt"}, "SmallUrl": null, "MediumUrl": null, "LargeUrl": null, "HighDefinitionUrl": null}}]}}`},
		{"service document", "/?$format=json", `{"d": {"EntitySets": ["TitleAudioFormats", "TitleAwards", "Titles", "TitleScreenFormats", "Genres", "Languages", "People"]}}`},
		{"one property", "/Titles('Zq3xT')/ReleaseYear?$format=json", `{"d": {"ReleaseYear": 2004}}`},
	} {
		if got := v.Response(get(c.url), http.StatusOK, jsonHeader(), []byte(c.body)); len(got) > 0 {
			t.Errorf("%s: should conform:\n%s", c.name, lines(got))
		}
	}

	errBody := `{"error": {"code": "", "message": {"lang": "en-US", "value": "Resource not found for the segment 'Titles'."}}}`
	if got := v.Response(get("/Titles('nope')?$format=json"), http.StatusNotFound, jsonHeader(), []byte(errBody)); len(got) > 0 {
		t.Errorf("a JSON error should conform:\n%s", lines(got))
	}
}

func TestODataJSONRefused(t *testing.T) {
	v, err := validate.New(spec.ODataName)
	if err != nil {
		t.Fatal(err)
	}
	get := func(url string) *http.Request {
		return httptest.NewRequest(http.MethodGet, "http://odata.netflix.com/Catalog"+url, nil)
	}
	for _, c := range []struct{ name, url, body, want string }{
		{"misspelled", "/Titles('Zq3xT')?$format=json",
			`{"d": ` + strings.Replace(inventedTitle, `"ReleaseYear": 2004`, `"RelaseYear": 2004`, 1) + `}`,
			"getTitlesById /d/RelaseYear: not in the description"},
		{"year as a string", "/Titles('Zq3xT')?$format=json",
			`{"d": ` + strings.Replace(inventedTitle, `"ReleaseYear": 2004`, `"ReleaseYear": "2004"`, 1) + `}`,
			"getTitlesById /d/ReleaseYear:"},
		{"availability as 0/1", "/Titles('Zq3xT')?$format=json",
			`{"d": ` + strings.Replace(inventedTitle, `"Available": false`, `"Available": 0`, 1) + `}`,
			"/d/Instant/Available"},
		{"date not /Date()/", "/Titles('Zq3xT')?$format=json",
			`{"d": ` + strings.Replace(inventedTitle, `"DateModified": "\/Date(1267521300000)\/"`, `"DateModified": "2010-03-02"`, 1) + `}`,
			"/d/DateModified"},
		{"misspelled in a collection", "/Titles?$format=json",
			`{"d": {"results": [` + strings.Replace(inventedTitle, `"ShortName"`, `"ShortTitle"`, 1) + `]}}`,
			"getTitles /d/results/0/ShortTitle: not in the description"},
		{"year as a string in a collection", "/Titles?$format=json",
			`{"d": {"results": [` + strings.Replace(inventedTitle, `"ReleaseYear": 2004`, `"ReleaseYear": "2004"`, 1) + `]}}`,
			"getTitles /d/results/0/ReleaseYear: value must be an integer"},
		{"misspelled in a V1 collection", "/Titles?$format=json",
			`{"d": [` + strings.Replace(inventedTitle, `"ShortName"`, `"ShortTitle"`, 1) + `]}`,
			"getTitles /d/0/ShortTitle: not in the description"},
		{"misspelled in an expanded person", "/Titles('Zq3xT')/Cast?$format=json",
			`{"d": {"results": [{"__metadata": {"uri": "http://odata.netflix.com/Catalog/People(1)", "type": "NetflixModel.Person"}, "Id": 1, "Nmae": "Ada Quill", "TitlesActedIn": {"results": [` +
				strings.Replace(inventedTitle, `"Runtime": 5880`, `"Runtime": "5880"`, 1) + `]}}]}}`,
			"getTitlesByIdCast /d/results/0/Nmae: not in the description"},
		{"a member beside results", "/Titles?$format=json", `{"d": {"results": [], "__count": 3}}`, "/d/__count"},
		{"an unknown entity set", "/?$format=json", `{"d": {"EntitySets": ["Titles", "Movies"]}}`, "getRoot /d/EntitySets/1"},
	} {
		got := lines(v.Response(get(c.url), http.StatusOK, jsonHeader(), []byte(c.body)))
		if !strings.Contains(got, c.want) {
			t.Errorf("%s: want a violation with %q; got:\n%s", c.name, c.want, got)
		}
	}
}

// An invented Atom feed in the OData V2 Atom format (no Atom body of the service is recorded).
const inventedFeed = `<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<feed xml:base="http://odata.netflix.com/Catalog/" xmlns:d="http://schemas.microsoft.com/ado/2007/08/dataservices" xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata" xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Titles</title>
  <id>http://odata.netflix.com/Catalog/Titles</id>
  <updated>2010-03-02T09:15:00Z</updated>
  <link rel="self" title="Titles" href="Titles" />
  <m:count>1</m:count>
  <entry m:etag="W/&quot;datetime'2010-03-02T09%3A15%3A00'&quot;">
    <id>http://odata.netflix.com/Catalog/Titles('Zq3xT')</id>
    <title type="text">The Lighthouse at Gull Point</title>
    <summary type="html">A keeper waits out a winter storm.</summary>
    <updated>2010-03-02T09:15:00Z</updated>
    <author><name /></author>
    <link rel="edit-media" title="Title" href="Titles('Zq3xT')/$value" />
    <link rel="edit" title="Title" href="Titles('Zq3xT')" />
    <link rel="http://schemas.microsoft.com/ado/2007/08/dataservices/related/Cast" type="application/atom+xml;type=feed" title="Cast" href="Titles('Zq3xT')/Cast" />
    <link rel="http://schemas.microsoft.com/ado/2007/08/dataservices/related/Series" type="application/atom+xml;type=entry" title="Series" href="Titles('Zq3xT')/Series"><m:inline /></link>
    <category term="NetflixCatalog.Model.Title" scheme="http://schemas.microsoft.com/ado/2007/08/dataservices/scheme" />
    <content type="image/jpeg" src="http://cdn-3.nflximg.com/us/boxshots/large/99000123.jpg" />
    <m:properties>
      <d:Id>Zq3xT</d:Id>
      <d:Synopsis>A keeper waits out a winter storm.</d:Synopsis>
      <d:ShortSynopsis m:null="true" />
      <d:AverageRating m:type="Edm.Double">3.6</d:AverageRating>
      <d:ReleaseYear m:type="Edm.Int32">2004</d:ReleaseYear>
      <d:Url>http://www.netflix.com/Movie/The_Lighthouse_at_Gull_Point/99000123</d:Url>
      <d:Runtime m:type="Edm.Int32">5880</d:Runtime>
      <d:Rating>PG</d:Rating>
      <d:Type>Movie</d:Type>
      <d:BoxArt m:type="NetflixCatalog.Model.BoxArt">
        <d:SmallUrl>http://cdn-3.nflximg.com/us/boxshots/tiny/99000123.jpg</d:SmallUrl>
        <d:MediumUrl>http://cdn-3.nflximg.com/us/boxshots/small/99000123.jpg</d:MediumUrl>
        <d:LargeUrl>http://cdn-3.nflximg.com/us/boxshots/large/99000123.jpg</d:LargeUrl>
        <d:HighDefinitionUrl m:null="true" />
      </d:BoxArt>
      <d:ShortName>Lighthouse at Gull Point</d:ShortName>
      <d:Name>The Lighthouse at Gull Point</d:Name>
      <d:Instant m:type="NetflixCatalog.Model.InstantAvailability">
        <d:Available m:type="Edm.Boolean">false</d:Available>
        <d:AvailableFrom m:type="Edm.DateTime" m:null="true" />
        <d:AvailableTo m:type="Edm.DateTime" m:null="true" />
        <d:HighDefinitionAvailable m:type="Edm.Boolean">false</d:HighDefinitionAvailable>
        <d:Runtime m:type="Edm.Int32" m:null="true" />
        <d:Rating m:null="true" />
      </d:Instant>
      <d:Dvd m:type="NetflixCatalog.Model.DeliveryFormatAvailability">
        <d:Available m:type="Edm.Boolean">true</d:Available>
        <d:AvailableFrom m:type="Edm.DateTime">2005-01-01T00:00:00</d:AvailableFrom>
        <d:AvailableTo m:type="Edm.DateTime" m:null="true" />
      </d:Dvd>
      <d:TinyUrl>http://movi.es/Zq3xT</d:TinyUrl>
      <d:WebsiteUrl m:null="true" />
      <d:NetflixApiId>http://api.netflix.com/catalog/titles/movies/99000123</d:NetflixApiId>
    </m:properties>
  </entry>
</feed>`

func TestODataAtom(t *testing.T) {
	v, err := validate.New(spec.ODataName)
	if err != nil {
		t.Fatal(err)
	}
	atom := http.Header{"Content-Type": {"application/atom+xml;charset=utf-8"}}
	req := httptest.NewRequest(http.MethodGet, "http://odata.netflix.com/Catalog/Titles?$inlinecount=allpages", nil)
	if got := v.Response(req, http.StatusOK, atom, []byte(inventedFeed)); len(got) > 0 {
		t.Fatalf("an Atom feed of titles should conform:\n%s", lines(got))
	}
	bad := strings.Replace(inventedFeed, "<d:ReleaseYear m:type=\"Edm.Int32\">2004</d:ReleaseYear>", "<d:RelaseYear m:type=\"Edm.Int32\">2004</d:RelaseYear>", 1)
	if got := lines(v.Response(req, http.StatusOK, atom, []byte(bad))); !strings.Contains(got, "/feed/entry/0/properties/RelaseYear: not in the description") {
		t.Errorf("a misspelled d:* property should be reported at its pointer; got:\n%s", got)
	}
	bad = strings.Replace(inventedFeed, "<d:ReleaseYear m:type=\"Edm.Int32\">2004</d:ReleaseYear>", "<d:ReleaseYear m:type=\"Edm.Int32\">MMIV</d:ReleaseYear>", 1)
	if got := lines(v.Response(req, http.StatusOK, atom, []byte(bad))); !strings.Contains(got, "/feed/entry/0/properties/ReleaseYear") {
		t.Errorf("a ReleaseYear that is no integer should be reported; got:\n%s", got)
	}

	// The service document as application/xml (the 2012 copy's shape). application/atomsvc+xml
	// has no decoder in spec/validate, so it is not validated here.
	svc := `<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<service xml:base="http://odata.netflix.com/v2/Catalog/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:app="http://www.w3.org/2007/app" xmlns="http://www.w3.org/2007/app">
  <workspace>
    <atom:title>Default</atom:title>
    <collection href="Genres"><atom:title>Genres</atom:title></collection>
    <collection href="Titles"><atom:title>Titles</atom:title></collection>
  </workspace>
</service>`
	xml := http.Header{"Content-Type": {"application/xml;charset=utf-8"}}
	if got := v.Response(httptest.NewRequest(http.MethodGet, "http://odata.netflix.com/Catalog/", nil), http.StatusOK, xml, []byte(svc)); len(got) > 0 {
		t.Errorf("the service document should conform:\n%s", lines(got))
	}
	if got := lines(v.Response(httptest.NewRequest(http.MethodGet, "http://odata.netflix.com/Catalog/", nil), http.StatusOK, xml, []byte(strings.Replace(svc, `href="Titles"`, `href="Movies"`, 1)))); !strings.Contains(got, "/service/workspace/collection/1/href") {
		t.Errorf("an unknown entity set in the service document should be reported; got:\n%s", got)
	}

	errXML := `<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<error xmlns="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata">
  <code></code>
  <message xml:lang="en-US">Resource not found for the segment 'Titles'.</message>
</error>`
	if got := v.Response(httptest.NewRequest(http.MethodGet, "http://odata.netflix.com/Catalog/Titles('nope')", nil), http.StatusNotFound, xml, []byte(errXML)); len(got) > 0 {
		t.Errorf("an XML error should conform:\n%s", lines(got))
	}

	prop := `<?xml version="1.0" encoding="utf-8" standalone="yes"?><ReleaseYear p1:type="Edm.Int32" xmlns:p1="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata" xmlns="http://schemas.microsoft.com/ado/2007/08/dataservices">2004</ReleaseYear>`
	if got := v.Response(httptest.NewRequest(http.MethodGet, "http://odata.netflix.com/Catalog/Titles('Zq3xT')/ReleaseYear", nil), http.StatusOK, xml, []byte(prop)); len(got) > 0 {
		t.Errorf("a property in XML should conform:\n%s", lines(got))
	}

	img := http.Header{"Content-Type": {"image/jpeg"}}
	if got := v.Response(httptest.NewRequest(http.MethodGet, "http://odata.netflix.com/Catalog/Titles('Zq3xT')/$value", nil), http.StatusOK, img, []byte("\xff\xd8\xff\xe0 not really a jpeg")); len(got) > 0 {
		t.Errorf("the box art should conform:\n%s", lines(got))
	}
}
