package mockserver

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/flixconf/flixconf/fixtures"
)

// searchTitles answers GET /catalog/titles?term=: the listed titles whose name contains the
// term, case-insensitively, those named exactly the term first, then those whose name starts
// with it, each group in catalog order. The page's limits are the documented ones (25 by
// default, at most 100); 2.0's filters narrows by format. The document is the recorded
// search answer's (flix4r titles.xml): the index and autocomplete links, the url_template,
// the counts, the titles.
func searchTitles(c *call) {
	term, ok := c.term()
	if !ok {
		return
	}
	start, max, ok := c.paging(100)
	if !ok {
		return
	}
	exp, ok := c.expansions()
	if !ok {
		return
	}
	keep, ok := c.filter()
	if !ok {
		return
	}
	found := c.matching(term, func(t *fixtures.Title) [2]string { return [2]string{t.Title.Regular, t.Title.Short} }, keep)
	base := "http://" + c.host + "/catalog/titles"
	n := c.titleList("catalog_titles", base, "term|start_index|max_results", found, listPage{start, max}, exp)
	n.children = slices.Insert(n.children, 0,
		linkNode(base+"/index", "http://schemas.netflix.com/catalog/titles/index", "index"),
		linkNode(base+"/autocomplete", "http://schemas.netflix.com/catalog/titles/autocomplete", "autocomplete"))
	c.answerDoc(http.StatusOK, n)
}

// autocomplete answers GET /catalog/titles/autocomplete?term=: the distinct short names of
// the listed titles that start with the term, then of those that contain it further in
// (flix4r autocomplete.xml). 2.0 pages them and takes filters; 1.x, which has no paging
// parameters, answers the first 25.
func autocomplete(c *call) {
	term, ok := c.term()
	if !ok {
		return
	}
	start, max := 0, 25
	if c.v == "2.0" {
		if start, max, ok = c.paging(100); !ok {
			return
		}
	}
	keep, ok := c.filter()
	if !ok {
		return
	}
	var names []string
	seen := map[string]bool{}
	for _, t := range c.matching(term, func(t *fixtures.Title) [2]string { return [2]string{t.Title.Short} }, keep) {
		if !seen[t.Title.Short] {
			seen[t.Title.Short] = true
			names = append(names, t.Title.Short)
		}
	}
	lo, hi := pageOf(len(names), start, max)
	n := el("autocomplete", leaf("url_template", "http://"+c.host+"/catalog/titles/autocomplete?{-join|&|term}"))
	for _, name := range names[lo:hi] {
		n.add(el("autocomplete_item", el("title").attr("short", name)))
	}
	c.answerDoc(http.StatusOK, n)
}

// term reads the required term parameter, answering 400 when it is absent.
func (c *call) term() (string, bool) {
	term := strings.TrimSpace(c.param("term"))
	if term == "" {
		c.fail(http.StatusBadRequest, "Missing Required Parameter: term")
		return "", false
	}
	return term, true
}

// listed reports whether search, autocomplete, similars and filmography list a title: movies
// and series in 2.0, whose New Series Model treats a series as one title; in 1.x movies,
// seasons, and series that have no season titles, since the 1.0 model sold a series as its
// seasons (the python-netflix README's search for "The Sopranos" answers seasons). Episodes
// and discs are parts of those, reached through them.
func (c *call) listed(t *fixtures.Title) bool {
	switch t.Kind {
	case "movie":
		return true
	case "series":
		return c.v == "2.0" || len(c.s.catalog.Seasons(t.ID)) == 0
	case fixtures.KindSeason:
		return c.v != "2.0"
	}
	return false
}

// matching returns the listed titles that keep accepts and one of whose names (two at most;
// "" for none) contains the term, case-insensitively: names equal to the term first, then
// names starting with it, then the rest, each group in catalog order.
func (c *call) matching(term string, names func(*fixtures.Title) [2]string, keep func(*call, *fixtures.Title) bool) []*fixtures.Title {
	term = strings.ToLower(term)
	type match struct {
		t    *fixtures.Title
		rank int
	}
	var found []match
	titles := c.s.catalog.Titles
	for i := range titles {
		t := &titles[i]
		if !c.listed(t) || !keep(c, t) {
			continue
		}
		ns := names(t)
		if r := bestRank(term, ns[:]); r >= 0 {
			found = append(found, match{t, r})
		}
	}
	slices.SortStableFunc(found, func(a, b match) int { return a.rank - b.rank })
	out := make([]*fixtures.Title, len(found))
	for i, m := range found {
		out[i] = m.t
	}
	return out
}

// bestRank ranks the best of names against a lower-case term: 0 equal to it, 1 starting
// with it, 2 containing it, -1 none. Letters compare case-insensitively.
func bestRank(term string, names []string) int {
	best := -1
	for _, name := range names {
		if r := rank(term, name); r >= 0 && (best < 0 || r < best) {
			best = r
		}
	}
	return best
}

// rank ranks one name as bestRank does. A search reads every title's names, so an ASCII name
// (nearly all of them) is compared in place, lower-casing byte by byte, with no copy; any
// other is lower-cased whole first.
func rank(term, name string) int {
	if !isASCII(name) {
		name = strings.ToLower(name)
		switch {
		case name == term:
			return 0
		case strings.HasPrefix(name, term):
			return 1
		case strings.Contains(name, term):
			return 2
		}
		return -1
	}
	switch {
	case len(name) < len(term):
		return -1
	case len(name) == len(term) && equalLower(name, term):
		return 0
	case equalLower(name[:len(term)], term):
		return 1
	}
	for i := 1; i+len(term) <= len(name); i++ {
		if equalLower(name[i:i+len(term)], term) {
			return 2
		}
	}
	return -1
}

// isASCII reports whether s has only ASCII bytes.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// equalLower reports whether the ASCII string a, lower-cased, equals b (of the same length).
func equalLower(a, b string) bool {
	for i := 0; i < len(a); i++ {
		c := a[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != b[i] {
			return false
		}
	}
	return true
}

// filter reads 2.0's filters parameter, a title_formats category URL: .../instant keeps the
// titles streaming on the call's day, .../disc those on DVD or Blu-ray. Other versions have
// no filters, and ignore the parameter.
func (c *call) filter() (func(*call, *fixtures.Title) bool, bool) {
	f := c.param("filters")
	if f == "" || c.v != "2.0" {
		return everyTitle, true
	}
	_, category, _ := strings.Cut(f, ".netflix.com/categories/")
	switch category {
	case "title_formats/instant":
		return streamable, true
	case "title_formats/disc":
		return onDisc, true
	}
	c.fail(http.StatusBadRequest, fmt.Sprintf("Invalid filters %q: want http://%s/categories/title_formats/instant or .../title_formats/disc", f, c.host))
	return nil, false
}

// everyTitle, streamable and onDisc select titles: all of them, those that stream on the
// call's day, and those on DVD or Blu-ray that day.
func everyTitle(*call, *fixtures.Title) bool { return true }

func streamable(c *call, t *fixtures.Title) bool { return availableAs(c, t, "instant") }

func onDisc(c *call, t *fixtures.Title) bool {
	return availableAs(c, t, "DVD") || availableAs(c, t, "Blu-ray")
}

func availableAs(c *call, t *fixtures.Title, format string) bool {
	return slices.ContainsFunc(t.Formats, func(a fixtures.Availability) bool { return a.Format == format && a.AvailableOn(c.day) })
}
