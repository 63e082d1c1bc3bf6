package mockserver

import (
	"sync"
	"time"
)

// Rate limits as the real service had them: per key and per user, a number of requests a
// second (clients of the time kept to 4 or 5: a Python client waited 0.25 s between calls, the
// reference §4), and optionally a number a day, whose real value is not on record. Both count
// on the wall clock, never on the simulated day. Going over answers 403 with the real message.
type limits struct {
	perSecond, perDay int
	now               func() time.Time

	mu     sync.Mutex
	second int64
	day    int64
	counts map[string]int // this second, by key and by user
	daily  map[string]int // this day
}

// Messages of the real service (reference §3.3).
const (
	msgOverQPS = "Service is over queries per second limit"
	msgOverQPD = "Over queries per day limit"
)

// DefaultPerSecond is the per-second limit of WithRateLimits(0, ...).
const DefaultPerSecond = 5

// WithRateLimits turns the rate limits on: perSecond requests a second per key and per user
// (DefaultPerSecond when 0) and, when perDay > 0, perDay requests a day.
func WithRateLimits(perSecond, perDay int) Option {
	return func(s *Server) error {
		if perSecond <= 0 {
			perSecond = DefaultPerSecond
		}
		s.limits = &limits{perSecond: perSecond, perDay: perDay, now: func() time.Time { return s.wall() }}
		return nil
	}
}

// allow counts a request of key (and user, when there is one) and returns the message to
// refuse it with, or "".
func (l *limits) allow(key, user string) string {
	if l == nil {
		return ""
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	// Counts are kept for the current second and day only, so memory stays bounded by the
	// number of keys and users active in them.
	if s := now.Unix(); s != l.second {
		l.second, l.counts = s, map[string]int{}
	}
	if d := now.Unix() / 86400; d != l.day {
		l.day, l.daily = d, map[string]int{}
	}
	ids := []string{"key:" + key}
	if user != "" {
		ids = append(ids, "user:"+user)
	}
	for _, id := range ids {
		if l.counts[id] >= l.perSecond {
			return msgOverQPS
		}
		if l.perDay > 0 && l.daily[id] >= l.perDay {
			return msgOverQPD
		}
	}
	for _, id := range ids {
		l.counts[id]++
		l.daily[id]++
	}
	return ""
}
