package users

import (
	"net/http"
	"net/url"
	"strconv"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/suites/framework"
)

// The queue messages on record (reference netflix-api.md §3.3).
const (
	msgMoved        = "Move successful"                 // 201, dholdren fixture
	msgDeleted      = "Title deleted from queue"        // 200, dholdren fixture
	msgNotInQueue   = "Title is not in Queue"           // 404, sub_code 610, netflix-ruby test/error_test.rb
	msgAlreadyQueue = "Title is already in queue"       // 412, sub_code 710, a Rails connector
	msgEtagMismatch = "queue out of Date ETag mismatch" // 412, a Rails connector
)

// queue is one of a user's two queues, "disc" or "instant".
type queue struct {
	s    subscriber
	kind string
}

// entry is a queue item as a queue lists it.
type entry struct {
	title, position, availability string
}

// kinds are the two queues, with titles that can be had in each one's format on the last day
// of the API (fixtures/catalog/titles.yaml), in the order the specs add them, and the representation the specs of each
// ask for (XML for one, JSON for the other, so that both are covered).
var kinds = []struct {
	name   string
	titles [3]string
	json   bool
}{
	{"disc", [3]string{arthur, sanctum, wildThings}, false},
	{"instant", [3]string{sita, americanParis, widgetTitle}, true},
}

// op is the label of a queue operation: op("post", "disc", "") is
// op:postUsersByUserIdQueuesDisc.
func op(method, kind, rest string) string {
	return "op:" + method + "UsersByUserIdQueues" + title(kind) + rest
}

// title capitalises a queue kind as operation ids spell it.
func title(s string) string { return string(s[0]-'a'+'A') + s[1:] }

// read lists the queue, or one part of it ("available", "saved"), and returns its etag and
// entries.
func (q queue) read(part string) (string, []entry) {
	rest := "/queues/" + q.kind
	if part != "" {
		rest += "/" + part
	}
	doc := q.s.read(rest, nil)
	var out []entry
	for _, it := range framework.List(doc, "/queue/queue_item") {
		out = append(out, entry{
			title:        lastSegment(text(it, "/id")),
			position:     text(it, "/position"),
			availability: categoryLabel(it, "/category", "/queue_availability"),
		})
	}
	ExpectWithOffset(1, text(doc, "/queue/number_of_results")).To(Equal(strconv.Itoa(len(out))), "number_of_results of a queue of one page")
	return text(doc, "/queue/etag"), out
}

// titles lists the title ids of entries, in order.
func titles(es []entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.title
	}
	return out
}

// positions lists the positions of entries, in order.
func positions(es []entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.position
	}
	return out
}

// post asks to add a title, or to move it when position is not 0, naming etag.
func (q queue) post(etag, titleID string, position int) *framework.Response {
	form := url.Values{"title_ref": {ref(titleID)}, "etag": {etag}}
	if position > 0 {
		form.Set("position", strconv.Itoa(position))
	}
	return q.s.do(http.MethodPost, "/queues/"+q.kind, nil, form)
}

// add adds a title (at position, or at the end when 0) and returns the write's status body
// after checking that it answered 201 with a new etag.
func (q queue) add(etag, titleID string, position int) map[string]any {
	doc := framework.Answered(q.post(etag, titleID, position), http.StatusCreated)
	ExpectWithOffset(1, text(doc, "/status/status_code")).To(Equal("201"))
	ExpectWithOffset(1, text(doc, "/status/etag")).To(MatchRegexp(`^[0-9]+$`))
	ExpectWithOffset(1, text(doc, "/status/etag")).NotTo(Equal(etag), "a write must give the queue a new etag")
	return doc
}

// fill adds titles at the end of the queue, one after the other, and returns the last etag.
func (q queue) fill(titleIDs ...string) string {
	etag, _ := q.read("")
	for _, id := range titleIDs {
		etag = text(q.add(etag, id, 0), "/status/etag")
	}
	return etag
}

// entryPath is the path of an entry: available/{position}/{title} or saved/{title}.
func (q queue) entryPath(position int, titleID string) string {
	if position == 0 {
		return "/queues/" + q.kind + "/saved/" + titleID
	}
	return "/queues/" + q.kind + "/available/" + strconv.Itoa(position) + "/" + titleID
}

// remove asks to delete the entry at position (0: a saved entry), naming etag.
func (q queue) remove(etag string, position int, titleID string) *framework.Response {
	return q.s.do(http.MethodDelete, q.entryPath(position, titleID), url.Values{"etag": {etag}}, nil)
}

// createdItem is the queue item of a write's resources_created.
func createdItem(doc map[string]any) any {
	return framework.Value(doc, "/status/resources_created/queue_item")
}

// Writes to a queue: add, place, move, delete, and the etag that guards them (reference
// netflix-api.md §2.2: "etag (required for disc, also used for instant)").
var _ = func() bool {
	for _, k := range kinds {
		a, b, c := k.titles[0], k.titles[1], k.titles[2]
		framework.Describe("Writing to the "+k.name+" queue", allVersions, func(f *framework.Framework) {
			var q queue
			BeforeEach(func() {
				q = queue{freshUser(f), k.name}
				q.s.json = k.json
			})

			It("MUST add a title with the queue's etag (201, a new etag, the entry in resources_created) and insert at a given position", Label(op("post", k.name, ""), op("get", k.name, "")), func() {
				etag, before := q.read("")
				Expect(before).To(BeEmpty(), "a fresh user's queue is empty")

				doc := q.add(etag, a, 0)
				Expect(text(createdItem(doc), "/id")).To(MatchRegexp(userURL(q.s.id(), q.entryPath(1, a))))
				Expect(text(createdItem(doc), "/position")).To(Equal("1"))
				doc = q.add(text(doc, "/status/etag"), b, 0)
				Expect(text(createdItem(doc), "/position")).To(Equal("2"), "a title added without a position goes to the end")
				doc = q.add(text(doc, "/status/etag"), c, 1)
				Expect(text(createdItem(doc), "/id")).To(MatchRegexp(userURL(q.s.id(), q.entryPath(1, c))))

				etag, after := q.read("")
				Expect(etag).To(Equal(text(doc, "/status/etag")), "the queue's etag is the one the last write gave")
				Expect(titles(after)).To(Equal([]string{c, a, b}))
				Expect(positions(after)).To(Equal([]string{"1", "2", "3"}))
				for _, e := range after {
					// The 2012 recordings: term "available now" (reference §3.1).
					Expect(e.availability).To(Equal("available now"))
				}
			})

			It("MUST move a queued title to a new position with \"Move successful\", keeping positions 1..n", Label(op("post", k.name, ""), op("get", k.name, "")), func() {
				etag := q.fill(a, b, c)
				doc := q.add(etag, c, 1)
				Expect(text(doc, "/status/message")).To(Equal(msgMoved))
				Expect(text(createdItem(doc), "/id")).To(MatchRegexp(userURL(q.s.id(), q.entryPath(1, c))))

				_, after := q.read("")
				Expect(titles(after)).To(Equal([]string{c, a, b}), "a move must not duplicate the entry")
				Expect(positions(after)).To(Equal([]string{"1", "2", "3"}))
			})

			It("MUST delete an entry (200 \"Title deleted from queue\"), renumber the rest, and answer 404 sub_code 610 to a second delete", Label(op("delete", k.name, "AvailableByPositionByTitleId"), op("get", k.name, "")), func() {
				etag := q.fill(a, b)
				doc := framework.Answered(q.remove(etag, 1, a), http.StatusOK)
				Expect(text(doc, "/status/status_code")).To(Equal("200"))
				Expect(text(doc, "/status/message")).To(Equal(msgDeleted))
				Expect(text(doc, "/status/etag")).NotTo(Equal(etag))

				etag, after := q.read("")
				Expect(etag).To(Equal(text(doc, "/status/etag")))
				Expect(titles(after)).To(Equal([]string{b}))
				Expect(positions(after)).To(Equal([]string{"1"}), "positions stay contiguous after a delete")

				refused(q.remove(etag, 1, a), http.StatusNotFound, 610, msgNotInQueue)
			})

			It("MUST refuse an add and a delete naming a stale etag with 412 and change nothing", Label(op("post", k.name, ""), op("delete", k.name, "AvailableByPositionByTitleId"), op("get", k.name, "")), func() {
				stale, _ := q.read("")
				etag := q.fill(a)
				Expect(etag).NotTo(Equal(stale))

				refused(q.post(stale, b, 0), http.StatusPreconditionFailed, 0, msgEtagMismatch)
				refused(q.remove(stale, 1, a), http.StatusPreconditionFailed, 0, msgEtagMismatch)

				after, items := q.read("")
				Expect(after).To(Equal(etag), "a refused write must not change the etag")
				Expect(titles(items)).To(Equal([]string{a}), "a refused write must not change the queue")
			})

			It("MUST refuse to add a queued title again with 412 sub_code 710 and change nothing", Label(op("post", k.name, ""), op("get", k.name, "")), func() {
				etag := q.fill(a)
				refused(q.post(etag, a, 0), http.StatusPreconditionFailed, 710, msgAlreadyQueue)

				after, items := q.read("")
				Expect(after).To(Equal(etag))
				Expect(titles(items)).To(Equal([]string{a}))
			})

			It("MUST answer an entry at its position and 404 sub_code 610 at any other", Label(op("get", k.name, "AvailableByPositionByTitleId"), op("get", k.name, "Available")), func() {
				etag := q.fill(a, b)
				doc := q.s.read(q.entryPath(2, b), nil)
				Expect(text(doc, "/queue/etag")).To(Equal(etag))
				items := framework.List(doc, "/queue/queue_item")
				Expect(items).To(HaveLen(1))
				Expect(text(items[0], "/id")).To(MatchRegexp(userURL(q.s.id(), q.entryPath(2, b))))
				Expect(text(items[0], "/position")).To(Equal("2"))

				_, available := q.read("available")
				Expect(titles(available)).To(Equal([]string{a, b}))

				refused(q.s.do(http.MethodGet, q.entryPath(1, b), nil, nil), http.StatusNotFound, 610, msgNotInQueue)
				refused(q.s.do(http.MethodGet, q.entryPath(3, c), nil, nil), http.StatusNotFound, 610, msgNotInQueue)
			})
		}, Label("area:users", "profile:users", "profile:control"))
	}
	return true
}()

// savedCases are days on which a title of each queue was not yet released while another
// was (fixtures/catalog/titles.yaml): Arthur came out on DVD on 2011-07-15 and Where the Wild
// Things Are in 2010; Sita Sings the Blues streamed from 2009-09-01 and Jaws from 2009-01-01.
// Versions 1.5 and 2.0 are not known to have existed in 2009, so the instant case is 1.0's.
var savedCases = []struct {
	kind               string
	versions           []string
	day, from, until   string
	unreleased, onSale string
}{
	{"disc", allVersions, "2011-06-01", "2010-03-02", "2011-07-14", arthur, wildThings},
	{"instant", []string{"1.0"}, "2009-06-01", "2009-01-01", "2009-08-31", sita, jaws},
}

// The saved part of a queue holds titles not yet released, without a position (reference
// netflix-api.md §2.2: "saved entries (not yet released); ids .../saved/{titleid}").
var _ = func() bool {
	for _, sc := range savedCases {
		window := framework.WindowLabel(spec.MustDay(sc.from), spec.MustDay(sc.until))
		framework.Describe("The saved part of the "+sc.kind+" queue", sc.versions, func(f *framework.Framework) {
			It("MUST save a title not yet released, without a position, apart from the available titles", Label(
				op("post", sc.kind, ""), op("get", sc.kind, "Saved"), op("get", sc.kind, "Available"), op("get", sc.kind, "SavedByTitleId"), op("delete", sc.kind, "SavedByTitleId"), "op:getUsersByUserIdTitleStates"), func() {
				q := queue{freshUser(f), sc.kind}
				q.s.json = sc.kind == "instant"
				etag, _ := q.read("")
				doc := q.add(etag, sc.unreleased, 0)
				Expect(text(createdItem(doc), "/id")).To(MatchRegexp(userURL(q.s.id(), q.entryPath(0, sc.unreleased))))
				Expect(text(createdItem(doc), "/position")).To(BeEmpty(), "a saved entry has no position")
				doc = q.add(text(doc, "/status/etag"), sc.onSale, 0)
				Expect(text(createdItem(doc), "/id")).To(MatchRegexp(userURL(q.s.id(), q.entryPath(1, sc.onSale))), "a released title takes position 1: saved titles hold none")
				etag = text(doc, "/status/etag")

				_, saved := q.read("saved")
				Expect(saved).To(Equal([]entry{{title: sc.unreleased, availability: "saved"}}))
				_, available := q.read("available")
				Expect(titles(available)).To(Equal([]string{sc.onSale}))
				one := q.s.read(q.entryPath(0, sc.unreleased), nil)
				Expect(ids(one, "/queue/queue_item")).To(Equal([]string{sc.unreleased}))

				Expect(q.s.titleStates(sc.unreleased)[0].states).To(HaveKeyWithValue(sc.kind+" queue", "Saved"))

				refused(q.post(etag, sc.unreleased, 0), http.StatusPreconditionFailed, 710, msgAlreadyQueue)
				doc = framework.Answered(q.remove(etag, 0, sc.unreleased), http.StatusOK)
				Expect(text(doc, "/status/message")).To(Equal(msgDeleted))
				_, saved = q.read("saved")
				Expect(saved).To(BeEmpty())
			})
		}, Label("area:users", "profile:users", "profile:control", "day:"+sc.day, window))
	}
	return true
}()

// The fixture user's disc queue is the one recorded in 2012 (netflix-ruby queue fixtures:
// 70167072, 70142826, 70108988).
var _ = framework.Describe("Reading the disc queue", allVersions, func(f *framework.Framework) {
	It("MUST list the entries in queue order with positions 1..n, and page them with start_index and max_results", func() {
		q := queue{fixtureUser(f), "disc"}
		_, all := q.read("")
		Expect(titles(all)).To(Equal([]string{arthur, sanctum, wildThings}))
		Expect(positions(all)).To(Equal([]string{"1", "2", "3"}))

		doc := q.s.read("/queues/disc", url.Values{"start_index": {"1"}, "max_results": {"2"}})
		Expect(text(doc, "/queue/number_of_results")).To(Equal("3"), "number_of_results counts the whole queue")
		Expect(text(doc, "/queue/start_index")).To(Equal("1"))
		Expect(text(doc, "/queue/results_per_page")).To(Equal("2"))
		Expect(ids(doc, "/queue/queue_item")).To(Equal([]string{sanctum, wildThings}))
		Expect(linkTo(doc, "/queue/link", "http://schemas.netflix.com/queues.available")).To(MatchRegexp(userURL(q.s.id(), "/queues/disc/available")))
		Expect(linkTo(doc, "/queue/link", "http://schemas.netflix.com/queues.saved")).To(MatchRegexp(userURL(q.s.id(), "/queues/disc/saved")))
	})
}, Label("area:users", "profile:users", "needs:fixtures", "op:getUsersByUserIdQueuesDisc"))

// API 2.0's series model shows queued seasons as their series, once ("New Series Model", the
// blog seed); 1.x shows the seasons. The fixture user queued two seasons of The Sopranos.
// Where the series lands (the first season's place) is the mock's stated assumption.
var _ = func() bool {
	for _, c := range []struct {
		versions []string
		want     []string
	}{
		{[]string{"1.0", "1.5"}, []string{sita, jaws, sopranosS6a, sopranosS6b}},
		{[]string{"2.0"}, []string{sita, jaws, sopranos}},
	} {
		framework.Describe("Reading the instant queue", c.versions, func(f *framework.Framework) {
			It("MUST show queued seasons as the version's series model has them", func() {
				_, all := queue{fixtureUser(f), "instant"}.read("")
				Expect(titles(all)).To(Equal(c.want))
				want := make([]string, len(c.want))
				for i := range want {
					want[i] = strconv.Itoa(i + 1)
				}
				Expect(positions(all)).To(Equal(want))
			})
		}, Label("area:users", "profile:users", "needs:fixtures", "op:getUsersByUserIdQueuesInstant"))
	}
	return true
}()
