package oauth1

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Credentials is a key and its shared secret: a consumer's (the application's) or a token's.
type Credentials struct {
	Key, Secret string
}

// Signature returns the HMAC-SHA1 signature of base (RFC 5849 section 3.4.2), base64-encoded.
// The key is the percent-encoded consumer secret and token secret joined with "&"; tokenSecret
// is empty for requests signed without a token.
func Signature(base, consumerSecret, tokenSecret string) string {
	return base64.StdEncoding.EncodeToString(mac(base, consumerSecret, tokenSecret))
}

func mac(base, consumerSecret, tokenSecret string) []byte {
	h := hmac.New(sha1.New, []byte(Encode(consumerSecret)+"&"+Encode(tokenSecret)))
	io.WriteString(h, base)
	return h.Sum(nil)
}

// Placement says where a Signer puts the oauth_* parameters.
type Placement int

const (
	// Query appends them to the query string, as most Netflix clients did.
	Query Placement = iota
	// Header sends them in an "Authorization: OAuth ..." header (RFC 5849 section 3.5.1),
	// replacing any Authorization header already set.
	Header
)

func (p Placement) String() string {
	if p == Header {
		return "header"
	}
	return "query"
}

// Signer signs requests with HMAC-SHA1. The zero Placement is Query.
type Signer struct {
	Consumer Credentials
	// Token is the request or access token; nil signs with the consumer alone (Netflix's
	// "signed" level and the request-token call).
	Token     *Credentials
	Placement Placement
	// Extra holds further oauth_* parameters to send and sign, such as oauth_callback or
	// oauth_verifier (OAuth 1.0a). A value given here replaces the generated parameter of the
	// same name, which lets a test send, say, oauth_version=2.0 (the signature stays
	// HMAC-SHA1 whatever oauth_signature_method says); oauth_signature cannot be set.
	Extra map[string]string
	// Now gives oauth_timestamp; nil means time.Now.
	Now func() time.Time
	// Nonce gives oauth_nonce; nil means 26 random characters.
	Nonce func() string
}

// Sign adds the oauth_* parameters and their signature to req, modifying it. The signature
// covers the method, the scheme, host and path of the URL, the query, the body when it is
// application/x-www-form-urlencoded (it is read and put back, GetBody included) and the oauth_*
// parameters. The host signed is req.Host when set, else req.URL.Host: the server checks the
// host it receives in the Host header, so a request sent to a proxy or to a local mock but
// meant for api-public.netflix.com must set req.Host to that name.
//
// A request is signed once: Sign fails if the query or body already carries one of the
// parameters it would add.
func (s *Signer) Sign(req *http.Request) error {
	oauth, err := s.oauthParams()
	if err != nil {
		return err
	}
	body, err := readForm(req)
	if err != nil {
		return err
	}
	params, err := requestParams(req, body)
	if err != nil {
		return fmt.Errorf("oauth1: signing %s %s: %w", req.Method, req.URL.Redacted(), err)
	}
	for name, values := range oauth {
		if _, ok := params[name]; ok {
			return fmt.Errorf("oauth1: signing %s %s: request already carries %s",
				req.Method, req.URL.Redacted(), name)
		}
		params[name] = values
	}
	tokenSecret := ""
	if s.Token != nil {
		tokenSecret = s.Token.Secret
	}
	base := BaseString(req.Method, signedURL(req, ""), params)
	oauth.Set("oauth_signature", Signature(base, s.Consumer.Secret, tokenSecret))

	switch s.Placement {
	case Header:
		if req.Header == nil {
			req.Header = make(http.Header)
		}
		req.Header.Set("Authorization", formatAuthorization(oauth))
	default:
		q := encodeQuery(oauth)
		if req.URL.RawQuery != "" {
			// Appending leaves the caller's query bytes as they were signed.
			q = req.URL.RawQuery + "&" + q
		}
		req.URL.RawQuery = q
	}
	return nil
}

// oauthParams returns the oauth_* parameters to send, without the signature.
func (s *Signer) oauthParams() (url.Values, error) {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	nonce := rand.Text
	if s.Nonce != nil {
		nonce = s.Nonce
	}
	p := url.Values{
		"oauth_consumer_key":     {s.Consumer.Key},
		"oauth_nonce":            {nonce()},
		"oauth_signature_method": {"HMAC-SHA1"},
		"oauth_timestamp":        {strconv.FormatInt(now().Unix(), 10)},
		"oauth_version":          {"1.0"},
	}
	if s.Token != nil {
		p.Set("oauth_token", s.Token.Key)
	}
	for name, value := range s.Extra {
		if !strings.HasPrefix(name, "oauth_") || name == "oauth_signature" {
			return nil, fmt.Errorf("oauth1: extra parameter %q: only oauth_* parameters "+
				"other than oauth_signature may be set", name)
		}
		p.Set(name, value)
	}
	return p, nil
}

// readForm reads a form-encoded body, whose parameters are signed, and puts it back so that it
// can still be sent, and sent again on a redirect. Other bodies are not signed and not read.
func readForm(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody || !isForm(req.Header) {
		return nil, nil
	}
	body, err := io.ReadAll(req.Body)
	if closeErr := req.Body.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		return nil, fmt.Errorf("oauth1: reading the form body of %s %s: %w",
			req.Method, req.URL.Redacted(), err)
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	req.ContentLength = int64(len(body))
	return body, nil
}

// encodeQuery renders params as a query string with the RFC 5849 encoding, names sorted.
// url.Values.Encode would write spaces as "+", which decodes to the same value but is not the
// encoding OAuth clients of the time sent.
func encodeQuery(params url.Values) string {
	var b strings.Builder
	for _, name := range slices.Sorted(maps.Keys(params)) {
		for _, v := range params[name] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(Encode(name))
			b.WriteByte('=')
			b.WriteString(Encode(v))
		}
	}
	return b.String()
}
