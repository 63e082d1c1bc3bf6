package asof

import (
	"fmt"
	"slices"

	"github.com/getkin/kin-openapi/openapi3"
)

// Diff lists, one line each and sorted, how an as-of document differs from its base: removed
// operations, deprecated ones with their sunset, removed and pinned properties, and a
// retirement note.
func Diff(base, asOf *openapi3.T) []string {
	var out []string
	for _, path := range base.Paths.InMatchingOrder() {
		for method, op := range base.Paths.Value(path).Operations() {
			var now *openapi3.Operation
			if item := asOf.Paths.Value(path); item != nil {
				now = item.GetOperation(method)
			}
			switch {
			case now == nil:
				out = append(out, fmt.Sprintf("absent %s", op.OperationID))
			case now.Deprecated && !op.Deprecated:
				out = append(out, fmt.Sprintf("deprecated %s, sunset %v", op.OperationID, now.Extensions["x-sunset"]))
			}
		}
	}
	for name, ref := range base.Components.Schemas {
		now := asOf.Components.Schemas[name]
		if ref.Value == nil || now == nil || now.Value == nil {
			continue
		}
		for prop, p := range ref.Value.Properties {
			q, ok := now.Value.Properties[prop]
			switch {
			case !ok:
				out = append(out, fmt.Sprintf("absent %s.%s", name, prop))
			case len(q.Value.Enum) > 0 && len(p.Value.Enum) == 0:
				out = append(out, fmt.Sprintf("pinned %s.%s to %v", name, prop, q.Value.Enum))
			case q.Value.Extensions["x-flixconf-pinned"] != nil:
				out = append(out, fmt.Sprintf("pinned %s.%s: %v", name, prop, q.Value.Extensions["x-flixconf-pinned"]))
			}
		}
	}
	if r := asOf.Info.Extensions["x-flixconf-retired"]; r != nil {
		out = append(out, fmt.Sprintf("retired: %v", r))
	}
	slices.Sort(out)
	return out
}
