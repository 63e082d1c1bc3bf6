// Package testshared finds, for tests, the recorded real responses of the API that sit in
// ../shared/real-responses beside the repository. They are data about the real API, read from
// there and never copied into the repository.
package testshared

import (
	"os"
	"path/filepath"
	"testing"
)

// RequireVar makes a missing folder a failure instead of a skip; CI sets it.
const RequireVar = "FLIXCONF_REQUIRE_SHARED"

// RealResponses returns the path of ../shared/real-responses. When the folder is absent the
// test is skipped with a message, or fails when FLIXCONF_REQUIRE_SHARED=1.
func RealResponses(t testing.TB) string {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(filepath.Dir(root), "shared", "real-responses")
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		if os.Getenv(RequireVar) == "1" {
			t.Fatalf("%s is missing and %s=1: the recorded real responses must be beside the repository", dir, RequireVar)
		}
		t.Skipf("%s is absent: the recorded real responses are not beside this checkout (set %s=1 to make this a failure)", dir, RequireVar)
	}
	return dir
}

// File returns the path of a file under real-responses, such as "train/flix4r-movies.xml".
func File(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(RealResponses(t), filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("recorded response %s: %v", rel, err)
	}
	return p
}

// moduleRoot walks up from the working directory to the folder holding go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
