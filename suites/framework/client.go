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

	"github.com/flixconf/flixconf/spec/xmlbody"
)

// maxBody bounds what the client reads of one answer.
const maxBody = 64 << 20

// Client makes the suite's requests to the target, for one API version.
type Client struct {
	base    *url.URL
	version string
	http    *http.Client
}

// NewClient returns a client for API version v of the target in cfg.
func NewClient(cfg *Config, v string) (*Client, error) {
	base, err := url.Parse(cfg.Target)
	if err != nil {
		return nil, fmt.Errorf("target %q: %w", cfg.Target, err)
	}
	dialer := &net.Dialer{Timeout: cfg.RequestTimeout}
	if cfg.LoopbackOnly {
		dialer.Control = loopbackOnly
	}
	transport := &http.Transport{
		DialContext:         dialer.DialContext,
		MaxIdleConnsPerHost: 16,
		// The suite reads what the target sends; compression is tested explicitly.
		DisableCompression: true,
		Proxy:              nil,
	}
	return &Client{
		base:    base,
		version: v,
		http:    &http.Client{Transport: transport, Timeout: cfg.RequestTimeout},
	}, nil
}

// loopbackOnly refuses to connect anywhere but the loopback addresses.
func loopbackOnly(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("refusing to dial %s: this client reaches loopback addresses only", address)
	}
	return nil
}

// Request is one request the suite is about to make.
type Request struct {
	Method string
	// Path is the operation's path, such as /catalog/titles/movies/60001220.
	Path   string
	Query  url.Values
	Header http.Header
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
	q.Set("v", c.version)
	u := *c.base
	u.Path = strings.TrimSuffix(c.base.Path, "/") + r.Path
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(context.Background(), r.Method, u.String(), nil)
	if err != nil {
		Broke("building %s %s: %v", r.Method, r.Path, err)
	}
	for k, vs := range r.Header {
		req.Header[k] = vs
	}
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		Broke("%s %s: no answer from the target: %v", r.Method, u.String(), err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
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
