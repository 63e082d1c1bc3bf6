package mockserver

import (
	"log"
	"net/http"
	"sync"
	"time"

	"github.com/flixconf/flixconf/spec/validate"
)

// FindingHeader names, in a strict mock's answer, the finding that refused the request.
const FindingHeader = "Flixconf-Finding"

// maxFindings bounds the findings kept for GET /_flixconf/findings.
const maxFindings = 1000

// Finding is a way a client's request departs from the API: an unknown parameter, a malformed
// value, a bad or missing signature. A strict mock answers such a request with the API's error
// body (400, the finding as its message), so an app developer sees at once what the real
// service would have done.
type Finding struct {
	Time    time.Time `json:"time"`
	Method  string    `json:"method"`
	Host    string    `json:"host"`
	Path    string    `json:"path"`
	Version string    `json:"version"`
	// Rule is what was broken: "description" (the request against the description of its
	// version) or "oauth" (the signature).
	Rule    string `json:"rule"`
	Message string `json:"message"`
	// Source is where the rule comes from.
	Source string `json:"source"`
}

// strictMode checks every request and keeps what it found.
type strictMode struct {
	validators map[string]*validate.Validator
	log        *log.Logger

	mu       sync.Mutex
	findings []Finding
}

// WithStrict checks every request against the description of its version and the OAuth rules;
// each departure is answered 400, listed at GET /_flixconf/findings and written to logger
// (nil: not logged).
func WithStrict(logger *log.Logger) Option {
	return func(s *Server) error {
		st := &strictMode{validators: map[string]*validate.Validator{}, log: logger}
		s.strict = st
		return nil
	}
}

// load reads the descriptions the strict mode checks against.
func (st *strictMode) load(versions []string) error {
	for _, v := range versions {
		val, err := validate.New(v)
		if err != nil {
			return err
		}
		st.validators[v] = val
	}
	return nil
}

func (st *strictMode) add(f Finding) {
	if st.log != nil {
		st.log.Printf("finding: %s %s%s (API %s): %s [%s; %s]", f.Method, f.Host, f.Path, f.Version, f.Message, f.Rule, f.Source)
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if len(st.findings) == maxFindings {
		st.findings = st.findings[1:]
	}
	st.findings = append(st.findings, f)
}

func (st *strictMode) list() []Finding {
	st.mu.Lock()
	defer st.mu.Unlock()
	return append([]Finding{}, st.findings...)
}

// refuse records a finding about the call's request and answers it with the API's error body.
func (c *call) refuse(rule, message, source string) {
	c.s.strict.add(Finding{Time: c.s.wall().UTC(), Method: c.r.Method, Host: requestHost(c.r), Path: c.r.URL.Path,
		Version: c.v, Rule: rule, Message: message, Source: source})
	c.w.Header().Set(FindingHeader, message)
	c.fail(http.StatusBadRequest, message)
}

// checkRequest applies the strict mode's checks of the description; false when the request
// was refused.
func (c *call) checkRequest() bool {
	if c.s.strict == nil {
		return true
	}
	r := c.r
	if c.in != nil && r.Method != c.in.method {
		// The description knows the method= parameter; validate the request as sent.
		r = r.Clone(r.Context())
		r.Method = c.in.method
	}
	violations := c.s.strict.validators[c.v].Request(r)
	if len(violations) == 0 {
		return true
	}
	v := violations[0]
	c.refuse("description", v.Pointer+": "+v.Reason, "the description of API "+c.v+" (spec/openapi/"+c.v+".yaml)")
	return false
}
