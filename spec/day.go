package spec

import (
	"fmt"
	"time"
)

// Day is a calendar day in UTC, the unit of the API's timeline: a change effective on a day
// applies to every request whose clock reads that day at 00:00:00 UTC or later.
type Day struct{ t time.Time }

// DayLayout is how days are written everywhere in flixconf: flags, data files, reports.
const DayLayout = "2006-01-02"

// ParseDay reads a day written as YYYY-MM-DD, or a full RFC 3339 time reduced to its UTC day.
func ParseDay(s string) (Day, error) {
	if t, err := time.Parse(DayLayout, s); err == nil {
		return Day{t}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return DayOf(t), nil
	}
	return Day{}, fmt.Errorf("%q is not a day: want YYYY-MM-DD or an RFC 3339 time", s)
}

// MustDay is ParseDay for days written in code; it panics on a malformed literal.
func MustDay(s string) Day {
	d, err := ParseDay(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DayOf returns the UTC day that t falls on.
func DayOf(t time.Time) Day {
	y, m, d := t.UTC().Date()
	return Day{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// Time is the first instant of the day.
func (d Day) Time() time.Time { return d.t }

// IsZero reports whether d is the zero Day.
func (d Day) IsZero() bool { return d.t.IsZero() }

// Before reports whether d comes before o.
func (d Day) Before(o Day) bool { return d.t.Before(o.t) }

// AddDays returns the day n days after d (before it, for a negative n).
func (d Day) AddDays(n int) Day { return Day{d.t.AddDate(0, 0, n)} }

// String writes the day as YYYY-MM-DD.
func (d Day) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(DayLayout)
}

// MarshalText writes the day as YYYY-MM-DD.
func (d Day) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads a day written as YYYY-MM-DD.
func (d *Day) UnmarshalText(b []byte) error {
	v, err := ParseDay(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Window is a span of days, [From, Until): a fact that holds from From (or always, when From
// is zero) until the day before Until (or for ever, when Until is zero).
type Window struct {
	From  Day `json:"from,omitzero" yaml:"from,omitempty"`
	Until Day `json:"until,omitzero" yaml:"until,omitempty"`
}

// Contains reports whether the window covers day d.
func (w Window) Contains(d Day) bool {
	return (w.From.IsZero() || !d.Before(w.From)) && (w.Until.IsZero() || d.Before(w.Until))
}

// String writes the window as "FROM..UNTIL", leaving an open end empty.
func (w Window) String() string { return w.From.String() + ".." + w.Until.String() }

// ClockHeader is the request header that carries the simulated day a request is answered as
// of (YYYY-MM-DD, or an RFC 3339 time reduced to its UTC day). An implementation that honours
// it echoes, in the same header of its answer, the day it used.
const ClockHeader = "Flixconf-Clock"

// DayFlag is a flag.Value for a day written YYYY-MM-DD (an RFC 3339 time is refused: a flag
// names a day).
type DayFlag struct{ P *Day }

// String writes the day, or "" when none is set.
func (f DayFlag) String() string {
	if f.P == nil {
		return ""
	}
	return f.P.String()
}

// Set reads a day written YYYY-MM-DD.
func (f DayFlag) Set(s string) error {
	d, err := ParseDay(s)
	if err != nil || len(s) != len(DayLayout) {
		return fmt.Errorf("want a day written YYYY-MM-DD, such as 2012-09-15")
	}
	*f.P = d
	return nil
}

// Today is the UTC day of the real clock.
func Today() Day { return DayOf(time.Now()) }
