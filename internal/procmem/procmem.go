// Package procmem reads a process's resident memory from Linux's /proc (proc(5)), and holds
// the rule of the memory gate that a test and make bench both apply: what streaming the index
// of 100,000 titles adds to the mock's resident memory is at most Ratio times what streaming
// the index of 10,000 adds, the smaller figure taken as at least Floor.
package procmem

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

const (
	// Ratio is the most the memory streaming adds may grow from 10,000 titles to 100,000.
	Ratio = 1.2
	// Floor is the smallest figure the gate compares: below it, a server's resident set moves
	// with the garbage collector's and the scavenger's timing alone (0.1 to 1.6 MB between
	// three streams of the same file, measured), and a ratio of two such figures says nothing.
	// An index of 100,000 titles held whole would add about 42 MB.
	Floor = 4 << 20
)

// Bound is the most streaming the larger index may add, given what the smaller one added.
func Bound(small int64) int64 { return int64(Ratio * float64(max(small, Floor))) }

// Status reads a field of /proc/PID/status, in bytes: VmRSS (resident now) or VmHWM (the
// peak resident since start, or since ResetPeak).
func Status(pid int, field string) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("/proc/%d/status %s: %w", pid, field, err)
			}
			return kb << 10, nil
		}
	}
	return 0, fmt.Errorf("/proc/%d/status has no %s", pid, field)
}

// ResetPeak sets VmHWM back to the current resident size (clear_refs, value 5).
func ResetPeak(pid int) error {
	return os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0)
}
