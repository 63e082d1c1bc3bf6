package oauth1

import (
	"maps"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// The example made with Netflix's own OAuth tool, as kept in the test vectors of
// garyburd/go-oauth (reference section 4).
const (
	netflixConsumerKey    = "apiKey001"
	netflixConsumerSecret = "sharedSecret002"
	netflixToken          = "accessToken003"
	netflixTokenSecret    = "accessSecret004"
	netflixNonce          = "1234"
	netflixTimestamp      = 1355850443
	netflixURL            = "http://api-public.netflix.com/catalog/titles"
	netflixSignature      = "0JAoaqt6oz6TJx8N+06XmhPjcOs="
	netflixBase           = "GET&http%3A%2F%2Fapi-public.netflix.com%2Fcatalog%2Ftitles&" +
		"count%3D2%26oauth_consumer_key%3DapiKey001%26oauth_nonce%3D1234%26" +
		"oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1355850443%26" +
		"oauth_token%3DaccessToken003%26oauth_version%3D1.0%26term%3DDark%2520Knight"
)

func TestNetflixExampleBaseString(t *testing.T) {
	u, err := url.Parse(netflixURL)
	if err != nil {
		t.Fatal(err)
	}
	params := url.Values{
		"term":                   {"Dark Knight"},
		"count":                  {"2"},
		"oauth_consumer_key":     {netflixConsumerKey},
		"oauth_nonce":            {netflixNonce},
		"oauth_signature_method": {"HMAC-SHA1"},
		"oauth_timestamp":        {"1355850443"},
		"oauth_token":            {netflixToken},
		"oauth_version":          {"1.0"},
		"oauth_signature":        {"left out of the base string"},
	}
	base := BaseString("get", u, params)
	if base != netflixBase {
		t.Errorf("BaseString =\n%s\nwant\n%s", base, netflixBase)
	}
	if sig := Signature(base, netflixConsumerSecret, netflixTokenSecret); sig != netflixSignature {
		t.Errorf("Signature = %s, want %s", sig, netflixSignature)
	}
}

// TestRFC5849BaseString reproduces the example of RFC 5849 section 3.4.1.1 from the request as
// a server receives it, so the parameter sources of section 3.4.1.3 are covered too: the
// query, the form body ("c2" without a value, "+" as a space) and the Authorization header,
// whose realm is not signed.
func TestRFC5849BaseString(t *testing.T) {
	const body = "c2&a3=2+q"
	req := httptest.NewRequest("POST", "/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b",
		strings.NewReader(body))
	req.Host = "example.com"
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", `OAuth realm="Example", `+
		`oauth_consumer_key="9djdj82h48djs9d2", oauth_token="kkk9d7dh3k39sjv7", `+
		`oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131201", `+
		`oauth_nonce="7d8f3e4a", oauth_signature="bYT5CMsGcbgUdFHObYMEfcx6bsw%3D"`)

	params, err := allParams(req, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	const wantParams = "a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=&" +
		"oauth_consumer_key=9djdj82h48djs9d2&oauth_nonce=7d8f3e4a&" +
		"oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201&" +
		"oauth_token=kkk9d7dh3k39sjv7"
	if got := normalize(params); got != wantParams {
		t.Errorf("normalized parameters =\n%s\nwant\n%s", got, wantParams)
	}
	const want = "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q" +
		"%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2" +
		"%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201" +
		"%26oauth_token%3Dkkk9d7dh3k39sjv7"
	if got := BaseString(req.Method, signedURL(req, ""), params); got != want {
		t.Errorf("BaseString =\n%s\nwant\n%s", got, want)
	}
}

func TestBaseURI(t *testing.T) {
	tests := []struct{ in, want string }{
		// The two examples of RFC 5849 section 3.4.1.2.
		{"HTTP://EXAMPLE.COM:80/r%20v/X?id=123", "http://example.com/r%20v/X"},
		{"https://www.example.net:8080/?q=1", "https://www.example.net:8080/"},
		{"https://example.com:443/a", "https://example.com/a"},
		{"http://example.com:443/a", "http://example.com:443/a"},
		{"https://example.com:80/a", "https://example.com:80/a"},
		{"http://example.com", "http://example.com/"},
		{"http://example.com:/a", "http://example.com/a"},
		{"http://user:pw@Example.com/a#frag", "http://example.com/a"},
		{"http://[::1]:80/a", "http://[::1]/a"},
		{"http://[::1]:8080/a", "http://[::1]:8080/a"},
		{"http://example.com/a%2Fb/C", "http://example.com/a%2Fb/C"},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := baseURI(u); got != tt.want {
			t.Errorf("baseURI(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeSortsDuplicates(t *testing.T) {
	params := url.Values{"b": {"2", "10", "1"}, "a": {"z"}, "A": {"y"}, "oauth_signature": {"x"}}
	const want = "A=y&a=z&b=1&b=10&b=2"
	if got := normalize(params); got != want {
		t.Errorf("normalize = %s, want %s", got, want)
	}
}

// FuzzBaseString checks that the base string is deterministic, holds only unreserved
// characters and percent escapes, and that its parts decode back to what was signed: the
// base string URI, and every parameter but oauth_signature, name and value, once each.
func FuzzBaseString(f *testing.F) {
	f.Add("GET", netflixURL, "term=Dark+Knight&count=2")
	f.Add("post", "HTTP://EXAMPLE.COM:80/r%20v/X", "b5=%3D%253D&a3=a&c%40=&a2=r%20b&c2&a3=2+q")
	f.Add("GET", "https://[::1]:443/", "a=&a=&oauth_signature=x")
	f.Add("get", "http://user:pw@example.com:/a%2Fb/%C3%A9#frag", "%26=%3D&%25=%2B&\xff=\x00")
	f.Fuzz(func(t *testing.T, method, rawURL, query string) {
		u, err := url.Parse(rawURL)
		if err != nil {
			return
		}
		params, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		base := BaseString(method, u, params)
		if again := BaseString(method, u, params); again != base {
			t.Fatalf("BaseString is not deterministic: %q then %q", base, again)
		}
		rest, ok := strings.CutPrefix(base, strings.ToUpper(method)+"&")
		if !ok {
			t.Fatalf("base string %q does not start with the method", base)
		}
		parts := strings.Split(rest, "&")
		if len(parts) != 2 {
			t.Fatalf("base string %q: %d parts after the method, want 2", base, len(parts))
		}
		for _, p := range parts {
			if strings.Trim(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~%") != "" {
				t.Fatalf("base string part %q is not percent-encoded", p)
			}
		}
		uri := unescape(t, parts[0])
		if want := baseURI(u); uri != want {
			t.Fatalf("base string URI decodes to %q, want %q", uri, want)
		}
		got := url.Values{}
		if normalized := unescape(t, parts[1]); normalized != "" {
			for _, pair := range strings.Split(normalized, "&") {
				name, value, ok := strings.Cut(pair, "=")
				if !ok {
					t.Fatalf("normalized pair %q has no =", pair)
				}
				got.Add(unescape(t, name), unescape(t, value))
			}
		}
		want := url.Values{}
		for name, values := range params {
			if name != "oauth_signature" {
				want[name] = slices.Sorted(slices.Values(values))
			}
		}
		for name := range got {
			slices.Sort(got[name])
		}
		if !maps.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("base string %q signs %v, want %v", base, got, want)
		}
	})
}

// unescape undoes Encode, failing the test if s is not a valid encoding or not Encode's own
// (upper-case hex, unreserved characters never escaped).
func unescape(t *testing.T, s string) string {
	t.Helper()
	back, err := url.PathUnescape(s)
	if err != nil {
		t.Fatalf("%q does not percent-decode: %v", s, err)
	}
	if Encode(back) != s {
		t.Fatalf("%q decodes to %q, which encodes as %q", s, back, Encode(back))
	}
	return back
}
