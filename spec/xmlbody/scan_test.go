package xmlbody_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flixconf/flixconf/fixtures"
	"github.com/flixconf/flixconf/internal/oauth1"
	"github.com/flixconf/flixconf/mockserver"
	"github.com/flixconf/flixconf/spec/xmlbody"
)

// trickyCases are documents at the edges of the subset that scan reads, each with the reader
// that must read it: scan (fast), or encoding/xml for a document outside the subset or a
// malformed one.
var trickyCases = []struct {
	name, body string
	fast       bool
}{
	// Inside the subset.
	{"declaration", `<?xml version="1.0" standalone="yes"?>` + "\n<a/>", true},
	{"declaration in single quotes with encoding", "<?xml version='1.0' encoding='UTF-8' standalone='no' ?>\r\n<a/>", true},
	{"encoding in mixed case", `<?xml version="1.0" encoding="Utf-8"?><a/>`, true},
	{"predefined entities", `<a t="&lt;&gt;&amp;&apos;&quot;">&lt;b&gt; &amp; &apos;&quot;</a>`, true},
	{"character references", `<a x="&#x9;&#65;">&#65;&#x42;&#x1F600;&#0000067;&#xd7ff;</a>`, true},
	{"character reference to a carriage return", "<a>&#13;\n&#13;&#10;</a>", true},
	{"comments", `<!-- before --><a>x<!-- between -->y<!----></a><!-- after - -->`, true},
	{"prefixes and namespaces", `<nflx:a xmlns:nflx="n" xmlns="d" nflx:x="1" xml:lang="en"><nflx:b/></nflx:a>`, true},
	{"colon at the edges of a name", `<:a b:=":"></:a>`, true},
	{"gt and quotes in attribute values", `<a href="x>y" t='"' u="'" v="]]>"/>`, true},
	{"crlf and lone cr", "<a>\r\n  <b x=\"1\r\n2\r3\">l1\r\nl2\rl3\r\r\n</b>\r\n</a>\r\n", true},
	{"tabs and spaces around =", "<a\tx\t=\t'1'\n y =\r\n\"2\" ></a\t\n>", true},
	{"attributes without space between", `<a x="1"y="2"/>`, true},
	{"duplicate attributes", `<a x="1" x="2"/>`, true},
	{"brackets in text", `<a>]] > ]&gt; ]]&gt;</a>`, true},
	{"non-ASCII text", "<a t=\"Amélie\">Amélie – 2001 😀 \u0085\u00a0\ufffd</a>", true},
	{"whitespace around the root", "\n\t\r\n<a/>\n \t", true},
	{"non-breaking space outside the root", "&#xA0;<a/>&#x20;", true},
	{"names with dots, dashes and digits", `<a.b-c_1 d.e-f_2="1"><_x/></a.b-c_1>`, true},
	{"at the nesting limit", strings.Repeat("<a>", xmlbody.MaxDepth) + strings.Repeat("</a>", xmlbody.MaxDepth), true},
	{"text split by elements and comments", "<a>1<b/>2<!-- c -->3</a>", true},

	// Outside the subset: encoding/xml reads them.
	{"byte order mark", "\ufeff<a/>", false},
	{"cdata", `<a><![CDATA[x]]></a>`, false},
	{"doctype", `<!DOCTYPE a><a/>`, false},
	{"other processing instruction", `<?xml-stylesheet href="s"?><a/>`, false},
	{"processing instruction inside", `<a><?pi x?></a>`, false},
	{"declaration not at the start", ` <?xml version="1.0"?><a/>`, false},
	{"declaration with spaces around =", `<?xml version = "1.0"?><a/>`, false},
	{"declaration without a version", `<?xml encoding="utf-8"?><a/>`, false},
	{"declaration fields out of order", `<?xml version="1.0" standalone="yes" encoding="utf-8"?><a/>`, false},
	{"other encoding", `<?xml version="1.0" encoding="ISO-8859-1"?><a/>`, false},
	{"other version", `<?xml version="1.1"?><a/>`, false},
	{"non-ASCII name", "<été/>", false},
	{"surrogate character reference", `<a>&#xD800;</a>`, false},

	// Malformed: encoding/xml reports the error.
	{"empty", "", false},
	{"whitespace only", " \n", false},
	{"unknown entity", `<a>&nbsp;</a>`, false},
	{"entity without semicolon", `<a>&amp</a>`, false},
	{"bare ampersand", `<a>fish & chips</a>`, false},
	{"character reference to NUL", `<a>&#0;</a>`, false},
	{"character reference to U+FFFE", `<a>&#xFFFE;</a>`, false},
	{"character reference with capital X", `<a>&#X41;</a>`, false},
	{"character reference beyond Unicode", `<a>&#x110000;</a>`, false},
	{"empty character reference", `<a>&#;</a>`, false},
	{"lt in an attribute value", `<a x="<"/>`, false},
	{"attribute without value", `<a x/>`, false},
	{"unquoted attribute value", `<a x=1/>`, false},
	{"unterminated attribute value", `<a x="1/>`, false},
	{"]]> in text", `<a>]]></a>`, false},
	{"control character in text", "<a>\x01</a>", false},
	{"control character in an attribute", "<a x=\"\x1f\"/>", false},
	{"U+FFFF in text", "<a>\uffff</a>", false},
	{"invalid UTF-8", "<a>\xff</a>", false},
	{"name starting with a digit", `<1a/>`, false},
	{"name with two colons", `<a:b:c/>`, false},
	{"space after <", `< a/>`, false},
	{"space inside />", `<a/ >`, false},
	{"-- in a comment", `<!-- a -- b --><a/>`, false},
	{"unterminated comment", `<a/><!--->`, false},
	{"mismatched end tag", `<a></b>`, false},
	{"mismatched prefix", `<x:a></y:a>`, false},
	{"unclosed element", `<a><b></b>`, false},
	{"end tag first", `</a>`, false},
	{"element after the root", `<a/><b/>`, false},
	{"text after the root", `<a/>x`, false},
	{"text before the root", `x<a/>`, false},
	{"too deep", strings.Repeat("<a>", xmlbody.MaxDepth+1) + strings.Repeat("</a>", xmlbody.MaxDepth+1), false},
	{"lt at the end", `<a/><`, false},
}

// TestScanPath holds each tricky document to the reader it must take, and to the same tree
// from both readers where scan accepts it.
func TestScanPath(t *testing.T) {
	for _, tt := range trickyCases {
		t.Run(tt.name, func(t *testing.T) {
			fast, _ := xmlbody.ReadsFast([]byte(tt.body))
			if fast != tt.fast {
				t.Errorf("read fast = %t, want %t", fast, tt.fast)
			}
			if _, err := xmlbody.CompareReaders([]byte(tt.body)); err != nil {
				t.Error(err)
			}
		})
	}
}

// expandAll names every expansion of the 1.0 and 1.5 catalog; 2.0 knows them too.
const expandAll = "@title,@box_art,@synopsis,@format_availability,@screen_formats,@cast,@directors," +
	"@languages_and_audio,@awards,@similars,@bonus_materials,@seasons,@episodes,@discs"

// titleTargets returns GET targets of catalog titles: each of paths (as fixtures.Title.Path
// writes them) in every REST version, without and with every expansion.
func titleTargets(paths ...string) []string {
	var targets []string
	for _, path := range paths {
		for _, v := range []string{"1.0", "1.5", "2.0"} {
			targets = append(targets, "/catalog/titles/"+path+"?v="+v, "/catalog/titles/"+path+"?v="+v+"&expand="+expandAll)
		}
	}
	return targets
}

// mockAnswers returns the mock's answers to signed GETs of targets, by target. It fails the
// test unless every answer is a 200 with a catalog_title in XML.
func mockAnswers(t testing.TB, targets []string) map[string][]byte {
	t.Helper()
	m, err := mockserver.New(mockserver.WithCatalogSize(0))
	if err != nil {
		t.Fatal(err)
	}
	signer := &oauth1.Signer{Consumer: oauth1.Credentials{Key: "flixconf-app-key", Secret: "flixconf-app-secret"}}
	answers := map[string][]byte{}
	for _, target := range targets {
		req := httptest.NewRequest(http.MethodGet, target, nil)
		if err := signer.Sign(req); err != nil {
			t.Fatal(err)
		}
		w := httptest.NewRecorder()
		m.ServeHTTP(w, req)
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "<catalog_title>") {
			t.Fatalf("GET %s: %d, want 200 with a catalog_title:\n%s", target, w.Code, w.Body)
		}
		answers[target] = w.Body.Bytes()
	}
	return answers
}

// TestScanReadsMockTitles holds the speed of validation: every catalog title of the mock's
// fixtures, as the mock answers it in XML in every version, without and with every
// expansion, is read by scan, into the tree encoding/xml builds.
func TestScanReadsMockTitles(t *testing.T) {
	catalog, err := fixtures.Load()
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, title := range catalog.Titles {
		paths = append(paths, title.Path())
	}
	for target, body := range mockAnswers(t, titleTargets(paths...)) {
		fast, err := xmlbody.ReadsFast(body)
		if err != nil {
			t.Errorf("%s: %v\n%s", target, err, body)
			continue
		}
		if !fast {
			t.Errorf("%s: read by encoding/xml, not by scan:\n%s", target, body)
		}
		if _, err := xmlbody.CompareReaders(body); err != nil {
			t.Errorf("%s: %v", target, err)
		}
	}
}

// realResponses returns the recorded XML answers of the real API kept beside the repository,
// by file name, or nil when they are absent.
func realResponses(t testing.TB) map[string][]byte {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "real-responses", "train", "*.xml"))
	bodies := map[string][]byte{}
	for _, path := range paths {
		body, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		bodies[filepath.Base(path)] = body
	}
	return bodies
}

// TestScanReadsRealResponses checks the readers agree on the real API's recorded answers, and
// that scan reads those without CDATA sections.
func TestScanReadsRealResponses(t *testing.T) {
	bodies := realResponses(t)
	if len(bodies) == 0 {
		t.Skip("no real responses under ../shared/real-responses/train")
	}
	for name, body := range bodies {
		fast, err := xmlbody.ReadsFast(body)
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if want := !strings.Contains(string(body), "<![CDATA["); fast != want {
			t.Errorf("%s: read fast = %t, want %t", name, fast, want)
		}
		if _, err := xmlbody.CompareReaders(body); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// FuzzScannerMatchesEncodingXML holds scan to encoding/xml on arbitrary input: whatever scan
// accepts, encoding/xml's path accepts too, with the same tree.
func FuzzScannerMatchesEncodingXML(f *testing.F) {
	for _, tt := range trickyCases {
		f.Add([]byte(tt.body))
	}
	// Jaws, without expansions: the expanded answers are large, which slows fuzzing down.
	for _, body := range mockAnswers(f, []string{"/catalog/titles/movies/60001220?v=1.0", "/catalog/titles/movies/60001220?v=2.0"}) {
		f.Add(body)
	}
	for _, body := range realResponses(f) {
		f.Add(body)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if _, err := xmlbody.CompareReaders(body); err != nil {
			t.Fatalf("%q: %v", body, err)
		}
	})
}

// BenchmarkParse reads the mock's 1.0 Jaws in XML as parse does (with scan), and with
// encoding/xml alone.
func BenchmarkParse(b *testing.B) {
	const jaws = "/catalog/titles/movies/60001220?v=1.0"
	body := mockAnswers(b, []string{jaws})[jaws]
	b.Run("scan", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if fast, err := xmlbody.ReadsFast(body); !fast || err != nil {
				b.Fatal(fast, err)
			}
		}
	})
	b.Run("encoding-xml", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := xmlbody.ReadWithEncodingXML(body); err != nil {
				b.Fatal(err)
			}
		}
	})
}
