package catalog

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/flixconf/flixconf/suites/framework"
)

// search asks GET /catalog/titles with a term and further name, value pairs.
func search(f *framework.Framework, term string, pairs ...string) *framework.Response {
	return get(f, "/catalog/titles", append([]string{"term", term}, pairs...)...)
}

// searchPage asks for one page of a search and reads it.
func searchPage(f *framework.Framework, term string, start, max int) listPage {
	GinkgoHelper()
	doc := okDoc(search(f, term, "start_index", strconv.Itoa(start), "max_results", strconv.Itoa(max)))
	return readPage(doc, "catalog_titles", "catalog_title")
}

// pagingTerm finds titles enough for several pages in any catalog built from the fixtures:
// "the" is in the names of ten fixture titles in 2.0 and thirteen in 1.x (The Road, The
// Sopranos' seasons, The Sea Inside, Where the Wild Things Are, ...), and of many synthetic
// ones, so the specs read the total from the answer and use pages of three.
const pagingTerm = "the"

// The search specs: term matching, the seed's titles found, and paging that agrees with
// itself. The document is the recorded one (flix4r titles.xml): the index and autocomplete
// links, url_template, the counts, the titles.
var _ = framework.Describe("GET /catalog/titles (search)", allVersions, func(f *framework.Framework) {
	It("MUST find the seed's titles by name, in any case, with the recorded document around them", func() {
		for _, term := range []string{"jaws", "JAWS", "Jaws"} {
			for _, output := range outputs {
				resp := search(f, term, withOutput(output)...)
				doc := okDoc(resp)
				p := readPage(doc, "catalog_titles", "catalog_title")
				expectPage(p, 1, 0, 1)
				Expect(p.ids).To(Equal([]string{"/catalog/titles/movies/60001220"}), "term %q in %s", term, output)
				// flix4r titles.xml: the index and autocomplete links, then the url_template.
				base := "http://" + canonicalHost(resp) + "/catalog/titles"
				Expect(p.template).To(Equal(base + "?{-join|&|term|start_index|max_results}"))
				root := framework.Value(doc, "/catalog_titles")
				Expect(linkTitles(root)).To(Equal([]string{"index", "autocomplete"}))
				Expect(linkTitled(root, "index")).To(And(HaveKeyWithValue("href", base+"/index"), HaveKeyWithValue("rel", "http://schemas.netflix.com/catalog/titles/index")))
				Expect(linkTitled(root, "autocomplete")).To(And(HaveKeyWithValue("href", base+"/autocomplete"), HaveKeyWithValue("rel", "http://schemas.netflix.com/catalog/titles/autocomplete")))
			}
		}
		// The seed's movie, by its whole name; Sanctum (70142826, dholdren fixtures) by its own.
		Expect(ids(okDoc(search(f, "Sita Sings the Blues")), "/catalog_titles/catalog_title")).To(HaveExactElements("/catalog/titles/movies/70113539"))
		doc := okDoc(search(f, "sanctum"))
		Expect(ids(doc, "/catalog_titles/catalog_title")).To(HaveExactElements("/catalog/titles/movies/70142826"))
		Expect(regularTitles(doc, "/catalog_titles/catalog_title")).To(HaveExactElements("Sanctum"))
	})

	It("MUST page a search so that consecutive pages join into one larger page, without overlap or gap", func() {
		whole := searchPage(f, pagingTerm, 0, 9)
		Expect(whole.total).To(BeNumerically(">=", 10), "the fixtures alone hold ten titles named with %q", pagingTerm)
		expectPage(whole, whole.total, 0, 9)
		var joined []string
		for start := 0; start < 9; start += 3 {
			p := searchPage(f, pagingTerm, start, 3)
			expectPage(p, whole.total, start, 3)
			joined = append(joined, p.ids...)
		}
		Expect(joined).To(Equal(whole.ids), "pages 0-2, 3-5 and 6-8 against the page 0-8")
		Expect(slices.Compact(slices.Sorted(slices.Values(joined)))).To(HaveLen(9), "a title on two pages")
		// A middle page is the same slice of the larger page.
		middle := searchPage(f, pagingTerm, 2, 5)
		expectPage(middle, whole.total, 2, 5)
		Expect(middle.ids).To(Equal(whole.ids[2:7]))
	})

	It("MUST end with the remainder on the last page and answer an empty page beyond the end", func() {
		total := searchPage(f, pagingTerm, 0, 1).total
		Expect(total).To(BeNumerically(">=", 10))
		tail := searchPage(f, pagingTerm, total-4, 4)
		expectPage(tail, total, total-4, 4)
		last := searchPage(f, pagingTerm, total-2, 3)
		expectPage(last, total, total-2, 2)
		Expect(last.ids).To(Equal(tail.ids[2:]), "the last page against the last four")
		beyond := searchPage(f, pagingTerm, total+5, 3)
		expectPage(beyond, total, total+5, 0)
	})

	It("MUST answer 25 results by default and refuse max_results and start_index out of the documented range with 400", func() {
		doc := okDoc(search(f, pagingTerm))
		p := readPage(doc, "catalog_titles", "catalog_title")
		expectPage(p, p.total, 0, min(p.total, 25))
		// The documented limits of search: max_results 1 to 100, start_index from 0
		// (reference netflix-api.md §2.0).
		for _, bad := range [][2]string{{"max_results", "101"}, {"max_results", "0"}, {"start_index", "-1"}, {"max_results", "x"}} {
			resp := search(f, pagingTerm, bad[0], bad[1])
			expectStatusBody(resp, http.StatusBadRequest, HavePrefix("Invalid "+bad[0]+` "`+bad[1]+`"`))
		}
		full := searchPage(f, pagingTerm, 0, 100)
		Expect(full.ids).To(HaveLen(min(full.total, 100)))
	})

	It("MUST refuse a search signed with the consumer key alone", func() {
		// Search is a signed resource: the consumer key alone is not enough (docs/read/Security).
		resp := f.Client.Do(framework.Request{Method: http.MethodGet, Path: "/catalog/titles", Query: query("term", "jaw"), Auth: framework.Consumer})
		expectStatusBody(resp, http.StatusBadRequest, "Missing Required OAuth Parameter")
	})
}, Label("area:catalog", "op:getCatalogTitles", "profile:catalog"))

// sopranosSeasons are the seasons a v1.0 search for "The Sopranos" answered, as the
// python-netflix README shows them (fixtures/catalog/series.yaml), in catalog order.
var sopranosSeasons = []string{"/catalog/titles/series/60030356/seasons/60030356",
	"/catalog/titles/series/60030356/seasons/70020010", "/catalog/titles/series/60030356/seasons/70058397"}

var _ = framework.Describe("GET /catalog/titles (search) in 1.x", oneX, func(f *framework.Framework) {
	It("MUST list a series by its seasons, as the 1.0 model sold it", func() {
		doc := okDoc(search(f, "sopranos"))
		Expect(ids(doc, "/catalog_titles/catalog_title")).To(Equal(sopranosSeasons))
		Expect(regularTitles(doc, "/catalog_titles/catalog_title")).To(Equal([]string{
			"The Sopranos: Season 1", "The Sopranos: Season 6: Part 1", "The Sopranos: Season 6: Part 2"}))
	})
}, Label("area:catalog", "op:getCatalogTitles", "profile:catalog"))

var _ = framework.Describe("GET /catalog/titles (search) in 2.0", twoOnly, func(f *framework.Framework) {
	It("MUST list a series as one title, as the New Series Model post says", func() {
		doc := okDoc(search(f, "sopranos"))
		Expect(ids(doc, "/catalog_titles/catalog_title")).To(Equal([]string{"/catalog/titles/series/60030356"}))
		Expect(regularTitles(doc, "/catalog_titles/catalog_title")).To(Equal([]string{"The Sopranos"}))
	})

	It("MUST keep the titles of one format with filters: Jaws on DVD, no longer streaming", afterJawsStreamed, func() {
		// Jaws streamed from 2009-01-01 until 2013-03-01 and is on DVD from 1998-06-01
		// (fixtures/catalog/titles.yaml, 60001220); the target's own day is after both.
		resp := search(f, "jaws", "filters", "http://"+hostPublic+"/categories/title_formats/disc")
		Expect(ids(okDoc(resp), "/catalog_titles/catalog_title")).To(Equal([]string{"/catalog/titles/movies/60001220"}))
		resp = search(f, "jaws", "filters", "http://"+hostPublic+"/categories/title_formats/instant")
		expectPage(readPage(okDoc(resp), "catalog_titles", "catalog_title"), 0, 0, 0)
		resp = search(f, "jaws", "filters", "http://"+hostPublic+"/categories/genres")
		expectStatusBody(resp, http.StatusBadRequest, HavePrefix(`Invalid filters "`))
	})

	When("on 2012-06-01, while Jaws streamed", Label("day:2012-06-01"), func() {
		It("MUST keep Jaws with the instant filter", func() {
			resp := search(f, "jaws", "filters", "http://"+hostOld+"/categories/title_formats/instant")
			Expect(ids(okDoc(resp), "/catalog_titles/catalog_title")).To(Equal([]string{"/catalog/titles/movies/60001220"}))
		})
	})
}, Label("area:catalog", "op:getCatalogTitles", "profile:catalog"))

// autocomplete asks GET /catalog/titles/autocomplete, with the consumer key alone (its level,
// docs/read/Security), and returns the short names it lists.
func autocomplete(f *framework.Framework, term string, pairs ...string) (*framework.Response, []string) {
	GinkgoHelper()
	resp := f.Client.Do(framework.Request{Method: http.MethodGet, Path: "/catalog/titles/autocomplete",
		Query: query(append([]string{"term", term}, pairs...)...), Auth: framework.Consumer})
	doc := okDoc(resp)
	names := []string{}
	for _, item := range framework.List(doc, "/autocomplete/autocomplete_item") {
		names = append(names, str(framework.Value(item, "/title/short")))
	}
	return resp, names
}

var _ = framework.Describe("GET /catalog/titles/autocomplete", allVersions, func(f *framework.Framework) {
	It("MUST answer the consumer key alone with the recorded shape and url_template, and refuse no key", func() {
		resp, names := autocomplete(f, "jaw")
		Expect(names).To(Equal([]string{"Jaws"}))
		doc := docOf(resp)
		// flix4r autocomplete.xml: url_template .../catalog/titles/autocomplete?{-join|&|term}.
		Expect(framework.Value(doc, "/autocomplete/url_template")).To(Equal("http://" + canonicalHost(resp) + "/catalog/titles/autocomplete?{-join|&|term}"))
		Expect(framework.Value(doc, "/autocomplete/autocomplete_item/title")).To(HaveKeyWithValue("short", "Jaws"))
		resp = f.Client.Do(framework.Request{Method: http.MethodGet, Path: "/catalog/titles/autocomplete", Query: query("term", "jaw"), Auth: framework.Anonymous})
		expectStatusBody(resp, http.StatusUnauthorized, "Invalid Consumer Key")
	})

	It("MUST list the names that begin with the term before those that contain it", func() {
		_, names := autocomplete(f, "sa")
		Expect(names).NotTo(BeEmpty())
		// Sanctum is the first fixture title whose name begins with "sa".
		Expect(names[0]).To(Equal("Sanctum"))
		begun := true
		for _, n := range names {
			Expect(strings.ToLower(n)).To(ContainSubstring("sa"))
			starts := strings.HasPrefix(strings.ToLower(n), "sa")
			Expect(starts && !begun).To(BeFalse(), "%q begins with the term but comes after a name that only contains it: %q", n, names)
			begun = begun && starts
		}
		Expect(len(names)).To(BeNumerically("<=", 25), "the first 25 names at most")
		Expect(slices.Compact(slices.Sorted(slices.Values(names)))).To(HaveLen(len(names)), "a name listed twice")
	})

}, Label("area:catalog", "op:getCatalogTitlesAutocomplete", "profile:catalog"))

var _ = framework.Describe("GET /catalog/titles/autocomplete in 1.x", oneX, func(f *framework.Framework) {
	It("MUST complete a series with the names of its seasons", func() {
		_, names := autocomplete(f, "sopr")
		Expect(names).To(Equal([]string{"The Sopranos: Season 1", "The Sopranos: Season 6: Part 1", "The Sopranos: Season 6: Part 2"}))
		_, names = autocomplete(f, "silverman")
		Expect(names).To(Equal([]string{"The Sarah Silverman Program: Season 1", "The Sarah Silverman Program: Season 2"}))
	})
}, Label("area:catalog", "op:getCatalogTitlesAutocomplete", "profile:catalog"))

var _ = framework.Describe("GET /catalog/titles/autocomplete in 2.0", twoOnly, func(f *framework.Framework) {
	It("MUST complete a series with its own name", func() {
		_, names := autocomplete(f, "sopr")
		Expect(names).To(Equal([]string{"The Sopranos"}))
		_, names = autocomplete(f, "silverman")
		Expect(names).To(Equal([]string{"The Sarah Silverman Program"}))
	})

	It("MUST page the names with start_index and max_results", func() {
		// "the s" begins three fixture names, in catalog order: The Sarah Silverman Program,
		// The Sopranos, The Sea Inside.
		_, first := autocomplete(f, "the s", "max_results", "1")
		Expect(first).To(Equal([]string{"The Sarah Silverman Program"}))
		_, next := autocomplete(f, "the s", "start_index", "1", "max_results", "2")
		Expect(next).To(Equal([]string{"The Sopranos", "The Sea Inside"}))
	})
}, Label("area:catalog", "op:getCatalogTitlesAutocomplete", "profile:catalog"))
