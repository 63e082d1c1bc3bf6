// Package oauth1 signs and verifies requests the way the historical Netflix public API
// (2008-2014) required: OAuth 1.0 and 1.0a with HMAC-SHA1. The conformance suite's HTTP client
// signs with [Signer] and the mock server checks requests with [Verifier]; both sides share one
// implementation of RFC 5849 section 3 so that they cannot drift apart:
//
//   - the signature base string (section 3.4.1): the uppercased method, the base string URI
//     (scheme and host lowercased, default port dropped, path kept, no query) and the
//     normalized parameters, each part percent-encoded and joined with "&";
//   - the parameter sources (section 3.4.1.3): the query, an application/x-www-form-urlencoded
//     body, and the Authorization header ("OAuth" scheme) without its realm;
//   - percent-encoding (section 3.6): ALPHA, DIGIT and "-._~" are kept, every other byte
//     becomes %XX with upper-case hex;
//   - HMAC-SHA1 (section 3.4.2) keyed with consumer_secret&token_secret, the token secret being
//     empty for requests signed with the consumer alone.
//
// Netflix had three auth levels: consumer key only (autocomplete, feeds), signed (the rest of
// the catalog) and protected (signed with the user's access token, everything under /users).
// The first needs no signature and the level of a resource is the server's knowledge, so a
// [Verifier] checks a signature whatever the level and [Request.RequireToken] enforces the
// third.
package oauth1
