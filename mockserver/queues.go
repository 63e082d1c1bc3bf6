package mockserver

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/flixconf/flixconf/fixtures"
)

// The parts of a queue: titles that can be had now, and titles saved until they are released.
const (
	partAvailable = "available"
	partSaved     = "saved"
)

// queueHandlers answer the queues.
var queueHandlers = map[string]func(*call){
	"getUsersByUserIdQueuesDisc":                                   queueList("disc", ""),
	"getUsersByUserIdQueuesInstant":                                queueList("instant", ""),
	"getUsersByUserIdQueuesDiscAvailable":                          queueList("disc", partAvailable),
	"getUsersByUserIdQueuesDiscSaved":                              queueList("disc", partSaved),
	"getUsersByUserIdQueuesInstantAvailable":                       queueList("instant", partAvailable),
	"getUsersByUserIdQueuesInstantSaved":                           queueList("instant", partSaved),
	"postUsersByUserIdQueuesDisc":                                  queueAdd("disc"),
	"postUsersByUserIdQueuesInstant":                               queueAdd("instant"),
	"getUsersByUserIdQueuesDiscAvailableByPositionByTitleId":       queueEntryGet("disc"),
	"getUsersByUserIdQueuesDiscSavedByTitleId":                     queueEntryGet("disc"),
	"getUsersByUserIdQueuesInstantAvailableByPositionByTitleId":    queueEntryGet("instant"),
	"getUsersByUserIdQueuesInstantSavedByTitleId":                  queueEntryGet("instant"),
	"deleteUsersByUserIdQueuesDiscAvailableByPositionByTitleId":    queueDelete("disc"),
	"deleteUsersByUserIdQueuesDiscSavedByTitleId":                  queueDelete("disc"),
	"deleteUsersByUserIdQueuesInstantAvailableByPositionByTitleId": queueDelete("instant"),
	"deleteUsersByUserIdQueuesInstantSavedByTitleId":               queueDelete("instant"),
}

// queue is one of a user's queues. Positions are the entries' places in available, counted
// from 1, so they stay contiguous through every change.
type queue struct {
	etag      string
	available []queueEntry
	saved     []queueEntry
}

type queueEntry struct {
	titleID string
	updated int64 // epoch seconds of the last change, on the simulated clock
}

func (st *state) newQueue(available, saved []string) *queue {
	q := &queue{etag: st.nextEtag()}
	for _, id := range available {
		q.available = append(q.available, queueEntry{titleID: id})
	}
	for _, id := range saved {
		q.saved = append(q.saved, queueEntry{titleID: id})
	}
	return q
}

// find returns the part and index of a title in the queue.
func (q *queue) find(titleID string) (string, int) {
	if i := slices.IndexFunc(q.available, func(e queueEntry) bool { return e.titleID == titleID }); i >= 0 {
		return partAvailable, i
	}
	if i := slices.IndexFunc(q.saved, func(e queueEntry) bool { return e.titleID == titleID }); i >= 0 {
		return partSaved, i
	}
	return "", -1
}

// Queue errors (reference netflix-api.md §3.3).
const (
	msgNotInQueue     = "Title is not in Queue"           // 404, sub_code 610
	msgAlreadyInQueue = "Title is already in queue"       // 412, sub_code 710
	msgEtagMismatch   = "queue out of Date ETag mismatch" // 412
)

// queueList answers GET of a queue, or of one of its parts.
func queueList(kind, part string) func(*call) {
	return func(c *call) {
		start, max, ok := c.paging(500)
		if !ok {
			return
		}
		c.s.mu.Lock()
		q := c.user.queues[kind]
		etag := q.etag
		type item struct {
			e    queueEntry
			part string
			pos  int
		}
		var items []item
		if part != partSaved {
			for i, e := range c.queueView(q.available) {
				items = append(items, item{e, partAvailable, i + 1})
			}
		}
		if part != partAvailable {
			for _, e := range c.queueView(q.saved) {
				items = append(items, item{e, partSaved, 0})
			}
		}
		c.s.mu.Unlock()

		base := c.userURL() + "/queues/" + kind
		if part != "" {
			base += "/" + part
		}
		n := el("queue", leaf("etag", etag))
		n.add(queuePartLinks(c, kind)...)
		total := len(items)
		lo, hi := c.page(total, start, max)
		page := items[lo:hi]
		n.add(leaf("number_of_results", strconv.Itoa(total)),
			leaf("start_index", strconv.Itoa(start)),
			leaf("results_per_page", strconv.Itoa(len(page))),
			leaf("url_template", base+"?{-join|&|sort|start_index|max_results}"))
		for _, it := range page {
			t, ok := c.s.catalog.TitleOrSeason(it.e.titleID)
			if !ok {
				continue
			}
			n.add(c.queueItem(kind, it.part, it.pos, it.e, t))
		}
		c.answerList(n)
	}
}

// queuePartLinks are the links from a queue to its available and saved parts (recorded 2012).
func queuePartLinks(c *call, kind string) []*node {
	base := c.userURL() + "/queues/" + kind
	return []*node{
		el("link").attr("href", base+"/available").attr("rel", "http://schemas.netflix.com/queues.available").attr("title", "available queue"),
		el("link").attr("href", base+"/saved").attr("rel", "http://schemas.netflix.com/queues.saved").attr("title", "saved queue"),
	}
}

// queueItem is one entry as the recorded 2012 queue answers show it: the entry's id and
// position, then the title's facts and links.
func (c *call) queueItem(kind, part string, pos int, e queueEntry, t *fixtures.Title) *node {
	id := c.userURL() + "/queues/" + kind + "/" + part + "/"
	if part == partAvailable {
		id += strconv.Itoa(pos) + "/"
	}
	id += t.ID
	n := el("queue_item", leaf("id", id))
	if part == partAvailable {
		n.add(leaf("position", strconv.Itoa(pos)))
	}
	n.add(leaf("updated", strconv.FormatInt(e.updated, 10)))
	title := c.titleNode(t)
	availability := "available now"
	if part == partSaved {
		availability = "saved"
	}
	n.add(el("category").
		attr("scheme", "http://"+c.host+"/categories/queue_availability").
		attr("label", availability).attr("term", availability))
	partLink := el("link").attr("href", c.userURL()+"/queues/"+kind+"/"+part).
		attr("rel", "http://schemas.netflix.com/queues."+part).attr("title", part+" queue")
	titleLink := el("link").attr("href", c.titleURL(t)).attr("rel", "http://schemas.netflix.com/catalog/title").attr("title", t.Title.Regular)
	n.add(partLink, titleLink)
	for _, child := range title.children {
		if child.name != "id" {
			n.add(child)
		}
	}
	return n
}

// queueAdd answers POST to a queue: it adds a title, or moves it to another position.
func queueAdd(kind string) func(*call) {
	return func(c *call) {
		t, ok := c.refTitle()
		if !ok {
			return
		}
		titleID := t.ID
		position := 0
		if p := c.param("position"); p != "" {
			n, err := strconv.Atoi(p)
			if err != nil || n < 1 {
				c.fail(http.StatusBadRequest, fmt.Sprintf("Invalid position %q: want a whole number from 1", p))
				return
			}
			position = n
		}
		c.s.mu.Lock()
		q := c.user.queues[kind]
		if msg, ok := c.checkEtag(q, kind); !ok {
			c.s.mu.Unlock()
			c.fail(http.StatusPreconditionFailed, msg)
			return
		}
		part, i := q.find(titleID)
		message := "Title added to queue"
		switch {
		case part != "" && position == 0:
			c.s.mu.Unlock()
			c.failSub(http.StatusPreconditionFailed, 710, msgAlreadyInQueue)
			return
		case part == partSaved:
			// A saved title keeps its place until release; it cannot be moved.
			c.s.mu.Unlock()
			c.failSub(http.StatusPreconditionFailed, 710, msgAlreadyInQueue)
			return
		case part == partAvailable:
			q.available = slices.Delete(q.available, i, i+1)
			message = "Move successful"
		}
		if position == 0 || position > len(q.available)+1 {
			position = len(q.available) + 1
		}
		entry := queueEntry{titleID: titleID, updated: c.day.Time().Unix()}
		into := partAvailable
		if part == "" && c.notYetReleased(t, kind) {
			// A title not yet released goes to the saved part, without a position, until it
			// is (reference §2.2: saved entries are titles not yet released).
			into, position = partSaved, 0
			q.saved = append(q.saved, entry)
		} else {
			q.available = slices.Insert(q.available, position-1, entry)
		}
		q.etag = c.s.state.nextEtag()
		etag := q.etag
		v := c.s.changed()
		c.s.mu.Unlock()
		if !c.saved(v) {
			return
		}

		n := statusNode(http.StatusCreated, 0, message)
		n.add(leaf("etag", etag))
		n.add(el("resources_created", c.queueItem(kind, into, position, entry, t)))
		c.answer(http.StatusCreated, n)
	}
}

// queueEntryGet answers GET of one queue entry: the queue document holding that entry alone.
func queueEntryGet(kind string) func(*call) {
	return func(c *call) {
		c.s.mu.Lock()
		q := c.user.queues[kind]
		part, i, ok := c.entryAt(q)
		var e queueEntry
		etag := q.etag
		if ok {
			if part == partAvailable {
				e = q.available[i]
			} else {
				e = q.saved[i]
			}
		}
		c.s.mu.Unlock()
		t, known := c.s.catalog.TitleOrSeason(e.titleID)
		if !ok || !known {
			c.failSub(http.StatusNotFound, 610, msgNotInQueue)
			return
		}
		n := el("queue", leaf("etag", etag))
		n.add(queuePartLinks(c, kind)...)
		n.add(leaf("number_of_results", "1"), leaf("start_index", "0"), leaf("results_per_page", "1"),
			leaf("url_template", c.userURL()+"/queues/"+kind+"?{-join|&|sort|start_index|max_results}"))
		n.add(c.queueItem(kind, part, i+1, e, t))
		c.answer(http.StatusOK, n)
	}
}

// entryAt finds the entry a request's path names: .../available/{position}/{title_id} or
// .../saved/{title_id}. The caller holds the mutex.
func (c *call) entryAt(q *queue) (part string, i int, ok bool) {
	part, i = q.find(c.r.PathValue("title_id"))
	wantPart := partAvailable
	if strings.Contains(c.r.URL.Path, "/saved/") {
		wantPart = partSaved
	}
	if p := c.r.PathValue("position"); p != "" && p != strconv.Itoa(i+1) {
		return "", -1, false
	}
	return part, i, part == wantPart
}

// queueDelete answers DELETE of a queue entry.
func queueDelete(kind string) func(*call) {
	return func(c *call) {
		c.s.mu.Lock()
		q := c.user.queues[kind]
		if msg, ok := c.checkEtag(q, kind); !ok {
			c.s.mu.Unlock()
			c.fail(http.StatusPreconditionFailed, msg)
			return
		}
		part, i, ok := c.entryAt(q)
		if !ok {
			c.s.mu.Unlock()
			c.failSub(http.StatusNotFound, 610, msgNotInQueue)
			return
		}
		if part == partAvailable {
			q.available = slices.Delete(q.available, i, i+1)
		} else {
			q.saved = slices.Delete(q.saved, i, i+1)
		}
		q.etag = c.s.state.nextEtag()
		etag := q.etag
		v := c.s.changed()
		c.s.mu.Unlock()
		if !c.saved(v) {
			return
		}
		n := statusNode(http.StatusOK, 0, "Title deleted from queue")
		n.add(leaf("etag", etag))
		c.answer(http.StatusOK, n)
	}
}

// checkEtag applies the optimistic-concurrency rule: a write must name the queue's etag as
// last read; the disc queue requires it, the instant queue checks it when given. The caller
// holds the mutex.
func (c *call) checkEtag(q *queue, kind string) (string, bool) {
	if c.s.hasFault(faultEtagIgnored) {
		return "", true
	}
	etag := c.param("etag")
	if etag == "" && kind == "instant" {
		return "", true
	}
	if etag != q.etag {
		return msgEtagMismatch, false
	}
	return "", true
}

// refTitle reads the title_ref parameter and returns the title it names; an unknown title
// answers 404.
func (c *call) refTitle() (*fixtures.Title, bool) {
	id, ok := c.titleRef()
	if !ok {
		return nil, false
	}
	t, known := c.s.catalog.TitleOrSeason(id)
	if !known {
		c.fail(http.StatusNotFound, "Resource Not Found")
		return nil, false
	}
	return t, true
}

// notYetReleased reports whether a title comes out in a format of the queue only after the
// call's day: it has such a format, none of them is available that day, and one starts later.
func (c *call) notYetReleased(t *fixtures.Title, kind string) bool {
	later := false
	for _, a := range t.Formats {
		if (a.Format == "instant") != (kind == "instant") {
			continue
		}
		if a.AvailableOn(c.day) {
			return false
		}
		later = later || c.day.Before(a.AvailableFrom)
	}
	return later
}

// titleRef reads the title_ref parameter, a title's URL, and returns its numeric id.
func (c *call) titleRef() (string, bool) {
	ref := c.param("title_ref")
	i := strings.LastIndexByte(ref, '/')
	id := ref[i+1:]
	if ref == "" || id == "" || strings.Trim(id, "0123456789") != "" || !strings.Contains(ref, "/catalog/titles/") {
		c.fail(http.StatusBadRequest, fmt.Sprintf("Invalid title_ref %q: want a title's URL, such as http://api.netflix.com/catalog/titles/movies/60001220", ref))
		return "", false
	}
	return id, true
}

// paging reads start_index and max_results (default 25, at most limit).
func (c *call) paging(limit int) (start, max int, ok bool) {
	start, max = 0, 25
	for _, p := range []struct {
		name     string
		dst      *int
		min, max int
	}{{"start_index", &start, 0, 1 << 30}, {"max_results", &max, 1, limit}} {
		v := c.param(p.name)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < p.min || n > p.max {
			c.fail(http.StatusBadRequest, fmt.Sprintf("Invalid %s %q: want a whole number from %d to %d", p.name, v, p.min, p.max))
			return 0, 0, false
		}
		*p.dst = n
	}
	return start, max, true
}
