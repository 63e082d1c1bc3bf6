package mockserver

import (
	"fmt"
	"hash/fnv"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/flixconf/flixconf/fixtures"
)

// ratingHandlers answer the ratings resources.
var ratingHandlers = map[string]func(*call){
	"getUsersByUserIdRatingsTitle":                 ratingsOf(ratingEither),
	"postUsersByUserIdRatingsTitle":                ratingsOf(ratingEither),
	"getUsersByUserIdRatingsTitleActual":           ratingsOf(ratingActual),
	"getUsersByUserIdRatingsTitlePredicted":        ratingsOf(ratingPredicted),
	"postUsersByUserIdRatingsTitleActual":          rateTitle,
	"getUsersByUserIdRatingsTitleActualByRatingId": oneRating,
	"putUsersByUserIdRatingsTitleActualByRatingId": changeRating,
}

// Which rating a ratings resource gives.
const (
	ratingEither    = "title"     // the user's own, else the predicted one
	ratingActual    = "actual"    // the user's own
	ratingPredicted = "predicted" // the prediction
)

// ratingValues are the values a user may give (docs; the two words are an assumption).
var ratingValues = []string{"1", "2", "3", "4", "5", "not_interested", "no_opinion"}

// maxTitleRefs bounds title_refs; clients of the time sent up to 500 at once.
const maxTitleRefs = 500

// titleRefs reads title_refs: comma-separated title URLs. Every one must name a title.
func (c *call) titleRefs() ([]*fixtures.Title, bool) {
	raw := c.param("title_refs")
	refs := strings.Split(raw, ",")
	if raw == "" || len(refs) > maxTitleRefs {
		c.fail(http.StatusBadRequest, fmt.Sprintf("Invalid title_refs: want 1 to %d comma-separated title URLs", maxTitleRefs))
		return nil, false
	}
	var out []*fixtures.Title
	for _, ref := range refs {
		id, ok := titleIDOf(strings.TrimSpace(ref))
		if !ok {
			c.fail(http.StatusBadRequest, fmt.Sprintf("Invalid title_refs entry %q: want a title's URL", ref))
			return nil, false
		}
		t, known := c.s.catalog.TitleOrSeason(id)
		if !known {
			c.fail(http.StatusNotFound, "Resource Not Found")
			return nil, false
		}
		out = append(out, t)
	}
	return out, true
}

// titleIDOf returns the numeric id at the end of a title URL.
func titleIDOf(ref string) (string, bool) {
	i := strings.LastIndexByte(ref, '/')
	id := ref[i+1:]
	ok := id != "" && strings.Trim(id, "0123456789") == "" && strings.Contains(ref, "/catalog/titles/")
	return id, ok
}

// predicted is the mock's prediction of a user's rating of a title: the title's average
// rating moved by up to half a star, the same for the same user and title every time
// (an assumption: Netflix's predictions were its own).
func predicted(userID string, t *fixtures.Title) string {
	avg, err := strconv.ParseFloat(t.AverageRating, 64)
	if err != nil || avg == 0 {
		avg = 3
	}
	h := fnv.New32a()
	h.Write([]byte(userID + "/" + t.ID))
	p := avg + float64(int(h.Sum32()%11)-5)/10
	return strconv.FormatFloat(min(5, max(1, p)), 'f', 1, 64)
}

// ratingsItem is a title's ratings item: the catalog facts, then the rating(s) asked for.
func (c *call) ratingsItem(t *fixtures.Title, which string) *node {
	kind := which
	if kind == ratingEither {
		kind = ratingActual
	}
	n := c.itemFrom(t, c.userURL()+"/ratings/title/"+kind+"/"+t.ID, "ratings_item")
	c.s.mu.Lock()
	own, rated := c.user.ratings[t.ID]
	if !rated {
		own, rated = c.combinedRating(t)
	}
	c.s.mu.Unlock()
	if rated && which != ratingPredicted {
		n.add(leaf("user_rating", own))
	}
	if which == ratingPredicted || (which == ratingEither && !rated) {
		n.add(leaf("predicted_rating", predicted(c.user.id, t)))
	}
	return n
}

// ratingsOf answers a list of ratings for title_refs.
func ratingsOf(which string) func(*call) {
	return func(c *call) {
		titles, ok := c.titleRefs()
		if !ok {
			return
		}
		n := el("ratings")
		for _, t := range titles {
			n.add(c.ratingsItem(t, which))
		}
		c.answerList(n)
	}
}

// ratingParam reads the rating parameter.
func (c *call) ratingParam() (string, bool) {
	r := c.param("rating")
	if !slices.Contains(ratingValues, r) {
		c.fail(http.StatusBadRequest, fmt.Sprintf("Invalid rating %q: want 1 to 5, not_interested or no_opinion", r))
		return "", false
	}
	return r, true
}

// rateTitle answers POST .../ratings/title/actual: the user rates a title. Rating a title
// already rated changes the rating (an assumption; the docs of the time are lost).
func rateTitle(c *call) {
	if t, ok := c.refTitle(); ok {
		c.setRating(t, http.StatusCreated, "Rating created")
	}
}

// ratedTitle reads {rating_id}: a rating's id is the rated title's id (two clients of the time
// read the title id from the last segment of a ratings item's id).
func (c *call) ratedTitle() (*fixtures.Title, bool) {
	t, known := c.s.catalog.TitleOrSeason(c.r.PathValue("rating_id"))
	c.s.mu.Lock()
	_, rated := c.user.ratings[c.r.PathValue("rating_id")]
	c.s.mu.Unlock()
	if !known || !rated {
		c.fail(http.StatusNotFound, "Resource Not Found")
		return nil, false
	}
	return t, true
}

func oneRating(c *call) {
	if t, ok := c.ratedTitle(); ok {
		c.answer(http.StatusOK, el("ratings", c.ratingsItem(t, ratingActual)))
	}
}

func changeRating(c *call) {
	if t, ok := c.ratedTitle(); ok {
		c.setRating(t, http.StatusOK, "Rating updated")
	}
}

// setRating sets the user's rating of t from the rating parameter and answers the write's
// status with the rating.
func (c *call) setRating(t *fixtures.Title, status int, message string) {
	r, ok := c.ratingParam()
	if !ok {
		return
	}
	c.s.mu.Lock()
	c.user.ratings[t.ID] = r
	v := c.s.changed()
	c.s.mu.Unlock()
	if !c.saved(v) {
		return
	}
	n := statusNode(status, 0, message)
	n.add(el("resources_created", c.ratingsItem(t, ratingActual)))
	c.answer(status, n)
}

// itemFrom makes a list item of a title: its own id and element name, then the title's facts
// and links, as queue items and ratings items carry them.
func (c *call) itemFrom(t *fixtures.Title, id, name string) *node {
	n := el(name, leaf("id", id))
	for _, child := range c.titleNode(t).children {
		if child.name != "id" {
			n.add(child)
		}
	}
	return n
}
