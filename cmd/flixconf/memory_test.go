package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/flixconf/flixconf/internal/oauth1"
	"github.com/flixconf/flixconf/spec"
)

// streamingFloor is the smallest overhead the memory gate compares: below it, the resident
// set of an idle server moves by the garbage collector's and the scavenger's timing alone
// (0.1 to 1.6 MB between three streams of the same file, measured), and a ratio of two such
// figures says nothing. A buffered answer of 100,000 titles would add about 42 MB.
const streamingFloor = 4 << 20

// A hard gate: the resident memory that streaming the 1.0 index adds to `flixconf serve` is,
// with 100,000 synthetic titles, at most 1.2 times what it is with 10,000. The whole process is
// not compared: the catalog itself is resident (about 170 MB at 100,000, 52 MB at 10,000),
// and what the gate guards is that an answer is streamed, never held, whatever its size.
func TestIndexStreamingMemoryIsFlat(t *testing.T) {
	if _, err := os.Stat("/proc/self/clear_refs"); err != nil {
		t.Skipf("needs Linux's /proc/PID/clear_refs to reset the peak: %v", err)
	}
	small, smallBytes := streamingOverhead(t, 10_000)
	large, largeBytes := streamingOverhead(t, 100_000)
	t.Logf("streaming the 1.0 index three times adds %.1f MB resident at 10,000 titles (%.1f MB a stream), %.1f MB at 100,000 (%.1f MB a stream)",
		float64(small)/1e6, float64(smallBytes)/1e6, float64(large)/1e6, float64(largeBytes)/1e6)
	if largeBytes < 9*smallBytes {
		t.Fatalf("the index of 100,000 titles (%d bytes) should be about ten times that of 10,000 (%d bytes)", largeBytes, smallBytes)
	}
	bound := 6 * max(small, streamingFloor) / 5
	if bound >= largeBytes {
		t.Fatalf("the bound (%d bytes) would not catch an answer held whole (%d bytes)", bound, largeBytes)
	}
	if large > bound {
		t.Fatalf("streaming 100,000 titles added %d bytes resident; at most 1.2 x %d (10,000 titles, floor %d)", large, max(small, streamingFloor), streamingFloor)
	}
}

// streamingOverhead starts `flixconf serve` with size synthetic titles, streams its 1.0 index
// three times, and returns how much the peak resident set rose above the resident set just
// before, and the size of one answer.
func streamingOverhead(t *testing.T, size int) (overhead, answer int64) {
	t.Helper()
	// 2012-06-01: the 1.0 index still answers and most titles stream.
	p := startServe(t, "--catalog-size", strconv.Itoa(size), "--date", "2012-06-01")
	before := procStatusBytes(t, p.pid, "VmRSS")
	if err := os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", p.pid), []byte("5"), 0); err != nil {
		t.Fatalf("resetting the peak resident set: %v", err)
	}
	for range 3 {
		req, err := http.NewRequest(http.MethodGet, p.url+"/catalog/titles/index", nil)
		if err != nil {
			t.Fatal(err)
		}
		demo := oauth1.Credentials{Key: "flixconf-app-key", Secret: "flixconf-app-secret"} // fixtures/users/keys.yaml
		if err := (&oauth1.Signer{Consumer: demo}).Sign(req); err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		n, err := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK || resp.Header.Get(spec.ClockHeader) != "2012-06-01" {
			t.Fatalf("the index: %d, %d bytes, %v", resp.StatusCode, n, err)
		}
		answer = n
	}
	return procStatusBytes(t, p.pid, "VmHWM") - before, answer
}

// procStatusBytes reads a "kB" field of /proc/PID/status, in bytes.
func procStatusBytes(t *testing.T, pid int, field string) int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				t.Fatalf("%s of /proc/%d/status: %q", field, pid, v)
			}
			return kb << 10
		}
	}
	t.Fatalf("/proc/%d/status has no %s", pid, field)
	return 0
}
