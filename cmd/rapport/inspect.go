package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/rapport-mail/rapport/mail/classify"

	"github.com/spf13/pflag"
)

// runInspect prints what the classifier understands of raw messages: one
// block of aligned "key: value" lines (classify.Fields) per file, or with
// --json one JSON object per line. "-" reads standard input. A file that
// cannot be read is reported on stderr and makes the command fail after
// the others are printed; anything that can be read is printed, even when
// malformed.
func runInspect(ctx context.Context, a *app, f *inspectFlags, files []string) error {
	asJSON := &f.asJSON
	var err error
	if len(files) == 0 {
		return usagef("which messages? give one or more .eml files (- for standard input)")
	}
	enc := json.NewEncoder(a.stdout) // one line per object: no indent
	enc.SetEscapeHTML(false)
	failed, printed := 0, 0
	for _, name := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		var raw []byte
		if name == "-" {
			if raw, err = io.ReadAll(a.stdin); err != nil {
				err = fmt.Errorf("read standard input: %w", err)
			}
		} else {
			raw, err = os.ReadFile(name)
		}
		if err != nil {
			fmt.Fprintf(a.stderr, "rapport inspect: %v\n", err)
			failed++
			continue
		}
		m := classify.Parse(raw)
		if *asJSON {
			if err := enc.Encode(inspectJSON{File: name, Message: m}); err != nil {
				return fmt.Errorf("write %s: %w", name, err)
			}
			continue
		}
		if printed++; printed > 1 {
			fmt.Fprintln(a.stdout)
		}
		fields := append([]classify.Field{{Key: "file", Value: name}}, classify.Fields(m)...)
		width := 0
		for _, f := range fields {
			width = max(width, len(f.Key))
		}
		for _, f := range fields { // each value on its line, whatever the message put in it
			fmt.Fprintf(a.stdout, "%-*s %s\n", width+1, f.Key+":", strings.Join(strings.Fields(f.Value), " "))
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d file(s) could not be read", failed, len(files))
	}
	return nil
}

type inspectFlags struct{ asJSON bool }

func (f *inspectFlags) bind(fs *pflag.FlagSet) {
	fs.BoolVar(&f.asJSON, "json", false, "print one JSON object per file, one per line")
}

// inspectJSON is one line of inspect --json: the file name and the
// classifier's Message.
type inspectJSON struct {
	File string `json:"file"`
	*classify.Message
}
