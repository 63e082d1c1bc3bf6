package validate

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// Request validates a request against the operation it addresses: its parameters' types and
// limits, required ones, and parameters the operation does not know. OAuth parameters are
// not described per operation (they belong to the security schemes) and are not reported.
// The request's body, if any, must have been restored for reading.
func (v *Validator) Request(req *http.Request) []Violation {
	req = routable(req)
	route, params, err := v.findRoute(req)
	if err != nil {
		return []Violation{{Operation: req.Method + " " + req.URL.Path, Reason: fmt.Sprintf("not an operation of API version %s", v.version)}}
	}
	op := route.Operation.OperationID
	var out []Violation
	known := map[string]bool{}
	for _, p := range route.Operation.Parameters {
		if p.Value != nil && p.Value.In == "query" {
			known[p.Value.Name] = true
		}
	}
	for name := range req.URL.Query() {
		if !known[name] && !strings.HasPrefix(name, "oauth_") {
			out = append(out, Violation{Operation: op, Pointer: "/query/" + name, Reason: "unknown parameter"})
		}
	}
	err = openapi3filter.ValidateRequest(context.Background(), &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{MultiError: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, ExcludeRequestBody: true,
			// Validation must not change the request: a server checks the signature of it afterwards.
			SkipSettingDefaults: true},
	})
	if err != nil {
		flattenRequest(err, op, &out)
	}
	slices.SortFunc(out, func(a, b Violation) int { return strings.Compare(a.Pointer, b.Pointer) })
	return out
}

// flattenRequest turns kin-openapi's request errors into violations, one per parameter.
func flattenRequest(err error, op string, out *[]Violation) {
	switch e := err.(type) {
	case openapi3.MultiError:
		for _, inner := range e {
			flattenRequest(inner, op, out)
		}
		return
	case *openapi3filter.RequestError:
		if e.Parameter == nil && e.Err != nil {
			flattenRequest(e.Err, op, out)
			return
		}
		reason := e.Reason
		if e.Err != nil {
			var parts []string
			var leaves []Violation
			flatten(e.Err, op, &leaves)
			for _, l := range leaves {
				parts = append(parts, l.Reason)
			}
			reason = strings.Join(parts, "; ")
		}
		v := Violation{Operation: op, Reason: firstLine(reason)}
		if e.Parameter != nil {
			v.Pointer = "/" + e.Parameter.In + "/" + e.Parameter.Name
		}
		*out = append(*out, v)
		return
	}
	*out = append(*out, Violation{Operation: op, Reason: firstLine(err.Error())})
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
