package mockserver

import (
	"slices"
	"strconv"

	"github.com/flixconf/flixconf/fixtures"
)

// titleStatesHandlers answer title_states.
var titleStatesHandlers = map[string]func(*call){
	"getUsersByUserIdTitleStates": titleStates,
}

// titleStates answers what the user can do with each title, per queue: the structure of a
// test double of the time and two parsers (reference §3.2): a title_state per title, with a
// title_state_item per queue holding the format and the state (Play, Add, In Queue, Saved).
func titleStates(c *call) {
	titles, ok := c.titleRefs()
	if !ok {
		return
	}
	n := el("title_states", leaf("url_template", c.userURL()+"/title_states?{-join|&|title_refs}"))
	for _, t := range titles {
		n.add(c.titleState(t))
	}
	c.answer(200, n)
}

func (c *call) titleState(t *fixtures.Title) *node {
	st := el("title_state", el("link").attr("href", c.titleURL(t)).attr("rel", "http://schemas.netflix.com/catalog/title").attr("title", t.Title.Regular))
	c.s.mu.Lock()
	queued := map[string]string{}
	for kind, q := range c.user.queues {
		if part, _ := q.find(t.ID); part != "" {
			queued[kind] = part
		}
	}
	c.s.mu.Unlock()
	for _, kind := range []string{"instant", "disc"} {
		format := "DVD"
		if kind == "instant" {
			format = "Instant"
		}
		state := "Add"
		switch {
		case queued[kind] == partSaved:
			state = "Saved"
		case queued[kind] != "":
			state = "In Queue"
		case kind == "instant" && c.availableOn(t, "instant"):
			state = "Play"
		}
		f := el("format")
		if slices.Contains(c.user.profile.PreferredFormats, format) || (kind == "instant" && c.user.profile.CanInstantWatch) {
			f.add(leaf("preferred_format", "true"))
		}
		f.add(el("category").attr("scheme", "http://"+c.host+"/categories/title_formats").attr("label", format).attr("term", format),
			el("category").attr("scheme", "http://"+c.host+"/categories/title_states").attr("label", state).attr("term", state))
		item := el("title_state_item",
			el("link").attr("href", c.userURL()+"/queues/"+kind).attr("rel", "http://schemas.netflix.com/queues."+kind).attr("title", kind+" queue"),
			f)
		if kind == "instant" {
			c.addViewing(item, t)
		}
		st.add(item)
	}
	return st
}

// addViewing adds what the user's viewing left: the day watched, and in 1.5 and later the
// playback bookmark, in seconds (the 2011 post "Changes to genres and playback_bookmark").
func (c *call) addViewing(item *node, t *fixtures.Title) {
	for _, r := range c.user.profile.RentalHistory {
		if r.Title != t.ID || r.Watched.IsZero() {
			continue
		}
		// Removed with the rental history on 2012-09-15; the bookmark, 1.5 and later only,
		// is 0 on every title from 2011-06-30 (the 2011 post).
		if !c.elementGone("title_state_item.watched_date") {
			item.add(leaf("watched_date", epoch(r.Watched)))
		}
		if !c.elementGone("title_state_item.watched_to_end") {
			item.add(leaf("watched_to_end", "true"))
		}
		if c.v != "1.0" && !c.elementGone("title_state_item.playback_bookmark") {
			bookmark := strconv.Itoa(r.Bookmark)
			if v, ok := c.pinned("title_state_item.playback_bookmark"); ok {
				bookmark = v
			}
			item.add(leaf("playback_bookmark", bookmark))
		}
		return
	}
}

// availableOn reports whether the title can be had in the format on the call's day.
func (c *call) availableOn(t *fixtures.Title, format string) bool {
	for _, a := range t.Formats {
		if a.Format == format && a.AvailableOn(c.day) {
			return true
		}
	}
	return false
}
