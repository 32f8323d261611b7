// Package buildinfo says which rapport this binary is, for rapport
// version and the daemon's start-up log.
package buildinfo

import "runtime/debug"

// Version returns stamped when the build set one (-ldflags "-X
// main.version=v1.2.3" sets the command's variable, which it passes
// here); else the module version from the build information with the
// first 12 hex digits of the VCS revision when known ("v1.2.3 0123456789ab");
// "devel" for a development build without either; "unknown" when the
// binary carries no build information.
func Version(stamped string) string {
	if stamped != "" {
		return stamped
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	return moduleVersion(info)
}

// moduleVersion is Version's answer from build information.
func moduleVersion(info *debug.BuildInfo) string {
	v := info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " " + s.Value[:12]
		}
	}
	if v == "" || v == "(devel)" {
		return "devel"
	}
	return v
}
