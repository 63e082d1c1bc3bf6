package catalog

import (
	"io"
	"net/http"
	"net/url"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/flixconf/flixconf/internal/oauth1"
	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/suites/framework"
)

// The forward proxy (profile proxy): a target may serve as an HTTP proxy for the API's hosts,
// so that an old client that hard-codes http://api.netflix.com reaches it unchanged
// (mockserver TestForwardProxy). The framework's client has no proxy mode, so these specs
// build their own client, which sends absolute-form requests to the target and dials nothing
// else.

// proxyClient returns a client that sends every request through the target as its proxy,
// configured as the framework's own (loopback only when the run asks).
func proxyClient(f *framework.Framework) *http.Client {
	target, err := url.Parse(f.Config.Target)
	if err != nil {
		framework.Broke("the target %q: %v", f.Config.Target, err)
	}
	return framework.HTTPClient(f.Config, target)
}

// direct asks the target itself for a catalog path with the request addressed to host, and
// returns the answer with the developer key the framework signed it with: the framework lends
// its signer to Request.Signing, and the proxied request is signed with the same key.
func direct(f *framework.Framework, host, path string) (*framework.Response, oauth1.Credentials) {
	var app oauth1.Credentials
	resp := f.Client.Do(framework.Request{Method: http.MethodGet, Path: path, Host: host,
		Signing: func(s *oauth1.Signer) { app = s.Consumer }})
	Expect(app.Key).NotTo(BeEmpty(), "the framework lent no signer")
	return resp, app
}

// proxied sends GET rawURL (absolute, on an API host) through the target as a proxy, on the
// day of like (the day the framework sent with it), signed with app when app has a key.
func proxied(f *framework.Framework, rawURL string, like *framework.Response, app oauth1.Credentials) *framework.Response {
	GinkgoHelper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		framework.Broke("building GET %s: %v", rawURL, err)
	}
	if like != nil {
		if day := like.Request.Header.Get(spec.ClockHeader); day != "" {
			req.Header.Set(spec.ClockHeader, day)
		}
	}
	if app.Key != "" {
		if err := (&oauth1.Signer{Consumer: app}).Sign(req); err != nil {
			framework.Broke("signing GET %s: %v", rawURL, err)
		}
	}
	resp, err := proxyClient(f).Do(req)
	if err != nil {
		framework.Broke("GET %s through the target as a proxy: no answer: %v", rawURL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		framework.Broke("GET %s through the target as a proxy: reading the answer: %v", rawURL, err)
	}
	return &framework.Response{Request: req, Status: resp.StatusCode, Header: resp.Header, Body: body, Version: f.Version}
}

// expectSameAnswer checks that a proxied answer is the one the host itself gives.
func expectSameAnswer(viaProxy, itself *framework.Response) {
	GinkgoHelper()
	Expect(viaProxy.Status).To(Equal(itself.Status), "the status through the proxy")
	Expect(string(viaProxy.Body)).To(Equal(string(itself.Body)), "the body through the proxy against the body the host gives")
}

// jawsURL is Jaws on an API host, in the client's version.
func jawsURL(f *framework.Framework, host string) string {
	return "http://" + host + "/catalog/titles/movies/60001220?v=" + f.Version
}

var _ = framework.Describe("the forward proxy", []string{"1.0", "2.0"}, func(f *framework.Framework) {
	// api-public.netflix.com went live in the week of 2012-06-11 (a window of doubt to
	// 2012-06-16); the spec holds on every day after it.
	It("MUST answer an absolute-form request for Jaws on "+hostPublic+" as that host does", Label("day:2014-11-13",
		framework.WindowLabel(spec.MustDay("2012-06-17"), spec.MustDay("2014-11-13"))), func() {
		itself, app := direct(f, hostPublic, "/catalog/titles/movies/60001220")
		doc := okDoc(itself)
		Expect(framework.Value(doc, "/catalog_title/id")).To(Equal("http://" + hostPublic + "/catalog/titles/movies/60001220"))
		viaProxy := proxied(f, jawsURL(f, hostPublic), itself, app)
		Expect(viaProxy).To(framework.HaveStatus(http.StatusOK))
		Expect(viaProxy).To(framework.Conform())
		expectSameAnswer(viaProxy, itself)
	})
}, Label("area:catalog", "op:getCatalogTitlesMoviesById", "profile:proxy"))

var _ = framework.Describe("the forward proxy and the domain change", []string{"1.0"}, func(f *framework.Framework) {
	It("MUST answer for "+hostOld+" with its ids on 2012-09-14, its last day", Label("day:2012-09-14"), func() {
		itself, app := direct(f, hostOld, "/catalog/titles/movies/60001220")
		okDoc(itself)
		viaProxy := proxied(f, jawsURL(f, hostOld), itself, app)
		doc := okDoc(viaProxy)
		Expect(framework.Value(doc, "/catalog_title/id")).To(Equal("http://" + hostOld + "/catalog/titles/movies/60001220"))
		expectAllOnHost(doc, hostOld)
		expectSameAnswer(viaProxy, itself)
	})

	It("MUST answer 404 with the status body for "+hostOld+" from 2012-09-15", Label("day:2012-09-15"), func() {
		itself, app := direct(f, hostOld, "/catalog/titles/movies/60001220")
		viaProxy := proxied(f, jawsURL(f, hostOld), itself, app)
		expectStatusBody(viaProxy, http.StatusNotFound, msgNotFound)
		expectSameAnswer(viaProxy, itself)
	})
}, Label("area:catalog", "op:getCatalogTitlesMoviesById", "event:api-public-domain", "profile:proxy"))

var _ = framework.Describe("the forward proxy's hosts", []string{"1.0"}, func(f *framework.Framework) {
	It("MUST refuse with 403 a request for a host outside the API's, never dialling it", func() {
		// mockserver TestForwardProxy: "Any other host is refused, never dialled." The answer
		// is the proxy's, not the API's, so no description holds it.
		for _, rawURL := range []string{"http://example.com/", "http://www.netflix.com/Movie/Jaws/60001220"} {
			resp := proxied(f, rawURL, nil, oauth1.Credentials{})
			Expect(resp).To(framework.HaveStatus(http.StatusForbidden))
		}
	})
}, Label("area:catalog", "profile:proxy"))
