package timeline

import (
	"strings"
	"testing"
)

// base is a small timeline that passes every rule: a removal, part of which a later event
// cancels. Each case of TestRulesRejectBrokenTimelines breaks it in one place.
const base = `
events:
  - id: removal
    title: A removal
    source:
      post: A post
      published: { exact: 2012-06-13, confidence: high }
      document: shared/seed/netflix-api-blog-page1.txt
    effective: { exact: 2012-09-15, confidence: high }
    status: partly-cancelled
    cancelled_by: reversal
    versions: all
    effects:
      - kind: operations-removed
        operations: [getUsersByUserIdRentalHistory]
      - kind: operations-removed
        operations: [getCatalogTitlesDiscsById]
        cancelled_by: reversal
      - kind: elements-removed
        operations: [getUsersByUserIdTitleStates]
        elements: [title_state_item.watched_date]
      - kind: values-pinned
        element: availability@available_until
        value: "4102444800"
  - id: reversal
    title: A reversal
    source:
      post: Another post
      published: { window: { from: 2012-01-01, until: 2012-02-01 }, guess: 2012-01-15, confidence: low }
      document: shared/seed/netflix-api-blog-page1.txt
    effective: { window: { from: 2012-01-01, until: 2012-02-01 }, guess: 2012-01-15, confidence: low }
    status: effective
    versions: all
    effects:
      - kind: cancellation
        cancels: removal
`

func TestBaseTimelinePasses(t *testing.T) {
	if _, err := parse([]byte(base)); err != nil {
		t.Fatal(err)
	}
}

func TestRulesRejectBrokenTimelines(t *testing.T) {
	tests := []struct {
		name  string
		edits []string // pairs: the first occurrence of each old is replaced by its new
		want  string
	}{
		{"unknown operation id",
			[]string{"[getUsersByUserIdRentalHistory]", "[getUsersByUserIdRentalMystery]"},
			"operation getUsersByUserIdRentalMystery: not in the 1.0 description"},
		{"operation missing from one version",
			[]string{"[getCatalogTitlesDiscsById]", "[getCatalogTitlesFull]"},
			"operation getCatalogTitlesFull: not in the 1.0 description"},
		{"unknown element",
			[]string{"title_state_item.watched_date", "title_state_item.watch_date"},
			"element title_state_item.watch_date: not in the schemas of the 1.0 description"},
		{"element missing from one version",
			[]string{"title_state_item.watched_date", "title_state_item.playback_bookmark"},
			"element title_state_item.playback_bookmark: not in the schemas of the 1.0 description"},
		{"an element written as an attribute",
			[]string{"availability@available_until", "title_state_item@watched_date"},
			"element title_state_item@watched_date: not in the schemas"},
		{"cancelled_by names no event",
			[]string{"\n    cancelled_by: reversal\n", "\n    cancelled_by: nobody\n"},
			`cancelled_by "nobody": no such event`},
		{"a cancellation that does not point back",
			[]string{"cancels: removal", "cancels: reversal"},
			`cancelled_by "reversal": that event has no cancellation of "removal"`},
		{"status that disagrees with the effects",
			[]string{"status: partly-cancelled", "status: cancelled"},
			"status cancelled, yet 3 of 4 effects are not"},
		{"window reversed",
			[]string{"{ from: 2012-01-01, until: 2012-02-01 }", "{ from: 2012-02-01, until: 2012-01-01 }"},
			"from must come before until"},
		{"guess outside its window",
			[]string{"guess: 2012-01-15", "guess: 2012-03-15"},
			"the guess 2012-03-15 is outside it"},
		{"duplicate id",
			[]string{"id: reversal", "id: removal"},
			`event "removal": the id is used twice`},
		{"effect versions outside the event's",
			[]string{"operations: [getUsersByUserIdRentalHistory]", "operations: [getUsersByUserIdRentalHistory]\n        versions: [\"2.0\"]", "versions: all", `versions: ["1.5"]`},
			"version 2.0 is not among the event's"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := edit(t, tt.edits...)
			_, err := parse([]byte(doc))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v\nwant an error containing %q", err, tt.want)
			}
		})
	}
}

// edit returns the base timeline with the first occurrence of each old replaced by its new,
// given as pairs.
func edit(t *testing.T, pairs ...string) string {
	t.Helper()
	doc := base
	for i := 0; i+1 < len(pairs); i += 2 {
		next := strings.Replace(doc, pairs[i], pairs[i+1], 1)
		if next == doc {
			t.Fatalf("%q is not in the base timeline", pairs[i])
		}
		doc = next
	}
	return doc
}

func TestSchemaRejectsBrokenTimelines(t *testing.T) {
	tests := []struct {
		name, old, new, want string
	}{
		{"unknown effect kind", "kind: cancellation", "kind: teleportation", "at '/events/1/effects/0/kind'"},
		{"a field of another kind", "cancels: removal", "cancels: removal\n        host: api.netflix.com", "at '/events/1/effects/0/host'"},
		{"unknown event field", "title: A reversal", "title: A reversal\n    colour: red", "at '/events/1'"},
		{"no source", "    source:\n      post: Another post\n", "    origin:\n      post: Another post\n", "missing property 'source'"},
		{"malformed day", "exact: 2012-09-15", "exact: 2012-09-31", "at '/events/0/effective/exact'"},
		{"exact and a window at once", "{ exact: 2012-09-15, confidence: high }",
			"{ exact: 2012-09-15, window: { from: 2012-09-01, until: 2012-09-20 }, guess: 2012-09-10, confidence: high }",
			"at '/events/0/effective'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parse([]byte(edit(t, tt.old, tt.new)))
			if err == nil || !strings.Contains(err.Error(), "the schema rejects it") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v\nwant a schema error containing %q", err, tt.want)
			}
		})
	}
}
