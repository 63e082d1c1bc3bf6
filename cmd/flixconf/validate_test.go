package main

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/flixconf/flixconf/internal/testshared"
	"github.com/flixconf/flixconf/spec"
)

// jawsOp is the operation that answers GET /catalog/titles/movies/{id}.
const jawsOp = "getCatalogTitlesMoviesById"

// `flixconf spec` prints each description as written, or as JSON that parses.
func TestSpecPrintsEachVersion(t *testing.T) {
	for _, v := range []string{"1.0", "1.5", "2.0"} {
		t.Run(v, func(t *testing.T) {
			r := flixconf(t, nil, "spec", "--version", v)
			if r.code != exitOK {
				t.Fatalf("exit %d\nstderr:\n%s", r.code, r.stderr)
			}
			if !strings.HasPrefix(r.stdout, "# GENERATED from spec/src/") || !strings.Contains(r.stdout, "\nopenapi: 3.0.3\n") {
				t.Errorf("yaml should start with the generated header and say openapi: 3.0.3; starts:\n%.300s", r.stdout)
			}
			src, err := spec.Source(v)
			if err != nil {
				t.Fatal(err)
			}
			if r.stdout != string(src) {
				t.Errorf("yaml differs from the description as written (%d bytes printed, %d written)", len(r.stdout), len(src))
			}

			r = flixconf(t, nil, "spec", "--version", v, "--format", "json")
			if r.code != exitOK {
				t.Fatalf("--format json: exit %d\nstderr:\n%s", r.code, r.stderr)
			}
			checkJSONDescription(t, r.stdout, v)
		})
	}
}

// The environment twins choose the description and the format; a flag wins over its twin.
func TestSpecEnvironmentTwins(t *testing.T) {
	env := []string{"FLIXCONF_SPEC_VERSION=1.5", "FLIXCONF_SPEC_FORMAT=json"}
	r := flixconf(t, env, "spec")
	if r.code != exitOK {
		t.Fatalf("exit %d\nstderr:\n%s", r.code, r.stderr)
	}
	checkJSONDescription(t, r.stdout, "1.5")
	r = flixconf(t, env, "spec", "--version", "2.0")
	if r.code != exitOK {
		t.Fatalf("exit %d\nstderr:\n%s", r.code, r.stderr)
	}
	checkJSONDescription(t, r.stdout, "2.0")
}

func checkJSONDescription(t *testing.T, out, version string) {
	t.Helper()
	var doc struct {
		OpenAPI string `json:"openapi"`
		Info    struct {
			Version string `json:"version"`
		} `json:"info"`
		Paths map[string]any `json:"paths"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("json output does not parse: %v\n%.300s", err, out)
	}
	if doc.OpenAPI != "3.0.3" || doc.Info.Version != version || len(doc.Paths) == 0 {
		t.Fatalf("json output: openapi %q, info.version %q, %d paths; want 3.0.3, %s and some paths", doc.OpenAPI, doc.Info.Version, len(doc.Paths), version)
	}
}

func TestSpecUsageErrors(t *testing.T) {
	cases := []struct {
		name string
		env  []string
		args []string
		want []string
	}{
		{"unknown version", nil, []string{"--version", "9.9"}, []string{"--version", `"9.9"`, "1.0, 1.5, 2.0"}},
		{"unknown version variable", []string{"FLIXCONF_SPEC_VERSION=3"}, nil, []string{"FLIXCONF_SPEC_VERSION", "1.0, 1.5, 2.0"}},
		{"unknown format", nil, []string{"--version", "1.0", "--format", "xml"}, []string{"--format", `"xml"`, "yaml, json"}},
		{"no version", nil, nil, []string{"--version", "required", "1.0, 1.5, 2.0"}},
		{"an argument", nil, []string{"--version", "1.0", "extra"}, []string{`"extra"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := flixconf(t, c.env, append([]string{"spec"}, c.args...)...)
			wantUsageError(t, r, c.want...)
			if r.stdout != "" {
				t.Errorf("a usage error should print nothing on stdout; printed %.200q", r.stdout)
			}
		})
	}
}

// The real API's answer for Jaws conforms; with an element misspelled it violates, and the
// output points at the element.
func TestValidateRealJaws(t *testing.T) {
	jaws := testshared.File(t, "train/flix4r-movies.xml")
	r := flixconf(t, nil, "validate", "--version", "1.0", "GET", "/catalog/titles/movies/60001220", jaws)
	if r.code != exitOK {
		t.Fatalf("the real Jaws answer should conform: exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if want := jaws + ": conforms to API 1.0 " + jawsOp; lastLine(r.stdout) != want {
		t.Errorf("last line %q, want %q", lastLine(r.stdout), want)
	}

	body, err := os.ReadFile(jaws)
	if err != nil {
		t.Fatal(err)
	}
	bad := bytes.ReplaceAll(body, []byte("<release_year>"), []byte("<relase_year>"))
	bad = bytes.ReplaceAll(bad, []byte("</release_year>"), []byte("</relase_year>"))
	if bytes.Equal(bad, body) {
		t.Fatal("the recorded answer has no <release_year> to misspell")
	}
	file := writeTemp(t, "misspelled.xml", string(bad))
	// Lower-case method, a full URL and no --version: the version defaults to 1.0.
	r = flixconf(t, nil, "validate", "get", "http://api.netflix.com/catalog/titles/movies/60001220", file)
	if r.code != exitFail {
		t.Fatalf("a misspelled element should violate: exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, jawsOp+" /catalog_title/relase_year: ") {
		t.Errorf("the output should name the misspelled element at its pointer:\n%s", r.stdout)
	}
	if !regexp.MustCompile(`^` + regexp.QuoteMeta(file) + `: [1-9]\d* violations?$`).MatchString(lastLine(r.stdout)) {
		t.Errorf("last line %q, want %s: N violations", lastLine(r.stdout), file)
	}
}

// A JSON status body conforms as the answer it is (404), not as a 200; the version comes from
// --version, its variable, or the v parameter.
func TestValidateStatusBody(t *testing.T) {
	file := writeTemp(t, "status.json", `{"status":{"status_code":"404","message":"Resource Not Found"}}`)
	cases := []struct {
		name string
		env  []string
		args []string
		code int
		last string
	}{
		{"as a 404", nil, []string{"--status", "404", "GET", "/catalog/titles/movies/1?output=json"}, exitOK, ": conforms to API 1.0 " + jawsOp},
		{"as a 200", nil, []string{"GET", "/catalog/titles/movies/1?output=json"}, exitFail, " violations"},
		{"status variable", []string{"FLIXCONF_VALIDATE_STATUS=404"}, []string{"GET", "/catalog/titles/movies/1"}, exitOK, ": conforms to API 1.0 " + jawsOp},
		{"v parameter", nil, []string{"--status", "404", "GET", "/catalog/titles/movies/1?v=2.0&output=json"}, exitOK, ": conforms to API 2.0 " + jawsOp},
		{"version flag over v", nil, []string{"--status", "404", "--version", "1.5", "GET", "/catalog/titles/movies/1?v=2.0"}, exitOK, ": conforms to API 1.5 " + jawsOp},
		{"version variable", []string{"FLIXCONF_VALIDATE_VERSION=2.0"}, []string{"--status", "404", "GET", "/catalog/titles/movies/1"}, exitOK, ": conforms to API 2.0 " + jawsOp},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := flixconf(t, c.env, append(append([]string{"validate"}, c.args...), file)...)
			if r.code != c.code || !strings.HasSuffix(lastLine(r.stdout), c.last) {
				t.Fatalf("exit %d, last line %q; want exit %d and a line ending %q\nstdout:\n%s\nstderr:\n%s", r.code, lastLine(r.stdout), c.code, c.last, r.stdout, r.stderr)
			}
		})
	}
}

func TestValidateUsageErrors(t *testing.T) {
	body := writeTemp(t, "status.json", `{"status":{"status_code":"404","message":"Resource Not Found"}}`)
	har := filepath.Join("testdata", "traffic.har")
	movie := "/catalog/titles/movies/1"
	cases := []struct {
		name string
		env  []string
		args []string
		want []string
	}{
		{"two arguments", nil, []string{"GET", movie}, []string{"METHOD PATH FILE", "2 arguments"}},
		{"four arguments", nil, []string{"GET", movie, body, body}, []string{"METHOD PATH FILE", "4 arguments"}},
		{"unknown method", nil, []string{"PATCH", movie, body}, []string{"METHOD", `"PATCH"`, "GET, POST, PUT or DELETE"}},
		{"unreadable file", nil, []string{"GET", movie, "no-such-file.xml"}, []string{"FILE", "no-such-file.xml"}},
		{"relative path", nil, []string{"GET", "catalog/titles", body}, []string{"PATH", `"catalog/titles"`, "starting with /"}},
		{"not an operation", nil, []string{"GET", "/catalog/nothing", body}, []string{"PATH", "/catalog/nothing", "not an operation"}},
		{"undescribed v", nil, []string{"GET", movie + "?v=9.9", body}, []string{"PATH", "v=9.9", "1.0, 1.5, 2.0", "--version"}},
		{"unknown version", nil, []string{"--version", "9.9", "GET", movie, body}, []string{"--version", "1.0, 1.5, 2.0"}},
		{"bad status", nil, []string{"--status", "42", "GET", movie, body}, []string{"--status", "100 to 599"}},
		{"bad status variable", []string{"FLIXCONF_VALIDATE_STATUS=ok"}, []string{"GET", movie, body}, []string{"FLIXCONF_VALIDATE_STATUS"}},
		{"bad content type", nil, []string{"--content-type", "xml", "GET", movie, body}, []string{"--content-type", "media type"}},
		{"flag after arguments", nil, []string{"GET", movie, body, "--status", "404"}, []string{"--status", "before"}},
		{"one argument not a HAR", nil, []string{body}, []string{body, "not a HAR", "METHOD PATH FILE"}},
		{"unreadable HAR", nil, []string{"--har", "no-such.har"}, []string{"--har", "no-such.har"}},
		{"HAR and arguments", nil, []string{"--har", har, "GET"}, []string{"--har", "no other arguments"}},
		{"HAR and status", nil, []string{"--status", "404", "--har", har}, []string{"--status", "HAR"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wantUsageError(t, flixconf(t, c.env, append([]string{"validate"}, c.args...)...), c.want...)
		})
	}
}

// The help says where the version comes from when --version is not given.
func TestValidateHelp(t *testing.T) {
	r := flixconf(t, nil, "validate", "--help")
	for _, want := range []string{"METHOD PATH FILE", "--har", "v parameter", "else 1.0", "FLIXCONF_VALIDATE_VERSION", "FLIXCONF_VALIDATE_STATUS"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("validate --help should mention %q:\n%s", want, r.stdout)
		}
	}
	if r.code != exitOK {
		t.Errorf("validate --help: exit %d", r.code)
	}
}

// Every entry of a HAR is validated, skipped with a reason, or reported with its violations,
// whether the HAR is given with --har or as the only argument.
func TestValidateHar(t *testing.T) {
	har := filepath.Join("testdata", "traffic.har")
	for _, args := range [][]string{{"--har", har}, {har}} {
		r := flixconf(t, nil, append([]string{"validate"}, args...)...)
		if r.code != exitFail {
			t.Fatalf("validate %v: exit %d, want 1\nstdout:\n%s\nstderr:\n%s", args, r.code, r.stdout, r.stderr)
		}
		if want := "HAR " + har + ": 4 entries, 2 conform, 1 violate, 1 skipped"; lastLine(r.stdout) != want {
			t.Errorf("validate %v: last line %q, want %q", args, lastLine(r.stdout), want)
		}
		for _, want := range []string{
			"entry 1 GET http://api.netflix.com/catalog/titles/movies/1?v=1.0&output=json: conforms to API 1.0 " + jawsOp + "\n",
			"entry 2 GET http://api.netflix.com/catalog/titles/movies/2?output=json: " + jawsOp + " /status/mesage: ",
			"entry 3 GET http://api-public.netflix.com/catalog/titles/movies/3: conforms to API 1.0 " + jawsOp + "\n",
			"entry 4 GET http://www.example.com/: skipped: www.example.com is not an API host",
		} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("validate %v: stdout should contain %q:\n%s", args, want, r.stdout)
			}
		}
	}
}

// A HAR in which no entry could be validated is not a success.
func TestValidateHarNothingToValidate(t *testing.T) {
	file := writeTemp(t, "none.har", `{"log":{"version":"1.2","entries":[
		{"request":{"method":"GET","url":"http://api.netflix.com/catalog/titles/movies/1"},
		 "response":{"status":304,"headers":[],"content":{"size":0,"mimeType":""}}}]}}`)
	r := flixconf(t, nil, "validate", file)
	if r.code != exitUsage || !strings.Contains(r.stdout, "skipped: no response body recorded") ||
		lastLine(r.stdout) != "HAR "+file+": 1 entry, 0 conform, 0 violate, 1 skipped" {
		t.Fatalf("exit %d, want 2 with the entry skipped\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
}

func TestValidateDescriptionFor(t *testing.T) {
	odata := slices.Contains(spec.Names(), spec.ODataName)
	cases := []struct {
		url, version, want string
		ok                 bool
	}{
		{"http://api.netflix.com/catalog/titles", "", "1.0", true},
		{"http://api.netflix.com/catalog/titles?v=2.0", "", "2.0", true},
		{"http://api.netflix.com/catalog/titles?v=2.0", "1.5", "1.5", true},
		{"http://api.netflix.com/catalog/titles?v=9.9", "", "", false},
		{"http://api.netflix.com/catalog/titles?v=9.9", "1.0", "1.0", true},
		{"http://odata.netflix.com/Catalog/Titles", "1.0", spec.ODataName, odata},
	}
	for _, c := range cases {
		u, err := url.Parse(c.url)
		if err != nil {
			t.Fatal(err)
		}
		got, err := descriptionFor(u, c.version)
		switch {
		case c.ok && (err != nil || got != c.want):
			t.Errorf("descriptionFor(%s, %q) = %q, %v; want %q", c.url, c.version, got, err, c.want)
		case !c.ok && (err == nil || !strings.HasPrefix(err.Error(), "not described")):
			t.Errorf("descriptionFor(%s, %q) = %q, %v; want a not described error", c.url, c.version, got, err)
		}
	}
}

func TestValidateSniffContentType(t *testing.T) {
	cases := []struct{ body, want string }{
		{`{"status":{}}`, "application/json"},
		{"\n  [1, 2]", "application/json"},
		{`<?xml version="1.0" standalone="yes"?><catalog_title/>`, "application/xml"},
		{"\xef\xbb\xbf<status><message>x</message></status>", "application/xml"},
		{`<?xml version="1.0" encoding="ISO-8859-1"?><feed xmlns="http://www.w3.org/2005/Atom"/>`, "application/atom+xml"},
		{`<rss version="2.0"><channel/></rss>`, "application/rss+xml"},
		{"<!DOCTYPE html>\n<html lang=en><form></form></html>", "text/html"},
		{"<catalog_title><unclosed>", "application/xml"},
		{"oauth_token=abc&oauth_token_secret=def&login_url=https%3A%2F%2Fapi-user.netflix.com%2Foauth%2Flogin\n", "application/x-www-form-urlencoded"},
		{"just some words", "text/plain; charset=utf-8"},
	}
	for _, c := range cases {
		if got := sniffContentType([]byte(c.body)); got != c.want {
			t.Errorf("sniffContentType(%.40q) = %q, want %q", c.body, got, c.want)
		}
	}
}

// wantUsageError checks that a command ended with a usage error that mentions each of want,
// without a stack trace.
func wantUsageError(t *testing.T, r result, want ...string) {
	t.Helper()
	if r.code != exitUsage {
		t.Fatalf("exit %d, want 2\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	for _, w := range want {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("stderr should mention %q:\n%s", w, r.stderr)
		}
	}
	if strings.Contains(r.stderr, "goroutine ") {
		t.Errorf("a usage error must not print a stack trace:\n%s", r.stderr)
	}
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}
