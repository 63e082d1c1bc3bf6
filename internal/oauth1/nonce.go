package oauth1

import (
	"crypto/sha256"
	"encoding/binary"
	"strconv"
	"sync"
	"time"
)

// DefaultMaxNonces is how many nonces a Verifier remembers unless told otherwise.
const DefaultMaxNonces = 100_000

// nonceKey identifies a use of a nonce. RFC 5849 section 3.3 makes a nonce unique per consumer
// key, token and timestamp, not globally: clients of the time reused one nonce across requests
// made with different tokens in the same second. The fields are hashed so that an entry has
// the same small size whatever the client sends.
type nonceKey [sha256.Size]byte

func newNonceKey(consumerKey, token string, timestamp int64, nonce string) nonceKey {
	h := sha256.New()
	// Length prefixes keep ("ab", "c") and ("a", "bc") apart.
	for _, field := range []string{consumerKey, token, strconv.FormatInt(timestamp, 10), nonce} {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(field)))
		h.Write(n[:])
		h.Write([]byte(field))
	}
	var k nonceKey
	h.Sum(k[:0])
	return k
}

// nonceCache remembers the nonces of accepted requests, bounded in time and size, and is safe
// for concurrent use. Its zero value is empty and ready.
//
// An entry is needed only while its timestamp is inside the verifier's window: past that, the
// timestamp check refuses the request anyway. Entries are dropped once expired and, when the
// cache is full, oldest first. Evicting before expiry weakens replay protection under a flood,
// but only of requests that carry valid signatures, and it keeps memory bounded.
type nonceCache struct {
	mu sync.Mutex
	// expires maps every remembered key to the time after which it may be forgotten; the zero
	// time means never (no window), leaving only eviction.
	expires map[nonceKey]time.Time
	// order holds the keys of expires in insertion order, oldest at order[head]. Each key is
	// there once: a key is appended only when it is added to expires.
	order []nonceKey
	head  int
}

// remember records key and reports whether it was new, that is not remembered or remembered
// but expired. It keeps at most max keys, and at least the newest one: a max below 1 counts as
// 1, so that a caller's mistake cannot turn the cache into an unbounded or crashing one.
func (c *nonceCache) remember(key nonceKey, expires, now time.Time, max int) bool {
	if max < 1 {
		max = 1
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.dropExpired(now)
	if old, ok := c.expires[key]; ok {
		if !expired(old, now) {
			return false
		}
		// Expired but not yet dropped, because keys are dropped in insertion order and an
		// older one has not expired yet: reuse the entry and its place in order.
		c.expires[key] = expires
		return true
	}
	for len(c.expires) >= max {
		c.dropOldest()
	}
	if c.expires == nil {
		c.expires = make(map[nonceKey]time.Time)
	}
	c.expires[key] = expires
	c.order = append(c.order, key)
	return true
}

// dropExpired forgets keys from the oldest on while they have expired. Expiry times are not
// strictly in insertion order (timestamps vary within the window), so an expired key may wait
// behind a younger one; the lookup in remember allows for that.
func (c *nonceCache) dropExpired(now time.Time) {
	for c.head < len(c.order) && expired(c.expires[c.order[c.head]], now) {
		c.dropOldest()
	}
}

func (c *nonceCache) dropOldest() {
	delete(c.expires, c.order[c.head])
	c.head++
	// Shift the live keys down once half of order is dead, so that order does not grow
	// without end. Fewer keys are moved than were dropped since the last shift, so the cost
	// per key stays constant.
	if c.head > len(c.order)/2 {
		n := copy(c.order, c.order[c.head:])
		c.order = c.order[:n]
		c.head = 0
	}
}

func (c *nonceCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.expires)
}

func expired(expires, now time.Time) bool {
	return !expires.IsZero() && now.After(expires)
}
