// Package users holds the conformance specs of the user resources: the user, queues,
// ratings, title states, rental history, recommendations, reviews and feeds.
package users

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	. "github.com/onsi/gomega"

	"github.com/flixconf/flixconf/suites/framework"
)

// allVersions are the REST versions every user resource is described in.
var allVersions = []string{"1.0", "1.5", "2.0"}

// Titles of the fixtures the specs name, with the facts they rely on (fixtures/catalog).
const (
	jaws          = "60001220" // Jaws: DVD from 1998, instant 2009 to 2013-03-01 (flix4r test/fixtures/movies.xml)
	sita          = "70113539" // Sita Sings the Blues: instant only, from 2009-09-01 (the blog seed)
	totoro        = "60032294" // My Neighbor Totoro: DVD only
	sneakers      = "60031755" // Sneakers (rossnelson/netflix4r README)
	americanParis = "251454"   // An American in Paris: instant and DVD (a docs sample's instant queue)
	widgetTitle   = "70068647" // the title of the JS API widget examples: instant from 2009
	arthur        = "70167072" // Arthur: DVD and Blu-ray from 2011-07-15 (netflix-ruby queue fixtures, 2012)
	sanctum       = "70142826" // Sanctum (netflix-ruby queue fixtures, 2012)
	wildThings    = "70108988" // Where the Wild Things Are (netflix-ruby queue fixtures, 2012)
	noCountry     = "70071613" // No Country for Old Men (netflix-ruby fixtures, 2012)
	flyAwayHome   = "512381"   // Fly Away Home (a title_states test double of the time)
	theRoad       = "70105135" // The Road
	sopranos      = "60030356" // The Sopranos, a series (ryszard/python-netflix README)
	sopranosS6a   = "70020010" // The Sopranos, season 6 part 1
	sopranosS6b   = "70058397" // The Sopranos, season 6 part 2
)

// ref is a title's URL as title_ref and title_refs take it. Clients of the time sent the ids
// the API gave them; the mock, like the API, reads the numeric id at the end.
func ref(id string) string { return "http://api-public.netflix.com/catalog/titles/movies/" + id }

// seasonRef is the URL of a season of The Sopranos.
func seasonRef(id string) string {
	return "http://api-public.netflix.com/catalog/titles/series/" + sopranos + "/seasons/" + id
}

// refs joins title URLs for title_refs.
func refs(ids ...string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = ref(id)
	}
	return strings.Join(out, ",")
}

// subscriber is one user's view of the API in a spec: requests signed with that user's
// access token, on the spec's client.
type subscriber struct {
	f *framework.Framework
	// user is nil for the credentials' first user, whose fixture data the read-only specs use.
	user *framework.User
	// json asks for the JSON representation (output=json). The API mirrored its XML to JSON
	// and the specs read both alike, so specs vary it to cover both.
	json bool
}

// inJSON is the same user asking for JSON answers.
func (s subscriber) inJSON() subscriber {
	s.json = true
	return s
}

// fixtureUser is the credentials' first user (the bundled mock's Jane, whose queues, ratings
// and history come from fixtures/users/users.yaml).
func fixtureUser(f *framework.Framework) subscriber { return subscriber{f: f} }

// freshUser is a user of the spec's own, for specs that write.
func freshUser(f *framework.Framework) subscriber { return subscriber{f: f, user: f.FreshUser()} }

// id is the user's id.
func (s subscriber) id() string {
	if s.user == nil {
		return s.f.Client.UserID()
	}
	return s.user.ID
}

// path is the path of one of the user's resources; rest starts with "/" or is empty.
func (s subscriber) path(rest string) string { return "/users/" + s.id() + rest }

// do makes a request for one of the user's resources, signed with the user's token.
func (s subscriber) do(method, rest string, query, form url.Values) *framework.Response {
	if s.json {
		q := url.Values{"output": {"json"}}
		for k, v := range query {
			q[k] = v
		}
		query = q
	}
	return s.f.Client.Do(framework.Request{Method: method, Path: s.path(rest), Query: query, Form: form,
		Auth: framework.Protected, User: s.user})
}

// read asks for one of the user's resources and returns its document, after checking that
// it answered 200 with a body that conforms.
func (s subscriber) read(rest string, query url.Values) map[string]any {
	return framework.Answered(s.do(http.MethodGet, rest, query, nil), http.StatusOK)
}

// refused checks an error answer: its status, its conformance, and the status body's code,
// message and sub_code (subCode 0: none expected; message "": not checked).
func refused(resp *framework.Response, status, subCode int, message string) {
	doc := framework.Answered(resp, status)
	ExpectWithOffset(1, text(doc, "/status/status_code")).To(Equal(fmt.Sprint(status)))
	if subCode != 0 {
		ExpectWithOffset(1, text(doc, "/status/sub_code")).To(Equal(fmt.Sprint(subCode)), "the status body's sub_code")
	}
	if message != "" {
		ExpectWithOffset(1, text(doc, "/status/message")).To(Equal(message))
	}
}

// text is the value at a pointer as a string ("" when absent): the API wrote scalars as
// strings, and a JSON number or boolean reads the same here.
func text(doc any, pointer string) string {
	v, ok := framework.Lookup(doc, pointer)
	if !ok || v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

// lastSegment is the part of a URL after its last slash: the title id of an item's id.
func lastSegment(u string) string { return u[strings.LastIndexByte(u, '/')+1:] }

// ids lists the last segments of the ids of the items at pointer, in order.
func ids(doc any, pointer string) []string {
	var out []string
	for _, it := range framework.List(doc, pointer) {
		out = append(out, lastSegment(text(it, "/id")))
	}
	return out
}

// linkTo returns the href of the link with the given rel among the links at pointer, or "".
func linkTo(doc any, pointer, rel string) string {
	for _, l := range framework.List(doc, pointer) {
		if text(l, "/rel") == rel {
			return text(l, "/href")
		}
	}
	return ""
}

// categoryLabel returns the label of the first category whose scheme ends with suffix.
func categoryLabel(doc any, pointer, suffix string) string {
	for _, c := range framework.List(doc, pointer) {
		if strings.HasSuffix(text(c, "/scheme"), suffix) {
			return text(c, "/label")
		}
	}
	return ""
}

// userURL matches a URL of one of the user's resources on either API host.
func userURL(userID, rest string) string {
	return `^https?://api(-public)?\.netflix\.com/users/` + regexp.QuoteMeta(userID+rest) + `$`
}
