package templates

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ExistError is what [WriteDefaults] returns when it refuses to write
// over files that exist.
type ExistError struct {
	Paths []string // every file that exists, in the order of [Names]
}

// Error names every file, and how to write over them.
func (e *ExistError) Error() string {
	return fmt.Sprintf("%d file(s) already exist, so nothing was written (use --force to overwrite them):\n  %s",
		len(e.Paths), strings.Join(e.Paths, "\n  "))
}

// WriteDefaults copies the built-in templates ([Default]) into dir,
// creating it, one file per name of [Names] (see [FileName]) and the
// question bank ([BankFile]) last, and returns
// the paths it wrote, in that order, so that the owner can start their
// overrides from them. Unless force is set it first looks for every file
// and, when any exists, writes nothing and returns an *[ExistError]
// naming them all. When a write fails it returns the paths written
// before, and the error. The directories it creates have mode 0700 and
// the files 0600; a file it writes over (force) keeps its mode.
func WriteDefaults(dir string, force bool) ([]string, error) {
	if !force {
		var exist []string
		for _, name := range Names() {
			p := filepath.Join(dir, FileName(name))
			if _, err := os.Lstat(p); err == nil {
				exist = append(exist, p)
			} else if !errors.Is(err, fs.ErrNotExist) {
				return nil, err
			}
		}
		if _, err := os.Lstat(filepath.Join(dir, BankFile)); err == nil {
			exist = append(exist, filepath.Join(dir, BankFile))
		}
		if len(exist) > 0 {
			return nil, &ExistError{Paths: exist}
		}
	}
	// The owner's templates are theirs alone, as the rest of rapport's
	// files: nobody else on the machine reads them.
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create the template directory: %w", err)
	}
	var written []string
	for _, name := range Names() {
		text, err := Default.ReadFile(FileName(name))
		if err != nil {
			return written, err
		}
		p := filepath.Join(dir, FileName(name))
		if err := os.WriteFile(p, text, 0o600); err != nil {
			return written, fmt.Errorf("write %s: %w", p, err)
		}
		written = append(written, p)
	}
	p := filepath.Join(dir, BankFile)
	if err := os.WriteFile(p, []byte(defaultBankText), 0o600); err != nil {
		return written, fmt.Errorf("write %s: %w", p, err)
	}
	return append(written, p), nil
}
