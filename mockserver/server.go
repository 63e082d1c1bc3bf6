// Package mockserver is flixconf's reference implementation of the Netflix public API: a
// library whose New returns an http.Handler, with a thin command (flixconf serve) around it.
//
// The mock serves embedded fixtures and keeps per-user state (queues, ratings, tokens); it
// checks OAuth signatures for real; it follows a simulated clock that can be set to any day of
// the API's life; it routes by host (api.netflix.com, api-public.netflix.com,
// api-user.netflix.com, odata.netflix.com) and works as an HTTP forward proxy for those hosts,
// so that an unmodified old client reaches it. Everything that is not part of the historical
// API lives under /_flixconf/.
package mockserver

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/flixconf/flixconf/fixtures"
	"github.com/flixconf/flixconf/internal/oauth1"
	"github.com/flixconf/flixconf/mockserver/odata"
	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/spec/timeline"
)

// DefaultDate is the day the mock serves unless told otherwise: the last day on which the API
// served every application (it was retired on 2014-11-14).
var DefaultDate = spec.MustDay("2014-11-13")

// ControlPrefix is where every endpoint that is not part of the historical API lives.
const ControlPrefix = "/_flixconf/"

// maxBody bounds the request bodies the mock reads (forms of a few fields in the real API);
// a longer body is answered 413.
const maxBody = 1 << 20

// maxQuery bounds the query string of a REST request; a longer one is answered 414. The
// longest real queries (a signed title_refs list of a hundred titles) stay far below it.
const maxQuery = 32 << 10

// Server is the mock. It is an http.Handler; build it with New.
type Server struct {
	catalog  *fixtures.Catalog
	accounts *fixtures.Accounts
	now      func() time.Time // the simulated clock; never used for OAuth timestamps or limits
	wall     func() time.Time // the real clock, for OAuth
	faults   []fault
	control  bool
	// clockHeader is whether a request may name its own day in the Flixconf-Clock header.
	clockHeader bool
	size        int // synthetic titles added to the fixtures

	rest     *http.ServeMux
	restOps  map[string]map[string]bool // version -> operation ids it describes
	verifier *oauth1.Verifier

	odata    http.Handler
	timeline *timeline.Timeline
	journal  *journal
	strict   *strictMode // nil unless WithStrict
	// lifecycleHeaders adds Deprecation, Sunset and Link to answers of announced removals.
	lifecycleHeaders bool
	limits           *limits // nil when rate limits are off
	selfLink         bool    // ids and links name the mock's own address

	mu    sync.Mutex // guards state and clockDay
	state *state
	// clockDay is the day set with PUT /_flixconf/clock; zero when none is set.
	clockDay spec.Day
	// store saves the state to a file (WithStateFile); nil when it lives in memory only.
	store *stateFile
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

// WithWallClock replaces the real clock that OAuth timestamps are checked against, for tests.
func WithWallClock(now func() time.Time) Option {
	return func(s *Server) error {
		s.wall = now
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

// WithCatalogSize sets how many synthetic titles (fixtures.Generate) join the real fixtures,
// so that search, paging and the index files behave like a real catalog; the default is
// fixtures.DefaultSyntheticTitles. WithCatalog overrides it.
func WithCatalogSize(n int) Option {
	return func(s *Server) error {
		if n < 0 || n > fixtures.MaxSynthetic {
			return fmt.Errorf("catalog size %d: want 0 to %d", n, fixtures.MaxSynthetic)
		}
		s.size = n
		return nil
	}
}

// WithSelfLinks makes ids and links name the address the client used to reach the mock
// instead of the API's host, for clients that follow links without going through the mock as a
// proxy.
func WithSelfLinks() Option {
	return func(s *Server) error {
		s.selfLink = true
		return nil
	}
}

// WithLifecycleHeaders adds, to the answers of operations announced for removal but still
// live, the headers the real API never sent but a client today expects: Deprecation (RFC
// 9745, "@" and the announcement's epoch), Sunset (RFC 8594, the removal day) and a Link with
// rel="deprecation" naming the post.
func WithLifecycleHeaders() Option {
	return func(s *Server) error {
		s.lifecycleHeaders = true
		return nil
	}
}

// WithoutControl turns every /_flixconf/ endpoint off, for a mock shared by several clients.
func WithoutControl() Option {
	return func(s *Server) error {
		s.control = false
		return nil
	}
}

// WithoutClockHeader refuses the Flixconf-Clock request header (400), so that no client of a
// shared mock answers as of a day of its own choosing; the mock's clock still applies.
func WithoutClockHeader() Option {
	return func(s *Server) error {
		s.clockHeader = false
		return nil
	}
}

// New builds a mock. With no options it serves the embedded fixtures and 10,000 synthetic
// titles on DefaultDate.
func New(opts ...Option) (*Server, error) {
	s := &Server{wall: time.Now, control: true, clockHeader: true, size: fixtures.DefaultSyntheticTitles, journal: newJournal(DefaultJournalSize)}
	WithDate(DefaultDate)(s)
	for _, o := range opts {
		if err := o(s); err != nil {
			return nil, err
		}
	}
	// The timeline (which reads every description) and the catalog are independent: on two
	// cores, loading them side by side takes a third off the start-up.
	type loaded struct {
		tl  *timeline.Timeline
		err error
	}
	tlc := make(chan loaded, 1)
	go func() {
		tl, err := timeline.Load()
		tlc <- loaded{tl, err}
	}()
	if s.catalog == nil {
		c, err := fixtures.LoadWithSynthetic(s.size)
		if err != nil {
			<-tlc
			return nil, err
		}
		s.catalog = c
	}
	tl := <-tlc
	if tl.err != nil {
		return nil, tl.err
	}
	s.timeline = tl.tl
	accounts, err := fixtures.LoadAccounts(s.catalog)
	if err != nil {
		return nil, err
	}
	s.accounts = accounts
	s.state = newState(s.catalog, accounts)
	if s.store != nil {
		if err := s.restoreState(); err != nil {
			return nil, err
		}
	}
	s.verifier = &oauth1.Verifier{Consumers: s.consumerSecret, Tokens: s.tokenSecret, Now: func() time.Time { return s.wall() }}
	if err := s.routeREST(); err != nil {
		return nil, err
	}
	s.odata = odata.New(s.catalog, s.dayOf)
	if s.strict != nil {
		if err := s.strict.load(spec.Versions()); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// ServeHTTP answers one request: a control request, a proxied or direct request to one of the
// API's hosts, or a CONNECT, which the mock refuses itself (it never dials out).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.serve(w, r, s.control, s.clockHeader)
}

// Public returns a handler for the same mock, sharing its state, that serves the API alone:
// no /_flixconf/ endpoint and no Flixconf-Clock request header, whatever the options. It is
// what flixconf serve listens with on --addr when --admin-addr takes the control endpoints
// elsewhere, so that one client of a shared mock cannot move another's clock or reset its
// queues.
func (s *Server) Public() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { s.serve(w, r, false, false) })
}

// clockRefusedKey marks, in a request's context, a Flixconf-Clock header that this address
// does not honour: the REST API answers it 400 with its status body.
type clockRefusedKey struct{}

// errClockHeaderOff is the message a request with a refused Flixconf-Clock header gets.
const errClockHeaderOff = "Invalid " + spec.ClockHeader + " header: this address of the mock does not take it; its day is set by whoever runs it"

// serve answers a request; control and clock say whether this address serves the control
// endpoints and honours the Flixconf-Clock header.
func (s *Server) serve(w http.ResponseWriter, r *http.Request, control, clock bool) {
	if r.Method == http.MethodConnect {
		http.Error(w, "flixconf mock: CONNECT is not supported; send plain HTTP through the proxy", http.StatusNotImplemented)
		return
	}
	// Every reader of a body (the REST API, the login form, the control endpoints) stops at
	// maxBody; with the server's own writer, net/http also closes the connection after.
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	host := requestHost(r)
	if strings.HasPrefix(r.URL.Path, ControlPrefix) && !isNetflixHost(host) {
		if !control {
			http.NotFound(w, r)
			return
		}
		s.serveControl(w, r)
		return
	}
	entry := &JournalEntry{Time: s.wall().UTC(), Method: r.Method, Host: host, Path: r.URL.Path}
	rec := &recorder{ResponseWriter: w, entry: entry}
	defer func() {
		entry.Status = rec.status
		s.journal.add(*entry)
	}()
	w = rec
	r = r.WithContext(context.WithValue(r.Context(), journalKey{}, entry))
	clockRefused := !clock && r.Header.Get(spec.ClockHeader) != ""
	if clockRefused {
		r = r.WithContext(context.WithValue(r.Context(), clockRefusedKey{}, true))
	}
	if r.URL.IsAbs() && !isNetflixHost(host) {
		http.Error(w, "flixconf mock: as a proxy it serves only "+strings.Join(netflixHosts, ", ")+"; it never dials out", http.StatusForbidden)
		return
	}
	odataReq := host == hostOData || (!isNetflixHost(host) && isODataPath(r.URL.Path))
	loginReq := host == hostUser || (!isNetflixHost(host) && strings.HasPrefix(r.URL.Path, "/oauth/login"))
	if clockRefused && (odataReq || loginReq) {
		// The REST API answers with its status body (serveREST); OData and the login page
		// never had one of their own for a header, so a plain 400 says it.
		http.Error(w, errClockHeaderOff, http.StatusBadRequest)
		return
	}
	switch {
	case odataReq:
		if _, retired := s.timeline.ServiceRetired("odata", s.lateDay(s.dayOf(r))); retired {
			// "Changes to the Public API Program" (2013-03-08): the OData catalog is retired on
			// 2013-04-08.
			http.Error(w, "Not Found", http.StatusNotFound)
			return
		}
		s.odata.ServeHTTP(w, r)
	case loginReq:
		s.serveLogin(w, r)
	default:
		s.serveREST(w, r)
	}
}

// isODataPath reports whether a path addressed to the mock's own address is the OData
// catalog's (/Catalog/, /v2/Catalog/, and /v1/Catalog/ seen in one client).
func isODataPath(p string) bool {
	for _, prefix := range []string{"/Catalog", "/v2/Catalog", "/v1/Catalog"} {
		if p == prefix || strings.HasPrefix(p, prefix+"/") {
			return true
		}
	}
	return false
}

// dayOf is the simulated day of a request: its Flixconf-Clock header, else the day set with
// PUT /_flixconf/clock, else the mock's clock (--date, or the default). A malformed header
// falls back here; the REST API answers it with a 400.
func (s *Server) dayOf(r *http.Request) spec.Day {
	if h := r.Header.Get(spec.ClockHeader); h != "" && r.Context().Value(clockRefusedKey{}) == nil {
		if d, err := spec.ParseDay(h); err == nil {
			return d
		}
	}
	return s.today()
}

// today is the mock's own day: the one set with PUT /_flixconf/clock, else its clock's.
func (s *Server) today() spec.Day {
	s.mu.Lock()
	d := s.clockDay
	s.mu.Unlock()
	if !d.IsZero() {
		return d
	}
	return spec.DayOf(s.now())
}
