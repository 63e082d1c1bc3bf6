package timeline

import "slices"

// Effect is one typed change an event makes. Kind says which fields it uses; the schema
// (spec/timeline.schema.json, $defs/effect-<kind>) admits no others.
type Effect struct {
	Kind Kind `json:"kind"`
	// Versions narrows the event's versions for this effect; empty for the event's.
	Versions []string `json:"versions,omitempty"`
	// Effective is the effect's own day, when it differs from its event's.
	Effective *Date `json:"effective,omitempty"`
	// CancelledBy names the event that cancelled the effect: it never takes effect.
	CancelledBy string `json:"cancelled_by,omitempty"`
	Note        string `json:"note,omitempty"`
	Marks       []Mark `json:"marks,omitempty"`

	// Version is the REST version that a version-launched effect makes available.
	Version string `json:"version,omitempty"`

	// Operations are the operation ids (spec.OperationID) the effect concerns:
	// operations-removed, operations-added, series-model, elements-removed, links-removed,
	// content-restricted.
	Operations []string `json:"operations,omitempty"`

	// Expand is the expansion that lists a series' episodes, and MaxEpisodesPerTitle the size
	// above which a series may be split into several titles (series-model).
	Expand              string `json:"expand,omitempty"`
	MaxEpisodesPerTitle int    `json:"max_episodes_per_title,omitempty"`

	// Element is the element or attribute whose values are pinned or replaced (values-pinned,
	// values-replaced), written element.child or element@attribute.
	Element string `json:"element,omitempty"`
	// Value is what a values-pinned element always carries, unless the title leaves within
	// UnlessLeavingWithinDays of the request's day (0: no exception).
	Value                   string `json:"value,omitempty"`
	UnlessLeavingWithinDays int    `json:"unless_leaving_within_days,omitempty"`
	// Scheme is the path of the category scheme whose values are replaced, SchemeKept whether
	// the scheme stays, and Before a title's labels under it before the day (values-replaced).
	Scheme     string  `json:"scheme,omitempty"`
	SchemeKept bool    `json:"scheme_kept,omitempty"`
	Before     *Labels `json:"before,omitempty"`

	// Answers pairs each operation with the one whose results it gives, until Until
	// (operations-answer-as).
	Answers []Answer `json:"answers,omitempty"`
	Until   *Date    `json:"until,omitempty"`

	// Elements are dropped from the answers of Operations, or from every expand of every
	// resource when Expands is "all" (elements-removed).
	Elements []string `json:"elements,omitempty"`
	Expands  string   `json:"expands,omitempty"`

	// Links are dropped from the answers of Operations (links-removed).
	Links []Link `json:"links,omitempty"`

	// To is the catalog that Operations, or Surface (outside the described API), keep serving;
	// Detail says what goes (content-restricted).
	To      string `json:"to,omitempty"`
	Surface string `json:"surface,omitempty"`
	Detail  string `json:"detail,omitempty"`

	// Cancels names the event whose effects marked CancelledBy this effect's event never take
	// effect (cancellation).
	Cancels string `json:"cancels,omitempty"`

	// Host goes live or is retired (host-live, host-retired).
	Host string `json:"host,omitempty"`

	// Files go on the day; their paths are not known (files-removed).
	Files []string `json:"files,omitempty"`

	// Service ("odata" or "api") answers 404 from the day, at Hosts and Paths when given;
	// ExceptPartners spares the partner applications' keys (service-retired).
	Service        string   `json:"service,omitempty"`
	Hosts          []string `json:"hosts,omitempty"`
	Paths          []string `json:"paths,omitempty"`
	ExceptPartners bool     `json:"except_partners,omitempty"`

	// Partners are the applications, by name, whose keys keep working (partner-allow-list).
	Partners []string `json:"partners,omitempty"`
}

// Kind is the kind of an effect.
type Kind string

// The kinds of effects.
const (
	KindVersionLaunched    Kind = "version-launched"
	KindSeriesModel        Kind = "series-model"
	KindValuesReplaced     Kind = "values-replaced"
	KindValuesPinned       Kind = "values-pinned"
	KindOperationsRemoved  Kind = "operations-removed"
	KindOperationsAdded    Kind = "operations-added"
	KindOperationsAnswerAs Kind = "operations-answer-as"
	KindElementsRemoved    Kind = "elements-removed"
	KindLinksRemoved       Kind = "links-removed"
	KindContentRestricted  Kind = "content-restricted"
	KindCancellation       Kind = "cancellation"
	KindHostLive           Kind = "host-live"
	KindHostRetired        Kind = "host-retired"
	KindFilesRemoved       Kind = "files-removed"
	KindKeyIssuanceStopped Kind = "key-issuance-stopped"
	KindServiceRetired     Kind = "service-retired"
	KindPartnerAllowList   Kind = "partner-allow-list"
)

// Answer is one operation answering with another's results.
type Answer struct {
	Operation string `json:"operation"`
	As        string `json:"as"`
}

// Link is a link of an answer, by its title and rel.
type Link struct {
	Title string `json:"title"`
	Rel   string `json:"rel"`
}

// Labels are a title's category labels under a scheme, in the order a post shows them.
type Labels struct {
	Title  string   `json:"title"`
	Labels []string `json:"labels"`
}

// Cancelled reports whether the effect never takes effect.
func (f *Effect) Cancelled() bool { return f.CancelledBy != "" }

// versions lists the descriptions the effect applies to: its own, or its event's.
func (f *Effect) versions(e *Event) []string {
	if len(f.Versions) > 0 {
		return f.Versions
	}
	return e.Versions.Names()
}

// operationIDs lists every operation id the effect names.
func (f *Effect) operationIDs() []string {
	ids := slices.Clone(f.Operations)
	for _, a := range f.Answers {
		ids = append(ids, a.Operation, a.As)
	}
	return ids
}

// elementNames lists every element the effect names.
func (f *Effect) elementNames() []string {
	names := slices.Clone(f.Elements)
	if f.Element != "" {
		names = append(names, f.Element)
	}
	return names
}
