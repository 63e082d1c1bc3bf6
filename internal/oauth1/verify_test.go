package oauth1

import (
	"bytes"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// testNow is the wall clock of the tests, within the API's life.
var testNow = time.Unix(1_400_000_000, 0)

const (
	otherToken       = "accessToken005" // a second token of the Netflix example's consumer
	otherTokenSecret = "accessSecret006"
	searchTarget     = "http://api-public.netflix.com/catalog/titles?term=Dark+Knight&count=2"
	queueTarget      = "http://api-public.netflix.com/users/T1-/queues/disc"
	queueBody        = "title_ref=http%3A%2F%2Fapi-public.netflix.com%2Fcatalog%2Ftitles%2Fmovies%2F60001220" +
		"&position=1"
)

func testVerifier() *Verifier {
	consumers := map[string]string{netflixConsumerKey: netflixConsumerSecret, "key2": "secret2"}
	tokens := map[[2]string]string{
		{netflixConsumerKey, netflixToken}: netflixTokenSecret,
		{netflixConsumerKey, otherToken}:   otherTokenSecret,
		{"key2", "token2"}:                 "tokenSecret2",
	}
	return &Verifier{
		Consumers: func(key string) (string, bool) {
			s, ok := consumers[key]
			return s, ok
		},
		Tokens: func(consumerKey, token string) (string, bool) {
			s, ok := tokens[[2]string{consumerKey, token}]
			return s, ok
		},
		Now: func() time.Time { return testNow },
	}
}

// testSigner signs with the Netflix example's credentials at testNow, with a new nonce each
// time.
func testSigner(p Placement) *Signer {
	n := 0
	return &Signer{
		Consumer:  Credentials{netflixConsumerKey, netflixConsumerSecret},
		Token:     &Credentials{netflixToken, netflixTokenSecret},
		Placement: p,
		Now:       func() time.Time { return testNow },
		Nonce: func() string {
			n++
			return "nonce-" + strconv.Itoa(n)
		},
	}
}

// received returns req as a server receives it: a URL holding only the path and query, the
// Host header, and the body already read.
func received(t *testing.T, req *http.Request) (*http.Request, []byte) {
	t.Helper()
	var body []byte
	if req.Body != nil {
		var err error
		if body, err = io.ReadAll(req.Body); err != nil {
			t.Fatal(err)
		}
	}
	r := httptest.NewRequest(req.Method, req.URL.RequestURI(), bytes.NewReader(body))
	r.Host = req.Host
	if r.Host == "" {
		r.Host = req.URL.Host
	}
	r.Header = req.Header.Clone()
	return r, body
}

// signed signs a request with s and returns it as the server receives it.
func signed(t *testing.T, s *Signer, method, target, body string) (*http.Request, []byte) {
	t.Helper()
	req := newRequest(t, method, target, body)
	if err := s.Sign(req); err != nil {
		t.Fatal(err)
	}
	return received(t, req)
}

// wantKind fails unless err is an *Error of kind want.
func wantKind(t *testing.T, err error, want Kind) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("Verify error = %v, want an *Error of kind %v", err, want)
	}
	if e.Kind != want {
		t.Fatalf("Verify error = %v, want kind %v", err, want)
	}
	return e
}

// netflixReceived is the Netflix example as the server receives it, written out by hand
// rather than made by the Signer.
func netflixReceived(t *testing.T, p Placement) *http.Request {
	oauth := "oauth_consumer_key=apiKey001&oauth_nonce=1234&oauth_signature_method=HMAC-SHA1&" +
		"oauth_timestamp=1355850443&oauth_token=accessToken003&oauth_version=1.0&" +
		"oauth_signature=0JAoaqt6oz6TJx8N%2B06XmhPjcOs%3D"
	target := "/catalog/titles?term=Dark%20Knight&count=2"
	if p == Query {
		target += "&" + oauth
	}
	req := httptest.NewRequest("GET", target, nil)
	req.Host = "api-public.netflix.com"
	if p == Header {
		req.Header.Set("Authorization", `OAuth realm="http://api-public.netflix.com/", `+
			`oauth_consumer_key="apiKey001", oauth_nonce="1234", oauth_signature_method="HMAC-SHA1", `+
			`oauth_timestamp="1355850443", oauth_token="accessToken003", oauth_version="1.0", `+
			`oauth_signature="0JAoaqt6oz6TJx8N%2B06XmhPjcOs%3D"`)
	}
	return req
}

func TestVerifyNetflixExample(t *testing.T) {
	for _, p := range []Placement{Query, Header} {
		t.Run(fmt.Sprint(p), func(t *testing.T) {
			v := testVerifier()
			v.Window = NoWindow
			got, err := v.Verify(netflixReceived(t, p), nil)
			if err != nil {
				t.Fatal(err)
			}
			if got.ConsumerKey != netflixConsumerKey || got.Token != netflixToken ||
				got.SignatureMethod != "HMAC-SHA1" || got.Nonce != netflixNonce ||
				!got.Timestamp.Equal(time.Unix(netflixTimestamp, 0)) ||
				got.Params["oauth_signature"] != netflixSignature || len(got.Params) != 7 {
				t.Errorf("Verify = %+v", got)
			}

			// The Signer makes the same request.
			req := newRequest(t, "GET", searchTarget, "")
			if err := netflixSigner(p).Sign(req); err != nil {
				t.Fatal(err)
			}
			r, body := received(t, req)
			if _, err := testVerifierNoWindow().Verify(r, body); err != nil {
				t.Errorf("Verify of the signed example: %v", err)
			}

			// With the window on and a real clock, the 2012 timestamp is stale.
			v = testVerifier()
			v.Now = time.Now
			_, err = v.Verify(netflixReceived(t, p), nil)
			wantKind(t, err, StaleTimestamp)
		})
	}
}

func testVerifierNoWindow() *Verifier {
	v := testVerifier()
	v.Window = NoWindow
	return v
}

func TestVerifyRoundTrip(t *testing.T) {
	tests := []struct {
		name         string
		method       string
		target, body string
		token        bool
		extra        map[string]string
	}{
		{"search", "GET", searchTarget, "", true, nil},
		{"signed level without token", "GET", searchTarget, "", false, nil},
		{"queue add with form body", "POST", queueTarget, queueBody, true, nil},
		{"method override", "GET", queueTarget + "?method=DELETE&a=2&a=1", "", true, nil},
		{"request token 1.0a", "POST", "http://api-public.netflix.com/oauth/request_token", "", false,
			map[string]string{"oauth_callback": "oob"}},
		{"access token 1.0a", "POST", "http://api-public.netflix.com/oauth/access_token", "", true,
			map[string]string{"oauth_verifier": "v&1"}},
		{"odd characters", "GET", "http://API-PUBLIC.netflix.com:80/catalog/titles?term=%C3%A9+%2B%21%2A~",
			"", true, nil},
	}
	for _, p := range []Placement{Query, Header} {
		for _, tt := range tests {
			t.Run(fmt.Sprint(p, "/", tt.name), func(t *testing.T) {
				s := testSigner(p)
				if !tt.token {
					s.Token = nil
				}
				s.Extra = tt.extra
				r, body := signed(t, s, tt.method, tt.target, tt.body)
				got, err := testVerifier().Verify(r, body)
				if err != nil {
					t.Fatal(err)
				}
				wantToken := ""
				if tt.token {
					wantToken = netflixToken
				}
				if got.ConsumerKey != netflixConsumerKey || got.Token != wantToken ||
					got.Callback != tt.extra["oauth_callback"] || got.Verifier != tt.extra["oauth_verifier"] {
					t.Errorf("Verify = %+v", got)
				}
			})
		}
	}
}

func TestVerifyOverHTTP(t *testing.T) {
	v := testVerifier()
	v.Now = time.Now
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if _, err := v.Verify(r, body); err != nil {
			var e *Error
			errors.As(err, &e)
			http.Error(w, e.Message(), e.StatusCode())
			return
		}
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()

	tests := []struct {
		name      string
		placement Placement
		method    string
		path      string
		body      string
		unsetHost bool // sign for api-public.netflix.com, then send without that Host header
		want      int
	}{
		{"query", Query, "GET", "/catalog/titles?term=Dark+Knight", "", false, http.StatusOK},
		{"header", Header, "GET", "/catalog/titles?term=Dark+Knight", "", false, http.StatusOK},
		{"form body", Header, "POST", "/users/T1-/queues/disc", queueBody, false, http.StatusOK},
		{"other host sent", Query, "GET", "/catalog/titles", "", true, http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := testSigner(tt.placement)
			s.Now, s.Nonce = time.Now, nil
			req := newRequest(t, tt.method, srv.URL+tt.path, tt.body)
			req.Host = "api-public.netflix.com"
			if err := s.Sign(req); err != nil {
				t.Fatal(err)
			}
			if tt.unsetHost {
				req.Host = ""
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			msg, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Errorf("status %d (%s), want %d", resp.StatusCode, strings.TrimSpace(string(msg)), tt.want)
			}
		})
	}
}

func TestVerifyTampering(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(r *http.Request, body *[]byte)
	}{
		{"query value", func(r *http.Request, _ *[]byte) {
			r.URL.RawQuery = strings.Replace(r.URL.RawQuery, "count=2", "count=3", 1)
		}},
		{"query added", func(r *http.Request, _ *[]byte) { r.URL.RawQuery += "&expand=%40cast" }},
		{"body", func(r *http.Request, body *[]byte) {
			*body = bytes.Replace(*body, []byte("position=1"), []byte("position=2"), 1)
		}},
		{"method", func(r *http.Request, _ *[]byte) { r.Method = "PUT" }},
		{"host", func(r *http.Request, _ *[]byte) { r.Host = "api.netflix.com" }},
		{"port", func(r *http.Request, _ *[]byte) { r.Host = "api-public.netflix.com:8080" }},
		{"path", func(r *http.Request, _ *[]byte) { r.URL.Path = "/users/T2-/queues/disc" }},
		{"scheme", func(r *http.Request, _ *[]byte) { r.TLS = &tls.ConnectionState{} }},
	}
	for _, p := range []Placement{Query, Header} {
		for _, tt := range tests {
			t.Run(fmt.Sprint(p, "/", tt.name), func(t *testing.T) {
				r, body := signed(t, testSigner(p), "POST", queueTarget+"?count=2", queueBody)
				tt.tamper(r, &body)
				_, err := testVerifier().Verify(r, body)
				wantKind(t, err, BadSignature)
			})
		}
	}
}

func TestVerifyScheme(t *testing.T) {
	s := testSigner(Header)
	r, body := signed(t, s, "GET", "https://api-public.netflix.com/catalog/titles", "")
	_, err := testVerifier().Verify(r, body)
	wantKind(t, err, BadSignature)

	v := testVerifier()
	v.Scheme = "https"
	if _, err := v.Verify(r, body); err != nil {
		t.Errorf("Verify with Scheme https: %v", err)
	}

	r, body = signed(t, s, "GET", "https://api-public.netflix.com/catalog/titles", "")
	r.TLS = &tls.ConnectionState{}
	if _, err := testVerifier().Verify(r, body); err != nil {
		t.Errorf("Verify over TLS: %v", err)
	}
}

// dropParam removes a parameter from the query.
func dropParam(name string) func(r *http.Request, _ *[]byte) {
	return func(r *http.Request, _ *[]byte) {
		q := r.URL.Query()
		q.Del(name)
		r.URL.RawQuery = q.Encode()
	}
}

func TestVerifyFailures(t *testing.T) {
	tests := []struct {
		name      string
		placement Placement
		signer    func(*Signer)
		body      string
		tamper    func(r *http.Request, body *[]byte)
		kind      Kind
		detail    string // when set, the error's Detail
	}{
		{name: "wrong consumer secret", kind: BadSignature,
			signer: func(s *Signer) { s.Consumer.Secret = "guess" }},
		{name: "wrong token secret", kind: BadSignature,
			signer: func(s *Signer) { s.Token.Secret = "guess" }},
		{name: "no token secret", signer: func(s *Signer) { s.Token.Secret = "" }, kind: BadSignature},
		{name: "signature not base64", tamper: func(r *http.Request, _ *[]byte) {
			r.URL.RawQuery = strings.Replace(r.URL.RawQuery, "oauth_signature=", "oauth_signature=%21", 1)
		}, kind: BadSignature},
		{name: "unknown consumer", signer: func(s *Signer) { s.Consumer = Credentials{"nobody", "x"} },
			kind: UnknownConsumer},
		{name: "unknown token", signer: func(s *Signer) { s.Token = &Credentials{"expired", "x"} },
			kind: UnknownToken},
		{name: "token of another consumer", kind: UnknownToken,
			signer: func(s *Signer) { s.Token = &Credentials{"token2", "tokenSecret2"} }},
		{name: "PLAINTEXT", signer: extra("oauth_signature_method", "PLAINTEXT"), kind: UnsupportedMethod},
		{name: "RSA-SHA1", signer: extra("oauth_signature_method", "RSA-SHA1"), kind: UnsupportedMethod},
		{name: "lower-case method", signer: extra("oauth_signature_method", "hmac-sha1"), kind: UnsupportedMethod},
		{name: "version 2.0", signer: extra("oauth_version", "2.0"), kind: UnsupportedVersion},
		{name: "version 1.0a", signer: extra("oauth_version", "1.0a"), kind: UnsupportedVersion},
		{name: "empty version", signer: extra("oauth_version", ""), kind: UnsupportedVersion},
		{name: "missing consumer key", tamper: dropParam("oauth_consumer_key"), kind: MissingParameter,
			detail: "oauth_consumer_key"},
		{name: "missing signature method", tamper: dropParam("oauth_signature_method"), kind: MissingParameter,
			detail: "oauth_signature_method"},
		{name: "missing signature", tamper: dropParam("oauth_signature"), kind: MissingParameter,
			detail: "oauth_signature"},
		{name: "missing timestamp", tamper: dropParam("oauth_timestamp"), kind: MissingParameter,
			detail: "oauth_timestamp"},
		{name: "missing nonce", tamper: dropParam("oauth_nonce"), kind: MissingParameter, detail: "oauth_nonce"},
		{name: "empty nonce", signer: extra("oauth_nonce", ""), kind: MissingParameter, detail: "oauth_nonce"},
		{name: "no oauth at all", placement: Header, tamper: func(r *http.Request, _ *[]byte) {
			r.Header.Del("Authorization")
		}, kind: MissingParameter, detail: "oauth_consumer_key"},
		{name: "duplicate across header and query", placement: Header, tamper: func(r *http.Request, _ *[]byte) {
			r.URL.RawQuery += "&oauth_nonce=x"
		}, kind: DuplicateParameter, detail: "oauth_nonce"},
		{name: "duplicate in query", tamper: func(r *http.Request, _ *[]byte) {
			r.URL.RawQuery += "&oauth_token=" + netflixToken
		}, kind: DuplicateParameter, detail: "oauth_token"},
		{name: "duplicate across header and body", placement: Header, body: queueBody,
			tamper: func(_ *http.Request, body *[]byte) { *body = append(*body, "&oauth_version=1.0"...) },
			kind:   DuplicateParameter, detail: "oauth_version"},
		{name: "timestamp not a number", signer: extra("oauth_timestamp", "12a"), kind: Malformed},
		{name: "timestamp with sign", signer: extra("oauth_timestamp", "+1400000000"), kind: Malformed},
		{name: "timestamp too big", signer: extra("oauth_timestamp", "99999999999999999999"), kind: Malformed},
		{name: "bad query", tamper: func(r *http.Request, _ *[]byte) { r.URL.RawQuery += "&a=%zz" },
			kind: Malformed},
		{name: "bad body", body: queueBody, tamper: func(_ *http.Request, body *[]byte) {
			*body = append(*body, "&a=%zz"...)
		}, kind: Malformed},
		{name: "bad header", placement: Header, tamper: func(r *http.Request, _ *[]byte) {
			r.Header.Set("Authorization", r.Header.Get("Authorization")+` oops`)
		}, kind: Malformed},
		{name: "two OAuth headers", placement: Header, tamper: func(r *http.Request, _ *[]byte) {
			r.Header.Add("Authorization", `OAuth a="1"`)
		}, kind: Malformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := testSigner(tt.placement)
			if tt.signer != nil {
				tt.signer(s)
			}
			method := "GET"
			if tt.body != "" {
				method = "POST"
			}
			r, body := signed(t, s, method, searchTarget, tt.body)
			if tt.tamper != nil {
				tt.tamper(r, &body)
			}
			_, err := testVerifier().Verify(r, body)
			e := wantKind(t, err, tt.kind)
			if tt.detail != "" && e.Detail != tt.detail {
				t.Errorf("Detail = %q, want %q", e.Detail, tt.detail)
			}
		})
	}
}

func extra(name, value string) func(*Signer) {
	return func(s *Signer) { s.Extra = map[string]string{name: value} }
}

// TestVerifyOptionalParameters covers requests signed by hand without oauth_version, with an
// empty oauth_token and with the form body's parameters ignored for another content type.
func TestVerifyOptionalParameters(t *testing.T) {
	oauth := url.Values{
		"oauth_consumer_key":     {netflixConsumerKey},
		"oauth_nonce":            {"n"},
		"oauth_signature_method": {"HMAC-SHA1"},
		"oauth_timestamp":        {strconv.FormatInt(testNow.Unix(), 10)},
		"oauth_token":            {""},
	}
	u, _ := url.Parse("http://api-public.netflix.com/oauth/request_token")
	oauth.Set("oauth_signature", Signature(BaseString("POST", u, oauth), netflixConsumerSecret, ""))

	req := httptest.NewRequest("POST", "/oauth/request_token?"+oauth.Encode(), nil)
	req.Host = "api-public.netflix.com"
	req.Header.Set("Content-Type", "text/plain")
	got, err := testVerifier().Verify(req, []byte("a=1&oauth_nonce=2"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Token != "" {
		t.Errorf("Token = %q, want none", got.Token)
	}
	if err := got.RequireToken(); err == nil {
		t.Error("RequireToken passed a request without a token")
	} else {
		wantKind(t, err, MissingToken)
	}
}

func TestRequireToken(t *testing.T) {
	r, body := signed(t, testSigner(Query), "GET", searchTarget, "")
	got, err := testVerifier().Verify(r, body)
	if err != nil {
		t.Fatal(err)
	}
	if err := got.RequireToken(); err != nil {
		t.Errorf("RequireToken = %v for a request with a token", err)
	}
}

func TestVerifyNonce(t *testing.T) {
	v := testVerifier()
	s := testSigner(Header)
	s.Nonce = func() string { return "same" }
	sign := func(token *Credentials, at time.Time) (*http.Request, []byte) {
		s.Token, s.Now = token, func() time.Time { return at }
		return signed(t, s, "GET", searchTarget, "")
	}
	first := &Credentials{netflixToken, netflixTokenSecret}
	second := &Credentials{otherToken, otherTokenSecret}

	r, body := sign(first, testNow)
	if _, err := v.Verify(r, body); err != nil {
		t.Fatal(err)
	}
	// The same request again, and the same nonce on another request, same token and second.
	_, err := v.Verify(r, body)
	wantKind(t, err, ReplayedNonce)
	r, body = signed(t, s, "GET", queueTarget, "")
	_, err = v.Verify(r, body)
	wantKind(t, err, ReplayedNonce)

	// Unique per consumer key, token and timestamp: another token, no token, or another
	// second makes it new.
	for _, c := range []struct {
		name  string
		token *Credentials
		at    time.Time
	}{
		{"other token", second, testNow},
		{"no token", nil, testNow},
		{"next second", first, testNow.Add(time.Second)},
	} {
		r, body := sign(c.token, c.at)
		if _, err := v.Verify(r, body); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	s.Consumer = Credentials{"key2", "secret2"}
	r, body = sign(&Credentials{"token2", "tokenSecret2"}, testNow)
	if _, err := v.Verify(r, body); err != nil {
		t.Errorf("other consumer: %v", err)
	}
}

// TestVerifyForgeryKeepsNonce checks that a forged request does not use up the nonce of the
// genuine one it copies.
func TestVerifyForgeryKeepsNonce(t *testing.T) {
	v := testVerifier()
	s := testSigner(Query)
	s.Nonce = func() string { return "n1" }
	genuine, body := signed(t, s, "GET", searchTarget, "")

	forged, _ := signed(t, s, "GET", searchTarget, "")
	forged.URL.RawQuery = strings.Replace(forged.URL.RawQuery, "count=2", "count=100", 1)
	_, err := v.Verify(forged, nil)
	wantKind(t, err, BadSignature)

	if _, err := v.Verify(genuine, body); err != nil {
		t.Errorf("genuine request after a forgery: %v", err)
	}
}

func TestVerifyWindow(t *testing.T) {
	tests := []struct {
		name    string
		window  time.Duration
		clock   time.Duration // the verifier's clock, after testNow
		offset  time.Duration // the client's clock, after testNow
		wantErr bool
	}{
		{"behind at the edge", 0, 0, -DefaultWindow, false},
		{"behind past the edge", 0, 0, -DefaultWindow - time.Second, true},
		{"ahead at the edge", 0, 0, DefaultWindow, false},
		{"ahead past the edge", 0, 0, DefaultWindow + time.Second, true},
		{"clock fraction ignored", 0, 999 * time.Millisecond, -DefaultWindow, false},
		{"custom window", 30 * time.Second, 0, -30 * time.Second, false},
		{"past custom window", 30 * time.Second, 0, 31 * time.Second, true},
		{"no window", NoWindow, 0, -24 * 365 * time.Hour, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := testVerifier()
			v.Window = tt.window
			v.Now = func() time.Time { return testNow.Add(tt.clock) }
			s := testSigner(Header)
			s.Now = func() time.Time { return testNow.Add(tt.offset) }
			r, body := signed(t, s, "GET", searchTarget, "")
			_, err := v.Verify(r, body)
			if tt.wantErr {
				wantKind(t, err, StaleTimestamp)
			} else if err != nil {
				t.Error(err)
			}
		})
	}
}

func TestVerifyWithoutConfig(t *testing.T) {
	r, body := signed(t, testSigner(Query), "GET", searchTarget, "")
	_, err := new(Verifier).Verify(r, body)
	wantKind(t, err, UnknownConsumer)

	v := testVerifier()
	v.Tokens = nil
	_, err = v.Verify(r, body)
	wantKind(t, err, UnknownToken)

	// A nil Now is the wall clock.
	v = testVerifier()
	v.Now = nil
	s := testSigner(Query)
	s.Now = time.Now
	r, body = signed(t, s, "GET", searchTarget, "")
	if _, err := v.Verify(r, body); err != nil {
		t.Errorf("Verify with the default clock: %v", err)
	}
}

func TestVerifyConcurrent(t *testing.T) {
	const goroutines, each = 32, 50
	v := testVerifier()
	var wg sync.WaitGroup
	errs := make(chan error, goroutines*each)
	for g := range goroutines {
		s := testSigner(Query)
		reqs := make([]*http.Request, each)
		for i := range reqs {
			s.Nonce = func() string { return fmt.Sprint(g, "-", i) }
			reqs[i], _ = signed(t, s, "GET", searchTarget, "")
		}
		wg.Go(func() {
			for _, r := range reqs {
				if _, err := v.Verify(r, nil); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := v.nonces.len(); n != goroutines*each {
		t.Errorf("%d nonces remembered, want %d", n, goroutines*each)
	}

	// Many copies of one request at once: exactly one passes.
	r, _ := signed(t, testSigner(Header), "GET", searchTarget, "")
	var mu sync.Mutex
	passed := 0
	for range goroutines {
		c := r.Clone(r.Context())
		wg.Go(func() {
			_, err := v.Verify(c, nil)
			if err == nil {
				mu.Lock()
				passed++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if passed != 1 {
		t.Errorf("%d copies of one request passed, want 1", passed)
	}
}

func TestVerifyNonceMemoryBounded(t *testing.T) {
	v := testVerifier()
	v.MaxNonces = 10
	s := testSigner(Query)
	for range 25 {
		r, body := signed(t, s, "GET", searchTarget, "")
		if _, err := v.Verify(r, body); err != nil {
			t.Fatal(err)
		}
	}
	if n := v.nonces.len(); n != 10 {
		t.Errorf("%d nonces remembered, want the cap, 10", n)
	}

	// Past the window every entry has expired: the next request leaves only itself.
	later := testNow.Add(DefaultWindow + time.Minute)
	v.Now = func() time.Time { return later }
	s.Now = v.Now
	r, body := signed(t, s, "GET", searchTarget, "")
	if _, err := v.Verify(r, body); err != nil {
		t.Fatal(err)
	}
	if n := v.nonces.len(); n != 1 {
		t.Errorf("%d nonces remembered after the window, want 1", n)
	}
}

func TestErrorMessages(t *testing.T) {
	tests := []struct {
		kind    Kind
		message string
		status  int
	}{
		{BadSignature, "Invalid Signature", 401},
		{UnknownToken, "Invalid Or Expired Token", 401},
		{MissingToken, "Missing Required Access Token", 400},
		{UnknownConsumer, "Invalid Consumer Key", 401},
		{StaleTimestamp, "Invalid Timestamp", 401},
		{ReplayedNonce, "Nonce Already Used", 401},
		{Malformed, "Malformed OAuth Request", 400},
		{MissingParameter, "Missing Required OAuth Parameter", 400},
		{DuplicateParameter, "Duplicate OAuth Parameter", 400},
		{UnsupportedVersion, "Unsupported OAuth Version", 400},
		{UnsupportedMethod, "Unsupported Signature Method", 400},
	}
	for _, tt := range tests {
		e := &Error{Kind: tt.kind}
		if got := e.Message(); got != tt.message {
			t.Errorf("%v: Message = %q, want %q", tt.kind, got, tt.message)
		}
		if got := e.StatusCode(); got != tt.status {
			t.Errorf("%v: StatusCode = %d, want %d", tt.kind, got, tt.status)
		}
		if kindNames[tt.kind] == "" {
			t.Errorf("kind %d has no name", tt.kind)
		}
	}
	e := &Error{Kind: MissingParameter, Detail: "oauth_nonce"}
	if got, want := e.Error(), "oauth1: missing parameter: oauth_nonce"; got != want {
		t.Errorf("Error = %q, want %q", got, want)
	}
	if got, want := (&Error{Kind: BadSignature}).Error(), "oauth1: bad signature"; got != want {
		t.Errorf("Error = %q, want %q", got, want)
	}
}
