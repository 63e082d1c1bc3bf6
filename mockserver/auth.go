package mockserver

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"

	"github.com/flixconf/flixconf/internal/oauth1"
)

// The auth levels of the descriptions (x-flixconf-auth-level; docs/read/Security).
const (
	levelConsumer     = "consumer"      // the consumer key alone
	levelSigned       = "signed"        // signed with the consumer secret, no token
	levelRequestToken = "request-token" // signed with an authorised request token
	levelProtected    = "protected"     // signed with the user's access token
)

// authorize checks the request at the operation's level and answers the real error when it
// fails. Signatures and timestamps are checked on wall time, never on the simulated day.
func (c *call) authorize(level string) bool {
	switch level {
	case "":
		return true
	case levelConsumer:
		// The docs: "just add oauth_consumer_key". A signed request is fine too. A feed URL
		// carries the key and the user's feed token.
		key := c.param("oauth_consumer_key")
		if key == "" {
			if a, err := c.verify(); err == nil {
				key = a.ConsumerKey
			}
		}
		if _, ok := c.s.consumerSecret(key); !ok {
			c.fail(http.StatusUnauthorized, "Invalid Consumer Key")
			return false
		}
		if ft := c.param("feed_token"); ft != "" {
			c.user = c.s.feedTokenUser(ft, c.r.PathValue("user_id"))
			if c.user == nil {
				c.fail(http.StatusUnauthorized, "Invalid Feed Token")
				return false
			}
		}
		return true
	}
	a, err := c.verify()
	if err != nil {
		c.failOAuth(err)
		return false
	}
	c.auth = a
	switch level {
	case levelSigned:
		return true
	case levelRequestToken:
		// access_token checks the request token itself.
		return true
	}
	// Protected: an access token, of the user whose resource this is.
	if err := a.RequireToken(); err != nil {
		c.failOAuth(err)
		return false
	}
	u := c.s.accessTokenUser(a.Token)
	if u == nil {
		c.fail(http.StatusUnauthorized, "Invalid Or Expired Token")
		return false
	}
	if id := c.r.PathValue("user_id"); id != "" && id != u.id {
		c.fail(http.StatusUnauthorized, "Access Token Validation Failed")
		return false
	}
	c.user = u
	return true
}

// verify checks the request's OAuth signature as the client made it: with the method it sent
// (before a method= override) and the body it sent.
func (c *call) verify() (*oauth1.Request, error) {
	if c.s.hasFault(faultSignatureNotVerified) {
		return c.unverified()
	}
	r := c.r
	var body []byte
	if c.in != nil {
		body = c.in.body
		if r.Method != c.in.method {
			r = r.Clone(r.Context())
			r.Method = c.in.method
		}
	}
	return c.s.verifier.Verify(r, body)
}

// consumerSecret is the secret of a developer key.
func (s *Server) consumerSecret(key string) (string, bool) {
	for _, k := range s.accounts.Keys {
		if k.Key == key {
			return k.Secret, true
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	secret, ok := s.state.keys[key]
	return secret, ok
}

// tokenSecret is the secret of an access or request token issued to the consumer.
func (s *Server) tokenSecret(consumerKey, token string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.state.accessTokens[token]; ok && (t.consumer == "" || t.consumer == consumerKey) {
		return t.secret, true
	}
	if t, ok := s.state.requestTokens[token]; ok && t.consumerKey == consumerKey {
		return t.secret, true
	}
	return "", false
}

// accessTokenUser is the user an access token belongs to, or nil.
func (s *Server) accessTokenUser(token string) *userState {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.state.accessTokens[token]; ok {
		return s.state.users[t.userID]
	}
	return nil
}

// feedTokenUser is the user whose feed token this is, when the feed's path names that user.
func (s *Server) feedTokenUser(token, userID string) *userState {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.state.users[userID]
	if u == nil || subtle.ConstantTimeCompare([]byte(u.feedToken), []byte(token)) != 1 {
		return nil
	}
	return u
}

// unverified reads the OAuth parameters without checking anything but that the key and token
// exist: the signature-not-verified fault.
func (c *call) unverified() (*oauth1.Request, error) {
	a := &oauth1.Request{ConsumerKey: c.param("oauth_consumer_key"), Token: c.param("oauth_token"),
		Callback: c.param("oauth_callback"), Verifier: c.param("oauth_verifier")}
	if h := c.r.Header.Get("Authorization"); strings.HasPrefix(h, "OAuth ") {
		for _, part := range strings.Split(strings.TrimPrefix(h, "OAuth "), ",") {
			k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
			v, _ = url.QueryUnescape(strings.Trim(v, `"`))
			switch k {
			case "oauth_consumer_key":
				a.ConsumerKey = v
			case "oauth_token":
				a.Token = v
			case "oauth_callback":
				a.Callback = v
			case "oauth_verifier":
				a.Verifier = v
			}
		}
	}
	if _, ok := c.s.consumerSecret(a.ConsumerKey); !ok {
		return nil, &oauth1.Error{Kind: oauth1.UnknownConsumer}
	}
	if a.Token != "" {
		if _, ok := c.s.tokenSecret(a.ConsumerKey, a.Token); !ok {
			return nil, &oauth1.Error{Kind: oauth1.UnknownToken}
		}
	}
	return a, nil
}
