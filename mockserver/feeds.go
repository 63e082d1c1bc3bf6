package mockserver

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"
)

// feedHandlers answer the feeds list.
var feedHandlers = map[string]func(*call){
	"getUsersByUserIdFeeds": feedsList,
}

// feeds are the feeds of a user: the rel and title of each link (rels from a 2011 client of
// the feeds; titles "Titles Shipped" and "Titles Watched Recently" from the recorded fragment,
// the others in the same style) and the resource it is the feed of.
var feeds = []struct{ path, rel, title string }{
	{"queues/disc", "http://schemas.netflix.com/feed.queues.disc", "Disc Queue"},
	{"queues/instant", "http://schemas.netflix.com/feed.queues.instant", "Instant Queue"},
	{"rental_history", "http://schemas.netflix.com/feed.rental_history", "Most Recent Rental Activity"},
	{"rental_history/shipped", "http://schemas.netflix.com/feed.rental_history.shipped", "Titles Shipped"},
	{"rental_history/returned", "http://schemas.netflix.com/feed.rental_history.returned", "Titles Returned"},
	{"rental_history/watched", "http://schemas.netflix.com/feed.rental_history.watched", "Titles Watched Recently"},
	{"at_home", "http://schemas.netflix.com/feed.at_home", "Movies At Home"},
	{"recommendations", "http://schemas.netflix.com/feed.recommendations", "Recommendations"},
	{"reviews", "http://schemas.netflix.com/feed.reviews", "Reviews"},
	{"ratings/title/actual", "http://schemas.netflix.com/feed.ratings", "Ratings"},
}

// feedsList answers the links to the user's feeds. Each URL carries the user's feed token and
// the consumer key, and asks for Atom; a reader may ask for RSS instead.
func feedsList(c *call) {
	n := el("resource")
	q := url.Values{"feed_token": {c.user.feedToken}, "oauth_consumer_key": {c.auth.ConsumerKey}, "output": {"atom"}}
	gone := c.linksGone("getUsersByUserIdFeeds")
	for _, f := range feeds {
		if slices.Contains(gone, f.title) {
			continue
		}
		n.add(el("link").attr("href", c.userURL()+"/"+f.path+"?"+q.Encode()).attr("rel", f.rel).attr("title", f.title))
	}
	c.answer(http.StatusOK, n)
}

// answerList answers a list resource, or its feed when the request asked for output=atom or
// output=rss: one entry per item, with the item's title, its link to the title and its dates.
func (c *call) answerList(list *node) {
	if c.feed == "" {
		c.answer(http.StatusOK, list)
		return
	}
	self := "http://" + c.host + c.r.URL.Path
	updated := c.day.Time().Format(time.RFC3339)
	var root *node
	if c.feed == "rss" {
		channel := el("channel", leaf("title", "Netflix: "+list.name), leaf("link", self), leaf("description", "The "+list.name+" of a Netflix subscriber"))
		for _, it := range feedItems(list) {
			channel.add(el("item", leaf("title", it.title), leaf("link", it.link), leaf("guid", it.id), leaf("pubDate", c.day.Time().Format(time.RFC1123Z))))
		}
		root = el("rss", channel).attr("version", "2.0")
	} else {
		root = el("feed", leaf("title", "Netflix: "+list.name), leaf("id", self), leaf("updated", updated)).
			attr("xmlns", "http://www.w3.org/2005/Atom").attr("xmlns:nflx", "http://schemas.netflix.com/feed")
		for _, it := range feedItems(list) {
			e := el("entry", leaf("title", it.title), leaf("id", it.id),
				el("link").attr("href", it.link).attr("rel", "http://schemas.netflix.com/catalog/title").attr("title", it.title),
				leaf("updated", updated))
			for _, d := range it.dates {
				e.add(leaf("nflx:"+d.name, d.value))
			}
			root.add(e)
		}
	}
	contentType := "application/atom+xml; charset=utf-8"
	if c.feed == "rss" {
		contentType = "application/rss+xml; charset=utf-8"
	}
	w, done := c.stream(http.StatusOK, contentType)
	w.Write(writeXML(root))
	done()
}

type feedItem struct {
	id, title, link string
	dates           []struct{ name, value string }
}

// feedItems reads the entries of a list: each child with an id.
func feedItems(list *node) []feedItem {
	var out []feedItem
	for _, it := range list.children {
		var fi feedItem
		for _, ch := range it.children {
			switch {
			case ch.name == "id":
				fi.id = ch.text
			case ch.name == "title":
				for _, a := range ch.attrs {
					if a.name == "regular" {
						fi.title = a.value
					}
				}
			case ch.name == "link" && fi.link == "" && attrValue(ch, "rel") == "http://schemas.netflix.com/catalog/title":
				fi.link = attrValue(ch, "href")
			case ch.name == "shipped_date" || ch.name == "returned_date" || ch.name == "watched_date":
				// Feeds write dates as ISO times, not epoch seconds (a 2011 client of the feeds).
				if sec, err := strconv.ParseInt(ch.text, 10, 64); err == nil {
					fi.dates = append(fi.dates, struct{ name, value string }{ch.name, time.Unix(sec, 0).UTC().Format(time.RFC3339)})
				}
			}
		}
		if fi.id != "" {
			out = append(out, fi)
		}
	}
	return out
}

func attrValue(n *node, name string) string {
	for _, a := range n.attrs {
		if a.name == name {
			return a.value
		}
	}
	return ""
}
