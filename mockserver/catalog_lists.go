package mockserver

import (
	"net/http"
	"strconv"

	"github.com/flixconf/flixconf/fixtures"
)

// seriesLists are the lists of a series' and a season's parts, each answering a page of
// catalog_titles (expand applies to every title of the page).
//
// A series' episodes are every episode of it, in season and episode order, in every version:
// 2.0's New Series Model lists "a complete list of episodes for the series", and 1.x lists the
// same titles grouped by season, without 2.0's season and episode numbers. Each part of a
// split series lists its own episodes.
var seriesLists = []struct {
	path   string
	answer func(*call)
}{
	{"/catalog/titles/series/{id}/seasons", partsList(ofKind("series"), (*call).seasonsOf, "seasons")},
	{"/catalog/titles/series/{id}/episodes", partsList(ofKind("series"), (*call).episodesOf, "episodes")},
	{"/catalog/titles/series/{id}/discs", partsList(ofKind("series"), (*call).discsOf, "discs")},
	{"/catalog/titles/series/{id}/seasons/{season_id}/episodes", partsList((*call).seasonOfPath, (*call).episodesOf, "episodes")},
	{"/catalog/titles/series/{id}/seasons/{season_id}/discs", partsList((*call).seasonOfPath, (*call).discsOf, "discs")},
}

// partsList answers a list of the parts of the series or season that find reads from the
// path.
func partsList(find func(*call) (*fixtures.Title, bool), parts func(*call, *fixtures.Title) []*fixtures.Title, name string) func(*call) {
	return func(c *call) {
		exp, ok := c.expansions()
		if !ok {
			return
		}
		if t, ok := find(c); ok {
			c.answerDoc(http.StatusOK, c.titleList("catalog_titles", c.titleURL(t)+"/"+name, "start_index|max_results", parts(c, t), c.listPage(), exp))
		}
	}
}

// seasonsOf returns the 1.0 model's season titles of a series.
func (c *call) seasonsOf(t *fixtures.Title) []*fixtures.Title {
	if t.Kind != "series" {
		return nil
	}
	return c.s.catalog.Seasons(t.ID)
}

// episodesOf returns the episodes of a series, or of a season, in season and episode order.
func (c *call) episodesOf(t *fixtures.Title) []*fixtures.Title {
	switch t.Kind {
	case "series":
		return c.s.catalog.Episodes(t.ID)
	case fixtures.KindSeason:
		var out []*fixtures.Title
		for _, e := range c.s.catalog.Episodes(t.Series) {
			if e.SeasonID == t.ID {
				out = append(out, e)
			}
		}
		return out
	}
	return nil
}

// discsOf returns the discs of a season, or of every season of a series in season order.
func (c *call) discsOf(t *fixtures.Title) []*fixtures.Title {
	switch t.Kind {
	case "series":
		var out []*fixtures.Title
		for _, s := range c.s.catalog.Seasons(t.ID) {
			out = append(out, c.s.catalog.Discs(t.ID, s.ID)...)
		}
		return out
	case fixtures.KindSeason:
		return c.s.catalog.Discs(t.Series, t.ID)
	}
	return nil
}

// listPage is a page of a list: the first index and the most items.
type listPage struct{ start, max int }

// defaultPage is the first page at the documented default size, what an expansion shows.
var defaultPage = listPage{0, 25}

// listPage reads start_index and max_results for a catalog list. The descriptions give these
// lists no 400 answer, so a value out of range (max_results 1 to 100, start_index from 0, the
// documented limits of search) is brought into it instead of refused; a value that is not a
// number is taken as absent.
func (c *call) listPage() listPage {
	p := defaultPage
	if n, err := strconv.Atoi(c.param("start_index")); err == nil {
		p.start = max(n, 0)
	}
	if n, err := strconv.Atoi(c.param("max_results")); err == nil {
		p.max = min(max(n, 1), 100)
	}
	return p
}

// titleList is a page of titles as a list document called name: url_template (base and the
// list's parameters), the counts, then each title of the page, expanded as asked, as a
// catalog_title (a similars_item in similars).
func (c *call) titleList(name, base, params string, titles []*fixtures.Title, p listPage, exp expansion) *node {
	item := "catalog_title"
	if name == "similars" {
		item = "similars_item"
	}
	lo, hi := c.page(len(titles), p.start, p.max)
	page := make([]*node, 0, hi-lo)
	for _, t := range titles[lo:hi] {
		n := c.catalogTitleNode(t, exp)
		n.name = item
		page = append(page, n)
	}
	return c.listNode(name, base, params, len(titles), p.start, page)
}
