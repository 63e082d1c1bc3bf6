// Package oauth holds the conformance specs of the API's OAuth: the three auth levels,
// signatures, tokens and the login dance.
package oauth

import (
	"net/http"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/flixconf/flixconf/suites/framework"
)

var _ = framework.Describe("OAuth signatures", []string{"1.0"}, func(f *framework.Framework) {
	It("answers 401 Invalid Signature to a catalog request signed with the wrong consumer secret", func() {
		resp := f.Client.Do(framework.Request{Method: http.MethodGet, Path: "/catalog/titles/movies/60001220", Auth: framework.BadSignature})
		Expect(resp).To(framework.HaveStatus(http.StatusUnauthorized))
		Expect(resp).To(framework.Conform())
		doc, err := resp.Doc()
		Expect(err).NotTo(HaveOccurred())
		// The message a Perl client library of the time matched (reference §3.3).
		Expect(framework.Value(doc, "/status/message")).To(Equal("Invalid Signature"))
	})
}, Label("area:oauth", "op:getCatalogTitlesMoviesById"))
