package mockserver

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"

	"github.com/flixconf/flixconf/fixtures"
	"github.com/flixconf/flixconf/spec"
)

// serveControl answers the endpoints under /_flixconf/, which are not part of the historical
// API: health, reset, fresh users and the built-in credentials.
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) {
	switch r.Method + " " + r.URL.Path {
	case "GET " + ControlPrefix + "health":
		writeJSONValue(w, http.StatusOK, map[string]string{"status": "ok", "day": s.today().String()})
	case "GET " + ControlPrefix + "clock":
		writeJSONValue(w, http.StatusOK, map[string]string{"day": s.today().String()})
	case "PUT " + ControlPrefix + "clock":
		s.setClock(w, r)
	case "DELETE " + ControlPrefix + "clock":
		s.mu.Lock()
		s.clockDay = spec.Day{}
		s.mu.Unlock()
		writeJSONValue(w, http.StatusOK, map[string]string{"day": s.today().String()})
	case "POST " + ControlPrefix + "reset":
		s.mu.Lock()
		s.state = newState(s.catalog, s.accounts)
		v := s.changed()
		s.mu.Unlock()
		if !s.controlSaved(w, v) {
			return
		}
		writeJSONValue(w, http.StatusOK, map[string]string{"status": "reset"})
	case "POST " + ControlPrefix + "users":
		u, v := s.createUser()
		if s.controlSaved(w, v) {
			writeJSONValue(w, http.StatusCreated, u)
		}
	case "GET " + ControlPrefix + "credentials":
		writeJSONValue(w, http.StatusOK, s.credentials())
	case "GET " + ControlPrefix + "requests":
		writeJSONValue(w, http.StatusOK, map[string]any{"requests": s.journal.recent()})
	case "GET " + ControlPrefix + "findings":
		var list []Finding
		if s.strict != nil {
			list = s.strict.list()
		}
		writeJSONValue(w, http.StatusOK, map[string]any{"strict": s.strict != nil, "findings": list})
	case "POST " + ControlPrefix + "keys":
		s.issueKey(w, r)
	default:
		writeJSONValue(w, http.StatusNotFound, map[string]string{"error": "no such control endpoint: " + r.Method + " " + r.URL.Path})
	}
}

// Credentials are what a client needs to talk to the mock: developer keys (the partners
// marked) and users with a ready access token.
type Credentials struct {
	Keys  []fixtures.Key    `json:"keys"`
	Users []CredentialsUser `json:"users"`
}

// CredentialsUser is a user's login and access token.
type CredentialsUser struct {
	ID          string `json:"id"`
	Login       string `json:"login"`
	Password    string `json:"password"`
	Token       string `json:"token"`
	TokenSecret string `json:"token_secret"`
}

// Credentials returns the keys and users the mock accepts now.
func (s *Server) Credentials() Credentials { return s.credentials() }

func (s *Server) credentials() Credentials {
	c := Credentials{Keys: slices.Clone(s.accounts.Keys)}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range slices.Sorted(maps.Keys(s.state.keys)) {
		c.Keys = append(c.Keys, fixtures.Key{Key: k, Secret: s.state.keys[k], Application: "registered application"})
	}
	for _, u := range s.accounts.Users {
		c.Users = append(c.Users, credentialsOf(u))
	}
	for i := 1; i <= s.state.created; i++ {
		if u := s.state.users[createdID(i)]; u != nil {
			c.Users = append(c.Users, credentialsOf(u.profile))
		}
	}
	return c
}

func credentialsOf(u fixtures.User) CredentialsUser {
	return CredentialsUser{ID: u.ID, Login: u.Login, Password: u.Password, Token: u.Token.Key, TokenSecret: u.Token.Secret}
}

// createUser adds a user with empty queues and a token of its own, so that a test that writes
// never shares state with another. It returns the change's version, to be saved before the
// answer.
func (s *Server) createUser() (CredentialsUser, uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.created++
	id := createdID(s.state.created)
	u := fixtures.User{
		ID: id, Login: id + "@example.com", Password: randomToken(8),
		FirstName: "Fresh", LastName: "User", Nickname: id,
		CanInstantWatch: true, PreferredFormats: []string{"DVD"}, MaxMaturityLevel: 1000000,
		Token: fixtures.Token{Key: randomToken(12), Secret: randomToken(16)},
	}
	s.state.addUser(u)
	return credentialsOf(u), s.changed()
}

// createdID is the id of the n-th user created at run time, in the long form real ids take.
func createdID(n int) string { return fmt.Sprintf("T1flixconfCreated%08d-", n) }

func writeJSONValue(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// issueKey answers POST /_flixconf/keys, standing for the developer portal's key registration:
// a new consumer key and secret for the application named in the form field application.
func (s *Server) issueKey(w http.ResponseWriter, r *http.Request) {
	if ev, stopped := s.timeline.KeyIssuanceStopped(s.lateDay(s.dayOf(r))); stopped {
		// "Changes to the Public API Program" (2013-03-08): no new keys from that day.
		w.Header().Set(spec.ClockHeader, s.dayOf(r).String())
		writeJSONValue(w, http.StatusForbidden, map[string]string{"error": "no new developer keys are issued from " + ev.EffectiveDay().String() + " (" + ev.ID + ")"})
		return
	}
	app := "registered application"
	if err := r.ParseForm(); err == nil && r.Form.Get("application") != "" {
		app = r.Form.Get("application")
	}
	k := fixtures.Key{Key: "key-" + randomToken(8), Secret: randomToken(12), Application: app}
	s.mu.Lock()
	s.state.keys[k.Key] = k.Secret
	v := s.changed()
	s.mu.Unlock()
	if !s.controlSaved(w, v) {
		return
	}
	writeJSONValue(w, http.StatusCreated, k)
}

// setClock answers PUT /_flixconf/clock: the form field (or query parameter) day, YYYY-MM-DD
// or an RFC 3339 time reduced to its UTC day, becomes the mock's day until DELETE. A request's
// Flixconf-Clock header still wins.
func (s *Server) setClock(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeJSONValue(w, http.StatusBadRequest, map[string]string{"error": "malformed form: " + err.Error()})
		return
	}
	d, err := spec.ParseDay(r.Form.Get("day"))
	if err != nil {
		writeJSONValue(w, http.StatusBadRequest, map[string]string{"error": "day: " + err.Error()})
		return
	}
	s.mu.Lock()
	s.clockDay = d
	s.mu.Unlock()
	writeJSONValue(w, http.StatusOK, map[string]string{"day": d.String()})
}
