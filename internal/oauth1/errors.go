package oauth1

import "net/http"

// Kind classifies why a request failed verification, so that a server can answer as the real
// API did.
type Kind int

// The kinds of verification failure. Their HTTP status codes follow RFC 5849 section 3.2:
// 400 for a request that is not well-formed OAuth, 401 for one that is but does not
// authenticate.
const (
	// Malformed is a query, form body, Authorization header or oauth_timestamp that does not
	// parse.
	Malformed Kind = iota + 1
	// MissingParameter is a required oauth_* parameter that is absent or empty; Detail names
	// it.
	MissingParameter
	// DuplicateParameter is an oauth_* parameter given more than once, in one source or
	// across the query, the body and the Authorization header.
	DuplicateParameter
	// UnsupportedVersion is an oauth_version other than "1.0".
	UnsupportedVersion
	// UnsupportedMethod is an oauth_signature_method other than HMAC-SHA1, PLAINTEXT
	// included.
	UnsupportedMethod
	// UnknownConsumer is a consumer key the server does not know.
	UnknownConsumer
	// UnknownToken is an oauth_token the server does not know for that consumer.
	UnknownToken
	// BadSignature is a signature that does not match the request.
	BadSignature
	// StaleTimestamp is an oauth_timestamp outside the verifier's window.
	StaleTimestamp
	// ReplayedNonce is a nonce already used with the same consumer key, token and timestamp.
	ReplayedNonce
	// MissingToken is a request signed without an access token for a protected resource. The
	// Verifier does not know which resources are protected and never returns it; the server
	// gets it from [Request.RequireToken].
	MissingToken
)

var kindNames = map[Kind]string{
	Malformed:          "malformed request",
	MissingParameter:   "missing parameter",
	DuplicateParameter: "duplicate parameter",
	UnsupportedVersion: "unsupported version",
	UnsupportedMethod:  "unsupported signature method",
	UnknownConsumer:    "unknown consumer key",
	UnknownToken:       "unknown token",
	BadSignature:       "bad signature",
	StaleTimestamp:     "stale timestamp",
	ReplayedNonce:      "replayed nonce",
	MissingToken:       "missing access token",
}

func (k Kind) String() string {
	if name, ok := kindNames[k]; ok {
		return name
	}
	return "unknown kind"
}

// Error is a verification failure. Verify returns every failure as an *Error.
type Error struct {
	Kind   Kind
	Detail string // for the logs, e.g. the missing parameter's name; never sent to clients
}

func (e *Error) Error() string {
	if e.Detail == "" {
		return "oauth1: " + e.Kind.String()
	}
	return "oauth1: " + e.Kind.String() + ": " + e.Detail
}

// Message returns the status message the Netflix API sent for this kind of failure, for the
// message element of its status body. Three are known from clients of the time (reference
// section 3.3): "Invalid Signature" (high confidence), "Invalid Or Expired Token" and
// "Missing Required Access Token" (medium). The others are not on record and are plain
// descriptions in the same style. "Access Token Validation Failed" is also on record, but
// nothing says when Netflix sent it rather than "Invalid Or Expired Token", so no kind maps
// to it.
func (e *Error) Message() string {
	switch e.Kind {
	case BadSignature:
		return "Invalid Signature"
	case UnknownToken:
		return "Invalid Or Expired Token"
	case MissingToken:
		return "Missing Required Access Token"
	case Malformed:
		return "Malformed OAuth Request"
	case MissingParameter:
		return "Missing Required OAuth Parameter"
	case DuplicateParameter:
		return "Duplicate OAuth Parameter"
	case UnsupportedVersion:
		return "Unsupported OAuth Version"
	case UnsupportedMethod:
		return "Unsupported Signature Method"
	case UnknownConsumer:
		return "Invalid Consumer Key"
	case StaleTimestamp:
		return "Invalid Timestamp"
	case ReplayedNonce:
		return "Nonce Already Used"
	}
	return "Invalid Request"
}

// StatusCode returns the HTTP status for this kind of failure: 400 Bad Request when the
// request is not well-formed OAuth, as RFC 5849 section 3.2 says and as Netflix answered a
// missing access token; 401 Unauthorized otherwise.
func (e *Error) StatusCode() int {
	switch e.Kind {
	case Malformed, MissingParameter, DuplicateParameter, UnsupportedVersion, UnsupportedMethod,
		MissingToken:
		return http.StatusBadRequest
	}
	return http.StatusUnauthorized
}
