package odata

import (
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/flixconf/flixconf/fixtures"
	"github.com/flixconf/flixconf/spec"
)

// jawsEntity is Jaws as the model shows it on 2012-01-02 (rating 3.9, 1975, 7500 s, PG,
// DateModified 2011-06-15, streaming), with its navigation properties.
func jawsEntity(t testing.TB) *entity {
	t.Helper()
	cat := testCatalog(t)
	v := newView(cat, newTestHandler(t, 0).titles, spec.MustDay("2012-01-02"))
	e := v.keys[titleType.set]["'"+jaws+"'"]
	if e == nil {
		t.Fatal("Jaws is not in the view")
	}
	return e
}

func TestFilterEvaluates(t *testing.T) {
	e := jawsEntity(t)
	for filter, want := range map[string]bool{
		"ReleaseYear eq 1975":                              true,
		"ReleaseYear eq 1975L":                             true,
		"ReleaseYear ne 1975":                              false,
		"AverageRating gt 3.89D and AverageRating lt 3.91": true,
		"AverageRating lt INF and AverageRating gt -INF":   true,
		"1 add 2 mul 3 eq 7":                               true,
		"(1 add 2) mul 3 eq 9":                             true,
		"10 div 3 eq 3 and 10 mod 3 eq 1":                  true,
		"10.0 div 4 eq 2.5":                                true,
		"-ReleaseYear lt 0 and - 1 eq -1":                  true,
		"1 div 0 eq null":                                  true,
		"not true eq false":                                true, // not binds tighter than eq
		"true or false and false":                          true, // and binds tighter than or
		"1 lt 2 eq true":                                   true, // lt binds tighter than eq
		"Synopsis eq null":                                 true,
		"Synopsis ne null":                                 false,
		"Synopsis lt 'a'":                                  false,
		"not (Synopsis lt 'a')":                            true,
		"null or true":                                     true,
		"null and true":                                    false,
		"not (null and true)":                              false, // null, which no filter keeps
		"NaN ne NaN and not (NaN eq NaN)":                  true,
		"Name eq 'Jaws' and ShortName eq Name":             true,
		"Name gt 'Jaw' and Name lt 'Jaxx'":                 true,
		"Rating eq 'PG'":                                   true,
		"Type eq 'Movie'":                                  true,
		"Id eq '" + jaws + "'":                             true,
		"substringof('aw', Name)":                          true,
		"startswith(Name,'Ja') and endswith(Name,'ws')":    true,
		"length(Name) eq 4 and indexof(Name,'ws') eq 2":    true,
		"indexof(Name,'x') eq -1":                          true,
		"substring(Name,1) eq 'aws' and substring(Name,1,2) eq 'aw'":                              true,
		"substring(Name,9) eq null and substring(Name,1,9) eq null":                               true,
		"tolower(Name) eq 'jaws' and toupper(Name) eq 'JAWS'":                                     true,
		"trim(' x ') eq 'x' and concat(Name,'!') eq 'Jaws!'":                                      true,
		"year(DateModified) eq 2011 and month(DateModified) eq 6 and day(DateModified) eq 15":     true,
		"hour(DateModified) add minute(DateModified) add second(DateModified) eq 0":               true,
		"round(AverageRating) eq 4 and floor(AverageRating) eq 3 and ceiling(AverageRating) eq 4": true,
		"round(2.5) eq 2":                                     true, // half to even, as .NET rounds
		"Instant/Available":                                   true,
		"Dvd/Available and not BluRay/Available":              true,
		"BoxArt/HighDefinitionUrl eq null":                    true,
		"Instant/AvailableFrom eq datetime'2009-01-01T00:00'": true,
		"DateModified ge datetime'2011-06-15T00:00:00' and DateModified lt datetime'2011-06-15T00:00:00.5Z'": true,
		"Series/Name eq null": true,
	} {
		x, err := parseFilter(filter, titleType)
		if err != nil {
			t.Errorf("%s: %v", filter, err)
			continue
		}
		if got := x.eval(e) == true; got != want {
			t.Errorf("%s: %v, want %v", filter, got, want)
		}
	}
}

func TestFilterRejects(t *testing.T) {
	for filter, says := range map[string]string{
		"":                        "ends too early",
		"Name":                    "Edm.String, not Edm.Boolean",
		"null":                    "null, not Edm.Boolean",
		"Name eq":                 "ends too early",
		"Name = 'x'":              "position 5",
		"Name eq 'x' and":         "ends too early",
		"Name eq 'x' 'y'":         "position 12",
		"Name EQ 'x'":             "position 5",
		"ReleaseYear eq '1975'":   "Edm.Int32 and Edm.String",
		"Name lt 1":               "Edm.String and Edm.Int32",
		"true lt false":           "'lt'",
		"'a' add 1 eq 1":          "'add'",
		"null add null eq 1":      "'add'",
		"-Name eq 'x'":            "'-'",
		"not Name":                "'not'",
		"Instant eq null":         "not of a primitive type",
		"BoxArt/LargeUrl/x eq 1":  "no members",
		"Genres/Name eq 'x'":      "collection",
		"Nope eq 1":               "no property 'Nope' exists in type 'NetflixCatalog.Model.Title' at position 0",
		"Instant/Nope":            "NetflixCatalog.Model.InstantAvailability",
		"length(Name, Name) eq 1": "1 to 1 arguments, not 2",
		"length(1) eq 1":          "Edm.Int32, not Edm.String",
		"length(Name eq 1":        "Edm.String and Edm.Int32",
		"isof('x')":               "unknown function 'isof'",
		"DateModified eq datetime'2010-13-01T00:00'": "not a datetime",
		"Id eq guid'xyz'":                      "not a guid",
		"Id eq X'00'":                          "unsupported literal X",
		"ReleaseYear eq 1.e5":                  "decimal point",
		"ReleaseYear eq 1e":                    "exponent",
		"ReleaseYear eq 12abc":                 "malformed number",
		"ReleaseYear eq 99999999999999999999L": "Edm.Int64",
		"Name eq 'unclosed":                    "unterminated",
		"Name eq \"x\"":                        "unexpected character",
		strings.Repeat("(", 200) + "true" + strings.Repeat(")", 200): "nested deeper than 100",
		strings.Repeat("not ", 200) + "true":                         "nested deeper than 100",
	} {
		if _, err := parseFilter(filter, titleType); err == nil || !strings.Contains(err.Error(), says) {
			t.Errorf("%q: error %v, want one saying %q", filter, err, says)
		}
	}
}

func TestOrderByParses(t *testing.T) {
	terms, err := parseOrderBy("Name desc, ReleaseYear asc,length(ShortName)", titleType)
	if err != nil || len(terms) != 3 || !terms[0].desc || terms[1].desc || terms[2].desc {
		t.Errorf("terms %+v, error %v", terms, err)
	}
	for _, bad := range []string{"", "Name sideways", "Name,", "Name desc desc", "BoxArt", "Nope"} {
		if _, err := parseOrderBy(bad, titleType); err == nil {
			t.Errorf("$orderby=%s should be refused", bad)
		}
	}
}

// Every value an entity or expression may hold is written as a literal that reads back as
// the same value: key predicates and $skiptoken rely on it.
func TestLiteralsRoundTrip(t *testing.T) {
	values := []any{nil, "it's", "", "Music & Musicals", int64(-5), int64(math.MaxInt64), 2.5, 3.0, 1e21, -0.001,
		math.Inf(1), math.Inf(-1), true, false, time.Date(2011, 6, 15, 12, 30, 5, 250_000_000, time.UTC), guid("0b7e9a52-3c1d-4f5e-9a6b-2c8d7e1f0a93")}
	var literals []string
	for _, v := range values {
		literals = append(literals, formatLiteral(v))
	}
	got, err := parseLiterals(strings.Join(literals, ","))
	if err != nil {
		t.Fatalf("%v reading %s", err, strings.Join(literals, ","))
	}
	for i, v := range values {
		if compareValues(got[i], v) != 0 || typeOf(got[i]) != typeOf(v) {
			t.Errorf("%s read back as %#v, want %#v", literals[i], got[i], v)
		}
	}
	if nan, err := parseLiterals(formatLiteral(math.NaN())); err != nil || !isNaN(nan[0]) {
		t.Errorf("NaN read back as %v (%v)", nan, err)
	}
}

func TestParseKey(t *testing.T) {
	for _, c := range []struct {
		typ  *entityType
		pred string
		want string
	}{
		{titleType, "'" + jaws + "'", "'" + jaws + "'"},
		{titleType, "Id='" + jaws + "'", "'" + jaws + "'"},
		{genreType, "'Children''s'", "'Children''s'"},
		{personType, "82729", "82729"},
		{personType, " Id = 82729 ", "82729"},
		{screenFormatType, "Format='1.33:1',TitleId='x',DeliveryFormat='DVD'", "TitleId='x',DeliveryFormat='DVD',Format='1.33:1'"},
		{awardType, "guid'0B7E9A52-3C1D-4F5E-9A6B-2C8D7E1F0A93'", "guid'0b7e9a52-3c1d-4f5e-9a6b-2c8d7e1f0a93'"},
	} {
		if got, err := parseKey(c.typ, c.pred); err != nil || got != c.want {
			t.Errorf("%s(%s): %q (%v), want %q", c.typ.set, c.pred, got, err, c.want)
		}
	}
	for _, c := range []struct {
		typ  *entityType
		pred string
	}{
		{titleType, "1"}, {titleType, "Name='Jaws'"}, {titleType, "'a','b'"}, {titleType, "Id='a',Id='a'"},
		{titleType, "null"}, {titleType, "'a"}, {personType, "2147483648"}, {personType, "'1'"},
		{screenFormatType, "'x'"}, {screenFormatType, "TitleId='x',DeliveryFormat='DVD'"}, {awardType, "'x'"},
	} {
		if got, err := parseKey(c.typ, c.pred); err == nil {
			t.Errorf("%s(%s) should be refused, read %q", c.typ.set, c.pred, got)
		}
	}
}

func TestODataID(t *testing.T) {
	for _, c := range []struct {
		title fixtures.Title
		id    string
		ok    bool
	}{
		{fixtures.Title{ID: "60001220", Kind: "movie"}, jaws, true},
		{fixtures.Title{ID: "60030356", Kind: fixtures.KindSeason, Series: "60030356"}, sopranosFirst, true},
		{fixtures.Title{ID: "060001220", Kind: "movie"}, "", false},
		{fixtures.Title{ID: "jaws", Kind: "movie"}, "", false},
	} {
		if id, ok := odataID(&c.title); id != c.id || ok != c.ok {
			t.Errorf("%s %s: %q %v, want %q %v", c.title.Kind, c.title.ID, id, ok, c.id, c.ok)
		}
	}
}

// filterSeeds are the documented samples and the shapes that have broken parsers before.
var filterSeeds = []string{
	"Name eq 'The Name of The Rose'",
	"AverageRating lt 2",
	"ReleaseYear le 1989 and ReleaseYear ge 1980",
	"(ReleaseYear gt 1999) or Name eq 'It''s a Title'",
	"not (Rating eq 'R' or Rating eq 'NC-17')",
	"substringof('Jaws', Name) and Instant/Available eq true",
	"Series/Name ne null",
	"length(substring(Name, 1, 2)) add -1 mul 3 div 0 mod 2 eq 1",
	"DateModified gt datetime'2010-01-01T00:00' and Id ne guid'0b7e9a52-3c1d-4f5e-9a6b-2c8d7e1f0a93'",
	"Name desc, ReleaseYear asc",
	"-INF lt NaN", "1e308 mul 10 gt 0", "'", "((", "Name eq 'é\xff'", "99999999999999999999",
}

// FuzzFilter feeds arbitrary text to $filter and $orderby, in the parser and through the
// handler: the answer is a 200 or a 400 with a well-formed body, never a panic or a 5xx.
func FuzzFilter(f *testing.F) {
	for _, s := range filterSeeds {
		f.Add(s)
	}
	h := newTestHandler(f, 3)
	view := h.viewOn(defaultTestDay)
	f.Fuzz(func(t *testing.T, text string) {
		if x, err := parseFilter(text, titleType); err == nil {
			for _, e := range view.sets[titleType.set] {
				if v := x.eval(e); v != nil && typeOf(v) != vBool {
					t.Fatalf("%q gave %#v for %s", text, v, e.props["Id"])
				}
			}
		}
		for _, option := range []string{"$filter", "$orderby"} {
			for _, format := range []string{"json", "atom"} {
				target := "http://odata.netflix.com/Catalog/Titles?$select=Id&$format=" + format + "&" + option + "=" + url.QueryEscape(text)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
				if rec.Code != http.StatusOK && rec.Code != http.StatusBadRequest {
					t.Fatalf("%s=%q: status %d", option, text, rec.Code)
				}
				if !utf8.Valid(rec.Body.Bytes()) {
					t.Fatalf("%s=%q: the answer is not UTF-8", option, text)
				}
			}
		}
	})
}

// FuzzPath feeds arbitrary resource paths: an answer is never a panic or a 5xx.
func FuzzPath(f *testing.F) {
	for _, s := range []string{
		"Titles('" + jaws + "')/Genres('Thrillers')/Titles", "Titles('" + sopranosFirst + "')/Series/Series", "People(82729)/TitlesActedIn",
		"Titles('" + jaws + "')/BoxArt/LargeUrl/$value", "Titles(Id='a')/$value/x", "TitleScreenFormats(TitleId='a',DeliveryFormat='b',Format='c')",
		"Genres('a%2Fb')", "Titles('", "Titles()", "Movies()/x", "$metadata/x", "%zz", "Titles('a')('b')",
	} {
		f.Add(s)
	}
	h := newTestHandler(f, 3)
	f.Fuzz(func(t *testing.T, path string) {
		u, err := url.Parse("http://odata.netflix.com/Catalog/" + path)
		if err != nil {
			return // no client can send it
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, &http.Request{Method: http.MethodGet, URL: u, Host: u.Host, Header: http.Header{}})
		if rec.Code >= 500 || !slices.Contains([]int{200, 204, 302, 400, 404}, rec.Code) {
			t.Fatalf("%q: status %d", path, rec.Code)
		}
	})
}
