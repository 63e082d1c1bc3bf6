package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// server is a server the bench started as a process of its own, on a loopback port.
type server struct {
	name string
	cmd  *exec.Cmd
	// url is its base URL, http://127.0.0.1:PORT.
	url string
	// ready is the time from exec to its first 200 on the readiness URL.
	ready time.Duration
	// logPath holds what it printed, for the reason when it fails.
	logPath string
	exited  chan struct{}
}

// listenLine reads where a server listens from the line it prints on start:
// "flixconf mock: API 1.0, 1.5, 2.0 on http://127.0.0.1:PORT, as of DAY" (flixconf
// serve) or "bare server on http://127.0.0.1:PORT" (bareServer). The first line that
// matches is taken: serve prints its --admin-addr line after, and the bench gives none.
var listenLine = regexp.MustCompile(`on (http://127\.0\.0\.1:\d+)`)

// startAnnounced starts a server that prints its address on stdout (flixconf serve, the bare
// server) and waits until readyPath answers 200. Start-up is timed from exec to that answer.
func startAnnounced(ctx context.Context, name, logDir, readyPath string, argv ...string) (*server, error) {
	s := &server{name: name, cmd: exec.Command(argv[0], argv[1:]...), exited: make(chan struct{})}
	s.cmd.Env = benchEnv()
	logFile, err := s.openLog(logDir)
	if err != nil {
		return nil, err
	}
	s.cmd.Stderr = logFile
	out, err := s.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	begin := time.Now()
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", name, err)
	}
	go func() { s.cmd.Wait(); logFile.Close(); close(s.exited) }()
	addr := make(chan string, 1)
	go func() {
		lines := bufio.NewScanner(out)
		for lines.Scan() {
			fmt.Fprintln(logFile, lines.Text())
			if m := listenLine.FindStringSubmatch(lines.Text()); m != nil {
				select {
				case addr <- m[1]:
				default:
				}
			}
		}
	}()
	select {
	case s.url = <-addr:
	case <-s.exited:
		return nil, fmt.Errorf("%s exited before saying where it listens: %s", name, s.logTail())
	case <-time.After(2 * time.Minute):
		s.stop()
		return nil, fmt.Errorf("%s did not say where it listens within 2 minutes", name)
	case <-ctx.Done():
		s.stop()
		return nil, ctx.Err()
	}
	if err := s.waitReady(ctx, s.url+readyPath, nil, 2*time.Minute); err != nil {
		return nil, err
	}
	s.ready = time.Since(begin)
	return s, nil
}

// startOnPort starts a server that is told its port (Prism, WireMock) and waits until the
// request that ready builds answers 200.
func startOnPort(ctx context.Context, name, logDir string, ready func(base string) (*http.Request, error), limit time.Duration, argv func(port int) []string) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	args := argv(port)
	s := &server{name: name, cmd: exec.Command(args[0], args[1:]...), exited: make(chan struct{}),
		url: "http://127.0.0.1:" + strconv.Itoa(port)}
	s.cmd.Env = benchEnv()
	logFile, err := s.openLog(logDir)
	if err != nil {
		return nil, err
	}
	s.cmd.Stdout, s.cmd.Stderr = logFile, logFile
	begin := time.Now()
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", name, err)
	}
	go func() { s.cmd.Wait(); logFile.Close(); close(s.exited) }()
	if err := s.waitReady(ctx, "", func() (*http.Request, error) { return ready(s.url) }, limit); err != nil {
		return nil, err
	}
	s.ready = time.Since(begin)
	return s, nil
}

func (s *server) openLog(dir string) (*os.File, error) {
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' {
			return r
		}
		return '-'
	}, strings.ToLower(s.name))
	s.logPath = filepath.Join(dir, name+".log")
	return os.Create(s.logPath)
}

// waitReady polls url (or the request build makes) every 2 ms until it answers 200. The
// server is stopped when it does not within limit or exits.
func (s *server) waitReady(ctx context.Context, url string, build func() (*http.Request, error), limit time.Duration) error {
	client := &http.Client{Timeout: 5 * time.Second}
	give := time.After(limit)
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if build != nil {
			req, err = build()
		}
		if err != nil {
			s.stop()
			return err
		}
		if resp, err := client.Do(req); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-s.exited:
			return fmt.Errorf("%s exited before it was ready: %s", s.name, s.logTail())
		case <-give:
			s.stop()
			return fmt.Errorf("%s was not ready within %v: %s", s.name, limit, s.logTail())
		case <-ctx.Done():
			s.stop()
			return ctx.Err()
		case <-time.After(2 * time.Millisecond):
		}
	}
}

// stop asks the server to stop (SIGTERM) and kills it when it has not within 10 s.
func (s *server) stop() {
	if s == nil || s.cmd.Process == nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-s.exited
	}
}

// logTail is the end of what the server printed, on one line.
func (s *server) logTail() string {
	b, _ := os.ReadFile(s.logPath)
	t := strings.Join(strings.Fields(string(b)), " ")
	if len(t) > 400 {
		t = "..." + t[len(t)-400:]
	}
	if t == "" {
		return "(it printed nothing)"
	}
	return t
}

// freePort asks the kernel for a free loopback port. Another process could take it before
// the server binds it; the server then fails to start and says so.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// benchEnv is the environment of the servers: the bench's own, without the variables of
// flixconf serve and run, so that a developer's settings do not change what is measured.
func benchEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "FLIXCONF_SERVE_") && !strings.HasPrefix(kv, "FLIXCONF_RUN_") {
			out = append(out, kv)
		}
	}
	return out
}
