package imapwatch

import (
	"errors"
	"log/slog"
	"time"
)

// Options configure a Watcher. Folder (unless Sent), Dial and Sink are
// required.
type Options struct {
	Folder string
	// Sent makes this the watcher of the owner's Sent folder: Folder is
	// the configured one, or "" to find it after each login as Mailbox
	// does (the folder the server marks \Sent, else one with a usual
	// name). The Sink sees the name found. A mailbox without one is
	// looked at again now and then (ErrNoSentFolder), not retried as a
	// failure.
	Sent bool
	Dial DialFunc
	Sink Sink
	// Log receives the watcher's log, with the folder's name added; nil
	// discards it.
	Log *slog.Logger
	// Now is the clock for the lookback window and for outages; nil for
	// time.Now.
	Now func() time.Time
	// Poll is how often to poll without IDLE, and to check that an idle
	// connection is alive; 0 means one minute.
	Poll time.Duration
	// Timeout is how long a command may take before the connection
	// counts as dead; 0 means one minute.
	Timeout time.Duration
	// Lookback is how far back a first look (and a new UIDVALIDITY)
	// reads the folder, by the messages' internal dates.
	Lookback time.Duration
	// MaxBody is the largest message whose body is fetched, in bytes;
	// larger ones are handed over with their header alone (Head.TooBig).
	// 0 means no limit.
	MaxBody int64
	// HeaderFields are the header fields fetched for every message, before
	// Sink.Wanted decides which bodies to fetch.
	HeaderFields []string
	// Keyword is the IMAP keyword Tidy.Keyword adds; "" for none.
	Keyword string
	// MachineFolder is where Tidy.Move moves mail; "" to leave it. With
	// neither Keyword nor MachineFolder the folder is opened read-only.
	MachineFolder string
	// Healthy, when set, is called after each session's first complete
	// catch-up.
	Healthy func(folder string)
	// Beat, when set, is the loop's sign of life: it is called as the
	// loop goes round (before waiting for mail, and before sleeping
	// between sessions) with how long the loop may take before its next
	// call at the latest. A loop that misses it is stuck (see Turn).
	Beat func(within time.Duration)
}

// BatchSize is how many messages are fetched and handed to Sink.Apply
// together, at most.
const BatchSize = 250

// prefetchDepth is how many header fetches may be in flight while a batch
// is applied: enough that the server always has the next one to answer.
const prefetchDepth = 3

// Watcher follows one folder over its own connection and hands its mail
// to a Sink: connect, SELECT, catch up from the Sink's checkpoint, then
// wait for new mail (IDLE, with polling as the safety net, or polling
// alone) and catch up again; a failed session is dialled again after a
// jittered backoff, unless the server refused the login (see Run).
type Watcher struct {
	folder   string // "" for a Sent folder found after login
	sent     bool
	dial     DialFunc
	sink     Sink
	log      *slog.Logger
	now      func() time.Time
	poll     time.Duration // how often to poll without IDLE, and to check an idle connection
	timeout  time.Duration // how long a command may take before the connection counts as dead
	lookback time.Duration
	maxBody  int64
	fields   []string
	keyword  string // added to handled messages; "" for none
	machine  string // folder for handled machine mail; "" to leave it

	// healthy is called after each session's first complete sync; may be nil.
	healthy func(folder string)
	beat    func(within time.Duration) // may be nil
	// selected is the folder of the latest session: folder, or the Sent
	// folder found. Only Run's goroutine uses it.
	selected string
	// toldNoSent: the log said once that there is no Sent folder.
	toldNoSent bool
	// retryMin is the first and shortest wait before dialling again
	// after a failed session; tests shorten it.
	retryMin time.Duration
}

// New checks opts and returns a Watcher. It does no I/O.
func New(opts Options) (*Watcher, error) {
	if (opts.Folder == "" && !opts.Sent) || opts.Dial == nil || opts.Sink == nil {
		return nil, errors.New("imapwatch: Folder, Dial and Sink are required")
	}
	w := &Watcher{folder: opts.Folder, sent: opts.Sent, selected: opts.Folder, dial: opts.Dial, sink: opts.Sink, log: opts.Log, now: opts.Now,
		poll: opts.Poll, timeout: opts.Timeout, lookback: opts.Lookback, maxBody: opts.MaxBody, fields: opts.HeaderFields,
		keyword: opts.Keyword, machine: opts.MachineFolder, healthy: opts.Healthy, beat: opts.Beat, retryMin: time.Second}
	if w.log == nil {
		w.log = slog.New(slog.DiscardHandler)
	}
	name := opts.Folder
	if name == "" {
		name = `\Sent`
	}
	w.log = w.log.With("folder", name)
	if w.now == nil {
		w.now = time.Now
	}
	if w.poll <= 0 {
		w.poll = time.Minute
	}
	if w.timeout <= 0 {
		w.timeout = time.Minute
	}
	return w, nil
}

// Folder returns the folder's name; "" for a Sent folder found after
// login.
func (w *Watcher) Folder() string { return w.folder }

// Turn bounds one round of the loop between beats: waiting (the poll
// interval, then closing IDLE and a NOOP), a search, a batch's two fetches
// and the keyword and move after it, each bounded by the command timeout;
// a minute more covers dialling, logging in and the Sink.
func (w *Watcher) Turn() time.Duration { return w.poll + 5*w.timeout + time.Minute }

// pulse calls the Beat option, if any.
func (w *Watcher) pulse(within time.Duration) {
	if w.beat != nil {
		w.beat(within)
	}
}
