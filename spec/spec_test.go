package spec

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestDocumentsLoadAndValidate(t *testing.T) {
	vs := Versions()
	if len(vs) == 0 {
		t.Fatal("no described version")
	}
	opID := regexp.MustCompile(`^(get|post|put|delete)[A-Z][A-Za-z]*$`)
	for _, v := range vs {
		doc, err := Load(v)
		if err != nil {
			t.Fatal(err)
		}
		if doc.OpenAPI != "3.0.3" {
			t.Errorf("%s: OpenAPI %s, want 3.0.3 (3.1 validation is far slower)", v, doc.OpenAPI)
		}
		seen := map[string]bool{}
		for path, item := range doc.Paths.Map() {
			for method, op := range item.Operations() {
				want := OperationID(method, path)
				if op.OperationID != want || !opID.MatchString(op.OperationID) {
					t.Errorf("%s %s %s: operation id %q, want %q", v, method, path, op.OperationID, want)
				}
				if seen[op.OperationID] {
					t.Errorf("%s: operation id %q used twice", v, op.OperationID)
				}
				seen[op.OperationID] = true
			}
		}
	}
	if _, err := Source("9.9"); err == nil || !strings.Contains(err.Error(), "1.0") {
		t.Errorf("an unknown version should be refused naming the described ones: %v", err)
	}
}

func TestOperationID(t *testing.T) {
	for in, want := range map[[2]string]string{
		{"GET", "/catalog/titles/movies/{id}"}:                 "getCatalogTitlesMoviesById",
		{"POST", "/users/{user_id}/queues/disc"}:               "postUsersByUserIdQueuesDisc",
		{"GET", "/catalog/titles/series/{id}/seasons/{sid}"}:   "getCatalogTitlesSeriesByIdSeasonsBySid",
		{"DELETE", "/users/{id}/queues/instant/available/{e}"}: "deleteUsersByIdQueuesInstantAvailableByE",
	} {
		if got := OperationID(in[0], in[1]); got != want {
			t.Errorf("OperationID(%s %s) = %s, want %s", in[0], in[1], got, want)
		}
	}
}

func TestDay(t *testing.T) {
	d, err := ParseDay("2012-09-15T23:59:59-02:00")
	if err != nil || d.String() != "2012-09-16" {
		t.Fatalf("an RFC 3339 time is reduced to its UTC day: %v %v", d, err)
	}
	for _, bad := range []string{"", "2012-9-15", "15/09/2012", "2012-02-30", "now"} {
		if _, err := ParseDay(bad); err == nil {
			t.Errorf("ParseDay(%q) should fail", bad)
		}
	}
	w := Window{From: MustDay("2011-06-15"), Until: MustDay("2012-09-15")}
	for day, in := range map[string]bool{"2011-06-14": false, "2011-06-15": true, "2012-09-14": true, "2012-09-15": false} {
		if w.Contains(MustDay(day)) != in {
			t.Errorf("%s in %s: want %v", day, w, in)
		}
	}
	if !(Window{}).Contains(DayOf(time.Now())) {
		t.Error("an open window holds on every day")
	}
}
