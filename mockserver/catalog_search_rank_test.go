package mockserver

import (
	"strings"
	"testing"
)

// rank compares ASCII names in place; it must rank every name as lower-casing it whole does.
func TestRankMatchesLowerCasing(t *testing.T) {
	reference := func(term, name string) int {
		name = strings.ToLower(name)
		switch {
		case name == term:
			return 0
		case strings.HasPrefix(name, term):
			return 1
		case strings.Contains(name, term):
			return 2
		}
		return -1
	}
	names := []string{"Jaws", "JAWS 2", "The Jaws of Life", "jaws", "Amélie", "AMÉLIE", "Ünter", "Zorro the Gay Blade", "", "The", "tHe", "Thé", "Mad Max: Fury Road", "[REC]", "K-PAX"}
	terms := []string{"jaws", "the", "j", "s", "amélie", "é", "x", "mad max:", "[rec]", "k-pax", "jaws of life", "zzz", "thé"}
	seen := map[int]bool{}
	for _, name := range names {
		for _, term := range terms {
			want := reference(term, name)
			if got := rank(term, name); got != want {
				t.Errorf("rank(%q, %q) = %d, lower-casing gives %d", term, name, got, want)
			}
			seen[want] = true
		}
	}
	for _, r := range []int{-1, 0, 1, 2} {
		if !seen[r] {
			t.Errorf("no case ranks %d", r)
		}
	}
}
