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
	"io/fs"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

//go:embed openapi/*.yaml
var documents embed.FS

// Versions lists the API versions that have a description, in ascending order.
func Versions() []string {
	entries, err := fs.ReadDir(documents, "openapi")
	if err != nil {
		// The directory is embedded at build time; reading it cannot fail at run time.
		panic(err)
	}
	var vs []string
	for _, e := range entries {
		if v, ok := strings.CutSuffix(e.Name(), ".yaml"); ok {
			vs = append(vs, v)
		}
	}
	slices.Sort(vs)
	return vs
}

// Source returns the document of version v as written.
func Source(v string) ([]byte, error) {
	b, err := documents.ReadFile("openapi/" + v + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("no description of API version %q (described: %s)", v, strings.Join(Versions(), ", "))
	}
	return b, nil
}

// Load parses and validates the document of version v. Each call returns a new document, so
// a caller may change it (the validator makes its servers relative).
func Load(v string) (*openapi3.T, error) {
	b, err := Source(v)
	if err != nil {
		return nil, err
	}
	doc, err := openapi3.NewLoader().LoadFromData(b)
	if err != nil {
		return nil, fmt.Errorf("description of API version %s: %w", v, err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("description of API version %s is invalid: %w", v, err)
	}
	return doc, nil
}

// OperationID derives an operation's id from its method and path template, the same in every
// version: the method in lower case, then each path segment with its first letter in upper
// case and underscores removed (the letter after each in upper case), a {parameter} segment
// written By + its name. GET /catalog/titles/movies/{id} is getCatalogTitlesMoviesById.
// The timeline, coverage and the conformance list key on these ids.
func OperationID(method, path string) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(method))
	for _, seg := range strings.Split(strings.Trim(path, "/"), "/") {
		if name, ok := strings.CutPrefix(seg, "{"); ok {
			b.WriteString("By")
			seg = strings.TrimSuffix(name, "}")
		}
		for _, word := range strings.Split(seg, "_") {
			if word != "" {
				b.WriteString(strings.ToUpper(word[:1]) + word[1:])
			}
		}
	}
	return b.String()
}
