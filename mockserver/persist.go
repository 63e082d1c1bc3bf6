package mockserver

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/flixconf/flixconf/fixtures"
)

// StateFormat is the version of the state file's format (docs/state.md). A file of another
// format is refused, never guessed at.
const StateFormat = 1

// WithStateFile keeps the user state in a file, so that an app developer's queues survive a
// restart: New restores the state from the file when it exists, and every write the mock
// answers with a 2xx is on disk before the answer is sent. Request tokens, nonces, the clock
// set with PUT /_flixconf/clock, the journal and the findings are not kept (docs/state.md).
// One mock per file: two mocks sharing a file overwrite each other's saves.
func WithStateFile(path string) Option {
	return func(s *Server) error {
		if path == "" {
			return &StateError{Path: path, Err: errors.New("empty path")}
		}
		s.store = &stateFile{path: path, version: 1}
		s.store.cond = sync.NewCond(&s.store.mu)
		return nil
	}
}

// StateError is a state file that cannot be read, restored or written.
type StateError struct {
	Path string
	Err  error
}

func (e *StateError) Error() string { return "state file " + e.Path + ": " + e.Err.Error() }
func (e *StateError) Unwrap() error { return e.Err }

// stateFile saves the state to its file. Saves are grouped: a writer marks its change with
// changed, under the Server's mutex, then waits with persist until a save that includes it
// is on disk. One save runs at a time and each takes its snapshot after the one before, so a
// later save never writes an older state, and writers that arrive during a save share the
// next one.
type stateFile struct {
	path string
	// version counts the changes; the Server's mutex guards it.
	version uint64

	mu     sync.Mutex // guards saving and saved
	cond   *sync.Cond // signalled when a save ends
	saving bool
	saved  uint64 // the version the file holds
}

// tempPath is where a save is written before it is renamed over the file. A temporary file
// left by a crash is never read; the next save replaces it.
func (f *stateFile) tempPath() string { return f.path + ".tmp" }

// changed records a change of the state and returns its version, for persist. The caller
// holds the mutex. Without a state file it does nothing.
func (s *Server) changed() uint64 {
	if s.store == nil {
		return 0
	}
	s.store.version++
	return s.store.version
}

// persist returns once the state of version v, or a later one, is on disk.
func (s *Server) persist(v uint64) error {
	f := s.store
	if f == nil {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for f.saved < v {
		if f.saving {
			f.cond.Wait()
			continue
		}
		f.saving = true
		f.mu.Unlock()
		s.mu.Lock()
		snap, at := s.snapshot(), f.version
		s.mu.Unlock()
		err := writeState(f, snap)
		f.mu.Lock()
		f.saving = false
		f.cond.Broadcast()
		if err != nil {
			return &StateError{Path: f.path, Err: err}
		}
		f.saved = max(f.saved, at)
	}
	return nil
}

// SaveState writes any change not yet on disk to the state file, as at shutdown; nil without
// a state file. Changes are saved as they are made, so this only retries a save that failed.
func (s *Server) SaveState() error {
	if s.store == nil {
		return nil
	}
	s.mu.Lock()
	v := s.store.version
	s.mu.Unlock()
	return s.persist(v)
}

// saved makes sure the change numbered v is on disk before the answer is written. When it
// cannot be, the client gets a 500 with the reason, for the write is not kept as promised.
func (c *call) saved(v uint64) bool {
	if err := c.s.persist(v); err != nil {
		c.fail(http.StatusInternalServerError, "State Not Saved: "+err.Error())
		return false
	}
	return true
}

// controlSaved is saved for the control endpoints, which answer JSON.
func (s *Server) controlSaved(w http.ResponseWriter, v uint64) bool {
	if err := s.persist(v); err != nil {
		writeJSONValue(w, http.StatusInternalServerError, map[string]string{"error": "state not saved: " + err.Error()})
		return false
	}
	return true
}

// writeState writes the file atomically: a temporary file in the same folder, synced, renamed
// over the file, and the folder synced so that the rename itself survives a crash. The file
// holds passwords and tokens, so only its owner may read it.
func writeState(f *stateFile, snap *savedState) error {
	data, err := json.MarshalIndent(snap, "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	tmp := f.tempPath()
	// Whatever lies at the temporary name (a crashed save's file with another mode, a
	// symbolic link) goes first, and the file is created anew, exclusively: its mode is then
	// 0600 whatever was there, and a link is never followed to write elsewhere.
	if err := os.Remove(tmp); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	out, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = out.Write(data)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, f.path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	dir, err := os.Open(filepath.Dir(f.path))
	if err != nil {
		return err
	}
	defer dir.Close()
	return dir.Sync()
}

// savedState is the state file (docs/state.md). Lists are sorted so that two saves of the same
// state are the same bytes.
type savedState struct {
	Format       int                `json:"format"`
	EtagCounter  int64              `json:"etag_counter"`
	CreatedUsers int                `json:"created_users"`
	Users        []savedUser        `json:"users"`
	AccessTokens []savedAccessToken `json:"access_tokens"`
	Keys         []savedKey         `json:"keys"`
}

// savedUser is a user's changeable state; Profile only for a user created at run time (the
// fixtures give the others').
type savedUser struct {
	ID        string                `json:"id"`
	Profile   *savedProfile         `json:"profile,omitempty"`
	FeedToken string                `json:"feed_token"`
	Queues    map[string]savedQueue `json:"queues"`
	Ratings   map[string]string     `json:"ratings"`
}

// savedProfile is who a created user is, with the access token created with them.
type savedProfile struct {
	Login            string         `json:"login"`
	Password         string         `json:"password"`
	FirstName        string         `json:"first_name"`
	LastName         string         `json:"last_name"`
	Nickname         string         `json:"nickname"`
	CanInstantWatch  bool           `json:"can_instant_watch"`
	PreferredFormats []string       `json:"preferred_formats"`
	MaxMaturityLevel int            `json:"max_maturity_level"`
	Token            fixtures.Token `json:"token"`
}

type savedQueue struct {
	Etag      string       `json:"etag"`
	Available []savedEntry `json:"available"`
	Saved     []savedEntry `json:"saved"`
}

type savedEntry struct {
	Title   string `json:"title"`
	Updated int64  `json:"updated"`
}

// savedAccessToken is an access token issued by the OAuth dance, for one consumer key. The
// tokens of the fixtures' and created users come with those users.
type savedAccessToken struct {
	Token    string `json:"token"`
	Secret   string `json:"secret"`
	User     string `json:"user"`
	Consumer string `json:"consumer"`
}

// savedKey is a developer key issued with POST /_flixconf/keys.
type savedKey struct {
	Key    string `json:"key"`
	Secret string `json:"secret"`
}

// queueKinds are the queues every user has.
var queueKinds = []string{"disc", "instant"}

// snapshot copies the state into its file form. The caller holds the mutex.
func (s *Server) snapshot() *savedState {
	st := s.state
	out := &savedState{Format: StateFormat, EtagCounter: st.etagCounter, CreatedUsers: st.created,
		Users: []savedUser{}, AccessTokens: []savedAccessToken{}, Keys: []savedKey{}}
	for _, id := range slices.Sorted(maps.Keys(st.users)) {
		u := st.users[id]
		su := savedUser{ID: id, FeedToken: u.feedToken, Queues: map[string]savedQueue{}, Ratings: maps.Clone(u.ratings)}
		if !s.isFixtureUser(id) {
			p := u.profile
			su.Profile = &savedProfile{Login: p.Login, Password: p.Password, FirstName: p.FirstName, LastName: p.LastName,
				Nickname: p.Nickname, CanInstantWatch: p.CanInstantWatch, PreferredFormats: slices.Clone(p.PreferredFormats),
				MaxMaturityLevel: p.MaxMaturityLevel, Token: p.Token}
		}
		for kind, q := range u.queues {
			su.Queues[kind] = savedQueue{Etag: q.etag, Available: savedEntries(q.available), Saved: savedEntries(q.saved)}
		}
		out.Users = append(out.Users, su)
	}
	for token, t := range st.accessTokens {
		if t.consumer != "" {
			out.AccessTokens = append(out.AccessTokens, savedAccessToken{Token: token, Secret: t.secret, User: t.userID, Consumer: t.consumer})
		}
	}
	slices.SortFunc(out.AccessTokens, func(a, b savedAccessToken) int { return cmp.Compare(a.Token, b.Token) })
	for _, k := range slices.Sorted(maps.Keys(st.keys)) {
		out.Keys = append(out.Keys, savedKey{Key: k, Secret: st.keys[k]})
	}
	return out
}

func savedEntries(es []queueEntry) []savedEntry {
	out := make([]savedEntry, 0, len(es))
	for _, e := range es {
		out = append(out, savedEntry{Title: e.titleID, Updated: e.updated})
	}
	return out
}

// restoreState reads the state file, when there is one, into the mock's state, and saves it
// back at once: that proves the folder writable before the mock answers anyone, and replaces
// a temporary file a crash may have left.
func (s *Server) restoreState() error {
	f := s.store
	data, err := os.ReadFile(f.path)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return &StateError{Path: f.path, Err: err}
	default:
		st, err := s.stateFrom(data)
		if err != nil {
			return &StateError{Path: f.path, Err: err}
		}
		s.state = st
	}
	return s.persist(f.version)
}

// stateFrom builds the state a file holds, starting from the fixtures: users the file does not
// list keep their fixture state. Anything the mock could not serve is an error that names it.
func (s *Server) stateFrom(data []byte) (*state, error) {
	var head struct {
		Format *int `json:"format"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("not a state file: %v", err)
	}
	if head.Format == nil || *head.Format != StateFormat {
		got := "none"
		if head.Format != nil {
			got = strconv.Itoa(*head.Format)
		}
		return nil, fmt.Errorf("unknown format %s: this flixconf reads format %d", got, StateFormat)
	}
	var saved savedState
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&saved); err != nil {
		return nil, fmt.Errorf("not a state file: %v", err)
	}
	if saved.EtagCounter < 0 || saved.CreatedUsers < 0 {
		return nil, errors.New("etag_counter and created_users must be 0 or more")
	}
	st := newState(s.catalog, s.accounts)
	st.etagCounter, st.created = saved.EtagCounter, saved.CreatedUsers
	listed := map[string]bool{}
	for _, su := range saved.Users {
		if listed[su.ID] {
			return nil, fmt.Errorf("user %q is listed twice", su.ID)
		}
		listed[su.ID] = true
		if err := s.restoreUser(st, su); err != nil {
			return nil, fmt.Errorf("user %q: %v", su.ID, err)
		}
	}
	for _, t := range saved.AccessTokens {
		if st.users[t.User] == nil || t.Token == "" || t.Secret == "" || t.Consumer == "" {
			return nil, fmt.Errorf("access token %q: want a token, a secret, a known user and a consumer key", t.Token)
		}
		st.accessTokens[t.Token] = issuedAccessToken{secret: t.Secret, userID: t.User, consumer: t.Consumer}
	}
	for _, k := range saved.Keys {
		if k.Key == "" || k.Secret == "" {
			return nil, fmt.Errorf("key %q: want a key and a secret", k.Key)
		}
		st.keys[k.Key] = k.Secret
	}
	return st, nil
}

// restoreUser puts one saved user into st: a fixture user's changes, or a created user whole.
func (s *Server) restoreUser(st *state, su savedUser) error {
	u := st.users[su.ID]
	switch {
	case u != nil && su.Profile != nil:
		return errors.New("a user of the fixtures: its profile comes from the fixtures, not from the file")
	case u == nil && su.Profile == nil:
		return errors.New("neither a user of the fixtures nor a created user with a profile")
	case u == nil:
		n, ok := createdNumber(su.ID)
		if !ok || n > st.created {
			return fmt.Errorf("not the id of one of the %d created users", st.created)
		}
		p := su.Profile
		if p.Token.Key == "" || p.Token.Secret == "" {
			return errors.New("the profile has no access token")
		}
		// A login or a token given twice would sign in, or act for, whichever user a map
		// walk meets first.
		if _, taken := st.accessTokens[p.Token.Key]; taken {
			return fmt.Errorf("access token %q is another user's", p.Token.Key)
		}
		for _, other := range st.users {
			if p.Login != "" && strings.EqualFold(other.profile.Login, p.Login) {
				return fmt.Errorf("login %q is user %q's", p.Login, other.id)
			}
		}
		u = st.addUser(fixtures.User{ID: su.ID, Login: p.Login, Password: p.Password, FirstName: p.FirstName,
			LastName: p.LastName, Nickname: p.Nickname, CanInstantWatch: p.CanInstantWatch,
			PreferredFormats: p.PreferredFormats, MaxMaturityLevel: p.MaxMaturityLevel, Token: p.Token})
	}
	if su.FeedToken == "" {
		return errors.New("no feed_token")
	}
	u.feedToken = su.FeedToken
	if len(su.Queues) != len(queueKinds) {
		return fmt.Errorf("want the queues %s", strings.Join(queueKinds, " and "))
	}
	seen := map[string]bool{}
	for _, kind := range queueKinds {
		sq, ok := su.Queues[kind]
		if !ok {
			return fmt.Errorf("want the queues %s", strings.Join(queueKinds, " and "))
		}
		if n, err := strconv.ParseInt(sq.Etag, 10, 64); err != nil || n < 1 || n > st.etagCounter {
			return fmt.Errorf("%s queue: etag %q: want a number from 1 to etag_counter (%d)", kind, sq.Etag, st.etagCounter)
		}
		q := &queue{etag: sq.Etag}
		clear(seen)
		for _, part := range []struct {
			from []savedEntry
			to   *[]queueEntry
		}{{sq.Available, &q.available}, {sq.Saved, &q.saved}} {
			for _, e := range part.from {
				if _, known := s.catalog.TitleOrSeason(e.Title); !known {
					return fmt.Errorf("%s queue: title %q is not in this catalog", kind, e.Title)
				}
				if seen[e.Title] {
					return fmt.Errorf("%s queue: title %q is queued twice", kind, e.Title)
				}
				seen[e.Title] = true
				*part.to = append(*part.to, queueEntry{titleID: e.Title, updated: e.Updated})
			}
		}
		u.queues[kind] = q
	}
	u.ratings = map[string]string{}
	for title, r := range su.Ratings {
		if _, known := s.catalog.TitleOrSeason(title); !known {
			return fmt.Errorf("rating of title %q, which is not in this catalog", title)
		}
		if !slices.Contains(ratingValues, r) {
			return fmt.Errorf("rating %q of title %q: want one of %s", r, title, strings.Join(ratingValues, ", "))
		}
		u.ratings[title] = r
	}
	return nil
}

// isFixtureUser reports whether id is a user of the fixtures.
func (s *Server) isFixtureUser(id string) bool {
	return slices.ContainsFunc(s.accounts.Users, func(u fixtures.User) bool { return u.ID == id })
}

// createdNumber is n for the id createdID(n).
func createdNumber(id string) (int, bool) {
	digits, ok := strings.CutPrefix(id, "T1flixconfCreated")
	digits, ok2 := strings.CutSuffix(digits, "-")
	n, err := strconv.Atoi(digits)
	return n, ok && ok2 && err == nil && n >= 1 && createdID(n) == id
}
