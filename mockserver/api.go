package mockserver

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/flixconf/flixconf/internal/oauth1"
	"github.com/flixconf/flixconf/spec"
)

// handlers answer the REST operations the mock implements, by operation id, one table per
// area. The routes come from the descriptions, so an operation answers on the path its
// description gives it and only in the versions that describe it.
var handlers = []map[string]func(*call){catalogHandlers, userHandlers, queueHandlers, oauthHandlers,
	ratingHandlers, historyHandlers, titleStatesHandlers, feedHandlers}

// handler returns the handler of an operation, or nil.
func handler(opID string) func(*call) {
	for _, m := range handlers {
		if h := m[opID]; h != nil {
			return h
		}
	}
	return nil
}

// routeREST registers, for every operation with a handler, the route its description gives it.
func (s *Server) routeREST() error {
	s.rest = http.NewServeMux()
	s.restOps = map[string]map[string]bool{}
	routed := map[string]bool{}
	for _, v := range spec.Versions() {
		ops, err := spec.Operations(v)
		if err != nil {
			return err
		}
		s.restOps[v] = map[string]bool{}
		for _, op := range ops {
			s.restOps[v][op.ID] = true
			h := handler(op.ID)
			pattern := op.Method + " " + op.Path
			if h == nil || routed[pattern] || op.Path == "/oauth/login" {
				continue
			}
			routed[pattern] = true
			s.rest.Handle(pattern, s.operation(op, h))
		}
	}
	return nil
}

// inbound is the request as it arrived: the method a client signed, before any method=
// override, and its body, read once.
type inbound struct {
	method string
	body   []byte
}

type inboundKey struct{}

// serveREST answers a request to the REST API: it applies the method= override that clients
// of the time sent on a GET or POST, then routes by the description.
func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	if len(r.URL.RawQuery) > maxQuery {
		s.newCall(w, r, nil).fail(http.StatusRequestURITooLong, fmt.Sprintf("Request-URI Too Long: the query has %d bytes, at most %d", len(r.URL.RawQuery), maxQuery))
		return
	}
	body, err := io.ReadAll(r.Body) // bounded by ServeHTTP's MaxBytesReader
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		s.newCall(w, r, nil).fail(http.StatusRequestEntityTooLarge, fmt.Sprintf("Request Entity Too Large: the body has more than %d bytes", maxBody))
		return
	}
	if err != nil {
		s.newCall(w, r, nil).fail(http.StatusBadRequest, "Request Body Unreadable: "+err.Error())
		return
	}
	in := &inbound{method: r.Method, body: body}
	r = r.WithContext(context.WithValue(r.Context(), inboundKey{}, in))
	if m := r.URL.Query().Get("method"); m != "" && (r.Method == http.MethodGet || r.Method == http.MethodPost) {
		m = strings.ToUpper(m)
		if !slices.Contains([]string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete}, m) {
			s.newCall(w, r, in).fail(http.StatusBadRequest, fmt.Sprintf("Invalid method %q: want GET, POST, PUT or DELETE", m))
			return
		}
		r.Method = m
	}
	if _, pattern := s.rest.Handler(r); pattern == "" {
		s.newCall(w, r, in).fail(http.StatusNotFound, "Resource Not Found")
		return
	}
	s.rest.ServeHTTP(w, r)
}

// call is one API request being answered.
type call struct {
	s    *Server
	w    http.ResponseWriter
	r    *http.Request
	in   *inbound
	form url.Values // query and form-body parameters
	day  spec.Day
	host string // the API host that ids and links name
	json bool
	feed string // "atom" or "rss" for the feed form of a list
	v    string
	auth *oauth1.Request
	user *userState // the user whose token signed a protected request
	// What the timeline said of elements on this call's version and day (elementGone, pin).
	removed map[string]bool
	pins    map[string]pinAnswer
}

func (s *Server) newCall(w http.ResponseWriter, r *http.Request, in *inbound) *call {
	c := &call{s: s, w: w, r: r, in: in, day: s.today(), v: "1.0"}
	c.form = r.URL.Query()
	if in != nil && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		if body, err := url.ParseQuery(string(in.body)); err == nil {
			for k, vs := range body {
				c.form[k] = append(c.form[k], vs...)
			}
		}
	}
	c.json = c.form.Get("output") == "json"
	c.host = s.linkHost(r, c.day)
	return c
}

// linkHost is the host that ids and links of an answer name (see apiHost), or the address the
// client used when the mock was told to link to itself.
func (s *Server) linkHost(r *http.Request, day spec.Day) string {
	if s.selfLink && !isNetflixHost(requestHost(r)) {
		return r.Host
	}
	return apiHost(r.Host, s.timeline.CanonicalHost(s.lateDay(day)))
}

// param is a request parameter from the query or the form body.
func (c *call) param(name string) string { return c.form.Get(name) }

// singleParams choose how the whole request is answered, so two values would disagree.
var singleParams = []string{"v", "output"}

// checkParams answers 400 with the status body when the parameters cannot be read as sent:
// a query or form body with a malformed escape (url.Values would drop the pair silently), a
// name or value that is not UTF-8 (it would reach the answer's XML), or a parameter of
// singleParams given more than once.
func (c *call) checkParams() bool {
	if _, err := url.ParseQuery(c.r.URL.RawQuery); err != nil {
		c.fail(http.StatusBadRequest, "Invalid Query: "+err.Error())
		return false
	}
	if c.in != nil && strings.HasPrefix(c.r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		if _, err := url.ParseQuery(string(c.in.body)); err != nil {
			c.fail(http.StatusBadRequest, "Invalid Form Body: "+err.Error())
			return false
		}
	}
	invalid := func(s string) bool { return !utf8.ValidString(s) }
	for _, name := range slices.Sorted(maps.Keys(c.form)) {
		if invalid(name) || slices.ContainsFunc(c.form[name], invalid) {
			c.fail(http.StatusBadRequest, fmt.Sprintf("Invalid parameter %q: not UTF-8", name))
			return false
		}
	}
	for _, name := range singleParams {
		if n := len(c.form[name]); n > 1 {
			c.fail(http.StatusBadRequest, fmt.Sprintf("Invalid parameter %s: given %d times, want once", name, n))
			return false
		}
	}
	return true
}

// operation wraps an operation: it reads what every operation needs (version, representation,
// day) and checks the request's authorisation at the operation's level, answering the real
// error body when one of them is wrong.
func (s *Server) operation(op spec.Operation, h func(*call)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		in, _ := r.Context().Value(inboundKey{}).(*inbound)
		c := s.newCall(w, r, in)
		if !c.checkParams() {
			return
		}
		switch out := c.param("output"); out {
		case "", "xml", "json":
		case "atom", "rss":
			if !slices.Contains(op.Representations, "application/atom+xml") {
				c.fail(http.StatusBadRequest, fmt.Sprintf("Invalid output %q: this resource has no feed; want xml or json", out))
				return
			}
			c.feed = out
		default:
			c.fail(http.StatusBadRequest, fmt.Sprintf("Invalid output %q: want xml or json (atom or rss for a feed)", out))
			return
		}
		if hdr := r.Header.Get(spec.ClockHeader); hdr != "" {
			if r.Context().Value(clockRefusedKey{}) != nil {
				c.fail(http.StatusBadRequest, errClockHeaderOff)
				return
			}
			d, err := spec.ParseDay(hdr)
			if err != nil {
				c.fail(http.StatusBadRequest, "Invalid "+spec.ClockHeader+" header: "+err.Error())
				return
			}
			c.day = d
			c.host = s.linkHost(r, d)
		}
		if v := c.param("v"); v != "" {
			if !slices.Contains(spec.Versions(), v) {
				c.fail(http.StatusBadRequest, fmt.Sprintf("Invalid version %q: this server serves %s", v, strings.Join(spec.Versions(), ", ")))
				return
			}
			c.v = v
		}
		if !s.restOps[c.v][op.ID] {
			c.fail(http.StatusNotFound, "Resource Not Found")
			return
		}
		if !c.checkLifecycle(op) {
			return
		}
		c.addLifecycleHeaders(op)
		if !c.checkRequest() {
			return
		}
		if !c.authorize(effectiveLevel(op, c.param("feed_token") != "")) {
			return
		}
		key := c.param("oauth_consumer_key")
		if c.auth != nil {
			key = c.auth.ConsumerKey
		}
		userID := ""
		if c.user != nil {
			userID = c.user.id
		}
		if e, ok := r.Context().Value(journalKey{}).(*JournalEntry); ok {
			e.Version, e.Day, e.Key, e.User = c.v, c.day.String(), key, userID
		}
		if msg := s.limits.allow(key, userID); msg != "" {
			c.fail(http.StatusForbidden, msg)
			return
		}
		h(c)
	})
}

// answer writes a document in the representation the request asked for, after the injected
// faults have changed it.
func (c *call) answer(status int, root *node) {
	for _, f := range c.s.faults {
		if f.answer != nil {
			f.answer(root)
		}
	}
	b := answerBuffers.Get().(*bytes.Buffer)
	defer putAnswerBuffer(b)
	contentType := "application/xml; charset=utf-8"
	if c.json {
		contentType = "application/json; charset=utf-8"
		writeJSONTo(b, root)
	} else {
		writeXMLTo(b, root)
	}
	w, done := c.stream(status, contentType)
	w.Write(b.Bytes())
	done()
}

// answerBuffers hold answers while they are written: growing a fresh buffer to a title's few
// KB was the largest allocation of a request.
var answerBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putAnswerBuffer gives a buffer back, unless a large answer (a long list) made it too big
// to keep around.
func putAnswerBuffer(b *bytes.Buffer) {
	if b.Cap() > 256<<10 {
		return
	}
	b.Reset()
	answerBuffers.Put(b)
}

// stream starts an answer that is written piece by piece (the index files are never built
// whole in memory). It is gzip-compressed when the client asked with Accept-Encoding, as the
// 2009 post "This Week's API Update" says the API did. done ends the answer.
func (c *call) stream(status int, contentType string) (w io.Writer, done func()) {
	h := c.w.Header()
	h.Set(spec.ClockHeader, c.day.String())
	h.Set("Content-Type", contentType)
	h.Add("Vary", "Accept-Encoding")
	if !acceptsGzip(c.r.Header.Get("Accept-Encoding")) {
		c.w.WriteHeader(status)
		return c.w, func() {}
	}
	h.Set("Content-Encoding", "gzip")
	c.w.WriteHeader(status)
	gz := gzip.NewWriter(c.w)
	return gz, func() { gz.Close() }
}

// acceptsGzip reports whether an Accept-Encoding header accepts gzip (and does not refuse it
// with q=0).
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") {
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}

// fail answers the API's error body: <status> with status_code and message.
func (c *call) fail(status int, message string) {
	c.answer(status, statusNode(status, 0, message))
}

// failSub answers the error body with a sub_code, as queue errors carry (reference §3.3).
func (c *call) failSub(status, subCode int, message string) {
	c.answer(status, statusNode(status, subCode, message))
}

func statusNode(status, subCode int, message string) *node {
	n := el("status", leaf("status_code", fmt.Sprint(status)))
	if subCode != 0 {
		n.add(leaf("sub_code", fmt.Sprint(subCode)))
	}
	return n.add(leaf("message", message))
}

// failOAuth answers an OAuth failure with the real message and status of its kind.
func (c *call) failOAuth(err error) {
	var oe *oauth1.Error
	if c.s.strict != nil {
		msg := err.Error()
		if errors.As(err, &oe) {
			msg = oe.Message() + " (" + oe.Detail + ")"
		}
		c.refuse("oauth", msg, "docs/read/Security; RFC 5849")
		return
	}
	if errors.As(err, &oe) {
		c.fail(oe.StatusCode(), oe.Message())
		return
	}
	c.fail(http.StatusUnauthorized, "Invalid Signature")
}

// effectiveLevel is the auth level a request must meet: a user resource that also has a feed
// form is protected unless the request carries a feed token.
func effectiveLevel(op spec.Operation, feedToken bool) string {
	if slices.Contains(op.AuthLevels, levelProtected) && !feedToken {
		return levelProtected
	}
	return op.AuthLevel
}

// Serves reports whether the mock has a handler for an operation id.
func Serves(opID string) bool { return handler(opID) != nil }
