package main

import (
	"io"
	"net/http"
	"os"
	"strconv"
	"testing"

	"github.com/flixconf/flixconf/internal/oauth1"
	"github.com/flixconf/flixconf/internal/procmem"
	"github.com/flixconf/flixconf/spec"
)

// A hard gate: the resident memory that streaming the 1.0 index adds to `flixconf serve` is,
// with 100,000 synthetic titles, at most 1.2 times what it is with 10,000. The whole process is
// not compared: the catalog itself is resident (about 130 MB at 100,000, 45 MB at 10,000),
// and what the gate guards is that an answer is streamed, never held, whatever its size.
// The rule (procmem.Bound) is the one make bench reports.
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
	bound := procmem.Bound(small)
	if bound >= largeBytes {
		t.Fatalf("the bound (%d bytes) would not catch an answer held whole (%d bytes)", bound, largeBytes)
	}
	if large > bound {
		t.Fatalf("streaming 100,000 titles added %d bytes resident; at most %.1f x %d (10,000 titles, floor %d)", large, procmem.Ratio, max(small, procmem.Floor), procmem.Floor)
	}
}

// streamingOverhead starts `flixconf serve` with size synthetic titles, streams its 1.0 index
// three times, uncompressed, and returns how much the peak resident set rose above the
// resident set just before, and the size of one answer.
func streamingOverhead(t *testing.T, size int) (overhead, answer int64) {
	t.Helper()
	// 2012-06-01: the 1.0 index still answers and most titles stream.
	p := startServe(t, "--catalog-size", strconv.Itoa(size), "--date", "2012-06-01")
	before, err := procmem.Status(p.pid, "VmRSS")
	if err != nil {
		t.Fatal(err)
	}
	if err := procmem.ResetPeak(p.pid); err != nil {
		t.Fatalf("resetting the peak resident set: %v", err)
	}
	// Without compression, as make bench streams it: gzip would change what is measured.
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	defer client.CloseIdleConnections()
	for range 3 {
		req, err := http.NewRequest(http.MethodGet, p.url+"/catalog/titles/index", nil)
		if err != nil {
			t.Fatal(err)
		}
		demo := oauth1.Credentials{Key: "flixconf-app-key", Secret: "flixconf-app-secret"} // fixtures/users/keys.yaml
		if err := (&oauth1.Signer{Consumer: demo}).Sign(req); err != nil {
			t.Fatal(err)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if ce := resp.Header.Get("Content-Encoding"); ce != "" {
			t.Fatalf("the index came %s-encoded; it must be measured uncompressed", ce)
		}
		n, err := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK || resp.Header.Get(spec.ClockHeader) != "2012-06-01" {
			t.Fatalf("the index: %d, %d bytes, %v", resp.StatusCode, n, err)
		}
		answer = n
	}
	peak, err := procmem.Status(p.pid, "VmHWM")
	if err != nil {
		t.Fatal(err)
	}
	return peak - before, answer
}
