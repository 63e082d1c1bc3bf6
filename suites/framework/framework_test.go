package framework

import (
	"flag"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/flixconf/flixconf/suites/framework/report"
)

func TestShard(t *testing.T) {
	var s Shard
	for _, bad := range []string{"", "1", "0/2", "3/2", "a/b", "1/0", "-1/2"} {
		if err := s.Set(bad); err == nil {
			t.Errorf("Set(%q) should fail", bad)
		}
	}
	if err := s.Set("2/3"); err != nil || s.K != 2 || s.N != 3 || s.String() != "2/3" {
		t.Fatalf("Set(2/3): %v %+v", err, s)
	}
	// Dealt in turn: every index in exactly one of the N shards, sizes within one.
	const specs = 10
	sizes := make([]int, 3)
	for i := range specs {
		owners := 0
		for k := 1; k <= 3; k++ {
			if (Shard{k, 3}).Has(i) {
				owners++
				sizes[k-1]++
			}
		}
		if owners != 1 {
			t.Fatalf("spec %d has %d owners", i, owners)
		}
	}
	if sizes[0]-sizes[2] > 1 {
		t.Fatalf("shards are not near-equal: %v", sizes)
	}
	if !(Shard{}).Has(7) {
		t.Fatal("the zero shard is the whole suite")
	}
}

func TestConfigFlags(t *testing.T) {
	c := DefaultConfig()
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	c.Flags(fs)
	if err := fs.Parse([]string{"--target", "http://127.0.0.1:8080/", "--versions", "1.0,1.0", "--focus", "Jaws"}); err != nil {
		t.Fatal(err)
	}
	if c.Target != "http://127.0.0.1:8080" || len(c.Versions) != 1 || c.Focus != "Jaws" {
		t.Fatalf("parsed %+v", c)
	}
	for _, bad := range [][]string{
		{"--target", "127.0.0.1:8080"},
		{"--versions", "1.0,7"},
		{"--label-filter", "a &&"},
		{"--focus", "("},
	} {
		fs := flag.NewFlagSet("run", flag.ContinueOnError)
		fs.SetOutput(new(strings.Builder))
		c := DefaultConfig()
		c.Flags(fs)
		if err := fs.Parse(bad); err == nil {
			t.Errorf("%v should be refused", bad)
		}
	}
}

func TestOutcome(t *testing.T) {
	entry := func(v string) types.ReportEntries {
		return types.ReportEntries{{Name: outcomeEntry, Value: types.WrapEntryValue(v)}}
	}
	cases := []struct {
		r      types.SpecReport
		want   report.Outcome
		reason string
	}{
		{types.SpecReport{State: types.SpecStatePassed}, report.Pass, ""},
		{types.SpecReport{State: types.SpecStateFailed, Failure: types.Failure{Message: "boom"}}, report.Fail, "boom"},
		{types.SpecReport{State: types.SpecStateFailed, ReportEntries: entry("error:no answer")}, report.Error, "no answer"},
		{types.SpecReport{State: types.SpecStateSkipped, ReportEntries: entry("skip:no OData")}, report.Skip, "no OData"},
		{types.SpecReport{State: types.SpecStateSkipped, ReportEntries: entry("disabled:version 2.0 not selected")}, report.Disabled, "version 2.0 not selected"},
		{types.SpecReport{State: types.SpecStateSkipped}, report.Disabled, "not selected by --label-filter or --focus"},
		{types.SpecReport{State: types.SpecStatePending}, report.Disabled, "pending"},
		{types.SpecReport{State: types.SpecStatePanicked, Failure: types.Failure{Message: "nil map"}}, report.Error, "panicked: nil map"},
		{types.SpecReport{State: types.SpecStateTimedout}, report.Error, "timedout: timedout"},
	}
	for _, c := range cases {
		o, reason := Outcome(c.r)
		if o != c.want || reason != c.reason {
			t.Errorf("%v %v: got %s %q, want %s %q", c.r.State, c.r.ReportEntries, o, reason, c.want, c.reason)
		}
	}
}

func TestLookup(t *testing.T) {
	doc := map[string]any{"a": map[string]any{"b/c": []any{"x", map[string]any{"d": "y"}}}}
	if v := Value(doc, "/a/b~1c/1/d"); v != "y" {
		t.Errorf("escaped pointer: %v", v)
	}
	for _, p := range []string{"/a/zz", "/a/b~1c/7", "/a/b~1c/x", "/a/b~1c/0/q"} {
		if _, ok := Lookup(doc, p); ok {
			t.Errorf("%s should not exist", p)
		}
	}
	// One element comes back as a list of one, as the real API's JSON needs.
	if l := List(doc, "/a/b~1c/1"); len(l) != 1 {
		t.Errorf("List of a single object: %v", l)
	}
	if l := List(doc, "/a/b~1c"); len(l) != 2 {
		t.Errorf("List of an array: %v", l)
	}
}

// The suite's client reaches loopback only when told so: the dialer's check refuses every other
// address before any packet is sent, so this test sends none.
func TestLoopbackOnly(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:80": true, "127.8.9.10:443": true, "[::1]:8080": true,
		"10.0.0.1:80": false, "192.168.1.1:80": false, "93.184.216.34:80": false, "[2001:db8::1]:80": false,
	} {
		err := loopbackOnly("tcp", addr, nil)
		if (err == nil) != ok {
			t.Errorf("%s: err %v, want allowed=%v", addr, err, ok)
		}
	}
}
