package validate_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/flixconf/flixconf/internal/testshared"
	"github.com/flixconf/flixconf/spec/validate"
)

// recorded is one real answer of the API and the request it answered.
type recorded struct {
	name    string // where it comes from, for messages
	version string
	method  string
	target  string // path and query of the request
	status  int
	ctype   string
	body    []byte
}

// The recorded XML answers of ../shared/real-responses/train and the requests that produced
// them (README of that folder; flix4r test/fixtures, API v1.0, about 2009-2011).
var xmlRecordings = map[string]string{
	"flix4r-movies.xml":       "/catalog/titles/movies/60001220",
	"flix4r-titles.xml":       "/catalog/titles?term=jaws&max_results=1",
	"flix4r-autocomplete.xml": "/catalog/titles/autocomplete?term=love",
	"flix4r-cast.xml":         "/catalog/titles/movies/60001220/cast",
	"flix4r-directors.xml":    "/catalog/titles/movies/60001220/directors",
	"flix4r-synopsis.xml":     "/catalog/titles/movies/60001220/synopsis",
}

// The recorded JSON answers of netflix-ruby (2012): each YAML file maps a user id to methods
// and their bodies. Queue bodies answer the disc queue (GET, POST) and one of its entries
// (DELETE); the client sends no v, so they are read as version 1.0.
var jsonRecordings = map[string]map[string]struct {
	target string
	status int
}{
	"netflix-ruby-netflix_user_responses.yml": {
		"get": {"/users/%s?output=json", 200},
	},
	"netflix-ruby-netflix_queue_responses.yml": {
		"get":    {"/users/%s/queues/disc?output=json", 200},
		"post":   {"/users/%s/queues/disc?output=json&title_ref=http://api.netflix.com/catalog/titles/movies/70071613&etag=1", 201},
		"delete": {"/users/%s/queues/disc/available/1/70167072?output=json&etag=1", 200},
	},
}

// recordings loads every recorded answer of the train folder; empty bodies are left out.
func recordings(t *testing.T) []recorded {
	t.Helper()
	dir := filepath.Join(testshared.RealResponses(t), "train")
	var out []recorded
	for file, target := range xmlRecordings {
		body, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, recorded{file, "1.0", "GET", target, 200, "application/xml", body})
	}
	for file, methods := range jsonRecordings {
		raw, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		var users map[string]map[string]struct {
			Body string `yaml:"body"`
		}
		if err := yaml.Unmarshal(raw, &users); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for user, bodies := range users {
			for method, b := range bodies {
				req, ok := methods[method]
				if !ok {
					t.Fatalf("%s: user %s has a %s body this test does not map to a request", file, user, method)
				}
				if strings.TrimSpace(b.Body) == "" {
					continue
				}
				out = append(out, recorded{
					name: fmt.Sprintf("%s %s %s", file, user, method), version: "1.0",
					method: strings.ToUpper(method), target: fmt.Sprintf(req.target, user),
					status: req.status, ctype: "application/json", body: []byte(b.Body),
				})
			}
		}
	}
	slices.SortFunc(out, func(a, b recorded) int { return strings.Compare(a.name, b.name) })
	return out
}

func (r recorded) check(t *testing.T, v *validate.Validator, body []byte) []validate.Violation {
	t.Helper()
	req := httptest.NewRequest(r.method, "http://api.netflix.com"+r.target, nil)
	return v.Response(req, r.status, http.Header{"Content-Type": {r.ctype}}, body)
}

// Every recorded answer conforms to the description of its version and operation.
func TestRecordedAnswersConform(t *testing.T) {
	recs := recordings(t)
	validators := map[string]*validate.Validator{}
	for _, r := range recs {
		v := validators[r.version]
		if v == nil {
			var err error
			if v, err = validate.New(r.version); err != nil {
				t.Fatal(err)
			}
			validators[r.version] = v
		}
		if got := r.check(t, v, r.body); len(got) > 0 {
			t.Errorf("%s does not conform:\n%s", r.name, lines(got))
		}
	}
	// 6 XML files, 4 users, and 8 non-empty queue bodies of 4 users.
	if len(recs) != 18 {
		t.Errorf("validated %d recorded answers, want 18", len(recs))
	}
	t.Logf("validated %d recorded answers", len(recs))
}

// mutant is one systematic change of a recorded answer.
type mutant struct {
	what    string // the change, for messages
	body    []byte
	renamed string // the new name, for a renaming; a violation must name it
}

// survivors are the mutants that must pass, each with the reason; the key is a regular
// expression on the mutant's description.
var survivors = map[string]string{
	// Recorded JSON writes status_code as "201" and as 200, so both forms are accepted.
	`^string->number at /status/status_code$`: "status_code is a string or a number in recorded answers",
}

// Every element and every attribute renamed in turn, and every JSON string turned into a
// number in turn, is refused with a one-line violation naming the place; the mutants that
// survive are exactly those listed in survivors, with their reasons.
func TestMutantsAreRefused(t *testing.T) {
	recs := recordings(t)
	v, err := validate.New("1.0")
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, r := range recs {
		var ms []mutant
		if r.ctype == "application/xml" {
			ms = xmlMutants(t, r.body)
		} else {
			ms = jsonMutants(t, r.body)
		}
		for _, m := range ms {
			total++
			got := r.check(t, v, m.body)
			explained := ""
			for pattern, reason := range survivors {
				if regexp.MustCompile(pattern).MatchString(m.what) {
					explained = reason
				}
			}
			switch {
			case len(got) == 0 && explained == "":
				t.Errorf("%s: mutant survives: %s", r.name, m.what)
			case len(got) > 0 && explained != "":
				t.Errorf("%s: %s was expected to survive (%s) but is refused:\n%s", r.name, m.what, explained, lines(got))
			}
			if m.renamed != "" && len(got) > 0 && !strings.Contains(lines(got), "/"+m.renamed) {
				t.Errorf("%s: %s: no violation points at %s:\n%s", r.name, m.what, m.renamed, lines(got))
			}
			for _, g := range got {
				if strings.Contains(g.String(), "\n") {
					t.Errorf("%s: %s: violation spans lines: %q", r.name, m.what, g.String())
				}
			}
		}
	}
	t.Logf("%d mutants of %d recorded answers", total, len(recs))
	if total < 1000 {
		t.Errorf("only %d mutants; the recorded answers should give well over 1000", total)
	}
}

// xmlMutants renames each element (start and end tag) and each attribute, one at a time.
func xmlMutants(t *testing.T, body []byte) []mutant {
	t.Helper()
	type span struct{ start, end int64 } // byte offsets of a start tag
	var starts []span
	var ends []int64 // offset of the end tag matching starts[i]
	var open []int
	d := xml.NewDecoder(bytes.NewReader(body))
	for {
		before := d.InputOffset()
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tok.(type) {
		case xml.StartElement:
			open = append(open, len(starts))
			starts = append(starts, span{before, d.InputOffset()})
			ends = append(ends, -1)
		case xml.EndElement:
			ends[open[len(open)-1]] = before
			open = open[:len(open)-1]
		}
	}
	name := regexp.MustCompile(`^</?([A-Za-z_][A-Za-z0-9_.-]*)`)
	attr := regexp.MustCompile(`\s([A-Za-z_][A-Za-z0-9_.-]*)="`)
	var out []mutant
	for i, s := range starts {
		tag := body[s.start:s.end]
		el := name.FindSubmatch(tag)[1]
		m := slices.Clone(body)
		// Rename the end tag first, so that the start tag's offset stays right.
		end := ends[i]
		if !bytes.HasSuffix(tag, []byte("/>")) {
			m = slices.Insert(m, int(end)+2+len(el), 'x')
		}
		m = slices.Insert(m, int(s.start)+1+len(el), 'x')
		out = append(out, mutant{fmt.Sprintf("element <%s> #%d renamed", el, i), m, string(el) + "x"})
		for _, loc := range attr.FindAllSubmatchIndex(tag, -1) {
			at := int(s.start) + loc[3]
			out = append(out, mutant{
				fmt.Sprintf("attribute %s of <%s> #%d renamed", tag[loc[2]:loc[3]], el, i),
				slices.Insert(slices.Clone(body), at, 'x'),
				string(tag[loc[2]:loc[3]]) + "x",
			})
		}
	}
	return out
}

// jsonMutants renames each object key and turns each string leaf into a number, one at a time.
func jsonMutants(t *testing.T, body []byte) []mutant {
	t.Helper()
	var doc any
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	var out []mutant
	var walk func(v any, pointer string, set func(any) []byte)
	walk = func(v any, pointer string, set func(any) []byte) {
		switch v := v.(type) {
		case map[string]any:
			for k, child := range v {
				out = append(out, mutant{what: "key renamed at " + pointer + "/" + k, renamed: k + "x", body: func() []byte {
					delete(v, k)
					v[k+"x"] = child
					b := set(v)
					delete(v, k+"x")
					v[k] = child
					return b
				}()})
				walk(child, pointer+"/"+k, func(nv any) []byte {
					v[k] = nv
					b := set(v)
					v[k] = child
					return b
				})
			}
		case []any:
			for i, child := range v {
				walk(child, fmt.Sprintf("%s/%d", pointer, i), func(nv any) []byte {
					v[i] = nv
					b := set(v)
					v[i] = child
					return b
				})
			}
		case string:
			// A string that spells a number becomes that number ("201" -> 201), the
			// subtlest change; any other string becomes 12345.
			var n any = 12345
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				n = f
			}
			p := regexp.MustCompile(`/[0-9]+`).ReplaceAllString(pointer, "")
			out = append(out, mutant{what: "string->number at " + p, body: set(n)})
		}
	}
	walk(doc, "", func(nv any) []byte {
		b, err := json.Marshal(nv)
		if err != nil {
			t.Fatal(err)
		}
		return b
	})
	return out
}
