package report

import (
	_ "embed"

	"github.com/flixconf/flixconf/internal/schemacheck"
)

// ResultsSchema is the JSON Schema (draft 2020-12) of results.json.
//
//go:embed results.schema.json
var ResultsSchema []byte

// resultsSchemaID is the $id of ResultsSchema; the compiler resolves it to the embedded
// document, so validation never touches the network.
const resultsSchemaID = "https://flixconf.dev/schemas/results-1.json"

var resultsChecker = schemacheck.New("results", resultsSchemaID, ResultsSchema)

// ValidateResultsJSON checks that b is a results.json document that ResultsSchema accepts.
// A schema violation is reported one per line, each starting with its location in the
// document as a JSON pointer.
func ValidateResultsJSON(b []byte) error { return resultsChecker.Validate(b) }
