package journal

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
)

// logEach logs one record at each level through a logger made by New,
// with an attribute and a group, and returns the lines written.
func logEach(t *testing.T, o Options) []string {
	t.Helper()
	var buf bytes.Buffer
	log := New(&buf, o).With("part", "test").WithGroup("g")
	log.Debug("looking", "n", 1)
	log.Info("working", "n", 2)
	log.Warn("worried", "n", 3)
	log.Error("failed", "n", 4)
	log.Log(t.Context(), slog.LevelError+4, "worse", "n", 5)
	return strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
}

// Under the journal each line starts with its priority (sd-daemon(3)),
// text and JSON alike, and carries no time; the rest of the line is
// slog's.
func TestPrefixesUnderTheJournal(t *testing.T) {
	t.Setenv("JOURNAL_STREAM", "8:4242") // a buffer is taken at the variable's word
	want := []struct{ prefix, msg string }{
		{"<7>", "looking"}, {"<6>", "working"}, {"<4>", "worried"}, {"<3>", "failed"}, {"<3>", "worse"},
	}
	for _, tt := range []struct {
		name string
		json bool
	}{{"text", false}, {"json", true}} {
		t.Run(tt.name, func(t *testing.T) {
			lines := logEach(t, Options{JSON: tt.json, Level: slog.LevelDebug})
			if len(lines) != len(want) {
				t.Fatalf("logged %d lines, want %d:\n%s", len(lines), len(want), strings.Join(lines, "\n"))
			}
			for i, w := range want {
				rest, ok := strings.CutPrefix(lines[i], w.prefix)
				if !ok {
					t.Errorf("line %q, want it to start with %q", lines[i], w.prefix)
					continue
				}
				if strings.HasPrefix(rest, "<") {
					t.Errorf("line %q has two prefixes", lines[i])
				}
				if tt.json {
					var m map[string]any
					if err := json.Unmarshal([]byte(rest), &m); err != nil {
						t.Errorf("line %q after its prefix is not JSON: %v", lines[i], err)
						continue
					}
					if _, has := m["time"]; has || m["msg"] != w.msg || m["part"] != "test" {
						t.Errorf("line %q, want msg %q, part=test, no time", lines[i], w.msg)
					}
					continue
				}
				if strings.Contains(rest, "time=") || !strings.Contains(rest, "msg="+w.msg) || !strings.Contains(rest, "part=test") {
					t.Errorf("line %q, want msg=%s, part=test and no time", lines[i], w.msg)
				}
			}
		})
	}
}

// Outside the journal the lines are slog's own: no prefix, with a time.
func TestNoPrefixOutsideTheJournal(t *testing.T) {
	for _, env := range []string{"", "not numbers"} {
		t.Run(fmt.Sprintf("JOURNAL_STREAM=%q", env), func(t *testing.T) {
			t.Setenv("JOURNAL_STREAM", env)
			for _, json := range []bool{false, true} {
				for _, line := range logEach(t, Options{JSON: json, Level: slog.LevelDebug}) {
					if strings.HasPrefix(line, "<") || !strings.Contains(line, "time") {
						t.Errorf("line %q, want slog's own line with its time", line)
					}
				}
			}
		})
	}
}

// The level still filters: debug lines only when asked for.
func TestLevelFilters(t *testing.T) {
	t.Setenv("JOURNAL_STREAM", "8:4242")
	lines := logEach(t, Options{})
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "<6>") {
		t.Fatalf("at the default level logged %q, want 4 lines from info up", lines)
	}
}

// Records logged at once keep their own prefix: the prefix and the line
// are written together.
func TestConcurrentRecordsKeepTheirPrefix(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(NewHandler(&buf, Options{}, true))
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			if i%2 == 0 {
				log.Error("even")
			} else {
				log.Info("odd")
			}
		})
	}
	wg.Wait()
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		if strings.Contains(line, "even") != strings.HasPrefix(line, "<3>") {
			t.Fatalf("line %q has another record's prefix", line)
		}
	}
}

// A file is the journal's stream only if its device and inode are the
// ones JOURNAL_STREAM names: a shell started by a service inherits the
// variable and may write elsewhere.
func TestAttachedChecksTheFile(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	dev, ino, err := devIno(w)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	for _, tt := range []struct {
		name string
		w    io.Writer
		env  string
		want bool
	}{
		{"the stream", w, fmt.Sprintf("%d:%d", dev, ino), true},
		{"another inode", w, fmt.Sprintf("%d:%d", dev, ino+1), false},
		{"another device", w, fmt.Sprintf("%d:%d", dev+1, ino), false},
		{"unset", w, "", false},
		{"malformed", w, "journal", false},
		{"half", w, fmt.Sprintf("%d:", dev), false},
		{"not a file, set", &buf, "8:4242", true},
		{"not a file, unset", &buf, "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := attached(tt.w, tt.env); got != tt.want {
				t.Fatalf("attached(%s, %q) = %v, want %v", tt.name, tt.env, got, tt.want)
			}
		})
	}
}

// An error printed outside the logger is an error in the journal, every
// line of it, and unchanged elsewhere.
func TestPrintError(t *testing.T) {
	text := "rapport run: config: 2 problems\n  imap.host: missing\n  owner.addresses: missing"
	for _, tt := range []struct {
		name, env, want string
	}{
		{"journal", "8:4242", "<3>rapport run: config: 2 problems\n<3>  imap.host: missing\n<3>  owner.addresses: missing\n"},
		{"terminal", "", text + "\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("JOURNAL_STREAM", tt.env)
			var buf bytes.Buffer
			PrintError(&buf, text)
			if buf.String() != tt.want {
				t.Fatalf("PrintError() wrote %q, want %q", buf.String(), tt.want)
			}
		})
	}
}
