// Package catalog holds the conformance specs of the catalog resources: titles and their
// sub-resources, search, autocomplete, people, index files and categories.
package catalog

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

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

// The genres of Sita Sings the Blues before 2011-06-15, in order, as the 2011 post "Changes
// to genres and playback_bookmark" shows them ("Indie Dramas" twice).
var sitaGenres = []string{"Music & Musicals", "Animation for Grown-ups", "Contemporary Movie Musicals", "Indie Dramas", "Indie Dramas"}

var _ = framework.Describe("GET /catalog/titles/movies/{id}", []string{"1.0"}, func(f *framework.Framework) {
	for _, output := range []string{"xml", "json"} {
		When("asked for Jaws (60001220) in "+output, func() {
			It("answers the recorded facts in a body that conforms to the description", func() {
				q := url.Values{}
				if output == "json" {
					q.Set("output", "json")
				}
				resp := f.Client.Get("/catalog/titles/movies/60001220", q)
				Expect(resp).To(framework.HaveStatus(http.StatusOK))
				Expect(resp.Header.Get("Content-Type")).To(ContainSubstring(output))
				Expect(resp).To(framework.Conform())

				doc, err := resp.Doc()
				Expect(err).NotTo(HaveOccurred())
				for pointer, want := range jaws {
					Expect(framework.Value(doc, pointer)).To(Equal(want), pointer)
				}
				Expect(framework.Value(doc, "/catalog_title/id")).To(MatchRegexp(`^http://api(-public)?\.netflix\.com/catalog/titles/movies/60001220$`))
				Expect(framework.List(doc, "/catalog_title/category")).To(ContainElement(HaveKeyWithValue("label", "PG")))
			})
		})
	}

	When("asked for Sita Sings the Blues (70113539) on 2011-06-14", Label("day:2011-06-14"), func() {
		It("carries the genres the 2011 post shows, in its order", func() {
			// The day comes from the spec's day label: the framework sends it.
			resp := f.Client.Get("/catalog/titles/movies/70113539", nil)
			Expect(resp).To(framework.HaveStatus(http.StatusOK))
			Expect(resp).To(framework.Conform())
			Expect(resp.Header.Get(spec.ClockHeader)).To(Equal("2011-06-14"), "the answer must echo the day it used")

			doc, err := resp.Doc()
			Expect(err).NotTo(HaveOccurred())
			Expect(framework.Value(doc, "/catalog_title/title/regular")).To(Equal("Sita Sings the Blues"))
			var genres []string
			for _, c := range framework.List(doc, "/catalog_title/category") {
				if m, ok := c.(map[string]any); ok && strings.HasSuffix(fmt.Sprint(m["scheme"]), "/categories/genres") {
					genres = append(genres, fmt.Sprint(m["label"]))
				}
			}
			Expect(genres).To(Equal(sitaGenres))
		})
	})

	for _, id := range []string{"99999999", "NOT.A.VALID.ID"} {
		When("asked for the title "+id, func() {
			It("answers 404 with the status body", func() {
				resp := f.Client.Get("/catalog/titles/movies/"+url.PathEscape(id), nil)
				Expect(resp).To(framework.HaveStatus(http.StatusNotFound))
				Expect(resp).To(framework.Conform())
				doc, err := resp.Doc()
				Expect(err).NotTo(HaveOccurred())
				Expect(fmt.Sprint(framework.Value(doc, "/status/status_code"))).To(Equal("404"))
			})
		})
	}
}, Label("area:catalog", "op:getCatalogTitlesMoviesById"))
