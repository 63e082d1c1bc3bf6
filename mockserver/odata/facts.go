package odata

import (
	"cmp"
	"crypto/sha1"
	"fmt"
	"net/url"
	"slices"
	"strconv"

	"github.com/flixconf/flixconf/fixtures"
	"github.com/flixconf/flixconf/spec"
)

// The Languages, TitleAudioFormats, TitleScreenFormats and TitleAwards sets, and the Movie and
// Disc navigation properties. No body of these sets is recorded (the description marks their
// values as unknown). The fixtures record no language, audio or screen format of a title, so
// they follow the rules by which the REST mock answers the same title's languages_and_audio
// and screen_formats (mockserver/catalog_subresources.go), so that both services tell one
// story: Jaws on DVD is in English, in Stereo and in Widescreen. Awards are the fixtures'.

// catalogLanguage is the language of every title: the fixtures record none, and the catalog
// is the US one (the REST mock's languages_and_audio gives English to every title).
const catalogLanguage = "English"

// audioFormat is a title's audio by era, the REST mock's rule: Dolby Digital 5.1 from 1992,
// Stereo from 1970, Mono before (and when the year is unknown).
func audioFormat(t *fixtures.Title) string {
	switch {
	case t.ReleaseYear >= 1992:
		return "Dolby Digital 5.1"
	case t.ReleaseYear >= 1970:
		return "Stereo"
	}
	return "Mono"
}

// screenFormat is a title's picture shape, the REST mock's rule: Widescreen for a movie from
// 1953 (CinemaScope) and for anything from 2005, Standard before.
func screenFormat(t *fixtures.Title) string {
	if t.ReleaseYear >= 2005 || t.Kind == "movie" && t.ReleaseYear >= 1953 {
		return "Widescreen"
	}
	return "Standard"
}

// formatsOn lists the delivery formats a title can be had in on day d, each once, in their
// written order, as the REST mock's sub-resources list them. The words are the REST API's
// title_formats labels (instant, DVD, Blu-ray), which fit DeliveryFormat's 10 characters.
func formatsOn(t *fixtures.Title, d spec.Day) []string {
	var out []string
	for _, f := range t.Formats {
		if f.AvailableOn(d) && !slices.Contains(out, f.Format) {
			out = append(out, f.Format)
		}
	}
	return out
}

// addTitleFacts builds the day's languages, audio and screen formats and awards of the
// titles, links them both ways to their titles (and an award to its person), and points each
// movie's Movie and each disc's Disc at the title itself. byTitle holds the Title entities,
// people the Person entities by fixture id.
func (v *view) addTitleFacts(titles []servedTitle, byTitle map[*fixtures.Title]*entity, people map[string]*entity, d spec.Day) {
	var language *entity
	if len(titles) > 0 {
		language = newEntity(languageType, map[string]any{"Name": catalogLanguage})
		v.add(language)
	}
	var audio, screens, awards []*entity
	for _, st := range titles {
		te := byTitle[st.title]
		selfNavigation(te, st.title.Kind)
		linkBoth(te, "Languages", language, "Titles")
		for _, f := range formatsOn(st.title, d) {
			a := newEntity(audioFormatType, map[string]any{
				"TitleId": st.id, "DeliveryFormat": f, "Language": catalogLanguage, "Format": audioFormat(st.title),
			})
			linkBoth(a, "Title", te, "AudioFormats")
			audio = append(audio, a)
			s := newEntity(screenFormatType, map[string]any{"TitleId": st.id, "DeliveryFormat": f, "Format": screenFormat(st.title)})
			linkBoth(s, "Title", te, "ScreenFormats")
			screens = append(screens, s)
		}
		for _, aw := range st.title.Awards {
			a := newEntity(awardType, map[string]any{
				"Id": awardID(st.title, aw), "Type": aw.Type, "Category": aw.Category, "Year": positive(aw.Year), "Won": aw.Won,
			})
			linkBoth(a, "Title", te, "Awards")
			if p := people[aw.Person]; p != nil {
				linkBoth(a, "Person", p, "Awards")
			}
			awards = append(awards, a)
		}
	}
	// Each set is in key order, as the Titles and Genres sets are; the navigation properties
	// keep the titles' written order.
	for _, set := range [][]*entity{audio, screens, awards} {
		slices.SortFunc(set, compareKeys)
		for _, e := range set {
			v.add(e)
		}
	}
}

// selfNavigation points a movie's Movie and a disc's Disc at the title itself: the $metadata's
// FK_Title_Movie and FK_Title_Disc give a title the movie and the disc it belongs to, and a
// movie is its own movie as a disc is its own disc. The fixtures place no other title on a
// disc or in a movie, so an episode's Disc and every other title's Movie stay empty (204).
func selfNavigation(te *entity, kind string) {
	switch kind {
	case "movie":
		te.nav["Movie"] = []*entity{te}
	case "disc":
		te.nav["Disc"] = []*entity{te}
	}
}

// linkBoth sets the navigation property nav of e to target and adds e to target's navigation
// property back; nothing happens when target is nil.
func linkBoth(e *entity, nav string, target *entity, back string) {
	if target == nil {
		return
	}
	e.nav[nav] = append(e.nav[nav], target)
	target.nav[back] = append(target.nav[back], e)
}

// compareKeys orders entities of one type by their key properties, in the key's order.
func compareKeys(a, b *entity) int {
	for _, name := range a.typ.key {
		if c := cmp.Compare(primitiveText(a.props[name]), primitiveText(b.props[name])); c != 0 {
			return c
		}
	}
	return 0
}

// awardNamespace is the URL namespace of RFC 4122 (6ba7b811-9dad-11d1-80b4-00c04fd430c8).
var awardNamespace = [16]byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}

// awardID gives an award its Edm.Guid Id, which no record gives: the name-based UUID (RFC 4122
// version 5, SHA-1, URL namespace) of awardName, so that an award keeps its Id from run to run
// and anyone can compute it (Python: uuid.uuid5(uuid.NAMESPACE_URL, name)).
func awardID(t *fixtures.Title, a fixtures.Award) guid {
	h := sha1.New()
	h.Write(awardNamespace[:])
	h.Write([]byte(awardName(t, a)))
	u := h.Sum(nil)[:16]
	u[6] = u[6]&0x0f | 0x50 // version 5
	u[8] = u[8]&0x3f | 0x80 // the RFC 4122 variant
	return guid(fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16]))
}

// awardName is the URL an award's Id is made from: the title's REST API URL, /awards, and
// what names the award (the fixtures allow one award per type, category, year and person) as
// a query in key order. For Jaws' Best Sound: http://api.netflix.com/catalog/titles/movies/
// 60001220/awards?category=Best+Sound&type=Academy+Award&year=1975.
func awardName(t *fixtures.Title, a fixtures.Award) string {
	q := url.Values{"type": {a.Type}, "category": {a.Category}, "year": {strconv.Itoa(a.Year)}}
	if a.Person != "" {
		q.Set("person", a.Person)
	}
	return "http://" + restAPIHost + "/catalog/titles/" + t.Path() + "/awards?" + q.Encode()
}
