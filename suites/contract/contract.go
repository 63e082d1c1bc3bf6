// Package contract holds the contract specs: every operation of every description (the REST
// API versions and the OData catalog), asked with a valid request in each representation its
// description lists, must answer a 2xx in that representation that conforms. The specs are
// generated from the descriptions (spec.Operations) when the suite's tree is built; the
// requests come from a table of recipes (recipes.go) and the days from the timeline
// (windows.go), so a new operation, representation or dated change shows up here by itself.
package contract

import (
	"fmt"
	"mime"
	"net/http"
	"strings"
	"sync"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/spec/timeline"
	"github.com/flixconf/flixconf/suites/framework"
)

// The specs are declared when Ginkgo builds the suite's tree, not when the binary starts: the
// descriptions and the timeline are embedded, and one that does not load stops the tree from
// being built, with the reason.
var _ = framework.DescribeLater(spec.Names(), func(v string, add framework.AddFunc) {
	lt, err := loadLifetimes()
	if err != nil {
		panic(fmt.Sprintf("flixconf contract: %v", err))
	}
	ops, err := spec.Operations(v)
	if err != nil {
		panic(fmt.Sprintf("flixconf contract: the description %s does not load: %v", v, err))
	}
	for _, op := range ops {
		describe(v, op, lt, add)
	}
})

// loadLifetimes reads the operations' lifetimes from the timeline, once.
var loadLifetimes = sync.OnceValues(func() (*lifetimes, error) {
	tl, err := timeline.Load()
	if err != nil {
		return nil, fmt.Errorf("the timeline does not load: %v", err)
	}
	return newLifetimes(tl)
})

// describe declares the specs of one operation of version v: one for each representation.
func describe(v string, op spec.Operation, lt *lifetimes, add framework.AddFunc) {
	r, ok := recipeFor(op)
	if !ok {
		// contract_test.go holds the table to every operation; a run never gets here.
		panic(fmt.Sprintf("flixconf contract: no recipe for %s of %s", op.ID, v))
	}
	labels := []string{"area:contract", "op:" + op.ID, "profile:" + profileOf(v, op.Path)}
	if r.Setup.fresh {
		labels = append(labels, "profile:"+framework.ProfileControl)
	}
	from, until, live := lt.window(v, op.ID)
	if live {
		labels = append(labels, framework.WindowLabel(from, until), "day:"+lt.defaultDay(from, until).String())
	}
	add("contract "+op.Method+" "+op.Path, func(f *framework.Framework) {
		for _, media := range op.Representations {
			It("MUST answer a 2xx in "+media+" that conforms to the description", func() {
				if !live {
					// The timeline gives the operation no day at all: a description and
					// timeline that disagree, not something a target can fix.
					Fail(fmt.Sprintf("%s of %s answers on no day of the timeline", op.ID, v))
				}
				check(f, op, media, r)
			})
		}
	}, Label(labels...))
}

// profileOf is the optional part of the API an operation belongs to.
func profileOf(v, path string) string {
	switch {
	case v == spec.ODataName:
		return framework.ProfileOData
	case isIndexFile(path):
		return framework.ProfileIndexFiles
	case strings.HasPrefix(path, "/catalog/") || strings.HasPrefix(path, "/categories/"):
		return framework.ProfileCatalog
	case strings.HasPrefix(path, "/users/"):
		return framework.ProfileUsers
	case strings.HasPrefix(path, "/oauth/"):
		return framework.ProfileOAuthFlow
	}
	panic(fmt.Sprintf("flixconf contract: no profile for the path %s of %s", path, v))
}

// isIndexFile reports whether a path is one of the catalog index files.
func isIndexFile(path string) bool {
	switch path {
	case "/catalog/titles/index", "/catalog/titles/full", "/catalog/titles/streaming", "/catalog/titles/dvd":
		return true
	}
	return false
}

// check makes the recipe's request for op in media, after its setup, and holds the answer to
// the contract: the recipe's 2xx, a body that conforms, the media type asked for and the fact
// the recipe names.
func check(f *framework.Framework, op spec.Operation, media string, r recipe) {
	ex := newExchange(f, op, media, r)
	resp := ex.do()
	Expect(resp).To(framework.HaveStatus(r.status()))
	Expect(resp).To(framework.Conform())
	Expect(mediaType(resp)).To(Equal(media), "the media type of the answer")
	if want := ex.expand(r.Mentions); want != "" {
		Expect(string(resp.Body)).To(ContainSubstring(want), "the answer must carry what the request asked for")
	}
}

// mediaType is the media type of an answer, without its parameters.
func mediaType(resp *framework.Response) string {
	m, _, err := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if err != nil {
		return resp.Header.Get("Content-Type")
	}
	return m
}

// status is the 2xx the recipe's request must answer.
func (r recipe) status() int {
	if r.Status != 0 {
		return r.Status
	}
	return http.StatusOK
}
