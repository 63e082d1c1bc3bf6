package mockserver

import (
	"net/http"
	"sync"
	"time"
)

// DefaultJournalSize is how many requests the journal keeps unless told otherwise. It is
// bounded, unlike WireMock's request journal, which grows without end under load.
const DefaultJournalSize = 1000

// JournalEntry is one request the mock answered, for app developers checking what their
// client called.
type JournalEntry struct {
	Time    time.Time `json:"time"`
	Method  string    `json:"method"`
	Host    string    `json:"host"`
	Path    string    `json:"path"`
	Version string    `json:"version,omitempty"`
	Day     string    `json:"day,omitempty"`
	Key     string    `json:"key,omitempty"`
	User    string    `json:"user,omitempty"`
	Status  int       `json:"status"`
}

// journal keeps the most recent requests in a ring.
type journal struct {
	mu      sync.Mutex
	entries []JournalEntry
	next    int
	full    bool
}

func newJournal(size int) *journal { return &journal{entries: make([]JournalEntry, size)} }

func (j *journal) add(e JournalEntry) {
	if len(j.entries) == 0 {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.entries[j.next] = e
	j.next = (j.next + 1) % len(j.entries)
	j.full = j.full || j.next == 0
}

// recent returns the kept entries, oldest first.
func (j *journal) recent() []JournalEntry {
	j.mu.Lock()
	defer j.mu.Unlock()
	if !j.full {
		return append([]JournalEntry{}, j.entries[:j.next]...)
	}
	return append(append([]JournalEntry{}, j.entries[j.next:]...), j.entries[:j.next]...)
}

// WithJournalSize sets how many requests GET /_flixconf/requests keeps (0 keeps none).
func WithJournalSize(n int) Option {
	return func(s *Server) error {
		if n < 0 {
			n = 0
		}
		s.journal = newJournal(n)
		return nil
	}
}

// recorder notes the status an answer was given, and what the call learnt of the request.
type recorder struct {
	http.ResponseWriter
	status int
	entry  *JournalEntry
}

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

type journalKey struct{}
