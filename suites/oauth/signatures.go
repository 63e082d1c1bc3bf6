package oauth

import (
	"crypto/rand"
	"net/http"
	"net/url"
	"strconv"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/flixconf/flixconf/internal/oauth1"
	"github.com/flixconf/flixconf/suites/framework"
)

// The three auth levels (docs/read/Security; reference netflix-api.md §2.0): the consumer key
// alone for autocomplete, a signature with the consumer secret for the rest of the catalog,
// and a signature with the user's access token for everything under /users/.
var _ = framework.Describe("OAuth auth levels", versions, func(f *framework.Framework) {
	It("MUST answer a catalog request signed with the consumer secret and no token", Label("profile:catalog", "op:getCatalogTitlesMoviesById"), func() {
		doc := framework.Answered(catalog(f, framework.Signed, nil), http.StatusOK)
		Expect(text(doc, "/catalog_title/title/regular")).To(Equal("Jaws"))
	})

	It("MUST answer autocomplete given the consumer key alone, and refuse it with no key or an unknown one", Label("profile:catalog", "op:getCatalogTitlesAutocomplete"), func() {
		autocomplete := func(auth framework.Auth, q url.Values) *framework.Response {
			q.Set("term", "Jaws")
			return f.Client.Do(framework.Request{Method: http.MethodGet, Path: "/catalog/titles/autocomplete", Query: q, Auth: auth})
		}
		doc := framework.Answered(autocomplete(framework.Consumer, url.Values{}), http.StatusOK)
		var names []string
		for _, it := range framework.List(doc, "/autocomplete/autocomplete_item") {
			names = append(names, text(it, "/title/short"))
		}
		Expect(names).To(ContainElement("Jaws"))

		refusedAs4xx(autocomplete(framework.Anonymous, url.Values{}), "autocomplete without a consumer key")
		refusedAs4xx(autocomplete(framework.Anonymous, url.Values{"oauth_consumer_key": {"flixconf-no-such-key"}}), "autocomplete with an unknown consumer key")
	})

	It("MUST refuse a catalog request that carries the consumer key but no signature", Label("profile:catalog", "op:getCatalogTitlesMoviesById"), func() {
		refusedAs4xx(catalog(f, framework.Consumer, nil), "a signed-level request with the consumer key alone")
	})

	It("MUST answer a user resource signed with the user's access token", Label("profile:users", "op:getUsersByUserId"), func() {
		doc := framework.Answered(userResource(f, f.Client.UserID(), framework.Protected, nil, nil), http.StatusOK)
		Expect(text(doc, "/user/user_id")).To(Equal(f.Client.UserID()))
	})

	It("MUST refuse a user resource signed without an access token with 400 \"Missing Required Access Token\"", Label("profile:users", "op:getUsersByUserId"), func() {
		refused(userResource(f, f.Client.UserID(), framework.Signed, nil, nil), http.StatusBadRequest, msgMissingToken)
	})

	It("MUST refuse a user resource signed with another user's access token with 401", Label("profile:users", "profile:control", "op:getUsersByUserId"), func() {
		other := f.FreshUser()
		refused(userResource(f, f.Client.UserID(), framework.Protected, other, nil), http.StatusUnauthorized, "")
		// The other user's own resource answers with the same token.
		doc := framework.Answered(userResource(f, other.ID, framework.Protected, other, nil), http.StatusOK)
		Expect(text(doc, "/user/user_id")).To(Equal(other.ID))
	})

	It("MUST refuse an access token it never issued with 401 \"Invalid Or Expired Token\"", Label("profile:users", "op:getUsersByUserId"), func() {
		forged := &framework.User{ID: f.Client.UserID(), Token: "flixconf-never-issued", TokenSecret: "flixconf-never-issued-secret"}
		refused(userResource(f, forged.ID, framework.Protected, forged, nil), http.StatusUnauthorized, msgInvalidToken)
	})
}, Label("area:oauth"))

// fixed signs with the given nonce and timestamp.
func fixed(nonce string, at time.Time) func(*oauth1.Signer) {
	return func(s *oauth1.Signer) {
		s.Nonce = func() string { return nonce }
		s.Now = func() time.Time { return at }
	}
}

// extra sends one oauth_* parameter with the given value, or an empty one.
func extra(name, value string) func(*oauth1.Signer) {
	return func(s *oauth1.Signer) { s.Extra = map[string]string{name: value} }
}

// Signatures: HMAC-SHA1 over the request with the consumer secret and the token secret
// (reference §4), checked with the timestamp and nonce (RFC 5849 §3.3) that make a request
// good once.
var _ = framework.Describe("OAuth signatures", versions, func(f *framework.Framework) {
	It("MUST refuse a wrong consumer secret or a wrong token secret with 401 \"Invalid Signature\"", Label("profile:catalog", "profile:users", "op:getCatalogTitlesMoviesById", "op:getUsersByUserId"), func() {
		refused(catalog(f, framework.BadSignature, nil), http.StatusUnauthorized, msgInvalidSignature)
		wrongTokenSecret := func(s *oauth1.Signer) { s.Token.Secret += "-wrong" }
		refused(userResource(f, f.Client.UserID(), framework.Protected, nil, wrongTokenSecret), http.StatusUnauthorized, msgInvalidSignature)
	})

	It("MUST accept the OAuth parameters in an Authorization header as in the query", Label("profile:catalog", "profile:users", "op:getCatalogTitlesMoviesById", "op:getUsersByUserId"), func() {
		header := func(s *oauth1.Signer) { s.Placement = oauth1.Header }
		resp := catalog(f, framework.Signed, header)
		Expect(resp.Request.URL.Query()).NotTo(HaveKey("oauth_signature"), "the signature went in the header")
		doc := framework.Answered(resp, http.StatusOK)
		Expect(text(doc, "/catalog_title/title/regular")).To(Equal("Jaws"))
		doc = framework.Answered(userResource(f, f.Client.UserID(), framework.Protected, nil, header), http.StatusOK)
		Expect(text(doc, "/user/user_id")).To(Equal(f.Client.UserID()))
	})

	It("MUST answer a nonce once and refuse the same nonce and timestamp again", Label("profile:catalog", "op:getCatalogTitlesMoviesById"), func() {
		once := fixed(rand.Text(), time.Now())
		framework.Answered(catalog(f, framework.Signed, once), http.StatusOK)
		refusedAs4xx(catalog(f, framework.Signed, once), "a replayed nonce")
	})

	It("MUST refuse a timestamp an hour before or after its clock", Label("profile:catalog", "op:getCatalogTitlesMoviesById"), func() {
		refusedAs4xx(catalog(f, framework.Signed, fixed(rand.Text(), time.Now().Add(-time.Hour))), "a stale timestamp")
		refusedAs4xx(catalog(f, framework.Signed, fixed(rand.Text(), time.Now().Add(time.Hour))), "a timestamp in the future")
	})

	It("MUST refuse a request missing oauth_signature, oauth_consumer_key, oauth_nonce or oauth_timestamp", Label("profile:catalog", "op:getCatalogTitlesMoviesById"), func() {
		// Every oauth_* parameter but the signature, beside the consumer key.
		unsigned := url.Values{"oauth_nonce": {rand.Text()}, "oauth_timestamp": {strconv.FormatInt(time.Now().Unix(), 10)},
			"oauth_signature_method": {"HMAC-SHA1"}, "oauth_version": {"1.0"}}
		refusedAs4xx(f.Client.Do(framework.Request{Method: http.MethodGet, Path: jawsPath, Query: unsigned, Auth: framework.Consumer}), "a request without oauth_signature")
		for _, name := range []string{"oauth_consumer_key", "oauth_nonce", "oauth_timestamp"} {
			refusedAs4xx(catalog(f, framework.Signed, extra(name, "")), "a request with an empty "+name)
		}
	})

	It("MUST refuse a request signed with a consumer key it never issued", Label("profile:catalog", "op:getCatalogTitlesMoviesById"), func() {
		unknown := func(s *oauth1.Signer) {
			s.Consumer = oauth1.Credentials{Key: "flixconf-no-such-key", Secret: "flixconf-no-such-secret"}
		}
		refusedAs4xx(catalog(f, framework.Signed, unknown), "an unknown consumer key")
	})

	It("MUST refuse an oauth_version other than 1.0 and a signature method other than HMAC-SHA1", Label("profile:catalog", "op:getCatalogTitlesMoviesById"), func() {
		// Netflix signed with HMAC-SHA1 only (docs/read/Security).
		refusedAs4xx(catalog(f, framework.Signed, extra("oauth_version", "2.0")), "oauth_version 2.0")
		refusedAs4xx(catalog(f, framework.Signed, extra("oauth_signature_method", "PLAINTEXT")), "the PLAINTEXT method")
	})
}, Label("area:oauth"))
