package mockserver

import (
	"math"
	"strconv"

	"github.com/flixconf/flixconf/fixtures"
)

// API 2.0's series model ("New Series Model", seed): a series is one title. Users' data is
// kept as the 1.x API had it (seasons queued, seasons rated) and shown in 2.0 as a view
// computed when read, by two rules the post leaves open (assumptions):
//   - queued seasons show as their series, once, at the place of the first of them, and the
//     positions are counted again;
//   - a user who rated seasons but not the series has the series rated with the mean of the
//     season ratings, rounded to the nearest whole star, halves up.
// Writes still address what is stored.

// seriesModel reports whether the call sees the 2.0 series model.
func (c *call) seriesModel() bool { return c.v == "2.0" }

// queueView returns the entries of a queue part as the call's version shows them.
func (c *call) queueView(entries []queueEntry) []queueEntry {
	if !c.seriesModel() {
		return entries
	}
	var out []queueEntry
	shown := map[string]bool{}
	for _, e := range entries {
		if t, ok := c.s.catalog.TitleOrSeason(e.titleID); ok && t.Kind == fixtures.KindSeason && t.Series != "" {
			e.titleID = t.Series
		}
		if !shown[e.titleID] {
			shown[e.titleID] = true
			out = append(out, e)
		}
	}
	return out
}

// combinedRating is the rating the 2.0 view gives a series the user rated only by its
// seasons; ok is false when there is none. The caller holds the mutex.
func (c *call) combinedRating(t *fixtures.Title) (string, bool) {
	if !c.seriesModel() || t.Kind != "series" {
		return "", false
	}
	sum, n := 0, 0
	for _, season := range c.s.catalog.Seasons(t.ID) {
		if r, err := strconv.Atoi(c.user.ratings[season.ID]); err == nil {
			sum += r
			n++
		}
	}
	if n == 0 {
		return "", false
	}
	return strconv.Itoa(int(math.Floor(float64(sum)/float64(n) + 0.5))), true
}
