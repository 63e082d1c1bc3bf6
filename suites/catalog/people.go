package catalog

import (
	"net/http"
	"slices"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/flixconf/flixconf/suites/framework"
)

// The people resources: a search by name, a person (flix4r cast.xml writes one: id, name,
// a filmography link and a web page) and a filmography.
var _ = framework.Describe("people", allVersions, func(f *framework.Framework) {
	It("MUST find Roy Scheider by a part of his name, in any case, with the recorded person shape", Label("op:getCatalogPeople"), func() {
		for _, output := range outputs {
			resp := get(f, "/catalog/people", withOutput(output, "term", "SCHEIDER")...)
			doc := okDoc(resp)
			p := readPage(doc, "people", "person")
			expectPage(p, 1, 0, 1)
			Expect(p.ids).To(Equal([]string{"/catalog/people/82729"}))
			Expect(p.template).To(Equal("http://" + canonicalHost(resp) + "/catalog/people?{-join|&|term|start_index|max_results}"))
			person := framework.List(doc, "/people/person")[0]
			Expect(framework.Value(person, "/name")).To(Equal("Roy Scheider"))
			Expect(linkTitles(person)).To(Equal([]string{"filmography", "web page"}))
			Expect(linkTitled(person, "filmography")["rel"]).To(Equal("http://schemas.netflix.com/catalog/titles.filmography"))
			Expect(linkTitled(person, "web page")["href"]).To(Equal("http://www.netflix.com/RoleDisplay/Roy_Scheider/82729"))
		}
	})

	It("MUST answer a person by id, Steven Spielberg (87835), and 404 with the status body for an unknown one", Label("op:getCatalogPeopleByPersonId",
		"op:getCatalogPeopleByPersonIdFilmography"), func() {
		resp := get(f, "/catalog/people/87835")
		doc := okDoc(resp)
		Expect(framework.Value(doc, "/person/id")).To(Equal("http://" + canonicalHost(resp) + "/catalog/people/87835"))
		Expect(framework.Value(doc, "/person/name")).To(Equal("Steven Spielberg"))
		Expect(pathOf(str(linkTitled(framework.Value(doc, "/person"), "filmography")["href"]))).To(Equal("/catalog/people/87835/filmography"))
		for _, output := range outputs {
			expectStatusBody(get(f, "/catalog/people/1", withOutput(output)...), http.StatusNotFound, msgNotFound)
		}
		expectStatusBody(get(f, "/catalog/people/x/filmography"), http.StatusNotFound, msgNotFound)
	})

	It("MUST list a person's titles as the filmography, and none for a person of no title", Label("op:getCatalogPeopleByPersonIdFilmography"), func() {
		resp := get(f, "/catalog/people/87835/filmography")
		p := readPage(okDoc(resp), "catalog_titles", "catalog_title")
		expectPage(p, 1, 0, 1)
		Expect(p.ids).To(Equal([]string{"/catalog/titles/movies/60001220"}))
		Expect(p.template).To(Equal("http://" + canonicalHost(resp) + "/catalog/people/87835/filmography?{-join|&|start_index|max_results}"))
		// Person 185930 (pyflix2's docstrings) is named by no title of the fixtures.
		p = readPage(okDoc(get(f, "/catalog/people/185930/filmography")), "catalog_titles", "catalog_title")
		expectPage(p, 0, 0, 0)
		// The cast of the split series (fixtures/catalog/split.yaml) plays in both parts.
		p = readPage(okDoc(get(f, "/catalog/people/89900001/filmography")), "catalog_titles", "catalog_title")
		Expect(p.ids).To(Equal([]string{"/catalog/titles/series/89100000", "/catalog/titles/series/89200000"}))
	})
}, Label("area:catalog", "profile:catalog"))

// categoryLabels asks for a category list and returns its labels, checking that each category
// names the list's own scheme on the canonical host and repeats its label as its term.
func categoryLabels(f *framework.Framework, scheme string) []string {
	GinkgoHelper()
	resp := get(f, "/categories/"+scheme)
	doc := okDoc(resp)
	out := []string{}
	for _, c := range framework.List(doc, "/categories/category") {
		Expect(framework.Value(c, "/scheme")).To(Equal("http://" + canonicalHost(resp) + "/categories/" + scheme))
		Expect(framework.Value(c, "/term")).To(Equal(framework.Value(c, "/label")))
		out = append(out, str(framework.Value(c, "/label")))
	}
	return out
}

// The category resources, as they stood before "Upcoming Changes to the Open API Program"
// (2011) deprecated every one of them from 2011-10-14. No recorded list survives: the fixed
// lists are the labels the API's own answers use (reference netflix-api.md §3.1;
// mockserver catalog_categories.go), the others those the catalog's titles carry that day.
var _ = framework.Describe("category lists", allVersions, func(f *framework.Framework) {
	It("MUST list the title formats, queue availabilities, title states and the ratings the titles carry", Label("day:2010-06-01",
		"op:getCategoriesTitleFormats", "op:getCategoriesQueueAvailability", "op:getCategoriesTitleStates",
		"op:getCategoriesMpaaRatings", "op:getCategoriesTvRatings"), func() {
		Expect(categoryLabels(f, "title_formats")).To(Equal([]string{"instant", "DVD", "Blu-ray"}))
		Expect(categoryLabels(f, "queue_availability")).To(Equal([]string{"available now", "saved"}))
		Expect(categoryLabels(f, "title_states")).To(Equal([]string{"Play", "Add", "In Queue", "Save", "At Home"}))
		mpaa := categoryLabels(f, "mpaa_ratings")
		// Jaws is PG (flix4r), Sita Sings the Blues NR (fixtures), My Neighbor Totoro G.
		Expect(mpaa).To(ContainElements("G", "NR", "PG"))
		Expect(slices.IsSorted(mpaa)).To(BeTrue(), "sorted: %q", mpaa)
		// The Sopranos is TV-MA (python-netflix README), The Office TV-14 (2010 queue).
		Expect(categoryLabels(f, "tv_ratings")).To(ContainElements("TV-14", "TV-MA"))
	})
}, Label("area:catalog", "profile:catalog"))

// The dated changes of the category lists, asserted on both sides of their exact days. They
// do not differ by version; 1.0 carries them.
var _ = framework.Describe("category lists over time", []string{"1.0"}, func(f *framework.Framework) {
	It("MUST list the old genres the day before they were replaced", Label("day:2011-06-14", "event:genres-replaced"), func() {
		genres := categoryLabels(f, "genres")
		// Jaws's and the seed's genres of the time.
		Expect(genres).To(ContainElements("Classic Thrillers", "Indie Dramas", "TV Sketch Comedies"))
		Expect(genres).NotTo(ContainElement("Independent Movies"))
	})

	It("MUST list the new classification from the day of the change", Label("day:2011-06-15", "event:genres-replaced"), func() {
		genres := categoryLabels(f, "genres")
		Expect(genres).To(ContainElement("Independent Movies"))
		Expect(genres).NotTo(ContainElement("Classic Thrillers"))
		Expect(genres).NotTo(ContainElement("Indie Dramas"))
	})

	It("MUST still answer on 2011-10-13, the day before the deprecation", Label("day:2011-10-13", "event:streaming-only-program"), func() {
		Expect(categoryLabels(f, "genres")).NotTo(BeEmpty())
	})

	It("MUST answer 404 with the status body from 2011-10-14", Label("day:2011-10-14", "event:streaming-only-program"), func() {
		for _, output := range outputs {
			expectStatusBody(get(f, "/categories/genres", withOutput(output)...), http.StatusNotFound, msgNotFound)
		}
	})
}, Label("area:catalog", "op:getCategoriesGenres", "profile:catalog"))
