package framework

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/flixconf/flixconf/internal/oauth1"
	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/spec/xmlbody"
)

// maxBody bounds what the client reads of one answer.
const maxBody = 64 << 20

// Client makes the suite's requests to the target, for one API version, signed as each
// request's auth level asks.
type Client struct {
	base    *url.URL
	version string
	http    *http.Client
	creds   *Credentials
	// day, when set, goes in the Flixconf-Clock header of every request.
	day string
}

// NewClient returns a client for API version v of the target in cfg, signing with creds.
func NewClient(cfg *Config, v string, creds *Credentials) (*Client, error) {
	base, err := url.Parse(cfg.Target)
	if err != nil {
		return nil, fmt.Errorf("target %q: %w", cfg.Target, err)
	}
	return &Client{base: base, version: v, http: httpClient(cfg), creds: creds}, nil
}

func httpClient(cfg *Config) *http.Client { return HTTPClient(cfg, nil) }

// HTTPClient returns a client configured as the suite's own: the run's timeout, no
// compression, no redirect followed, and with LoopbackOnly no dial beyond the loopback
// addresses. With a proxy, every request goes through it (the forward-proxy specs send
// absolute-form requests to the target).
func HTTPClient(cfg *Config, proxy *url.URL) *http.Client {
	dialer := &net.Dialer{Timeout: cfg.RequestTimeout}
	dial := dialer.DialContext
	if cfg.LoopbackOnly {
		dialer.Control = loopbackOnly
		dial = func(ctx context.Context, network, address string) (net.Conn, error) {
			// Refused before any name is looked up: a lookup is traffic too. localhost is
			// read from the hosts file, and the resolved address is checked again.
			if host, _, _ := net.SplitHostPort(address); host != "localhost" {
				if err := loopbackAddress(address); err != nil {
					return nil, err
				}
			}
			return dialer.DialContext(ctx, network, address)
		}
	}
	transport := &http.Transport{
		DialContext:         dial,
		MaxIdleConnsPerHost: 16,
		// The suite reads what the target sends; compression is tested explicitly.
		DisableCompression: true,
	}
	if proxy != nil {
		transport.Proxy = http.ProxyURL(proxy)
	}
	return &http.Client{
		Transport: transport,
		Timeout:   cfg.RequestTimeout,
		// A redirect is an answer to judge, not to follow: its Location may name a real host.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// controlClient is the client for the target's control endpoints.
func controlClient(cfg *Config) *http.Client { return httpClient(cfg) }

// loopbackOnly refuses to connect anywhere but the loopback addresses.
func loopbackOnly(network, address string, _ syscall.RawConn) error { return loopbackAddress(address) }

// loopbackAddress refuses an address that is not a loopback IP address and port; a name is
// refused too, before it is looked up.
func loopbackAddress(address string) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("refusing to dial %s: this client reaches loopback addresses only", address)
	}
	return nil
}

// Auth is how a request is authorised, after the API's three levels (docs/read/Security).
type Auth int

const (
	// Signed: OAuth 1.0 HMAC-SHA1 with the consumer secret and no token (the catalog).
	Signed Auth = iota
	// Consumer: the consumer key alone (autocomplete, feeds).
	Consumer
	// Protected: signed with the user's access token (everything under /users/).
	Protected
	// Anonymous: no OAuth parameter at all.
	Anonymous
	// BadSignature: signed like Signed, but with the wrong consumer secret, as a forger would.
	BadSignature
	// Partner: signed with the key of one of the eight partner applications the retirement
	// spared.
	Partner
	// TokenSigned: signed with the consumer secret and Request.Token, a token that is not a
	// user's access token (the request token of the OAuth dance).
	TokenSigned
)

// Token is an OAuth token and its secret.
type Token struct{ Key, Secret string }

// Request is one request the suite is about to make.
type Request struct {
	Method string
	// Path is the operation's path, such as /catalog/titles/movies/60001220.
	Path   string
	Query  url.Values
	Header http.Header
	Auth   Auth
	// User signs a Protected request; nil means the first user of the credentials.
	User *User
	// Host, when set, is sent as the Host header (api.netflix.com, api-public.netflix.com, ...)
	// while the request still goes to the target.
	Host string
	// Form, when set, is sent as an application/x-www-form-urlencoded body, which the
	// signature covers.
	Form url.Values
	// Token signs a TokenSigned request.
	Token *Token
	// NoVersion leaves out the v parameter the client otherwise adds.
	NoVersion bool
	// Signing, when set, adjusts the signer of a signed request before it signs: a fixed
	// nonce or timestamp, extra oauth_* parameters, the Authorization header placement.
	Signing func(*oauth1.Signer)
}

// Response is an answer, read whole, with the request that produced it.
type Response struct {
	Request *http.Request
	Status  int
	Header  http.Header
	Body    []byte
	Version string
}

// Get asks for path with the given query parameters; v is added for the client's version.
func (c *Client) Get(path string, query url.Values) *Response {
	return c.Do(Request{Method: http.MethodGet, Path: path, Query: query})
}

// Do makes a request. A request that cannot be made or answered ends the spec as an error,
// not a failure: the spec could not judge the target.
func (c *Client) Do(r Request) *Response {
	q := url.Values{}
	for k, vs := range r.Query {
		q[k] = append([]string(nil), vs...)
	}
	if c.version != spec.ODataName && !r.NoVersion {
		q.Set("v", c.version)
	}
	u := *c.base
	u.Path = strings.TrimSuffix(c.base.Path, "/") + r.Path
	u.RawQuery = q.Encode()
	var reqBody []byte
	if r.Form != nil {
		reqBody = []byte(r.Form.Encode())
	}
	req, err := http.NewRequestWithContext(context.Background(), r.Method, u.String(), bytes.NewReader(reqBody))
	if err != nil {
		Broke("building %s %s: %v", r.Method, r.Path, err)
	}
	if r.Form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req.Body, req.ContentLength, req.GetBody = http.NoBody, 0, nil
	}
	if c.day != "" {
		req.Header.Set(spec.ClockHeader, c.day)
	}
	if r.Host != "" {
		req.Host = r.Host
	}
	for k, vs := range r.Header {
		req.Header[k] = vs
	}
	if err := c.authorise(req, r); err != nil {
		Broke("signing %s %s: %v", r.Method, r.Path, err)
	}
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		recordExchange(req, reqBody, nil, nil)
		if ue, ok := err.(*url.Error); ok {
			// The error quotes the signed URL; the report must not.
			err = ue.Err
		}
		Broke("%s %s: no answer from the target: %v", r.Method, u.String(), err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	recordExchange(req, reqBody, resp, body)
	if err != nil {
		Broke("%s %s: reading the answer after %v: %v", r.Method, u.String(), time.Since(start).Round(time.Millisecond), err)
	}
	return &Response{Request: req, Status: resp.StatusCode, Header: resp.Header, Body: body, Version: c.version}
}

// Doc returns the body as the JSON the real API mirrored its XML to, whichever of the two
// the target sent, so that one assertion reads both representations.
func (r *Response) Doc() (map[string]any, error) {
	var v any
	var err error
	if isJSON(r.Header.Get("Content-Type"), r.Body) {
		err = json.Unmarshal(r.Body, &v)
	} else {
		v, err = xmlbody.Decode(bytes.NewReader(r.Body), nil)
	}
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("the body is a JSON %T, not an object", v)
	}
	return m, nil
}

func isJSON(contentType string, body []byte) bool {
	if strings.Contains(contentType, "json") {
		return true
	}
	t := bytes.TrimSpace(body)
	return len(t) > 0 && t[0] == '{'
}

// Lookup returns the value at a JSON pointer in a document from Doc, and whether it exists.
func Lookup(doc any, pointer string) (any, bool) {
	if pointer == "" {
		return doc, true
	}
	cur := doc
	for _, raw := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		tok := strings.NewReplacer("~1", "/", "~0", "~").Replace(raw)
		switch v := cur.(type) {
		case map[string]any:
			next, ok := v[tok]
			if !ok {
				return nil, false
			}
			cur = next
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(v) {
				return nil, false
			}
			cur = v[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

// Value returns the value at a JSON pointer in a document from Doc, or nil when there is none.
func Value(doc any, pointer string) any {
	v, _ := Lookup(doc, pointer)
	return v
}

// List returns the value at pointer as a list: the real API wrote a repeated element as an
// array and a single one as an object, so one element comes back as a list of one.
func List(doc any, pointer string) []any {
	v, ok := Lookup(doc, pointer)
	if !ok {
		return nil
	}
	if l, ok := v.([]any); ok {
		return l
	}
	return []any{v}
}

// authorise adds the OAuth parameters of the request's auth level.
func (c *Client) authorise(req *http.Request, r Request) error {
	app, _ := c.creds.App()
	signer := &oauth1.Signer{Consumer: oauth1.Credentials{Key: app.Key, Secret: app.Secret}}
	switch r.Auth {
	case Anonymous:
		return nil
	case BadSignature:
		signer.Consumer.Secret += "-wrong"
	case Partner:
		k, ok := c.creds.Partner()
		if !ok {
			Skip("the credentials name no partner key")
		}
		signer.Consumer = oauth1.Credentials{Key: k.Key, Secret: k.Secret}
	case Consumer:
		q := req.URL.Query()
		q.Set("oauth_consumer_key", app.Key)
		req.URL.RawQuery = q.Encode()
		return nil
	case TokenSigned:
		if r.Token == nil {
			return fmt.Errorf("a TokenSigned request needs Request.Token")
		}
		signer.Token = &oauth1.Credentials{Key: r.Token.Key, Secret: r.Token.Secret}
	case Protected:
		u := r.User
		if u == nil {
			u = &c.creds.Users[0]
		}
		signer.Token = &oauth1.Credentials{Key: u.Token, Secret: u.TokenSecret}
	}
	if r.Signing != nil {
		r.Signing(signer)
	}
	return signer.Sign(req)
}

// UserID is the id of the user Protected requests are signed for by default.
func (c *Client) UserID() string { return c.creds.Users[0].ID }

// probeClockDay is the day the clock probe asks for: one no default of a server would give.
const probeClockDay = "2009-06-01"

// probeClockHeader asks the target for a catalog title as of probeClockDay and returns "" when
// the answer echoes that day in Flixconf-Clock, or why the target does not honour the header.
func probeClockHeader(c *Client) string {
	req, err := http.NewRequest(http.MethodGet, strings.TrimSuffix(c.base.String(), "/")+"/catalog/titles/movies/60001220?v="+c.version, nil)
	if err != nil {
		return "the clock probe could not be built: " + err.Error()
	}
	req.Header.Set(spec.ClockHeader, probeClockDay)
	if err := c.authorise(req, Request{Auth: Signed}); err != nil {
		return "the clock probe could not be signed: " + err.Error()
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return "the clock probe got no answer: " + err.Error()
	}
	resp.Body.Close()
	if got := resp.Header.Get(spec.ClockHeader); got != probeClockDay {
		return fmt.Sprintf("the target does not honour the %s request header (asked for %s, its answer says %q)", spec.ClockHeader, probeClockDay, got)
	}
	return ""
}
