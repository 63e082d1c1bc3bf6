package report

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// The JUnit XML written here is the Jenkins/Surefire dialect most CI systems read. Outcomes
// map onto it as follows: fail is a <failure>, error an <error>, skip and disabled are both
// <skipped> with a message that starts "skip: " or "disabled: ", and pass has no child.

type junitSuites struct {
	XMLName xml.Name `xml:"testsuites"`
	junitCounters
	Suites []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	junitCounters
	Timestamp  string          `xml:"timestamp,attr"`
	Properties junitProperties `xml:"properties,omitempty"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitCounters struct {
	Name     string `xml:"name,attr"`
	Tests    int    `xml:"tests,attr"`
	Failures int    `xml:"failures,attr"`
	Errors   int    `xml:"errors,attr"`
	Skipped  int    `xml:"skipped,attr"`
	Time     string `xml:"time,attr"`
}

type junitCase struct {
	Name       string          `xml:"name,attr"`
	Classname  string          `xml:"classname,attr"`
	Time       string          `xml:"time,attr"`
	Properties junitProperties `xml:"properties,omitempty"`
	Failure    *junitProblem   `xml:"failure"`
	Error      *junitProblem   `xml:"error"`
	Skipped    *junitSkipped   `xml:"skipped"`
	// SystemOut holds the last requests and answers of a spec that failed or broke, where CI
	// systems show a test's output.
	SystemOut *junitText `xml:"system-out"`
}

// junitProperties is a <properties> element, left out when empty ("a>b" field paths would
// write an empty one).
type junitProperties []junitProperty

// add appends a property unless its value is empty.
func (ps *junitProperties) add(name, value string) {
	if value != "" {
		*ps = append(*ps, junitProperty{name, value})
	}
}

// MarshalXML writes the properties inside start.
func (ps junitProperties) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	return e.EncodeElement(struct {
		Property []junitProperty `xml:"property"`
	}{ps}, start)
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

// junitProblem is a <failure> or <error> element: the first line of the reason as its
// message, the whole reason as its text.
type junitProblem struct {
	Message, Type, Text string
}

// MarshalXML writes the text with its newlines as they are; a chardata field would write
// each as "&#xA;", which is as valid but makes a multi-line reason unreadable in the file.
func (p junitProblem) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	start.Attr = append(start.Attr,
		xml.Attr{Name: xml.Name{Local: "message"}, Value: p.Message},
		xml.Attr{Name: xml.Name{Local: "type"}, Value: p.Type})
	for _, t := range []xml.Token{start, xml.CharData(p.Text), start.End()} {
		if err := e.EncodeToken(t); err != nil {
			return err
		}
	}
	return nil
}

// junitText is an element of text only, written with its newlines as they are (see
// junitProblem).
type junitText string

// MarshalXML writes the text inside start.
func (t junitText) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	for _, tok := range []xml.Token{start, xml.CharData(t), start.End()} {
		if err := e.EncodeToken(tok); err != nil {
			return err
		}
	}
	return nil
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// encodeJUnit writes r as JUnit XML. r must be finished.
func encodeJUnit(w io.Writer, r *Results) error {
	r = cleaned(r)
	counters := junitCounters{
		Name:     "flixconf",
		Tests:    r.Counts.Total,
		Failures: r.Counts.Failed,
		Errors:   r.Counts.Errors,
		Skipped:  r.Counts.Skipped + r.Counts.Disabled,
		Time:     junitTime(r.Duration),
	}
	suite := junitSuite{
		junitCounters: counters,
		// Surefire's timestamp has no zone, so it is always given in UTC.
		Timestamp:  r.Started.UTC().Format("2006-01-02T15:04:05"),
		Properties: suiteProperties(r),
		Cases:      make([]junitCase, len(r.Specs)),
	}
	for i, s := range r.Specs {
		suite.Cases[i] = junitTestcase(s)
	}
	doc := junitSuites{junitCounters: counters, Suites: []junitSuite{suite}}

	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("encode junit: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func suiteProperties(r *Results) junitProperties {
	var ps junitProperties
	ps.add("suite.name", r.Suite.Name)
	ps.add("suite.version", r.Suite.Version)
	ps.add("suite.revision", r.Suite.Revision)
	ps.add("target.kind", r.Target.Kind)
	ps.add("target.url", r.Target.URL)
	ps.add("target.image", r.Target.Image)
	ps.add("shards", strings.Join(r.Shards, ","))
	ps.add("profiles", strings.Join(r.Profiles, ","))
	if c := r.Config; c != nil {
		ps.add("config.versions", strings.Join(c.Versions, ","))
		ps.add("config.dates", strings.Join(c.Dates, ","))
		ps.add("config.clock", c.Clock)
		ps.add("config.date", c.Date)
		ps.add("config.label_filter", c.LabelFilter)
		ps.add("config.focus", c.Focus)
	}
	for _, c := range r.Coverage {
		ps.add("coverage."+c.Version, fmt.Sprintf("%d/%d", c.Covered, c.Total))
	}
	return ps
}

func junitTestcase(s Spec) junitCase {
	c := junitCase{Name: s.ID, Classname: cmp.Or(s.Version, "flixconf"), Time: junitTime(s.Duration)}
	for _, l := range s.Labels {
		c.Properties = append(c.Properties, junitProperty{"label", l})
	}
	c.Properties.add("version", s.Version)
	c.Properties.add("day", s.Day)
	switch s.Outcome {
	case Fail:
		c.Failure = &junitProblem{Message: firstLine(s.Reason), Type: "fail", Text: s.Reason}
	case Error:
		c.Error = &junitProblem{Message: firstLine(s.Reason), Type: "error", Text: s.Reason}
	case Skip, Disabled:
		c.Skipped = &junitSkipped{Message: string(s.Outcome) + ": " + s.Reason}
	}
	if len(s.Exchanges) > 0 {
		out := junitText(exchangesText(s.Exchanges))
		c.SystemOut = &out
	}
	return c
}

func junitTime(seconds float64) string { return fmt.Sprintf("%.3f", seconds) }
