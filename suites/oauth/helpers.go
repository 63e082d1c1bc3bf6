// Package oauth holds the conformance specs of the API's OAuth: the three auth levels,
// signatures, nonces and timestamps, and the request-token, login and access-token dance.
// OAuth does not change between versions, so its specs run in version 1.0, the one every
// client of the API spoke.
package oauth

import (
	"fmt"
	"net/http"
	"net/url"

	. "github.com/onsi/gomega"

	"github.com/flixconf/flixconf/internal/oauth1"
	"github.com/flixconf/flixconf/suites/framework"
)

// versions are the versions the OAuth specs run in.
var versions = []string{"1.0"}

// jawsPath is a catalog title every target has (flix4r test/fixtures/movies.xml).
const jawsPath = "/catalog/titles/movies/60001220"

// The status messages on record (reference netflix-api.md §3.3).
const (
	msgInvalidSignature = "Invalid Signature"             // 401; a Perl client library, ryszard/python-netflix
	msgInvalidToken     = "Invalid Or Expired Token"      // 401; ryszard/python-netflix
	msgMissingToken     = "Missing Required Access Token" // 400; ryszard/python-netflix
)

// catalog asks for Jaws at an auth level, with a signer adjustment (nil for none).
func catalog(f *framework.Framework, auth framework.Auth, signing func(*oauth1.Signer)) *framework.Response {
	return f.Client.Do(framework.Request{Method: http.MethodGet, Path: jawsPath, Auth: auth, Signing: signing})
}

// userResource asks for the resource of the user userID, signed with user's token (nil: the
// credentials' first user) at the given auth level.
func userResource(f *framework.Framework, userID string, auth framework.Auth, user *framework.User, signing func(*oauth1.Signer)) *framework.Response {
	return f.Client.Do(framework.Request{Method: http.MethodGet, Path: "/users/" + userID, Auth: auth, User: user, Signing: signing})
}

// refused checks a refusal with an exact status and, unless message is "", its message.
func refused(resp *framework.Response, status int, message string) {
	doc := framework.Answered(resp, status)
	ExpectWithOffset(1, text(doc, "/status/status_code")).To(Equal(fmt.Sprint(status)))
	if message != "" {
		ExpectWithOffset(1, text(doc, "/status/message")).To(Equal(message))
	}
}

// refusedAs4xx checks a refusal whose exact client-error status the record does not give:
// a 4xx with the status body, which conforms and repeats the status.
func refusedAs4xx(resp *framework.Response, what string) {
	ExpectWithOffset(1, resp.Status).To(SatisfyAll(BeNumerically(">=", 400), BeNumerically("<", 500)),
		"%s must be refused with a client error; the body begins: %.300s", what, resp.Body)
	ExpectWithOffset(1, resp).To(framework.HaveStatus(resp.Status))
	ExpectWithOffset(1, resp).To(framework.Conform())
	doc, err := resp.Doc()
	ExpectWithOffset(1, err).NotTo(HaveOccurred())
	ExpectWithOffset(1, text(doc, "/status/status_code")).To(Equal(fmt.Sprint(resp.Status)))
}

// text is the value at a pointer as a string ("" when absent).
func text(doc any, pointer string) string {
	v, ok := framework.Lookup(doc, pointer)
	if !ok || v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

// form reads a form-encoded answer (the token resources answer so), after checking its
// status and conformance.
func form(resp *framework.Response) url.Values {
	ExpectWithOffset(1, resp).To(framework.HaveStatus(http.StatusOK))
	ExpectWithOffset(1, resp).To(framework.Conform())
	ExpectWithOffset(1, resp.Header.Get("Content-Type")).To(HavePrefix("application/x-www-form-urlencoded"))
	v, err := url.ParseQuery(string(resp.Body))
	ExpectWithOffset(1, err).NotTo(HaveOccurred())
	return v
}
