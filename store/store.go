// Package store keeps rapport's state in one SQLite file: contacts with
// their workflow state, timers and history, every message seen or sent, the
// outbox and the mailbox checkpoints.
//
// Writes that belong together go through [Store.WithTx], which commits all
// of them or none. Reads outside a transaction use the Store's methods of
// the same names. Times are stored in UTC and returned in UTC.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"

	"modernc.org/sqlite" // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrNotFound is returned (wrapped) when a looked-up row does not exist.
var ErrNotFound = errors.New("not found")

// ErrDiskFull is wrapped by the error of a write transaction that failed
// because the disk holding the database is full (SQLITE_FULL): nothing of
// it was written, and it can succeed once there is room again.
var ErrDiskFull = errors.New("the disk holding the database is full")

// ErrBusy is wrapped by the error of a write transaction that could not
// start or commit because another process (a rapport command, a backup)
// held the database's write lock for longer than the busy timeout (10 s):
// nothing of it was written, and it can succeed once the other is done.
var ErrBusy = errors.New("the database is busy")

// Store is an open rapport database. It is safe for concurrent use; Close
// it when done.
type Store struct {
	db    *sql.DB
	path  string
	stmts *stmts
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// Close closes the database. Pending transactions are rolled back.
func (s *Store) Close() error {
	s.stmts.close()
	return s.db.Close()
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// Tx runs queries: inside a transaction when it comes from [Store.WithTx],
// on the database directly when it comes from [Store.Read].
type Tx struct {
	q          querier
	onCommit   []func()
	savepoints int // savepoints opened, to name the next one
}

// OnCommit arranges for fn to run once the transaction has committed (in
// the goroutine that called WithTx); it never runs after a rollback. On a
// Tx from [Store.Read], which commits each query as it goes, fn runs at
// once.
func (tx *Tx) OnCommit(fn func()) {
	if tx.q.tx == nil {
		fn()
		return
	}
	tx.onCommit = append(tx.onCommit, fn)
}

// WithTx runs fn in a write transaction. It commits when fn returns nil
// and rolls back when fn returns an error or panics; either way the
// database holds all of fn's writes or none. Once it returns nil the
// writes survive the process being killed; a power failure or a crash of
// the machine soon after may still undo them (synchronous=NORMAL, which
// spares a disk flush per commit). Use [Store.WithDurableTx] where that
// matters.
func (s *Store) WithTx(ctx context.Context, fn func(tx *Tx) error) error {
	return s.run(ctx, s.db.BeginTx, fn)
}

// WithDurableTx is [Store.WithTx] for a commit that must survive a power
// failure once it returns, such as the mark that a message is about to
// reach its recipient: the commit waits until the write-ahead log, with
// every commit before it, is on the disk (synchronous=FULL).
func (s *Store) WithDurableTx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return s.explain(fmt.Errorf("begin transaction: %w", err))
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA synchronous=FULL"); err != nil {
		return s.explain(fmt.Errorf("begin transaction: %w", err))
	}
	defer func() {
		// Back to the pool as the others are; if that fails, the
		// connection is dropped rather than left flushing every commit.
		if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA synchronous=NORMAL"); rerr != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	return s.run(ctx, conn.BeginTx, fn)
}

// run is WithTx and WithDurableTx, with the transaction begun by begin.
func (s *Store) run(ctx context.Context, begin func(context.Context, *sql.TxOptions) (*sql.Tx, error), fn func(tx *Tx) error) (err error) {
	defer func() { err = s.explain(err) }()
	sqlTx, err := begin(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			sqlTx.Rollback()
			panic(p)
		}
		if err != nil {
			sqlTx.Rollback()
		}
	}()
	tx := &Tx{q: querier{stmts: s.stmts, tx: sqlTx}}
	if err := fn(tx); err != nil {
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	for _, f := range tx.onCommit {
		f()
	}
	return nil
}

// explain adds to a failed write what it means and what to do, for the
// two failures an owner can fix, and wraps ErrDiskFull or ErrBusy so that
// callers can tell them from a broken database.
func (s *Store) explain(err error) error {
	var se *sqlite.Error
	if err == nil || !errors.As(err, &se) {
		return err
	}
	switch se.Code() & 0xff { // the primary result code
	case sqlite3.SQLITE_FULL:
		return fmt.Errorf("%w (%w: free some space on the disk holding %s; nothing was written, and it can be tried again)", err, ErrDiskFull, s.path)
	case sqlite3.SQLITE_BUSY:
		return fmt.Errorf("%w (%w: another process, perhaps a rapport command, held %s for too long; nothing was written, and it can be tried again)", err, ErrBusy, s.path)
	}
	return err
}

// Savepoint runs fn inside tx so that, when fn returns an error, its
// writes are undone and the rest of the transaction goes on: one part of
// a batch can fail alone. Functions fn passed to OnCommit are dropped with
// its writes. It is for write transactions from [Store.WithTx] only.
func (tx *Tx) Savepoint(ctx context.Context, fn func() error) error {
	if tx.q.tx == nil {
		return errors.New("savepoint outside a write transaction")
	}
	tx.savepoints++
	name := fmt.Sprintf("sp%d", tx.savepoints)
	if _, err := tx.q.tx.ExecContext(ctx, "SAVEPOINT "+name); err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	hooks := len(tx.onCommit)
	if ferr := fn(); ferr != nil {
		tx.onCommit = tx.onCommit[:hooks]
		if _, err := tx.q.tx.ExecContext(ctx, "ROLLBACK TO "+name+"; RELEASE "+name); err != nil {
			return fmt.Errorf("roll back to savepoint after %v: %w", ferr, err)
		}
		return ferr
	}
	if _, err := tx.q.tx.ExecContext(ctx, "RELEASE "+name); err != nil {
		return fmt.Errorf("release savepoint: %w", err)
	}
	return nil
}

// Read returns a Tx for reads outside any transaction.
func (s *Store) Read() *Tx { return &Tx{q: querier{stmts: s.stmts}} }

const timeFormat = "2006-01-02T15:04:05.000Z"

// timeText returns t as stored, or nil for the zero time (stored as NULL).
func timeText(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(timeFormat)
}

// parseTime reads a stored time; NULL reads as the zero time.
func parseTime(s sql.NullString) (time.Time, error) {
	if !s.Valid || s.String == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(timeFormat, s.String)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s.String, err)
	}
	return t, nil
}

// nullString stores "" as NULL (for columns where NULL means unknown and
// uniqueness must not apply).
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
