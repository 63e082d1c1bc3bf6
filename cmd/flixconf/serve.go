package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/flixconf/flixconf/fixtures"
	"github.com/flixconf/flixconf/mockserver"
	"github.com/flixconf/flixconf/spec"
)

// serveOptions are serve's flags.
type serveOptions struct {
	addr    string
	date    dateValue
	faults  faultsValue
	size    int
	noCtrl  bool
	admin   string
	noClock bool
	limits  bool
	daily   int
	journal int
	self    bool
	strict  bool
	lhdrs   bool
	state   string
}

func (o *serveOptions) flags(fs *flag.FlagSet) {
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "address to listen on, host:port")
	fs.Var(&o.date, "date", "the simulated day: YYYY-MM-DD, or now to follow the real clock (default "+mockserver.DefaultDate.String()+", the last day the API served everyone)")
	fs.IntVar(&o.size, "catalog-size", fixtures.DefaultSyntheticTitles, fmt.Sprintf("synthetic titles added to the real fixtures, 0 to %d", fixtures.MaxSynthetic))
	fs.BoolVar(&o.noCtrl, "no-control", false, "turn off every /_flixconf/ endpoint (for a mock shared by several clients)")
	fs.StringVar(&o.admin, "admin-addr", "", "a second address, host:port, that alone serves the /_flixconf/ endpoints and the Flixconf-Clock header; --addr then serves the API without them")
	fs.BoolVar(&o.noClock, "no-clock-header", false, "refuse the Flixconf-Clock request header (400), so that no client answers as of a day of its own")
	fs.BoolVar(&o.limits, "rate-limits", false, fmt.Sprintf("answer 403 past %d requests a second per key and per user, as the real service did", mockserver.DefaultPerSecond))
	fs.IntVar(&o.daily, "daily-limit", 0, "with --rate-limits, also a number of requests a day per key and per user (0: none; the real number is not on record)")
	fs.IntVar(&o.journal, "journal-size", mockserver.DefaultJournalSize, "requests kept for GET /_flixconf/requests (0: none)")
	fs.BoolVar(&o.strict, "strict", false, "check every request against the description of its version and the OAuth rules; answer each departure 400 and list it at GET /_flixconf/findings")
	fs.BoolVar(&o.lhdrs, "lifecycle-headers", false, "add Deprecation (RFC 9745), Sunset (RFC 8594) and a Link to the post to answers of operations announced for removal but still live (the real API never sent them)")
	fs.BoolVar(&o.self, "self-links", false, "ids and links name the mock's own address, for clients that follow links without the proxy")
	fs.StringVar(&o.state, "state", "", "keep user state (queues, ratings, created users, issued keys and tokens) in this JSON file: restored at start, saved before each write is answered (docs/state.md)")
	fs.Var(&o.faults, "fault", "inject named faults, comma-separated, for testing the suite ("+strings.Join(mockserver.Faults(), ", ")+")")
}

// mockOptions turns the flags into the mock's options.
func (o *serveOptions) mockOptions(stderr io.Writer) []mockserver.Option {
	opts := []mockserver.Option{mockserver.WithCatalogSize(o.size)}
	if o.noCtrl {
		opts = append(opts, mockserver.WithoutControl())
	}
	if o.noClock {
		opts = append(opts, mockserver.WithoutClockHeader())
	}
	if o.limits {
		opts = append(opts, mockserver.WithRateLimits(0, o.daily))
	}
	if o.self {
		opts = append(opts, mockserver.WithSelfLinks())
	}
	if o.lhdrs {
		opts = append(opts, mockserver.WithLifecycleHeaders())
	}
	if o.strict {
		opts = append(opts, mockserver.WithStrict(log.New(stderr, "flixconf mock: ", log.LstdFlags)))
	}
	opts = append(opts, mockserver.WithJournalSize(o.journal))
	if o.state != "" {
		opts = append(opts, mockserver.WithStateFile(o.state))
	}
	switch {
	case o.date.now:
		opts = append(opts, mockserver.WithTimeSource(time.Now))
	case !o.date.day.IsZero():
		opts = append(opts, mockserver.WithDate(o.date.day))
	}
	for _, f := range o.faults {
		opts = append(opts, mockserver.WithFault(f))
	}
	return opts
}

func serveCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var o serveOptions
	o.flags(fs)
	if code := parseFlags(fs, "FLIXCONF_SERVE_", args, stdout, stderr); code >= 0 {
		return code
	}
	if _, _, err := net.SplitHostPort(o.addr); err != nil {
		return usageError(stderr, "serve", "invalid value %q for --addr (or FLIXCONF_SERVE_ADDR): want host:port, such as 127.0.0.1:8080", o.addr)
	}
	if o.admin != "" {
		if _, _, err := net.SplitHostPort(o.admin); err != nil {
			return usageError(stderr, "serve", "invalid value %q for --admin-addr (or FLIXCONF_SERVE_ADMIN_ADDR): want host:port, such as 127.0.0.1:8081", o.admin)
		}
		if o.noCtrl {
			return usageError(stderr, "serve", "--admin-addr serves the control endpoints that --no-control turns off: give one or the other")
		}
	}
	if o.daily < 0 {
		return usageError(stderr, "serve", "invalid value %d for --daily-limit (or FLIXCONF_SERVE_DAILY_LIMIT): want 0 or more", o.daily)
	}
	if o.journal < 0 {
		return usageError(stderr, "serve", "invalid value %d for --journal-size (or FLIXCONF_SERVE_JOURNAL_SIZE): want 0 or more", o.journal)
	}
	if o.size < 0 || o.size > fixtures.MaxSynthetic {
		return usageError(stderr, "serve", "invalid value %d for --catalog-size (or FLIXCONF_SERVE_CATALOG_SIZE): want 0 to %d", o.size, fixtures.MaxSynthetic)
	}
	mock, err := mockserver.New(o.mockOptions(stderr)...)
	var stateErr *mockserver.StateError
	if errors.As(err, &stateErr) {
		return usageError(stderr, "serve", "--state (or FLIXCONF_SERVE_STATE) %s: %v", stateErr.Path, stateErr.Err)
	}
	if err != nil {
		fmt.Fprintf(stderr, "flixconf serve: %v\n", err)
		return exitFail
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		fmt.Fprintf(stderr, "flixconf serve: cannot listen on --addr %s: %v\n", o.addr, err)
		return exitFail
	}
	servers := []served{{ln, mock}}
	if o.admin != "" {
		adminLn, err := net.Listen("tcp", o.admin)
		if err != nil {
			ln.Close()
			fmt.Fprintf(stderr, "flixconf serve: cannot listen on --admin-addr %s: %v\n", o.admin, err)
			return exitFail
		}
		servers = []served{{ln, mock.Public()}, {adminLn, mock}}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	day := o.date.String()
	fmt.Fprintf(stdout, "flixconf mock: API %s on http://%s, as of %s\n", strings.Join(spec.Versions(), ", "), ln.Addr(), day)
	if len(o.faults) > 0 {
		fmt.Fprintf(stdout, "flixconf mock: FAULTS INJECTED (not a reference): %s\n", strings.Join(o.faults, ", "))
	}
	if !o.noCtrl {
		printCredentials(stdout, mock.Credentials())
	}
	adminAddr := ln.Addr()
	if len(servers) > 1 {
		adminAddr = servers[1].ln.Addr()
		fmt.Fprintf(stdout, "flixconf mock: control endpoints and the %s header on http://%s only\n", spec.ClockHeader, adminAddr)
	}
	fmt.Fprintf(stdout, "flixconf mock: ready; GET http://%s%shealth\n", adminAddr, mockserver.ControlPrefix)
	// Both failures are told: a server that stopped on an error still saves what it holds.
	serveErr := serveAll(ctx, servers)
	if serveErr != nil {
		fmt.Fprintf(stderr, "flixconf serve: %v\n", serveErr)
	}
	if saveErr := mock.SaveState(); saveErr != nil {
		fmt.Fprintf(stderr, "flixconf serve: --state: %v\n", saveErr)
		return exitFail
	}
	if serveErr != nil {
		return exitFail
	}
	fmt.Fprintln(stdout, "flixconf mock: stopped")
	return exitOK
}

// The limits of every server of flixconf's (the README's "Limits" table). There is no write
// timeout: the index files stream many MB, and a slow reader of one must not be cut off; a
// client that stalls is bounded by the read side and by the idle timeout between requests.
// The mock itself bounds bodies (413) and query strings (414).
const (
	// readHeaderTimeout cuts off a client that sends its headers slowly (slowloris).
	readHeaderTimeout = 10 * time.Second
	// readTimeout bounds reading a whole request, its body included.
	readTimeout = 30 * time.Second
	// idleTimeout closes a kept-alive connection that sends no next request.
	idleTimeout = 120 * time.Second
	// maxHeaderBytes bounds the request line and headers; past it net/http answers 431.
	maxHeaderBytes = 64 << 10
)

// newHTTPServer wraps a handler with the limits every server of flixconf's has.
func newHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
	}
}

// serveUntil serves on ln until ctx ends, then shuts down gracefully.
func serveUntil(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := newHTTPServer(h)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// served is a listener and what answers on it.
type served struct {
	ln net.Listener
	h  http.Handler
}

// serveAll serves every listener until ctx ends or one of them fails, then shuts them all
// down; it returns the first error.
func serveAll(ctx context.Context, servers []served) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make(chan error, len(servers))
	for _, sv := range servers {
		go func() {
			err := serveUntil(ctx, sv.ln, sv.h)
			cancel()
			errs <- err
		}()
	}
	var first error
	for range servers {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	return first
}

// dateValue is --date: a day, or now.
type dateValue struct {
	day spec.Day
	now bool
}

func (d *dateValue) String() string {
	switch {
	case d == nil:
		return ""
	case d.now:
		return "now"
	case d.day.IsZero():
		return mockserver.DefaultDate.String()
	}
	return d.day.String()
}

func (d *dateValue) Set(s string) error {
	if s == "now" {
		*d = dateValue{now: true}
		return nil
	}
	var day spec.Day
	if err := (spec.DayFlag{P: &day}).Set(s); err != nil {
		return fmt.Errorf("%v, or now", err)
	}
	*d = dateValue{day: day}
	return nil
}

// faultsValue is --fault: a comma-separated list of known fault names.
type faultsValue []string

func (f *faultsValue) String() string { return strings.Join(*f, ",") }

func (f *faultsValue) Set(s string) error {
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		if !slices.Contains(mockserver.Faults(), name) {
			return fmt.Errorf("unknown fault %q; want one or more of %s", name, strings.Join(mockserver.Faults(), ", "))
		}
		if !slices.Contains(*f, name) {
			*f = append(*f, name)
		}
	}
	return nil
}

// printCredentials prints what a developer needs to sign requests to the mock.
func printCredentials(w io.Writer, c mockserver.Credentials) {
	for _, k := range c.Keys {
		if !k.Partner {
			fmt.Fprintf(w, "flixconf mock: key %s, secret %s (%s)\n", k.Key, k.Secret, k.Application)
			break
		}
	}
	for _, u := range c.Users {
		fmt.Fprintf(w, "flixconf mock: user %s, login %s / %s, access token %s, secret %s\n", u.ID, u.Login, u.Password, u.Token, u.TokenSecret)
	}
	fmt.Fprintln(w, "flixconf mock: every key and user (partners too): GET /_flixconf/credentials")
}
