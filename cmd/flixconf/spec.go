package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/spec/asof"
)

// specFormats are the forms spec prints a description in.
var specFormats = []string{"yaml", "json"}

// specOptions are spec's flags.
type specOptions struct {
	version descriptionValue
	format  choiceValue
	asOf    spec.Day
}

func (o *specOptions) flags(fs *flag.FlagSet) {
	fs.Var(&o.version, "version", "the description to print: "+strings.Join(spec.Names(), ", ")+" (required)")
	o.format = choiceValue{value: "yaml", allowed: specFormats}
	fs.Var(&o.format, "format", "yaml prints the document exactly as written; json prints it as parsed, indented")
	fs.Var(spec.DayFlag{P: &o.asOf}, "as-of", "print the description as it stood on this day, YYYY-MM-DD: removed operations and elements gone, announced removals deprecated with x-sunset, pinned values as enums")
}

func specCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("spec", flag.ContinueOnError)
	var o specOptions
	o.flags(fs)
	if code := parseFlags(fs, "FLIXCONF_SPEC_", args, stdout, stderr); code >= 0 {
		return code
	}
	if o.version == "" {
		return usageError(stderr, "spec", "--version (or FLIXCONF_SPEC_VERSION) is required: want one of %s", strings.Join(spec.Names(), ", "))
	}
	out, err := renderDescription(string(o.version), o.format.value, o.asOf)
	if err != nil {
		// The descriptions are embedded and checked by the tests, so this is a broken build,
		// not a user's mistake.
		fmt.Fprintf(stderr, "flixconf spec: %v\n", err)
		return exitFail
	}
	if _, err := stdout.Write(out); err != nil {
		fmt.Fprintf(stderr, "flixconf spec: writing the description: %v\n", err)
		return exitFail
	}
	return exitOK
}

// renderDescription gives the description called name in format: the YAML as written, byte
// for byte, or the loaded document as indented JSON ending in a newline.
func renderDescription(name, format string, asOf spec.Day) ([]byte, error) {
	if !asOf.IsZero() {
		doc, err := asof.Document(name, asOf)
		if err != nil {
			return nil, err
		}
		if format == "yaml" {
			return asof.Marshal(doc)
		}
		out, err := json.MarshalIndent(doc, "", "  ")
		return append(out, '\n'), err
	}
	if format == "yaml" {
		return spec.Source(name)
	}
	doc, err := spec.Load(name)
	if err != nil {
		return nil, err
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("description %s as JSON: %w", name, err)
	}
	return append(out, '\n'), nil
}

// descriptionValue is a flag naming one of the descriptions, spec.Names(); "" when not set.
type descriptionValue string

func (d *descriptionValue) String() string {
	if d == nil {
		return ""
	}
	return string(*d)
}

func (d *descriptionValue) Set(s string) error {
	if !slices.Contains(spec.Names(), s) {
		return fmt.Errorf("no description called %q; want one of %s", s, strings.Join(spec.Names(), ", "))
	}
	*d = descriptionValue(s)
	return nil
}

// choiceValue is a flag taking one of a fixed set of words.
type choiceValue struct {
	value   string
	allowed []string
}

func (c *choiceValue) String() string {
	if c == nil {
		return ""
	}
	return c.value
}

func (c *choiceValue) Set(s string) error {
	if !slices.Contains(c.allowed, s) {
		return fmt.Errorf("want one of %s", strings.Join(c.allowed, ", "))
	}
	c.value = s
	return nil
}
