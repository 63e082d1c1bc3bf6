// Package lifecycle holds the specs generated from the scenario files (spec/scenarios): one
// spec a dated probe, labelled with its event, day and side, asserting what the scenario
// says - never what the timeline code computes, so a timeline that the mock and the suite
// both misread would still be caught.
package lifecycle

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/spec/scenarios"
	"github.com/flixconf/flixconf/suites/framework"
)

// The scenario files are embedded; a file that does not load stops the suite from building its
// tree, with the reason.
var files = func() []scenarios.File {
	fs, err := scenarios.Load()
	if err != nil {
		panic(fmt.Sprintf("flixconf: the scenario files do not load: %v", err))
	}
	return fs
}()

var credentials = map[string]framework.Auth{
	"none":     framework.Anonymous,
	"consumer": framework.Consumer,
	"signed":   framework.Signed,
	"user":     framework.Protected,
	"partner":  framework.Partner,
}

var _ = func() bool {
	for _, f := range files {
		for _, p := range f.Probes {
			labels := Label("area:lifecycle", "event:"+f.Event, "day:"+p.Day.String(), "side:"+p.Side, "profile:"+profile(p.Request))
			if p.Fixtures {
				labels = append(labels, "needs:fixtures")
			}
			text := fmt.Sprintf("event %s on %s (%s)", f.Event, p.Day, p.Side)
			must := fmt.Sprintf("%s: %s %s MUST answer %d; %s", p.ID, p.Request.Method, p.Request.Path, p.Expect.Status, p.Source.Claim)
			framework.Describe(text, []string{p.Request.Version}, func(fw *framework.Framework) {
				It(must, func() { probe(fw, p) })
			}, labels)
		}
	}
	return true
}()

// profile is the optional part of the API a probe's request needs.
func profile(r scenarios.Request) string {
	switch {
	case r.Version == spec.ODataName:
		return framework.ProfileOData
	case strings.HasPrefix(r.Path, "/_flixconf/"):
		return framework.ProfileControl
	case strings.HasPrefix(r.Path, "/oauth/"):
		return framework.ProfileOAuthFlow
	case slices.ContainsFunc([]string{"index", "full", "streaming", "dvd"}, func(f string) bool { return r.Path == "/catalog/titles/"+f }):
		return framework.ProfileIndexFiles
	case strings.HasPrefix(r.Path, "/users/"):
		return framework.ProfileUsers
	}
	return framework.ProfileCatalog
}

// probe makes the probe's request and checks the answer against the scenario.
func probe(f *framework.Framework, p scenarios.Probe) {
	q := url.Values{}
	for k, v := range p.Request.Params {
		q.Set(k, v)
	}
	resp := f.Client.Do(framework.Request{
		Method: p.Request.Method,
		Path:   strings.ReplaceAll(p.Request.Path, "{user}", f.Client.UserID()),
		Query:  q,
		Host:   p.Request.Host,
		Auth:   credentials[p.Request.Credential],
	})
	Expect(resp).To(framework.HaveStatus(p.Expect.Status))
	// Control endpoints (the developer portal's stand-ins) are not in the descriptions.
	if p.Expect.Status >= 200 && p.Expect.Status < 300 && !strings.HasPrefix(p.Request.Path, "/_flixconf/") {
		Expect(resp).To(framework.Conform())
	}
	if len(p.Expect.Facts) == 0 {
		return
	}
	doc, err := resp.Doc()
	Expect(err).NotTo(HaveOccurred(), "the body of %s %s", p.Request.Method, p.Request.Path)
	for _, fact := range p.Expect.Facts {
		check(doc, fact)
	}
}

// check asserts one fact of a scenario about a body.
func check(doc map[string]any, fact scenarios.Fact) {
	v, found := framework.Lookup(doc, fact.Pointer)
	switch fact.Is {
	case "present":
		Expect(found).To(BeTrue(), "%s should be present", fact.Pointer)
	case "absent":
		Expect(found).To(BeFalse(), "%s should be absent, found %v", fact.Pointer, v)
	case "equals":
		Expect(fmt.Sprint(v)).To(Equal(fact.Value), "%s", fact.Pointer)
	case "count":
		Expect(framework.List(doc, fact.Pointer)).To(HaveLen(*fact.Count), "%s", fact.Pointer)
	case "count-where":
		n := 0
		for _, item := range framework.List(doc, fact.Pointer) {
			if m, ok := item.(map[string]any); ok && matches(m, fact.Where) {
				n++
			}
		}
		Expect(n).To(Equal(*fact.Count), "%s where %v", fact.Pointer, fact.Where)
	default:
		framework.Broke("unknown fact %q", fact.Is)
	}
}

func matches(m map[string]any, where map[string]string) bool {
	for k, want := range where {
		if fmt.Sprint(m[k]) != want {
			return false
		}
	}
	return true
}
