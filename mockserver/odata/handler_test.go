package odata

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/flixconf/flixconf/fixtures"
	"github.com/flixconf/flixconf/spec"
)

// The OData Ids of the titles the tests name (base 36 of their numeric ids).
const (
	jaws          = "zq18k"       // 60001220
	sita          = "15qryb"      // 70113539
	sopranos      = "zqnpw"       // series 60030356
	sopranosFirst = "zqnpw_zqnpw" // its first season, which shares the series' id
)

func TestServiceDocument(t *testing.T) {
	h := newTestHandler(t, 0)
	want := []string{"Genres", "Languages", "People", "TitleAudioFormats", "TitleAwards", "Titles", "TitleScreenFormats"}
	for _, base := range []string{"/Catalog", "/v2/Catalog", "/v1/Catalog"} {
		for _, path := range []string{base, base + "/"} {
			a := get(t, h, path, nil)
			if a.status != http.StatusOK || !strings.HasPrefix(a.header.Get("Content-Type"), "application/xml") {
				t.Fatalf("GET %s: %d %s", path, a.status, a.header.Get("Content-Type"))
			}
			svc := decodeAtom[struct {
				Base        string   `xml:"base,attr"`
				Collections []string `xml:"workspace>collection>title"`
			}](t, a)
			if svc.Base != "http://odata.netflix.com"+base+"/" || !slices.Equal(svc.Collections, want) {
				t.Errorf("GET %s: base %q, collections %v; want base %s/ and %v", path, svc.Base, svc.Collections, base, want)
			}
		}
		d := decodeJSON(t, get(t, h, base+"/?$format=json", nil))["d"].(map[string]any)
		var sets []string
		for _, s := range d["EntitySets"].([]any) {
			sets = append(sets, s.(string))
		}
		if !slices.Equal(sets, want) {
			t.Errorf("GET %s/?$format=json: EntitySets %v, want %v", base, sets, want)
		}
	}
}

// apiIDs lists, sorted, the NetflixApiId the answer should hold for every fixture title that
// pred selects: the expectation is read from the fixtures, not from the handler.
func apiIDs(cat *fixtures.Catalog, pred func(*fixtures.Title) bool) []string {
	var out []string
	for i := range cat.Titles {
		if t := &cat.Titles[i]; pred(t) {
			out = append(out, "http://api.netflix.com/catalog/titles/"+t.Path())
		}
	}
	slices.Sort(out)
	return out
}

func sorted(s []string) []string { return slices.Sorted(slices.Values(s)) }

func rating(t *fixtures.Title) float64 {
	f, err := strconv.ParseFloat(t.AverageRating, 64)
	if err != nil {
		return -1
	}
	return f
}

func categoryOn(t *fixtures.Title, d spec.Day, schemes ...string) string {
	for _, c := range t.CategoriesOn(d) {
		if slices.Contains(schemes, c.Scheme) {
			return c.Label
		}
	}
	return ""
}

// The docs' sample queries, and more $filter expressions, select what the fixtures say.
func TestFilterSelectsTheFixturesTitles(t *testing.T) {
	h := newTestHandler(t, 0)
	cat := testCatalog(t)
	for _, c := range []struct {
		filter string
		want   func(*fixtures.Title) bool
	}{
		// The three samples of the docs page (the first with a title of the fixtures).
		{"Name eq 'Jaws'", func(t *fixtures.Title) bool { return t.Title.Regular == "Jaws" }},
		{"AverageRating lt 2", func(t *fixtures.Title) bool { r := rating(t); return r >= 0 && r < 2 }},
		{"ReleaseYear le 1989 and ReleaseYear ge 1980", func(t *fixtures.Title) bool { return t.ReleaseYear >= 1980 && t.ReleaseYear <= 1989 }},
		{"ReleaseYear le 1980", func(t *fixtures.Title) bool { return t.ReleaseYear > 0 && t.ReleaseYear <= 1980 }},
		{"(ReleaseYear gt 2005) or Name eq 'Jaws'", func(t *fixtures.Title) bool { return t.ReleaseYear > 2005 || t.Title.Regular == "Jaws" }},
		{"not (ReleaseYear gt 1980)", func(t *fixtures.Title) bool { return t.ReleaseYear > 0 && t.ReleaseYear <= 1980 }},
		{"Type eq 'Season'", func(t *fixtures.Title) bool { return t.Kind == fixtures.KindSeason }},
		{"Type ne 'Movie' and Type ne 'Episode'", func(t *fixtures.Title) bool { return t.Kind != "movie" && t.Kind != "program" }},
		{"Rating eq 'PG'", func(t *fixtures.Title) bool {
			return categoryOn(t, defaultTestDay, "mpaa_ratings", "tv_ratings") == "PG"
		}},
		{"Rating eq null", func(t *fixtures.Title) bool { return categoryOn(t, defaultTestDay, "mpaa_ratings", "tv_ratings") == "" }},
		{"Runtime ge 7500 and AverageRating gt 3.8", func(t *fixtures.Title) bool { return t.Runtime >= 7500 && rating(t) > 3.8 }},
		{"substringof('Sopranos', Name)", func(t *fixtures.Title) bool { return strings.Contains(t.Title.Regular, "Sopranos") }},
		{"startswith(ShortName, 'The ') eq false", func(t *fixtures.Title) bool { return !strings.HasPrefix(t.Title.Short, "The ") }},
		{"Id eq '" + jaws + "' or Id eq '" + sita + "'", func(t *fixtures.Title) bool { return t.ID == "60001220" || t.ID == "70113539" }},
		{"ReleaseYear add 1 eq 1976", func(t *fixtures.Title) bool { return t.ReleaseYear == 1975 }},
		{"Name eq 'It''s not there'", func(*fixtures.Title) bool { return false }},
		{"Instant/Available", func(t *fixtures.Title) bool {
			return slices.ContainsFunc(t.Formats, func(a fixtures.Availability) bool { return a.Format == "instant" && a.AvailableOn(defaultTestDay) })
		}},
		{"Series/Name eq 'The Sopranos'", func(t *fixtures.Title) bool { return t.Series == "60030356" }},
	} {
		want := apiIDs(cat, c.want)
		a := get(t, h, "/Catalog/Titles?$format=json&$inlinecount=allpages&$filter="+url.QueryEscape(c.filter), nil)
		if a.status != http.StatusOK {
			t.Errorf("$filter=%s: status %d: %s", c.filter, a.status, a.body)
			continue
		}
		got := sorted(field[string](results(t, a), "NetflixApiId"))
		if !slices.Equal(got, want) {
			t.Errorf("$filter=%s: got %v, want %v", c.filter, got, want)
		}
		if n := decodeJSON(t, a)["d"].(map[string]any)["__count"]; n != strconv.Itoa(len(want)) {
			t.Errorf("$filter=%s: __count %v, want %d", c.filter, n, len(want))
		}
	}
}

// The fixtures' own facts: Jaws (60001220) is of 1975, Sita Sings the Blues (70113539) of 2008.
func TestReleaseYearBound(t *testing.T) {
	ids := field[string](results(t, get(t, newTestHandler(t, 0), "/Catalog/Titles?$format=json&$filter=ReleaseYear%20le%201980", nil)), "Id")
	if !slices.Contains(ids, jaws) || slices.Contains(ids, sita) {
		t.Errorf("ReleaseYear le 1980: %v; want Jaws (%s) and not Sita (%s)", ids, jaws, sita)
	}
}

// The third sample of the docs, in Atom and JSON: the 1980s' titles and their (empty) awards.
func TestDocumentedSampleWithAwards(t *testing.T) {
	h := newTestHandler(t, 0)
	cat := testCatalog(t)
	want := apiIDs(cat, func(t *fixtures.Title) bool {
		return t.ReleaseYear <= 1989 && t.ReleaseYear >= 1980 && t.ReleaseYear > 0
	})
	if len(want) == 0 {
		t.Fatal("the fixtures hold no title of the 1980s; the sample selects nothing")
	}
	const q = "/Catalog/Titles?$filter=ReleaseYear%20le%201989%20and%20ReleaseYear%20ge%201980&$expand=Awards"
	es := results(t, get(t, h, q+"&$format=json", nil))
	if got := sorted(field[string](es, "NetflixApiId")); !slices.Equal(got, want) {
		t.Errorf("JSON: got %v, want %v", got, want)
	}
	for _, e := range es {
		awards, ok := e["Awards"].(map[string]any)
		if list, isList := awards["results"].([]any); !ok || !isList || len(list) != 0 {
			t.Errorf("%v: Awards %v, want an expanded empty collection", e["Name"], e["Awards"])
		}
	}
	feed := decodeAtom[atomFeed](t, get(t, h, q, nil))
	if len(feed.Entries) != len(want) {
		t.Fatalf("Atom: %d entries, want %d", len(feed.Entries), len(want))
	}
	for _, e := range feed.Entries {
		i := slices.IndexFunc(e.Links, func(l atomLink) bool { return l.Title == "Awards" })
		if i < 0 || e.Links[i].Inline == nil || e.Links[i].Inline.Feed == nil || len(e.Links[i].Inline.Feed.Entries) != 0 {
			t.Errorf("Atom %s: Awards link %+v, want an inline empty feed", e.ID, e.Links)
		}
	}
}

func TestOrderByTopSkipInlineCount(t *testing.T) {
	h := newTestHandler(t, 0)
	const base = "/Catalog/Titles?$format=json&$orderby=ReleaseYear%20desc,Name&$select=Id,Name,ReleaseYear"
	all := results(t, get(t, h, base, nil))
	if len(all) < 6 {
		t.Fatalf("only %d titles", len(all))
	}
	for i := 1; i < len(all); i++ {
		py, _ := all[i-1]["ReleaseYear"].(float64)
		y, _ := all[i]["ReleaseYear"].(float64)
		if y > py || y == py && all[i]["Name"].(string) < all[i-1]["Name"].(string) {
			t.Fatalf("order broken at %d: %v after %v", i, all[i], all[i-1])
		}
		if len(all[i]) != 4 { // __metadata, Id, Name, ReleaseYear
			t.Fatalf("$select=Id,Name,ReleaseYear gave members %v", all[i])
		}
	}
	a := get(t, h, base+"&$skip=2&$top=3&$inlinecount=allpages", nil)
	page := results(t, a)
	if got, want := field[string](page, "Id"), field[string](all[2:5], "Id"); !slices.Equal(got, want) {
		t.Errorf("$skip=2&$top=3: %v, want %v", got, want)
	}
	if n := decodeJSON(t, a)["d"].(map[string]any)["__count"]; n != strconv.Itoa(len(all)) {
		t.Errorf("__count %v, want %d", n, len(all))
	}
	feed := decodeAtom[atomFeed](t, get(t, h, "/v2/Catalog/Titles?$orderby=ReleaseYear%20desc,Name&$skip=2&$top=3&$inlinecount=allpages", nil))
	if got, want := feed.titles(), field[string](all[2:5], "Name"); !slices.Equal(got, want) || feed.Count != len(all) {
		t.Errorf("Atom: titles %v count %d, want %v and %d", got, feed.Count, want, len(all))
	}
	if got := results(t, get(t, h, base+"&$top=0", nil)); len(got) != 0 {
		t.Errorf("$top=0 gave %d titles", len(got))
	}
	if got := results(t, get(t, h, base+"&$skip=100000", nil)); len(got) != 0 {
		t.Errorf("$skip past the end gave %d titles", len(got))
	}
}

// A collection longer than a page is cut with a next link; following the links gives every
// entity once, in order, and honours $top.
func TestServerDrivenPaging(t *testing.T) {
	whole := newTestHandler(t, 0)
	paged := newTestHandler(t, 4)
	for _, c := range []struct{ query, top string }{
		{"$orderby=Name%20desc", ""},
		{"$filter=ReleaseYear%20gt%201990&$orderby=AverageRating,ReleaseYear%20desc", ""},
		{"", "7"},
	} {
		q := "/v2/Catalog/Titles?$format=json&$select=Id,Name&" + c.query
		if c.top != "" {
			q += "&$top=" + c.top
		}
		want := field[string](results(t, get(t, whole, q, nil)), "Id")
		var got []string
		for next, pages := q, 0; next != ""; pages++ {
			if pages > 100 {
				t.Fatalf("%s: more than 100 pages", q)
			}
			d := decodeJSON(t, get(t, paged, next, nil))["d"].(map[string]any)
			es := entities(t, d["results"])
			if len(es) > 4 {
				t.Fatalf("%s: a page of %d", next, len(es))
			}
			got = append(got, field[string](es, "Id")...)
			link, _ := d["__next"].(string)
			next = strings.TrimPrefix(link, "http://odata.netflix.com")
			if link != "" && next == link {
				t.Fatalf("__next %q is not on the catalog's host", link)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: paged %v, want %v", q, got, want)
		}
	}

	feed := decodeAtom[atomFeed](t, get(t, paged, "/Catalog/Genres", nil))
	i := slices.IndexFunc(feed.Links, func(l atomLink) bool { return l.Rel == "next" })
	if len(feed.Entries) != 4 || i < 0 || !strings.Contains(feed.Links[i].Href, "$skiptoken=") {
		t.Errorf("Atom: %d entries, links %+v; want 4 and a next link", len(feed.Entries), feed.Links)
	}
	a := get(t, paged, "/Catalog/Genres?$format=json", http.Header{"MaxDataServiceVersion": {"1.0"}})
	if a.status != http.StatusBadRequest {
		t.Errorf("a V1 client asking for more than a page: status %d, want 400", a.status)
	}
}

// Jaws' genres are six until 2011-06-14 and one from 2011-06-15 (fixtures/catalog/titles.yaml).
func TestGenresFollowTheDay(t *testing.T) {
	h := newTestHandler(t, 0)
	before := []string{"Thrillers", "Classic Thrillers", "Action Thrillers", "Suspense", "Blockbusters", "Universal Studios Home Entertainment"}
	after := []string{"Thrillers"}
	for day, want := range map[string][]string{"2011-06-14": before, "2011-06-15": after} {
		a := get(t, h, "/Catalog/Titles('"+jaws+"')?$expand=Genres&$format=json", clock(day))
		genres := a.jsonGenres(t)
		if !slices.Equal(genres, want) {
			t.Errorf("%s, JSON: Jaws' genres %v, want %v", day, genres, want)
		}
		if a.header.Get(spec.ClockHeader) != day {
			t.Errorf("%s: answered as of %q", day, a.header.Get(spec.ClockHeader))
		}
		entry := decodeAtom[atomEntry](t, get(t, h, "/Catalog/Titles('"+jaws+"')?$expand=Genres", clock(day)))
		i := slices.IndexFunc(entry.Links, func(l atomLink) bool { return l.Title == "Genres" })
		if i < 0 || entry.Links[i].Inline == nil || entry.Links[i].Inline.Feed == nil {
			t.Fatalf("%s, Atom: no inline Genres feed in %+v", day, entry.Links)
		}
		if got := entry.Links[i].Inline.Feed.titles(); !slices.Equal(got, want) {
			t.Errorf("%s, Atom: Jaws' genres %v, want %v", day, got, want)
		}
		nav := field[string](results(t, get(t, h, "/Catalog/Titles('"+jaws+"')/Genres?$format=json", clock(day))), "Name")
		if !slices.Equal(nav, want) {
			t.Errorf("%s: Titles('%s')/Genres %v, want %v", day, jaws, nav, want)
		}
	}
	// The Genres set follows too: a genre that went away is no longer an entity.
	if a := get(t, h, "/Catalog/Genres('Classic%20Thrillers')?$format=json", clock("2011-06-14")); a.status != http.StatusOK {
		t.Errorf("Classic Thrillers before 2011-06-15: status %d", a.status)
	}
	if a := get(t, h, "/Catalog/Genres('Classic%20Thrillers')?$format=json", clock("2011-06-15")); a.status != http.StatusNotFound {
		t.Errorf("Classic Thrillers from 2011-06-15: status %d, want 404", a.status)
	}
	// A name with an ampersand is escaped in the entity's address and found by it.
	a := get(t, h, "/Catalog/Genres('Music%20%26%20Musicals')/Titles?$format=json", clock("2011-01-01"))
	if ids := field[string](results(t, a), "Id"); !slices.Contains(ids, sita) {
		t.Errorf("Genres('Music & Musicals')/Titles: %v, want Sita (%s)", ids, sita)
	}
	d := decodeJSON(t, get(t, h, "/Catalog/Genres('Music%20%26%20Musicals')?$format=json", clock("2011-01-01")))["d"].(map[string]any)
	if uri := d["__metadata"].(map[string]any)["uri"]; uri != "http://odata.netflix.com/Catalog/Genres('Music%20%26%20Musicals')" {
		t.Errorf("the genre's uri is %v", uri)
	}
}

func (a answer) jsonGenres(t *testing.T) []string {
	t.Helper()
	var d map[string]any
	if m, ok := decodeJSON(t, a)["d"].(map[string]any); ok {
		d = m
	}
	g, _ := d["Genres"].(map[string]any)
	return field[string](entities(t, g["results"]), "Name")
}

func TestTitleEntity(t *testing.T) {
	h := newTestHandler(t, 0)
	d := decodeJSON(t, get(t, h, "/Catalog/Titles('"+jaws+"')?$format=json", clock("2012-01-02")))["d"].(map[string]any)
	for name, want := range map[string]any{
		"Id":            jaws,
		"Name":          "Jaws",
		"ShortName":     "Jaws",
		"ReleaseYear":   1975.0,
		"Runtime":       7500.0,
		"AverageRating": 3.9,
		"Rating":        "PG",
		"Type":          "Movie",
		"Url":           "http://www.netflix.com/Movie/Jaws/60001220",
		"TinyUrl":       "http://movi.es/" + jaws,
		"NetflixApiId":  "http://api.netflix.com/catalog/titles/movies/60001220",
		// The last of Jaws' dated facts before 2012-01-02 is its genres' change on 2011-06-15.
		"DateModified": "/Date(1308096000000)/",
	} {
		if d[name] != want {
			t.Errorf("%s = %v, want %v", name, d[name], want)
		}
	}
	md := d["__metadata"].(map[string]any)
	for name, want := range map[string]string{
		"uri":          "http://odata.netflix.com/Catalog/Titles('" + jaws + "')",
		"type":         "NetflixCatalog.Model.Title",
		"etag":         `W/"datetime'2011-06-15T00%3A00%3A00'"`,
		"edit_media":   "http://odata.netflix.com/Catalog/Titles('" + jaws + "')/$value",
		"media_src":    "http://cdn-0.nflximg.com/us/boxshots/large/60001220.jpg",
		"content_type": "image/jpeg",
		"media_etag":   `"6/15/2011 12:00:00 AM"`,
	} {
		if md[name] != want {
			t.Errorf("__metadata.%s = %v, want %v", name, md[name], want)
		}
	}
	// Instant: the fixture's window 2009-01-01..2013-03-01 holds 2012-01-02.
	instant := d["Instant"].(map[string]any)
	if instant["Available"] != true || instant["AvailableFrom"] != "/Date(1230768000000)/" || instant["AvailableTo"] != "/Date(1362096000000)/" {
		t.Errorf("Instant = %v", instant)
	}
	if cast, ok := d["Cast"].(map[string]any)["__deferred"]; !ok {
		t.Errorf("Cast should be deferred, is %v", cast)
	}
	later := decodeJSON(t, get(t, h, "/Catalog/Titles('"+jaws+"')?$format=json", clock("2013-03-01")))["d"].(map[string]any)
	if later["Instant"].(map[string]any)["Available"] != false {
		t.Errorf("Jaws streams on 2013-03-01, when its window has closed")
	}

	entry := decodeAtom[atomEntry](t, get(t, h, "/v2/Catalog/Titles('"+jaws+"')", nil))
	if entry.ID != "http://odata.netflix.com/v2/Catalog/Titles('"+jaws+"')" || entry.Title != "Jaws" ||
		entry.Content.Type != "image/jpeg" || entry.Content.Src != "http://cdn-0.nflximg.com/us/boxshots/large/60001220.jpg" {
		t.Errorf("Atom entry: %+v", entry)
	}
	if strings.Contains(string(entry.Props.Inner), "DateModified") {
		t.Error("DateModified is atom:updated (FC_KeepInContent false) and stays out of m:properties")
	}
	// /v1/Catalog is an alias that names itself.
	v1 := decodeJSON(t, get(t, h, "/v1/Catalog/Titles('"+jaws+"')?$format=json", nil))["d"].(map[string]any)
	if uri := v1["__metadata"].(map[string]any)["uri"]; uri != "http://odata.netflix.com/v1/Catalog/Titles('"+jaws+"')" {
		t.Errorf("/v1/Catalog uri %v", uri)
	}
}

func TestNavigation(t *testing.T) {
	h := newTestHandler(t, 0)
	cat := testCatalog(t)
	people := func(target string) []string {
		return field[string](results(t, get(t, h, target+"?$format=json", nil)), "Name")
	}
	var wantCast []string
	jawsTitle, _ := cat.Title("60001220")
	for _, id := range jawsTitle.Cast {
		p, _ := cat.Person(id)
		wantCast = append(wantCast, p.Name)
	}
	if got := people("/Catalog/Titles('" + jaws + "')/Cast"); !slices.Equal(got, wantCast) || got[0] != "Roy Scheider" {
		t.Errorf("Jaws' cast %v, want %v", got, wantCast)
	}
	if got := people("/Catalog/Titles('" + jaws + "')/Directors"); !slices.Equal(got, []string{"Steven Spielberg"}) {
		t.Errorf("Jaws' directors %v", got)
	}
	directed := results(t, get(t, h, "/Catalog/People(87835)/TitlesDirected?$format=json", nil))
	if !slices.Contains(field[string](directed, "Id"), jaws) {
		t.Errorf("Spielberg's TitlesDirected %v lack Jaws", field[string](directed, "Name"))
	}
	person := decodeJSON(t, get(t, h, "/Catalog/People(82729)?$format=json&$expand=TitlesActedIn", nil))["d"].(map[string]any)
	acted := entities(t, person["TitlesActedIn"].(map[string]any)["results"])
	if person["Name"] != "Roy Scheider" || !slices.Contains(field[string](acted, "Id"), jaws) {
		t.Errorf("People(82729): %v acted in %v", person["Name"], field[string](acted, "Name"))
	}
	expanded := decodeJSON(t, get(t, h, "/Catalog/Titles('"+jaws+"')?$format=json&$expand=Cast,Series&$select=Name,Cast/Name,Series", nil))["d"].(map[string]any)
	if expanded["Series"] != nil || len(entities(t, expanded["Cast"].(map[string]any)["results"])) != len(wantCast) {
		t.Errorf("expanded Cast and Series: %v", expanded)
	}

	// A movie has no series: 204. A season's series and an episode's or disc's season are there.
	if a := get(t, h, "/Catalog/Titles('"+jaws+"')/Series", nil); a.status != http.StatusNoContent {
		t.Errorf("Jaws' Series: status %d, want 204", a.status)
	}
	series := decodeJSON(t, get(t, h, "/Catalog/Titles('"+sopranosFirst+"')/Series?$format=json", nil))["d"].(map[string]any)
	if series["Id"] != sopranos || series["Type"] != "Series" {
		t.Errorf("the first Sopranos season's Series: %v (%v)", series["Id"], series["Type"])
	}
	disc := strconv.FormatUint(60003464, 36)
	season := decodeJSON(t, get(t, h, "/Catalog/Titles('"+disc+"')?$format=json&$expand=Season,Series", nil))["d"].(map[string]any)
	if s, ok := season["Season"].(map[string]any); !ok || s["Id"] != sopranosFirst || s["NetflixApiId"] != "http://api.netflix.com/catalog/titles/series/60030356/seasons/60030356" {
		t.Errorf("disc 60003464's Season: %v", season["Season"])
	}
	if s, ok := season["Series"].(map[string]any); !ok || s["Id"] != sopranos {
		t.Errorf("disc 60003464's Series: %v", season["Series"])
	}
	if a := get(t, h, "/Catalog/Titles('"+jaws+"')/Cast", nil); a.status != http.StatusOK {
		t.Errorf("Titles/Cast in Atom: status %d", a.status)
	}
}

func TestServiceOperations(t *testing.T) {
	h := newTestHandler(t, 0)
	cat := testCatalog(t)
	for op, kind := range map[string]string{"Movies": "movie", "Series": "series", "Seasons": fixtures.KindSeason, "Episodes": "program", "Discs": "disc"} {
		want := apiIDs(cat, func(t *fixtures.Title) bool { return t.Kind == kind })
		got := sorted(field[string](results(t, get(t, h, "/Catalog/"+op+"?$format=json", nil)), "NetflixApiId"))
		if !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", op, got, want)
		}
	}
	feed := decodeAtom[atomFeed](t, get(t, h, "/Catalog/Movies?$filter=Name%20eq%20'Jaws'", nil))
	if !slices.Equal(feed.titles(), []string{"Jaws"}) {
		t.Errorf("Movies?$filter=Name eq 'Jaws': %v", feed.titles())
	}
}

func TestPropertiesAndValues(t *testing.T) {
	h := newTestHandler(t, 0)
	title := "/Catalog/Titles('" + jaws + "')"
	a := get(t, h, title+"/$value", nil)
	if a.status != http.StatusOK || a.header.Get("Content-Type") != "image/jpeg" {
		t.Errorf("$value: %d %s", a.status, a.header.Get("Content-Type"))
	}
	if a := get(t, h, title+"/Name/$value", nil); a.status != http.StatusOK || string(a.body) != "Jaws" || !strings.HasPrefix(a.header.Get("Content-Type"), "text/plain") {
		t.Errorf("Name/$value: %d %q %s", a.status, a.body, a.header.Get("Content-Type"))
	}
	if a := get(t, h, title+"/ReleaseYear/$value", nil); string(a.body) != "1975" {
		t.Errorf("ReleaseYear/$value: %q", a.body)
	}
	if a := get(t, h, title+"/$value?$expand=Genres&$top=1", nil); a.status != http.StatusOK {
		t.Errorf("$value ignores query options, but answered %d", a.status)
	}
	if a := get(t, h, title+"/Synopsis/$value", nil); a.status != http.StatusNoContent {
		t.Errorf("Synopsis/$value of a title without one: status %d, want 204", a.status)
	}
	d := decodeJSON(t, get(t, h, title+"/ReleaseYear?$format=json", nil))["d"].(map[string]any)
	if d["ReleaseYear"] != 1975.0 || len(d) != 1 {
		t.Errorf("ReleaseYear in JSON: %v", d)
	}
	prop := decodeAtom[struct {
		Type  string `xml:"type,attr"`
		Value string `xml:",chardata"`
	}](t, get(t, h, title+"/AverageRating", nil))
	if prop.Type != "Edm.Double" || prop.Value != "3.9" {
		t.Errorf("AverageRating in XML: %+v", prop)
	}
	box := decodeJSON(t, get(t, h, title+"/BoxArt?$format=json", nil))["d"].(map[string]any)["BoxArt"].(map[string]any)
	if box["SmallUrl"] != "http://cdn-0.nflximg.com/us/boxshots/tiny/60001220.jpg" || box["HighDefinitionUrl"] != nil {
		t.Errorf("BoxArt: %v", box)
	}
	get(t, h, title+"/BoxArt", nil)
	get(t, h, title+"/Instant?$format=json", nil)
}

func TestRepresentations(t *testing.T) {
	h := newTestHandler(t, 0)
	q := "/Catalog/Titles?$filter=Name%20eq%20'Jaws'"
	if a := get(t, h, q, http.Header{"Accept": {"application/json"}}); len(results(t, a)) != 1 {
		t.Errorf("Accept: application/json should answer JSON")
	}
	if a := get(t, h, q+"&$format=atom", nil); !strings.HasPrefix(a.header.Get("Content-Type"), "application/atom+xml") {
		t.Errorf("$format=atom: %s", a.header.Get("Content-Type"))
	}
	a := get(t, h, q+"&$format=json&$callback=handle.titles", nil)
	if ct := a.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/javascript") || !strings.HasPrefix(string(a.body), "handle.titles({") {
		t.Errorf("JSONP: %s %.40s", ct, a.body)
	}
	// A client that accepts OData V1 only reads a collection as a bare array.
	v1 := get(t, h, q+"&$format=json&$expand=Genres", http.Header{"MaxDataServiceVersion": {"1.0"}})
	d, ok := decodeJSON(t, v1)["d"].([]any)
	if !ok || len(d) != 1 || v1.header.Get("DataServiceVersion") != "1.0;" {
		t.Fatalf("V1: %.200s", v1.body)
	}
	if _, ok := d[0].(map[string]any)["Genres"].([]any); !ok {
		t.Errorf("V1: an expanded collection should be an array")
	}
	if a := get(t, h, q+"&$format=json&$inlinecount=allpages", http.Header{"MaxDataServiceVersion": {"1.0;NetFx"}}); a.status != http.StatusBadRequest {
		t.Errorf("V1 with $inlinecount: status %d, want 400", a.status)
	}
}

func TestErrors(t *testing.T) {
	h := newTestHandler(t, 0)
	for _, c := range []struct {
		target string
		status int
		says   string
	}{
		{"/Catalog/Movies2", 404, "Movies2"},
		{"/Catalog/Titles('nope')", 404, "Titles"},
		{"/Catalog/Titles('" + jaws + "')/Actors", 404, "Actors"},
		{"/Catalog/People(1)", 404, "People"},
		{"/Catalog/Titles(1)", 400, "Edm.String"},
		{"/Catalog/People('x')", 400, "Edm.Int32"},
		{"/Catalog/Titles?$filter=Name%20eq", 400, "ends too early"},
		{"/Catalog/Titles?$filter=Nmae%20eq%20'Jaws'", 400, "Nmae"},
		{"/Catalog/Titles?$filter=Name%20eq%201", 400, "Edm.String and Edm.Int32"},
		{"/Catalog/Titles?$filter=Name", 400, "Edm.Boolean"},
		{"/Catalog/Titles?$filter=Name%20eq%20'unclosed", 400, "unterminated"},
		{"/Catalog/Titles?$filter=Genres/Name%20eq%20'x'", 400, "collection"},
		{"/Catalog/Titles?$filter=frobnicate(Name)", 400, "frobnicate"},
		{"/Catalog/Titles?$top=-1", 400, "$top"},
		{"/Catalog/Titles?$top=ten", 400, "$top"},
		{"/Catalog/Titles?$skip=1.5", 400, "$skip"},
		{"/Catalog/Titles?$orderby=Name%20sideways", 400, "$orderby"},
		{"/Catalog/Titles?$orderby=BoxArt", 400, "primitive"},
		{"/Catalog/Titles?$expand=Actors", 400, "Actors"},
		{"/Catalog/Titles?$select=Genres/Name", 400, "$expand"},
		{"/Catalog/Titles?$inlinecount=some", 400, "allpages"},
		{"/Catalog/Titles?$skiptoken=garbage", 400, "$skiptoken"},
		{"/Catalog/Titles?$frobnicate=1", 400, "$frobnicate"},
		{"/Catalog/Titles?$top=1&$top=2", 400, "exactly once"},
		{"/Catalog/Titles?$format=csv", 400, "csv"},
		{"/Catalog/Titles('" + jaws + "')?$top=1", 400, "$top"},
		{"/Catalog/Titles('" + jaws + "')/Name?$expand=Genres", 400, "$expand"},
		{"/Catalog/Genres('Thrillers')/$value", 400, "media"},
		{"/Catalog/Titles('" + jaws + "')/BoxArt/$value", 404, "$value"},
		{"/Catalog/Titles?$filter=" + strings.Repeat("true%20and%20", 300) + "true", 400, "longer than 2048"},
		{"/Catalog/Titles?$expand=Genres/Titles/Genres/Titles/Genres", 400, "longer than 4"},
	} {
		for _, format := range []string{"", "json"} {
			target := c.target
			if format == "json" {
				target = withOption(target, "$format=json")
			}
			a := get(t, h, target, nil)
			if a.status != c.status {
				t.Errorf("GET %s: status %d, want %d: %s", target, a.status, c.status, a.body)
				continue
			}
			if c.target == "/Catalog/Titles?$format=csv" {
				format = "" // the representation was not understood, so the error is XML
			}
			if json := strings.HasPrefix(a.header.Get("Content-Type"), "application/json"); json != (format == "json") {
				t.Errorf("GET %s: error as %s", target, a.header.Get("Content-Type"))
			}
			if msg := errorMessage(t, a); !strings.Contains(msg, c.says) {
				t.Errorf("GET %s: message %q does not say %q", target, msg, c.says)
			}
		}
	}
	// An empty option is no option, as with WCF Data Services.
	all := results(t, get(t, h, "/Catalog/Titles?$format=json&$select=Id", nil))
	if got := results(t, get(t, h, "/Catalog/Titles?$format=json&$select=Id&$filter=&$orderby=&$expand=&$callback=", nil)); len(got) != len(all) {
		t.Errorf("empty options: %d titles, want %d", len(got), len(all))
	}
	// JSONP wraps errors too; a callback that is not a function name is refused.
	if a := get(t, h, "/Catalog/Titles('nope')?$format=json&$callback=cb", nil); a.status != 404 || !strings.HasPrefix(string(a.body), "cb({\"error\"") {
		t.Errorf("JSONP error: %d %s", a.status, a.body)
	}
	if a := get(t, h, "/Catalog/Titles?$format=json&$callback=alert(1)//", nil); a.status != 400 {
		t.Errorf("$callback=alert(1)//: status %d, want 400", a.status)
	}
	// The description has GET operations only, so a refused write is not validated against it.
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "http://odata.netflix.com/Catalog/Titles", nil))
	if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: status %d, Allow %q", rec.Code, rec.Header().Get("Allow"))
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://odata.netflix.com/Catalogue/Titles", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("a path outside the catalog: status %d, want 404", rec.Code)
	}
}

// withOption adds a query option to a target.
func withOption(target, option string) string {
	if strings.Contains(target, "?") {
		return target + "&" + option
	}
	return target + "?" + option
}

// An answer whose expansions would multiply past maxAnswerEntities is refused before it is
// written.
func TestCheckSize(t *testing.T) {
	genre := newEntity(genreType, map[string]any{"Name": "Dramas"})
	var titles []*entity
	for range 200 {
		e := newEntity(titleType, map[string]any{})
		e.nav["Genres"] = []*entity{genre}
		titles = append(titles, e)
	}
	genre.nav["Titles"] = titles
	if err := checkSize(titles, expansion{"Genres": {}}); err != nil {
		t.Errorf("400 entities refused: %v", err.message)
	}
	if err := checkSize(titles, expansion{"Genres": {"Titles": {}}}); err == nil || err.status != http.StatusBadRequest {
		t.Errorf("200 titles, each with a genre of 200 titles, should be refused")
	}
}

// Every entry's edit link, relative to the feed's xml:base, resolves to the entry's id, for
// keys with spaces, ampersands and underscores alike.
func TestAtomLinksResolve(t *testing.T) {
	h := newTestHandler(t, 0)
	for _, target := range []string{"/Catalog/Genres", "/v2/Catalog/Titles", "/Catalog/People"} {
		a := get(t, h, target, clock("2011-01-01"))
		feed := decodeAtom[struct {
			Base string `xml:"base,attr"`
			atomFeed
		}](t, a)
		base, err := url.Parse(feed.Base)
		if err != nil || len(feed.Entries) == 0 {
			t.Fatalf("%s: base %q (%v), %d entries", target, feed.Base, err, len(feed.Entries))
		}
		for _, e := range feed.Entries {
			i := slices.IndexFunc(e.Links, func(l atomLink) bool { return l.Rel == "edit" })
			if i < 0 {
				t.Errorf("%s: %s has no edit link", target, e.ID)
				continue
			}
			ref, err := url.Parse(e.Links[i].Href)
			if err != nil || base.ResolveReference(ref).String() != e.ID {
				t.Errorf("%s: edit link %q resolves to %v (%v), not %s", target, e.Links[i].Href, base.ResolveReference(ref), err, e.ID)
			}
		}
	}
}

// Requests of many days at once share the handler's cache of views, which holds fewer days
// than are asked for here, so that views are built, dropped and read concurrently.
func TestConcurrentDays(t *testing.T) {
	h := newTestHandler(t, 0)
	var wg sync.WaitGroup
	for i := range 4 * cachedViews {
		wg.Go(func() {
			day := spec.MustDay("2011-06-01").AddDays(i).String()
			req := httptest.NewRequest(http.MethodGet, "http://odata.netflix.com/Catalog/Titles('"+jaws+"')?$expand=Genres&$format=json", nil)
			req.Header.Set(spec.ClockHeader, day)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK || rec.Header().Get(spec.ClockHeader) != day {
				t.Errorf("%s: status %d as of %q", day, rec.Code, rec.Header().Get(spec.ClockHeader))
			}
		})
	}
	wg.Wait()
}
