package users

import (
	"net/http"
	"net/url"
	"strconv"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/flixconf/flixconf/suites/framework"
)

// rate asks to rate a title with POST .../ratings/title/actual (title_ref and rating).
func (s subscriber) rate(titleID, rating string) *framework.Response {
	return s.do(http.MethodPost, "/ratings/title/actual", nil, url.Values{"title_ref": {ref(titleID)}, "rating": {rating}})
}

// rerate asks to change a rating with PUT .../ratings/title/actual/{rating_id}; a rating's id
// is the rated title's id (two clients of the time read the title id from it).
func (s subscriber) rerate(titleID, rating string) *framework.Response {
	return s.do(http.MethodPut, "/ratings/title/actual/"+titleID, nil, url.Values{"rating": {rating}})
}

// ratings reads a ratings list (rest "/ratings/title", ".../actual", ".../predicted") for
// title_refs and returns its items, checking that they come in the order asked.
func (s subscriber) ratings(rest string, titleIDs ...string) []any {
	doc := s.read(rest, url.Values{"title_refs": {refs(titleIDs...)}})
	ExpectWithOffset(1, ids(doc, "/ratings/ratings_item")).To(Equal(titleIDs), "one ratings item per title_refs entry, in their order")
	return framework.List(doc, "/ratings/ratings_item")
}

// inRange checks that a predicted rating is a number of stars from 1 to 5.
func inRange(v string) {
	stars, err := strconv.ParseFloat(v, 64)
	ExpectWithOffset(1, err).NotTo(HaveOccurred(), "predicted_rating %q is not a number", v)
	ExpectWithOffset(1, stars).To(BeNumerically(">=", 1))
	ExpectWithOffset(1, stars).To(BeNumerically("<=", 5))
}

// Ratings: a user's own ("actual") ratings are written with POST and PUT and read back; the
// predicted ones are Netflix's guesses (reference netflix-api.md §2.2; netflix-api-more.md
// §2.4: ratings_item with user_rating and predicted_rating, the id ending in the title id).
var _ = framework.Describe("Rating titles", allVersions, func(f *framework.Framework) {
	var s subscriber
	BeforeEach(func() { s = freshUser(f) })

	It("MUST create a rating with POST (201) and give it back as the user's actual rating", Label("op:postUsersByUserIdRatingsTitleActual", "op:getUsersByUserIdRatingsTitleActual", "op:getUsersByUserIdRatingsTitleActualByRatingId"), func() {
		s := s.inJSON()
		doc := framework.Answered(s.rate(jaws, "4"), http.StatusCreated)
		Expect(text(doc, "/status/status_code")).To(Equal("201"))
		Expect(text(doc, "/status/resources_created/ratings_item/user_rating")).To(Equal("4"))
		Expect(text(doc, "/status/resources_created/ratings_item/id")).To(MatchRegexp(userURL(s.id(), "/ratings/title/actual/"+jaws)))

		items := s.ratings("/ratings/title/actual", jaws)
		Expect(text(items[0], "/user_rating")).To(Equal("4"))
		Expect(text(items[0], "/predicted_rating")).To(BeEmpty(), "the actual ratings carry no prediction")

		one := s.read("/ratings/title/actual/"+jaws, nil)
		Expect(text(one, "/ratings/ratings_item/user_rating")).To(Equal("4"))
	})

	It("MUST change a rating with PUT (200) and refuse a rating outside 1 to 5 with 400, keeping the last one", Label("op:putUsersByUserIdRatingsTitleActualByRatingId", "op:getUsersByUserIdRatingsTitleActualByRatingId"), func() {
		s := s.inJSON()
		framework.Answered(s.rate(totoro, "4"), http.StatusCreated)
		doc := framework.Answered(s.rerate(totoro, "2"), http.StatusOK)
		Expect(text(doc, "/status/status_code")).To(Equal("200"))
		Expect(text(doc, "/status/resources_created/ratings_item/user_rating")).To(Equal("2"))

		refused(s.rerate(totoro, "9"), http.StatusBadRequest, 0, "")
		refused(s.rate(totoro, "0"), http.StatusBadRequest, 0, "")
		one := s.read("/ratings/title/actual/"+totoro, nil)
		Expect(text(one, "/ratings/ratings_item/user_rating")).To(Equal("2"))
	})

	It("MUST answer 404 to a rating the user never gave, and 400 to a ratings list without title_refs", Label("op:getUsersByUserIdRatingsTitleActualByRatingId", "op:putUsersByUserIdRatingsTitleActualByRatingId", "op:getUsersByUserIdRatingsTitle"), func() {
		refused(s.do(http.MethodGet, "/ratings/title/actual/"+sneakers, nil, nil), http.StatusNotFound, 0, "")
		refused(s.rerate(sneakers, "3"), http.StatusNotFound, 0, "")
		refused(s.do(http.MethodGet, "/ratings/title", nil, nil), http.StatusBadRequest, 0, "")
	})

	It("MUST give the user's own rating where there is one and the predicted one elsewhere, by GET and by POST", Label("op:getUsersByUserIdRatingsTitle", "op:postUsersByUserIdRatingsTitle"), func() {
		framework.Answered(s.rate(jaws, "5"), http.StatusCreated)
		check := func(items []any) {
			Expect(text(items[0], "/user_rating")).To(Equal("5"))
			Expect(text(items[0], "/predicted_rating")).To(BeEmpty(), "a rated title comes with the user's rating, not a prediction")
			Expect(text(items[1], "/user_rating")).To(BeEmpty())
			inRange(text(items[1], "/predicted_rating"))
		}
		check(s.ratings("/ratings/title", jaws, sneakers))

		// Clients sent long title_refs lists in a POST body (sorens/ratings-exporter).
		doc := framework.Answered(s.do(http.MethodPost, "/ratings/title", nil, url.Values{"title_refs": {refs(jaws, sneakers)}}), http.StatusOK)
		Expect(ids(doc, "/ratings/ratings_item")).To(Equal([]string{jaws, sneakers}))
		check(framework.List(doc, "/ratings/ratings_item"))
	})

	It("MUST predict ratings from 1 to 5 stars, the same on every request, and never as the user's own", Label("op:getUsersByUserIdRatingsTitlePredicted"), func() {
		framework.Answered(s.rate(jaws, "1"), http.StatusCreated)
		first := s.ratings("/ratings/title/predicted", jaws, totoro, sneakers)
		again := s.ratings("/ratings/title/predicted", jaws, totoro, sneakers)
		for i := range first {
			inRange(text(first[i], "/predicted_rating"))
			Expect(text(again[i], "/predicted_rating")).To(Equal(text(first[i], "/predicted_rating")), "a prediction must be stable")
			Expect(text(first[i], "/user_rating")).To(BeEmpty(), "the predicted ratings carry no user_rating")
		}
	})
}, Label("area:users", "profile:users", "profile:control"))

// API 2.0's series model: "ratings of several seasons become one rating of the series"
// ("New Series Model", the blog seed). The fixture user rated two seasons of The Sopranos 5
// and 4 and not the series; the mean rounded half up (5) is the mock's stated rule.
var _ = func() bool {
	for _, c := range []struct {
		versions []string
		want     string
		// seasons: whether the version has seasons as titles of their own to read back.
		seasons bool
	}{{[]string{"1.0", "1.5"}, "", true}, {[]string{"2.0"}, "5", false}} {
		framework.Describe("Rating a series", c.versions, func(f *framework.Framework) {
			It("MUST rate the series from its seasons' ratings as the version's series model has it", func() {
				s := fixtureUser(f)
				doc := s.read("/ratings/title/actual", url.Values{"title_refs": {"http://api-public.netflix.com/catalog/titles/series/" + sopranos}})
				Expect(text(doc, "/ratings/ratings_item/user_rating")).To(Equal(c.want))
				if !c.seasons {
					return
				}
				seasons := s.read("/ratings/title/actual", url.Values{"title_refs": {seasonRef(sopranosS6a) + "," + seasonRef(sopranosS6b)}})
				var got []string
				for _, it := range framework.List(seasons, "/ratings/ratings_item") {
					got = append(got, text(it, "/user_rating"))
				}
				Expect(got).To(Equal([]string{"5", "4"}), "the seasons keep their own ratings")
			})
		}, Label("area:users", "profile:users", "needs:fixtures", "op:getUsersByUserIdRatingsTitleActual"))
	}
	return true
}()
