package catalog

import (
	"net/http"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/flixconf/flixconf/suites/framework"
)

// The index files hold the whole catalog in one streamed answer (the bundled mock's are half a
// megabyte to six): each spec reads a file once, and checks that it parses to its end,
// conforms and holds the titles it must, and not those it must not. Validating a file of
// megabytes takes seconds, so each file is read by one version only, the large ones in JSON
// (which validates in half the time); the 404s after the split are asked of each version.

// indexFile reads an index file in the representation output and returns its items by id
// (without host).
func indexFile(f *framework.Framework, path, output, root, item string) map[string]any {
	GinkgoHelper()
	resp := get(f, path, withOutput(output)...)
	Expect(resp.Header.Get("Content-Type")).To(ContainSubstring(output))
	doc := okDoc(resp)
	items := framework.List(doc, "/"+root+"/"+item)
	Expect(items).NotTo(BeEmpty(), "%s lists no %s", path, item)
	byID := map[string]any{}
	for _, it := range items {
		id := pathOf(str(framework.Value(it, "/id")))
		Expect(byID).NotTo(HaveKey(id), "%s lists %s twice", path, id)
		byID[id] = it
	}
	return byID
}

// expectListed checks that an index holds each of want and none of unwanted.
func expectListed(byID map[string]any, want, unwanted []string) {
	GinkgoHelper()
	for _, id := range want {
		Expect(byID).To(HaveKey(id))
	}
	for _, id := range unwanted {
		Expect(byID).NotTo(HaveKey(id))
	}
}

// Titles whose formats the fixtures give (fixtures/catalog/titles.yaml): Jaws on DVD from 1998
// and streaming from 2009-01-01 until 2013-03-01; Sita Sings the Blues streaming from
// 2009-09-01 only; The Talented Mr. Ripley on DVD only.
const (
	jawsPath   = "/catalog/titles/movies/60001220"
	sitaPath   = "/catalog/titles/movies/70113539"
	ripleyPath = "/catalog/titles/movies/60000209"
)

// The 1.0 index, /catalog/titles/index: <catalog_title_index> of title_index_item, the
// streaming catalog ("instant-watch index"), until the index split of 2012-09-15 ("Update:
// Changes for the Public API" keeps the old files until that day).
var _ = framework.Describe("GET /catalog/titles/index", []string{"1.0"}, func(f *framework.Framework) {
	It("MUST list the streaming titles, each with its id, name, people and formats, on its last day", Label("day:2012-09-14"), func() {
		byID := indexFile(f, "/catalog/titles/index", "xml", "catalog_title_index", "title_index_item")
		expectListed(byID, []string{jawsPath, sitaPath}, []string{ripleyPath})
		item := byID[jawsPath]
		// The index item carries its name as text and its people as links (reference
		// netflix-api-more.md §2.2).
		Expect(framework.Value(item, "/title")).To(Equal("Jaws"))
		Expect(str(framework.Value(item, "/release_year"))).To(Equal("1975"))
		Expect(linkTitled(item, "Roy Scheider")["rel"]).To(Equal("http://schemas.netflix.com/catalog/person.actor"))
		Expect(linkTitled(item, "Steven Spielberg")["rel"]).To(Equal("http://schemas.netflix.com/catalog/person.director"))
		// Each format carries the legacy category (deprecated scheme) and the current one.
		var formats []string
		for _, a := range framework.List(item, "/delivery_formats/availability") {
			cats := framework.List(a, "/category")
			Expect(cats).To(HaveLen(2))
			Expect(cats[0]).To(And(HaveKeyWithValue("scheme", "http://api.netflix.com/catalog/titles/formats"), HaveKeyWithValue("status", "deprecated")))
			formats = append(formats, labelsOf(a, "title_formats")...)
		}
		Expect(formats).To(ConsistOf("DVD", "instant"))
	})

	It("MUST answer 404 with the status body from 2012-09-15", Label("day:2012-09-15"), func() {
		expectStatusBody(get(f, "/catalog/titles/index"), http.StatusNotFound, msgNotFound)
	})
}, Label("area:catalog", "op:getCatalogTitlesIndex", "event:catalog-index-split", "profile:index-files"))

// The full index of 1.5 and 2.0, /catalog/titles/full: <catalog_titles> of every title, its
// sub-resources expanded inside their links (mrowl/filmdata's parser, reference
// netflix-api-more.md §2.2), until 2012-09-15.
var _ = framework.Describe("GET /catalog/titles/full", twoOnly, func(f *framework.Framework) {
	It("MUST list every title, streaming or not, with its synopsis and cast expanded, on its last day", Label("day:2012-09-14"), func() {
		byID := indexFile(f, "/catalog/titles/full", "json", "catalog_titles", "catalog_title")
		expectListed(byID, []string{jawsPath, sitaPath, ripleyPath, sspSeries, sspEpisodes[0].path}, nil)
		jaws := byID[jawsPath]
		Expect(framework.Value(jaws, "/title/regular")).To(Equal("Jaws"))
		Expect(str(inside(jaws, "synopsis", "synopsis"))).To(ContainSubstring("RoleDisplay/Steven_Spielberg/87835"))
		Expect(ids(inside(jaws, "cast", "people"), "/person")).To(Equal(jawsCast))
		avail := framework.List(inside(jaws, "formats", "delivery_formats"), "/availability")
		Expect(avail).To(HaveLen(2), "DVD and instant on 2012-09-14")
	})
}, Label("area:catalog", "op:getCatalogTitlesFull", "event:catalog-index-split", "profile:index-files"))

var _ = framework.Describe("GET /catalog/titles/full after the split", []string{"1.5", "2.0"}, func(f *framework.Framework) {
	It("MUST answer 404 with the status body from 2012-09-15", Label("day:2012-09-15"), func() {
		expectStatusBody(get(f, "/catalog/titles/full"), http.StatusNotFound, msgNotFound)
	})
}, Label("area:catalog", "op:getCatalogTitlesFull", "event:catalog-index-split", "profile:index-files"))

// The 2012 files that replaced them, /catalog/titles/streaming and /catalog/titles/dvd, one
// for each catalog ("Update: Changes for the Public API"), structured like the 2.0 index.
var _ = framework.Describe("GET /catalog/titles/streaming", twoOnly, func(f *framework.Framework) {
	It("MUST list the titles that stream, and not those that no longer do or never did", afterJawsStreamed, func() {
		byID := indexFile(f, "/catalog/titles/streaming", "xml", "catalog_titles", "catalog_title")
		expectListed(byID, []string{sitaPath}, []string{jawsPath, ripleyPath})
		Expect(framework.Value(byID[sitaPath], "/title/regular")).To(Equal("Sita Sings the Blues"))
	})
}, Label("area:catalog", "op:getCatalogTitlesStreaming", "event:catalog-index-split", "profile:index-files"))

var _ = framework.Describe("GET /catalog/titles/dvd", []string{"1.0"}, func(f *framework.Framework) {
	It("MUST list the titles on disc, and not those that only stream", afterJawsStreamed, func() {
		byID := indexFile(f, "/catalog/titles/dvd", "json", "catalog_titles", "catalog_title")
		expectListed(byID, []string{jawsPath, ripleyPath}, []string{sitaPath})
		Expect(framework.Value(byID[ripleyPath], "/title/regular")).To(Equal("The Talented Mr. Ripley"))
	})
}, Label("area:catalog", "op:getCatalogTitlesDvd", "event:catalog-index-split", "profile:index-files"))
