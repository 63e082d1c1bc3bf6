package report

import (
	"slices"
	"strings"
)

// coverageRow is one version's coverage as the report shows it, with the operations that were
// not covered grouped by operation id: a description lists most operations in two or more
// representations, and one line an operation keeps a long list readable.
type coverageRow struct {
	Coverage
	// Bar is the covered share rounded for the bar's width, 0-100.
	Bar        int
	MissingOps []missingOp
}

// missingOp is an operation with the representations no spec covered.
type missingOp struct {
	ID    string
	Media []string
}

// coverageRows prepares the coverage of each version for the report, in the order the
// results list them.
func coverageRows(cov []Coverage) []coverageRow {
	var rows []coverageRow
	for _, c := range cov {
		row := coverageRow{Coverage: c, Bar: int(c.Percent() + 0.5)}
		for _, m := range c.Missing {
			id, media, _ := strings.Cut(m, " ")
			if i := slices.IndexFunc(row.MissingOps, func(o missingOp) bool { return o.ID == id }); i >= 0 {
				row.MissingOps[i].Media = append(row.MissingOps[i].Media, media)
				continue
			}
			row.MissingOps = append(row.MissingOps, missingOp{ID: id, Media: []string{media}})
		}
		rows = append(rows, row)
	}
	return rows
}
