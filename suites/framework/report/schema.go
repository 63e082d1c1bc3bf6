package report

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// ResultsSchema is the JSON Schema (draft 2020-12) of results.json.
//
//go:embed results.schema.json
var ResultsSchema []byte

// resultsSchemaID is the $id of ResultsSchema; the compiler resolves it to the embedded
// document, so validation never touches the network.
const resultsSchemaID = "https://flixconf.dev/schemas/results-1.json"

var resultsSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(ResultsSchema))
	if err != nil {
		return nil, fmt.Errorf("parse results schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	// Draft 2020-12 treats "format" as an annotation only; "started" must really be a date-time.
	c.AssertFormat()
	if err := c.AddResource(resultsSchemaID, doc); err != nil {
		return nil, fmt.Errorf("load results schema: %w", err)
	}
	s, err := c.Compile(resultsSchemaID)
	if err != nil {
		return nil, fmt.Errorf("compile results schema: %w", err)
	}
	return s, nil
})

// ValidateResultsJSON checks that b is a results.json document that ResultsSchema accepts.
// A schema violation is reported one per line, each starting with its location in the
// document as a JSON pointer.
func ValidateResultsJSON(b []byte) error {
	s, err := resultsSchema()
	if err != nil {
		return err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("parse results: %w", err)
	}
	err = s.Validate(doc)
	var ve *jsonschema.ValidationError
	if errors.As(err, &ve) {
		lines := violations(ve, nil)
		slices.Sort(lines)
		return errors.New(strings.Join(lines, "\n"))
	}
	return err
}

// english renders the schema library's messages.
var english = message.NewPrinter(language.English)

// violations flattens the tree of a validation error into its leaves, the actual violations,
// as "at '<JSON pointer>': <message>" lines. The inner nodes only say which subschema the
// leaves came through.
func violations(e *jsonschema.ValidationError, lines []string) []string {
	if len(e.Causes) == 0 {
		return append(lines, fmt.Sprintf("at '%s': %s", pointer(e.InstanceLocation), e.ErrorKind.LocalizedString(english)))
	}
	for _, c := range e.Causes {
		lines = violations(c, lines)
	}
	return lines
}

// pointer renders an instance location as a JSON pointer (RFC 6901); the whole document is "".
func pointer(tokens []string) string {
	var b strings.Builder
	esc := strings.NewReplacer("~", "~0", "/", "~1")
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(esc.Replace(t))
	}
	return b.String()
}
