package daemon

import (
	"time"

	"github.com/rapport-mail/rapport/mail/classify"
	"github.com/rapport-mail/rapport/transport/imapwatch"
)

// batchSize is how many messages are fetched and committed together.
const batchSize = imapwatch.BatchSize

// headerFields are the header fields fetched for every message: the ones
// the classifier reads, enough to decide what it is and whom it concerns
// before fetching its body.
var headerFields = classify.HeaderFields()

// watcher is one folder's imapwatch.Watcher, which hands its mail to the
// ingester, and the watcher loop's sign of life for Alive (alive.go).
type watcher struct {
	folder string
	w      *imapwatch.Watcher
	pulse  pulse
	// afterLogin starts the loop only once another watcher logged in
	// (Daemon.waitLogin).
	afterLogin bool
}

// newWatcher builds the watcher of folder: its loop beats w.pulse.
func newWatcher(folder string, opts imapwatch.Options) (*watcher, error) {
	w := &watcher{folder: folder}
	opts.Folder, opts.Beat = folder, w.pulse.beat
	iw, err := imapwatch.New(opts)
	if err != nil {
		return nil, err
	}
	w.w = iw
	return w, nil
}

// turn bounds one round of the watcher's loop between beats
// (imapwatch.Watcher.Turn).
func (w *watcher) turn() time.Duration { return w.w.Turn() }
