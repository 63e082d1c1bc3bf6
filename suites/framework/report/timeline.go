package report

import "strings"

// eventRow is one event of the report's timeline picture, with the specs that probe it.
type eventRow struct {
	Event
	// Colour is pass (every probe passed), fail (one failed or broke) or none (none ran).
	Colour string
	Probes []Spec
}

// timelineRows joins the events with the specs labelled event:<id>.
func timelineRows(events []Event, specs []Spec) []eventRow {
	var rows []eventRow
	for _, e := range events {
		row := eventRow{Event: e, Colour: "none"}
		ran, bad := 0, false
		for _, s := range specs {
			for _, l := range s.Labels {
				if l == "event:"+e.ID {
					row.Probes = append(row.Probes, s)
					switch s.Outcome {
					case Pass:
						ran++
					case Fail, Error:
						ran++
						bad = true
					}
				}
			}
		}
		switch {
		case bad:
			row.Colour = "fail"
		case ran > 0:
			row.Colour = "pass"
		}
		rows = append(rows, row)
	}
	return rows
}

// probeName is the short name of a probe spec: its text after the event's container.
func probeName(s Spec) string {
	if i := strings.LastIndex(s.ID, ") "); i >= 0 {
		return s.ID[i+2:]
	}
	return s.ID
}
