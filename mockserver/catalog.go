package mockserver

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/flixconf/flixconf/fixtures"
)

// catalogHandlers answer the catalog's operations.
var catalogHandlers = map[string]func(*call){
	"getCatalogTitlesMoviesById": catalogTitle("movie"),
}

// linkRels gives each sub-resource's link rel and title as a 1.0 catalog_title writes them
// (flix4r test/fixtures/movies.xml; reference netflix-api.md §2.1).
var linkRels = map[string]struct{ rel, title string }{
	"synopsis":            {"http://schemas.netflix.com/catalog/titles/synopsis", "synopsis"},
	"bonus_materials":     {"http://schemas.netflix.com/catalog/titles/bonus_materials", "bonus materials"},
	"cast":                {"http://schemas.netflix.com/catalog/people.cast", "cast"},
	"directors":           {"http://schemas.netflix.com/catalog/people.directors", "directors"},
	"format_availability": {"http://schemas.netflix.com/catalog/titles/format_availability", "formats"},
	"awards":              {"http://schemas.netflix.com/catalog/titles/awards", "awards"},
	"screen_formats":      {"http://schemas.netflix.com/catalog/titles/screen_formats", "screen formats"},
	"languages_and_audio": {"http://schemas.netflix.com/catalog/titles/languages_and_audio", "languages and audio"},
	"similars":            {"http://schemas.netflix.com/catalog/titles.similars", "similars"},
}

// Where the links sit among a catalog_title's other children: the recorded Jaws response puts
// synopsis and bonus materials after the box art, the people and format links after the
// runtime, and similars after the average rating.
var (
	linksAfterBoxArt  = []string{"synopsis", "bonus_materials"}
	linksAfterRuntime = []string{"cast", "directors", "format_availability", "awards", "screen_formats", "languages_and_audio"}
	linksAfterRating  = []string{"similars"}
)

// catalogTitle answers GET /catalog/titles/{kind}s/{id}.
func catalogTitle(kind string) func(*call) {
	return func(c *call) {
		t, ok := c.s.catalog.Title(c.r.PathValue("id"))
		if !ok || t.Kind != kind {
			c.fail(http.StatusNotFound, "Resource Not Found")
			return
		}
		c.answer(http.StatusOK, c.titleNode(t))
	}
}

// titleNode builds a catalog_title as it stood on the call's day.
func (c *call) titleNode(t *fixtures.Title) *node {
	self := c.titleURL(t)
	links := func(names []string) []*node {
		var out []*node
		for _, name := range names {
			if slices.Contains(t.Links, name) {
				l := linkRels[name]
				out = append(out, el("link").attr("href", self+"/"+name).attr("rel", l.rel).attr("title", l.title))
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
		n.add(el("category").
			attr("scheme", "http://"+c.host+"/categories/"+cat.Scheme).
			attr("label", cat.Label).
			attr("term", cat.TermOrLabel()))
	}
	n.add(leaf("runtime", strconv.Itoa(t.Runtime)))
	n.add(links(linksAfterRuntime)...)
	n.add(leaf("average_rating", t.AverageRating))
	n.add(links(linksAfterRating)...)
	n.add(el("link").attr("href", t.WebPage).attr("rel", "alternate").attr("title", "web page"))
	return n
}

// titleURL is a title's id: its URL on the call's API host.
func (c *call) titleURL(t *fixtures.Title) string {
	return "http://" + c.host + "/catalog/titles/" + t.Path()
}
