package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/flixconf/flixconf/mockserver"
	"github.com/flixconf/flixconf/spec"
	"github.com/flixconf/flixconf/suites/framework/report"
)

// bin is the flixconf binary these tests run, built once by TestMain: `run` starts worker
// processes of itself, so the suite is tested as users run it.
var bin string

func TestMain(m *testing.M) {
	// Containers on these machines: no reaper image can be pulled, and without the override
	// testcontainers would poll the default gateway, which is not loopback.
	os.Setenv("TESTCONTAINERS_RYUK_DISABLED", "true")
	os.Setenv("TESTCONTAINERS_HOST_OVERRIDE", "127.0.0.1")
	dir, err := os.MkdirTemp("", "flixconf-cli-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "flixconf")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building flixconf: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	removeImage()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
}

// flixconf runs the binary with args and extra environment, bounded in time.
func flixconf(t *testing.T, env []string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(cleanEnv(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("flixconf %v: %v", args, err)
	}
	return result{stdout.String(), stderr.String(), code}
}

// cleanEnv is the test's environment without the command variables (FLIXCONF_RUN_..., FLIXCONF_SERVE_...)
// a developer may have set.
func cleanEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		if !slices.ContainsFunc(commands, func(c command) bool { return strings.HasPrefix(kv, "FLIXCONF_"+strings.ToUpper(c.name)+"_") }) {
			out = append(out, kv)
		}
	}
	return out
}

// serve starts `flixconf serve` on a free loopback port and returns its base URL; the server
// is stopped with SIGINT when the test ends, and must stop cleanly.
func serve(t *testing.T, args ...string) string {
	t.Helper()
	return startServe(t, args...).url
}

// serveAdmin is serve that also returns the address serving the control endpoints: the one
// its "ready" line names (the --admin-addr one when given).
func serveAdmin(t *testing.T, args ...string) (url, admin string) {
	t.Helper()
	p := startServe(t, args...)
	return p.url, p.admin
}

// serveProcess is a running `flixconf serve`: its addresses and its process id.
type serveProcess struct {
	url, admin string
	pid        int
	cmd        *exec.Cmd
	killed     *atomic.Bool // set by kill: the end-of-test check of a clean stop is skipped
}

// kill ends the server with SIGKILL: no shutdown, no last save.
func (p serveProcess) kill(t *testing.T) {
	t.Helper()
	p.killed.Store(true)
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	p.cmd.Wait()
}

// startServe starts `flixconf serve` as serve does.
func startServe(t *testing.T, args ...string) serveProcess {
	t.Helper()
	var url, admin string
	// The size of the bundled mock of run, so that both serve the same catalog, quickly.
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0", "--catalog-size", "1000"}, args...)...)
	cmd.Env = cleanEnv()
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
	for admin == "" && lines.Scan() {
		if m := regexp.MustCompile(`on (http://127\.0\.0\.1:\d+)`).FindStringSubmatch(lines.Text()); m != nil && url == "" {
			url = m[1]
		}
		if m := regexp.MustCompile(`ready; GET (http://127\.0\.0\.1:\d+)/`).FindStringSubmatch(lines.Text()); m != nil {
			admin = m[1]
		}
	}
	if url == "" || admin == "" {
		cmd.Process.Kill()
		t.Fatalf("flixconf serve did not say where it listens; stderr: %s", stderr.String())
	}
	rest := make(chan string, 1)
	go func() {
		var b strings.Builder
		for lines.Scan() {
			b.WriteString(lines.Text() + "\n")
		}
		rest <- b.String()
	}()
	p := serveProcess{url: url, admin: admin, pid: cmd.Process.Pid, cmd: cmd, killed: new(atomic.Bool)}
	t.Cleanup(func() {
		if p.killed.Load() {
			return
		}
		cmd.Process.Signal(syscall.SIGINT)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("flixconf serve did not stop cleanly on SIGINT: %v; stderr: %s", err, stderr.String())
			}
			if out := <-rest; !strings.Contains(out, "stopped") {
				t.Errorf("flixconf serve should say it stopped; said %q", out)
			}
		case <-time.After(15 * time.Second):
			cmd.Process.Kill()
			t.Errorf("flixconf serve ignored SIGINT for 15 s")
		}
	})
	return p
}

var (
	breakdownLine = regexp.MustCompile(`^errors: (\d+), disabled: (\d+)$`)
	summaryLine   = regexp.MustCompile(`^(\d+) passed, (\d+) failed, (\d+) skipped$`)
)

// closing checks that the last two lines of stdout are the breakdown and the summary, and
// that they agree with results.json.
func closing(t *testing.T, stdout string, res *report.Results) {
	t.Helper()
	lines := strings.Split(strings.TrimRight(stdout, "\n"), "\n")
	if len(lines) < 2 {
		t.Fatalf("stdout has fewer than two lines: %q", stdout)
	}
	b, s := lines[len(lines)-2], lines[len(lines)-1]
	if !breakdownLine.MatchString(b) || !summaryLine.MatchString(s) {
		t.Fatalf("the closing lines are not the breakdown and the summary:\n%s\n%s", b, s)
	}
	if b != res.Counts.Breakdown() || s != res.Counts.Summary() {
		t.Fatalf("closing lines %q / %q disagree with results.json %+v", b, s, res.Counts)
	}
}

// reports reads the three reports of a run and checks that they agree.
func reports(t *testing.T, dir string) *report.Results {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, report.JSONFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := report.ValidateResultsJSON(raw); err != nil {
		t.Fatalf("results.json breaks its schema:\n%v", err)
	}
	res, err := report.Read(filepath.Join(dir, report.JSONFile))
	if err != nil {
		t.Fatal(err)
	}
	j, err := os.ReadFile(filepath.Join(dir, report.JUnitFile))
	if err != nil {
		t.Fatal(err)
	}
	var junit struct {
		Suites []struct {
			Cases []struct {
				Name string `xml:"name,attr"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(j, &junit); err != nil {
		t.Fatalf("junit.xml: %v", err)
	}
	cases := 0
	for _, s := range junit.Suites {
		cases += len(s.Cases)
	}
	if cases != len(res.Specs) || cases == 0 {
		t.Fatalf("junit.xml has %d testcases, results.json %d specs; want equal and not zero", cases, len(res.Specs))
	}
	html, err := os.ReadFile(filepath.Join(dir, report.HTMLFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range res.Specs {
		if !strings.Contains(string(html), xmlEscape(s.ID)) {
			t.Fatalf("report.html does not list %q", s.ID)
		}
	}
	return res
}

func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return strings.ReplaceAll(b.String(), "&#34;", "&#34;")
}

func outcomes(res *report.Results) map[string]report.Outcome {
	m := map[string]report.Outcome{}
	for _, s := range res.Specs {
		m[s.ID] = s.Outcome
	}
	return m
}

// `flixconf run` with no target runs the suite against the bundled mock and passes.
func TestRunAgainstTheBundledMock(t *testing.T) {
	dir := t.TempDir()
	r := flixconf(t, nil, "run", "--report-dir", dir)
	if r.code != exitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	res := reports(t, dir)
	closing(t, r.stdout, res)
	if res.Target.Kind != "bundled-mock" || res.Counts.Passed == 0 || !res.Counts.OK() {
		t.Fatalf("want a passing run against the bundled mock; got target %+v, counts %+v", res.Target, res.Counts)
	}
	if !strings.Contains(r.stdout, filepath.Join(dir, report.HTMLFile)) {
		t.Errorf("run should say where the report is; stdout:\n%s", r.stdout)
	}
	// Every operation of every description, in every representation, answered a 2xx that
	// validated.
	var measured []string
	for _, c := range res.Coverage {
		measured = append(measured, c.Version)
		if !c.Complete() || c.Total == 0 {
			t.Errorf("API %s: %d of %d operations and representations covered; missing:\n  %s", c.Version, c.Covered, c.Total, strings.Join(c.Missing, "\n  "))
		}
	}
	if !slices.Equal(measured, spec.Names()) {
		t.Errorf("coverage measured for %v, want every description %v", measured, spec.Names())
	}
	html, err := os.ReadFile(filepath.Join(dir, report.HTMLFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, section := range []string{"<h2>By version and day</h2>", "<h2>Coverage</h2>", "<h2>Timeline</h2>", "odata-retired"} {
		if !strings.Contains(string(html), section) {
			t.Errorf("report.html lacks %q", section)
		}
	}
}

// `flixconf serve` in one process and `flixconf run --target` in another pass.
func TestRunAgainstServe(t *testing.T) {
	url := serve(t)
	dir := t.TempDir()
	r := flixconf(t, nil, "run", "--target", url, "--report-dir", dir)
	if r.code != exitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	res := reports(t, dir)
	closing(t, r.stdout, res)
	if res.Target.Kind != "url" || res.Target.URL != url {
		t.Errorf("target %+v, want url %s", res.Target, url)
	}
}

// faultExpectations reads, for each fault of the mock, the hand-kept list of the specs that
// must fail against it (testdata/faults/<fault>.txt); every other spec must pass.
func faultExpectations(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, f := range mockserver.Faults() {
		b, err := os.ReadFile(filepath.Join("testdata", "faults", f+".txt"))
		if err != nil {
			t.Fatalf("fault %s has no list of the specs it must fail: %v", f, err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
				out[f] = append(out[f], line)
			}
		}
		if len(out[f]) == 0 {
			t.Fatalf("fault %s: the list of the specs it must fail is empty", f)
		}
	}
	return out
}

// Against each faulty mock the run exits 1 and exactly the expected specs fail; against the
// misspelled element, the output names the element and its JSON pointer.
func TestRunAgainstFaultyMocks(t *testing.T) {
	for fault, want := range faultExpectations(t) {
		t.Run(fault, func(t *testing.T) {
			url := serve(t, "--fault", fault)
			dir := t.TempDir()
			r := flixconf(t, nil, "run", "--target", url, "--report-dir", dir)
			if r.code != exitFail {
				t.Fatalf("exit %d, want 1\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
			}
			res := reports(t, dir)
			closing(t, r.stdout, res)
			// Failed or broke; a spec of an opt-in profile is disabled, not failed.
			var failed []string
			for id, o := range outcomes(res) {
				if o == report.Fail || o == report.Error {
					failed = append(failed, id)
				}
			}
			slices.Sort(failed)
			want := slices.Sorted(slices.Values(want))
			if !slices.Equal(failed, want) {
				t.Fatalf("specs not passing:\n  %s\nwant exactly:\n  %s", strings.Join(failed, "\n  "), strings.Join(want, "\n  "))
			}
			if fault == "misspelled-element" && !strings.Contains(r.stdout, "/catalog_title/averge_rating") {
				t.Errorf("the output should name the misspelled element at its JSON pointer; stdout:\n%s", r.stdout)
			}
		})
	}
}

// Two shards are disjoint, not empty, and together give the whole run's outcomes.
func TestShardsMergeToTheWholeRun(t *testing.T) {
	url := serve(t)
	whole := t.TempDir()
	if r := flixconf(t, nil, "run", "--target", url, "--report-dir", whole, "--workers", "1"); r.code != exitOK {
		t.Fatalf("whole run: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	want := outcomes(reports(t, whole))
	got := map[string]report.Outcome{}
	for k := 1; k <= 2; k++ {
		dir := t.TempDir()
		r := flixconf(t, nil, "run", "--target", url, "--report-dir", dir, "--shard", fmt.Sprintf("%d/2", k))
		if r.code != exitOK {
			t.Fatalf("shard %d/2: exit %d\n%s%s", k, r.code, r.stdout, r.stderr)
		}
		part := outcomes(reports(t, dir))
		if len(part) == 0 {
			t.Fatalf("shard %d/2 is empty", k)
		}
		for id, o := range part {
			if _, dup := got[id]; dup {
				t.Fatalf("spec %q is in both shards", id)
			}
			got[id] = o
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("the shards' outcomes differ from the whole run's:\nshards: %v\nwhole:  %v", got, want)
	}
}

// Bad values fail at start with exit 2 and a message naming the flag (or its variable) and
// what is allowed.
func TestUsageErrors(t *testing.T) {
	cases := []struct {
		name string
		env  []string
		args []string
		want []string
	}{
		{"bad date", nil, []string{"serve", "--date", "2011-13-45"}, []string{"--date", "YYYY-MM-DD", "now"}},
		{"bad date variable", []string{"FLIXCONF_SERVE_DATE=tomorrow"}, []string{"serve"}, []string{"FLIXCONF_SERVE_DATE", "YYYY-MM-DD"}},
		{"unknown fault", nil, []string{"serve", "--fault", "nope"}, []string{"--fault", "misspelled-element"}},
		{"bad address", nil, []string{"serve", "--addr", "8080"}, []string{"--addr", "host:port"}},
		{"bad admin address", nil, []string{"serve", "--admin-addr", "8081"}, []string{"--admin-addr", "host:port"}},
		{"admin without control", nil, []string{"serve", "--admin-addr", "127.0.0.1:0", "--no-control"}, []string{"--admin-addr", "--no-control"}},
		{"unknown version", nil, []string{"run", "--versions", "9.9"}, []string{"--versions", "1.0"}},
		{"bad shard", nil, []string{"run", "--shard", "3/2"}, []string{"--shard", "K/N"}},
		{"bad target", nil, []string{"run", "--target", "ftp://example"}, []string{"--target", "http://"}},
		{"target and image", nil, []string{"run", "--target", "http://127.0.0.1:1", "--image", "x"}, []string{"--target and --image"}},
		{"env clock without an image", nil, []string{"run", "--clock", "env"}, []string{"--clock env", "--image"}},
		{"no workers", nil, []string{"run", "--workers", "0"}, []string{"--workers", "1 or more"}},
		{"unknown flag", nil, []string{"run", "--nosuchflag"}, []string{"unknown flag --nosuchflag"}},
		{"bad label filter", nil, []string{"run", "--label-filter", "(("}, []string{"--label-filter"}},
		{"selection runs nothing", nil, []string{"run", "--label-filter", "no-such-label"}, []string{"runs no spec"}},
		{"no profile claimed", nil, []string{"run", "--profiles", "none", "--versions", "1.0"}, []string{"runs no spec"}},
		{"no spec on the dates", nil, []string{"run", "--dates", "2001-01-01", "--label-filter", "area:lifecycle"}, []string{"runs no spec"}},
		{"list of nothing", nil, []string{"run", "--list", "--label-filter", "no-such-label"}, []string{"runs no spec"}},
		{"unknown profile", nil, []string{"run", "--profiles", "catalog,telepathy"}, []string{"--profiles", "telepathy", "index-files"}},
		{"bad dates", nil, []string{"run", "--dates", "2011-06-14,June"}, []string{"--dates", "YYYY-MM-DD", "all"}},
		{"dates with a fixed clock", nil, []string{"run", "--clock", "fixed", "--date", "2012-01-01", "--dates", "2012-01-01"}, []string{"--dates", "--clock fixed"}},
		{"unknown command", nil, []string{"frobnicate"}, []string{"unknown command"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := c.args
			if c.args[0] == "run" {
				args = append(args, "--report-dir", t.TempDir())
			}
			wantUsageError(t, flixconf(t, c.env, args...), c.want...)
		})
	}
}

// A flag wins over its environment twin; the twin wins over the default.
func TestFlagWinsOverVariable(t *testing.T) {
	dir := t.TempDir()
	r := flixconf(t, []string{"FLIXCONF_RUN_VERSIONS=9.9", "FLIXCONF_RUN_REPORT_DIR=" + dir}, "run", "--versions", "1.0")
	if r.code != exitOK {
		t.Fatalf("--versions should win over FLIXCONF_RUN_VERSIONS: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, report.JSONFile)); err != nil {
		t.Fatalf("FLIXCONF_RUN_REPORT_DIR should set the report folder: %v", err)
	}
}

func TestVersion(t *testing.T) {
	r := flixconf(t, nil, "version")
	if r.code != exitOK || !regexp.MustCompile(`^flixconf \S+ \(revision \S+\)\n$`).MatchString(r.stdout) {
		t.Fatalf("version: exit %d, %q", r.code, r.stdout)
	}
}

func TestHelp(t *testing.T) {
	for _, cmd := range []string{"run", "serve"} {
		r := flixconf(t, nil, cmd, "--help")
		if r.code != exitOK || !strings.Contains(r.stdout, "FLIXCONF_"+strings.ToUpper(cmd)+"_") {
			t.Errorf("%s --help: exit %d, stdout %q", cmd, r.code, r.stdout)
		}
	}
}

// --list prints what a selection would run and runs nothing.
func TestRunList(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "reports")
	r := flixconf(t, nil, "run", "--list", "--label-filter", "event:odata-retired", "--report-dir", dir)
	if r.code != exitOK || !strings.HasSuffix(r.stdout, "2 specs selected\n") || strings.Count(r.stdout, "\n+ ") != 2 {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Fatal("--list wrote reports; it must run nothing")
	}
	if r := flixconf(t, nil, "run", "--list", "--label-filter", "no-such-label"); r.code != exitUsage {
		t.Fatalf("an empty selection: exit %d", r.code)
	}
}
