package control

import (
	"net/http"
	"net/url"
	"slices"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/flixconf/flixconf/internal/oauth1"
	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/suites/framework"
)

// partners are the eight applications "Retiring the Netflix Public API" (2014-06-13) names as
// the ones that keep working after 2014-11-14.
var partners = []string{"Instant Watcher", "Fanhattan", "Yidio", "NextGuide", "Flixster", "Can I Stream It?", "FeedFliks", "Instant Watch Browser for Netflix"}

// userOf reads a user as POST /_flixconf/users and the credentials list give it.
func userOf(doc any) *framework.User {
	return &framework.User{ID: text(doc, "/id"), Login: text(doc, "/login"), Password: text(doc, "/password"),
		Token: text(doc, "/token"), TokenSecret: text(doc, "/token_secret")}
}

var _ = framework.Describe("POST /_flixconf/users", versions, func(f *framework.Framework) {
	It("MUST create a new user with empty queues whose access token signs that user's resources at once", Label("profile:users", "op:getUsersByUserId", "op:getUsersByUserIdQueuesDisc"), func() {
		first := userOf(jsonOf(control(f, http.MethodPost, "users", nil, nil), http.StatusCreated))
		second := userOf(jsonOf(control(f, http.MethodPost, "users", nil, nil), http.StatusCreated))
		for _, u := range []*framework.User{first, second} {
			Expect(u.ID).NotTo(BeEmpty())
			Expect(u.Token).NotTo(BeEmpty())
			Expect(u.TokenSecret).NotTo(BeEmpty())
			Expect(u.Login).NotTo(BeEmpty(), "the login the OAuth dance signs in with")
			Expect(u.Password).NotTo(BeEmpty())
		}
		Expect(second.ID).NotTo(Equal(first.ID))
		Expect(second.Token).NotTo(Equal(first.Token))

		get := func(path string) map[string]any {
			return framework.Answered(f.Client.Do(framework.Request{Method: http.MethodGet, Path: "/users/" + second.ID + path, Auth: framework.Protected, User: second}), http.StatusOK)
		}
		Expect(text(get(""), "/user/user_id")).To(Equal(second.ID))
		Expect(text(get("/queues/disc"), "/queue/number_of_results")).To(Equal("0"))
	})
}, Label("area:control", "profile:control"))

var _ = framework.Describe("GET /_flixconf/credentials", versions, func(f *framework.Framework) {
	It("MUST list an ordinary key that signs, the eight partner keys, and the users with their tokens, new users included", Label("profile:catalog", "op:getCatalogTitlesMoviesById"), func() {
		doc := jsonOf(control(f, http.MethodGet, "credentials", nil, nil), http.StatusOK)
		var ordinary *oauth1.Credentials
		var apps []string
		for _, k := range framework.List(doc, "/keys") {
			Expect(text(k, "/key")).NotTo(BeEmpty())
			Expect(text(k, "/secret")).NotTo(BeEmpty())
			if text(k, "/partner") == "true" {
				apps = append(apps, text(k, "/application"))
			} else if ordinary == nil {
				ordinary = &oauth1.Credentials{Key: text(k, "/key"), Secret: text(k, "/secret")}
			}
		}
		Expect(apps).To(ConsistOf(partners))
		Expect(ordinary).NotTo(BeNil(), "an ordinary (non-partner) key")
		resp := f.Client.Do(framework.Request{Method: http.MethodGet, Path: jawsPath, Auth: framework.Signed,
			Signing: func(s *oauth1.Signer) { s.Consumer = *ordinary }})
		framework.Answered(resp, http.StatusOK)

		fresh := f.FreshUser()
		doc = jsonOf(control(f, http.MethodGet, "credentials", nil, nil), http.StatusOK)
		var users []framework.User
		for _, u := range framework.List(doc, "/users") {
			users = append(users, *userOf(u))
		}
		Expect(slices.ContainsFunc(users, func(u framework.User) bool { return u.ID == f.Client.UserID() && u.Token != "" })).To(BeTrue(), "the user the run signs with")
		Expect(users).To(ContainElement(*fresh), "a user created with POST /_flixconf/users")
	})
}, Label("area:control", "profile:control"))

var _ = framework.Describe("The target's clock", versions, func(f *framework.Framework) {
	It("MUST give its day in GET /_flixconf/clock and /_flixconf/health and answer the API on that day, echoing it in Flixconf-Clock", Label("profile:catalog", "op:getCatalogTitlesMoviesById"), func() {
		day := clock(f)
		health := jsonOf(control(f, http.MethodGet, "health", nil, nil), http.StatusOK)
		Expect(text(health, "/status")).To(Equal("ok"))
		Expect(text(health, "/day")).To(Equal(day))
		resp, _ := jaws(f, nil)
		Expect(resp.Header.Get(spec.ClockHeader)).To(Equal(day))
	})

	// The spec leaves the target on the day it found: it sets that same day (given as a time
	// of the next day whose UTC day it is), and puts it back if DELETE returns elsewhere, so
	// that specs running beside it see no change.
	It("MUST set its day with PUT /_flixconf/clock, reducing an RFC 3339 time to its UTC day, refuse a malformed day with 400, and go back to its own day with DELETE", Label("profile:catalog", "op:getCatalogTitlesMoviesById"), func() {
		day := clock(f)
		next := spec.MustDay(day).AddDays(1).String()
		set := jsonOf(control(f, http.MethodPut, "clock", url.Values{"day": {next + "T01:30:00+02:00"}}, nil), http.StatusOK)
		Expect(text(set, "/day")).To(Equal(day), "01:30 at +02:00 on the next day is the day before in UTC")
		Expect(clock(f)).To(Equal(day))
		resp, _ := jaws(f, nil)
		Expect(resp.Header.Get(spec.ClockHeader)).To(Equal(day))

		refused := jsonOf(control(f, http.MethodPut, "clock", url.Values{"day": {"soon"}}, nil), http.StatusBadRequest)
		Expect(text(refused, "/error")).NotTo(BeEmpty())
		Expect(clock(f)).To(Equal(day), "a refused day must not change the clock")

		own := text(jsonOf(control(f, http.MethodDelete, "clock", nil, nil), http.StatusOK), "/day")
		Expect(own).To(MatchRegexp(dayPattern.String()))
		Expect(clock(f)).To(Equal(own))
		if own != day {
			jsonOf(control(f, http.MethodPut, "clock", url.Values{"day": {day}}, nil), http.StatusOK)
		}
	})
}, Label("area:control", "profile:control", "profile:clock-header"))

// The header moves one request to a day (lifecycle event api-public-domain: ids named
// api.netflix.com until the new host went live in June 2012, and api-public.netflix.com
// after the old one was retired on 2012-09-15).
var _ = framework.Describe("The Flixconf-Clock request header", versions, func(f *framework.Framework) {
	It("MUST answer a request as of the day it names and echo that day", Label("op:getCatalogTitlesMoviesById"), func() {
		for day, host := range map[string]string{"2009-06-01": "api.netflix.com", "2014-11-13": "api-public.netflix.com"} {
			resp, doc := jaws(f, onDay(day))
			Expect(resp.Header.Get(spec.ClockHeader)).To(Equal(day))
			Expect(hostOf(text(doc, "/catalog_title/id"))).To(Equal(host), "the host of the ids on "+day)
		}
	})

	It("MUST refuse a malformed Flixconf-Clock header with 400 and the status body", Label("op:getCatalogTitlesMoviesById"), func() {
		resp := f.Client.Do(framework.Request{Method: http.MethodGet, Path: jawsPath, Header: onDay("June 2009"), Auth: framework.Signed})
		doc := framework.Answered(resp, http.StatusBadRequest)
		Expect(text(doc, "/status/status_code")).To(Equal("400"))
		Expect(text(doc, "/status/message")).To(ContainSubstring(spec.ClockHeader))
	})
}, Label("area:control", "profile:clock-header", "profile:catalog"))

// POST /_flixconf/keys stands for the developer portal's key registration, which "Changes to
// the Public API Program" (2013-03-08) stopped that day.
var _ = framework.Describe("POST /_flixconf/keys", versions, func(f *framework.Framework) {
	It("MUST register a key that signs at once before 2013-03-08, and refuse new keys from that day with 403", Label("op:getCatalogTitlesMoviesById"), func() {
		doc := jsonOf(control(f, http.MethodPost, "keys", url.Values{"application": {"flixconf conformance"}}, onDay("2013-03-07")), http.StatusCreated)
		Expect(text(doc, "/application")).To(Equal("flixconf conformance"))
		key := oauth1.Credentials{Key: text(doc, "/key"), Secret: text(doc, "/secret")}
		Expect(key.Key).NotTo(BeEmpty())
		Expect(key.Secret).NotTo(BeEmpty())

		resp := f.Client.Do(framework.Request{Method: http.MethodGet, Path: jawsPath, Auth: framework.Signed, Header: onDay("2013-03-07"),
			Signing: func(s *oauth1.Signer) { s.Consumer = key }})
		framework.Answered(resp, http.StatusOK)

		refused := jsonOf(control(f, http.MethodPost, "keys", url.Values{"application": {"flixconf conformance"}}, onDay("2013-03-08")), http.StatusForbidden)
		Expect(text(refused, "/error")).NotTo(BeEmpty())
	})
}, Label("area:control", "profile:control", "profile:clock-header", "profile:catalog"))

var _ = framework.Describe("GET /_flixconf/requests", versions, func(f *framework.Framework) {
	It("MUST list a request it answered with its method, path, status, version, key and user", Label("profile:users", "op:getUsersByUserIdQueuesDisc"), func() {
		user := f.FreshUser()
		var key string
		path := "/users/" + user.ID + "/queues/disc"
		resp := f.Client.Do(framework.Request{Method: http.MethodGet, Path: path, Auth: framework.Protected, User: user,
			Signing: func(s *oauth1.Signer) { key = s.Consumer.Key }})
		framework.Answered(resp, http.StatusOK)

		doc := jsonOf(control(f, http.MethodGet, "requests", nil, nil), http.StatusOK)
		var mine []any
		for _, e := range framework.List(doc, "/requests") {
			if text(e, "/path") == path {
				mine = append(mine, e)
			}
		}
		Expect(mine).To(HaveLen(1), "the journal lists the request once")
		Expect(mine[0]).To(SatisfyAll(
			HaveKeyWithValue("method", "GET"),
			HaveKeyWithValue("status", BeNumerically("==", 200)),
			HaveKeyWithValue("version", "1.0"),
			HaveKeyWithValue("key", key),
			HaveKeyWithValue("user", user.ID),
			HaveKeyWithValue("day", MatchRegexp(dayPattern.String())),
		))
	})
}, Label("area:control", "profile:control"))

var _ = framework.Describe("An unknown control endpoint", versions, func(f *framework.Framework) {
	It("MUST answer 404 with a JSON error", func() {
		doc := jsonOf(control(f, http.MethodGet, "no-such-endpoint", nil, nil), http.StatusNotFound)
		Expect(text(doc, "/error")).NotTo(BeEmpty())
	})
}, Label("area:control", "profile:control"))
