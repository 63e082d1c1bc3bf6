package users

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/suites/framework"
)

// epoch is a day as the API wrote dates: seconds since 1970 (reference netflix-api.md §2.2).
func epoch(day string) string { return strconv.FormatInt(spec.MustDay(day).Time().Unix(), 10) }

// pathOf is the path of a URL the API gave, for asking the target for it.
func pathOf(u string) string {
	p, err := url.Parse(u)
	ExpectWithOffset(1, err).NotTo(HaveOccurred())
	return p.Path
}

// The user and /users/current, which "added the users/current resource" in an early 2009
// update ("This Week's API Update"): a link to the user whose token signed the request. The
// fixture user is Jane Smith (fixtures/users/users.yaml); the user element follows the
// recorded JSON (netflix-ruby user fixtures, 2012).
var _ = framework.Describe("GET /users/current and the user it links to", allVersions, func(f *framework.Framework) {
	for _, output := range []string{"xml", "json"} {
		It("MUST link to the signing user, whose resource gives the subscriber and links to their resources, in "+output, func() {
			s := fixtureUser(f)
			q := url.Values{}
			if output == "json" {
				q.Set("output", "json")
			}
			doc := framework.Answered(f.Client.Do(framework.Request{Method: http.MethodGet, Path: "/users/current", Query: q, Auth: framework.Protected}), http.StatusOK)
			href := linkTo(doc, "/resource/link", "http://schemas.netflix.com/users.current")
			Expect(href).To(MatchRegexp(userURL(s.id(), "")))

			resp := f.Client.Do(framework.Request{Method: http.MethodGet, Path: pathOf(href), Query: q, Auth: framework.Protected})
			Expect(resp.Header.Get("Content-Type")).To(ContainSubstring(output))
			user := framework.Answered(resp, http.StatusOK)
			Expect(text(user, "/user/user_id")).To(Equal(s.id()))
			Expect(text(user, "/user/first_name")).To(Equal("Jane"))
			Expect(text(user, "/user/last_name")).To(Equal("Smith"))
			Expect(text(user, "/user/nickname")).To(Equal("jane"))
			Expect(text(user, "/user/can_instant_watch")).To(Equal("true"))
			var formats []string
			for _, c := range framework.List(user, "/user/preferred_formats/category") {
				formats = append(formats, text(c, "/label"))
			}
			Expect(formats).To(Equal([]string{"Blu-ray", "DVD"}))
			for _, rest := range []string{"queues", "recommendations", "title_states", "ratings", "reviews", "feeds"} {
				Expect(linkTo(user, "/user/link", "http://schemas.netflix.com/"+rest)).To(MatchRegexp(userURL(s.id(), "/"+rest)), "the link to the user's "+rest)
			}

			queues := s.read("/queues", q)
			Expect(linkTo(queues, "/resource/link", "http://schemas.netflix.com/queues.disc")).To(MatchRegexp(userURL(s.id(), "/queues/disc")))
			Expect(linkTo(queues, "/resource/link", "http://schemas.netflix.com/queues.instant")).To(MatchRegexp(userURL(s.id(), "/queues/instant")))
		})
	}
}, Label("area:users", "profile:users", "needs:fixtures", "op:getUsersCurrent", "op:getUsersByUserId", "op:getUsersByUserIdQueues"))

// historyItem is a rental-history or at-home item: its title and its dates.
type historyItem struct{ title, shipped, returned, watched string }

// history reads a rental-history list (rest "/rental_history" or a filter of it, or
// "/at_home", whose root and item are named root) and returns its items.
func (s subscriber) history(rest, root string, q url.Values) (map[string]any, []historyItem) {
	doc := s.read(rest, q)
	var out []historyItem
	for _, it := range framework.List(doc, "/"+root+"/"+root+"_item") {
		out = append(out, historyItem{lastSegment(text(it, "/id")), text(it, "/shipped_date"), text(it, "/returned_date"), text(it, "/watched_date")})
	}
	return doc, out
}

// The fixture user's rental history (fixtures/users/users.yaml): two discs shipped and
// returned, two titles watched. The rental history answered until 2012-09-15 ("Upcoming
// Changes to the Netflix API Program"); the last item is of 2012-01-07.
var _ = framework.Describe("GET /users/{user_id}/rental_history", allVersions, func(f *framework.Framework) {
	It("MUST list the rentals in order with their dates in epoch seconds, page them, and filter shipped, returned and watched", func() {
		s := fixtureUser(f)
		shipped1 := historyItem{noCountry, epoch("2009-03-02"), epoch("2009-03-09"), ""}
		shipped2 := historyItem{sneakers, epoch("2010-05-10"), epoch("2010-05-20"), ""}
		watched1 := historyItem{totoro, "", "", epoch("2011-02-14")}
		watched2 := historyItem{flyAwayHome, "", "", epoch("2012-01-07")}

		doc, all := s.history("/rental_history", "rental_history", nil)
		Expect(all).To(Equal([]historyItem{shipped1, shipped2, watched1, watched2}))
		Expect(text(doc, "/rental_history/number_of_results")).To(Equal("4"))

		doc, page := s.history("/rental_history", "rental_history", url.Values{"start_index": {"2"}, "max_results": {"1"}})
		Expect(page).To(Equal([]historyItem{watched1}))
		Expect(text(doc, "/rental_history/number_of_results")).To(Equal("4"))
		Expect(text(doc, "/rental_history/start_index")).To(Equal("2"))

		for filter, want := range map[string][]historyItem{
			"shipped":  {shipped1, shipped2},
			"returned": {shipped1, shipped2},
			"watched":  {watched1, watched2},
		} {
			_, got := s.history("/rental_history/"+filter, "rental_history", nil)
			Expect(got).To(Equal(want), "rental_history/"+filter)
		}
	})
}, Label("area:users", "profile:users", "needs:fixtures", "day:2012-06-01", framework.WindowLabel(spec.MustDay("2012-01-07"), spec.MustDay("2012-09-14")),
	"op:getUsersByUserIdRentalHistory", "op:getUsersByUserIdRentalHistoryShipped", "op:getUsersByUserIdRentalHistoryReturned", "op:getUsersByUserIdRentalHistoryWatched"))

// The fixture user has The Road at home, shipped on 2012-09-10; at_home answered until
// 2012-09-15 (reference §2.2: at_home_item with shipped_date, estimated_arrival_date).
var _ = framework.Describe("GET /users/{user_id}/at_home", allVersions, func(f *framework.Framework) {
	It("MUST list the discs at home with the day shipped and an estimated arrival no earlier", func() {
		doc, items := fixtureUser(f).inJSON().history("/at_home", "at_home", nil)
		Expect(items).To(Equal([]historyItem{{title: theRoad, shipped: epoch("2012-09-10")}}))
		arrival, err := strconv.ParseInt(text(doc, "/at_home/at_home_item/estimated_arrival_date"), 10, 64)
		Expect(err).NotTo(HaveOccurred(), "estimated_arrival_date in epoch seconds")
		shipped, _ := strconv.ParseInt(items[0].shipped, 10, 64)
		Expect(arrival).To(BeNumerically(">=", shipped))
	})
}, Label("area:users", "profile:users", "needs:fixtures", "day:2012-09-12", framework.WindowLabel(spec.MustDay("2012-09-10"), spec.MustDay("2012-09-14")), "op:getUsersByUserIdAtHome"))

// The fixture user reviewed Jaws on 2010-07-04 (fixtures/users/users.yaml).
var _ = framework.Describe("GET /users/{user_id}/reviews", allVersions, func(f *framework.Framework) {
	It("MUST list the user's reviews with the reviewed title, the day written and the text", func() {
		s := fixtureUser(f)
		doc := s.read("/reviews", nil)
		Expect(text(doc, "/reviews/number_of_results")).To(Equal("1"))
		Expect(ids(doc, "/reviews/review")).To(Equal([]string{jaws}))
		Expect(linkTo(doc, "/reviews/review/link", "http://schemas.netflix.com/catalog/title")).To(HaveSuffix("/catalog/titles/movies/" + jaws))
		Expect(text(doc, "/reviews/review/updated")).To(Equal(epoch("2010-07-04")))
		Expect(text(doc, "/reviews/review/write_up")).To(Equal("Still the best summer film ever made."))
	})
}, Label("area:users", "profile:users", "needs:fixtures", "op:getUsersByUserIdReviews"))

// Recommendations: recommendation items carry ids .../users/{uid}/recommendations/{title id}
// (recorded 2010 JSON, misc/netflix-recommendations.js) and page like every list.
var _ = framework.Describe("GET /users/{user_id}/recommendations", allVersions, func(f *framework.Framework) {
	It("MUST give recommendations whose ids name their titles, and page them with start_index and max_results", func() {
		s := fixtureUser(f).inJSON()
		first := s.read("/recommendations", url.Values{"max_results": {"2"}})
		items := framework.List(first, "/recommendations/recommendation")
		Expect(items).To(HaveLen(2))
		Expect(text(first, "/recommendations/results_per_page")).To(Equal("2"))
		total, err := strconv.Atoi(text(first, "/recommendations/number_of_results"))
		Expect(err).NotTo(HaveOccurred())
		Expect(total).To(BeNumerically(">=", 2))
		for _, it := range items {
			id := lastSegment(text(it, "/id"))
			Expect(text(it, "/id")).To(MatchRegexp(userURL(s.id(), "/recommendations/"+id)))
			Expect(linkTo(it, "/link", "http://schemas.netflix.com/catalog/title")).To(HaveSuffix("/" + id))
		}

		second := s.read("/recommendations", url.Values{"start_index": {"1"}, "max_results": {"1"}})
		Expect(text(second, "/recommendations/number_of_results")).To(Equal(strconv.Itoa(total)))
		Expect(ids(second, "/recommendations/recommendation")).To(Equal([]string{lastSegment(text(items[1], "/id"))}))
	})
}, Label("area:users", "profile:users", "op:getUsersByUserIdRecommendations"))

// feedLinks are the feeds a user has after 2012-09-15, by rel (sorens/ratings-exporter read
// these rels), with the resource each is the feed of; "" marks a feed gone that day.
var feedLinks = map[string]string{
	"http://schemas.netflix.com/feed.queues.disc":     "/queues/disc",
	"http://schemas.netflix.com/feed.queues.instant":  "/queues/instant",
	"http://schemas.netflix.com/feed.recommendations": "/recommendations",
	"http://schemas.netflix.com/feed.reviews":         "/reviews",
	"http://schemas.netflix.com/feed.ratings":         "/ratings/title/actual",
	"http://schemas.netflix.com/feed.rental_history":  "",
	"http://schemas.netflix.com/feed.at_home":         "",
}

// feed fetches a feed URL as a feed reader would: unsigned, with the feed token and consumer
// key it carries, in the given output.
func feed(f *framework.Framework, href, output string) *framework.Response {
	u, err := url.Parse(href)
	ExpectWithOffset(1, err).NotTo(HaveOccurred())
	q := u.Query()
	q.Set("output", output)
	return f.Client.Do(framework.Request{Method: http.MethodGet, Path: u.Path, Query: q, Auth: framework.Anonymous})
}

// The feeds list (Perl POD example: a resource of links whose URLs carry feed_token,
// oauth_consumer_key and output=atom or rss) and one feed fetched with its token. The
// rental-history and at-home feeds went on 2012-09-15 ("Upcoming Changes to the Netflix API
// Program": "Most Recent Rental Activity" and "Movies At Home").
var _ = framework.Describe("GET /users/{user_id}/feeds", allVersions, func(f *framework.Framework) {
	It("MUST link to feeds carrying a feed token, and serve the disc queue's feed with it in Atom and RSS", func() {
		s := fixtureUser(f)
		doc := s.inJSON().read("/feeds", nil)
		byRel := map[string]string{}
		for _, l := range framework.List(doc, "/resource/link") {
			byRel[text(l, "/rel")] = text(l, "/href")
		}
		for rel, rest := range feedLinks {
			if rest == "" {
				Expect(byRel).NotTo(HaveKey(rel), "no feed of the rental history after 2012-09-15")
				continue
			}
			Expect(byRel).To(HaveKey(rel))
			u, err := url.Parse(byRel[rel])
			Expect(err).NotTo(HaveOccurred())
			Expect(u.Scheme+"://"+u.Host+u.Path).To(MatchRegexp(userURL(s.id(), rest)), rel)
			Expect(u.Query().Get("feed_token")).NotTo(BeEmpty(), rel)
			Expect(u.Query().Get("oauth_consumer_key")).NotTo(BeEmpty(), rel)
			Expect(u.Query().Get("output")).To(Equal("atom"), rel)
		}

		disc := byRel["http://schemas.netflix.com/feed.queues.disc"]
		want := []string{"Arthur", "Sanctum", "Where the Wild Things Are"}
		resp := feed(f, disc, "atom")
		Expect(resp.Header.Get("Content-Type")).To(HavePrefix("application/atom+xml"))
		atom := framework.Answered(resp, http.StatusOK)
		var entries []string
		for _, e := range framework.List(atom, "/feed/entry") {
			entries = append(entries, text(e, "/title"))
		}
		Expect(entries).To(Equal(want), "one Atom entry per queue item, in queue order")

		resp = feed(f, disc, "rss")
		Expect(resp.Header.Get("Content-Type")).To(HavePrefix("application/rss+xml"))
		rss := framework.Answered(resp, http.StatusOK)
		var items []string
		for _, it := range framework.List(rss, "/rss/channel/item") {
			items = append(items, text(it, "/title"))
		}
		Expect(items).To(Equal(want))

		wrong := strings.Replace(disc, "feed_token=", "feed_token=x", 1)
		refused(feed(f, wrong, "atom"), http.StatusUnauthorized, 0, "")
	})
}, Label("area:users", "profile:users", "needs:fixtures", "op:getUsersByUserIdFeeds", "op:getUsersByUserIdQueuesDisc"))
