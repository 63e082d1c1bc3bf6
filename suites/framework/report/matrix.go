package report

import (
	"cmp"
	"maps"
	"slices"
	"strings"
)

// matrix tallies the specs by API version (rows) and day (columns).
type matrix struct {
	Days []string
	Rows []matrixRow
}

type matrixRow struct {
	Version string
	Cells   []matrixCell
}

// matrixCell holds the non-zero tallies of one version and day. Class is "bad" if anything
// failed or broke, "good" if something passed and nothing failed, "none" otherwise, and
// empty if no spec has that version and day.
type matrixCell struct {
	Tallies []tally
	Class   string
}

// buildMatrix returns the version x day matrix of specs, or nil if no spec has a version or
// a day. Specs without a day fall in the "any day" column, those without a version in the
// "any version" row; both come last.
func buildMatrix(specs []Spec) *matrix {
	type key struct{ version, day string }
	byKey := map[key][]Spec{}
	versions, days := map[string]bool{}, map[string]bool{}
	placed := false
	for _, s := range specs {
		placed = placed || s.Version != "" || s.Day != ""
		k := key{s.Version, s.Day}
		byKey[k] = append(byKey[k], s)
		versions[s.Version], days[s.Day] = true, true
	}
	if !placed {
		return nil
	}
	m := &matrix{}
	dayAxis := axis(days)
	for _, d := range dayAxis {
		m.Days = append(m.Days, cmp.Or(d, "any day"))
	}
	for _, v := range axis(versions) {
		row := matrixRow{Version: cmp.Or(v, "any version")}
		for _, d := range dayAxis {
			row.Cells = append(row.Cells, newCell(Count(byKey[key{v, d}])))
		}
		m.Rows = append(m.Rows, row)
	}
	return m
}

func newCell(c Counts) matrixCell {
	cell := matrixCell{Tallies: tallies(c, true)}
	switch {
	case c.Total == 0:
	case !c.OK():
		cell.Class = "bad"
	case c.Passed > 0:
		cell.Class = "good"
	default:
		cell.Class = "none"
	}
	return cell
}

// axis sorts the values of one side of the matrix, the empty one ("any") last.
func axis(set map[string]bool) []string {
	return slices.SortedFunc(maps.Keys(set), func(a, b string) int {
		if (a == "") != (b == "") {
			return strings.Compare(b, a)
		}
		return compareNatural(a, b)
	})
}

// compareNatural orders strings so that runs of digits compare by value, so version "1.10"
// comes after "1.9" and day "day-10" after "day-9".
func compareNatural(a, b string) int {
	x, y := a, b
	for x != "" && y != "" {
		nx, ny := digitRun(x), digitRun(y)
		if nx > 0 && ny > 0 {
			dx, dy := strings.TrimLeft(x[:nx], "0"), strings.TrimLeft(y[:ny], "0")
			if c := cmp.Or(cmp.Compare(len(dx), len(dy)), strings.Compare(dx, dy)); c != 0 {
				return c
			}
			x, y = x[nx:], y[ny:]
			continue
		}
		if x[0] != y[0] {
			return cmp.Compare(x[0], y[0])
		}
		x, y = x[1:], y[1:]
	}
	// One is a prefix of the other, or they differ only in leading zeros ("1.0", "1.00"):
	// the shorter first, then bytewise, so that the order is total.
	return cmp.Or(cmp.Compare(len(x), len(y)), strings.Compare(a, b))
}

// digitRun is the length of the run of ASCII digits s starts with.
func digitRun(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}
