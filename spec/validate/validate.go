// Package validate checks answers of the API against flixconf's description of a version, in
// XML or in JSON, and reports every violation on a line of its own: the operation, a JSON
// pointer into the body (XML is read as the JSON the real API mirrored it to), and the reason.
package validate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/spec/xmlbody"
)

// Violation is one way an answer departs from the description.
type Violation struct {
	// Operation is the operation id, or METHOD PATH when no operation matched.
	Operation string
	// Pointer is a JSON pointer into the body ("" for the answer as a whole).
	Pointer string
	Reason  string
}

// String gives the violation as one line: operation, pointer, reason.
func (v Violation) String() string {
	p := v.Pointer
	if p == "" {
		p = "(answer)"
	}
	return fmt.Sprintf("%s %s: %s", v.Operation, p, v.Reason)
}

// Validator validates answers against the description of one API version.
type Validator struct {
	version string
	router  routers.Router
	routes  routeCache
}

// routeCache remembers where requests were routed, by method and path: finding a route runs
// the router's regular expressions over every path of the description, which costs a
// validation more than decoding a small answer does, and a suite asks the same paths many
// times. It holds at most maxRoutes entries and starts afresh when full.
type routeCache struct {
	mu sync.Mutex
	m  map[string]routed
}

// maxRoutes bounds a validator's route cache.
const maxRoutes = 4096

// routed is the router's answer for one method and path.
type routed struct {
	route  *routers.Route
	params map[string]string
	err    error
}

// findRoute routes req (already routable) through the cache.
func (v *Validator) findRoute(req *http.Request) (*routers.Route, map[string]string, error) {
	key := req.Method + " " + req.URL.EscapedPath()
	v.routes.mu.Lock()
	r, ok := v.routes.m[key]
	v.routes.mu.Unlock()
	if ok {
		return r.route, maps.Clone(r.params), r.err
	}
	r.route, r.params, r.err = v.router.FindRoute(req)
	v.routes.mu.Lock()
	if v.routes.m == nil || len(v.routes.m) >= maxRoutes {
		v.routes.m = make(map[string]routed)
	}
	v.routes.m[key] = r
	v.routes.mu.Unlock()
	return r.route, maps.Clone(r.params), r.err
}

// New returns a validator for API version v.
func New(v string) (*Validator, error) {
	doc, err := spec.Load(v)
	if err != nil {
		return nil, err
	}
	return ForDocument(v, doc)
}

// ForDocument returns a validator for an already loaded document. It keeps only the paths of
// the document's servers ("/" for the REST API, "/Catalog" and "/v2/Catalog" for OData), so
// that a request to any host (a test server, a user's own) finds its operation.
func ForDocument(v string, doc *openapi3.T) (*Validator, error) {
	xmlbody.Register()
	var servers openapi3.Servers
	seen := map[string]bool{}
	for _, s := range doc.Servers {
		p := "/"
		if u, err := url.Parse(s.URL); err == nil && u.Path != "" {
			p = u.Path
		}
		if !seen[p] {
			seen[p] = true
			servers = append(servers, &openapi3.Server{URL: p})
		}
	}
	if len(servers) == 0 {
		servers = openapi3.Servers{{URL: "/"}}
	}
	doc.Servers = servers
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("routing the description of API version %s: %w", v, err)
	}
	return &Validator{version: v, router: router}, nil
}

// Version is the API version the validator checks against.
func (v *Validator) Version() string { return v.version }

// Operation returns the id of the operation req addresses, or an error when the description
// has none.
func (v *Validator) Operation(req *http.Request) (string, error) {
	req = routable(req)
	route, _, err := v.findRoute(req)
	if err != nil {
		return "", fmt.Errorf("%s %s is not an operation of API version %s", req.Method, req.URL.Path, v.version)
	}
	return route.Operation.OperationID, nil
}

// Response validates one answer to req. Every status the answer may have must be described,
// and every violation is reported, not just the first. A nil result means the answer
// conforms.
func (v *Validator) Response(req *http.Request, status int, header http.Header, body []byte) []Violation {
	req = routable(req)
	route, params, err := v.findRoute(req)
	if err != nil {
		return []Violation{{
			Operation: req.Method + " " + req.URL.Path,
			Reason:    fmt.Sprintf("not an operation of API version %s", v.version),
		}}
	}
	op := route.Operation.OperationID
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 status,
		Header:                 header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	input.Options.ExcludeResponseBody = true
	err = openapi3filter.ValidateResponse(context.Background(), input)
	if err == nil {
		err = validateBody(route.Operation, status, header, body)
	}
	if errors.Is(err, errNoDecoder) {
		// A media type (an image) this package has no decoder for: kin-openapi's own way.
		input.Options.ExcludeResponseBody = false
		input.Body = io.NopCloser(bytes.NewReader(body))
		err = openapi3filter.ValidateResponse(context.Background(), input)
	}
	if err == nil {
		return nil
	}
	var out []Violation
	flatten(err, op, &out)
	return pruneAlternatives(out)
}

var errNoDecoder = errors.New("no body decoder for the media type")

// validateBody checks the body of an answer whose status and headers conform, as
// openapi3filter.ValidateResponse would, but without its response mode: that mode copies the
// value for each alternative of a oneOf and visits the matching one again to fill in defaults,
// which costs time exponential in the nesting of lists (an index file of 1,000 titles took six
// seconds). The descriptions give no default and no readOnly or writeOnly in any body, so the
// verdict is the same.
func validateBody(op *openapi3.Operation, status int, header http.Header, body []byte) error {
	ref := op.Responses.Status(status)
	if ref == nil {
		ref = op.Responses.Default()
	}
	if ref == nil || ref.Value == nil || len(ref.Value.Content) == 0 {
		return nil
	}
	ct := header.Get("Content-Type")
	media := ref.Value.Content.Get(ct)
	if media == nil {
		return &openapi3filter.ResponseError{Reason: fmt.Sprintf("response header Content-Type has unexpected value: %q", ct)}
	}
	if media.Schema == nil {
		return nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	decode := openapi3filter.RegisteredBodyDecoder(mt)
	if err != nil || decode == nil {
		return errNoDecoder
	}
	encoding := func(name string) *openapi3.Encoding { return media.Encoding[name] }
	value, err := decode(bytes.NewReader(body), header, media.Schema, encoding)
	if err != nil {
		return &openapi3filter.ResponseError{Reason: "failed to decode response body", Err: err}
	}
	if err := media.Schema.Value.VisitJSON(value, openapi3.MultiErrors()); err != nil {
		return &openapi3filter.ResponseError{Reason: "response body doesn't match schema", Err: err}
	}
	return nil
}

// pruneAlternatives drops the type mismatch that a list reports for its other alternative
// (a list is an array or a single element) when a violation deeper down says what is wrong.
func pruneAlternatives(vs []Violation) []Violation {
	out := vs[:0:0]
	for _, v := range vs {
		typeOnly := v.Reason == "value must be an object" || v.Reason == "value must be an array"
		deeper := slices.ContainsFunc(vs, func(o Violation) bool { return strings.HasPrefix(o.Pointer, v.Pointer+"/") })
		if !(typeOnly && deeper) {
			out = append(out, v)
		}
	}
	return out
}

// routable returns req with the quotes and parentheses of its path unescaped for routing: OData
// keys are written Titles('7wcf7'), and a client may have sent Titles%28%277wcf7%27%29.
func routable(req *http.Request) *http.Request {
	escaped := req.URL.EscapedPath()
	raw := keyChars.Replace(escaped)
	if raw == escaped {
		return req
	}
	r := req.Clone(req.Context())
	r.URL.RawPath = raw
	return r
}

var keyChars = strings.NewReplacer("%27", "'", "%28", "(", "%29", ")")

// flatten turns kin-openapi's nested errors into one violation per leaf.
func flatten(err error, op string, out *[]Violation) {
	var multi openapi3.MultiError
	if errors.As(err, &multi) && len(multi) > 0 {
		for _, e := range multi {
			flatten(e, op, out)
		}
		return
	}
	var re *openapi3filter.ResponseError
	if errors.As(err, &re) && re.Err != nil {
		var inner openapi3.MultiError
		var se *openapi3.SchemaError
		if errors.As(re.Err, &inner) || errors.As(re.Err, &se) {
			flatten(re.Err, op, out)
			return
		}
		*out = append(*out, Violation{Operation: op, Reason: re.Reason + ": " + re.Err.Error()})
		return
	}
	if re != nil {
		*out = append(*out, Violation{Operation: op, Reason: re.Reason})
		return
	}
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		path := se.JSONPointer()
		reason := se.Reason
		// kin-openapi points an unknown property at its parent object; point at the element
		// itself, which is what a reader of an XML body looks for.
		if m := unsupported.FindStringSubmatch(reason); m != nil {
			path = append(path, m[1])
			reason = "not in the description (a misspelled or unknown element or attribute)"
		}
		*out = append(*out, Violation{Operation: op, Pointer: pointer(path), Reason: reason})
		return
	}
	*out = append(*out, Violation{Operation: op, Reason: err.Error()})
}

var unsupported = regexp.MustCompile(`^property "(.*)" is unsupported$`)

// pointer writes path as an RFC 6901 JSON pointer.
func pointer(path []string) string {
	var b strings.Builder
	esc := strings.NewReplacer("~", "~0", "/", "~1")
	for _, p := range path {
		b.WriteByte('/')
		b.WriteString(esc.Replace(p))
	}
	return b.String()
}
