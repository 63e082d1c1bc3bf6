// Package schemacheck validates JSON documents against the JSON Schemas (draft 2020-12) that
// flixconf ships beside its formats: results.json, the fixtures dataset and the data files
// that follow. Violations are reported one a line, each at its JSON pointer.
package schemacheck

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Checker validates documents against one schema, compiled on first use.
type Checker struct {
	name    string
	compile func() (*jsonschema.Schema, error)
}

// New returns a checker for the schema src, whose $id is id; name says what the documents are
// in error messages ("results", "dataset").
func New(name, id string, src []byte) *Checker {
	return &Checker{name: name, compile: sync.OnceValues(func() (*jsonschema.Schema, error) {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(src))
		if err != nil {
			return nil, fmt.Errorf("parse the %s schema: %w", name, err)
		}
		c := jsonschema.NewCompiler()
		// Draft 2020-12 treats "format" as an annotation; dates and times must really be so.
		c.AssertFormat()
		if err := c.AddResource(id, doc); err != nil {
			return nil, fmt.Errorf("load the %s schema: %w", name, err)
		}
		s, err := c.Compile(id)
		if err != nil {
			return nil, fmt.Errorf("compile the %s schema: %w", name, err)
		}
		return s, nil
	})}
}

// Validate checks the JSON document b. Each violation is a line "at '<JSON pointer>':
// <message>", sorted.
func (c *Checker) Validate(b []byte) error {
	s, err := c.compile()
	if err != nil {
		return err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("parse the %s: %w", c.name, err)
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

// violations flattens the tree of a validation error into its leaves, the actual violations;
// the inner nodes only say which subschema the leaves came through.
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
