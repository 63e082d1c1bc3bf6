package framework

import (
	"fmt"
	"strings"

	"github.com/onsi/gomega"
	"github.com/onsi/gomega/types"
)

// Conform succeeds when a *Response conforms to the description of its API version: its
// status is described for the operation and its body matches the schema of that status and
// content type. The failure message lists every violation, one a line, and never the whole
// body.
func Conform() types.GomegaMatcher { return &conformMatcher{} }

type conformMatcher struct{ violations []string }

func (m *conformMatcher) Match(actual any) (bool, error) {
	r, ok := actual.(*Response)
	if !ok {
		return false, fmt.Errorf("Conform expects a *framework.Response, got %T", actual)
	}
	val, err := validatorFor(r.Version)
	if err != nil {
		return false, err
	}
	m.violations = nil
	for _, v := range val.Response(r.Request, r.Status, r.Header, r.Body) {
		m.violations = append(m.violations, v.String())
	}
	if len(m.violations) > 0 {
		return false, nil
	}
	if r.Status >= 200 && r.Status < 300 {
		// A validated 2xx covers its operation in its representation.
		if op, err := val.Operation(r.Request); err == nil {
			recordCoverage(r.Version, op, r.Header.Get("Content-Type"))
		}
	}
	return true, nil
}

func (m *conformMatcher) FailureMessage(actual any) string {
	r := actual.(*Response)
	return fmt.Sprintf("the answer to %s %s (%d, %s) does not conform to API %s:\n  %s",
		r.Request.Method, requestURI(r), r.Status, r.Header.Get("Content-Type"), r.Version,
		strings.Join(m.violations, "\n  "))
}

func (m *conformMatcher) NegatedFailureMessage(actual any) string {
	r := actual.(*Response)
	return fmt.Sprintf("the answer to %s %s conforms to API %s, and it should not", r.Request.Method, requestURI(r), r.Version)
}

// HaveStatus succeeds when a *Response has the given HTTP status. Its failure message shows
// the start of the body, which usually says why.
func HaveStatus(status int) types.GomegaMatcher { return statusMatcher(status) }

type statusMatcher int

func (m statusMatcher) Match(actual any) (bool, error) {
	r, ok := actual.(*Response)
	if !ok {
		return false, fmt.Errorf("HaveStatus expects a *framework.Response, got %T", actual)
	}
	return r.Status == int(m), nil
}

func (m statusMatcher) FailureMessage(actual any) string {
	r := actual.(*Response)
	return fmt.Sprintf("%s %s answered %d, want %d; the body begins:\n%s",
		r.Request.Method, requestURI(r), r.Status, int(m), excerpt(r.Body, 400))
}

func (m statusMatcher) NegatedFailureMessage(actual any) string {
	r := actual.(*Response)
	return fmt.Sprintf("%s %s answered %d, and it should not", r.Request.Method, requestURI(r), r.Status)
}

func excerpt(b []byte, n int) string {
	if len(b) <= n {
		return string(b)
	}
	return string(b[:n]) + "..."
}

// requestURI is the request's path and query with credentials redacted, for messages.
func requestURI(r *Response) string {
	u := *r.Request.URL
	u.RawQuery = redactQuery(u.RawQuery)
	return u.RequestURI()
}

// Answered asserts an answer's status and its conformance, and returns its document (Doc).
func Answered(resp *Response, status int) map[string]any {
	gomega.ExpectWithOffset(1, resp).To(HaveStatus(status))
	gomega.ExpectWithOffset(1, resp).To(Conform())
	doc, err := resp.Doc()
	gomega.ExpectWithOffset(1, err).NotTo(gomega.HaveOccurred())
	return doc
}
