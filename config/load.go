package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
)

// Load reads the TOML file at path and decodes it strictly over Default:
// keys it does not set keep their defaults, and unknown keys are errors.
// Errors point into the file as "FILE:LINE:COL: message", one per line.
// Relative paths in the file are resolved against its directory. Load does
// not validate: call Validate on the result.
func Load(path string) (*Config, error) {
	doc, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	c := defaults()
	c.keys = keyIndex(doc)
	if err := checkDurations(path, c.keys); err != nil {
		return nil, err
	}
	dec := toml.NewDecoder(bytes.NewReader(doc)).DisallowUnknownFields()
	if err := dec.Decode(c); err != nil {
		return nil, decodeError(path, c.keys, err)
	}
	c.fill()
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("config: resolve the directory of %s: %w", path, err)
	}
	c.resolvePaths(dir)
	c.Path = path
	return c, nil
}

// LoadDefault loads the configuration the CLI and daemon use. A non-empty
// explicit path is loaded with Load, and must exist. Otherwise the file at
// DefaultPath is loaded if it exists, and Default is returned if it does
// not, so that rapport runs without a config file.
func LoadDefault(explicit string) (*Config, error) {
	if explicit != "" {
		c, err := Load(explicit)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w (check the path, or start from config.example.toml)", err)
		}
		return c, err
	}
	path := DefaultPath()
	if path == "" {
		return Default(), nil
	}
	c, err := Load(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Default(), nil
	}
	return c, err
}

// fileError is an error at a position in a config file.
type fileError struct {
	file      string
	line, col int
	msg       string
	err       error // the decoder's error
}

func (e *fileError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.file, e.line, e.col, e.msg)
}

func (e *fileError) Unwrap() error { return e.err }

// decodeError rewrites go-toml's errors as one fileError per problem. The
// index of the document's keys corrects the keys go-toml reports inside
// inline tables.
func decodeError(path string, index map[string]keyPos, err error) error {
	var missing *toml.StrictMissingError
	if errors.As(err, &missing) {
		errs := make([]error, 0, len(missing.Errors))
		for i := range missing.Errors {
			de := &missing.Errors[i]
			line, col := de.Position()
			key := []string(de.Key())
			if len(key) > 0 {
				if written := keyAt(index, line, col, key[len(key)-1]); written != nil {
					key = written
				}
			}
			what := "key"
			if strings.Contains(de.Error(), "table") {
				what = "table"
			}
			msg := fmt.Sprintf("unknown %s %q", what, strings.Join(key, "."))
			if s := suggest(key); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			} else {
				msg += " (see config.example.toml for the keys rapport knows)"
			}
			errs = append(errs, &fileError{file: path, line: line, col: col, msg: msg, err: de})
		}
		return errors.Join(errs...)
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, col := de.Position()
		msg := strings.TrimPrefix(de.Error(), "toml: ")
		if key := strings.Join(de.Key(), "."); key != "" {
			msg = key + ": " + msg
			if strings.Contains(msg, "local date") {
				msg += ` (quote dates: "2026-12-25")`
			}
		}
		return &fileError{file: path, line: line, col: col, msg: msg, err: de}
	}
	return fmt.Errorf("%s: %w", path, err)
}

// checkDurations reports a Duration key whose value is not a string.
// go-toml would reject it too, but without saying where.
func checkDurations(path string, index map[string]keyPos) error {
	leaves, _ := configKeys()
	for _, f := range leaves {
		pos, ok := index[f.key]
		if !ok || f.typ != reflect.TypeFor[Duration]() || pos.kind == unstable.String {
			continue
		}
		return &fileError{file: path, line: pos.line, col: pos.col,
			msg: fmt.Sprintf("%s: a duration must be a quoted string (%s)", f.key, durationForms)}
	}
	return nil
}
