package oauth

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/flixconf/flixconf/internal/oauth1"
	"github.com/flixconf/flixconf/suites/framework"
)

// dance is one run of the OAuth dance for a user: the request token and its login URL.
type dance struct {
	f     *framework.Framework
	token framework.Token
	login *url.URL
}

// callback sends oauth_callback=oob, as OAuth 1.0a clients without a web address did
// (pyflix2, michaelhelmick; reference §4), so that the login page shows the verifier.
func callback(s *oauth1.Signer) { s.Extra = map[string]string{"oauth_callback": "oob"} }

// requestToken asks for a request token with POST, signed with the consumer secret, and
// checks the answer (reference §2.3: oauth_token, oauth_token_secret, application_name,
// login_url).
func requestToken(f *framework.Framework, signing func(*oauth1.Signer)) (*dance, url.Values) {
	v := form(f.Client.Do(framework.Request{Method: http.MethodPost, Path: "/oauth/request_token", Auth: framework.Signed, NoVersion: true, Signing: signing}))
	ExpectWithOffset(1, v.Get("oauth_token")).NotTo(BeEmpty())
	ExpectWithOffset(1, v.Get("oauth_token_secret")).NotTo(BeEmpty())
	ExpectWithOffset(1, v.Get("application_name")).NotTo(BeEmpty())
	login, err := url.Parse(v.Get("login_url"))
	ExpectWithOffset(1, err).NotTo(HaveOccurred())
	ExpectWithOffset(1, login.Path).To(Equal("/oauth/login"))
	ExpectWithOffset(1, login.Query().Get("oauth_token")).To(Equal(v.Get("oauth_token")), "the login URL names the request token")
	return &dance{f: f, token: framework.Token{Key: v.Get("oauth_token"), Secret: v.Get("oauth_token_secret")}, login: login}, v
}

// page asks for the login page (GET) or submits its form (POST) and returns the HTML. The
// page is on api-user.netflix.com; the mock serves it on its own address too, where the
// login URL it gives points.
func (d *dance) page(method string, fields url.Values) string {
	q := d.login.Query()
	req := framework.Request{Method: method, Path: d.login.Path, Query: q, Auth: framework.Anonymous, NoVersion: true}
	if method == http.MethodPost {
		for k := range q {
			fields.Set(k, q.Get(k))
		}
		req.Query, req.Form = nil, fields
	}
	resp := d.f.Client.Do(req)
	ExpectWithOffset(1, resp).To(framework.HaveStatus(http.StatusOK))
	// No Conform here: the description gives the page as text/html, which the validator
	// cannot decode ("unsupported content type"); the page is checked by its words instead.
	ExpectWithOffset(1, resp.Header.Get("Content-Type")).To(HavePrefix("text/html"))
	return string(resp.Body)
}

// signIn submits the login form with a login and password (the fields a Perl client library
// and a Plex plugin of the time sent) and returns the page.
func (d *dance) signIn(login, password string) string {
	return d.page(http.MethodPost, url.Values{"login": {login}, "password": {password}})
}

// verifierOf reads the verifier the page shows after a login with oauth_callback=oob.
var verifierOf = regexp.MustCompile(`id="oauth_verifier">([^<]+)<`)

// accessToken asks to trade the request token (with a verifier, or none as 1.0 clients did).
func (d *dance) accessToken(verifier string) *framework.Response {
	r := framework.Request{Method: http.MethodPost, Path: "/oauth/access_token", Auth: framework.TokenSigned, Token: &d.token, NoVersion: true}
	if verifier != "" {
		r.Signing = func(s *oauth1.Signer) { s.Extra = map[string]string{"oauth_verifier": verifier} }
	}
	return d.f.Client.Do(r)
}

// The request token, the login page and the access token (reference §2.3 and §4; the 2009
// post: application_name on the login URL). The dance needs a user whose login and password
// the kit knows: a fresh one.
var _ = framework.Describe("The OAuth dance", versions, func(f *framework.Framework) {
	It("MUST issue request tokens with the login URL, confirming a callback only when one was sent", Label("op:getOauthRequestToken", "op:postOauthRequestToken"), func() {
		_, v := requestToken(f, nil)
		Expect(v).NotTo(HaveKey("oauth_callback_confirmed"), "a 1.0 client library rejects fields it does not know")
		_, v = requestToken(f, callback)
		Expect(v.Get("oauth_callback_confirmed")).To(Equal("true"))

		other := form(f.Client.Do(framework.Request{Method: http.MethodGet, Path: "/oauth/request_token", Auth: framework.Signed, NoVersion: true}))
		Expect(other.Get("oauth_token")).NotTo(BeElementOf(v.Get("oauth_token"), ""), "each request token is new")
	})

	It("MUST trade a request token the user authorised at the login page for an access token that works for the user's resources", Label("profile:control", "profile:users", "op:postOauthRequestToken", "op:getOauthLogin", "op:postOauthLogin", "op:postOauthAccessToken", "op:getUsersByUserId"), func() {
		user := f.FreshUser()
		d, _ := requestToken(f, callback)
		Expect(d.page(http.MethodGet, nil)).To(SatisfyAll(ContainSubstring(`name="login"`), ContainSubstring(`name="password"`)))
		done := d.signIn(user.Login, user.Password)
		Expect(done).To(ContainSubstring("successfully"), "clients look for this word on the page")
		m := verifierOf.FindStringSubmatch(done)
		Expect(m).To(HaveLen(2), "the page shows the verifier of an oob callback")

		v := form(d.accessToken(m[1]))
		Expect(v.Get("user_id")).To(Equal(user.ID))
		Expect(v.Get("oauth_token")).NotTo(BeEmpty())
		Expect(v.Get("oauth_token_secret")).NotTo(BeEmpty())

		granted := &framework.User{ID: v.Get("user_id"), Token: v.Get("oauth_token"), TokenSecret: v.Get("oauth_token_secret")}
		doc := framework.Answered(userResource(f, granted.ID, framework.Protected, granted, nil), http.StatusOK)
		Expect(text(doc, "/user/user_id")).To(Equal(user.ID))
	})

	It("MUST refuse to trade a request token before the user logs in, after a failed login, and a second time", Label("profile:control", "op:postOauthRequestToken", "op:postOauthLogin", "op:postOauthAccessToken"), func() {
		user := f.FreshUser()
		d, _ := requestToken(f, nil)
		refusedAs4xx(d.accessToken(""), "a request token the user has not authorised")

		failed := d.signIn(user.Login, user.Password+"-wrong")
		Expect(strings.ToLower(failed)).To(ContainSubstring("failed"), "clients look for this word on the page")
		refusedAs4xx(d.accessToken(""), "a request token after a failed login")

		Expect(d.signIn(user.Login, user.Password)).To(ContainSubstring("successfully"))
		v := form(d.accessToken(""))
		Expect(v.Get("user_id")).To(Equal(user.ID), "an OAuth 1.0 client sends no verifier")
		refusedAs4xx(d.accessToken(""), "a request token traded already")
	})
}, Label("area:oauth", "profile:oauth-flow"))
