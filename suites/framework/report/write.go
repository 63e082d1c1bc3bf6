package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// The names of the files WriteAll writes.
const (
	JSONFile  = "results.json"
	JUnitFile = "junit.xml"
	HTMLFile  = "report.html"
)

// WriteAll finishes r and writes results.json, junit.xml and report.html into dir, creating
// dir if needed. Each file appears whole or not at all.
func WriteAll(dir string, r *Results) error {
	r.Finish()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create report directory: %w", err)
	}
	// results.json goes last: the other two are derived from it, so once it is there the
	// report is complete.
	files := []struct {
		name   string
		encode func(io.Writer, *Results) error
	}{
		{JUnitFile, encodeJUnit},
		{HTMLFile, encodeHTML},
		{JSONFile, encodeJSON},
	}
	for _, f := range files {
		if err := writeFile(filepath.Join(dir, f.name), r, f.encode); err != nil {
			return err
		}
	}
	return nil
}

// WriteJSON finishes r and writes it to path as results.json. The file appears whole or not
// at all.
func WriteJSON(path string, r *Results) error {
	r.Finish()
	return writeFile(path, r, encodeJSON)
}

func encodeJSON(w io.Writer, r *Results) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// Reasons quote HTML bodies; "<" is easier to read than "\u003c" and just as valid.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("encode results: %w", err)
	}
	return nil
}

// writeFile encodes r into a temporary file beside path and renames it to path once it is
// complete and synced, so that a crash or an encoding error never leaves a truncated file
// where a reader expects a report.
func writeFile(path string, r *Results, encode func(io.Writer, *Results) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
			err = fmt.Errorf("write %s: %w", path, err)
		}
	}()
	w := bufio.NewWriter(f)
	if err := encode(w, r); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	// CreateTemp makes the file private; a report is meant to be read by anyone.
	if err := f.Chmod(0o644); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
