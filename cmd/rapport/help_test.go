package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

var update = flag.Bool("update", false, "rewrite testdata/help/*.golden from the help as it is")

// everyCommand returns the path after "rapport" of every command, hidden
// ones and help included, the root as "".
func everyCommand(t *testing.T) []string {
	t.Helper()
	a := &app{}
	root := a.root()
	var paths []string
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		paths = append(paths, helpPath(c))
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	return paths
}

// TestHelpGolden checks the help of every command against
// testdata/help/NAME.golden (go test -run TestHelpGolden -update rewrites
// them), and that "rapport help X", "rapport X --help" and "rapport X -h"
// print it alike on standard output and exit 0.
func TestHelpGolden(t *testing.T) {
	e := newEnv(t)
	for _, path := range everyCommand(t) {
		name := strings.ReplaceAll(path, " ", "-")
		if name == "" {
			name = "rapport"
		}
		t.Run(name, func(t *testing.T) {
			words := strings.Fields(path)
			var outs []string
			for _, args := range [][]string{append([]string{"help"}, words...), append(words, "--help"), append(words, "-h")} {
				code, out, errOut := e.run(args...)
				if code != 0 || errOut != "" {
					t.Fatalf("rapport %s: exit %d, stderr %q; want 0 and nothing", strings.Join(args, " "), code, errOut)
				}
				outs = append(outs, out)
			}
			if outs[1] != outs[0] || outs[2] != outs[0] {
				t.Fatalf("help %s, --help and -h differ:\n%s\n---\n%s\n---\n%s", path, outs[0], outs[1], outs[2])
			}
			golden := filepath.Join("testdata", "help", name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(outs[0]), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd/rapport -run TestHelpGolden -update)", err)
			}
			if outs[0] != string(want) {
				t.Fatalf("help %s differs from %s (-update rewrites it):\n%s", path, golden, outs[0])
			}
		})
	}
}

// TestHelpIsComplete checks that every command says what it does, with
// examples, and every flag what it is for, and that no help line is
// wider than a terminal.
func TestHelpIsComplete(t *testing.T) {
	a := &app{}
	var check func(c *cobra.Command)
	check = func(c *cobra.Command) {
		if c.Short == "" || c.Long == "" || c.Example == "" {
			t.Errorf("rapport %s: Short %q, Long %d bytes, Example %q; want all three", helpPath(c), c.Short, len(c.Long), c.Example)
		}
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if f.Usage == "" {
				t.Errorf("rapport %s --%s has no usage", helpPath(c), f.Name)
			}
		})
		for _, line := range strings.Split(c.Long+"\n"+c.Example, "\n") {
			if len([]rune(line)) > 80 {
				t.Errorf("rapport %s: help line over 80 columns: %q", helpPath(c), line)
			}
		}
		for _, sub := range c.Commands() {
			check(sub)
		}
	}
	check(a.root())
	if old, err := filepath.Glob(filepath.Join("testdata", "help", "*.golden")); err == nil && len(old) != len(everyCommand(t)) {
		t.Errorf("testdata/help holds %d golden files for %d commands: remove the stale ones", len(old), len(everyCommand(t)))
	}
}

// TestNoCommandPrintsHelp checks that rapport alone lists the commands
// on standard error and exits 2, as a usage mistake.
func TestNoCommandPrintsHelp(t *testing.T) {
	e := newEnv(t)
	code, out, errOut := e.run()
	if code != 2 || out != "" {
		t.Fatalf("rapport: exit %d, stdout %q; want 2 and nothing", code, out)
	}
	if _, help, _ := e.run("help"); errOut != help {
		t.Fatalf("rapport alone printed\n%s\nwant the help\n%s", errOut, help)
	}
}
