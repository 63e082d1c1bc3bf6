package mockserver

import (
	"net/http"
	"strconv"
)

// userHandlers answer the user resources.
var userHandlers = map[string]func(*call){
	"getUsersCurrent":        usersCurrent,
	"getUsersByUserId":       userResource,
	"getUsersByUserIdQueues": queuesList,
}

// userLinks are the links of a user resource, in the order of the recorded 2012 answer.
var userLinks = []struct{ path, rel, title string }{
	{"queues", "http://schemas.netflix.com/queues", "queues"},
	{"rental_history", "http://schemas.netflix.com/rental_history", "rental history"},
	{"recommendations", "http://schemas.netflix.com/recommendations", "recommendations"},
	{"title_states", "http://schemas.netflix.com/title_states", "title states"},
	{"ratings", "http://schemas.netflix.com/ratings", "ratings"},
	{"reviews", "http://schemas.netflix.com/reviews", "reviews"},
	{"at_home", "http://schemas.netflix.com/at_home", "at home"},
	{"feeds", "http://schemas.netflix.com/feeds", "feeds"},
}

// userURL is the URL of the calling user's resource on the call's API host.
func (c *call) userURL() string { return "http://" + c.host + "/users/" + c.user.id }

// usersCurrent answers GET /users/current: a link to the resource of the user whose token
// signed the request (added in an early 2009 update).
func usersCurrent(c *call) {
	c.answer(http.StatusOK, el("resource",
		el("link").attr("href", c.userURL()).attr("rel", "http://schemas.netflix.com/users.current").attr("title", "current user")))
}

// userResource answers GET /users/{user_id}.
func userResource(c *call) {
	p := c.user.profile
	n := el("user",
		leaf("user_id", p.ID),
		leaf("first_name", p.FirstName),
		leaf("last_name", p.LastName),
		leaf("nickname", p.Nickname),
		&node{name: "can_instant_watch", text: strconv.FormatBool(p.CanInstantWatch), raw: true},
	)
	level := strconv.Itoa(p.MaxMaturityLevel)
	n.add(el("max_maturity_level", el("category").
		attr("scheme", "http://"+c.host+"/categories/maturity_level").attr("label", level).attr("term", level)))
	formats := el("preferred_formats")
	for _, f := range p.PreferredFormats {
		formats.add(el("category").attr("scheme", "http://"+c.host+"/categories/title_formats").attr("label", f).attr("term", f))
	}
	n.add(formats)
	for _, l := range userLinks {
		n.add(el("link").attr("href", c.userURL()+"/"+l.path).attr("rel", l.rel).attr("title", l.title))
	}
	c.answer(http.StatusOK, n)
}

// queuesList answers /users/{user_id}/queues: links to the disc and instant queues.
func queuesList(c *call) {
	n := el("resource")
	for _, kind := range []string{"disc", "instant"} {
		n.add(el("link").attr("href", c.userURL()+"/queues/"+kind).attr("rel", "http://schemas.netflix.com/queues."+kind).attr("title", kind+" queue"))
	}
	c.answer(http.StatusOK, n)
}
