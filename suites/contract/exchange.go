package contract

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/flixconf/flixconf/internal/oauth1"
	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/suites/framework"
)

// exchange is one spec's way to its request: the request that the recipe, its setup and the
// representation build, and the values that the path and the expectations name in braces.
type exchange struct {
	f     *framework.Framework
	op    spec.Operation
	media string
	// path is the path template, filled when the request is made.
	path string
	req  framework.Request
	// values fill {name} in the path and in the recipe's expectations: user_id, and what a
	// setup made (position, title_id, rating_id).
	values map[string]string
}

// newExchange builds the request of a spec of op in media: the recipe's path and query at
// the operation's auth level, then the recipe's setup, the feed credential for a feed form,
// and the parameter or header that asks for the media type.
func newExchange(f *framework.Framework, op spec.Operation, media string, r recipe) *exchange {
	ex := &exchange{f: f, op: op, media: media, path: op.Path, values: map[string]string{"user_id": f.Client.UserID()}}
	if r.Path != "" {
		ex.path = r.Path
	}
	q, err := url.ParseQuery(r.Query)
	Expect(err).NotTo(HaveOccurred(), "the recipe's query")
	ex.req = framework.Request{Method: op.Method, Query: q, Auth: authFor(op)}
	if r.Setup.run != nil {
		r.Setup.run(ex)
	}
	if ex.feed() {
		ex.feedCredential()
	}
	ex.represent()
	return ex
}

// odata reports whether the exchange is with the OData catalog.
func (ex *exchange) odata() bool { return ex.f.Version == spec.ODataName }

// feed reports whether the exchange asks for the feed form of a user resource.
func (ex *exchange) feed() bool {
	return !ex.odata() && (ex.media == "application/atom+xml" || ex.media == "application/rss+xml")
}

// authFor is the auth level a request of op is made at: a user resource with a feed form is
// protected in its other representations (the feed form takes its credential from the feeds
// list instead).
func authFor(op spec.Operation) framework.Auth {
	if slices.Contains(op.AuthLevels, "protected") {
		return framework.Protected
	}
	switch op.AuthLevel {
	case "signed":
		return framework.Signed
	case "consumer":
		return framework.Consumer
	case "request-token":
		return framework.TokenSigned
	}
	return framework.Anonymous
}

// represent asks for the exchange's media type the way the description says: output= for the
// REST API (XML when absent, atom and rss for a feed), $format=json for OData (Atom when
// absent), and the Accept header for the OData service document's atomsvc form and a title's
// box art.
func (ex *exchange) represent() {
	q := ex.req.Query
	switch ex.media {
	case "application/json":
		if ex.odata() {
			q.Set("$format", "json")
		} else {
			q.Set("output", "json")
		}
	case "application/atom+xml":
		if !ex.odata() {
			q.Set("output", "atom")
		}
	case "application/rss+xml":
		q.Set("output", "rss")
	case "application/atomsvc+xml", "image/jpeg":
		ex.req.Header = http.Header{"Accept": {ex.media}}
	}
}

// fill writes the path template with the fixtures and the exchange's values.
func (ex *exchange) fill(template string) string {
	p := ex.expand(samples.Replace(template))
	if ex.odata() {
		p = odataRoot + p
	}
	return p
}

// expand replaces {name} with the exchange's value of that name.
func (ex *exchange) expand(s string) string {
	for k, v := range ex.values {
		s = strings.ReplaceAll(s, "{"+k+"}", v)
	}
	return s
}

// do makes the exchange's request.
func (ex *exchange) do() *framework.Response {
	ex.req.Path = ex.fill(ex.path)
	Expect(ex.req.Path).NotTo(ContainSubstring("{"), "a path parameter no fixture or setup fills")
	ex.values["path"] = ex.req.Path
	return ex.f.Client.Do(ex.req)
}

// call makes a request of a setup, which must answer status and conform like any other.
func (ex *exchange) call(r framework.Request, status int) *framework.Response {
	resp := ex.f.Client.Do(r)
	Expect(resp).To(framework.HaveStatus(status))
	Expect(resp).To(framework.Conform())
	return resp
}

// doc reads an answer of a setup.
func doc(resp *framework.Response) map[string]any {
	d, err := resp.Doc()
	Expect(err).NotTo(HaveOccurred(), "reading the answer to %s %s", resp.Request.Method, resp.Request.URL.Path)
	return d
}

// form reads a form-encoded answer (the token resources).
func form(resp *framework.Response) url.Values {
	v, err := url.ParseQuery(string(resp.Body))
	Expect(err).NotTo(HaveOccurred(), "reading the form-encoded answer to %s", resp.Request.URL.Path)
	return v
}

// feedCredential gives the request the credential of a feed URL: the user's feed token and
// the consumer key, which the feeds list carries in every link (nothing is signed).
func (ex *exchange) feedCredential() {
	resp := ex.call(framework.Request{Method: http.MethodGet, Path: "/users/" + ex.values["user_id"] + "/feeds",
		Auth: framework.Protected, User: ex.req.User, Query: url.Values{"output": {"json"}}}, http.StatusOK)
	for _, l := range framework.List(doc(resp), "/resource/link") {
		u, err := url.Parse(fmt.Sprint(framework.Value(l, "/href")))
		if err != nil || u.Query().Get("feed_token") == "" {
			continue
		}
		ex.req.Query.Set("feed_token", u.Query().Get("feed_token"))
		ex.req.Query.Set("oauth_consumer_key", u.Query().Get("oauth_consumer_key"))
		ex.req.Auth = framework.Anonymous
		return
	}
	ginkgo.Fail("the feeds list of user " + ex.values["user_id"] + " carries no link with a feed token")
}

// setup prepares what a recipe's request needs before it is made.
type setup struct {
	// fresh marks a setup that creates a user of the spec's own (profile control).
	fresh bool
	run   func(*exchange)
}

// ownUser gives the spec a user of its own, whose id fills {user_id} and whose token signs.
func ownUser() setup { return setup{fresh: true, run: (*exchange).useFreshUser} }

func (ex *exchange) useFreshUser() {
	u := ex.f.FreshUser()
	ex.req.User = u
	ex.values["user_id"] = u.ID
}

// titleURL is the URL a title_ref or title_refs names a catalog title by.
func titleURL(path string) string { return "http://api.netflix.com/catalog/titles/" + path }

// queueEtag reads the etag of a queue of the exchange's user, which a write must name.
func (ex *exchange) queueEtag(kind string) string {
	resp := ex.call(framework.Request{Method: http.MethodGet, Path: "/users/" + ex.values["user_id"] + "/queues/" + kind,
		Auth: framework.Protected, User: ex.req.User}, http.StatusOK)
	etag := fmt.Sprint(framework.Value(doc(resp), "/queue/etag"))
	Expect(etag).NotTo(BeEmpty(), "the etag of the %s queue", kind)
	return etag
}

// queueWrite gives the spec a user of its own and the etag of its queue as just read, as a
// write to the queue must name it.
func queueWrite(kind string) setup {
	return setup{fresh: true, run: func(ex *exchange) {
		ex.useFreshUser()
		ex.req.Query.Set("etag", ex.queueEtag(kind))
	}}
}

// queued gives the spec a user of its own whose queue holds one title, added first, in the
// part of the queue a title like it goes to: the available part for a title that can be had
// in the queue's format, the saved part for one not released in it yet (reference
// netflix-api.md: saved entries are those not yet released). {position} and {title_id} name
// the entry; a DELETE names the queue's new etag.
func queued(kind, path, part string) setup {
	return setup{fresh: true, run: func(ex *exchange) {
		ex.useFreshUser()
		etag := ex.queueEtag(kind)
		resp := ex.call(framework.Request{Method: http.MethodPost, Path: "/users/" + ex.values["user_id"] + "/queues/" + kind,
			Auth: framework.Protected, User: ex.req.User, Query: url.Values{"title_ref": {titleURL(path)}, "etag": {etag}}}, http.StatusCreated)
		d := doc(resp)
		id := path[strings.LastIndexByte(path, '/')+1:]
		entry := "/queues/" + kind + "/" + part + "/" + id
		if part == partAvailable {
			entry = "/queues/" + kind + "/" + part + "/1/" + id
		}
		Expect(framework.Value(d, "/status/resources_created/queue_item/id")).To(HaveSuffix(entry),
			"the entry of %s must go to the %s part of the %s queue", path, part, kind)
		ex.values["position"], ex.values["title_id"] = "1", id
		if ex.op.Method == http.MethodDelete {
			ex.req.Query.Set("etag", fmt.Sprint(framework.Value(d, "/status/etag")))
		}
	}}
}

// The parts of a queue.
const (
	partAvailable = "available"
	partSaved     = "saved"
)

// rated gives the spec a user of its own who has rated a title, whose id names the rating
// ({rating_id}: two clients of the time read a rating's id as the title's).
func rated(path string) setup {
	return setup{fresh: true, run: func(ex *exchange) {
		ex.useFreshUser()
		ex.call(framework.Request{Method: http.MethodPost, Path: "/users/" + ex.values["user_id"] + "/ratings/title/actual",
			Auth: framework.Protected, User: ex.req.User, Query: url.Values{"title_ref": {titleURL(path)}, "rating": {"4"}}}, http.StatusCreated)
		ex.values["rating_id"] = path[strings.LastIndexByte(path, '/')+1:]
	}}
}

// requestToken asks for a request token, the first step of the OAuth dance.
func (ex *exchange) requestToken() framework.Token {
	v := form(ex.call(framework.Request{Method: http.MethodGet, Path: "/oauth/request_token", Auth: framework.Signed}, http.StatusOK))
	Expect(v.Get("oauth_token")).NotTo(BeEmpty(), "the request token")
	return framework.Token{Key: v.Get("oauth_token"), Secret: v.Get("oauth_token_secret")}
}

// loginPage asks for the login page of a new request token, with the consumer key.
func loginPage() setup {
	return setup{run: func(ex *exchange) {
		ex.req.Query.Set("oauth_token", ex.requestToken().Key)
	}}
}

// loginForm submits, for a new request token, the login form with the login and password of
// a user of the spec's own.
func loginForm() setup {
	return setup{fresh: true, run: func(ex *exchange) { ex.login() }}
}

func (ex *exchange) login() framework.Token {
	token := ex.requestToken()
	ex.useFreshUser()
	ex.req.Form = url.Values{"oauth_token": {token.Key}, "login": {ex.req.User.Login}, "password": {ex.req.User.Password}}
	return token
}

// verifierOnPage is how the page after a login without a callback shows the verifier.
var verifierOnPage = regexp.MustCompile(`id="oauth_verifier">([^<]+)<`)

// authorised signs the request with a request token that a user of the spec's own authorised
// on the login page, and the verifier the page gave (OAuth 1.0a).
func authorised() setup {
	return setup{fresh: true, run: func(ex *exchange) {
		token := ex.login()
		// The page's conformance is the postOauthLogin specs' to judge; this step needs only
		// its verifier.
		page := ex.f.Client.Do(framework.Request{Method: http.MethodPost, Path: "/oauth/login", Auth: framework.Anonymous, Form: ex.req.Form})
		Expect(page).To(framework.HaveStatus(http.StatusOK))
		m := verifierOnPage.FindSubmatch(page.Body)
		Expect(m).NotTo(BeNil(), "the page after the login must show the verifier")
		ex.req.Form = nil
		ex.req.Token = &token
		ex.req.Signing = func(s *oauth1.Signer) { s.Extra = map[string]string{"oauth_verifier": string(m[1])} }
	}}
}
