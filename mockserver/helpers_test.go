package mockserver_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/flixconf/flixconf/internal/oauth1"
)

// The demo key and users of the fixtures (fixtures/users/*.yaml).
var (
	demoKey   = oauth1.Credentials{Key: "flixconf-app-key", Secret: "flixconf-app-secret"}
	jane      = oauth1.Credentials{Key: "jane-access-token", Secret: "jane-access-secret"}
	janeID    = "T1flixconfDemoUserAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-"
	nuidOne   = oauth1.Credentials{Key: "nuid-one-access-token", Secret: "nuid-one-access-secret"}
	nuidOneID = "nuid_one"
)

type authLevel int

const (
	anonymous authLevel = iota
	signed
	protected
)

// request is one request a test makes to the mock, answered in-process.
type request struct {
	method, target, host string
	header               http.Header
	form                 url.Values // sent as an application/x-www-form-urlencoded body
	auth                 authLevel
	token                *oauth1.Credentials // for protected; jane when nil
}

func do(t *testing.T, h http.Handler, r request) *http.Response {
	t.Helper()
	var body *strings.Reader
	if r.form != nil {
		body = strings.NewReader(r.form.Encode())
	} else {
		body = strings.NewReader("")
	}
	req := httptest.NewRequest(r.method, r.target, body)
	if r.form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if r.host != "" {
		req.Host = r.host
	}
	for k, v := range r.header {
		req.Header[k] = v
	}
	if r.auth != anonymous {
		s := &oauth1.Signer{Consumer: demoKey}
		if r.auth == protected {
			s.Token = r.token
			if s.Token == nil {
				s.Token = &jane
			}
		}
		if err := s.Sign(req); err != nil {
			t.Fatal(err)
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func httptestRequest(method, target string) *http.Request {
	return httptest.NewRequest(method, target, nil)
}

func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}

func itoa(n int) string { return strconv.Itoa(n) }
