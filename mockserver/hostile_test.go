package mockserver_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/flixconf/flixconf/internal/oauth1"
	"github.com/flixconf/flixconf/spec"
)

// hostileTimeout bounds every hostile request: an answer that takes longer is a hang.
const hostileTimeout = 20 * time.Second

// hostileRequest is one request built to hurt the mock, and the answer it must get.
type hostileRequest struct {
	name   string
	method string
	target string // path and query, sent as written (a malformed escape reaches the wire)
	body   string
	ctype  string // Content-Type of the body
	header http.Header
	auth   authLevel
	// after changes the request once it is signed, so that what it breaks is not signed over.
	after func(*http.Request)

	status int
	// message is a part of the status body's message; empty when net/http refuses the
	// request before the mock sees it, with its own plain-text answer.
	message string
}

var (
	queuePost = "/users/" + janeID + "/queues/disc"
	jaws      = "http://api.netflix.com/catalog/titles/movies/60001220"
	bigPad    = strings.Repeat("a", 1<<20)
)

// hostileRequests are the bad inputs of the issue "Under load and under attack". The catalog
// lists that bring start_index and max_results into range instead of refusing them (listPage)
// are not here: search and the queues, which refuse them, are.
var hostileRequests = []hostileRequest{
	{name: "malformed escape in the path", method: "GET", target: "/catalog/titles/movies/%zz", auth: signed,
		status: 400},
	{name: "escaped NUL and slashes in the path", method: "GET", target: "/catalog/titles/movies/%00%2F..%2F..%2Fetc", auth: signed,
		status: 404, message: "Resource Not Found"},
	{name: "malformed escape in the query", method: "GET", target: "/catalog/titles?term=jaws",
		auth: signed, after: appendQuery("start_index=%zz"),
		status: 400, message: "Invalid Query"},
	{name: "malformed escape in an unsigned query", method: "GET", target: "/catalog/titles/autocomplete?oauth_consumer_key=" + demoKey.Key + "&term=%zz",
		status: 400, message: "Invalid Query"},
	{name: "invalid UTF-8 in a parameter", method: "GET", target: "/catalog/titles?term=%ff%fejaws", auth: signed,
		status: 400, message: "not UTF-8"},
	{name: "invalid UTF-8 in a parameter name", method: "GET", target: "/catalog/titles?term=jaws&%c3%28=1", auth: signed,
		status: 400, message: "not UTF-8"},
	{name: "1 MB query string", method: "GET", target: "/catalog/titles?term=jaws&pad=" + bigPad, auth: signed,
		status: 414, message: "Request-URI Too Long"},
	{name: "10 MB form body on a queue POST", method: "POST", target: queuePost, auth: protected,
		ctype: "application/x-www-form-urlencoded", body: "title_ref=" + url.QueryEscape(jaws) + "&pad=" + strings.Repeat(bigPad, 10),
		status: 413, message: "Request Entity Too Large"},
	{name: "negative start_index", method: "GET", target: "/catalog/titles?term=jaws&start_index=-1", auth: signed,
		status: 400, message: "Invalid start_index"},
	{name: "max_results past int64", method: "GET", target: "/catalog/titles?term=jaws&max_results=99999999999999999999", auth: signed,
		status: 400, message: "Invalid max_results"},
	{name: "huge max_results on a queue", method: "GET", target: queuePost + "?max_results=99999999999999999999", auth: protected,
		status: 400, message: "Invalid max_results"},
	{name: "unknown version", method: "GET", target: "/catalog/titles/movies/60001220?v=9.9", auth: signed,
		status: 400, message: `Invalid version "9.9"`},
	{name: "unknown expansion", method: "GET", target: "/catalog/titles/movies/60001220?expand=@nonsense,@cast", auth: signed,
		status: 400, message: `Invalid expand "@nonsense"`},
	{name: "malformed XML body on a queue POST", method: "POST", target: queuePost, auth: protected,
		ctype: "application/xml", body: "<queue><title_ref>" + jaws + "</title_ref",
		status: 400, message: "Invalid title_ref"},
	{name: "malformed form body on a queue POST", method: "POST", target: queuePost, auth: protected,
		body: "title_ref=%zz&position=%%", after: setHeader("Content-Type", "application/x-www-form-urlencoded"),
		status: 400, message: "Invalid Form Body"},
	{name: "form fields under a text/plain content type", method: "POST", target: queuePost, auth: protected,
		ctype: "text/plain", body: "title_ref=" + url.QueryEscape(jaws),
		status: 400, message: "Invalid title_ref"},
	{name: "unparseable content type", method: "POST", target: queuePost, auth: protected,
		ctype: "multipart/form-data; boundary=", body: "--\r\n\r\n",
		status: 400, message: "Invalid title_ref"},
	{name: "v twice", method: "GET", target: "/catalog/titles/movies/60001220?v=2.0&v=1.0", auth: signed,
		status: 400, message: "v: given 2 times"},
	{name: "output twice", method: "GET", target: "/catalog/titles/movies/60001220?output=json&output=xml", auth: signed,
		status: 400, message: "output: given 2 times"},
	{name: "oauth_signature twice", method: "GET", target: "/catalog/titles/movies/60001220", auth: signed,
		after: func(r *http.Request) {
			r.URL.RawQuery += "&oauth_signature=" + r.URL.Query().Get("oauth_signature")
		},
		status: 400, message: "Duplicate OAuth Parameter"},
	{name: "100 KB Authorization header", method: "GET", target: "/catalog/titles/movies/60001220",
		header: http.Header{"Authorization": {`OAuth oauth_consumer_key="` + strings.Repeat("k", 100<<10) + `"`}},
		status: 400, message: "Missing Required OAuth Parameter"},
	{name: "100 KB clock header", method: "GET", target: "/catalog/titles/movies/60001220", auth: signed,
		header: http.Header{spec.ClockHeader: {strings.Repeat("9", 100<<10)}},
		status: 400, message: "Invalid Flixconf-Clock header"},
	{name: "headers past the server's limit", method: "GET", target: "/catalog/titles/movies/60001220", auth: signed,
		header: http.Header{"X-Pad": {strings.Repeat("p", 2<<20)}},
		status: 431},
}

// appendQuery adds raw to a signed request's query, unsigned.
func appendQuery(raw string) func(*http.Request) {
	return func(r *http.Request) { r.URL.RawQuery = raw + "&" + r.URL.RawQuery }
}

// setHeader sets a header of a signed request.
func setHeader(name, value string) func(*http.Request) {
	return func(r *http.Request) { r.Header.Set(name, value) }
}

// Bad input never hurts: each hostile request gets a 4xx and, when it reaches the mock, the
// real error body; never a 5xx, a panic (the test server would drop the connection) or a hang.
// The requests go over a real connection so that the malformed ones reach the wire as written.
func TestHostileRequests(t *testing.T) {
	srv := httptest.NewServer(newMock(t))
	t.Cleanup(srv.Close)
	for _, hr := range hostileRequests {
		t.Run(hr.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), hostileTimeout)
			defer cancel()
			resp, err := srv.Client().Do(hr.build(t, ctx, srv.URL))
			if errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("no answer within %s", hostileTimeout)
			}
			if err != nil {
				t.Fatalf("no answer: %v", err)
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatalf("reading the answer: %v", err)
			}
			if resp.StatusCode != hr.status {
				t.Fatalf("status %d, want %d: %.300s", resp.StatusCode, hr.status, b)
			}
			if hr.message == "" {
				return
			}
			code, msg, err := statusBody(resp.Header.Get("Content-Type"), b)
			if err != nil {
				t.Fatalf("%v: %.300s", err, b)
			}
			if code != strconv.Itoa(hr.status) || !strings.Contains(msg, hr.message) {
				t.Errorf("status body (%s, %.200q), want (%d, a message with %q)", code, msg, hr.status, hr.message)
			}
		})
	}
}

// build makes the request of hr on base, signed at its auth level.
func (hr hostileRequest) build(t *testing.T, ctx context.Context, base string) *http.Request {
	t.Helper()
	u, err := url.Parse(base + hr.target)
	if err != nil {
		// A path that does not parse goes on the wire as written, as Opaque.
		if u, err = url.Parse(base); err != nil {
			t.Fatal(err)
		}
		u.Opaque, u.RawQuery, _ = strings.Cut(hr.target, "?")
	}
	req, err := http.NewRequestWithContext(ctx, hr.method, "", strings.NewReader(hr.body))
	if err != nil {
		t.Fatal(err)
	}
	req.URL, req.Host = u, u.Host
	if hr.ctype != "" {
		req.Header.Set("Content-Type", hr.ctype)
	}
	for k, v := range hr.header {
		req.Header[k] = v
	}
	if hr.auth != anonymous {
		s := &oauth1.Signer{Consumer: demoKey}
		if hr.auth == protected {
			s.Token = &jane
		}
		if err := s.Sign(req); err != nil {
			t.Fatal(err)
		}
	}
	if hr.after != nil {
		hr.after(req)
	}
	return req
}

// statusBody reads the status_code and message of the API's error body, XML or JSON.
func statusBody(contentType string, b []byte) (code, message string, err error) {
	var st struct {
		XMLName xml.Name `xml:"status" json:"-"`
		Code    string   `xml:"status_code" json:"status_code"`
		Message string   `xml:"message" json:"message"`
	}
	if strings.HasPrefix(contentType, "application/json") {
		var doc struct {
			Status *struct {
				Code    string `json:"status_code"`
				Message string `json:"message"`
			} `json:"status"`
		}
		if err := json.Unmarshal(b, &doc); err != nil || doc.Status == nil {
			return "", "", errors.New("the answer is not the JSON status body")
		}
		return doc.Status.Code, doc.Status.Message, nil
	}
	if err := xml.Unmarshal(b, &st); err != nil {
		return "", "", errors.New("the answer is not the XML status body")
	}
	return st.Code, st.Message, nil
}
