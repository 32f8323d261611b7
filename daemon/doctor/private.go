package doctor

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/rapport-mail/rapport/internal/shellquote"
)

// private warns when the database at path, the -wal and -shm files SQLite
// keeps beside it, or the directory that holds them are open to group or
// others: they hold the owner's contacts and their mail. rapport creates
// them private (store.Open), but never changes the mode of a file that
// exists, such as one made by an older rapport or copied in with a
// permissive umask: the doctor says how instead.
func (d *doctor) private(path string) {
	var loose []string
	var first string
	var firstMode fs.FileMode
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		// As for the configuration's secret files, any bit for group or
		// others counts.
		fi, err := os.Stat(p)
		if err != nil || fi.Mode().Perm()&0o077 == 0 {
			continue
		}
		if first == "" {
			first, firstMode = p, fi.Mode().Perm()
		}
		loose = append(loose, shellquote.Word(p))
	}
	if first != "" {
		d.warn(fmt.Sprintf("database: %s is accessible to group or others (mode %04o), and it holds your contacts and their mail", first, firstMode),
			"run: chmod 600 "+strings.Join(loose, " "))
	}
	// A directory others may only pass through (0711, as some home
	// directories are) shows them nothing; one they may read lists the
	// database and its backups, one they may write lets them replace it.
	dir := filepath.Dir(path)
	if fi, err := os.Stat(dir); err == nil && fi.Mode().Perm()&0o066 != 0 {
		d.warn(fmt.Sprintf("database: its directory %s is open to group or others (mode %04o)", dir, fi.Mode().Perm()),
			"run: chmod 700 "+shellquote.Word(dir)+", or set paths.database to a file in a directory of its own")
	}
}
