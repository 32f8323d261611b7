package templates

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	goodRequest  = "Subject: Version {{.Contact.ID}}\n\nHi {{.Contact.FirstName | default \"there\"}}, version one.\n"
	fixedRequest = "Subject: Version {{.Contact.ID}}\n\nHi {{.Contact.FirstName | default \"there\"}}, version two.\n"
	brokenRequst = "Subject: Version {{.Contact.ID}}\n\nHi {{.Contact.FirstName | default \"there\"}, broken.\n"
)

// syncBuffer is a log destination safe for the watcher's goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func requestBody(t *testing.T, l *Live) string {
	t.Helper()
	m, err := l.Current().Render("request", Sample())
	if err != nil {
		t.Fatalf("Render(request) error: %v", err)
	}
	return m.Body
}

// TestLiveReload checks that a broken edit keeps the last good templates,
// and a fix takes effect.
func TestLiveReload(t *testing.T) {
	dir := t.TempDir()
	path := write(t, dir, "request.txt", goodRequest)
	var logs syncBuffer
	l, err := NewLive(dir, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatalf("NewLive() error: %v", err)
	}
	var reloads []error
	l.OnReload = func(err error) { reloads = append(reloads, err) }

	write(t, dir, "request.txt", brokenRequst)
	err = l.Reload()
	var le *LoadError
	if !errors.As(err, &le) || le.Problems[0].File != path || le.Problems[0].Line != 3 {
		t.Fatalf("Reload() after a broken edit = %v, want the problem on %s:3", err, path)
	}
	if got := requestBody(t, l); !strings.Contains(got, "version one") {
		t.Errorf("Current() after a broken edit renders %q, want the last good version", got)
	}
	if l.LastError() != err {
		t.Errorf("LastError() = %v, want %v", l.LastError(), err)
	}
	if !strings.Contains(logs.String(), "keeping the previous ones") || !strings.Contains(logs.String(), "request.txt:3: unexpected") {
		t.Errorf("log does not report the problem:\n%s", logs.String())
	}

	write(t, dir, "request.txt", fixedRequest)
	if err := l.Reload(); err != nil {
		t.Fatalf("Reload() after the fix error: %v", err)
	}
	if got := requestBody(t, l); !strings.Contains(got, "version two") {
		t.Errorf("Current() after the fix renders %q, want version two", got)
	}
	if l.LastError() != nil {
		t.Errorf("LastError() after the fix = %v, want nil", l.LastError())
	}
	if len(reloads) != 2 || reloads[0] == nil || reloads[1] != nil {
		t.Errorf("OnReload got %v, want the error then nil", reloads)
	}
}

func TestNewLiveBroken(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "request.txt", brokenRequst)
	if l, err := NewLive(dir, nil); err == nil {
		t.Fatalf("NewLive(broken) = %v, nil; want the problems", l)
	}
	l, err := NewLive("", nil)
	if err != nil || l.Current() == nil || l.LastError() != nil {
		t.Fatalf("NewLive(\"\") = %v, %v; want the built-in templates", l, err)
	}
}

// TestLiveWatch edits the directory while Watch runs and waits for each
// reload through OnReload.
func TestLiveWatch(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "request.txt", goodRequest)
	l, err := NewLive(dir, nil)
	if err != nil {
		t.Fatalf("NewLive() error: %v", err)
	}
	l.debounce = 20 * time.Millisecond
	reloaded := make(chan error, 16)
	l.OnReload = func(err error) { reloaded <- err }
	watching := make(chan struct{})
	l.watching = func() { close(watching) }

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- l.Watch(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Watch() = %v, want nil after cancel", err)
		}
	}()
	wait := func(what string) error {
		t.Helper()
		select {
		case err := <-reloaded:
			return err
		case err := <-done:
			t.Fatalf("%s: Watch() returned early: %v", what, err)
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: no reload within 10 s", what)
		}
		return nil
	}
	select {
	case <-watching:
	case err := <-done:
		t.Fatalf("Watch() = %v before watching", err)
	case <-time.After(10 * time.Second):
		t.Fatal("Watch() did not start watching within 10 s")
	}

	// Files that are not templates do not reload.
	write(t, dir, "notes.md", "ideas")
	write(t, dir, ".request.txt.swp", "swap")

	write(t, dir, "request.txt", brokenRequst)
	if err := wait("broken edit"); err == nil {
		t.Fatal("reload after a broken edit succeeded, want the problem")
	}
	if got := requestBody(t, l); !strings.Contains(got, "version one") {
		t.Errorf("Current() after a broken edit renders %q, want the last good version", got)
	}
	if l.LastError() == nil {
		t.Error("LastError() = nil after a broken edit")
	}

	// An editor's save: write a new file, rename it over the old one.
	tmp := write(t, dir, "request.txt.new", fixedRequest)
	if err := os.Rename(tmp, filepath.Join(dir, "request.txt")); err != nil {
		t.Fatal(err)
	}
	for err := wait("fix"); err != nil; err = wait("fix") {
		// a reload may have caught the directory between two events
	}
	if got := requestBody(t, l); !strings.Contains(got, "version two") {
		t.Errorf("Current() after the fix renders %q, want version two", got)
	}

	if err := os.Remove(filepath.Join(dir, "request.txt")); err != nil {
		t.Fatal(err)
	}
	if err := wait("removal"); err != nil {
		t.Fatalf("reload after removing the override error: %v", err)
	}
	if got := requestBody(t, l); !strings.Contains(got, "20 to 30 minutes") {
		t.Errorf("Current() after removing the override renders %q, want the built-in request", got)
	}
}

func TestWatchWithoutDirectory(t *testing.T) {
	l, err := NewLive("", nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := l.Watch(ctx); err != nil {
		t.Errorf("Watch() without a directory = %v, want nil", err)
	}
}
