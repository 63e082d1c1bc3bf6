package oauth1

import (
	"strconv"
	"testing"
	"time"
)

func key(i int) nonceKey { return newNonceKey("consumer", "token", 1, strconv.Itoa(i)) }

func TestNonceKey(t *testing.T) {
	if newNonceKey("ab", "c", 1, "n") == newNonceKey("a", "bc", 1, "n") {
		t.Error("field boundaries do not matter to the key")
	}
	if newNonceKey("a", "b", 1, "n") != newNonceKey("a", "b", 1, "n") {
		t.Error("the same fields give different keys")
	}
	if newNonceKey("a", "b", 1, "n") == newNonceKey("a", "b", 2, "n") {
		t.Error("the timestamp does not matter to the key")
	}
}

func TestNonceCacheCap(t *testing.T) {
	const max = 10
	var c nonceCache
	for i := range 3*max + 5 {
		if !c.remember(key(i), time.Time{}, testNow, max) {
			t.Fatalf("key %d is not new", i)
		}
		if live := len(c.order) - c.head; c.len() > max || live != c.len() {
			t.Fatalf("after %d keys: %d remembered, %d in order; want at most %d, equal", i+1, c.len(), live, max)
		}
	}
	if c.len() != max {
		t.Errorf("%d remembered, want the cap, %d", c.len(), max)
	}
	if cap(c.order) > 4*max {
		t.Errorf("order has grown to a capacity of %d for %d keys", cap(c.order), max)
	}
	// The newest are still refused; the oldest were evicted.
	if c.remember(key(3*max+4), time.Time{}, testNow, max) {
		t.Error("the newest key was forgotten")
	}
	if !c.remember(key(0), time.Time{}, testNow, max) {
		t.Error("the oldest key was kept past the cap")
	}
}

func TestNonceCacheExpiry(t *testing.T) {
	var c nonceCache
	soon, late := testNow.Add(time.Second), testNow.Add(time.Hour)
	c.remember(key(1), soon, testNow, 100)
	c.remember(key(2), late, testNow, 100)
	c.remember(key(3), soon, testNow, 100) // expires before key 2, yet sits behind it

	if c.remember(key(1), soon, soon, 100) {
		t.Error("key 1 forgotten at its expiry time, while still valid")
	}
	after := soon.Add(time.Second)
	if !c.remember(key(3), late, after, 100) {
		t.Error("expired key 3 is still refused")
	}
	if c.len() != 2 {
		t.Errorf("%d remembered, want 2 (keys 2 and 3; key 1 expired)", c.len())
	}
	if c.remember(key(3), late, after, 100) {
		t.Error("key 3, remembered again, is not refused")
	}
}

// A cap below 1 is a caller's mistake; the cache keeps the newest key rather than crash on an
// empty order or grow without bound.
func TestNonceCacheCapBelowOne(t *testing.T) {
	for _, max := range []int{0, -1} {
		var c nonceCache
		for i := range 5 {
			if !c.remember(key(i), time.Time{}, testNow, max) {
				t.Fatalf("max %d: key %d is not new", max, i)
			}
			if c.len() != 1 {
				t.Fatalf("max %d: %d remembered, want 1", max, c.len())
			}
		}
		if c.remember(key(4), time.Time{}, testNow, max) {
			t.Errorf("max %d: the newest key was forgotten", max)
		}
	}
}
