// Package buildinfo says which flixconf this is: the module version and the VCS revision the
// binary was built from, as the Go toolchain recorded them.
package buildinfo

import "runtime/debug"

// Info is the version of a flixconf build.
type Info struct {
	Version  string // module version, or "(devel)" for a build from a checkout
	Revision string // VCS revision, with "+dirty" when the tree had changes; "" if unknown
}

// Read returns the version of the running binary.
func Read() Info {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return Info{Version: "(unknown)"}
	}
	info := Info{Version: bi.Main.Version}
	if info.Version == "" {
		info.Version = "(devel)"
	}
	var dirty bool
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			info.Revision = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if dirty && info.Revision != "" {
		info.Revision += "+dirty"
	}
	return info
}
