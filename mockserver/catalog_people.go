package mockserver

import (
	"net/http"
	"slices"
	"strings"

	"github.com/flixconf/flixconf/fixtures"
)

// searchPeople answers GET /catalog/people?term=: the people whose name contains the term,
// case-insensitively, ranked as title search ranks names, each rank in id order, as a page of
// <people> (pyflix2 reads person elements from it).
func searchPeople(c *call) {
	term, ok := c.term()
	if !ok {
		return
	}
	term = strings.ToLower(term)
	type match struct {
		p    *fixtures.Person
		rank int
	}
	var found []match
	people := c.s.catalog.People()
	for i := range people {
		if r := bestRank(term, []string{people[i].Name}); r >= 0 {
			found = append(found, match{&people[i], r})
		}
	}
	slices.SortStableFunc(found, func(a, b match) int { return a.rank - b.rank })
	p := c.listPage()
	lo, hi := c.page(len(found), p.start, p.max)
	page := make([]*node, 0, hi-lo)
	for _, m := range found[lo:hi] {
		page = append(page, c.personNode(m.p))
	}
	c.answerDoc(http.StatusOK, c.listNode("people", "http://"+c.host+"/catalog/people", "term|start_index|max_results", len(found), p.start, page))
}

// personOfPath finds the person the path's {person_id} names, or answers 404.
func (c *call) personOfPath() (*fixtures.Person, bool) {
	p, ok := c.s.catalog.Person(c.r.PathValue("person_id"))
	if !ok {
		c.fail(http.StatusNotFound, msgNotFound)
	}
	return p, ok
}

// onePerson answers GET /catalog/people/{person_id}: the person as cast.xml writes one.
func onePerson(c *call) {
	if p, ok := c.personOfPath(); ok {
		c.answerDoc(http.StatusOK, c.personNode(p))
	}
}

// filmography answers GET /catalog/people/{person_id}/filmography: the listed titles that
// name the person in their cast or directors, in catalog order.
func filmography(c *call) {
	p, ok := c.personOfPath()
	if !ok {
		return
	}
	var found []*fixtures.Title
	titles := c.s.catalog.Titles
	for i := range titles {
		t := &titles[i]
		if c.listed(t) && (slices.Contains(t.Cast, p.ID) || slices.Contains(t.Directors, p.ID)) {
			found = append(found, t)
		}
	}
	c.answerDoc(http.StatusOK, c.titleList("catalog_titles", c.personURL(p)+"/filmography", "start_index|max_results", found, c.listPage(), nil))
}
