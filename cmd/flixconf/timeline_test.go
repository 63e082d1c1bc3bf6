package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/flixconf/flixconf/spec/timeline"
)

// The text form has one block an event, in date order, headed by the effective day ("~" for
// a guessed one) and the id, with the status, the source post and each effect.
func TestTimelineText(t *testing.T) {
	r := flixconf(t, nil, "timeline")
	if r.code != exitOK {
		t.Fatalf("exit %d\nstderr:\n%s", r.code, r.stderr)
	}
	tl, err := timeline.Load()
	if err != nil {
		t.Fatal(err)
	}
	var ids, days []string
	for _, line := range strings.Split(r.stdout, "\n") {
		if line == "" || strings.HasPrefix(line, " ") {
			continue
		}
		day, id, _ := strings.Cut(line, "  ")
		days, ids = append(days, strings.TrimPrefix(day, "~")), append(ids, id)
	}
	if len(ids) != len(tl.Events) {
		t.Fatalf("%d blocks, want one for each of the %d events:\n%s", len(ids), len(tl.Events), r.stdout)
	}
	for i := 1; i < len(days); i++ {
		if days[i] < days[i-1] {
			t.Errorf("%s (%s) is printed after %s (%s)", ids[i], days[i], ids[i-1], days[i-1])
		}
	}
	for _, want := range []string{
		"2012-09-15  rental-history-removed\n",
		"~2008-10-01  api-1.0-launch\n",
		"effective  between 2008-09-30 and 2008-10-01, guess 2008-10-01 (confidence medium)",
		"status     partly cancelled by dvd-support-continues",
		"status     out of scope",
		`source     "Retiring the Netflix Public API", published 2014-06-13 (exact, confidence high)`,
		"- [cancelled by dvd-support-continues] operations-removed: 404 from the day: getUsersByUserIdAtHome",
		"- host-retired: host api.netflix.com retired (404)",
		"Instant Watch Browser for Netflix",
		"interpretation: The post's \"all requests\"",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the text lacks %q", want)
		}
	}
}

// The JSON form is the timeline as loaded, which the schema accepts.
func TestTimelineJSON(t *testing.T) {
	for name, env := range map[string][]string{"flag": nil, "variable": {"FLIXCONF_TIMELINE_FORMAT=json"}} {
		t.Run(name, func(t *testing.T) {
			args := []string{"timeline"}
			if env == nil {
				args = append(args, "--format", "json")
			}
			r := flixconf(t, env, args...)
			if r.code != exitOK {
				t.Fatalf("exit %d\nstderr:\n%s", r.code, r.stderr)
			}
			if err := timeline.ValidateJSON([]byte(r.stdout)); err != nil {
				t.Fatalf("the JSON breaks timeline.schema.json:\n%v", err)
			}
			var got timeline.Timeline
			if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
				t.Fatal(err)
			}
			if e, ok := got.Event("public-api-retired"); !ok || e.EffectiveDay().String() != "2014-11-14" {
				t.Errorf("public-api-retired: %+v", e)
			}
		})
	}
	// A flag wins over its variable.
	if r := flixconf(t, []string{"FLIXCONF_TIMELINE_FORMAT=json"}, "timeline", "--format", "text"); r.code != exitOK || strings.HasPrefix(r.stdout, "{") {
		t.Errorf("--format text with FLIXCONF_TIMELINE_FORMAT=json: exit %d, output starts %.20q", r.code, r.stdout)
	}
}

func TestTimelineUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		env  []string
		args []string
		want []string
	}{
		{"unknown format", nil, []string{"--format", "yaml"}, []string{"--format", `"yaml"`, "text, json"}},
		{"unknown format in the variable", []string{"FLIXCONF_TIMELINE_FORMAT=xml"}, nil, []string{"FLIXCONF_TIMELINE_FORMAT", `"xml"`, "text, json"}},
		{"an argument", nil, []string{"2012-09-15"}, []string{`unexpected argument "2012-09-15"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := flixconf(t, tt.env, append([]string{"timeline"}, tt.args...)...)
			if r.code != exitUsage {
				t.Errorf("exit %d, want %d", r.code, exitUsage)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
				}
			}
		})
	}
}
