package odata

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/flixconf/flixconf/fixtures"
	"github.com/flixconf/flixconf/spec"
)

// entity is one entity of the model as it stands on a request's day. Property values are
// nil (null), string, int64 (Edm.Int32), float64, bool, time.Time, guid or record (a complex
// value).
type entity struct {
	typ   *entityType
	props map[string]any
	// nav holds the targets of the navigation properties; a single-valued one holds at most
	// one, and a missing name is an empty collection or an absent entity.
	nav map[string][]*entity
}

// record is the value of a complex property, by member name.
type record map[string]any

// guid is an Edm.Guid, written in lower case.
type guid string

func newEntity(t *entityType, props map[string]any) *entity {
	return &entity{typ: t, props: props, nav: map[string][]*entity{}}
}

// servedTitle is a catalog title together with its OData Id.
type servedTitle struct {
	id    string
	title *fixtures.Title
}

// odataID gives a title its OData Id: its numeric id written in base 36, in lower case
// (60001220 is zq18k), so that strconv.ParseUint(id, 36, 64) gives the number back. A season,
// which may share its series' id, is <series>_<season>: the first season of The Sopranos,
// 60030356 like its series, is zqnpw_zqnpw. The underscore is no base-36 digit, so both parts
// read back unambiguously. The real service's Ids were short strings too, but their mapping is
// not recorded (17405997, Good Will Hunting, was 7wcf7, which is no plain change of base). A
// title whose id is not a decimal number has no OData Id.
func odataID(t *fixtures.Title) (string, bool) {
	id, ok := base36(t.ID)
	if !ok || t.Kind != fixtures.KindSeason {
		return id, ok
	}
	series, ok := base36(t.Series)
	return series + "_" + id, ok
}

func base36(numeric string) (string, bool) {
	n, err := strconv.ParseUint(numeric, 10, 64)
	if err != nil || strconv.FormatUint(n, 10) != numeric {
		return "", false
	}
	return strconv.FormatUint(n, 36), true
}

// titleTypes gives the OData Type of each fixture kind: the REST API's programs are episodes.
var titleTypes = map[string]string{
	"movie": "Movie", "series": "Series", fixtures.KindSeason: "Season", "program": "Episode", "disc": "Disc",
}

// restAPIHost is the host of NetflixApiId, as the 2010 entry writes it.
const restAPIHost = "api.netflix.com"

// view is the catalog as the model presents it on one day: every entity set in key order,
// and every entity by its key predicate. A view is not changed once built, so that requests
// of the same day can share it.
type view struct {
	sets map[string][]*entity
	keys map[string]map[string]*entity
}

// newView builds the entities of the day's catalog: its titles, people and genres, and the
// languages, formats and awards that facts.go derives from the titles.
func newView(cat *fixtures.Catalog, titles []servedTitle, day spec.Day) *view {
	v := &view{sets: map[string][]*entity{}, keys: map[string]map[string]*entity{}}
	people := map[string]*entity{}
	for _, p := range cat.People() {
		// Person Ids are Edm.Int32; the fixtures' ids are far below its limit.
		if n, err := strconv.ParseInt(p.ID, 10, 32); err == nil {
			people[p.ID] = newEntity(personType, map[string]any{"Id": n, "Name": p.Name})
			v.add(people[p.ID])
		}
	}
	byTitle := make(map[*fixtures.Title]*entity, len(titles))
	genres := map[string]*entity{}
	for _, st := range titles {
		te := titleEntity(st, day)
		byTitle[st.title] = te
		v.add(te)
		for _, name := range genresOn(st.title, day) {
			g := genres[name]
			if g == nil {
				g = newEntity(genreType, map[string]any{"Name": name})
				genres[name] = g
			}
			te.nav["Genres"] = append(te.nav["Genres"], g)
			g.nav["Titles"] = append(g.nav["Titles"], te)
		}
		for _, credit := range []struct {
			ids            []string
			nav, backwards string
		}{{st.title.Cast, "Cast", "TitlesActedIn"}, {st.title.Directors, "Directors", "TitlesDirected"}} {
			for _, id := range credit.ids {
				if p := people[id]; p != nil {
					te.nav[credit.nav] = append(te.nav[credit.nav], p)
					p.nav[credit.backwards] = append(p.nav[credit.backwards], te)
				}
			}
		}
	}
	for _, st := range titles {
		te := byTitle[st.title]
		if series, ok := cat.Title(st.title.Series); ok && byTitle[series] != nil {
			te.nav["Series"] = []*entity{byTitle[series]}
		}
		if season := seasonOf(cat, st.title); season != nil && byTitle[season] != nil {
			te.nav["Season"] = []*entity{byTitle[season]}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(genres)) {
		v.add(genres[name])
	}
	v.addTitleFacts(titles, byTitle, people, day)
	return v
}

// seasonOf finds the season an episode or disc belongs to: the one its season_id names, or
// else the season of its series with its season number.
func seasonOf(cat *fixtures.Catalog, t *fixtures.Title) *fixtures.Title {
	if t.Series == "" || t.Kind == fixtures.KindSeason {
		return nil
	}
	for _, s := range cat.Seasons(t.Series) {
		if t.SeasonID != "" && s.ID == t.SeasonID || t.SeasonID == "" && t.Season > 0 && s.Season == t.Season {
			return s
		}
	}
	return nil
}

func (v *view) add(e *entity) {
	set := e.typ.set
	v.sets[set] = append(v.sets[set], e)
	if v.keys[set] == nil {
		v.keys[set] = map[string]*entity{}
	}
	v.keys[set][keyPredicate(e)] = e
}

// genresOn lists the labels of a title's genres on day d, each once, in their written order.
func genresOn(t *fixtures.Title, d spec.Day) []string {
	var out []string
	for _, c := range t.CategoriesOn(d) {
		if c.Scheme == "genres" && c.Label != "" && !slices.Contains(out, c.Label) {
			out = append(out, c.Label)
		}
	}
	return out
}

// titleEntity maps a catalog title to a Title entity as it stands on day d.
func titleEntity(st servedTitle, d spec.Day) *entity {
	t := st.title
	rating := ratingOn(t, d)
	runtime := positive(t.Runtime)
	var boxArt record
	if t.BoxArtCDN == "" {
		boxArt = record{"SmallUrl": nil, "MediumUrl": nil, "LargeUrl": nil, "HighDefinitionUrl": nil}
	} else {
		shot := func(size string) any {
			return fmt.Sprintf("http://%s.nflximg.com/us/boxshots/%s/%s.jpg", t.BoxArtCDN, size, t.ID)
		}
		// SmallUrl is the REST API's tiny shot and MediumUrl its small one (2010 entry).
		boxArt = record{"SmallUrl": shot("tiny"), "MediumUrl": shot("small"), "LargeUrl": shot("large"), "HighDefinitionUrl": nil}
	}
	instant := availabilityOn(t, "instant", d, runtime, rating)
	// No fixture says whether a title streamed in high definition.
	instant["HighDefinitionAvailable"] = false
	var url any
	if t.WebPage != "" {
		url = t.WebPage
	}
	return newEntity(titleType, map[string]any{
		"Id": st.id,
		// The fixtures hold no synopses; Synopsis and ShortSynopsis are nullable.
		"Synopsis":      nil,
		"ShortSynopsis": nil,
		"AverageRating": averageRating(t.AverageRating),
		"ReleaseYear":   positive(t.ReleaseYear),
		"Url":           url,
		"Runtime":       runtime,
		"Rating":        rating,
		"DateModified":  dateModified(t, d),
		"Type":          titleTypes[t.Kind],
		"BoxArt":        boxArt,
		"ShortName":     t.Title.Short,
		"Name":          t.Title.Regular,
		"Instant":       instant,
		"Dvd":           availabilityOn(t, "DVD", d, runtime, rating),
		"BluRay":        availabilityOn(t, "Blu-ray", d, runtime, rating),
		"TinyUrl":       "http://movi.es/" + st.id,
		// The fixtures hold no studio web sites.
		"WebsiteUrl":   nil,
		"NetflixApiId": "http://" + restAPIHost + "/catalog/titles/" + t.Path(),
	})
}

// positive is n as an Edm.Int32, or null when the fixture leaves it out (zero).
func positive(n int) any {
	if n <= 0 || n > math.MaxInt32 {
		return nil
	}
	return int64(n)
}

// averageRating reads the fixture's rating ("3.9"); an absent or unreadable one is null.
func averageRating(s string) any {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return f
}

// ratingOn is the title's MPAA or TV rating on day d, or null.
func ratingOn(t *fixtures.Title, d spec.Day) any {
	for _, c := range t.CategoriesOn(d) {
		if c.Scheme == "mpaa_ratings" || c.Scheme == "tv_ratings" {
			return c.Label
		}
	}
	return nil
}

// dateModified derives DateModified, which the fixtures do not hold: the last day, not after
// d, on which one of the title's dated facts (a category's or an availability's window) began
// or ended, so that the record changes when the catalog says it did. A title without dated
// facts uses the Unix epoch.
func dateModified(t *fixtures.Title, d spec.Day) time.Time {
	var last spec.Day
	consider := func(day spec.Day) {
		if !day.IsZero() && !d.Before(day) && last.Before(day) {
			last = day
		}
	}
	for _, c := range t.Categories {
		consider(c.From)
		consider(c.Until)
	}
	for _, a := range t.Formats {
		consider(a.AvailableFrom)
		consider(a.AvailableUntil)
	}
	if last.IsZero() {
		return time.Unix(0, 0).UTC()
	}
	return last.Time()
}

// availabilityOn builds the availability of one delivery format on day d. Of the title's
// windows in that format it shows the one holding d, else the next to open, else the last to
// have closed; Available says whether d lies in it. Runtime and Rating (members of the later
// $metadata) repeat the title's when the format has a window at all.
func availabilityOn(t *fixtures.Title, format string, d spec.Day, runtime, rating any) record {
	r := record{"Available": false, "AvailableFrom": nil, "AvailableTo": nil, "Runtime": nil, "Rating": nil}
	var windows []spec.Window
	for _, a := range t.Formats {
		if a.Format == format {
			windows = append(windows, spec.Window{From: a.AvailableFrom, Until: a.AvailableUntil})
		}
	}
	if len(windows) == 0 {
		return r
	}
	w, ok := pickWindow(windows, d)
	if !ok {
		return r
	}
	r["Available"] = w.Contains(d)
	if !w.From.IsZero() {
		r["AvailableFrom"] = w.From.Time()
	}
	if !w.Until.IsZero() {
		r["AvailableTo"] = w.Until.Time()
	}
	r["Runtime"] = runtime
	r["Rating"] = rating
	return r
}

func pickWindow(ws []spec.Window, d spec.Day) (spec.Window, bool) {
	if i := slices.IndexFunc(ws, func(w spec.Window) bool { return w.Contains(d) }); i >= 0 {
		return ws[i], true
	}
	var upcoming, past []spec.Window
	for _, w := range ws {
		if d.Before(w.From) {
			upcoming = append(upcoming, w)
		} else {
			past = append(past, w)
		}
	}
	if len(upcoming) > 0 {
		return slices.MinFunc(upcoming, func(a, b spec.Window) int { return a.From.Time().Compare(b.From.Time()) }), true
	}
	if len(past) > 0 {
		return slices.MaxFunc(past, func(a, b spec.Window) int { return a.Until.Time().Compare(b.Until.Time()) }), true
	}
	return spec.Window{}, false
}

// keyPredicate is the entity's key as written inside the parentheses of its address, before
// percent-encoding: 'zq18k', 4411 or TitleId='zq18k',DeliveryFormat='DVD',Format='1.33:1'.
func keyPredicate(e *entity) string {
	return formatKey(e.typ, func(name string) any { return e.props[name] })
}

func formatKey(t *entityType, value func(string) any) string {
	if len(t.key) == 1 {
		return formatLiteral(value(t.key[0]))
	}
	var b []byte
	for i, name := range t.key {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, name...)
		b = append(b, '=')
		b = append(b, formatLiteral(value(name))...)
	}
	return string(b)
}

// sortTitles orders the served titles by OData Id, the order of the Titles set.
func sortTitles(ts []servedTitle) {
	slices.SortFunc(ts, func(a, b servedTitle) int { return cmp.Compare(a.id, b.id) })
}
