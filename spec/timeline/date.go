package timeline

import (
	"errors"
	"fmt"

	"github.com/flixconf/flixconf/spec"
)

// Date is a day of the timeline, exact or approximate, with how sure it is.
type Date struct {
	// Exact is the day, when a post states it (or is effective immediately and its own day is
	// known); zero for an approximate date.
	Exact spec.Day `json:"exact,omitzero"`
	// Window is the window of doubt of an approximate date: From is its first day, Until the
	// first day after it.
	Window spec.Window `json:"window,omitzero"`
	// Guess is the day inside Window that behaviour uses.
	Guess      spec.Day   `json:"guess,omitzero"`
	Confidence Confidence `json:"confidence"`
	Note       string     `json:"note,omitempty"`
}

// Confidence is how sure a date is.
type Confidence string

// The confidences, from the surest.
const (
	High        Confidence = "high"
	Medium      Confidence = "medium"
	LowToMedium Confidence = "low-to-medium"
	Low         Confidence = "low"
)

// Approximate reports whether the date is a window and a guess rather than a stated day.
func (d Date) Approximate() bool { return d.Exact.IsZero() }

// Day is the day behaviour uses: the exact day, or the guess.
func (d Date) Day() spec.Day {
	if d.Approximate() {
		return d.Guess
	}
	return d.Exact
}

// LastDay is the last day of an approximate date's window (the day before Until).
func (d Date) LastDay() spec.Day { return d.Window.Until.AddDays(-1) }

// String writes the date for people: "2012-09-15 (exact, confidence high)" or "between
// 2012-06-11 and 2012-06-15, guess 2012-06-13 (confidence medium)".
func (d Date) String() string {
	if d.Approximate() {
		return fmt.Sprintf("between %s and %s, guess %s (confidence %s)", d.Window.From, d.LastDay(), d.Guess, d.Confidence)
	}
	return fmt.Sprintf("%s (exact, confidence %s)", d.Exact, d.Confidence)
}

// check reports a date that is neither exact nor a well-ordered window holding its guess.
func (d Date) check() error {
	switch {
	case !d.Exact.IsZero() && (d.Window != spec.Window{} || !d.Guess.IsZero()):
		return fmt.Errorf("date %s: exact, yet with a window or a guess", d.Exact)
	case d.Exact.IsZero() && (d.Window.From.IsZero() || d.Window.Until.IsZero() || d.Guess.IsZero()):
		return errors.New("date: want exact, or a window (from and until) and a guess")
	case d.Exact.IsZero() && !d.Window.From.Before(d.Window.Until):
		return fmt.Errorf("window %s: from must come before until", d.Window)
	case d.Exact.IsZero() && !d.Window.Contains(d.Guess):
		return fmt.Errorf("window %s: the guess %s is outside it", d.Window, d.Guess)
	}
	return nil
}
