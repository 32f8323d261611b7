package config

import (
	"os"
	"path/filepath"
	"strings"
)

// DefaultPath returns where rapport looks for its config file when none is
// named: $CONFIGURATION_DIRECTORY/config.toml under systemd, else
// $XDG_CONFIG_HOME/rapport/config.toml, else ~/.config/rapport/config.toml.
// It returns "" when none of these can be determined. It does not check
// that the file exists.
func DefaultPath() string {
	if dir := firstDir(os.Getenv("CONFIGURATION_DIRECTORY")); dir != "" {
		return filepath.Join(dir, "config.toml")
	}
	return userPath("XDG_CONFIG_HOME", ".config", "config.toml")
}

// DefaultDatabasePath returns the default database file:
// $STATE_DIRECTORY/rapport.db under systemd, else
// $XDG_DATA_HOME/rapport/rapport.db, else ~/.local/share/rapport/rapport.db.
// It returns "" when none of these can be determined.
func DefaultDatabasePath() string {
	if dir := firstDir(os.Getenv("STATE_DIRECTORY")); dir != "" {
		return filepath.Join(dir, "rapport.db")
	}
	return userPath("XDG_DATA_HOME", filepath.Join(".local", "share"), "rapport.db")
}

// firstDir returns the first of the colon-separated directories systemd
// puts in $CONFIGURATION_DIRECTORY and $STATE_DIRECTORY.
func firstDir(list string) string {
	first, _, _ := strings.Cut(list, ":")
	return first
}

// userPath returns $xdgVar/rapport/name, or ~/homeRel/rapport/name when
// $xdgVar is unset or relative (which the XDG spec says to ignore).
func userPath(xdgVar, homeRel, name string) string {
	if dir := os.Getenv(xdgVar); filepath.IsAbs(dir) {
		return filepath.Join(dir, "rapport", name)
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return ""
	}
	return filepath.Join(home, homeRel, "rapport", name)
}

// resolvePath expands a leading "~/" to the home directory and makes a
// relative p absolute against dir. It leaves "" alone, and "~/…" too when
// there is no home directory.
func resolvePath(p, dir string) string {
	if p == "" {
		return ""
	}
	if p == "~" || strings.HasPrefix(p, "~/") {
		home, err := os.UserHomeDir()
		if err != nil || home == "" {
			return p
		}
		return filepath.Join(home, p[1:])
	}
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(dir, p)
}

// resolvePaths applies resolvePath to every path in c, relative to dir.
func (c *Config) resolvePaths(dir string) {
	for _, p := range []*string{
		&c.Paths.Database, &c.Paths.Templates,
		&c.IMAP.PasswordFile, &c.SMTP.PasswordFile,
	} {
		*p = resolvePath(*p, dir)
	}
}
