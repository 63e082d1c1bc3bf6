package odata

import (
	"bytes"
	"image/jpeg"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/flixconf/flixconf/fixtures"
)

// The OData Ids of the other titles these tests name.
var (
	americanInParis = strconv.FormatUint(251454, 36)   // a movie of 1951, on DVD and instant
	sopranosDisc    = strconv.FormatUint(60003464, 36) // The Sopranos: Season 1: Disc 1
	boredOfTheRings = strconv.FormatUint(89000007, 36) // an episode of The Sarah Silverman Program
)

// The Ids of Jaws' Academy Awards (fixtures/catalog/titles.yaml), computed apart from the
// mock with Python's uuid.uuid5(uuid.NAMESPACE_URL, name) over the names awardName writes.
var jawsAwards = []struct {
	id, category string
	won          bool
}{
	{"9f56b0a5-56a3-5aeb-8a04-82195c30dfef", "Best Picture", false},
	{"93bed5b2-a21a-506c-aa8f-47e78f4f33b5", "Best Film Editing", true},
	{"5618b26d-2d7c-5e40-9444-863cb054e276", "Best Original Dramatic Score", true},
	{"a999c8d1-c207-544b-9837-dd2f2ed86bc6", "Best Sound", true},
}

// rawEntry is an Atom entry with its content as written.
type rawEntry struct {
	ID      string `xml:"id"`
	Content struct {
		Raw []byte `xml:",innerxml"`
	} `xml:"content"`
}

// Every title is in English: the Languages set holds that one language, which leads to every
// title, and each title leads back to it.
func TestLanguages(t *testing.T) {
	h := newTestHandler(t, 0)
	if got := field[string](results(t, get(t, h, "/Catalog/Languages?$format=json", nil)), "Name"); !slices.Equal(got, []string{"English"}) {
		t.Errorf("Languages: %v, want [English]", got)
	}
	feed := decodeAtom[atomFeed](t, get(t, h, "/Catalog/Languages", nil))
	if !slices.Equal(feed.titles(), []string{"English"}) || feed.Entries[0].ID != "http://odata.netflix.com/Catalog/Languages('English')" {
		t.Errorf("Languages in Atom: %v", feed.Entries)
	}
	one := decodeJSON(t, get(t, h, "/Catalog/Languages('English')?$format=json", nil))["d"].(map[string]any)
	if one["Name"] != "English" {
		t.Errorf("Languages('English'): %v", one)
	}
	entry := decodeAtom[atomEntry](t, get(t, h, "/Catalog/Languages('English')", nil))
	if entry.Title != "English" || entry.Content.Props.Name != "English" {
		t.Errorf("Languages('English') in Atom: %q %q", entry.Title, entry.Content.Props.Name)
	}
	titles := decodeAtom[atomFeed](t, get(t, h, "/Catalog/Languages('English')/Titles?$inlinecount=allpages&$top=2", nil))
	all := decodeAtom[atomFeed](t, get(t, h, "/Catalog/Titles?$inlinecount=allpages&$top=2", nil))
	if titles.Count != len(h.titles) || all.Count != len(h.titles) || !slices.Equal(titles.titles(), all.titles()) {
		t.Errorf("Languages('English')/Titles: %d titles starting %v; the catalog has %d starting %v", titles.Count, titles.titles(), all.Count, all.titles())
	}
	if got := field[string](results(t, get(t, h, "/Catalog/Titles('"+jaws+"')/Languages?$format=json", nil)), "Name"); !slices.Equal(got, []string{"English"}) {
		t.Errorf("Jaws' Languages: %v", got)
	}
	if a := get(t, h, "/Catalog/Languages('French')", nil); a.status != http.StatusNotFound {
		t.Errorf("Languages('French'): status %d, want 404", a.status)
	}
}

// A title has an audio and a screen format for each delivery format it can be had in on the
// day, by the REST mock's rules: Jaws (1975) in Stereo and Widescreen, An American in Paris
// (1951) in Mono and Standard.
func TestAudioAndScreenFormats(t *testing.T) {
	h := newTestHandler(t, 0)
	type format struct{ title, delivery, language, format string }
	read := func(path string, header http.Header) []format {
		var out []format
		for _, e := range results(t, get(t, h, path, header)) {
			lang, _ := e["Language"].(string)
			out = append(out, format{e["TitleId"].(string), e["DeliveryFormat"].(string), lang, e["Format"].(string)})
		}
		return out
	}
	// 2012-01-02: Jaws is on DVD (from 1998) and streams (2009-01-01 until 2013-03-01).
	if got, want := read("/Catalog/Titles('"+jaws+"')/AudioFormats?$format=json", nil), []format{
		{jaws, "DVD", "English", "Stereo"}, {jaws, "instant", "English", "Stereo"},
	}; !slices.Equal(got, want) {
		t.Errorf("Jaws' AudioFormats: %v, want %v", got, want)
	}
	if got, want := read("/Catalog/Titles('"+jaws+"')/ScreenFormats?$format=json", nil), []format{
		{jaws, "DVD", "", "Widescreen"}, {jaws, "instant", "", "Widescreen"},
	}; !slices.Equal(got, want) {
		t.Errorf("Jaws' ScreenFormats: %v, want %v", got, want)
	}
	// 2013-04-07, the OData catalog's last day: Jaws no longer streams.
	if got, want := read("/Catalog/Titles('"+jaws+"')/AudioFormats?$format=json", clock("2013-04-07")), []format{
		{jaws, "DVD", "English", "Stereo"},
	}; !slices.Equal(got, want) {
		t.Errorf("Jaws' AudioFormats on 2013-04-07: %v, want %v", got, want)
	}
	// Written order: instant, then DVD.
	if got, want := read("/Catalog/Titles('"+americanInParis+"')/AudioFormats?$format=json", nil), []format{
		{americanInParis, "instant", "English", "Mono"}, {americanInParis, "DVD", "English", "Mono"},
	}; !slices.Equal(got, want) {
		t.Errorf("An American in Paris' AudioFormats: %v, want %v", got, want)
	}
	if got := read("/Catalog/Titles('"+americanInParis+"')/ScreenFormats?$format=json", nil); len(got) != 2 || got[0].format != "Standard" {
		t.Errorf("An American in Paris' ScreenFormats: %v", got)
	}

	// By key, with the title behind it.
	audioKey := "TitleAudioFormats(TitleId='" + jaws + "',DeliveryFormat='DVD',Language='English',Format='Stereo')"
	audio := decodeJSON(t, get(t, h, "/Catalog/"+audioKey+"?$format=json&$expand=Title", nil))["d"].(map[string]any)
	if audio["Format"] != "Stereo" || audio["Title"].(map[string]any)["Name"] != "Jaws" {
		t.Errorf("%s: %v", audioKey, audio)
	}
	if e := decodeAtom[rawEntry](t, get(t, h, "/Catalog/"+audioKey, nil)); e.ID != "http://odata.netflix.com/Catalog/"+audioKey || !bytes.Contains(e.Content.Raw, []byte("<d:Language>English</d:Language>")) {
		t.Errorf("%s in Atom: %q %s", audioKey, e.ID, e.Content.Raw)
	}
	screenKey := "TitleScreenFormats(TitleId='" + jaws + "',DeliveryFormat='DVD',Format='Widescreen')"
	if e := decodeAtom[rawEntry](t, get(t, h, "/Catalog/"+screenKey, nil)); e.ID != "http://odata.netflix.com/Catalog/"+screenKey || !bytes.Contains(e.Content.Raw, []byte("<d:Format>Widescreen</d:Format>")) {
		t.Errorf("%s in Atom: %q %s", screenKey, e.ID, e.Content.Raw)
	}
	for _, missing := range []string{
		"TitleAudioFormats(TitleId='" + jaws + "',DeliveryFormat='DVD',Language='English',Format='Mono')",
		"TitleScreenFormats(TitleId='" + jaws + "',DeliveryFormat='Blu-ray',Format='Widescreen')",
	} {
		if a := get(t, h, "/Catalog/"+missing, nil); a.status != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", missing, a.status)
		}
	}
}

// The format sets hold every title's formats in key order: TitleId, then DeliveryFormat.
func TestFormatSetsAreInKeyOrder(t *testing.T) {
	h := newTestHandler(t, 0)
	for _, set := range []string{"TitleAudioFormats", "TitleScreenFormats"} {
		es := results(t, get(t, h, "/Catalog/"+set+"?$format=json", nil))
		keys := make([]string, len(es))
		for i, e := range es {
			keys[i] = e["TitleId"].(string) + " " + e["DeliveryFormat"].(string)
		}
		if !slices.IsSorted(keys) || !slices.Contains(keys, jaws+" DVD") || !slices.Contains(keys, jaws+" instant") {
			t.Errorf("%s: %d entities, sorted %v, Jaws' DVD and instant among them: %v", set, len(keys), slices.IsSorted(keys), keys[:min(len(keys), 5)])
		}
	}
}

// Jaws' four Academy Awards of the fixtures: by Id, in the set in Id order, and from the
// title in written order.
func TestAwards(t *testing.T) {
	h := newTestHandler(t, 0)
	var want []string
	for _, a := range jawsAwards {
		want = append(want, a.id)
	}
	got := field[string](results(t, get(t, h, "/Catalog/Titles('"+jaws+"')/Awards?$format=json", nil)), "Id")
	if !slices.Equal(got, want) {
		t.Errorf("Jaws' Awards: %v, want %v", got, want)
	}
	set := field[string](results(t, get(t, h, "/Catalog/TitleAwards?$format=json", nil)), "Id")
	if !slices.Equal(set, slices.Sorted(slices.Values(want))) {
		t.Errorf("TitleAwards: %v, want Jaws' in Id order", set)
	}
	for _, a := range jawsAwards {
		d := decodeJSON(t, get(t, h, "/Catalog/TitleAwards(guid'"+a.id+"')?$format=json&$expand=Title,Person", nil))["d"].(map[string]any)
		title, _ := d["Title"].(map[string]any)
		if d["Id"] != a.id || d["Type"] != "Academy Award" || d["Category"] != a.category || d["Year"] != 1975.0 || d["Won"] != a.won ||
			title["Id"] != jaws || d["Person"] != nil {
			t.Errorf("TitleAwards(guid'%s'): %v", a.id, d)
		}
	}
	editing := jawsAwards[1]
	entry := decodeAtom[rawEntry](t, get(t, h, "/Catalog/TitleAwards(guid'"+strings.ToUpper(editing.id)+"')", nil))
	for _, want := range []string{`<d:Id m:type="Edm.Guid">` + editing.id + `</d:Id>`, "<d:Category>Best Film Editing</d:Category>", `<d:Won m:type="Edm.Boolean">true</d:Won>`} {
		if !bytes.Contains(entry.Content.Raw, []byte(want)) {
			t.Errorf("the award in Atom lacks %s: %s", want, entry.Content.Raw)
		}
	}
	if entry.ID != "http://odata.netflix.com/Catalog/TitleAwards(guid'"+editing.id+"')" {
		t.Errorf("the award's Atom id: %q", entry.ID)
	}
	if a := get(t, h, "/Catalog/TitleAwards(guid'00000000-0000-0000-0000-000000000000')", nil); a.status != http.StatusNotFound {
		t.Errorf("the nil guid: status %d, want 404", a.status)
	}
	if got := results(t, get(t, h, "/Catalog/Titles('"+americanInParis+"')/Awards?$format=json", nil)); len(got) != 0 {
		t.Errorf("a title without awards: %v", got)
	}
}

// An award that names a person of the catalog leads to the person, and the person back to it.
func TestAwardOfAPerson(t *testing.T) {
	cat, err := fixtures.Parse([]byte(`titles:
  - {id: '1', kind: movie, title: {short: A, regular: A}, source: s, release_year: 1990,
     awards: [{type: Academy Award, category: Best Actor, year: 1990, won: false, person: '9', source: s}]}
people:
  - {id: '9', name: P, source: s}
`))
	if err != nil {
		t.Fatal(err)
	}
	h := New(cat, clockDay)
	awards := results(t, get(t, h, "/Catalog/People(9)/Awards?$format=json&$expand=Person,Title", nil))
	if len(awards) != 1 || awards[0]["Category"] != "Best Actor" || awards[0]["Won"] != false ||
		awards[0]["Person"].(map[string]any)["Name"] != "P" || awards[0]["Title"].(map[string]any)["Id"] != "1" {
		t.Errorf("People(9)/Awards: %v", awards)
	}
	// The person is part of the Id's name: .../movies/1/awards?category=Best+Actor&person=9&type=Academy+Award&year=1990.
	if got, want := awards[0]["Id"], "4e409539-4325-578a-b3c3-971547535b82"; got != want {
		t.Errorf("the award's Id: %v, want %s", got, want)
	}
}

// A movie's Movie and a disc's Disc are the title itself; no title of the fixtures lies on a
// disc or in a movie, so the others answer 204.
func TestMovieAndDiscNavigation(t *testing.T) {
	h := newTestHandler(t, 0)
	for _, c := range []struct{ path, want string }{
		{"Titles('" + jaws + "')/Movie", jaws},
		{"Titles('" + sopranosDisc + "')/Disc", sopranosDisc},
		{"Titles('" + jaws + "')/Disc", ""},
		{"Titles('" + sopranosDisc + "')/Movie", ""},
		{"Titles('" + boredOfTheRings + "')/Disc", ""},
		{"Titles('" + sopranos + "')/Movie", ""},
	} {
		if c.want == "" {
			if a := get(t, h, "/Catalog/"+c.path, nil); a.status != http.StatusNoContent {
				t.Errorf("%s: status %d, want 204", c.path, a.status)
			}
			continue
		}
		d := decodeJSON(t, get(t, h, "/Catalog/"+c.path+"?$format=json", nil))["d"].(map[string]any)
		if d["Id"] != c.want {
			t.Errorf("%s: %v, want %s", c.path, d["Id"], c.want)
		}
		if e := decodeAtom[atomEntry](t, get(t, h, "/Catalog/"+c.path, nil)); e.ID != "http://odata.netflix.com/Catalog/Titles('"+c.want+"')" {
			t.Errorf("%s in Atom: id %q", c.path, e.ID)
		}
	}
	jawsMovie := decodeJSON(t, get(t, h, "/Catalog/Titles('"+jaws+"')?$format=json&$expand=Movie,Disc&$select=Name,Movie/Name,Disc", nil))["d"].(map[string]any)
	if m, ok := jawsMovie["Movie"].(map[string]any); !ok || m["Name"] != "Jaws" || jawsMovie["Disc"] != nil {
		t.Errorf("Jaws with $expand=Movie,Disc: %v", jawsMovie)
	}
}

// $value is the title's box art: a JPEG placeholder with the entry's media etag, or with
// RedirectMedia a redirect to the large box shot.
func TestMediaResource(t *testing.T) {
	h := newTestHandler(t, 0)
	a := get(t, h, "/Catalog/Titles('"+jaws+"')/$value", http.Header{"Accept": {"image/jpeg"}})
	if a.status != http.StatusOK || a.header.Get("Content-Type") != "image/jpeg" {
		t.Fatalf("$value: %d %s", a.status, a.header.Get("Content-Type"))
	}
	img, err := jpeg.Decode(bytes.NewReader(a.body))
	if err != nil {
		t.Fatalf("$value is no JPEG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != placeholderWidth || b.Dy() != placeholderHeight {
		t.Errorf("the placeholder is %dx%d", b.Dx(), b.Dy())
	}
	md := decodeJSON(t, get(t, h, "/Catalog/Titles('"+jaws+"')?$format=json", nil))["d"].(map[string]any)["__metadata"].(map[string]any)
	if a.header.Get("ETag") != md["media_etag"] {
		t.Errorf("$value's ETag %q, the entry's media_etag %q", a.header.Get("ETag"), md["media_etag"])
	}
	if other := get(t, h, "/Catalog/Titles('"+americanInParis+"')/$value", nil); !bytes.Equal(other.body, a.body) {
		t.Errorf("every title's placeholder is the same image")
	}

	head := httptest.NewRecorder()
	h.ServeHTTP(head, httptest.NewRequest(http.MethodHead, "http://odata.netflix.com/Catalog/Titles('"+jaws+"')/$value", nil))
	if head.Code != http.StatusOK || head.Header().Get("Content-Type") != "image/jpeg" {
		t.Errorf("HEAD $value: %d %s", head.Code, head.Header().Get("Content-Type"))
	}

	redirecting := New(testCatalog(t), clockDay, RedirectMedia())
	r := get(t, redirecting, "/Catalog/Titles('"+jaws+"')/$value", nil)
	if r.status != http.StatusFound || r.header.Get("Location") != "http://cdn-0.nflximg.com/us/boxshots/large/60001220.jpg" || r.header.Get("Location") != md["media_src"] {
		t.Errorf("$value with RedirectMedia: %d to %q (media_src %q)", r.status, r.header.Get("Location"), md["media_src"])
	}
}

// A title without box art has no media resource to serve, in either mode.
func TestMediaResourceWithoutBoxArt(t *testing.T) {
	cat, err := fixtures.Parse([]byte("titles:\n  - {id: '1', kind: movie, title: {short: A, regular: A}, source: s}\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []http.Handler{New(cat, clockDay), New(cat, clockDay, RedirectMedia())} {
		if a := get(t, h, "/Catalog/Titles('1')/$value", nil); a.status != http.StatusNotFound {
			t.Errorf("$value of a title without box art: status %d, want 404", a.status)
		}
	}
}
