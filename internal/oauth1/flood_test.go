package oauth1

import (
	"strconv"
	"testing"
)

// An attacker holding one valid key can sign as many distinct nonces as it likes: the memory
// of nonces must stay within its cap however many arrive, the bookkeeping of their order
// included. The cache is flooded directly with 100,000 nonces, all inside the window; Verify
// is flooded with fewer, as signing each costs more, to show that it passes MaxNonces on.
func TestNonceCacheFlood(t *testing.T) {
	const flood, max = 100_000, 1_000
	var c nonceCache
	expires := testNow.Add(DefaultWindow)
	for i := range flood {
		k := newNonceKey(netflixConsumerKey, netflixToken, testNow.Unix(), "flood-"+strconv.Itoa(i))
		if !c.remember(k, expires, testNow, max) {
			t.Fatalf("nonce %d is not new", i)
		}
		if n := c.len(); n > max {
			t.Fatalf("after %d nonces: %d remembered, want at most %d", i+1, n, max)
		}
	}
	if cap(c.order) > 4*max {
		t.Errorf("the order of nonces has grown to a capacity of %d for a cap of %d", cap(c.order), max)
	}
}

func TestVerifyNonceFlood(t *testing.T) {
	const flood, max = 5_000, 100
	v := testVerifier()
	v.MaxNonces = max
	s := testSigner(Header)
	for i := range flood {
		s.Nonce = func() string { return "flood-" + strconv.Itoa(i) }
		r, body := signed(t, s, "GET", searchTarget, "")
		if _, err := v.Verify(r, body); err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		if n := v.nonces.len(); n > max {
			t.Fatalf("after %d nonces: %d remembered, want at most %d", i+1, n, max)
		}
	}
}

// With the default cap and the cache far from full, a nonce inside the window is refused on
// replay, whichever way it travels.
func TestVerifyReplayRefusedInsideWindow(t *testing.T) {
	v := testVerifier()
	for _, p := range []Placement{Query, Header} {
		s := testSigner(p)
		for i := range 10 {
			s.Nonce = func() string { return p.String() + "-" + strconv.Itoa(i) }
			r, body := signed(t, s, "GET", searchTarget, "")
			if _, err := v.Verify(r, body); err != nil {
				t.Fatalf("%v request %d: %v", p, i, err)
			}
			again, body := signed(t, s, "GET", searchTarget, "")
			_, err := v.Verify(again, body)
			wantKind(t, err, ReplayedNonce)
		}
	}
	if n := v.nonces.len(); n != 20 || n >= v.maxNonces() {
		t.Errorf("%d nonces remembered, want 20, under the cap %d", n, v.maxNonces())
	}
}
