package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/flixconf/flixconf/spec"
)

// The versions of the other mocks; bench/package.json pins the same.
const (
	prismVersion    = "5.14.2"
	wireMockVersion = "3.13.2"
	// javaMajor is the Java that WireMock 3 is run with here.
	javaMajor = 17
)

// The other servers answer the title cells' title with the mock's own bytes, so that the
// servers are compared on the same answer to the same request.

// prismDescription writes flixconf's 1.0 description reduced to the title's operation, whose
// 200 answer in XML gets the mock's bytes as its example, and returns its path. Prism cannot
// make an example body from the catalog_title schema itself ("schema too complex"), and with
// every operation of the description it takes minutes to start; the components stay whole.
// Without withSchema the answer has its example and no schema, which shows what the schema
// costs Prism on each request.
func prismDescription(dir string, body []byte, withSchema bool) (string, error) {
	src, err := spec.Source("1.0")
	if err != nil {
		return "", err
	}
	var doc map[string]any
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return "", fmt.Errorf("reading the 1.0 description: %w", err)
	}
	paths, _ := doc["paths"].(map[string]any)
	const template = "/catalog/titles/movies/{id}"
	item, _ := paths[template].(map[string]any)
	get, _ := item["get"].(map[string]any)
	responses, _ := get["responses"].(map[string]any)
	if responses == nil {
		return "", fmt.Errorf("the 1.0 description has no GET %s", template)
	}
	xml := map[string]any{"example": string(body)}
	name := "prism-1.0-title-without-schema.yaml"
	if withSchema {
		xml["schema"] = map[string]any{"$ref": "#/components/schemas/CatalogTitleDocument"}
		name = "prism-1.0-title.yaml"
	}
	responses["200"] = map[string]any{
		"description": "One movie of the catalog: the flixconf mock's answer, as the example.",
		"content":     map[string]any{"application/xml": xml},
	}
	doc["paths"] = map[string]any{template: map[string]any{"get": get}}
	out, err := yaml.Marshal(doc)
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, name)
	return path, os.WriteFile(path, out, 0o644)
}

// startPrism starts Prism from bench/node_modules on the reduced description.
func (b *bench) startPrism(ctx context.Context, name string, body []byte, withSchema bool) (*server, error) {
	prism := filepath.Join(b.nodeDir, "node_modules", ".bin", "prism")
	if _, err := os.Stat(prism); err != nil {
		return nil, fmt.Errorf("%s is missing (make bench-deps runs npm ci in bench/)", prism)
	}
	if _, err := exec.LookPath("node"); err != nil {
		return nil, fmt.Errorf("node is not on PATH (make bench-deps installs nodejs)")
	}
	desc, err := prismDescription(b.tmp, body, withSchema)
	if err != nil {
		return nil, err
	}
	return startOnPort(ctx, name, b.tmp, func(base string) (*http.Request, error) { return b.mock.signed(base, titlePath) }, 3*time.Minute,
		func(port int) []string {
			return []string{prism, "mock", "-h", "127.0.0.1", "-p", strconv.Itoa(port), desc}
		})
}

// startWireMock starts the WireMock jar of the wiremock npm package with bench/wiremock's
// mapping, whose body file is written here from the mock's bytes. Its options are the
// defaults (the request journal on), but for the port and the loopback address.
func (b *bench) startWireMock(ctx context.Context, body []byte) (*server, error) {
	jar := filepath.Join(b.nodeDir, "node_modules", "wiremock", "build", "wiremock-standalone-"+wireMockVersion+".jar")
	if _, err := os.Stat(jar); err != nil {
		return nil, fmt.Errorf("%s is missing (make bench-deps runs npm ci in bench/)", jar)
	}
	if err := checkJava(); err != nil {
		return nil, err
	}
	root := filepath.Join(b.tmp, "wiremock")
	for _, dir := range []string{"mappings", "__files"} {
		if err := os.MkdirAll(filepath.Join(root, dir), 0o755); err != nil {
			return nil, err
		}
	}
	mapping, err := os.ReadFile(filepath.Join(b.nodeDir, "wiremock", "mappings", "catalog-title.json"))
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(root, "mappings", "catalog-title.json"), mapping, 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(root, "__files", "catalog-title.xml"), body, 0o644); err != nil {
		return nil, err
	}
	return startOnPort(ctx, serverWireMock, b.tmp, func(base string) (*http.Request, error) { return b.mock.signed(base, titlePath) }, 2*time.Minute,
		func(port int) []string {
			return []string{"java", "-jar", jar, "--port", strconv.Itoa(port), "--bind-address", "127.0.0.1", "--root-dir", root}
		})
}

var javaVersion = regexp.MustCompile(`version "(\d+)(?:\.(\d+))?`)

// checkJava wants a Java runtime of version 17 or later on PATH.
func checkJava() error {
	if _, err := exec.LookPath("java"); err != nil {
		return fmt.Errorf("java is not on PATH (make bench-deps installs openjdk-%d-jre-headless)", javaMajor)
	}
	out, err := exec.Command("java", "-version").CombinedOutput()
	if err != nil {
		return fmt.Errorf("java -version: %v", err)
	}
	m := javaVersion.FindSubmatch(out)
	if m == nil {
		return fmt.Errorf("java -version names no version: %s", excerpt(out))
	}
	major, _ := strconv.Atoi(string(m[1]))
	if major == 1 && m[2] != nil { // 1.8 is Java 8
		major, _ = strconv.Atoi(string(m[2]))
	}
	if major < javaMajor {
		return fmt.Errorf("java is version %d; WireMock %s is run with %d or later (make bench-deps installs openjdk-%d-jre-headless)",
			major, wireMockVersion, javaMajor, javaMajor)
	}
	return nil
}

// startBare starts the bench's own binary as a bare Go server (see bareServer) answering the
// mock's bytes with its content type.
func (b *bench) startBare(ctx context.Context, body []byte, contentType string) (*server, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	file := filepath.Join(b.tmp, "bare-body")
	if err := os.WriteFile(file, body, 0o644); err != nil {
		return nil, err
	}
	return startAnnounced(ctx, serverBare, b.tmp, titlePath, self, bareServerArg, file, contentType)
}

// bareServerArg as the first argument makes the bench binary a bare server.
const bareServerArg = "bare-server"

// bareServer is the practical limit of the machine for the title cells: net/http with
// nothing but a handler that writes fixed bytes. It listens on a loopback port, says where,
// and serves until it is stopped.
func bareServer(file, contentType string) error {
	body, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Printf("bare server on http://%s\n", ln.Addr())
	length := strconv.Itoa(len(body))
	return http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Content-Length", length)
		w.Write(body)
	}))
}

// sameAnswer checks that a server answers the title's request with the mock's bytes.
func (b *bench) sameAnswer(base string, want []byte) error {
	req, err := b.mock.signed(base, titlePath)
	if err != nil {
		return err
	}
	status, _, body, err := b.mock.do(req)
	if err != nil {
		return err
	}
	if status != http.StatusOK || !bytes.Equal(body, want) {
		return fmt.Errorf("GET %s answers %d with %d bytes, not the mock's %d bytes", titlePath, status, len(body), len(want))
	}
	return nil
}
