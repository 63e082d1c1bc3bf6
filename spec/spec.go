// Package spec holds flixconf's descriptions of the Netflix public API, one OpenAPI 3.0.3
// document per API version, embedded so that a single binary carries them.
//
// The documents are the contract every other part is checked against: the suite validates
// every answer against the document of the version it asked for, and the mock is judged by
// the suite.
package spec

import (
	"context"
	"embed"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"
)

//go:embed openapi/*.yaml
var documents embed.FS

// ODataName names the description of the OData catalog (odata.netflix.com), which has no API
// version of its own.
const ODataName = "odata"

// Versions lists the versions of the REST API, in ascending order; each has a description.
func Versions() []string { return slices.Clone(RESTVersions) }

// Names lists every description: the REST API versions, then the OData catalog when it is
// described.
func Names() []string {
	names := Versions()
	if _, err := documents.ReadFile("openapi/" + ODataName + ".yaml"); err == nil {
		names = append(names, ODataName)
	}
	return names
}

// Source returns the description called name (a REST API version, or "odata") as written.
func Source(name string) ([]byte, error) {
	b, err := documents.ReadFile("openapi/" + name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("no description called %q (described: %s)", name, strings.Join(Names(), ", "))
	}
	return b, nil
}

// Load parses and validates the description called v (a REST API version, or "odata"). Each
// call returns a new document, so a caller may change it (the validator makes its servers
// relative).
func Load(v string) (*openapi3.T, error) {
	b, err := Source(v)
	if err != nil {
		return nil, err
	}
	doc, err := openapi3.NewLoader().LoadFromData(b)
	if err != nil {
		return nil, fmt.Errorf("description of API version %s: %w", v, err)
	}
	if err := validateOnce(v, doc); err != nil {
		return nil, fmt.Errorf("description of API version %s is invalid: %w", v, err)
	}
	return doc, nil
}

// validations remembers, per description, the outcome of validating it: the documents are
// embedded and cannot change while the process runs, and validating one costs about a tenth
// of a second, which the mock's start-up would otherwise pay at every Load.
var validations sync.Map // name -> func() error

func validateOnce(name string, doc *openapi3.T) error {
	once, _ := validations.LoadOrStore(name, sync.OnceValue(func() error { return doc.Validate(context.Background()) }))
	return once.(func() error)()
}

// OperationID derives an operation's id from its method and path template, the same in every
// version: the method in lower case, then the words of the path, each with its first letter in
// upper case. Words are the runs of letters and digits between any other characters (so
// "/queues/disc" gives QueuesDisc, "ca_movie_ratings" CaMovieRatings and "$value" Value); a
// {parameter} is written By and its name's words ({user_id} gives ByUserId). The root path is
// written Root. GET /catalog/titles/movies/{id} is getCatalogTitlesMoviesById, and the OData
// path /Titles('{id}')/Cast is getTitlesByIdCast. The timeline, coverage and the conformance
// list key on these ids.
func OperationID(method, path string) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(method))
	words := func(s string) {
		for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	rest := strings.Trim(path, "/")
	if rest == "" {
		b.WriteString("Root")
	}
	for rest != "" {
		open := strings.IndexByte(rest, '{')
		end := strings.IndexByte(rest, '}')
		if open < 0 || end < open {
			words(rest)
			break
		}
		words(rest[:open])
		b.WriteString("By")
		words(rest[open+1 : end])
		rest = rest[end+1:]
	}
	return b.String()
}

// Operation is one operation of a description: what coverage, the timeline and the
// conformance list key on.
type Operation struct {
	ID     string
	Method string
	Path   string
	// AuthLevel is consumer, signed, protected or request-token (x-flixconf-auth-level of its
	// security schemes; the least demanding when several are allowed); "" for none.
	AuthLevel string
	// AuthLevels lists the level of each alternative the operation accepts, in the order the
	// description gives them (a user resource is protected, or its feed form with a feed token).
	AuthLevels []string
	// Representations are the media types of its 2xx answers, sorted.
	Representations []string
}

// Operations lists the operations of the description called name, sorted by path and method.
// The list is read once per process; each call returns a copy of it.
func Operations(name string) ([]Operation, error) {
	once, _ := operations.LoadOrStore(name, sync.OnceValues(func() ([]Operation, error) { return readOperations(name) }))
	ops, err := once.(func() ([]Operation, error))()
	if err != nil {
		return nil, err
	}
	out := make([]Operation, len(ops))
	for i, o := range ops {
		o.AuthLevels, o.Representations = slices.Clone(o.AuthLevels), slices.Clone(o.Representations)
		out[i] = o
	}
	return out, nil
}

// operations holds, per description, the func that reads its operations once.
var operations sync.Map // name -> func() ([]Operation, error)

func readOperations(name string) ([]Operation, error) {
	doc, err := Load(name)
	if err != nil {
		return nil, err
	}
	var ops []Operation
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for method, op := range item.Operations() {
			o := Operation{ID: op.OperationID, Method: method, Path: path}
			o.AuthLevel, o.AuthLevels = authLevels(doc, op)
			for code, resp := range op.Responses.Map() {
				if !strings.HasPrefix(code, "2") || resp.Value == nil {
					continue
				}
				for mt := range resp.Value.Content {
					if !slices.Contains(o.Representations, mt) {
						o.Representations = append(o.Representations, mt)
					}
				}
			}
			slices.Sort(o.Representations)
			ops = append(ops, o)
		}
	}
	slices.SortFunc(ops, func(a, b Operation) int {
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		return strings.Compare(a.Method, b.Method)
	})
	return ops, nil
}

// authOrder ranks the auth levels from the least to the most demanding.
var authOrder = []string{"consumer", "signed", "request-token", "protected"}

func authLevels(doc *openapi3.T, op *openapi3.Operation) (string, []string) {
	reqs := doc.Security
	if op.Security != nil {
		reqs = *op.Security
	}
	best := ""
	var all []string
	for _, req := range reqs {
		level := ""
		for name := range req {
			scheme := doc.Components.SecuritySchemes[name]
			if scheme == nil || scheme.Value == nil {
				continue
			}
			l, _ := scheme.Value.Extensions["x-flixconf-auth-level"].(string)
			if slices.Index(authOrder, l) > slices.Index(authOrder, level) {
				level = l // a requirement is as demanding as its most demanding scheme
			}
		}
		all = append(all, level)
		if best == "" || slices.Index(authOrder, level) < slices.Index(authOrder, best) {
			best = level
		}
	}
	return best, all
}
