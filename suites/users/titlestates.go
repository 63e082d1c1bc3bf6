package users

import (
	"net/url"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/suites/framework"
)

// titleState is what title_states says of one title: its id and name (from its link to the
// title) and, per queue, the state and the viewing the item records.
type titleState struct {
	title, name string
	// states is the title_states category label by queue ("instant queue", "disc queue", the
	// titles of the items' links to the queues).
	states map[string]string
	// instant is the title_state_item of the instant queue, for the viewing it carries.
	instant any
}

// titleStates reads title_states for titles, checking that they come in the order asked
// (reference netflix-api.md §3.2: title_state* with a link to the title and a
// title_state_item per queue whose format holds a title_formats and a title_states category).
func (s subscriber) titleStates(titleIDs ...string) []titleState {
	doc := s.read("/title_states", url.Values{"title_refs": {refs(titleIDs...)}})
	var out []titleState
	for _, st := range framework.List(doc, "/title_states/title_state") {
		link := framework.List(st, "/link")[0]
		ts := titleState{title: lastSegment(text(link, "/href")), name: text(link, "/title"), states: map[string]string{}}
		for _, it := range framework.List(st, "/title_state_item") {
			queue := text(framework.List(it, "/link")[0], "/title")
			ts.states[queue] = categoryLabel(it, "/format/category", "/title_states")
			if queue == "instant queue" {
				ts.instant = it
			}
		}
		out = append(out, ts)
	}
	got := make([]string, len(out))
	for i, ts := range out {
		got[i] = ts.title
	}
	ExpectWithOffset(1, got).To(Equal(titleIDs), "one title_state per title_refs entry, in their order")
	return out
}

// What a user can do with a title, per queue: the labels a Perl test helper and an
// ActionScript library of the time read (Play, Add, In Queue, Saved; netflix-api-more.md
// §2.4). Arthur came out on disc only; An American in Paris streams.
var _ = framework.Describe("GET /users/{user_id}/title_states", allVersions, func(f *framework.Framework) {
	It("MUST give each title a state per queue, and turn Add into In Queue once the title is queued", func() {
		s := freshUser(f).inJSON()
		states := s.titleStates(arthur, americanParis)
		Expect(states[0].name).To(Equal("Arthur"))
		Expect(states[0].states).To(Equal(map[string]string{"instant queue": "Add", "disc queue": "Add"}))
		Expect(states[1].name).To(Equal("An American in Paris"))
		Expect(states[1].states).To(Equal(map[string]string{"instant queue": "Play", "disc queue": "Add"}))

		queue{s, "disc"}.fill(arthur)
		states = s.titleStates(arthur)
		Expect(states[0].states).To(Equal(map[string]string{"instant queue": "Add", "disc queue": "In Queue"}))
	})
}, Label("area:users", "profile:users", "profile:control", "op:getUsersByUserIdTitleStates", "op:postUsersByUserIdQueuesDisc"))

// The viewing title_states records of a watched title, by version and day. The fixture user
// watched My Neighbor Totoro on 2011-02-14 and stopped 4020 seconds in (fixtures/users).
//   - watched_date is in every version, until the rental history went on 2012-09-15;
//   - playback_bookmark is in 1.5 and 2.0 only, and 0 on every title from 2011-06-30
//     ("Changes to genres and playback_bookmark"); it went with the rental history too.
var viewingCases = []struct {
	versions    []string
	day         string
	from, until string
	// watched is the epoch of the watched day, "" when there must be none; bookmark likewise.
	watched, bookmark string
}{
	{[]string{"1.0"}, "2012-06-01", "2011-02-14", "2012-09-14", "1297641600", ""},
	{[]string{"1.5", "2.0"}, "2011-06-01", "2011-02-14", "2011-06-29", "1297641600", "4020"},
	{[]string{"1.5", "2.0"}, "2012-06-01", "2011-06-30", "2012-09-14", "1297641600", "0"},
	{allVersions, "2014-11-13", "2012-09-15", "2014-11-13", "", ""},
}

var _ = func() bool {
	for _, c := range viewingCases {
		window := framework.WindowLabel(spec.MustDay(c.from), spec.MustDay(c.until))
		framework.Describe("GET /users/{user_id}/title_states of a watched title", c.versions, func(f *framework.Framework) {
			It("MUST carry the viewing the version records on "+c.day, func() {
				states := fixtureUser(f).titleStates(totoro)
				Expect(states[0].instant).NotTo(BeNil(), "the title_state_item of the instant queue")
				Expect(text(states[0].instant, "/watched_date")).To(Equal(c.watched))
				Expect(text(states[0].instant, "/playback_bookmark")).To(Equal(c.bookmark))
				if c.watched == "" {
					_, found := framework.Lookup(states[0].instant, "/watched_to_end")
					Expect(found).To(BeFalse(), "watched_to_end went with the rental history")
				}
			})
		}, Label("area:users", "profile:users", "needs:fixtures", "op:getUsersByUserIdTitleStates", "day:"+c.day, window))
	}
	return true
}()
