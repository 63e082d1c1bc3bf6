package validate_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/flixconf/flixconf/internal/testshared"
	"github.com/flixconf/flixconf/spec/validate"
)

func xmlHeader() http.Header { return http.Header{"Content-Type": {"application/xml"}} }

// The real API's answer for Jaws (flix4r test/fixtures/movies.xml, v1.0) conforms to the
// description of GET /catalog/titles/movies/{id}.
func TestRealJawsConforms(t *testing.T) {
	body, err := os.ReadFile(testshared.File(t, "train/flix4r-movies.xml"))
	if err != nil {
		t.Fatal(err)
	}
	v, err := validate.New("1.0")
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "http://api.netflix.com/catalog/titles/movies/60001220", nil)
	if got := v.Response(req, http.StatusOK, xmlHeader(), body); len(got) > 0 {
		t.Fatalf("the real Jaws answer does not conform:\n%s", lines(got))
	}

	// The same answer with one element misspelled is refused, and the violation points at it.
	bad := bytes.Replace(body, []byte("<release_year>1975</release_year>"), []byte("<relase_year>1975</relase_year>"), 1)
	got := v.Response(req, http.StatusOK, xmlHeader(), bad)
	if !strings.Contains(lines(got), "getCatalogTitlesMoviesById /catalog_title/relase_year: not in the description") {
		t.Fatalf("a misspelled element should be reported at its pointer; got:\n%s", lines(got))
	}
}

func TestUndescribedStatusAndOperation(t *testing.T) {
	v, err := validate.New("1.0")
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "/catalog/titles/movies/1", nil)
	body := []byte(`{"status":{"status_code":"418","message":"teapot"}}`)
	got := v.Response(req, http.StatusTeapot, http.Header{"Content-Type": {"application/json"}}, body)
	if len(got) != 1 || !strings.Contains(got[0].Reason, "status is not supported") {
		t.Fatalf("an undescribed status must be a violation; got %v", got)
	}

	req = httptest.NewRequest(http.MethodGet, "/no/such/operation", nil)
	got = v.Response(req, http.StatusOK, xmlHeader(), []byte("<x/>"))
	if len(got) != 1 || !strings.Contains(got[0].String(), "GET /no/such/operation") {
		t.Fatalf("an unknown operation must be a violation naming it; got %v", got)
	}
}

// Every violation is reported, each on its own line, never the body.
func TestEveryViolationOnItsOwnLine(t *testing.T) {
	v, err := validate.New("1.0")
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "/catalog/titles/movies/1", nil)
	body := []byte(`{"status":{"status_code":true,"message":"","extra":"x"}}`)
	got := v.Response(req, http.StatusNotFound, http.Header{"Content-Type": {"application/json"}}, body)
	if len(got) < 3 {
		t.Fatalf("want at least 3 violations (status_code, message, extra); got:\n%s", lines(got))
	}
	for _, g := range got {
		if strings.Contains(g.String(), "\n") {
			t.Errorf("violation spans lines: %q", g.String())
		}
	}
}

func lines(vs []validate.Violation) string {
	var b strings.Builder
	for _, v := range vs {
		b.WriteString(v.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// OData requests route by the path of the catalog's servers, whatever the host, with their
// quotes and parentheses escaped or not.
func TestODataRoutes(t *testing.T) {
	v, err := validate.New("odata")
	if err != nil {
		t.Fatal(err)
	}
	for target, want := range map[string]string{
		"http://odata.netflix.com/Catalog/Titles":                  "getTitles",
		"http://127.0.0.1:8080/v2/Catalog/Titles('7wcf7')/Cast":    "getTitlesByIdCast",
		"http://odata.netflix.com/Catalog/Titles%28%277wcf7%27%29": "getTitlesById",
	} {
		op, err := v.Operation(httptest.NewRequest(http.MethodGet, target, nil))
		if err != nil || op != want {
			t.Errorf("%s: %q, %v; want %s", target, op, err, want)
		}
	}
}

// Request validation reports unknown parameters and values outside a parameter's limits, one
// violation a parameter, and leaves OAuth parameters alone.
func TestRequestValidation(t *testing.T) {
	v, err := validate.New("1.0")
	if err != nil {
		t.Fatal(err)
	}
	ok := httptest.NewRequest("GET", "/catalog/titles?term=jaws&max_results=100&oauth_consumer_key=k&oauth_signature=s", nil)
	if got := v.Request(ok); len(got) > 0 {
		t.Fatalf("a valid search: %v", got)
	}
	bad := httptest.NewRequest("GET", "/catalog/titles?term=jaws&max_results=101&colour=red&output=yaml", nil)
	got := lines(v.Request(bad))
	for _, want := range []string{"/query/colour: unknown parameter", "/query/max_results", "/query/output"} {
		if !strings.Contains(got, want) {
			t.Errorf("want a violation at %s; got:\n%s", want, got)
		}
	}
	if missing := lines(v.Request(httptest.NewRequest("GET", "/catalog/titles", nil))); !strings.Contains(missing, "/query/term") {
		t.Errorf("a missing required term: %s", missing)
	}
}
