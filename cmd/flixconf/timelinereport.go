package main

import (
	"github.com/flixconf/flixconf/spec/timeline"
	"github.com/flixconf/flixconf/suites/framework/report"
)

// reportTimeline is the timeline as the report draws it: every event in scope, in file (date)
// order.
func reportTimeline() ([]report.Event, error) {
	tl, err := timeline.Load()
	if err != nil {
		return nil, err
	}
	var out []report.Event
	for _, e := range tl.Events {
		if e.OutOfScope() {
			continue
		}
		out = append(out, report.Event{
			ID: e.ID, Title: e.Title, Day: e.EffectiveDay().String(), Approximate: e.Effective.Approximate(),
			Post: e.Source.Post, Status: string(e.Status),
		})
	}
	return out, nil
}
