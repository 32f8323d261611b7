// Package unitcheck checks the systemd units in systemd/ with systemd's
// own tools: systemd-analyze verify for all three, and systemd-analyze
// security for the two system units, whose exposure must stay at 1.5 or
// lower. It has no code of its own, only these tests.
//
// The tests need systemd-analyze (Debian's systemd package), which
// scripts/test.sh installs when it is missing. They do not need a running
// systemd: verify loads the units without starting them, and security runs
// with --offline=true.
package unitcheck

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// maxExposure is the highest "Overall exposure level" systemd-analyze
// security may give rapport.service and rapport@.service. Its --threshold
// takes the same number times ten.
const (
	maxExposure  = 1.5
	thresholdArg = "--threshold=15"
)

// unit is one unit file of systemd/ and the ExecStart= binary it names,
// which verify needs to exist.
type unit struct {
	path   string // relative to the repository root
	user   bool   // for "systemctl --user"
	binary string // the rapport binary as ExecStart= names it
}

var units = []unit{
	{path: "systemd/rapport.service", binary: "/usr/local/bin/rapport"},
	{path: "systemd/rapport@.service", binary: "/usr/local/bin/rapport"},
	{path: "systemd/user/rapport.service", user: true, binary: "%h/.local/bin/rapport"},
}

// systemdAnalyze returns the path of systemd-analyze, or fails the test
// with how to get it. It never skips: CI must run these tests.
func systemdAnalyze(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Fatalf("systemd-analyze not found (%v): scripts/test.sh installs it with Debian's systemd package; "+
			"run it, or apt-get install systemd", err)
	}
	return path
}

// repoRoot is where go.mod is: two levels above this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("repository root not found above the test's directory: %v", err)
	}
	return root
}

// analyze runs systemd-analyze with args and returns its combined output
// and exit error. XDG_RUNTIME_DIR is set for --user, which needs one even
// offline, and colors are off so the output can be parsed.
func analyze(t *testing.T, bin, dir string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"--no-pager"}, args...)...)
	cmd.Dir = dir
	runtimeDir := t.TempDir()
	cmd.Env = append(os.Environ(), "SYSTEMD_COLORS=0", "XDG_RUNTIME_DIR="+runtimeDir)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	err := cmd.Run()
	return out.String(), err
}

// TestMain removes the rapport binary the tests built.
func TestMain(m *testing.M) {
	code := m.Run()
	if build.dir != "" {
		os.RemoveAll(build.dir)
	}
	os.Exit(code)
}

// build is the rapport binary built once for all the tests.
var build struct {
	once      sync.Once
	dir, path string
	err       error
}

// rapportBinary builds cmd/rapport into a temporary directory, once, as
// the README says to build it (CGO_ENABLED=0), and returns its path.
func rapportBinary(t *testing.T, root string) string {
	t.Helper()
	build.once.Do(func() {
		goBin, err := exec.LookPath("go")
		if err != nil {
			build.err = fmt.Errorf("go not found on $PATH: %w", err)
			return
		}
		if build.dir, err = os.MkdirTemp("", "unitcheck-"); err != nil {
			build.err = err
			return
		}
		build.path = filepath.Join(build.dir, "rapport")
		cmd := exec.Command(goBin, "build", "-o", build.path, "./cmd/rapport")
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			build.err = fmt.Errorf("go build ./cmd/rapport: %w\n%s", err, out)
		}
	})
	if build.err != nil {
		t.Fatal(build.err)
	}
	return build.path
}

// TestVerify runs systemd-analyze verify on each unit, with ExecStart=
// pointing at a freshly built rapport, since verify checks that the binary
// exists and is executable. Any warning about a rapport unit fails the
// test: verify exits 0 after "Unknown key" and other mistakes.
func TestVerify(t *testing.T) {
	sa := systemdAnalyze(t)
	root := repoRoot(t)
	rapport := rapportBinary(t, root)
	for _, u := range units {
		t.Run(u.path, func(t *testing.T) {
			text, err := os.ReadFile(filepath.Join(root, u.path))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(text, []byte("ExecStart="+u.binary+" ")) {
				t.Fatalf("%s: no ExecStart=%s: update this test with the unit", u.path, u.binary)
			}
			// A copy under the unit's own file name: verify names the unit
			// after the file, and a template must stay a template.
			dir := t.TempDir()
			copyPath := filepath.Join(dir, filepath.Base(u.path))
			patched := bytes.ReplaceAll(text, []byte(u.binary), []byte(rapport))
			if err := os.WriteFile(copyPath, patched, 0o644); err != nil {
				t.Fatal(err)
			}
			args := []string{"verify", "--man=no"}
			if u.user {
				args = append(args, "--user")
			}
			out, err := analyze(t, sa, dir, append(args, copyPath)...)
			if err != nil {
				t.Fatalf("systemd-analyze %s: %v\n%s", strings.Join(args, " "), err, out)
			}
			// verify also loads the host's units that rapport's refer to
			// (network-online.target …); a host whose own units are broken
			// should not fail rapport's test, so only lines about rapport
			// count.
			for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
				switch {
				case line == "":
				case strings.Contains(line, "rapport"):
					t.Errorf("systemd-analyze %s: %s", strings.Join(args, " "), line)
				default:
					t.Logf("systemd-analyze %s, about another unit: %s", strings.Join(args, " "), line)
				}
			}
		})
	}
}

// TestExecStartParses runs each unit's ExecStart= command line, with --help
// added, against the real binary: a flag the binary does not know would
// make every start fail with a usage error.
func TestExecStartParses(t *testing.T) {
	root := repoRoot(t)
	rapport := rapportBinary(t, root)
	execStart := regexp.MustCompile(`(?m)^ExecStart=(\S+)(.*)$`)
	for _, u := range units {
		t.Run(u.path, func(t *testing.T) {
			text, err := os.ReadFile(filepath.Join(root, u.path))
			if err != nil {
				t.Fatal(err)
			}
			m := execStart.FindStringSubmatch(string(text))
			if m == nil {
				t.Fatalf("%s has no ExecStart= line", u.path)
			}
			if m[1] != u.binary {
				t.Fatalf("%s: ExecStart= runs %s, want %s", u.path, m[1], u.binary)
			}
			// ${CONFIGURATION_DIRECTORY} is the only variable the units use
			// on this line; systemd expands it before exec.
			line := strings.ReplaceAll(m[2], "${CONFIGURATION_DIRECTORY}", t.TempDir())
			if strings.ContainsAny(line, "$%\"'\\") {
				t.Fatalf("%s: ExecStart= arguments %q hold a specifier, variable or quote this test does not expand", u.path, m[2])
			}
			args := append(strings.Fields(line), "--help")
			cmd := exec.Command(rapport, args...)
			cmd.Env = append(os.Environ(), "CONFIGURATION_DIRECTORY=", "STATE_DIRECTORY=")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("rapport %s: %v\n%s", strings.Join(args, " "), err, out)
			}
		})
	}
}

// TestSecurity runs systemd-analyze security --offline=true on the system
// units and holds their exposure to maxExposure. The user unit is left
// out: offline, systemd 252 rates it as if it ran as root with every
// capability (3.7), which a user service never does.
func TestSecurity(t *testing.T) {
	sa := systemdAnalyze(t)
	root := repoRoot(t)
	overall := regexp.MustCompile(`Overall exposure level for (\S+): ([0-9]+\.[0-9]+)`)
	for _, path := range []string{"systemd/rapport.service", "systemd/rapport@.service"} {
		t.Run(path, func(t *testing.T) {
			args := []string{"security", "--offline=true", thresholdArg, path}
			out, err := analyze(t, sa, root, args...)
			m := overall.FindStringSubmatch(out)
			if m == nil {
				t.Fatalf("systemd-analyze %s printed no overall exposure (%v):\n%s", strings.Join(args, " "), err, out)
			}
			exposure, perr := strconv.ParseFloat(m[2], 64)
			if perr != nil {
				t.Fatalf("exposure %q: %v", m[2], perr)
			}
			t.Logf("%s: exposure %.1f", m[1], exposure)
			if exposure > maxExposure || err != nil {
				// The lines marked ✗ are what is left to tighten.
				var open []string
				for _, line := range strings.Split(out, "\n") {
					if strings.HasPrefix(line, "✗") {
						open = append(open, strings.Join(strings.Fields(line), " "))
					}
				}
				t.Fatalf("systemd-analyze %s: exposure %.1f (%v), want at most %.1f; not protected:\n%s",
					strings.Join(args, " "), exposure, err, maxExposure, strings.Join(open, "\n"))
			}
		})
	}
}
