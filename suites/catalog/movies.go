// Package catalog holds the conformance specs of the catalog resources: titles and their
// sub-resources, search, autocomplete, people, index files and categories.
package catalog

import (
	"net/http"
	"net/url"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/suites/framework"
)

// Facts of the real answer for Jaws (flix4r test/fixtures/movies.xml, a v1.0 response).
var jaws = map[string]string{
	"/catalog_title/title/short":    "Jaws",
	"/catalog_title/title/regular":  "Jaws",
	"/catalog_title/release_year":   "1975",
	"/catalog_title/runtime":        "7500",
	"/catalog_title/average_rating": "3.9",
}

// jawsLinks are the titles of the links of the recorded Jaws answer, in its order (flix4r
// test/fixtures/movies.xml): the sub-resources, then the web page.
var jawsLinks = []string{"synopsis", "bonus materials", "cast", "directors", "formats", "awards", "screen formats",
	"languages and audio", "similars", "web page"}

// The genres of Sita Sings the Blues before 2011-06-15, in order, as the 2011 post "Changes
// to genres and playback_bookmark" shows them ("Indie Dramas" twice).
var sitaGenres = []string{"Music & Musicals", "Animation for Grown-ups", "Contemporary Movie Musicals", "Indie Dramas", "Indie Dramas"}

var _ = framework.Describe("GET /catalog/titles/movies/{id}", allVersions, func(f *framework.Framework) {
	It("MUST answer Jaws (60001220) with the recorded facts in XML and JSON, in a body that conforms", func() {
		for _, output := range outputs {
			resp := get(f, "/catalog/titles/movies/60001220", withOutput(output)...)
			Expect(resp).To(framework.HaveStatus(http.StatusOK))
			Expect(resp.Header.Get("Content-Type")).To(ContainSubstring(output))
			doc := okDoc(resp)
			for pointer, want := range jaws {
				Expect(str(framework.Value(doc, pointer))).To(Equal(want), "%s in %s", pointer, output)
			}
			Expect(framework.Value(doc, "/catalog_title/id")).To(Equal("http://" + canonicalHost(resp) + "/catalog/titles/movies/60001220"))
			Expect(framework.List(doc, "/catalog_title/category")).To(ContainElement(HaveKeyWithValue("label", "PG")))
		}
	})

	When("asked for Sita Sings the Blues (70113539) on 2011-06-14", Label("day:2011-06-14", "event:genres-replaced"), func() {
		It("MUST carry the genres the 2011 post shows, in its order", func() {
			// The day comes from the spec's day label: the framework sends it.
			resp := get(f, "/catalog/titles/movies/70113539")
			doc := okDoc(resp)
			Expect(resp.Header.Get(spec.ClockHeader)).To(Equal("2011-06-14"), "the answer must echo the day it used")
			Expect(framework.Value(doc, "/catalog_title/title/regular")).To(Equal("Sita Sings the Blues"))
			Expect(labelsOf(framework.Value(doc, "/catalog_title"), "genres")).To(Equal(sitaGenres))
		})
	})

	When("asked for Sita Sings the Blues (70113539) on 2011-06-15", Label("day:2011-06-15", "event:genres-replaced"), func() {
		It("MUST carry none of the genres the 2011 post says go away that day", func() {
			doc := okDoc(get(f, "/catalog/titles/movies/70113539"))
			genres := labelsOf(framework.Value(doc, "/catalog_title"), "genres")
			// The new classification's labels are not recorded; the fixture keeps one broad
			// label (fixtures/catalog/titles.yaml, 70113539).
			Expect(genres).To(Equal([]string{"Independent Movies"}))
			for _, old := range sitaGenres {
				Expect(genres).NotTo(ContainElement(old))
			}
		})
	})

	It("MUST answer 404 with the status body for an unknown id and a malformed one", func() {
		// A malformed id is a badly formed URL, which answers 404 (the 2009 post "a Note on
		// Interfaces"); a Perl client's test once saw an empty 200 for it (reference §3.3).
		for _, id := range []string{"99999999", "NOT.A.VALID.ID"} {
			for _, output := range outputs {
				expectStatusBody(get(f, "/catalog/titles/movies/"+url.PathEscape(id), withOutput(output)...), http.StatusNotFound, msgNotFound)
			}
		}
	})
}, Label("area:catalog", "op:getCatalogTitlesMoviesById", "profile:catalog"))

var _ = framework.Describe("GET /catalog/titles/movies/{id} links in 1.x", oneX, func(f *framework.Framework) {
	It("MUST link Jaws's sub-resources with the recorded titles, in the recorded order", func() {
		doc := okDoc(get(f, "/catalog/titles/movies/60001220"))
		title := framework.Value(doc, "/catalog_title")
		Expect(linkTitles(title)).To(Equal(jawsLinks))
		// flix4r movies.xml: the similars rel has a dot, the others a slash.
		Expect(linkTitled(title, "similars")["rel"]).To(Equal("http://schemas.netflix.com/catalog/titles.similars"))
		Expect(linkTitled(title, "cast")["rel"]).To(Equal("http://schemas.netflix.com/catalog/people.cast"))
		Expect(linkTitled(title, "web page")["href"]).To(Equal("http://www.netflix.com/Movie/Jaws/60001220"))
	})
}, Label("area:catalog", "op:getCatalogTitlesMoviesById", "profile:catalog"))

var _ = framework.Describe("GET /catalog/titles/movies/{id} links in 2.0", twoOnly, func(f *framework.Framework) {
	It("MUST link the short synopsis after the synopsis, the other links as recorded", func() {
		doc := okDoc(get(f, "/catalog/titles/movies/60001220"))
		title := framework.Value(doc, "/catalog_title")
		// The New Series Model post shows a 2.0 title's "short synopsis" link right after
		// "synopsis"; its rel follows the full-index parser (reference netflix-api-more.md §2.2).
		want := append([]string{"synopsis", "short synopsis"}, jawsLinks[1:]...)
		Expect(linkTitles(title)).To(Equal(want))
		Expect(linkTitled(title, "short synopsis")["rel"]).To(Equal("http://schemas.netflix.com/catalog/titles/synopsis.short"))
		Expect(pathOf(str(linkTitled(title, "short synopsis")["href"]))).To(Equal("/catalog/titles/movies/60001220/short_synopsis"))
	})
}, Label("area:catalog", "op:getCatalogTitlesMoviesById", "profile:catalog"))
