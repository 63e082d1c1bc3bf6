package catalog

import (
	"net/http"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/flixconf/flixconf/suites/framework"
)

// jawsOn asks for Jaws, its cast expanded so that people's ids are in the answer too, with the
// request addressed to host ("" for the target's own address).
func jawsOn(f *framework.Framework, host string) *framework.Response {
	return f.Client.Do(framework.Request{Method: http.MethodGet, Path: "/catalog/titles/movies/60001220",
		Query: query("expand", "@cast"), Host: host})
}

// searchOn asks for the search for jaws, addressed to host.
func searchOn(f *framework.Framework, host string) *framework.Response {
	return f.Client.Do(framework.Request{Method: http.MethodGet, Path: "/catalog/titles", Query: query("term", "jaws"), Host: host})
}

// expectServedOn checks that Jaws and a search, addressed to host, answer with every id, link,
// scheme and url_template on want.
func expectServedOn(f *framework.Framework, host, want string) {
	GinkgoHelper()
	doc := okDoc(jawsOn(f, host))
	Expect(framework.Value(doc, "/catalog_title/id")).To(Equal("http://" + want + "/catalog/titles/movies/60001220"))
	cast := framework.List(linkTitled(framework.Value(doc, "/catalog_title"), "cast"), "/people/person")
	Expect(cast).NotTo(BeEmpty())
	Expect(framework.Value(cast[0], "/id")).To(Equal("http://" + want + "/catalog/people/82729"))
	expectAllOnHost(doc, want)
	doc = okDoc(searchOn(f, host))
	Expect(framework.Value(doc, "/catalog_titles/url_template")).To(Equal("http://" + want + "/catalog/titles?{-join|&|term|start_index|max_results}"))
	expectAllOnHost(doc, want)
}

// The domain change ("Upcoming Changes to the Netflix API Program", June 2012): the API moves
// to api-public.netflix.com, live from about 2012-06-13 (a window of doubt from 2012-06-11 to
// 2012-06-16), and api.netflix.com is retired on 2012-09-15 (exact). Ids and links name the
// API host the request addressed (spec/timeline.yaml api-public-domain). The behaviour does not
// differ by version: 1.0 carries the hosts addressed by name.
var _ = framework.Describe("hosts and the domain change", []string{"1.0"}, func(f *framework.Framework) {
	When("addressed to "+hostOld, func() {
		It("MUST answer with ids and links on "+hostOld+" on 2012-09-14, its last day", Label("day:2012-09-14"), func() {
			expectServedOn(f, hostOld, hostOld)
		})

		It("MUST answer 404 with the status body from 2012-09-15, the day it retired", Label("day:2012-09-15"), func() {
			for _, output := range outputs {
				resp := f.Client.Do(framework.Request{Method: http.MethodGet, Path: "/catalog/titles/movies/60001220",
					Query: query(withOutput(output)...), Host: hostOld})
				expectStatusBody(resp, http.StatusNotFound, msgNotFound)
			}
			expectStatusBody(searchOn(f, hostOld), http.StatusNotFound, msgNotFound)
		})
	})

	When("addressed to "+hostPublic, func() {
		It("MUST answer 404 with the status body on 2012-06-01, before the new host went live", Label("day:2012-06-01"), func() {
			expectStatusBody(jawsOn(f, hostPublic), http.StatusNotFound, msgNotFound)
		})

		It("MUST answer with ids and links on "+hostPublic+" on 2012-07-01, with or without a port", Label("day:2012-07-01"), func() {
			expectServedOn(f, hostPublic, hostPublic)
			expectServedOn(f, hostPublic+":80", hostPublic)
		})
	})
}, Label("area:catalog", "op:getCatalogTitlesMoviesById", "op:getCatalogTitles", "event:api-public-domain", "profile:catalog"))

// A request addressed to neither API host (the target's own address) gets the canonical host
// of its day: api.netflix.com until 2012-09-14, api-public.netflix.com from 2012-09-15 (the
// timeline's interpretation; mockserver TestHostsInIDs).
var _ = framework.Describe("ids on the canonical host", allVersions, func(f *framework.Framework) {
	It("MUST name "+hostOld+" on 2012-09-14", Label("day:2012-09-14"), func() {
		expectServedOn(f, "", hostOld)
	})

	It("MUST name "+hostPublic+" from 2012-09-15", Label("day:2012-09-15"), func() {
		expectServedOn(f, "", hostPublic)
	})
}, Label("area:catalog", "op:getCatalogTitlesMoviesById", "op:getCatalogTitles", "event:api-public-domain", "profile:catalog"))
