package catalog

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/types"

	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/suites/framework"
)

// The versions, alone and together: a spec of a behaviour that does not differ by version is
// declared for all of them, so that a run of any one version still checks it.
var (
	allVersions = []string{"1.0", "1.5", "2.0"}
	oneX        = []string{"1.0", "1.5"}
	twoOnly     = []string{"2.0"}
)

// The API's hosts (reference netflix-api.md §1b).
const (
	hostOld    = "api.netflix.com"
	hostPublic = "api-public.netflix.com"
)

// oldHostRetired is the day api.netflix.com stopped answering and api-public.netflix.com became
// the canonical host ("Upcoming Changes to the Netflix API Program", June 2012: the old
// endpoints retire on September 15, 2012; spec/timeline.yaml api-public-domain).
var oldHostRetired = spec.MustDay("2012-09-15")

// afterJawsStreamed labels a spec that holds once Jaws stopped streaming on 2013-03-01 and
// its DVD reads available_until 1/1/2100 (fixtures/catalog/titles.yaml; the 2012 post's
// "2100 unless leaving" holds from 2012-06-15), until the API's last day: it runs on that day
// unless a fixed clock or --dates moves it inside the window.
var afterJawsStreamed = Label("day:2014-11-13", framework.WindowLabel(spec.MustDay("2013-03-01"), spec.MustDay("2014-11-13")))

// The representations every answer comes in: XML by default, JSON with output=json.
var outputs = []string{"xml", "json"}

// msgNotFound is the message of a 404 for an unknown title, person or path (xbmcflicks reads
// "Resource Not Found" for an unknown title, reference netflix-api-more.md §2.3; mockserver
// catalog.go msgNotFound).
const msgNotFound = "Resource Not Found"

// query builds query parameters from name, value pairs.
func query(pairs ...string) url.Values {
	Expect(len(pairs)%2).To(BeZero(), "query takes name, value pairs")
	q := url.Values{}
	for i := 0; i < len(pairs); i += 2 {
		q.Add(pairs[i], pairs[i+1])
	}
	return q
}

// get asks for a catalog path, signed as the catalog's resources are, with the query written as
// name, value pairs.
func get(f *framework.Framework, path string, pairs ...string) *framework.Response {
	return f.Client.Do(framework.Request{Method: http.MethodGet, Path: path, Query: query(pairs...)})
}

// withOutput adds output=json to name, value pairs when the representation asked is JSON.
func withOutput(output string, pairs ...string) []string {
	if output == "json" {
		return append(slices.Clone(pairs), "output", "json")
	}
	return pairs
}

// okDoc checks that an answer is a 200 that conforms to the description, and returns its
// document (the JSON mirror of the XML, whichever the target sent).
func okDoc(resp *framework.Response) map[string]any {
	GinkgoHelper()
	Expect(resp).To(framework.HaveStatus(http.StatusOK))
	Expect(resp).To(framework.Conform())
	return docOf(resp)
}

// docOf reads the document of an answer.
func docOf(resp *framework.Response) map[string]any {
	GinkgoHelper()
	doc, err := resp.Doc()
	Expect(err).NotTo(HaveOccurred(), "the body of %s %s", resp.Request.Method, resp.Request.URL.Path)
	return doc
}

// expectStatusBody checks an error answer: its status, that it conforms, and the API's status
// body, <status> with status_code and message (reference netflix-api.md §3.2), whose message
// matches message (a string is an exact match).
func expectStatusBody(resp *framework.Response, status int, message any) {
	GinkgoHelper()
	Expect(resp).To(framework.HaveStatus(status))
	Expect(resp).To(framework.Conform())
	expectStatusFields(resp, status, message)
}

// expectStatusFields checks the status body alone, for an answer no operation describes (an
// unknown path), which therefore cannot be held to a description.
func expectStatusFields(resp *framework.Response, status int, message any) {
	GinkgoHelper()
	doc := docOf(resp)
	Expect(str(framework.Value(doc, "/status/status_code"))).To(Equal(strconv.Itoa(status)), "status/status_code")
	Expect(str(framework.Value(doc, "/status/message"))).To(matcherOf(message), "status/message")
}

// matcherOf turns a string into Equal and leaves a matcher as it is.
func matcherOf(m any) types.GomegaMatcher {
	if s, ok := m.(string); ok {
		return Equal(s)
	}
	return m.(types.GomegaMatcher)
}

// str writes a scalar of a document as text: XML and the real API's JSON both carry numbers
// as strings (reference netflix-api.md §3.4).
func str(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

// num reads a count of a document.
func num(v any) int {
	GinkgoHelper()
	n, err := strconv.Atoi(str(v))
	Expect(err).NotTo(HaveOccurred(), "want a whole number, got %v", v)
	return n
}

// pathOf strips the scheme and host of an API URL: http://api.netflix.com/catalog/titles/movies/60001220
// gives /catalog/titles/movies/60001220.
func pathOf(id string) string {
	u, err := url.Parse(id)
	if err != nil || u.Host == "" {
		return id
	}
	return u.Path
}

// hostOfURL returns the host an API URL names.
func hostOfURL(id string) string {
	u, err := url.Parse(id)
	if err != nil {
		return ""
	}
	return u.Host
}

// ids lists the ids of the items at pointer, without their host, in order.
func ids(doc any, pointer string) []string {
	out := []string{}
	for _, item := range framework.List(doc, pointer) {
		out = append(out, pathOf(str(framework.Value(item, "/id"))))
	}
	return out
}

// regularTitles lists the regular names of the items at pointer, in order.
func regularTitles(doc any, pointer string) []string {
	out := []string{}
	for _, item := range framework.List(doc, pointer) {
		out = append(out, str(framework.Value(item, "/title/regular")))
	}
	return out
}

// listPage is a page of a list document: its url_template, counts and the ids of its items.
type listPage struct {
	template              string
	total, start, perPage int
	ids                   []string
}

// readPage reads the page of the list document whose root element is root and whose items are
// called item (catalog_title, person, similars_item).
func readPage(doc map[string]any, root, item string) listPage {
	GinkgoHelper()
	p := "/" + root
	return listPage{
		template: str(framework.Value(doc, p+"/url_template")),
		total:    num(framework.Value(doc, p+"/number_of_results")),
		start:    num(framework.Value(doc, p+"/start_index")),
		perPage:  num(framework.Value(doc, p+"/results_per_page")),
		ids:      ids(doc, p+"/"+item),
	}
}

// expectPage checks that a page agrees with itself and with the list it is part of: it counts
// total results, starts where it was asked to, and holds as many items as results_per_page
// says. results_per_page is the number of items on the page, not the max_results asked: a
// recorded 2012 disc queue of three titles says 3 (netflix-ruby queue responses), and the
// recorded search (flix4r titles.xml) 1 for its one title of 291.
func expectPage(p listPage, total, start, size int) {
	GinkgoHelper()
	Expect(p.total).To(Equal(total), "number_of_results")
	Expect(p.start).To(Equal(start), "start_index")
	Expect(p.ids).To(HaveLen(size), "the items of the page from %d", start)
	Expect(p.perPage).To(Equal(size), "results_per_page")
}

// links returns the link elements of an item (a title, a person), in order.
func links(item any) []map[string]any {
	var out []map[string]any
	for _, l := range framework.List(item, "/link") {
		if m, ok := l.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// linkTitles lists the title attributes of an item's links, in order.
func linkTitles(item any) []string {
	out := []string{}
	for _, l := range links(item) {
		out = append(out, str(l["title"]))
	}
	return out
}

// linkTitled returns the item's link with the given title, failing the spec when there is none.
func linkTitled(item any, title string) map[string]any {
	GinkgoHelper()
	for _, l := range links(item) {
		if str(l["title"]) == title {
			return l
		}
	}
	Fail(fmt.Sprintf("%s has no link titled %q; its links are %q", str(framework.Value(item, "/id")), title, linkTitles(item)))
	return nil
}

// labelsOf lists the labels of an item's categories of the scheme whose URL ends in
// /categories/<scheme>, in order.
func labelsOf(item any, scheme string) []string {
	out := []string{}
	for _, c := range framework.List(item, "/category") {
		if m, ok := c.(map[string]any); ok && strings.HasSuffix(str(m["scheme"]), "/categories/"+scheme) {
			out = append(out, str(m["label"]))
		}
	}
	return out
}

// answerDay is the day an answer says it was made on (its Flixconf-Clock header), or the
// bundled mock's default day, the API's last, when the target does not say.
func answerDay(resp *framework.Response) spec.Day {
	if d, err := spec.ParseDay(resp.Header.Get(spec.ClockHeader)); err == nil {
		return d
	}
	return spec.MustDay("2014-11-13")
}

// canonicalHost is the host that ids and links name in the answer to a request addressed to
// neither API host (the target's own address): api.netflix.com until 2012-09-14,
// api-public.netflix.com from 2012-09-15 (spec/timeline.yaml api-public-domain, marked an
// interpretation there).
func canonicalHost(resp *framework.Response) string {
	if answerDay(resp).Before(oldHostRetired) {
		return hostOld
	}
	return hostPublic
}

// apiURLs collects every string of a document that is a URL on one of the API's hosts
// (http://api.netflix.com/..., http://api-public.netflix.com/...): ids, hrefs, schemes and
// url_templates alike.
func apiURLs(doc any) []string {
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for _, k := range sortedKeys(v) {
				walk(v[k])
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		case string:
			if strings.HasPrefix(v, "http://"+hostOld+"/") || strings.HasPrefix(v, "http://"+hostPublic+"/") {
				out = append(out, v)
			}
		}
	}
	walk(doc)
	return out
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// expectAllOnHost checks that every API URL of a document names host, and that there are
// some.
func expectAllOnHost(doc any, host string) {
	GinkgoHelper()
	urls := apiURLs(doc)
	Expect(urls).NotTo(BeEmpty(), "the answer names no API URL")
	for _, u := range urls {
		Expect(hostOfURL(u)).To(Equal(host), "the URL %s", u)
	}
}
