package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/rapport-mail/rapport/contacts"
)

// buildRapport compiles the real binary for tests that run or kill it: as
// released, or with build tags (crashtest: the crash points of
// internal/crashpoint, and a clock that stays the wall clock unless
// RAPPORT_TEST_CLOCK is set).
func buildRapport(t *testing.T, tags ...string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "rapport")
	args := []string{"build", "-o", bin}
	if len(tags) > 0 {
		args = append(args, "-tags", strings.Join(tags, ","))
	}
	out, err := exec.Command("go", append(args, ".")...).CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// process runs the binary in an isolated home.
type process struct {
	t   *testing.T
	bin string
	env []string
}

func (p *process) run(extraEnv []string, args ...string) (stdout, stderr string, err error) {
	cmd := exec.Command(p.bin, args...)
	cmd.Env = append(append(os.Environ(), p.env...), extraEnv...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	return out.String(), errOut.String(), err
}

func (p *process) ok(args ...string) string {
	p.t.Helper()
	out, errOut, err := p.run(nil, args...)
	if err != nil {
		p.t.Fatalf("rapport %v: %v\n%s", args, err, errOut)
	}
	return out
}

func TestKilledImportLeavesDatabaseAsBefore(t *testing.T) {
	dir := t.TempDir()
	p := &process{t: t, bin: buildRapport(t, "crashtest"), env: []string{
		"HOME=" + dir, "XDG_CONFIG_HOME=" + filepath.Join(dir, "config"),
		"XDG_DATA_HOME=" + filepath.Join(dir, "data"), "CONFIGURATION_DIRECTORY=", "STATE_DIRECTORY=",
	}}
	p.ok("add", "--name", "Before One", "--email", "one@example.com")
	p.ok("add", "--name", "Before Two", "--email", "two@example.com", "--note", "kept")
	before := p.ok("export", "--format", "json")

	var csv strings.Builder
	csv.WriteString("name,email,company\n")
	const rows = 2000
	for i := range rows {
		fmt.Fprintf(&csv, "Person %d,person%d@example.com,Company %d\n", i, i, i%37)
	}
	big := filepath.Join(dir, "big.csv")
	if err := os.WriteFile(big, []byte(csv.String()), 0o600); err != nil {
		t.Fatal(err)
	}

	// SIGKILL after half the rows are in the open transaction.
	_, errOut, err := p.run([]string{"RAPPORT_CRASHPOINT=import-row:1000"}, "import", big)
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("import with a crash point: err = %v, want the process killed\n%s", err, errOut)
	}
	if ws, ok := exit.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("import ended with %v, want death by SIGKILL", exit)
	}
	if !strings.Contains(errOut, "crashpoint import-row reached") {
		t.Fatalf("the import did not reach the crash point: %s", errOut)
	}

	if after := p.ok("export", "--format", "json"); after != before {
		t.Fatalf("database after the killed import differs from before:\n%s\nwant\n%s", after, before)
	}
	db, err := sql.Open("sqlite", filepath.Join(dir, "data", "rapport", "rapport.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var check string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v; want ok", check, err)
	}

	// The same import, not killed, then brings in every row.
	p.ok("import", big)
	var list []contacts.Record
	if err := json.Unmarshal([]byte(p.ok("list", "--json")), &list); err != nil || len(list) != rows+2 {
		t.Fatalf("after the full import: %d contacts, %v; want %d", len(list), err, rows+2)
	}
}

// The release binary has no crash points: the variable the crash tests
// use changes nothing, so no environment can make rapport kill itself.
func TestReleaseBinaryIgnoresCrashPoints(t *testing.T) {
	dir := t.TempDir()
	p := &process{t: t, bin: buildRapport(t), env: []string{
		"HOME=" + dir, "XDG_CONFIG_HOME=" + filepath.Join(dir, "config"),
		"XDG_DATA_HOME=" + filepath.Join(dir, "data"), "CONFIGURATION_DIRECTORY=", "STATE_DIRECTORY=",
	}}
	csv := filepath.Join(dir, "two.csv")
	if err := os.WriteFile(csv, []byte("name,email\nAna Ruiz,ana@example.com\nBo Chen,bo@example.com\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errOut, err := p.run([]string{"RAPPORT_CRASHPOINT=import-row:1"}, "import", csv); err != nil {
		t.Fatalf("the release binary's import with RAPPORT_CRASHPOINT set: %v\n%s", err, errOut)
	}
	var list []contacts.Record
	if err := json.Unmarshal([]byte(p.ok("list", "--json")), &list); err != nil || len(list) != 2 {
		t.Fatalf("after the import: %d contacts, %v; want 2", len(list), err)
	}
}
