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

	"github.com/rapport-mail/rapport/internal/rig/mailstack"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// The real binary, killed with SIGKILL at each point of a send, restarts
// and settles the message: killed before the end of data was marked (the
// server cannot have it), it sends it again, once; killed after (the
// server may have it), it finds it neither confirmed nor in the Sent folder
// and marks it uncertain, never resending it. Either way the server
// receives it at most once.
func TestKilledDuringASend(t *testing.T) {
	for _, tc := range []struct {
		point  string
		before int    // messages the server has when the process dies
		status string // the request's status after the restart
		until  string // the restarted daemon's log line that says it is settled
	}{
		{"send-before-smtp", 0, store.OutboxSent, "msg=sent"},
		{"send-before-end", 0, store.OutboxSent, "msg=sent"},
		{"send-after-end-mark", 0, store.OutboxUncertain, "interrupted send"},
		{"send-after-smtp", 1, store.OutboxUncertain, "interrupted send"},
	} {
		point := tc.point
		t.Run(point, func(t *testing.T) {
			sink := startSink(t, nil)
			stack := mailstack.Shared(t)
			owner, err := stack.AddUser(fmt.Sprintf("crash%d", userSeq.Add(1)), "owner-secret")
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			cfgPath := writeBenchConfig(t, dir, stack, owner, fmt.Sprintf(`
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
`, sink.port))

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

			bin := buildBinary(t, "crashtest")
			out := runBinary(t, bin, cfgPath, stack, "RAPPORT_CRASHPOINT="+point, "")
			if !strings.Contains(out, "crashpoint") {
				t.Fatalf("rapport did not die at %s:\n%s", point, out)
			}
			if n := len(sink.messages()); n != tc.before {
				t.Fatalf("before the restart the server has %d messages, want %d", n, tc.before)
			}
			runBinary(t, bin, cfgPath, stack, "", tc.until)

			st, err = store.Open(context.Background(), filepath.Join(dir, "rapport.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			got, err := st.Read().Outgoing(context.Background(), req.ID)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]int{store.OutboxSent: 2, store.OutboxUncertain: 1}[tc.status] // attempts
			if got.Status != tc.status || got.Attempts != want {
				t.Fatalf("after the restart the request is %s after %d attempts; want %s after %d", got.Status, got.Attempts, tc.status, want)
			}
			after := map[string]int{store.OutboxSent: 1, store.OutboxUncertain: tc.before}[tc.status]
			if n := len(sink.messages()); n != after {
				t.Fatalf("after the restart the server has %d messages, want %d: nothing is sent twice", n, after)
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
