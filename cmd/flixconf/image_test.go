package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/flixconf/flixconf/suites/framework/report"
)

// requireDocker skips a test when no Docker engine answers, or fails it when
// FLIXCONF_REQUIRE_DOCKER=1 (CI sets it, so that a container test can never pass by skipping).
func requireDocker(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "docker", "version", "--format", "{{.Server.Version}}").CombinedOutput()
	if err == nil {
		return
	}
	msg := fmt.Sprintf("no Docker engine answers (%v: %s)", err, bytes.TrimSpace(out))
	if os.Getenv("FLIXCONF_REQUIRE_DOCKER") == "1" {
		t.Fatalf("%s, and FLIXCONF_REQUIRE_DOCKER=1", msg)
	}
	t.Skipf("%s: to run the container tests, run `make docker-up` (as root on Debian it installs and starts Docker Engine), then set FLIXCONF_REQUIRE_DOCKER=1", msg)
}

func docker(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, "docker", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("docker %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// The image the container tests share, built once; TestMain removes it.
var (
	imageOnce sync.Once
	imageTag  string
	imageErr  error
)

// buildImage builds the bundled mock's image as `make image` does, once for all tests: a
// static binary, then the repository's Dockerfile FROM scratch.
func buildImage(t *testing.T) string {
	t.Helper()
	imageOnce.Do(func() { imageTag, imageErr = makeImage() })
	if imageErr != nil {
		t.Fatal(imageErr)
	}
	return imageTag
}

func makeImage() (string, error) {
	ctxDir, err := os.MkdirTemp("", "flixconf-image-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(ctxDir)
	build := exec.Command("go", "build", "-trimpath", "-o", filepath.Join(ctxDir, "bin", "flixconf-static"), ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building the static binary: %v\n%s", err, out)
	}
	dockerfile, err := os.ReadFile(filepath.Join("..", "..", "Dockerfile"))
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(ctxDir, "Dockerfile"), dockerfile, 0o644); err != nil {
		return "", err
	}
	tag := fmt.Sprintf("flixconf-mock:test-%d", os.Getpid())
	if out, err := exec.Command("docker", "build", "-q", "-t", tag, ctxDir).CombinedOutput(); err != nil {
		return "", fmt.Errorf("docker build: %v\n%s", err, out)
	}
	return tag, nil
}

// removeImage removes the shared image, if a test built it.
func removeImage() {
	if imageTag != "" {
		exec.Command("docker", "rmi", "-f", imageTag).Run()
	}
}

// containersOf lists the containers, running or not, started from image.
func containersOf(t *testing.T, image string) string {
	return docker(t, "ps", "-aq", "--filter", "ancestor="+image)
}

// The image built from the Dockerfile passes the suite when `flixconf run --image` starts it,
// and the container is gone afterwards.
func TestRunAgainstTheImage(t *testing.T) {
	requireDocker(t)
	image := buildImage(t)
	dir := t.TempDir()
	r := flixconf(t, nil, "run", "--image", image, "--report-dir", dir)
	if r.code != exitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	res := reports(t, dir)
	closing(t, r.stdout, res)
	if res.Target.Kind != "image" || res.Target.Image != image || res.Counts.Passed < 1 {
		t.Fatalf("want at least one spec passed against the container; target %+v, counts %+v", res.Target, res.Counts)
	}
	if left := containersOf(t, image); left != "" {
		t.Fatalf("containers left behind after the run: %s", left)
	}
}

// SIGINT while the container starts stops the run and removes the container.
func TestRunImageStopsOnSIGINT(t *testing.T) {
	requireDocker(t)
	image := buildImage(t)
	// Nothing listens on port 9999, so the readiness wait goes on until the signal.
	cmd := exec.Command(bin, "run", "--image", image, "--image-port", "9999", "--report-dir", t.TempDir())
	cmd.Env = cleanEnv()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for containersOf(t, image) == "" {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("no container started within 60 s:\n%s", out.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGINT)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("flixconf run ignored SIGINT for 60 s:\n%s", out.String())
	}
	if code := cmd.ProcessState.ExitCode(); code != exitFail {
		t.Errorf("exit %d after SIGINT, want 1:\n%s", code, out.String())
	}
	if left := containersOf(t, image); left != "" {
		t.Fatalf("containers left behind after SIGINT: %s\n%s", left, out.String())
	}
}

// An image that is not on this machine gets advice to build it, not a registry error.
func TestRunImageNotPresent(t *testing.T) {
	requireDocker(t)
	r := flixconf(t, nil, "run", "--image", "flixconf-mock:no-such-tag", "--report-dir", t.TempDir())
	if r.code != exitFail || !strings.Contains(r.stderr, "make image") {
		t.Fatalf("exit %d, stderr should advise `make image`:\n%s", r.code, r.stderr)
	}
	for _, noise := range []string{"pull access denied", "registry", "manifest"} {
		if strings.Contains(r.stderr, noise) {
			t.Errorf("stderr shows Docker's registry lookup (%q):\n%s", noise, r.stderr)
		}
	}
}

// The env clock starts one container per day of the selected specs, each with its day in
// FLIXCONF_SERVE_DATE, and one for the undated specs; the dated probes pass on both sides of
// their day, and no container is left behind.
func TestRunImageWithTheEnvClock(t *testing.T) {
	requireDocker(t)
	image := buildImage(t)
	dir := t.TempDir()
	// Two days (the genres change and the day before it) and the undated specs of a title:
	// three containers.
	filter := "event:genres-replaced || (area:catalog && op:getCatalogTitlesMoviesById && day: isEmpty)"
	r := flixconf(t, nil, "run", "--image", image, "--clock", "env", "--label-filter", filter, "--report-dir", dir)
	if r.code != exitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	res := reports(t, dir)
	closing(t, r.stdout, res)
	passedByDay := map[string]int{}
	for _, s := range res.Specs {
		if s.Outcome == report.Pass {
			passedByDay[s.Day]++
		}
	}
	// Each day's specs ran in the container of that day: the genres probe and Sita's genres in
	// three versions, before and after; the undated specs of the title in the image's own day.
	if passedByDay["2011-06-14"] < 4 || passedByDay["2011-06-15"] < 4 || passedByDay[""] < 10 || len(passedByDay) != 3 {
		t.Fatalf("passed by day: %v", passedByDay)
	}
	if left := containersOf(t, image); left != "" {
		t.Fatalf("containers left behind: %s", left)
	}
}
