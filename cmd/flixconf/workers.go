package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/flixconf/flixconf/suites/framework"
	"github.com/flixconf/flixconf/suites/framework/report"
)

// runWorkers runs the suite as o.workers processes of this binary, each running one shard
// (Ginkgo runs one suite per process), and merges their results. Each worker keeps its own
// reports and log under <report-dir>/shards/K/.
func (o *runOptions) runWorkers(ctx context.Context, target report.Target, prog *progress) (*report.Results, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("finding this binary to start workers: %w", err)
	}
	n := o.workers
	dirs := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for k := 1; k <= n; k++ {
		dirs[k-1] = filepath.Join(o.cfg.ReportDir, "shards", strconv.Itoa(k))
		wg.Add(1)
		go func() {
			defer wg.Done()
			cfg := o.cfg
			cfg.Shard = framework.Shard{K: k, N: n}
			errs[k-1] = runWorker(ctx, exe, fmt.Sprintf("worker %d/%d", k, n), cfg, dirs[k-1], prog)
		}()
	}
	wg.Wait()
	if ctx.Err() != nil {
		return nil, fmt.Errorf("interrupted")
	}
	var parts []*report.Results
	for k, dir := range dirs {
		if errs[k] != nil {
			return nil, errs[k]
		}
		r, err := report.Read(filepath.Join(dir, report.JSONFile))
		if err != nil {
			return nil, fmt.Errorf("worker %d/%d left no results (see %s): %w", k+1, n, filepath.Join(dir, "worker.log"), err)
		}
		parts = append(parts, r)
	}
	res, err := report.Merge(parts...)
	if err != nil {
		return nil, err
	}
	res.Target = target
	res.Config = framework.ReportConfig(&o.cfg, n)
	return res, nil
}

// runWorker runs the suite as cfg says in a process of its own, writing its reports and log to
// dir, and reports each finished spec to prog (when not nil). The worker gets its whole
// configuration as flags, never from the parent's FLIXCONF_RUN_ variables, so it cannot start
// a second container or mock of its own.
func runWorker(ctx context.Context, exe, name string, cfg framework.Config, dir string, prog *progress) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	args := []string{"run",
		"--target", cfg.Target,
		"--report-dir", dir,
		"--versions", strings.Join(cfg.Versions, ","),
		"--request-timeout", cfg.RequestTimeout.String(),
		"--workers", "1",
		"--loopback-only=" + strconv.FormatBool(cfg.LoopbackOnly),
		"--clock", cfg.Clock,
		"--profiles", profilesArg(cfg.Profiles),
	}
	if cfg.Dates != nil {
		days := make([]string, len(cfg.Dates))
		for i, d := range cfg.Dates {
			days[i] = d.String()
		}
		args = append(args, "--dates", strings.Join(days, ","))
	}
	if !cfg.Date.IsZero() {
		args = append(args, "--date", cfg.Date.String())
	}
	if !cfg.Shard.IsZero() {
		args = append(args, "--shard", cfg.Shard.String())
	}
	if cfg.Credentials != "" {
		args = append(args, "--credentials", cfg.Credentials)
	}
	if cfg.LabelFilter != "" {
		args = append(args, "--label-filter", cfg.LabelFilter)
	}
	if cfg.Focus != "" {
		args = append(args, "--focus", cfg.Focus)
	}
	logPath := filepath.Join(dir, "worker.log")
	log, err := os.Create(logPath)
	if err != nil {
		return err
	}
	defer log.Close()
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Env = withoutPrefix(os.Environ(), "FLIXCONF_RUN_")
	var tail tailBuffer
	cmd.Stdout, cmd.Stderr = log, &teeTail{log, &tail}
	if prog != nil {
		w, err := prog.pipe()
		if err != nil {
			return err
		}
		cmd.ExtraFiles = []*os.File{w}
		cmd.Env = append(cmd.Env, progressFDVar+"=3")
		err = cmd.Start()
		w.Close() // the worker holds the write end now
		if err == nil {
			err = cmd.Wait()
		}
	} else {
		err = cmd.Run()
	}
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() >= 0 && ee.ExitCode() <= exitUsage {
		return nil // the worker finished; its results say how it went
	}
	if err != nil {
		return fmt.Errorf("%s: %v (log: %s)\n%s", name, err, logPath, tail.String())
	}
	return nil
}

// profilesArg writes profiles as --profiles reads them.
func profilesArg(profiles []string) string {
	if len(profiles) == 0 {
		return "none"
	}
	return strings.Join(profiles, ",")
}

func withoutPrefix(env []string, prefix string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if !strings.HasPrefix(kv, prefix) {
			out = append(out, kv)
		}
	}
	return out
}

// tailBuffer keeps the last few KiB written to it, for error messages.
type tailBuffer struct{ bytes.Buffer }

const tailSize = 4 << 10

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.Buffer.Write(p)
	if over := t.Len() - tailSize; over > 0 {
		t.Next(over)
	}
	return len(p), nil
}

type teeTail struct {
	log  *os.File
	tail *tailBuffer
}

func (t *teeTail) Write(p []byte) (int, error) {
	t.tail.Write(p)
	return t.log.Write(p)
}
