package report

import (
	"bytes"
	"strings"
	"testing"
)

// The timeline picture colours each event by its probes: green when all passed, red when one
// failed, grey when none ran; the schema accepts the timeline.
func TestTimelinePicture(t *testing.T) {
	r := &Results{
		Suite:  Suite{Name: "flixconf", Version: "(devel)"},
		Target: Target{Kind: "url", URL: "http://127.0.0.1:1"},
		Timeline: []Event{
			{ID: "odata-retired", Title: "OData retired", Day: "2013-04-08", Post: "Changes to the Public API Program", Status: "effective"},
			{ID: "no-new-keys", Title: "No new keys", Day: "2013-03-08", Post: "Changes to the Public API Program", Status: "effective"},
			{ID: "api-1.5-launch", Title: "1.5", Day: "2010-01-01", Approximate: true, Post: "x", Status: "effective"},
		},
		Specs: []Spec{
			{ID: "API odata event odata-retired on 2013-04-07 (before) p1: claim", Labels: []string{"event:odata-retired"}, Outcome: Pass},
			{ID: "API odata event odata-retired on 2013-04-08 (after) p2: claim", Labels: []string{"event:odata-retired"}, Outcome: Pass},
			{ID: "API 1.0 event no-new-keys on 2013-03-08 (after) p3: claim", Labels: []string{"event:no-new-keys"}, Outcome: Fail, Reason: "403 expected"},
		},
	}
	r.Finish()
	var b bytes.Buffer
	if err := encodeHTML(&b, r); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{
		`<li class="pass"><span class="when">2013-04-08</span> <b>odata-retired</b>`,
		`<li class="fail"><span class="when">2013-03-08</span> <b>no-new-keys</b>`,
		`<li class="none"><span class="when">~2010-01-01</span> <b>api-1.5-launch</b>`,
		`p3: claim`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	var j bytes.Buffer
	if err := encodeJSON(&j, r); err != nil {
		t.Fatal(err)
	}
	if err := ValidateResultsJSON(j.Bytes()); err != nil {
		t.Fatalf("results.json with a timeline breaks the schema:\n%v", err)
	}
}
