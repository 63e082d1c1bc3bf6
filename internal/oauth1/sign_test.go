package oauth1

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// netflixSigner signs like the Netflix example: its credentials, clock and nonce.
func netflixSigner(p Placement) *Signer {
	return &Signer{
		Consumer:  Credentials{netflixConsumerKey, netflixConsumerSecret},
		Token:     &Credentials{netflixToken, netflixTokenSecret},
		Placement: p,
		Now:       func() time.Time { return time.Unix(netflixTimestamp, 0) },
		Nonce:     func() string { return netflixNonce },
	}
}

func newRequest(t *testing.T, method, target string, body string) *http.Request {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, target, r)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return req
}

func TestSignerNetflixExample(t *testing.T) {
	const query = "term=Dark+Knight&count=2"
	tests := []struct {
		name   string
		target string
		host   string
	}{
		{"direct", netflixURL + "?" + query, ""},
		// Sent to a local mock but meant for the API host: the Host header is what is signed.
		{"via host", "http://127.0.0.1:8080/catalog/titles?" + query, "api-public.netflix.com"},
		{"default port", "http://api-public.netflix.com:80/catalog/titles?" + query, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/query", func(t *testing.T) {
			req := newRequest(t, "GET", tt.target, "")
			req.Host = tt.host
			if err := netflixSigner(Query).Sign(req); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(req.URL.RawQuery, query+"&") {
				t.Errorf("query %q does not keep %q in front", req.URL.RawQuery, query)
			}
			q, err := url.ParseQuery(req.URL.RawQuery)
			if err != nil {
				t.Fatal(err)
			}
			if got := q.Get("oauth_signature"); got != netflixSignature {
				t.Errorf("oauth_signature = %s, want %s", got, netflixSignature)
			}
			if h := req.Header.Get("Authorization"); h != "" {
				t.Errorf("Authorization = %q, want none", h)
			}
		})
		t.Run(tt.name+"/header", func(t *testing.T) {
			req := newRequest(t, "GET", tt.target, "")
			req.Host = tt.host
			if err := netflixSigner(Header).Sign(req); err != nil {
				t.Fatal(err)
			}
			const want = `OAuth oauth_consumer_key="apiKey001", oauth_nonce="1234", ` +
				`oauth_signature="0JAoaqt6oz6TJx8N%2B06XmhPjcOs%3D", oauth_signature_method="HMAC-SHA1", ` +
				`oauth_timestamp="1355850443", oauth_token="accessToken003", oauth_version="1.0"`
			if got := req.Header.Get("Authorization"); got != want {
				t.Errorf("Authorization =\n%s\nwant\n%s", got, want)
			}
			if req.URL.RawQuery != query {
				t.Errorf("query = %q, want it untouched: %q", req.URL.RawQuery, query)
			}
		})
	}
}

func TestSignerRestoresFormBody(t *testing.T) {
	const body = queueBody
	req := newRequest(t, "POST", queueTarget, body)
	req.ContentLength = -1
	if err := netflixSigner(Header).Sign(req); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(req.Body)
	if err != nil || string(got) != body {
		t.Errorf("body after Sign = %q, %v; want %q", got, err, body)
	}
	if req.ContentLength != int64(len(body)) {
		t.Errorf("ContentLength = %d, want %d", req.ContentLength, len(body))
	}
	rc, err := req.GetBody()
	if err != nil {
		t.Fatal(err)
	}
	if got, err := io.ReadAll(rc); err != nil || string(got) != body {
		t.Errorf("GetBody gives %q, %v; want %q", got, err, body)
	}
}

func TestSignerLeavesOtherBodies(t *testing.T) {
	body := strings.NewReader(`{"a":1}`)
	req, err := http.NewRequest("POST", netflixURL, io.NopCloser(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	rc := req.Body
	if err := netflixSigner(Header).Sign(req); err != nil {
		t.Fatal(err)
	}
	if req.Body != rc || body.Len() != len(`{"a":1}`) {
		t.Error("Sign read or replaced a body that is not form-encoded")
	}
}

func TestSignerDefaults(t *testing.T) {
	s := &Signer{Consumer: Credentials{"key", "secret"}}
	nonces := make(map[string]bool)
	for range 2 {
		req := newRequest(t, "GET", netflixURL, "")
		before := time.Now().Unix()
		if err := s.Sign(req); err != nil {
			t.Fatal(err)
		}
		q := req.URL.Query()
		nonce := q.Get("oauth_nonce")
		if len(nonce) < 16 || nonces[nonce] {
			t.Errorf("nonce %q is short or repeated", nonce)
		}
		nonces[nonce] = true
		ts := q.Get("oauth_timestamp")
		if n, err := parseTimestamp(ts); err != nil || n < before || n > time.Now().Unix() {
			t.Errorf("oauth_timestamp = %q, want the current time", ts)
		}
		if q.Has("oauth_token") {
			t.Error("oauth_token sent without a token")
		}
		if q.Get("oauth_version") != "1.0" || q.Get("oauth_signature_method") != "HMAC-SHA1" {
			t.Errorf("query %s lacks oauth_version=1.0 or oauth_signature_method=HMAC-SHA1", req.URL.RawQuery)
		}
	}
}

func TestSignerExtra(t *testing.T) {
	s := netflixSigner(Query)
	s.Extra = map[string]string{"oauth_verifier": "v 1", "oauth_version": "2.0"}
	req := newRequest(t, "GET", netflixURL, "")
	if err := s.Sign(req); err != nil {
		t.Fatal(err)
	}
	q := req.URL.Query()
	if q.Get("oauth_verifier") != "v 1" || q.Get("oauth_version") != "2.0" {
		t.Errorf("query %s does not carry the extra parameters", req.URL.RawQuery)
	}
	if !strings.Contains(req.URL.RawQuery, "oauth_verifier=v%201") {
		t.Errorf("query %s does not use the RFC 5849 encoding", req.URL.RawQuery)
	}
}

func TestSignerErrors(t *testing.T) {
	tests := []struct {
		name   string
		extra  map[string]string
		target string
		body   string
	}{
		{"extra without prefix", map[string]string{"callback": "oob"}, netflixURL, ""},
		{"extra signature", map[string]string{"oauth_signature": "x"}, netflixURL, ""},
		{"already in query", nil, netflixURL + "?oauth_nonce=1", ""},
		{"already in body", nil, netflixURL, "oauth_timestamp=1"},
		{"bad query", nil, netflixURL + "?a=%zz", ""},
		{"bad body", nil, netflixURL, "a=%zz"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := netflixSigner(Header)
			s.Extra = tt.extra
			req := newRequest(t, "POST", tt.target, tt.body)
			if err := s.Sign(req); err == nil || !strings.HasPrefix(err.Error(), "oauth1: ") {
				t.Errorf("Sign = %v, want an oauth1 error", err)
			}
		})
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }

func TestSignerBodyReadError(t *testing.T) {
	body := io.MultiReader(bytes.NewReader([]byte("a=1")), failingReader{})
	req, err := http.NewRequest("POST", netflixURL, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if err := netflixSigner(Query).Sign(req); err == nil {
		t.Error("Sign succeeded on a body that cannot be read")
	}
}
