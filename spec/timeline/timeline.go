// Package timeline loads the dated life of the Netflix public API, spec/timeline.yaml: the
// events the developer blog announced (and the launches before them), each with the post it is
// read from, its dates and how sure they are, the readings it rests on (interpretations and
// assumptions), and its typed effects on what the API answers. The mock computes the
// behaviour of a day from it; the lifecycle scenarios assert what the posts say on their own,
// so a timeline that both sides misread is still caught.
//
// Days follow spec.Day: a change effective on D applies to every request whose clock reads D
// 00:00:00 UTC or later. An approximate date takes effect on its guess day (a suite asserts it
// only outside its window of doubt). A cancelled effect never takes effect.
package timeline

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/flixconf/flixconf/internal/schemacheck"
	"github.com/flixconf/flixconf/spec"
)

// schemaID is the $id of spec.TimelineSchema; the compiler resolves it to the embedded
// document, so validation never touches the network.
const schemaID = "https://flixconf.dev/schemas/timeline-1.json"

var checker = schemacheck.New("timeline", schemaID, spec.TimelineSchema)

// Timeline is the API's life: its events in the order the file gives them (date order).
type Timeline struct {
	Events []Event `json:"events"`
}

// Event is one dated change, as one post (or, for a launch, the reference) tells it.
type Event struct {
	// ID names the event; code and the scenario files key on it, so it never changes.
	ID    string `json:"id"`
	Title string `json:"title"`
	// Scope is ScopePortal for a change of the portal or the program, outside the API (no
	// versions, no effects); empty for a change of the API.
	Scope  Scope  `json:"scope,omitempty"`
	Source Source `json:"source"`
	// Announced is when the change was made public; nil when no post announced it.
	Announced *Date `json:"announced,omitempty"`
	// Effective is when the change takes effect; an effect may carry its own day.
	Effective Date   `json:"effective"`
	Status    Status `json:"status"`
	// CancelledBy names the event that cancelled this one's cancelled effects.
	CancelledBy string `json:"cancelled_by,omitempty"`
	// Versions are the descriptions the event concerns; zero for a portal event.
	Versions Versions `json:"versions,omitzero"`
	Notes    string   `json:"notes,omitempty"`
	Marks    []Mark   `json:"marks,omitempty"`
	Effects  []Effect `json:"effects,omitempty"`
}

// Scope says whether an event changes the API.
type Scope string

// ScopePortal marks an event of the developer portal or the program: recorded, not modelled.
const ScopePortal Scope = "portal"

// Status says whether an event's effects take effect.
type Status string

// The statuses of an event.
const (
	StatusEffective       Status = "effective"        // every effect takes effect
	StatusCancelled       Status = "cancelled"        // no effect takes effect
	StatusPartlyCancelled Status = "partly-cancelled" // the effects with CancelledBy do not
)

// Source is where an event is read: a post of the blog and its publication date, in a
// document of the shared folder, or other evidence for a date no post gives.
type Source struct {
	Post      string `json:"post,omitempty"`
	Published *Date  `json:"published,omitempty"`
	Document  string `json:"document"`
	Evidence  string `json:"evidence,omitempty"`
}

// Mark is a reading that is not a statement of the seed.
type Mark struct {
	Kind MarkKind `json:"kind"`
	Text string   `json:"text"`
}

// MarkKind is what kind of reading a mark records.
type MarkKind string

// The kinds of marks.
const (
	Interpretation MarkKind = "interpretation" // a reading of what a post means
	Assumption     MarkKind = "assumption"     // a value the record does not give
)

// OutOfScope reports whether the event is outside the API surface (a portal change).
func (e *Event) OutOfScope() bool { return e.Scope == ScopePortal }

// EffectiveDay is the day the event takes effect, for computing behaviour: the exact day, or
// the guess day of an approximate window.
func (e *Event) EffectiveDay() spec.Day { return e.Effective.Day() }

// Load reads the embedded timeline, checks it against its schema and against the API
// descriptions, and returns it. Each call returns a new Timeline.
func Load() (*Timeline, error) { return parse(spec.TimelineYAML) }

// parse reads a timeline written as spec/timeline.yaml is: it validates the document
// converted to JSON against the schema, decodes that same JSON, and applies the rules the
// schema cannot express.
func parse(src []byte) (*Timeline, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		return nil, fmt.Errorf("timeline: %w", err)
	}
	doc, err := plain(&root)
	if err != nil {
		return nil, fmt.Errorf("timeline: %w", err)
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("timeline: as JSON: %w", err)
	}
	if err := checker.Validate(b); err != nil {
		return nil, fmt.Errorf("timeline: the schema rejects it:\n%w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var t Timeline
	if err := dec.Decode(&t); err != nil {
		return nil, fmt.Errorf("timeline: %w", err)
	}
	d, err := loadDescriptions()
	if err != nil {
		return nil, fmt.Errorf("timeline: %w", err)
	}
	if err := t.check(d); err != nil {
		return nil, fmt.Errorf("timeline: %w", err)
	}
	return &t, nil
}

// plain converts a YAML node to the values JSON writes. A day stays the text it is written
// as: YAML would read an unquoted 2012-09-15 as a timestamp, which JSON writes as a time.
func plain(n *yaml.Node) (any, error) {
	p := plainer{left: maxValues}
	return p.value(n)
}

// maxValues bounds the values a timeline expands to once its aliases are followed. The real
// file has under a thousand; aliases of aliases can make a small document expand exponentially
// (the "billion laughs"), which yaml.Unmarshal guards against only when it does the expanding.
const maxValues = 10_000

// plainer is the state of one plain conversion: the values still allowed, and the anchored
// nodes being expanded through an alias, so that an alias inside its own anchor is an error
// rather than an endless recursion.
type plainer struct {
	left int
	open []*yaml.Node
}

func (p *plainer) value(n *yaml.Node) (any, error) {
	if p.left--; p.left < 0 {
		return nil, fmt.Errorf("more than %d values once aliases are expanded", maxValues)
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return p.value(n.Content[0])
	case yaml.AliasNode:
		if slices.Contains(p.open, n.Alias) {
			return nil, fmt.Errorf("line %d: alias *%s is inside its own anchor", n.Line, n.Value)
		}
		p.open = append(p.open, n.Alias)
		defer func() { p.open = p.open[:len(p.open)-1] }()
		return p.value(n.Alias)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := p.value(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		s := make([]any, len(n.Content))
		for i, c := range n.Content {
			v, err := p.value(c)
			if err != nil {
				return nil, err
			}
			s[i] = v
		}
		return s, nil
	}
	if n.ShortTag() == "!!timestamp" {
		return n.Value, nil
	}
	var v any
	err := n.Decode(&v)
	return v, err
}

// ValidateJSON checks that b is a timeline written as JSON (as `flixconf timeline --format
// json` prints it) that spec.TimelineSchema accepts. Each violation is one line starting with
// its place in the document as a JSON pointer.
func ValidateJSON(b []byte) error { return checker.Validate(b) }

// Event returns the event called id.
func (t *Timeline) Event(id string) (*Event, bool) {
	i := slices.IndexFunc(t.Events, func(e Event) bool { return e.ID == id })
	if i < 0 {
		return nil, false
	}
	return &t.Events[i], true
}

// Versions are the descriptions an event concerns: every REST version ("all" in the file),
// or a list of description names (spec.Names).
type Versions struct {
	all  bool
	list []string
}

// Names lists the descriptions: spec.Versions() for all.
func (vs Versions) Names() []string {
	if vs.all {
		return spec.Versions()
	}
	return slices.Clone(vs.list)
}

// Has reports whether description v is among the versions.
func (vs Versions) Has(v string) bool { return slices.Contains(vs.Names(), v) }

// IsZero reports whether no versions are given (a portal event).
func (vs Versions) IsZero() bool { return !vs.all && len(vs.list) == 0 }

// MarshalJSON writes "all" or the list.
func (vs Versions) MarshalJSON() ([]byte, error) {
	if vs.all {
		return json.Marshal("all")
	}
	return json.Marshal(vs.list)
}

// UnmarshalJSON reads "all" or a list of description names.
func (vs *Versions) UnmarshalJSON(b []byte) error {
	var word string
	if err := json.Unmarshal(b, &word); err == nil {
		if word != "all" {
			return fmt.Errorf("versions %q: want all or a list", word)
		}
		*vs = Versions{all: true}
		return nil
	}
	var list []string
	if err := json.Unmarshal(b, &list); err != nil {
		return errors.New("versions: want all or a list of versions")
	}
	*vs = Versions{list: list}
	return nil
}
