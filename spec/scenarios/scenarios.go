package scenarios

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/flixconf/flixconf/internal/schemacheck"
	"github.com/flixconf/flixconf/spec"
)

//go:embed *.yaml scenarios.schema.json
var files embed.FS

//go:embed scenarios.schema.json
var schema []byte

var checker = schemacheck.New("scenario file", "https://flixconf.dev/schemas/scenarios-1.json", schema)

// File is one scenario file: the probes of one event.
type File struct {
	Name   string  `yaml:"-" json:"-"`
	Event  string  `yaml:"event" json:"event"`
	Probes []Probe `yaml:"probes" json:"probes"`
}

// Probe is one dated request and the answer it must get.
type Probe struct {
	ID string `yaml:"id" json:"id"`
	// Side is where the probe stands: before or after the event's effective day, or on the
	// event's side where a behaviour must hold ("holds": the cancelled removal never happens).
	Side    string   `yaml:"side" json:"side"`
	Day     spec.Day `yaml:"day" json:"day"`
	Source  Source   `yaml:"source" json:"source"`
	Request Request  `yaml:"request" json:"request"`
	Expect  Expect   `yaml:"expect" json:"expect"`
	// Fixtures marks a probe that depends on flixconf's dataset (titles, users), not only on
	// the API's rules.
	Fixtures bool `yaml:"fixtures,omitempty" json:"fixtures,omitempty"`
}

// Source is the post a probe checks and the claim of it, in our words.
type Source struct {
	Post  string `yaml:"post" json:"post"`
	Claim string `yaml:"claim" json:"claim"`
}

// Request is what a probe sends.
type Request struct {
	Version string `yaml:"version" json:"version"`
	// Host is sent as the Host header (api.netflix.com, api-public.netflix.com, ...); empty
	// leaves the target's own.
	Host string `yaml:"host,omitempty" json:"host,omitempty"`
	// Credential is how the request is authorised: none, consumer, signed, user or partner.
	Credential string            `yaml:"credential" json:"credential"`
	Method     string            `yaml:"method" json:"method"`
	Path       string            `yaml:"path" json:"path"`
	Params     map[string]string `yaml:"params,omitempty" json:"params,omitempty"`
}

// Expect is the answer a probe must get: a status, and for a 2xx at least one fact.
type Expect struct {
	Status int    `yaml:"status" json:"status"`
	Facts  []Fact `yaml:"facts,omitempty" json:"facts,omitempty"`
}

// Fact is one thing true of the answer's body, read as the JSON the API mirrored its XML to.
type Fact struct {
	Pointer string `yaml:"pointer" json:"pointer"`
	// Is is present, absent, equals (Value), count (Count list items at Pointer) or
	// count-where (Count list items whose Where members have those values).
	Is    string            `yaml:"is" json:"is"`
	Value string            `yaml:"value,omitempty" json:"value,omitempty"`
	Count *int              `yaml:"count,omitempty" json:"count,omitempty"`
	Where map[string]string `yaml:"where,omitempty" json:"where,omitempty"`
}

// Load reads and checks every scenario file.
func Load() ([]File, error) {
	names, err := fs.Glob(files, "*.yaml")
	if err != nil {
		return nil, err
	}
	var out []File
	for _, name := range names {
		b, err := files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		f, err := Parse(name, b)
		if err != nil {
			return nil, err
		}
		out = append(out, *f)
	}
	return out, nil
}

// Parse reads one scenario file: it must match the schema, and its probes must be unique and
// consistent (a 2xx with facts, credentials and versions known).
func Parse(name string, b []byte) (*File, error) {
	var raw any
	if err := yaml.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	j, err := json.Marshal(plainDays(raw))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := checker.Validate(j); err != nil {
		return nil, fmt.Errorf("%s breaks scenarios.schema.json:\n%w", name, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	f := &File{Name: strings.TrimSuffix(path.Base(name), ".yaml")}
	if err := dec.Decode(f); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	seen := map[string]bool{}
	for _, p := range f.Probes {
		switch {
		case seen[p.ID]:
			return nil, fmt.Errorf("%s: probe %s appears twice", name, p.ID)
		case !slices.Contains(spec.Names(), p.Request.Version):
			return nil, fmt.Errorf("%s: probe %s: version %q is not described", name, p.ID, p.Request.Version)
		case p.Expect.Status >= 200 && p.Expect.Status < 300 && len(p.Expect.Facts) == 0:
			return nil, fmt.Errorf("%s: probe %s expects %d but states no fact about the body", name, p.ID, p.Expect.Status)
		}
		seen[p.ID] = true
	}
	return f, nil
}

// plainDays turns the timestamps YAML reads from unquoted days back into YYYY-MM-DD, so that
// the schema sees the file as written.
func plainDays(v any) any {
	switch v := v.(type) {
	case time.Time:
		if v.Equal(spec.DayOf(v).Time()) {
			return v.Format(spec.DayLayout)
		}
		return v.Format(time.RFC3339)
	case map[string]any:
		for k, x := range v {
			v[k] = plainDays(x)
		}
	case []any:
		for i, x := range v {
			v[i] = plainDays(x)
		}
	}
	return v
}
