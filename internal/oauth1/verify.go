package oauth1

import (
	"crypto/hmac"
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// DefaultWindow is the timestamp skew a Verifier accepts unless told otherwise.
const DefaultWindow = 5 * time.Minute

// NoWindow, as a Verifier's Window, turns the timestamp check off, for checking published
// examples signed long ago.
const NoWindow time.Duration = -1

// required lists the parameters every signed request carries, in the order they are checked.
var required = []string{
	"oauth_consumer_key",
	"oauth_signature_method",
	"oauth_signature",
	"oauth_timestamp",
	"oauth_nonce",
}

// Verifier checks signed requests on the server side. Only HMAC-SHA1 is accepted, as Netflix
// did. Configure it with struct fields and do not copy it after first use: it holds the
// memory of nonces.
type Verifier struct {
	// Consumers returns the secret of a consumer key. Nil knows no consumer.
	Consumers func(key string) (secret string, ok bool)
	// Tokens returns the secret of a request or access token issued to consumerKey. Nil knows
	// no token.
	Tokens func(consumerKey, token string) (secret string, ok bool)
	// Now is the wall clock the timestamps are checked against; nil means time.Now. It must
	// be real time: a simulated day of the API's life would refuse every client.
	Now func() time.Time
	// Window is the accepted difference between oauth_timestamp and Now, both ways, in whole
	// seconds, edges included. Zero means DefaultWindow and a negative value (NoWindow) turns
	// the check off; nonces are then remembered until evicted.
	Window time.Duration
	// MaxNonces bounds how many nonces are remembered; zero or less means DefaultMaxNonces.
	MaxNonces int
	// Scheme is the scheme clients signed ("http" or "https"). Empty means the connection's,
	// which is wrong behind a proxy that terminates TLS.
	Scheme string

	nonces nonceCache
}

// Request is what a verified request was signed with.
type Request struct {
	ConsumerKey string
	// Token is the request or access token, empty for a request signed with the consumer
	// alone. An empty oauth_token counts as none, as some clients send one on the
	// request-token call.
	Token           string
	SignatureMethod string
	Timestamp       time.Time
	Nonce           string
	// Callback and Verifier are oauth_callback and oauth_verifier, which OAuth 1.0a clients
	// send to the request-token and access-token calls; empty when absent.
	Callback, Verifier string
	// Params holds every oauth_* parameter as received, oauth_signature included.
	Params map[string]string
}

// RequireToken returns a MissingToken error when r was signed without a token. A server calls
// it for protected resources (those under /users), whose level only it knows.
func (r *Request) RequireToken() error {
	if r.Token == "" {
		return &Error{Kind: MissingToken, Detail: "protected resource signed without oauth_token"}
	}
	return nil
}

// Verify checks the OAuth signature of req, a request received by a server, and returns what
// it was signed with. body is the request body, already read by the server (which bounds its
// size); its parameters count only when the content type is application/x-www-form-urlencoded.
// The host checked is req.Host, the Host header the client sent.
//
// Parameters come from the query, the form body and the Authorization header (RFC 5849
// section 3.4.1.3). Every failure is an *Error; the checks run in this order: syntax,
// duplicate and missing oauth_* parameters, version, signature method, timestamp syntax,
// consumer, token, signature, timestamp window, nonce. The nonce comes last so that a forged
// request cannot use up the nonce of a genuine one.
func (v *Verifier) Verify(req *http.Request, body []byte) (*Request, error) {
	params, err := allParams(req, body)
	if err != nil {
		return nil, &Error{Kind: Malformed, Detail: err.Error()}
	}

	oauth := make(map[string]string)
	for name, values := range params {
		if !strings.HasPrefix(name, "oauth_") {
			continue
		}
		if len(values) > 1 {
			return nil, &Error{Kind: DuplicateParameter, Detail: name}
		}
		oauth[name] = values[0]
	}
	for _, name := range required {
		if oauth[name] == "" {
			return nil, &Error{Kind: MissingParameter, Detail: name}
		}
	}
	if version, ok := oauth["oauth_version"]; ok && version != "1.0" {
		return nil, &Error{Kind: UnsupportedVersion, Detail: strconv.Quote(version)}
	}
	if method := oauth["oauth_signature_method"]; method != "HMAC-SHA1" {
		return nil, &Error{Kind: UnsupportedMethod, Detail: strconv.Quote(method)}
	}
	timestamp, err := parseTimestamp(oauth["oauth_timestamp"])
	if err != nil {
		return nil, &Error{Kind: Malformed, Detail: err.Error()}
	}

	consumerKey, token := oauth["oauth_consumer_key"], oauth["oauth_token"]
	nonce := oauth["oauth_nonce"]
	consumerSecret, tokenSecret, err := v.secrets(consumerKey, token)
	if err != nil {
		return nil, err
	}

	base := BaseString(req.Method, signedURL(req, v.Scheme), params)
	// Comparing the decoded bytes in constant time tells a forger nothing about how much of
	// the signature was right.
	got, err := base64.StdEncoding.DecodeString(oauth["oauth_signature"])
	if err != nil || !hmac.Equal(got, mac(base, consumerSecret, tokenSecret)) {
		return nil, &Error{Kind: BadSignature, Detail: "base string " + strconv.Quote(base)}
	}

	// Seconds throughout, as timestamps have no fraction; this keeps the window's edges exact
	// and the arithmetic clear of overflow for any timestamp a client sends.
	now := v.now().Unix()
	var expires time.Time
	if window := v.window(); window >= 0 {
		w := int64(window / time.Second)
		if timestamp < now-w || timestamp > now+w {
			return nil, &Error{Kind: StaleTimestamp,
				Detail: fmt.Sprintf("timestamp %d, clock %d, window %s", timestamp, now, window)}
		}
		expires = time.Unix(timestamp+w, 0)
	}
	key := newNonceKey(consumerKey, token, timestamp, nonce)
	if !v.nonces.remember(key, expires, time.Unix(now, 0), v.maxNonces()) {
		return nil, &Error{Kind: ReplayedNonce, Detail: strconv.Quote(nonce)}
	}

	return &Request{
		ConsumerKey:     consumerKey,
		Token:           token,
		SignatureMethod: oauth["oauth_signature_method"],
		Timestamp:       time.Unix(timestamp, 0),
		Nonce:           nonce,
		Callback:        oauth["oauth_callback"],
		Verifier:        oauth["oauth_verifier"],
		Params:          oauth,
	}, nil
}

// secrets returns the secret of the consumer key and that of the token, empty when no token
// is given.
func (v *Verifier) secrets(consumerKey, token string) (string, string, error) {
	var consumerSecret, tokenSecret string
	ok := false
	if v.Consumers != nil {
		consumerSecret, ok = v.Consumers(consumerKey)
	}
	if !ok {
		return "", "", &Error{Kind: UnknownConsumer, Detail: strconv.Quote(consumerKey)}
	}
	if token == "" {
		return consumerSecret, "", nil
	}
	ok = false
	if v.Tokens != nil {
		tokenSecret, ok = v.Tokens(consumerKey, token)
	}
	if !ok {
		return "", "", &Error{Kind: UnknownToken,
			Detail: fmt.Sprintf("%q for consumer %q", token, consumerKey)}
	}
	return consumerSecret, tokenSecret, nil
}

// parseTimestamp parses oauth_timestamp: seconds since 1970, in decimal digits only
// (strconv.ParseInt alone would also take a sign).
func parseTimestamp(s string) (int64, error) {
	if strings.Trim(s, "0123456789") == "" {
		if ts, err := strconv.ParseInt(s, 10, 64); err == nil {
			return ts, nil
		}
	}
	return 0, fmt.Errorf("oauth_timestamp %q is not a whole number of seconds", s)
}

func (v *Verifier) now() time.Time {
	if v.Now == nil {
		return time.Now()
	}
	return v.Now()
}

// window returns the accepted skew, or a negative duration when the check is off.
func (v *Verifier) window() time.Duration {
	if v.Window == 0 {
		return DefaultWindow
	}
	return v.Window
}

func (v *Verifier) maxNonces() int {
	if v.MaxNonces <= 0 {
		return DefaultMaxNonces
	}
	return v.MaxNonces
}
