// Package flagenv gives every flag of a command an environment twin: for a flag --report-dir
// of a command whose prefix is FLIXCONF_RUN_, the variable FLIXCONF_RUN_REPORT_DIR. A flag set
// on the command line wins over its variable; a variable wins over the flag's default. Values
// from either place go through the flag's own parser, so both are checked the same way.
package flagenv

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
)

// Name is the environment variable that stands for flag name under prefix.
func Name(prefix, name string) string {
	return prefix + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
}

// Parse parses args into fs, then fills every flag not given on the command line from its
// environment twin. A bad value, from either place, gives an error that names the flag, its
// variable and what the flag allows.
func Parse(fs *flag.FlagSet, prefix string, args []string) error {
	fs.SetOutput(discard{})
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return explain(fs, prefix, err)
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var errs []error
	fs.VisitAll(func(f *flag.Flag) {
		if given[f.Name] {
			return
		}
		env := Name(prefix, f.Name)
		v, ok := os.LookupEnv(env)
		if !ok {
			return
		}
		if err := fs.Set(f.Name, v); err != nil {
			errs = append(errs, fmt.Errorf("invalid value %q for %s (from --%s's variable): %v", v, env, f.Name, err))
		}
	})
	return errors.Join(errs...)
}

// explain rewrites the flag package's parse errors, which name a flag as "-name", into
// messages that name the flag as users type it, with its environment twin.
func explain(fs *flag.FlagSet, prefix string, err error) error {
	msg := err.Error()
	var name string
	switch {
	case strings.HasPrefix(msg, "invalid value "):
		// invalid value "x" for flag -name: reason
		if i := strings.Index(msg, " for flag -"); i >= 0 {
			rest := msg[i+len(" for flag -"):]
			if j := strings.Index(rest, ":"); j >= 0 {
				name = rest[:j]
				return fmt.Errorf("%s for --%s (or %s):%s", msg[:i], name, Name(prefix, name), rest[j+1:])
			}
		}
	case strings.HasPrefix(msg, "flag provided but not defined: -"):
		name = strings.TrimPrefix(msg, "flag provided but not defined: -")
		return fmt.Errorf("unknown flag --%s", name)
	}
	return err
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
