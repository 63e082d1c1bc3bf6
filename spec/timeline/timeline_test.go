package timeline

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"

	"github.com/flixconf/flixconf/spec"
)

// load loads the embedded timeline or ends the test.
func load(t *testing.T) *Timeline {
	t.Helper()
	tl, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return tl
}

// The ids code keys on: lifecycle.md's thirteen events, the launches and the portal changes.
var wantIDs = []string{
	"api-1.0-launch", "api-1.5-launch", "api-2.0-launch",
	"series-model", "genres-replaced", "playback-bookmark-zeroed", "streaming-only-program",
	"dvd-support-continues", "availability-2100-unless-leaving", "api-public-domain",
	"rental-history-removed", "catalog-index-split", "no-new-keys", "odata-retired",
	"no-expiration-dates", "public-api-retired",
	"appgallery-retired", "terms-of-use-changed", "support-address-changed",
	"no-new-affiliates", "no-test-environments", "forums-read-only",
}

func TestLoadHasEveryEvent(t *testing.T) {
	tl := load(t)
	for _, id := range wantIDs {
		if _, ok := tl.Event(id); !ok {
			t.Errorf("no event %q", id)
		}
	}
	if len(tl.Events) != len(wantIDs) {
		t.Errorf("%d events, want %d", len(tl.Events), len(wantIDs))
	}
	if _, ok := tl.Event("no-such-event"); ok {
		t.Error(`Event("no-such-event") found one`)
	}
}

func TestEveryEventNamesItsSource(t *testing.T) {
	for _, e := range load(t).Events {
		s := e.Source
		if s.Document == "" || (s.Post == "" && s.Evidence == "") {
			t.Errorf("%s: source %+v names no document, or neither a post nor evidence", e.ID, s)
		}
		if s.Post != "" && s.Published == nil {
			t.Errorf("%s: post %q without its publication date", e.ID, s.Post)
		}
	}
}

// The file is in date order, so that reading it top to bottom follows the API's life.
func TestEventsInDateOrder(t *testing.T) {
	tl := load(t)
	for i := 1; i < len(tl.Events); i++ {
		if a, b := tl.Events[i-1], tl.Events[i]; b.EffectiveDay().Before(a.EffectiveDay()) {
			t.Errorf("%s (%s) comes after %s (%s)", b.ID, b.EffectiveDay(), a.ID, a.EffectiveDay())
		}
	}
}

func TestPortalEventsAreOutOfScope(t *testing.T) {
	tl := load(t)
	for _, id := range []string{"appgallery-retired", "terms-of-use-changed", "support-address-changed",
		"no-new-affiliates", "no-test-environments", "forums-read-only"} {
		e, _ := tl.Event(id)
		if e == nil || !e.OutOfScope() || len(e.Effects) > 0 || !e.Versions.IsZero() {
			t.Errorf("%s: want an out-of-scope event with no versions and no effects, got %+v", id, e)
		}
	}
}

// Every reading that lifecycle.md marks is marked in the data, on the event or on an effect.
func TestReadingsAreMarked(t *testing.T) {
	tl := load(t)
	want := []struct {
		event string
		kind  MarkKind
		count int
	}{
		{"series-model", Assumption, 3}, // episode elements, rating rule, queue place
		{"streaming-only-program", Interpretation, 1},
		{"availability-2100-unless-leaving", Assumption, 1},
		{"rental-history-removed", Interpretation, 1},
		{"public-api-retired", Interpretation, 1},
	}
	for _, w := range want {
		e, _ := tl.Event(w.event)
		if n := countMarks(e, w.kind); n < w.count {
			t.Errorf("%s: %d %s marks, want at least %d", w.event, n, w.kind, w.count)
		}
	}
	// The categories removal stands on an interpretation; the mark sits on that effect.
	e, _ := tl.Event("streaming-only-program")
	i := slices.IndexFunc(e.Effects, func(f Effect) bool { return slices.Contains(f.Operations, "getCategoriesGenres") })
	if i < 0 || len(e.Effects[i].Marks) == 0 || e.Effects[i].Marks[0].Kind != Interpretation {
		t.Error("streaming-only-program: the categories removal carries no interpretation mark")
	}
}

func countMarks(e *Event, kind MarkKind) int {
	n := 0
	marks := slices.Clone(e.Marks)
	for _, f := range e.Effects {
		marks = append(marks, f.Marks...)
	}
	for _, m := range marks {
		if m.Kind == kind {
			n++
		}
	}
	return n
}

// The timeline written as JSON (what `flixconf timeline --format json` prints) is what the
// schema describes, and reads back to the same timeline.
func TestJSONRoundTrip(t *testing.T) {
	tl := load(t)
	b, err := json.Marshal(tl)
	if err != nil {
		t.Fatal(err)
	}
	if err := ValidateJSON(b); err != nil {
		t.Fatalf("the JSON form breaks the schema:\n%v", err)
	}
	again, err := parse(b) // JSON is YAML
	if err != nil {
		t.Fatal(err)
	}
	b2, err := json.Marshal(again)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, b2) {
		t.Error("the timeline read back from its JSON differs")
	}
}

// Every kind the schema admits has a one-line summary.
func TestEveryKindSummarizes(t *testing.T) {
	var schema struct {
		Defs struct {
			Effect struct {
				Properties struct {
					Kind struct {
						Enum []Kind `json:"enum"`
					} `json:"kind"`
				} `json:"properties"`
			} `json:"effect"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(spec.TimelineSchema, &schema); err != nil {
		t.Fatal(err)
	}
	kinds := schema.Defs.Effect.Properties.Kind.Enum
	if len(kinds) == 0 {
		t.Fatal("the schema lists no effect kinds")
	}
	for _, k := range kinds {
		if summaries[k] == nil {
			t.Errorf("kind %s has no summary", k)
		}
	}
}
