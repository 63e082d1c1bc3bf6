// Package mockserver is flixconf's reference implementation of the Netflix public API: a
// library whose New returns an http.Handler, with a thin command (flixconf serve) around it.
//
// The mock serves embedded fixtures, follows a simulated clock that can be set to any day of
// the API's life, and names in its answers the API host the request addressed. Everything that
// is not part of the historical API lives under /_flixconf/.
package mockserver

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/flixconf/flixconf/fixtures"
	"github.com/flixconf/flixconf/spec"
)

// DefaultDate is the day the mock serves unless told otherwise: the last day on which the API
// served every application (it was retired on 2014-11-14).
var DefaultDate = spec.MustDay("2014-11-13")

// ControlPrefix is where every endpoint that is not part of the historical API lives.
const ControlPrefix = "/_flixconf/"

// Server is the mock. It is an http.Handler; build it with New.
type Server struct {
	catalog *fixtures.Catalog
	now     func() time.Time // the simulated clock; never used for OAuth timestamps or limits
	faults  []fault
	mux     *http.ServeMux
}

// Option configures a Server.
type Option func(*Server) error

// WithDate fixes the simulated day.
func WithDate(d spec.Day) Option {
	return func(s *Server) error {
		t := d.Time()
		s.now = func() time.Time { return t }
		return nil
	}
}

// WithTimeSource makes the simulated clock follow now; WithTimeSource(time.Now) serves the
// real day.
func WithTimeSource(now func() time.Time) Option {
	return func(s *Server) error {
		s.now = now
		return nil
	}
}

// WithFault injects a named fault (see Faults). Faults exist for testing the suite.
func WithFault(name string) Option {
	return func(s *Server) error {
		f, ok := lookupFault(name)
		if !ok {
			return unknownFault(name)
		}
		if !slices.ContainsFunc(s.faults, func(g fault) bool { return g.name == name }) {
			s.faults = append(s.faults, f)
		}
		return nil
	}
}

// WithCatalog serves the given catalog instead of the embedded fixtures.
func WithCatalog(c *fixtures.Catalog) Option {
	return func(s *Server) error {
		s.catalog = c
		return nil
	}
}

// New builds a mock. With no options it serves the embedded fixtures on DefaultDate.
func New(opts ...Option) (*Server, error) {
	s := &Server{}
	WithDate(DefaultDate)(s)
	for _, o := range opts {
		if err := o(s); err != nil {
			return nil, err
		}
	}
	if s.catalog == nil {
		c, err := fixtures.Load()
		if err != nil {
			return nil, err
		}
		s.catalog = c
	}
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("GET "+ControlPrefix+"health", s.health)
	s.mux.Handle("GET /catalog/titles/movies/{id}", s.api(s.catalogTitle("movie")))
	s.mux.Handle("/", s.api(func(c *call) { c.fail(http.StatusNotFound, "Resource Not Found") }))
	return s, nil
}

// ServeHTTP answers one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]string{"status": "ok", "day": spec.DayOf(s.now()).String()})
}

// call is one API request being answered.
type call struct {
	s    *Server
	w    http.ResponseWriter
	r    *http.Request
	day  spec.Day
	host string // the API host that ids and links name
	json bool
}

// api wraps an API operation: it reads what every operation needs (day, representation,
// version) and answers the real error body when one of them is wrong.
func (s *Server) api(op func(*call)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := &call{s: s, w: w, r: r, day: spec.DayOf(s.now())}
		q := r.URL.Query()
		switch out := q.Get("output"); out {
		case "", "xml":
		case "json":
			c.json = true
		default:
			c.fail(http.StatusBadRequest, fmt.Sprintf("Invalid output %q: want xml or json", out))
			return
		}
		if h := r.Header.Get(spec.ClockHeader); h != "" {
			d, err := spec.ParseDay(h)
			if err != nil {
				c.fail(http.StatusBadRequest, "Invalid "+spec.ClockHeader+" header: "+err.Error())
				return
			}
			c.day = d
		}
		if v := q.Get("v"); v != "" && !slices.Contains(spec.Versions(), v) {
			c.fail(http.StatusBadRequest, fmt.Sprintf("Invalid version %q: this server serves %s", v, strings.Join(spec.Versions(), ", ")))
			return
		}
		c.host = apiHost(r.Host, c.day)
		op(c)
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
	h := c.w.Header()
	h.Set(spec.ClockHeader, c.day.String())
	var body []byte
	if c.json {
		h.Set("Content-Type", "application/json; charset=utf-8")
		body = writeJSON(root)
	} else {
		h.Set("Content-Type", "application/xml; charset=utf-8")
		body = writeXML(root)
	}
	c.w.WriteHeader(status)
	c.w.Write(body)
}

// fail answers the API's error body: <status> with status_code and message.
func (c *call) fail(status int, message string) {
	c.answer(status, el("status", leaf("status_code", fmt.Sprint(status)), leaf("message", message)))
}
