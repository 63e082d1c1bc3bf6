package catalog

import (
	"net/http"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/flixconf/flixconf/suites/framework"
)

// The error body: every refusal is the API's <status> document with status_code and message,
// in XML or, with output=json, as {"status": {...}} (reference netflix-api.md §3.2 and §3.4).
var _ = framework.Describe("catalog errors", allVersions, func(f *framework.Framework) {
	It("MUST answer 404 with the status body for an unknown path, in XML and JSON", func() {
		// The 2009 post "a Note on Interfaces": badly formed API URLs answer 404. No operation
		// describes an unknown path, so the answer is held to the status body alone.
		for _, path := range []string{"/catalog/nothing", "/catalog/titles/films/60001220"} {
			for _, output := range outputs {
				resp := get(f, path, withOutput(output)...)
				Expect(resp).To(framework.HaveStatus(http.StatusNotFound))
				if output == "json" {
					Expect(resp.Header.Get("Content-Type")).To(ContainSubstring("json"))
				}
				expectStatusFields(resp, http.StatusNotFound, msgNotFound)
			}
		}
	})

	It("MUST answer 404 for a title of another kind or an unknown season", Label("op:getCatalogTitlesSeriesById",
		"op:getCatalogTitlesProgramsById", "op:getCatalogTitlesSeriesByIdSeasonsBySeasonId", "op:getCatalogTitlesMoviesByIdSynopsis"), func() {
		for _, path := range []string{
			"/catalog/titles/series/60001220",                  // Jaws is a movie
			"/catalog/titles/programs/60001220",                // and not a program
			"/catalog/titles/series/70142415/seasons/60030356", // a season of another series
			"/catalog/titles/movies/70142415/synopsis",         // a series asked for as a movie
		} {
			for _, output := range outputs {
				expectStatusBody(get(f, path, withOutput(output)...), http.StatusNotFound, msgNotFound)
			}
		}
	})

	It("MUST answer 400 with the status body when the required term is missing, in XML and JSON", Label("op:getCatalogTitles", "op:getCatalogPeople", "op:getCatalogTitlesAutocomplete"), func() {
		for _, output := range outputs {
			for _, path := range []string{"/catalog/titles", "/catalog/people"} {
				resp := get(f, path, withOutput(output)...)
				expectStatusBody(resp, http.StatusBadRequest, "Missing Required Parameter: term")
				if output == "json" {
					Expect(resp.Header.Get("Content-Type")).To(ContainSubstring("json"))
				}
			}
			resp := f.Client.Do(framework.Request{Method: http.MethodGet, Path: "/catalog/titles/autocomplete",
				Query: query(withOutput(output, "term", " ")...), Auth: framework.Consumer})
			expectStatusBody(resp, http.StatusBadRequest, "Missing Required Parameter: term")
		}
	})

	It("MUST answer 400 with the status body for an unknown version or output", Label("op:getCatalogTitlesMoviesById"), func() {
		resp := f.Client.Do(framework.Request{Method: http.MethodGet, Path: "/catalog/titles/movies/60001220",
			Query: query("v", "3.0"), NoVersion: true})
		expectStatusBody(resp, http.StatusBadRequest, HavePrefix(`Invalid version "3.0"`))
		resp = get(f, "/catalog/titles/movies/60001220", "output", "yaml")
		expectStatusBody(resp, http.StatusBadRequest, HavePrefix(`Invalid output "yaml"`))
	})
}, Label("area:catalog", "profile:catalog"))
