package report

import (
	_ "embed"
	"fmt"
	"html"
	"html/template"
	"io"
	"strings"
)

//go:embed report.html.tmpl
var reportHTML string

var reportTemplate = template.Must(template.New("report.html").Funcs(template.FuncMap{
	"firstLine": firstLine,
	"seconds":   seconds,
	"probeName": probeName,
	"join":      strings.Join,
	"inc":       func(i int) int { return i + 1 },
	"text":      plainText,
}).Parse(reportHTML))

// plainText escapes s for the text of an element with the five entities XML uses too, and no
// others. html/template would also write "+" as "&#43;", which makes the names of specs and
// media types (application/atom+xml) hard to find in the page's source and in tools that
// search it for a spec's name as junit.xml spells it.
func plainText(s string) template.HTML { return template.HTML(html.EscapeString(s)) }

// tableOrder is the order of the groups of the table of every spec: what needs attention
// first, then the order reports show outcomes in.
var tableOrder = []Outcome{Fail, Error, Pass, Skip, Disabled}

// page is what report.html.tmpl renders.
type page struct {
	*Results
	Tallies  []tally
	Matrix   *matrix
	Problems []Spec
	Groups   []group
	Timeline []eventRow
	Coverage []coverageRow
}

// tally is the number of specs with one outcome.
type tally struct {
	Outcome Outcome
	N       int
}

// group is the specs with one outcome, in id order.
type group struct {
	Outcome Outcome
	Specs   []Spec
}

// encodeHTML writes r as a self-contained HTML page. r must be finished.
func encodeHTML(w io.Writer, r *Results) error {
	r = cleaned(r)
	p := page{Results: r, Tallies: tallies(r.Counts, false), Matrix: buildMatrix(r.Specs), Timeline: timelineRows(r.Timeline, r.Specs),
		Coverage: coverageRows(r.Coverage)}
	byOutcome := map[Outcome][]Spec{}
	for _, s := range r.Specs {
		byOutcome[s.Outcome] = append(byOutcome[s.Outcome], s)
	}
	p.Problems = append(append(p.Problems, byOutcome[Fail]...), byOutcome[Error]...)
	for _, o := range tableOrder {
		if specs := byOutcome[o]; len(specs) > 0 {
			p.Groups = append(p.Groups, group{o, specs})
		}
	}
	if err := reportTemplate.Execute(w, p); err != nil {
		return fmt.Errorf("render html report: %w", err)
	}
	return nil
}

// tallies lists the counts of c in the order of Outcomes, leaving out the zero ones if
// nonZero is set.
func tallies(c Counts, nonZero bool) []tally {
	var ts []tally
	for _, o := range Outcomes {
		if n := c.of(o); n > 0 || !nonZero {
			ts = append(ts, tally{o, n})
		}
	}
	return ts
}
