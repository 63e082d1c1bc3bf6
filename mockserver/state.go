package mockserver

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"

	"github.com/flixconf/flixconf/fixtures"
)

// state is everything the mock changes as it is used: users and their queues, issued tokens
// and keys. It starts from the fixtures and POST /_flixconf/reset restores them. The Server's
// mutex guards it.
type state struct {
	users         map[string]*userState
	accessTokens  map[string]issuedAccessToken
	requestTokens map[string]*issuedRequestToken
	keys          map[string]string // keys issued at run time, by key
	// etagCounter numbers queue versions. Etags come from a counter, never from the clock, so
	// two changes in one second still get different etags.
	etagCounter int64
	created     int // users created at run time, for their ids
}

// userState is one subscriber and what the API lets them change.
type userState struct {
	id      string
	profile fixtures.User
	queues  map[string]*queue // "disc", "instant"
	// feedToken is the token the user's feed URLs carry (the feeds list gives them).
	feedToken string
	// ratings are the user's own ratings by title id: "1" to "5", not_interested, no_opinion.
	ratings map[string]string
}

// issuedAccessToken is an access token and whom it acts for. A token from the fixtures serves every
// developer key (consumer ""); a token from the OAuth dance serves the key that asked for it.
type issuedAccessToken struct {
	secret, userID, consumer string
}

// issuedRequestToken is a request token on its way through login to an access token.
type issuedRequestToken struct {
	secret, consumerKey, callback string
	userID, verifier              string // set once the user logs in
}

func newState(cat *fixtures.Catalog, accounts *fixtures.Accounts) *state {
	st := &state{
		users:         map[string]*userState{},
		accessTokens:  map[string]issuedAccessToken{},
		requestTokens: map[string]*issuedRequestToken{},
		keys:          map[string]string{},
	}
	for _, u := range accounts.Users {
		st.addUser(u)
	}
	return st
}

// addUser adds a user with the queues and token of its fixture.
func (st *state) addUser(u fixtures.User) *userState {
	us := &userState{id: u.ID, profile: u, queues: map[string]*queue{}, feedToken: randomToken(10), ratings: map[string]string{}}
	for _, r := range u.Ratings {
		us.ratings[r.Title] = strconv.Itoa(r.Rating)
	}
	us.queues["disc"] = st.newQueue(u.DiscQueue, u.SavedQueue)
	us.queues["instant"] = st.newQueue(u.InstantQueue, nil)
	st.users[u.ID] = us
	st.accessTokens[u.Token.Key] = issuedAccessToken{secret: u.Token.Secret, userID: u.ID}
	return us
}

// nextEtag returns a new etag.
func (st *state) nextEtag() string {
	st.etagCounter++
	return strconv.FormatInt(st.etagCounter, 10)
}

// randomToken returns an unguessable token for OAuth and feeds.
func randomToken(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand documents it)
	return hex.EncodeToString(b)
}
