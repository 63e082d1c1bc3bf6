package mockserver

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/flixconf/flixconf/fixtures"
	"github.com/flixconf/flixconf/spec"
)

// historyHandlers answer the rental history, at home, recommendations and reviews.
var historyHandlers = map[string]func(*call){
	"getUsersByUserIdRentalHistory":         rentalHistory(""),
	"getUsersByUserIdRentalHistoryShipped":  rentalHistory("shipped"),
	"getUsersByUserIdRentalHistoryReturned": rentalHistory("returned"),
	"getUsersByUserIdRentalHistoryWatched":  rentalHistory("watched"),
	"getUsersByUserIdAtHome":                atHome,
	"getUsersByUserIdRecommendations":       recommendations,
	"getUsersByUserIdReviews":               reviews,
}

// epoch writes a day as the API wrote dates: seconds since 1970, as a string.
func epoch(d spec.Day) string { return strconv.FormatInt(d.Time().Unix(), 10) }

// listNode starts a paged list: url_template, the counts, then the page's items.
func (c *call) listNode(name, base string, params string, total, start int, page []*node) *node {
	n := el(name,
		leaf("url_template", base+"?{-join|&|"+params+"}"),
		leaf("number_of_results", strconv.Itoa(total)),
		leaf("start_index", strconv.Itoa(start)),
		leaf("results_per_page", strconv.Itoa(len(page))))
	return n.add(page...)
}

// pageOf returns the page [start, start+max) of n items, for start >= 0 and max >= 1. It never
// adds start and max: start_index and max_results come from the client, and their sum can
// overflow (start_index=9223372036854775807 once made a negative page end and a panic).
func pageOf(n, start, max int) (int, int) {
	lo := min(start, n)
	return lo, lo + min(max, n-lo)
}

// page is pageOf for a list that an answer reports with its start_index. Under the
// paging-off-by-one fault the page starts one item later than start_index says, while the
// answer still reports start_index as asked.
func (c *call) page(n, start, max int) (int, int) {
	if c.s.hasFault(faultPagingOffByOne) && start < n {
		start++ // past the end the page is empty either way, and start+1 could overflow
	}
	return pageOf(n, start, max)
}

// rentalHistory answers the rental history, or the part of it a filter keeps: discs shipped,
// discs returned, titles watched (reference §2.2; items carry the dates in epoch seconds).
func rentalHistory(filter string) func(*call) {
	return func(c *call) {
		start, max, ok := c.paging(100)
		if !ok {
			return
		}
		var items []*node
		for _, r := range c.user.profile.RentalHistory {
			keep := filter == "" || (filter == "shipped" && !r.Shipped.IsZero()) ||
				(filter == "returned" && !r.Returned.IsZero()) || (filter == "watched" && !r.Watched.IsZero())
			t, known := c.s.catalog.TitleOrSeason(r.Title)
			if !keep || !known {
				continue
			}
			items = append(items, c.rentalItem("rental_history_item", r, t, "rental_history"))
		}
		lo, hi := c.page(len(items), start, max)
		base := c.userURL() + "/rental_history"
		if filter != "" {
			base += "/" + filter
		}
		c.answerList(c.listNode("rental_history", base, "start_index|max_results|updated_min", len(items), start, items[lo:hi]))
	}
}

func (c *call) rentalItem(name string, r fixtures.Rental, t *fixtures.Title, path string) *node {
	n := c.itemFrom(t, c.userURL()+"/"+path+"/"+t.ID, name)
	for _, d := range []struct {
		name string
		day  spec.Day
	}{{"shipped_date", r.Shipped}, {"returned_date", r.Returned}, {"watched_date", r.Watched}} {
		if !d.day.IsZero() {
			n.add(leaf(d.name, epoch(d.day)))
		}
	}
	return n
}

// atHome answers the discs at the user's home, each with the day it shipped and the day it was
// expected (two days later: an assumption of First-Class mail).
func atHome(c *call) {
	var items []*node
	for _, r := range c.user.profile.AtHome {
		t, known := c.s.catalog.TitleOrSeason(r.Title)
		if !known {
			continue
		}
		n := c.rentalItem("at_home_item", r, t, "at_home")
		n.add(leaf("estimated_arrival_date", epoch(r.Shipped.AddDays(2))))
		items = append(items, n)
	}
	c.answerList(c.listNode("at_home", c.userURL()+"/at_home", "start_index|max_results", len(items), 0, items))
}

// recommendations answers titles the user has neither queued nor rated, best average rating
// first (an assumption: Netflix's recommendations were its own).
func recommendations(c *call) {
	start, max, ok := c.paging(100)
	if !ok {
		return
	}
	c.s.mu.Lock()
	seen := map[string]bool{}
	for id := range c.user.ratings {
		seen[id] = true
	}
	for _, q := range c.user.queues {
		for _, e := range slices.Concat(q.available, q.saved) {
			seen[e.titleID] = true
		}
	}
	c.s.mu.Unlock()
	var picks []*fixtures.Title
	for i := range c.s.catalog.Titles {
		t := &c.s.catalog.Titles[i]
		if t.Kind == "movie" && !seen[t.ID] && rating(t) >= 4 {
			picks = append(picks, t)
		}
	}
	slices.SortStableFunc(picks, func(a, b *fixtures.Title) int { return cmp.Compare(rating(b), rating(a)) })
	lo, hi := c.page(len(picks), start, max)
	var items []*node
	for _, t := range picks[lo:hi] {
		n := c.itemFrom(t, c.userURL()+"/recommendations/"+t.ID, "recommendation")
		// Recommendation items link to their title as queue items do (reference §2.1: rel
		// http://schemas.netflix.com/catalog/title, titled with the title's name).
		n.add(el("link").attr("href", c.titleURL(t)).attr("rel", "http://schemas.netflix.com/catalog/title").attr("title", t.Title.Regular))
		items = append(items, n)
	}
	c.answerList(c.listNode("recommendations", c.userURL()+"/recommendations", "start_index|max_results", len(picks), start, items))
}

// reviews answers the user's reviews.
func reviews(c *call) {
	var items []*node
	for _, r := range c.user.profile.Reviews {
		t, known := c.s.catalog.TitleOrSeason(r.Title)
		if !known {
			continue
		}
		items = append(items, el("review",
			leaf("id", c.userURL()+"/reviews/"+t.ID),
			el("title").attr("short", t.Title.Short).attr("regular", t.Title.Regular),
			el("link").attr("href", c.titleURL(t)).attr("rel", "http://schemas.netflix.com/catalog/title").attr("title", t.Title.Regular),
			leaf("updated", epoch(r.Written)),
			leaf("write_up", r.Text)))
	}
	c.answerList(c.listNode("reviews", c.userURL()+"/reviews", "title_refs|start_index|max_results|updated_min", len(items), 0, items))
}

// rating is a title's average rating as a number (0 when it has none).
func rating(t *fixtures.Title) float64 {
	f, _ := strconv.ParseFloat(t.AverageRating, 64)
	return f
}
