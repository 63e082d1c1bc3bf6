package procmem

import (
	"os"
	"testing"
)

// This process's own figures: resident now, a peak at least as large, the peak reset, and
// a field that does not exist refused.
func TestStatus(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skipf("needs Linux's /proc: %v", err)
	}
	pid := os.Getpid()
	rss, err := Status(pid, "VmRSS")
	if err != nil || rss < 1<<20 {
		t.Fatalf("VmRSS = %d, %v; want at least 1 MiB", rss, err)
	}
	if err := ResetPeak(pid); err != nil {
		t.Fatalf("ResetPeak: %v", err)
	}
	peak, err := Status(pid, "VmHWM")
	if err != nil || peak < rss/2 {
		t.Fatalf("VmHWM = %d, %v, with VmRSS %d", peak, err, rss)
	}
	if _, err := Status(pid, "NoSuchField"); err == nil {
		t.Fatal("a field /proc/PID/status lacks should be an error")
	}
}

func TestBound(t *testing.T) {
	for _, c := range []struct{ small, want int64 }{{0, 6 * Floor / 5}, {Floor, 6 * Floor / 5}, {10 << 20, 12 << 20}} {
		if got := Bound(c.small); got != c.want {
			t.Errorf("Bound(%d) = %d, want %d", c.small, got, c.want)
		}
	}
}
