package report

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Part is the results of one part of a run (a shard, the specs of some API versions, or
// both), with the name of the file they were read from, so that a refusal names the files
// that disagree.
type Part struct {
	Name    string
	Results *Results
}

// MergeParts combines the parts of one run, such as the jobs of a CI matrix that split the
// suite by shard and by API version, into the results of the whole run.
//
// Every part lists each spec of its shard, those of the versions it did not select as
// disabled, so a spec may appear in several parts: it is taken from the part that ran it, and
// a spec no part ran keeps the reason of the part that selected its version.
//
// MergeParts refuses parts that are not of one run, with an error naming the files: results of
// different suites or builds, of different targets, selections or profiles; the same shard and
// version in two parts; a spec that ran in two parts; and a set of shards with one missing for
// some version, which would otherwise pass for a complete run.
func MergeParts(parts []Part) (*Results, error) {
	if len(parts) == 0 {
		return nil, fmt.Errorf("nothing to merge")
	}
	for _, p := range parts[1:] {
		if err := sameRun(parts[0], p); err != nil {
			return nil, err
		}
	}
	if err := distinctParts(parts); err != nil {
		return nil, err
	}
	if err := completeShards(parts); err != nil {
		return nil, err
	}
	specs, err := pickSpecs(parts)
	if err != nil {
		return nil, err
	}
	trimmed := make([]*Results, len(parts))
	for i, p := range parts {
		r := *p.Results
		r.Specs = specs[i]
		trimmed[i] = &r
	}
	out, err := Merge(trimmed...)
	if err != nil {
		return nil, err
	}
	// The parts of one shard split by version each name that shard.
	slices.SortFunc(out.Shards, compareNatural)
	out.Shards = slices.Compact(out.Shards)
	out.Config = mergedConfig(parts)
	out.Target = mergedTarget(parts)
	for _, p := range parts {
		if len(p.Results.Timeline) > 0 {
			out.Timeline = p.Results.Timeline
			break
		}
	}
	out.Finish()
	return out, nil
}

// sameRun checks that b is a part of the run a belongs to: same suite and build, same kind of
// target, same selection apart from the versions, same profiles claimed.
func sameRun(a, b Part) error {
	ra, rb := a.Results, b.Results
	if ra.Suite != rb.Suite {
		return fmt.Errorf("%s and %s come from different builds of the suite (%s and %s); merge the parts of one run",
			a.Name, b.Name, suiteName(ra.Suite), suiteName(rb.Suite))
	}
	if ra.Target.Kind != rb.Target.Kind || ra.Target.Image != rb.Target.Image {
		return fmt.Errorf("%s and %s ran against different targets (%s and %s); merge the parts of one run",
			a.Name, b.Name, targetName(ra.Target), targetName(rb.Target))
	}
	if !slices.Equal(sorted(ra.Profiles), sorted(rb.Profiles)) {
		return fmt.Errorf("%s and %s claim different profiles (--profiles %s and %s); merge the parts of one run",
			a.Name, b.Name, listOrNone(ra.Profiles), listOrNone(rb.Profiles))
	}
	ca, cb := ra.Config, rb.Config
	if ca == nil || cb == nil {
		return nil // results written before the configuration was recorded
	}
	for _, f := range []struct{ flag, a, b string }{
		{"--clock", ca.Clock, cb.Clock},
		{"--date", ca.Date, cb.Date},
		{"--dates", strings.Join(ca.Dates, ","), strings.Join(cb.Dates, ",")},
		{"--label-filter", ca.LabelFilter, cb.LabelFilter},
		{"--focus", ca.Focus, cb.Focus},
	} {
		if f.a != f.b {
			return fmt.Errorf("%s and %s were run with different %s (%q and %q); merge the parts of one run",
				a.Name, b.Name, f.flag, f.a, f.b)
		}
	}
	return nil
}

// distinctParts refuses two parts that ran the same shard of the same version: a file given
// twice, or a job run twice.
func distinctParts(parts []Part) error {
	for i, a := range parts {
		for _, b := range parts[i+1:] {
			if shardKey(a.Results) != shardKey(b.Results) {
				continue
			}
			if common := commonVersions(a, b); common != nil {
				return fmt.Errorf("%s and %s both hold %s of %s; give each part of the run once",
					a.Name, b.Name, shardName(a.Results), versionsName(common))
			}
		}
	}
	return nil
}

// completeShards checks that, for every version a part selected, the parts hold every shard
// of the run.
func completeShards(parts []Part) error {
	n, first := 0, ""
	shards := make([]map[int]bool, len(parts)) // nil: the whole suite
	for i, p := range parts {
		pn, ks, err := parseShards(p)
		if err != nil {
			return err
		}
		if pn == 0 {
			continue
		}
		if n != 0 && pn != n {
			return fmt.Errorf("%s holds shards of %d and %s shards of %d; the shards of one run split the suite the same way",
				first, n, p.Name, pn)
		}
		n, first, shards[i] = pn, p.Name, ks
	}
	if n == 0 {
		return nil
	}
	versions := []string{""} // parts that do not say which versions they selected
	if all := allVersions(parts); len(all) > 0 {
		versions = all
	}
	for _, v := range versions {
		got := map[int]bool{}
		for i, p := range parts {
			if v != "" && !selects(p, v) {
				continue
			}
			for k := 1; k <= n; k++ {
				if shards[i] == nil || shards[i][k] {
					got[k] = true
				}
			}
		}
		for k := 1; k <= n; k++ {
			if got[k] {
				continue
			}
			if v == "" {
				return fmt.Errorf("shard %d/%d is missing; merge the results of every shard of the run", k, n)
			}
			return fmt.Errorf("shard %d/%d of version %s is missing; merge the results of every shard of every version", k, n, v)
		}
	}
	return nil
}

// parseShards reads the shards a part names: n is 0 when they make up the whole suite (none,
// or every shard of a run split among workers), and ks are the shards of n it holds otherwise.
func parseShards(p Part) (n int, ks map[int]bool, err error) {
	byN := map[int]map[int]bool{}
	for _, s := range p.Results.Shards {
		kText, nText, _ := strings.Cut(s, "/")
		k, errK := strconv.Atoi(kText)
		sn, errN := strconv.Atoi(nText)
		if errK != nil || errN != nil || k < 1 || k > sn {
			return 0, nil, fmt.Errorf("%s names shard %q; want K/N with 1 <= K <= N", p.Name, s)
		}
		if byN[sn] == nil {
			byN[sn] = map[int]bool{}
		}
		byN[sn][k] = true
	}
	for sn, ks := range byN {
		if len(ks) == sn {
			return 0, nil, nil
		}
	}
	switch len(byN) {
	case 0:
		return 0, nil, nil
	case 1:
		for sn, ks := range byN {
			return sn, ks, nil
		}
	}
	return 0, nil, fmt.Errorf("%s holds parts of different splits of the suite (%s)", p.Name, strings.Join(p.Results.Shards, ", "))
}

// pickSpecs decides which part each spec is taken from and returns, for each part, the specs
// taken from it.
func pickSpecs(parts []Part) ([][]Spec, error) {
	type pick struct {
		part int
		spec Spec
	}
	byID := map[string]pick{}
	for i, p := range parts {
		for _, s := range p.Results.Specs {
			prev, seen := byID[s.ID]
			switch {
			case !seen, prev.spec.Outcome == Disabled && s.Outcome != Disabled:
				byID[s.ID] = pick{i, s}
			case s.Outcome == Disabled:
				// Both left it out: the part that selected its version says why best.
				if prev.spec.Outcome == Disabled && !selects(parts[prev.part], s.Version) && selects(p, s.Version) {
					byID[s.ID] = pick{i, s}
				}
			default:
				return nil, fmt.Errorf("spec %q ran in both %s and %s; each spec must come from one part",
					s.ID, parts[prev.part].Name, p.Name)
			}
		}
	}
	out := make([][]Spec, len(parts))
	for _, p := range byID {
		out[p.part] = append(out[p.part], p.spec)
	}
	return out, nil
}

// mergedConfig is the configuration of the whole run: the parts agree on everything but the
// versions (sameRun), which add up; the largest timeout and number of workers are kept.
func mergedConfig(parts []Part) *Config {
	var out *Config
	for _, p := range parts {
		c := p.Results.Config
		if c == nil {
			continue
		}
		if out == nil {
			cp := *c
			cp.Versions = slices.Clone(c.Versions)
			out = &cp
			continue
		}
		for _, v := range c.Versions {
			if !slices.Contains(out.Versions, v) {
				out.Versions = append(out.Versions, v)
			}
		}
		out.RequestTimeout = max(out.RequestTimeout, c.RequestTimeout)
		out.Workers = max(out.Workers, c.Workers)
		out.Credentials = cmp.Or(out.Credentials, c.Credentials)
	}
	if out != nil {
		slices.SortFunc(out.Versions, compareNatural)
	}
	return out
}

// mergedTarget is the parts' target; its URL is left empty when the parts reached it at
// different addresses (a container or bundled mock per job listens on a port of its own).
func mergedTarget(parts []Part) Target {
	t := parts[0].Results.Target
	for _, p := range parts[1:] {
		if p.Results.Target.URL != t.URL {
			t.URL = ""
		}
	}
	return t
}

// selects reports whether part p selected version v; a part that does not say selects all.
func selects(p Part, v string) bool {
	return p.Results.Config == nil || slices.Contains(p.Results.Config.Versions, v)
}

// commonVersions lists the versions both parts selected, nil when none. A part that does not
// say which it selected is taken to have selected every version; two such parts have "" in
// common, which stands for every version.
func commonVersions(a, b Part) []string {
	ca, cb := a.Results.Config, b.Results.Config
	switch {
	case ca == nil && cb == nil:
		return []string{""}
	case ca == nil:
		return cb.Versions
	case cb == nil:
		return ca.Versions
	}
	var common []string
	for _, v := range ca.Versions {
		if slices.Contains(cb.Versions, v) {
			common = append(common, v)
		}
	}
	return common
}

// allVersions lists every version some part selected.
func allVersions(parts []Part) []string {
	var all []string
	for _, p := range parts {
		if c := p.Results.Config; c != nil {
			for _, v := range c.Versions {
				if !slices.Contains(all, v) {
					all = append(all, v)
				}
			}
		}
	}
	slices.SortFunc(all, compareNatural)
	return all
}

// shardKey names the shards a part holds, in a form equal for equal sets.
func shardKey(r *Results) string { return strings.Join(sorted(r.Shards), ",") }

func shardName(r *Results) string {
	switch len(r.Shards) {
	case 0:
		return "the whole suite"
	case 1:
		return "shard " + r.Shards[0]
	}
	return "shards " + strings.Join(r.Shards, ", ")
}

func versionsName(vs []string) string {
	switch {
	case len(vs) == 1 && vs[0] == "":
		return "every version"
	case len(vs) == 1:
		return "version " + vs[0]
	}
	return "versions " + strings.Join(vs, ", ")
}

func suiteName(s Suite) string {
	name := s.Name + " " + s.Version
	if s.Revision != "" {
		name += " (revision " + s.Revision + ")"
	}
	return name
}

func targetName(t Target) string {
	if t.Image != "" {
		return t.Kind + " " + t.Image
	}
	return t.Kind
}

func listOrNone(ss []string) string {
	if len(ss) == 0 {
		return "none"
	}
	return strings.Join(ss, ",")
}

func sorted(ss []string) []string { return slices.Sorted(slices.Values(ss)) }
