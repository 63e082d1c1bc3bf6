package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/flixconf/flixconf/spec/timeline"
)

// timelineFormats are the forms timeline prints the events in.
var timelineFormats = []string{"text", "json"}

func timelineCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("timeline", flag.ContinueOnError)
	format := choiceValue{value: "text", allowed: timelineFormats}
	fs.Var(&format, "format", "text prints one block an event, in date order; json prints the events as loaded")
	if code := parseFlags(fs, "FLIXCONF_TIMELINE_", args, stdout, stderr); code >= 0 {
		return code
	}
	tl, err := timeline.Load()
	if err != nil {
		// The timeline is embedded and checked by the tests, so this is a broken build, not a
		// user's mistake.
		fmt.Fprintf(stderr, "flixconf timeline: %v\n", err)
		return exitFail
	}
	var out []byte
	if format.value == "json" {
		if out, err = json.MarshalIndent(tl, "", "  "); err != nil {
			fmt.Fprintf(stderr, "flixconf timeline: the timeline as JSON: %v\n", err)
			return exitFail
		}
		out = append(out, '\n')
	} else {
		out = []byte(timelineText(tl))
	}
	if _, err := stdout.Write(out); err != nil {
		fmt.Fprintf(stderr, "flixconf timeline: writing the timeline: %v\n", err)
		return exitFail
	}
	return exitOK
}

// timelineText writes the events in date order (the order of the file for events of the same
// day), one block each: the effective day ("~" before a guessed one) and id, then the title,
// the dates, the status, the versions, the source post and the document that holds it, and
// one line a note, an effect and a mark.
func timelineText(tl *timeline.Timeline) string {
	events := make([]*timeline.Event, len(tl.Events))
	for i := range tl.Events {
		events[i] = &tl.Events[i]
	}
	slices.SortStableFunc(events, func(a, b *timeline.Event) int {
		return a.EffectiveDay().Time().Compare(b.EffectiveDay().Time())
	})
	var b strings.Builder
	for i, e := range events {
		if i > 0 {
			b.WriteString("\n")
		}
		writeEvent(&b, e)
	}
	return b.String()
}

func writeEvent(b *strings.Builder, e *timeline.Event) {
	approx := ""
	if e.Effective.Approximate() {
		approx = "~"
	}
	fmt.Fprintf(b, "%s%s  %s\n  %s\n", approx, e.EffectiveDay(), e.ID, e.Title)
	field := func(name, value string) { fmt.Fprintf(b, "  %-10s %s\n", name, value) }
	field("effective", e.Effective.String())
	if e.Announced != nil {
		field("announced", e.Announced.String())
	}
	field("status", eventStatus(e))
	if !e.Versions.IsZero() {
		field("versions", strings.Join(e.Versions.Names(), ", "))
	}
	if s := e.Source; s.Post != "" {
		field("source", fmt.Sprintf(`"%s", published %s`, s.Post, s.Published))
	}
	if e.Source.Evidence != "" {
		field("evidence", e.Source.Evidence)
	}
	field("document", e.Source.Document)
	if e.Notes != "" {
		field("notes", e.Notes)
	}
	if len(e.Effects) > 0 {
		b.WriteString("  effects\n")
	}
	for _, f := range e.Effects {
		fmt.Fprintf(b, "    - %s\n", f.Summary())
		for _, m := range f.Marks {
			fmt.Fprintf(b, "      %s: %s\n", m.Kind, m.Text)
		}
	}
	if len(e.Marks) > 0 {
		b.WriteString("  marks\n")
	}
	for _, m := range e.Marks {
		fmt.Fprintf(b, "    - %s: %s\n", m.Kind, m.Text)
	}
}

// eventStatus says whether the event takes effect: out of scope (a portal change), effective,
// or cancelled, wholly or in part, by another event.
func eventStatus(e *timeline.Event) string {
	switch {
	case e.OutOfScope():
		return "out of scope (portal; recorded, not modelled)"
	case e.Status == timeline.StatusCancelled:
		return "cancelled by " + e.CancelledBy
	case e.Status == timeline.StatusPartlyCancelled:
		return "partly cancelled by " + e.CancelledBy + " (the effects marked so never take effect)"
	}
	return string(e.Status)
}
