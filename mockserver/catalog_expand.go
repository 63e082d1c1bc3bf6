package mockserver

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/flixconf/flixconf/fixtures"
)

// expansion is the set of sub-resources a request asked to see inside their links, by
// sub-resource name (synopsis, cast, episodes, ...).
type expansion map[string]bool

// expansionNames are the expansion names of 1.0 and 1.5, in the order spec/render.go lists
// them; 2.0 adds @short_synopsis after @synopsis (pyflix2 EXPANDS). A test holds the lists to
// the descriptions' expand parameter.
var expansionNames = []string{"@title", "@box_art", "@synopsis", "@format_availability", "@screen_formats", "@cast",
	"@directors", "@languages_and_audio", "@awards", "@similars", "@bonus_materials", "@seasons", "@episodes", "@discs"}

// namesOfVersion returns the expansion names version v knows.
func namesOfVersion(v string) []string {
	if v != "2.0" {
		return expansionNames
	}
	i := slices.Index(expansionNames, "@synopsis") + 1
	return slices.Insert(slices.Clone(expansionNames), i, "@short_synopsis")
}

// expansions reads the expand parameter, a comma-separated list of the version's expansion
// names, answering 400 with the status body for a name the version does not know.
func (c *call) expansions() (expansion, bool) {
	raw := c.param("expand")
	if raw == "" {
		return nil, true
	}
	known := namesOfVersion(c.v)
	exp := expansion{}
	for _, name := range strings.Split(raw, ",") {
		name = strings.TrimSpace(name)
		if !slices.Contains(known, name) {
			c.fail(http.StatusBadRequest, fmt.Sprintf("Invalid expand %q: version %s knows %s", name, c.v, strings.Join(known, ", ")))
			return nil, false
		}
		// @title and @box_art name what every catalog_title carries as elements (title and
		// box_art, the recorded Jaws answer), so there is no link for them to fill.
		exp[strings.TrimPrefix(name, "@")] = true
	}
	return exp, true
}

// partLists are the lists of a series or season that expand as a link per title, the form
// the New Series Model post shows for expand=@episodes.
var partLists = map[string]func(*call, *fixtures.Title) []*fixtures.Title{
	"seasons":  (*call).seasonsOf,
	"episodes": (*call).episodesOf,
	"discs":    (*call).discsOf,
}

// expand puts, inside each link of the title n that a requested expansion names, what the
// link points to: a sub-resource's document (`<link ... title="synopsis"><synopsis>...`, the
// recorded search response), or for seasons, episodes and discs a link per title, titled with
// its name ("The Sarah Silverman Program: Season 2: Vol. 1: Bored of the Rings"). What sits
// inside is never expanded further.
func (c *call) expand(n *node, t *fixtures.Title, exp expansion) {
	if len(exp) == 0 {
		return
	}
	prefix := c.titleURL(t) + "/"
	for _, l := range n.children {
		if l.name != "link" {
			continue
		}
		name, ok := strings.CutPrefix(attrValue(l, "href"), prefix)
		if !ok || !exp[name] {
			continue
		}
		if doc := c.subDocument(name, t, defaultPage); doc != nil {
			l.add(doc)
			continue
		}
		for _, part := range partLists[name](c, t) {
			l.add(c.titleLink(part))
		}
	}
}

// titleLink is a link to a title, titled with its name, as queue items link their titles.
func (c *call) titleLink(t *fixtures.Title) *node {
	return linkNode(c.titleURL(t), "http://schemas.netflix.com/catalog/title", t.Title.Regular)
}
