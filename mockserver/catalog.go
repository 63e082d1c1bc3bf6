package mockserver

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/flixconf/flixconf/fixtures"
	"github.com/flixconf/flixconf/spec"
)

// catalogHandlers answer the catalog's operations, keyed by the ids spec.OperationID gives
// their paths, so that a path here and in the descriptions cannot disagree.
var catalogHandlers = catalogTable()

// catalogTable builds catalogHandlers from the catalog's tables: the kinds of titles and their
// sub-resources, the series lists and the category schemes.
func catalogTable() map[string]func(*call) {
	op := func(path string) string { return spec.OperationID(http.MethodGet, path) }
	h := map[string]func(*call){
		op("/catalog/titles"):                                 searchTitles,
		op("/catalog/titles/autocomplete"):                    autocomplete,
		op("/catalog/titles/index"):                           titleIndex,
		op("/catalog/titles/full"):                            indexFile(everyTitle),
		op("/catalog/titles/streaming"):                       indexFile(streamable),
		op("/catalog/titles/dvd"):                             indexFile(onDisc),
		op("/catalog/titles/series/{id}/seasons/{season_id}"): titleAnswer((*call).seasonOfPath),
		op("/catalog/people"):                                 searchPeople,
		op("/catalog/people/{person_id}"):                     onePerson,
		op("/catalog/people/{person_id}/filmography"):         filmography,
	}
	for kind, segment := range fixtures.Kinds {
		base := "/catalog/titles/" + segment + "/{id}"
		h[op(base)] = titleAnswer(ofKind(kind))
		for _, name := range subResources {
			h[op(base+"/"+name)] = subResource(kind, name)
		}
	}
	for _, l := range seriesLists {
		h[op(l.path)] = l.answer
	}
	for _, s := range categorySchemes {
		h[op("/categories/"+s.name)] = categoryList(s)
	}
	return h
}

// msgNotFound is the message of a 404 for an unknown, malformed or wrong-kind id (the 2009
// post "a Note on Interfaces": badly formed API URLs answer 404).
const msgNotFound = "Resource Not Found"

// linkRels gives each sub-resource's link rel and title as a 1.0 catalog_title writes them
// (flix4r test/fixtures/movies.xml; reference netflix-api.md §2.1). short_synopsis is 2.0's
// ("short synopsis" in the New Series Model post; its rel follows the full-index parser).
var linkRels = map[string]struct{ rel, title string }{
	"synopsis":            {"http://schemas.netflix.com/catalog/titles/synopsis", "synopsis"},
	"short_synopsis":      {"http://schemas.netflix.com/catalog/titles/synopsis.short", "short synopsis"},
	"bonus_materials":     {"http://schemas.netflix.com/catalog/titles/bonus_materials", "bonus materials"},
	"cast":                {"http://schemas.netflix.com/catalog/people.cast", "cast"},
	"directors":           {"http://schemas.netflix.com/catalog/people.directors", "directors"},
	"format_availability": {"http://schemas.netflix.com/catalog/titles/format_availability", "formats"},
	"awards":              {"http://schemas.netflix.com/catalog/titles/awards", "awards"},
	"screen_formats":      {"http://schemas.netflix.com/catalog/titles/screen_formats", "screen formats"},
	"languages_and_audio": {"http://schemas.netflix.com/catalog/titles/languages_and_audio", "languages and audio"},
	"similars":            {"http://schemas.netflix.com/catalog/titles.similars", "similars"},
	"seasons":             {"http://schemas.netflix.com/catalog/titles.seasons", "seasons"},
	"episodes":            {"http://schemas.netflix.com/catalog/titles.programs", "episodes"},
	"discs":               {"http://schemas.netflix.com/catalog/titles.discs", "discs"},
}

// Where the links sit among a catalog_title's other children: the recorded Jaws response puts
// synopsis and bonus materials after the box art, the people and format links after the
// runtime, and similars after the average rating. The New Series Model post shows a 2.0
// series' seasons and episodes links after its cast link and before similars, so the links to
// a title's series, season and parts end the runtime group.
var (
	linksAfterBoxArt  = []string{"synopsis", "short_synopsis", "bonus_materials"}
	linksAfterRuntime = []string{"cast", "directors", "format_availability", "awards", "screen_formats", "languages_and_audio"}
	linksAfterRating  = []string{"similars"}
)

// titleAnswer answers GET of one catalog_title: the title that find reads from the path,
// expanded as asked.
func titleAnswer(find func(*call) (*fixtures.Title, bool)) func(*call) {
	return func(c *call) {
		exp, ok := c.expansions()
		if !ok {
			return
		}
		if t, ok := find(c); ok {
			c.answerDoc(http.StatusOK, c.catalogTitleNode(t, exp))
		}
	}
}

// ofKind finds the title of a kind that the path's {id} names, or answers 404.
func ofKind(kind string) func(*call) (*fixtures.Title, bool) {
	return func(c *call) (*fixtures.Title, bool) { return c.titleOfPath(kind) }
}

// titleOfPath finds the title of the kind that the path's {id} names, or answers 404. Under
// the found-not-404 fault an id that names no title answers 200 with the 404's status body (an
// id of another kind still answers 404).
func (c *call) titleOfPath(kind string) (*fixtures.Title, bool) {
	t, ok := c.s.catalog.Title(c.r.PathValue("id"))
	if !ok && c.s.hasFault(faultFoundNot404) {
		c.answer(http.StatusOK, statusNode(http.StatusNotFound, 0, msgNotFound))
		return nil, false
	}
	if !ok || t.Kind != kind {
		c.fail(http.StatusNotFound, msgNotFound)
		return nil, false
	}
	return t, true
}

// seasonOfPath finds the season that the path's {id} and {season_id} name, or answers 404.
func (c *call) seasonOfPath() (*fixtures.Title, bool) {
	if _, ok := c.titleOfPath("series"); !ok {
		return nil, false
	}
	s, ok := c.s.catalog.Season(c.r.PathValue("id"), c.r.PathValue("season_id"))
	if !ok {
		c.fail(http.StatusNotFound, msgNotFound)
	}
	return s, ok
}

// catalogTitleNode is a catalog_title as the catalog's own resources answer it: titleNode,
// with 2.0's season and episode numbers on an episode (the New Series Model post: "Episode
// titles will include information about the season number and episode number"), and the
// expansions asked for inside their links. Queue and ratings items, whose descriptions have
// no numbers, use titleNode alone.
func (c *call) catalogTitleNode(t *fixtures.Title, exp expansion) *node {
	n := c.titleNode(t)
	if c.v == "2.0" && t.Kind == "program" && t.Series != "" {
		// After id, title and box_art, where a reader of the title looks for them.
		n.children = slices.Insert(n.children, 3,
			leaf("season_number", strconv.Itoa(t.Season)), leaf("episode_number", strconv.Itoa(t.Episode)))
	}
	c.expand(n, t, exp)
	return n
}

// titleNode builds a catalog_title as it stood on the call's day.
func (c *call) titleNode(t *fixtures.Title) *node {
	self := c.titleURL(t)
	links := func(names []string) []*node {
		var out []*node
		for _, name := range names {
			if c.hasLink(t, name) {
				l := linkRels[name]
				out = append(out, linkNode(self+"/"+name, l.rel, l.title))
			}
		}
		return out
	}
	boxArt := func(size string) string {
		return fmt.Sprintf("http://%s.nflximg.com/us/boxshots/%s/%s.jpg", t.BoxArtCDN, size, t.ID)
	}
	n := el("catalog_title",
		leaf("id", self),
		el("title").attr("short", t.Title.Short).attr("regular", t.Title.Regular),
		el("box_art").attr("small", boxArt("tiny")).attr("medium", boxArt("small")).attr("large", boxArt("large")),
	)
	n.add(links(linksAfterBoxArt)...)
	n.add(leaf("release_year", strconv.Itoa(t.ReleaseYear)))
	for _, cat := range t.CategoriesOn(c.day) {
		n.add(categoryNode("http://"+c.host+"/categories/"+cat.Scheme, cat.Label, cat.TermOrLabel()))
	}
	n.add(leaf("runtime", strconv.Itoa(t.Runtime)))
	n.add(links(linksAfterRuntime)...)
	n.add(c.seriesLinks(t)...)
	if t.AverageRating != "" { // the episodes of a fixture episode run have none
		n.add(leaf("average_rating", t.AverageRating))
	}
	n.add(links(linksAfterRating)...)
	n.add(linkNode(t.WebPage, "alternate", "web page"))
	return n
}

// hasLink reports whether a title links the named sub-resource: those its fixture lists, and
// in 2.0 the short synopsis of every title that has a synopsis.
func (c *call) hasLink(t *fixtures.Title, name string) bool {
	if name == "short_synopsis" {
		return c.v == "2.0" && slices.Contains(t.Links, "synopsis")
	}
	return slices.Contains(t.Links, name)
}

// seriesLinks are a title's links within its series: from a season, episode or disc up to
// its series (and season), and from a series or season down to the seasons, episodes and
// discs it has. The python-netflix README follows a season's "discs" link; the rels of the
// others are the description's (LinkRel), the parent's link titled with its name as the
// recorded 2010 queue's link to "The Office" is.
func (c *call) seriesLinks(t *fixtures.Title) []*node {
	var out []*node
	up := func(rel string, parent *fixtures.Title) {
		out = append(out, linkNode(c.titleURL(parent), rel, parent.Title.Regular))
	}
	if t.Kind != "series" && t.Series != "" {
		if s, ok := c.s.catalog.Title(t.Series); ok {
			up("http://schemas.netflix.com/catalog/titles.series", s)
		}
		if season, ok := c.s.catalog.Season(t.Series, t.SeasonID); ok && t.Kind != fixtures.KindSeason {
			up("http://schemas.netflix.com/catalog/titles.season", season)
		}
	}
	self := c.titleURL(t)
	for _, part := range []struct {
		name   string
		titles []*fixtures.Title
	}{{"seasons", c.seasonsOf(t)}, {"episodes", c.episodesOf(t)}, {"discs", c.discsOf(t)}} {
		if len(part.titles) > 0 {
			l := linkRels[part.name]
			out = append(out, linkNode(self+"/"+part.name, l.rel, l.title))
		}
	}
	return out
}

// linkNode is a link element; its attributes are made in one piece, since a catalog title
// and the index files hold many.
func linkNode(href, rel, title string) *node {
	return &node{name: "link", attrs: []attr{{"href", href}, {"rel", rel}, {"title", title}}}
}

// categoryNode is a category element, made as linkNode is.
func categoryNode(scheme, label, term string) *node {
	return &node{name: "category", attrs: []attr{{"scheme", scheme}, {"label", label}, {"term", term}}}
}

// titleURL is a title's id: its URL on the call's API host.
func (c *call) titleURL(t *fixtures.Title) string {
	return "http://" + c.host + "/catalog/titles/" + t.Path()
}

// objectElements are the elements the descriptions make objects that an answer may leave
// empty: a title without cast, formats or awards, a scheme without categories that day, an
// index file without titles.
var objectElements = map[string]bool{
	"people": true, "delivery_formats": true, "awards": true, "screen_formats": true, "languages_and_audio": true,
	"categories": true, "catalog_titles": true,
}

// answerDoc answers a catalog document. No recorded JSON shows an empty element; writeJSON
// writes one as "", which the descriptions refuse where they describe an object, so an empty
// object element is written as {} (the XML is unchanged).
func (c *call) answerDoc(status int, root *node) {
	c.emptyObjects(root)
	c.answer(status, root)
}

// emptyObjects marks, in a JSON answer, the empty elements that are objects as {}.
func (c *call) emptyObjects(root *node) {
	if !c.json {
		return
	}
	root.walk(func(n *node) {
		if objectElements[n.name] && len(n.attrs) == 0 && len(n.children) == 0 && n.text == "" {
			n.text, n.raw = "{}", true
		}
	})
}
