package spec

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestDocumentsLoadAndValidate(t *testing.T) {
	vs := Names()
	if len(vs) != 4 {
		t.Fatalf("descriptions %v, want 1.0, 1.5, 2.0 and odata", vs)
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

func TestOperations(t *testing.T) {
	ops, err := Operations("1.0")
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]Operation{}
	for _, o := range ops {
		byID[o.ID] = o
	}
	for id, want := range map[string]struct {
		auth string
		reps string
	}{
		"getCatalogTitlesMoviesById":   {"signed", "application/json application/xml"},
		"getCatalogTitlesAutocomplete": {"consumer", "application/json application/xml"},
		"getUsersByUserIdQueuesDisc":   {"consumer", "application/atom+xml application/json application/rss+xml application/xml"},
		"postUsersByUserIdQueuesDisc":  {"protected", "application/json application/xml"},
		"getOauthRequestToken":         {"signed", "application/x-www-form-urlencoded"},
		"postOauthAccessToken":         {"request-token", "application/x-www-form-urlencoded"},
		"getOauthLogin":                {"consumer", "text/html"},
	} {
		o, ok := byID[id]
		if !ok {
			t.Errorf("%s: missing", id)
			continue
		}
		if o.AuthLevel != want.auth || strings.Join(o.Representations, " ") != want.reps {
			t.Errorf("%s: auth %q reps %v; want %q %q", id, o.AuthLevel, o.Representations, want.auth, want.reps)
		}
	}
	// Version deltas: the full index from 1.5, filters and the short synopsis in 2.0.
	has := func(v, id string) bool {
		ops, err := Operations(v)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range ops {
			if o.ID == id {
				return true
			}
		}
		return false
	}
	if has("1.0", "getCatalogTitlesFull") || !has("1.5", "getCatalogTitlesFull") || !has("2.0", "getCatalogTitlesMoviesByIdShortSynopsis") || has("1.5", "getCatalogTitlesMoviesByIdShortSynopsis") {
		t.Error("version deltas are not encoded")
	}
}

func TestOperationIDOfODataPaths(t *testing.T) {
	for in, want := range map[[2]string]string{
		{"GET", "/"}:                            "getRoot",
		{"GET", "/$metadata"}:                   "getMetadata",
		{"GET", "/Titles('{id}')/Cast"}:         "getTitlesByIdCast",
		{"GET", "/Titles('{id}')/$value"}:       "getTitlesByIdValue",
		{"GET", "/People({id})/TitlesActedIn"}:  "getPeopleByIdTitlesActedIn",
		{"GET", "/TitleAwards(guid'{id}')"}:     "getTitleAwardsGuidById",
		{"GET", "/categories/ca_movie_ratings"}: "getCategoriesCaMovieRatings",
	} {
		if got := OperationID(in[0], in[1]); got != want {
			t.Errorf("OperationID(%s %s) = %s, want %s", in[0], in[1], got, want)
		}
	}
}
