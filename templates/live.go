package templates

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"
)

// defaultDebounce is how long Watch waits after the last change before it
// reloads: an editor saving a file makes several events in a row.
const defaultDebounce = 250 * time.Millisecond

// Live holds the current template [Set] of a directory and replaces it
// when the directory changes. A change that breaks the templates keeps
// the last good set in use, and is reported by Reload, the log and
// LastError until a later change fixes it. Its methods are safe for
// concurrent use.
type Live struct {
	// OnReload, if not nil, is called after each reload, from Reload or
	// Watch, with its result: nil, or the *LoadError. Set it before
	// calling Watch. It runs on the reloading goroutine, which it blocks.
	OnReload func(error)

	dir      string
	log      *slog.Logger
	debounce time.Duration
	watching func() // tests: called once Watch is watching dir

	cur atomic.Pointer[Set]

	mu      sync.Mutex // serialises reloads; guards lastErr
	lastErr error
}

// NewLive loads the templates of dir ("" for the built-in ones only) as
// [Load] does, and returns an error if they are broken, so that a broken
// template stops rapport at start rather than at the first send. log
// receives reload reports; nil discards them. Call Watch to follow
// changes, or Reload (on SIGHUP, say).
func NewLive(dir string, log *slog.Logger) (*Live, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s, err := Load(dir)
	if err != nil {
		return nil, err
	}
	l := &Live{dir: dir, log: log, debounce: defaultDebounce}
	l.cur.Store(s)
	return l, nil
}

// Dir returns the directory l follows; "" for none.
func (l *Live) Dir() string { return l.dir }

// Current returns the templates in use: the last set that loaded without
// problems. It never returns nil and does no I/O.
func (l *Live) Current() *Set { return l.cur.Load() }

// LastError returns the problems of the latest reload, a *LoadError, or
// nil if it succeeded (or none was tried): the templates in use are then
// older than the files, which the daily digest should say.
func (l *Live) LastError() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lastErr
}

// Reload loads the directory again. On success the new set becomes
// current; otherwise the current set stays, each problem is logged, and
// the *LoadError is returned. It reads the directory's files.
func (l *Live) Reload() error {
	l.mu.Lock()
	s, err := Load(l.dir)
	if err != nil {
		var le *LoadError
		if errors.As(err, &le) {
			l.log.Error("templates are broken; keeping the previous ones until they are fixed",
				"dir", l.dir, "problems", len(le.Problems))
			for _, p := range le.Problems {
				l.log.Error("template problem", "problem", p.String())
			}
		} else {
			l.log.Error("templates could not be loaded; keeping the previous ones", "dir", l.dir, "error", err)
		}
	} else {
		l.cur.Store(s)
		l.log.Info("templates loaded", "dir", l.dir, "overrides", strings.Join(s.Overrides(), " "))
	}
	l.lastErr = err
	l.mu.Unlock()
	if l.OnReload != nil {
		l.OnReload(err)
	}
	return err
}

// Watch reloads the templates whenever a .txt or .html file in the
// directory is created, written, removed or renamed, once the changes have
// paused for a moment. It blocks until ctx is done, then returns nil; it returns an
// error at once if the directory cannot be watched (reloading on SIGHUP
// still works then). With no directory it just waits for ctx.
func (l *Live) Watch(ctx context.Context) error {
	if l.dir == "" {
		<-ctx.Done()
		return nil
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("templates: watch %s: %w", l.dir, err)
	}
	defer w.Close()
	if err := w.Add(l.dir); err != nil {
		return fmt.Errorf("templates: watch %s: %w", l.dir, err)
	}
	if l.watching != nil {
		l.watching()
	}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return fmt.Errorf("templates: watch %s: the watcher stopped", l.dir)
			}
			if l.relevant(ev) {
				l.log.Debug("template file changed", "file", ev.Name, "op", ev.Op.String())
				timer.Reset(l.debounce)
			}
		case err, ok := <-w.Errors:
			if !ok {
				return fmt.Errorf("templates: watch %s: the watcher stopped", l.dir)
			}
			// Events may have been lost (an overflow): reload to be sure.
			l.log.Warn("templates: watching the directory", "dir", l.dir, "error", err)
			timer.Reset(l.debounce)
		case <-timer.C:
			_ = l.Reload() // reported through the log, LastError and OnReload
		}
	}
}

// relevant reports whether ev may change the templates: a change to a
// .txt or .html file that is not hidden (editors' lock and swap files are), or to
// the directory itself.
func (l *Live) relevant(ev fsnotify.Event) bool {
	if !ev.Has(fsnotify.Create) && !ev.Has(fsnotify.Write) && !ev.Has(fsnotify.Remove) && !ev.Has(fsnotify.Rename) {
		return false
	}
	if filepath.Clean(ev.Name) == filepath.Clean(l.dir) {
		l.log.Warn("the template directory was removed or renamed; keeping the current templates (restart rapport once it is back)", "dir", l.dir)
		return true
	}
	base := filepath.Base(ev.Name)
	return (strings.HasSuffix(base, ".txt") || isHTML(base)) && !strings.HasPrefix(base, ".")
}
