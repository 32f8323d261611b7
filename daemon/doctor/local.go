package doctor

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/internal/bytesize"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
)

// config loads and validates the configuration, reporting its problems
// and warnings. It returns nil when the file does not load (nothing else
// can be checked), and the problems Validate found.
func (d *doctor) config() (*config.Config, config.Problems) {
	cfg, err := config.LoadDefault(d.opts.ConfigPath)
	if err != nil {
		// Load reports each problem of the file on its own line.
		for _, line := range strings.Split(err.Error(), "\n") {
			d.fail("config: "+line, "")
		}
		d.fail("config: the file does not load, so nothing else was checked", "fix it, then run rapport doctor again")
		return nil, nil
	}
	if cfg.Path == "" {
		d.fail("config: no configuration file at "+config.DefaultPath(),
			"copy config.example.toml there and fill in [owner], [imap] and [smtp], or give --config FILE")
	}
	var problems config.Problems
	if err := cfg.Validate(); err != nil && !errors.As(err, &problems) {
		d.fail("config: "+err.Error(), "")
	}
	if cfg.Path != "" && len(problems) == 0 {
		d.pass("config: %s", cfg.Path)
	}
	for _, p := range problems {
		d.fail("config: "+p.Text(), p.Hint)
	}
	for _, p := range cfg.Warnings() {
		d.warn("config: "+p.Text(), p.Hint)
	}
	if d.opts.Database != "" {
		cfg.Paths.Database = d.opts.Database
	}
	return cfg, problems
}

// templates loads the templates as the daemon does: the built-in ones,
// or the owner's overrides, every one checked.
func (d *doctor) templates(cfg *config.Config) {
	set, err := templates.Load(cfg.Paths.Templates)
	var le *templates.LoadError
	switch {
	case errors.As(err, &le):
		for _, p := range le.Problems {
			d.fail("templates: "+p.String(), "")
		}
		d.fail(fmt.Sprintf("templates: %d problem(s) in %s", len(le.Problems), cfg.Paths.Templates),
			"fix the lines above, then run rapport templates check")
	case err != nil:
		d.fail("templates: "+err.Error(), "check paths.templates")
	case cfg.Paths.Templates == "":
		d.pass("templates: the built-in ones")
	case len(set.Overrides()) == 0:
		d.pass("templates: %s (overrides none of the built-in ones)", cfg.Paths.Templates)
	default:
		d.pass("templates: %s (overrides %s)", cfg.Paths.Templates, strings.Join(set.Overrides(), ", "))
	}
}

// database checks the database file read-only (store.CheckFile): it is
// never created or upgraded here. It warns when the file or its directory
// is open to others.
func (d *doctor) database(ctx context.Context, cfg *config.Config) {
	path := cfg.Paths.Database
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		d.pass("database: none yet at %s (rapport creates it when first used)", path)
		return
	}
	if err != nil {
		d.fail("database: "+err.Error(), "check paths.database and the permissions of the file and its directory")
		return
	}
	defer d.private(path) // after the check's own line
	check, err := store.CheckFile(ctx, path)
	if err != nil {
		d.fail("database: "+err.Error(),
			"check paths.database; if the file is damaged, stop rapport and restore your latest backup (see rapport backup)")
		return
	}
	want, size := store.SchemaVersion(), bytesize.Format(fi.Size())
	switch {
	case len(check.Problems) > 0:
		d.fail(fmt.Sprintf("database: %s fails its integrity check: %s", path, strings.Join(check.Problems, "; ")),
			"stop rapport and restore your latest backup (see rapport backup)")
	case check.SchemaVersion > want:
		d.fail(fmt.Sprintf("database: %s has schema version %d, newer than this rapport's %d", path, check.SchemaVersion, want),
			"upgrade rapport to the version that wrote it")
	case check.SchemaVersion < want:
		d.pass("database: %s, %s, integrity ok, schema version %d (rapport upgrades it to %d when it next opens it)",
			path, size, check.SchemaVersion, want)
	default:
		d.pass("database: %s, %s, integrity ok, schema version %d", path, size, check.SchemaVersion)
	}
}

// zone checks that owner.time_zone loads, and shows its offset now: the
// zone the send window, the digest and dates typed in commands use.
func (d *doctor) zone(cfg *config.Config) {
	loc := time.Local
	name := "the system's local zone"
	if cfg.Owner.TimeZone != "" {
		l, err := time.LoadLocation(cfg.Owner.TimeZone)
		if err != nil {
			d.fail(fmt.Sprintf("time zone: owner.time_zone %q does not load: %v", cfg.Owner.TimeZone, err),
				`use an IANA name such as "Europe/Berlin" or "America/New_York"`)
			return
		}
		loc, name = l, cfg.Owner.TimeZone
	}
	now := d.opts.Now().In(loc)
	abbr, _ := now.Zone()
	offset := "UTC" + now.Format("-07:00")
	// Zones without a name of their own abbreviate as "+03" or "-0330".
	if abbr != "" && !strings.HasPrefix(abbr, "+") && !strings.HasPrefix(abbr, "-") && abbr != "UTC" {
		offset = abbr + ", " + offset
	}
	if cfg.Owner.TimeZone == "" {
		d.pass("time zone: %s, %s (%s now; set owner.time_zone to choose one)", name, loc, offset)
		return
	}
	d.pass("time zone: %s (%s now)", name, offset)
}
