package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
)

// WithReadTx runs fn in a read transaction: every query of fn's Tx sees
// the database as it was at its first read, whatever other processes
// commit meanwhile, so that two passes over the contacts (sizing a
// table, then printing it) agree. It takes no write lock, so the daemon
// goes on writing; fn must not write (its writes would be rolled back).
func (s *Store) WithReadTx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("begin read transaction: %w", err)
	}
	defer conn.Close()
	// The pool's transactions begin IMMEDIATE (a write lock, see open); a
	// plain BEGIN on the connection is deferred: a read lock at the first
	// read, a snapshot in WAL mode.
	if _, err := conn.ExecContext(ctx, "BEGIN DEFERRED"); err != nil {
		return fmt.Errorf("begin read transaction: %w", err)
	}
	tx := &Tx{q: querier{stmts: s.stmts, conn: conn}}
	defer func() {
		for _, st := range tx.q.bound {
			st.Close()
		}
		if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK"); rerr != nil {
			// Never back to the pool inside a transaction.
			conn.Raw(func(any) error { return driver.ErrBadConn })
			if err == nil {
				err = fmt.Errorf("end read transaction: %w", rerr)
			}
		}
	}()
	return fn(tx)
}

// prepareOnConn returns query prepared on the read transaction's
// connection, kept until it ends; nil to run it unprepared (past
// maxStmts queries, or when preparing failed: running it then reports
// the error the usual way).
func (q *querier) prepareOnConn(ctx context.Context, query string) *sql.Stmt {
	if len(q.bound) >= maxStmts {
		return nil
	}
	st, err := q.conn.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	if q.bound == nil {
		q.bound = make(map[string]*sql.Stmt)
	}
	q.bound[query] = st
	return st
}
