package daemon

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"rapport/internal/mailstack"
	"rapport/store"
	"rapport/workflow"
)

// The real binary, killed with SIGKILL right after the SMTP server took a
// request and before "sent" was committed, restarts, finds the message
// neither confirmed nor in the Sent folder, and marks it uncertain: the
// server received it exactly once. Killed before the SMTP transaction, the
// message is never sent twice either.
func TestKilledDuringASend(t *testing.T) {
	for _, point := range []string{"send-after-smtp", "send-before-smtp"} {
		t.Run(point, func(t *testing.T) {
			sink := startSink(t, nil)
			stack := mailstack.Shared(t)
			owner, err := stack.AddUser(fmt.Sprintf("crash%d", userSeq.Add(1)), "owner-secret")
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			cfgPath := writeBenchConfig(t, dir, stack, owner)
			f, err := os.OpenFile(cfgPath, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(f, `
[smtp]
host = "127.0.0.1"
port = %d
tls = "none"

[workflow]
send_mode = "direct"

[workflow.send_window]
days = "Mon-Sun"
hours = "00:00-24:00"

# The crash point must hit the request, not the morning digest.
[digest]
enabled = false
`, sink.port)
			f.Close()

			// A contact with an approved request, in the binary's database.
			st, err := store.Open(context.Background(), filepath.Join(dir, "rapport.db"))
			if err != nil {
				t.Fatal(err)
			}
			h := &harness{t: t, store: st}
			h.track = newHarness(t, "127.0.0.1:1").track
			jane := h.newContact("Jane Doe", "jane@acme.example", workflow.StatusNew)
			req := h.queue(jane, "request", "A short conversation")
			st.Close()

			bin := buildBinary(t)
			out := runBinary(t, bin, cfgPath, stack, "RAPPORT_CRASHPOINT="+point, "")
			if !strings.Contains(out, "crashpoint") {
				t.Fatalf("rapport did not die at %s:\n%s", point, out)
			}
			wantSent := map[string]int{"send-after-smtp": 1, "send-before-smtp": 0}[point]
			if n := len(sink.messages()); n != wantSent {
				t.Fatalf("before the restart the server has %d messages, want %d", n, wantSent)
			}
			runBinary(t, bin, cfgPath, stack, "", "interrupted send")

			st, err = store.Open(context.Background(), filepath.Join(dir, "rapport.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			got, err := st.Read().Outgoing(context.Background(), req.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != store.OutboxUncertain || got.Attempts != 1 {
				t.Fatalf("after the restart the request is %s after %d attempts; want uncertain, never retried", got.Status, got.Attempts)
			}
			if n := len(sink.messages()); n != wantSent {
				t.Fatalf("after the restart the server has %d messages, want %d: nothing is sent twice", n, wantSent)
			}
		})
	}
}

// runBinary runs "rapport run" with an extra environment variable until it
// exits (a crashpoint) or, when until is set, until a log line holds it,
// then stops it. It returns the log.
func runBinary(t *testing.T, bin, cfgPath string, stack *mailstack.Stack, env, until string) string {
	t.Helper()
	cmd := exec.Command(bin, "run", "--config", cfgPath)
	cmd.Env = append(os.Environ(), "SSL_CERT_FILE="+stack.CACertFile)
	if env != "" {
		cmd.Env = append(cmd.Env, env)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		log.WriteString(sc.Text() + "\n")
		if until != "" && strings.Contains(sc.Text(), until) {
			cmd.Process.Signal(os.Interrupt)
			break
		}
	}
	go func() {
		for sc.Scan() {
		}
	}()
	cmd.Wait()
	return log.String()
}
