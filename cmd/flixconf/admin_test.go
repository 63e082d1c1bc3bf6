package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/flixconf/flixconf/spec"
)

// With --admin-addr, the control endpoints and the Flixconf-Clock header live on the second
// address alone: a client of --addr can neither read the credentials nor move the clock, and
// the day the admin sets is the day --addr answers as of.
func TestAdminAddress(t *testing.T) {
	api, admin := serveAdmin(t, "--admin-addr", "127.0.0.1:0", "--date", "2010-01-01")
	if api == admin {
		t.Fatalf("--admin-addr: the API and the admin share %s", api)
	}
	get := func(base, path string, h http.Header) *http.Response {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, base+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range h {
			req.Header[k] = v
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	for _, path := range []string{"/_flixconf/health", "/_flixconf/credentials", "/_flixconf/clock"} {
		if r := get(api, path, nil); r.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s on --addr: %d, want 404", path, r.StatusCode)
		}
		if r := get(admin, path, nil); r.StatusCode != http.StatusOK {
			t.Errorf("GET %s on --admin-addr: %d, want 200", path, r.StatusCode)
		}
	}
	title := "/catalog/titles/movies/60001220"
	onDay := http.Header{spec.ClockHeader: {"2011-06-14"}}
	if r := get(api, title, onDay); r.StatusCode != http.StatusBadRequest {
		t.Errorf("the clock header on --addr: %d, want 400", r.StatusCode)
	}
	if d := get(admin, title, onDay).Header.Get(spec.ClockHeader); d != "2011-06-14" {
		t.Errorf("the clock header on --admin-addr: answered as of %q", d)
	}
	req, _ := http.NewRequest(http.MethodPut, admin+"/_flixconf/clock", strings.NewReader("day=2012-09-15"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("PUT /_flixconf/clock on --admin-addr: %d", resp.StatusCode)
	}
	if d := get(api, title, nil).Header.Get(spec.ClockHeader); d != "2012-09-15" {
		t.Errorf("--addr answers as of %q after the admin set 2012-09-15", d)
	}
}
