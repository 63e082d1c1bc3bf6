package framework

import (
	"mime"
	"slices"
	"sync"

	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/suites/framework/report"
)

// covered records, per version, the operations and representations that answered a 2xx that
// validated in this process: "operationId media/type".
var covered = struct {
	sync.Mutex
	m map[string]map[string]bool
}{m: map[string]map[string]bool{}}

// recordCoverage notes that op of version answered a validated 2xx in contentType.
func recordCoverage(version, op, contentType string) {
	media, _, err := mime.ParseMediaType(contentType)
	if err != nil || op == "" {
		return
	}
	covered.Lock()
	defer covered.Unlock()
	if covered.m[version] == nil {
		covered.m[version] = map[string]bool{}
	}
	covered.m[version][op+" "+media] = true
}

// Coverage returns the operation coverage of this process's run for each selected version
// (the OData catalog among them): every operation of a description in every representation
// it lists.
func Coverage(cfg *Config) ([]report.Coverage, error) {
	covered.Lock()
	defer covered.Unlock()
	var out []report.Coverage
	for _, v := range cfg.Versions {
		ops, err := spec.Operations(v)
		if err != nil {
			return nil, err
		}
		c := report.Coverage{Version: v, Missing: []string{}}
		for _, op := range ops {
			for _, rep := range op.Representations {
				c.Total++
				if covered.m[v][op.ID+" "+rep] {
					c.Covered++
				} else {
					c.Missing = append(c.Missing, op.ID+" "+rep)
				}
			}
		}
		slices.Sort(c.Missing)
		out = append(out, c)
	}
	return out, nil
}
