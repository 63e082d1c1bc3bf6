package oauth1

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"testing"
)

func TestParseAuthorization(t *testing.T) {
	tests := []struct {
		name   string
		header string
		want   url.Values // nil: another scheme
		err    bool
	}{
		{"realm dropped", `OAuth realm="Example", oauth_nonce="1"`, url.Values{"oauth_nonce": {"1"}}, false},
		{"scheme case", `oauth oauth_nonce="1"`, url.Values{"oauth_nonce": {"1"}}, false},
		{"no parameters", `OAuth`, url.Values{}, false},
		{"decoded", `OAuth a%20b="c%20d", e="%2B+"`, url.Values{"a b": {"c d"}, "e": {"++"}}, false},
		{"whitespace", "\tOAuth  a = \"1\" ,\tb=\"2\"  ", url.Values{"a": {"1"}, "b": {"2"}}, false},
		{"empty elements", `OAuth ,a="1",,b="2",`, url.Values{"a": {"1"}, "b": {"2"}}, false},
		{"empty value", `OAuth a=""`, url.Values{"a": {""}}, false},
		{"repeated kept", `OAuth a="1", a="2"`, url.Values{"a": {"1", "2"}}, false},
		{"other scheme", `Basic YWxhZGRpbjpvcGVuc2VzYW1l`, nil, false},
		{"scheme prefix", `OAuthx a="1"`, nil, false},
		{"unquoted", `OAuth a=1`, nil, true},
		{"unterminated", `OAuth a="1`, nil, true},
		{"no comma", `OAuth a="1" b="2"`, nil, true},
		{"no value", `OAuth a`, nil, true},
		{"empty name", `OAuth ="1"`, nil, true},
		{"bad escape", `OAuth a="%zz"`, nil, true},
		{"bad name escape", `OAuth %="1"`, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, err := parseAuthorization(tt.header)
			if tt.err {
				if err == nil {
					t.Fatalf("parseAuthorization(%q) = %v, want an error", tt.header, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseAuthorization(%q): %v", tt.header, err)
			}
			if ok != (tt.want != nil) {
				t.Fatalf("parseAuthorization(%q) ok = %v, want %v", tt.header, ok, tt.want != nil)
			}
			if !equalValues(got, tt.want) {
				t.Errorf("parseAuthorization(%q) = %v, want %v", tt.header, got, tt.want)
			}
		})
	}
}

func TestAuthorizationParams(t *testing.T) {
	h := http.Header{}
	h.Add("Authorization", `Basic YWxhZGRpbjpvcGVuc2VzYW1l`)
	h.Add("Authorization", `OAuth oauth_nonce="1"`)
	got, err := authorizationParams(h)
	if err != nil || !equalValues(got, url.Values{"oauth_nonce": {"1"}}) {
		t.Errorf("authorizationParams = %v, %v; want the OAuth header's parameters", got, err)
	}
	h.Add("Authorization", `OAuth oauth_nonce="2"`)
	if got, err := authorizationParams(h); err == nil {
		t.Errorf("authorizationParams with two OAuth headers = %v, want an error", got)
	}
}

func TestFormatAuthorization(t *testing.T) {
	got := formatAuthorization(url.Values{"oauth_b": {"x y"}, "oauth_a": {"1", "2"}})
	const want = `OAuth oauth_a="1", oauth_a="2", oauth_b="x%20y"`
	if got != want {
		t.Errorf("formatAuthorization = %s, want %s", got, want)
	}
}

// FuzzAuthorizationHeader checks that the parser never panics and that whatever it accepts
// survives formatting and parsing again.
func FuzzAuthorizationHeader(f *testing.F) {
	for _, seed := range []string{
		`OAuth realm="Example", oauth_consumer_key="9djdj82h48djs9d2", oauth_token="kkk9d7dh3k39sjv7", ` +
			`oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131201", oauth_nonce="7d8f3e4a", ` +
			`oauth_signature="bYT5CMsGcbgUdFHObYMEfcx6bsw%3D"`,
		`OAuth`,
		`oauth a = "1" ,, b="%2B+"`,
		`OAuth a="1" b="2"`,
		`OAuth a="%zz"`,
		`OAuth ="`,
		`Basic YWxhZGRpbjpvcGVuc2VzYW1l`,
		"OAuth\ta=\"\",",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, header string) {
		params, ok, err := parseAuthorization(header)
		if err != nil || !ok {
			return
		}
		again, ok, err := parseAuthorization(formatAuthorization(params))
		if err != nil || !ok {
			t.Fatalf("formatted %v does not parse: ok=%v, %v", params, ok, err)
		}
		if !equalValues(again, params) {
			t.Fatalf("round trip of %q: %v became %v", header, params, again)
		}
	})
}

// FuzzFormatAuthorization starts from the parameters: whatever the Signer may put in a header
// (any name but the unsigned realm and the empty one, any value, a name repeated) is read back
// by the parser exactly.
func FuzzFormatAuthorization(f *testing.F) {
	f.Add("oauth_nonce", "7d8f3e4a", "oauth_callback", "http://example.com/back?a=1&b=%20")
	f.Add("oauth_a", `"quoted", comma`, "oauth_a", "")
	f.Add("na me", "+%2B\x00\xff", "\t", "=")
	f.Fuzz(func(t *testing.T, name1, value1, name2, value2 string) {
		params := url.Values{}
		for _, p := range [][2]string{{name1, value1}, {name2, value2}} {
			if p[0] == "" || p[0] == "realm" {
				return
			}
			params.Add(p[0], p[1])
		}
		header := formatAuthorization(params)
		got, ok, err := parseAuthorization(header)
		if err != nil || !ok {
			t.Fatalf("%q, formatted from %v, does not parse: ok=%v, %v", header, params, ok, err)
		}
		// Values of one name keep their order: the verifier sorts them for the base string,
		// but Verify counts them to refuse a duplicate.
		if !equalValues(got, params) {
			t.Fatalf("%v became %q, read back as %v", params, header, got)
		}
	})
}

func equalValues(a, b url.Values) bool {
	return maps.EqualFunc(a, b, slices.Equal)
}
