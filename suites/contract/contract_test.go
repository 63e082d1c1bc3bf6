package contract

import (
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/spec/timeline"
	"github.com/flixconf/flixconf/spec/validate"
)

// placeholder stands for what a setup fills at run time ({user_id}, {position}, ...).
var placeholder = regexp.MustCompile(`\{[a-z_]+\}`)

// Every operation of every description has a recipe, and the recipe's path, filled with the
// fixtures, leads to that operation; no recipe is ambiguous for an operation (two patterns of
// the same length that both match it).
func TestEveryOperationHasARecipe(t *testing.T) {
	for _, v := range spec.Names() {
		ops, err := spec.Operations(v)
		if err != nil {
			t.Fatal(err)
		}
		val, err := validate.New(v)
		if err != nil {
			t.Fatal(err)
		}
		for _, op := range ops {
			r, ok := recipeFor(op)
			if !ok {
				t.Errorf("%s %s: no recipe for %s %s", v, op.ID, op.Method, op.Path)
				continue
			}
			if r.For != op.ID && r.For != op.Path {
				for _, o := range recipes {
					if o.For != r.For && isPattern(o.For) && len(o.For) == len(r.For) && matches(o.For, op.Path) {
						t.Errorf("%s %s: the recipes %q and %q both match it", v, op.ID, r.For, o.For)
					}
				}
			}
			template := op.Path
			if r.Path != "" {
				template = r.Path
			}
			path := placeholder.ReplaceAllString(samples.Replace(template), "x1")
			if v == spec.ODataName {
				path = odataRoot + path
			}
			got, err := val.Operation(httptest.NewRequest(op.Method, "http://api.netflix.com"+path, nil))
			if err != nil || got != op.ID {
				t.Errorf("%s %s: the recipe's path %s leads to %q (%v)", v, op.ID, path, got, err)
			}
		}
	}
}

// No recipe names an operation, or matches a path, that no description has.
func TestEveryRecipeServesAnOperation(t *testing.T) {
	used := map[string]bool{}
	for _, v := range spec.Names() {
		ops, err := spec.Operations(v)
		if err != nil {
			t.Fatal(err)
		}
		for _, op := range ops {
			for _, r := range recipes {
				if r.For == op.ID || (isPattern(r.For) && matches(r.For, op.Path)) {
					used[r.For] = true
				}
			}
		}
	}
	seen := map[string]bool{}
	for _, r := range recipes {
		if !used[r.For] {
			t.Errorf("the recipe for %q serves no operation of any description", r.For)
		}
		if seen[r.For] {
			t.Errorf("two recipes for %q", r.For)
		}
		seen[r.For] = true
	}
}

// Every operation of every description answers on some days, the window the specs get is
// exactly a span of those days (its last day live, the next one not; its first day live, the
// one before not, unless it is open), and the default day lies inside it.
func TestEveryOperationHasAWindow(t *testing.T) {
	tl, err := timeline.Load()
	if err != nil {
		t.Fatal(err)
	}
	lt, err := newLifetimes(tl)
	if err != nil {
		t.Fatal(err)
	}
	if lt.lastDay.String() != "2014-11-13" {
		t.Errorf("the API's last day is %s, want 2014-11-13 (the day before the 2014-11-14 retirement)", lt.lastDay)
	}
	for _, v := range spec.Names() {
		ops, err := spec.Operations(v)
		if err != nil {
			t.Fatal(err)
		}
		for _, op := range ops {
			from, until, ok := lt.window(v, op.ID)
			if !ok || until.IsZero() {
				t.Errorf("%s %s: window %s..%s (found %v)", v, op.ID, from, until, ok)
				continue
			}
			if !lt.live(v, op.ID, until) || lt.live(v, op.ID, until.AddDays(1)) {
				t.Errorf("%s %s: the window ends on %s, which is not the operation's last day", v, op.ID, until)
			}
			if !from.IsZero() && (!lt.live(v, op.ID, from) || lt.live(v, op.ID, from.AddDays(-1))) {
				t.Errorf("%s %s: the window starts on %s, which is not the operation's first day", v, op.ID, from)
			}
			day := lt.defaultDay(from, until)
			if day.Before(from) || until.Before(day) {
				t.Errorf("%s %s: default day %s outside %s..%s", v, op.ID, day, from, until)
			}
		}
	}
}
