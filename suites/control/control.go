// Package control holds the specs of the kit's own control endpoints under /_flixconf/ (fresh
// users, credentials, the clock, key registration, the request journal) and of the
// Flixconf-Clock request header. None of these is part of the historical API, so their
// answers are JSON the descriptions do not cover and are never checked with Conform; the API
// answers the specs make along the way are. They do not depend on the API version, so they
// run in version 1.0.
package control

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	. "github.com/onsi/gomega"

	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/suites/framework"
)

// versions are the versions the control specs run in.
var versions = []string{"1.0"}

// jawsPath is a catalog title every target has (flix4r test/fixtures/movies.xml).
const jawsPath = "/catalog/titles/movies/60001220"

// dayPattern is a day as the control endpoints and the Flixconf-Clock header write it.
var dayPattern = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)

// control makes a request to a control endpoint: unsigned, without the API's v parameter.
func control(f *framework.Framework, method, path string, form url.Values, header http.Header) *framework.Response {
	return f.Client.Do(framework.Request{Method: method, Path: "/_flixconf/" + path, Form: form, Header: header,
		Auth: framework.Anonymous, NoVersion: true})
}

// jsonOf checks a control answer's status and JSON content type and returns its document.
func jsonOf(resp *framework.Response, status int) map[string]any {
	ExpectWithOffset(1, resp).To(framework.HaveStatus(status))
	ExpectWithOffset(1, resp.Header.Get("Content-Type")).To(HavePrefix("application/json"))
	doc, err := resp.Doc()
	ExpectWithOffset(1, err).NotTo(HaveOccurred())
	return doc
}

// text is the value at a pointer as a string ("" when absent).
func text(doc any, pointer string) string {
	v, ok := framework.Lookup(doc, pointer)
	if !ok || v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

// onDay is a header that sends a request to a day.
func onDay(day string) http.Header { return http.Header{spec.ClockHeader: {day}} }

// clock reads the target's day from GET /_flixconf/clock.
func clock(f *framework.Framework) string {
	day := text(jsonOf(control(f, http.MethodGet, "clock", nil, nil), http.StatusOK), "/day")
	ExpectWithOffset(1, day).To(MatchRegexp(dayPattern.String()))
	return day
}

// jaws asks for Jaws, signed, with the given extra headers, and returns the answer after
// checking it answered 200 with a conforming body.
func jaws(f *framework.Framework, header http.Header) (*framework.Response, map[string]any) {
	resp := f.Client.Do(framework.Request{Method: http.MethodGet, Path: jawsPath, Header: header, Auth: framework.Signed})
	return resp, framework.Answered(resp, http.StatusOK)
}

// hostOf is the host of a URL an answer gives.
func hostOf(u string) string {
	p, err := url.Parse(u)
	ExpectWithOffset(1, err).NotTo(HaveOccurred())
	return strings.ToLower(p.Host)
}
