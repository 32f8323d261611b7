package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmts keeps the queries the store runs prepared, once per connection:
// SQLite spends far longer compiling a statement than running one of ours,
// and the daemon runs the same few queries for every message it reads.
// Queries built with a variable number of parameters would grow the cache
// without end, so past maxStmts new queries run unprepared.
const maxStmts = 128

type stmts struct {
	db *sql.DB
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// get returns query prepared on the database, preparing it on first use;
// nil when the cache is full.
func (c *stmts) get(ctx context.Context, query string) (*sql.Stmt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[query]; ok {
		return st, nil
	}
	if len(c.m) >= maxStmts {
		return nil, nil
	}
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if c.m == nil {
		c.m = make(map[string]*sql.Stmt)
	}
	c.m[query] = st
	return st, nil
}

// close closes every prepared statement.
func (c *stmts) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	c.m = nil
}

// querier runs queries through the cache, inside tx when it is not nil.
type querier struct {
	stmts *stmts
	tx    *sql.Tx
	// conn, when set, is the connection of a read transaction
	// (Store.WithReadTx): every query runs on it, to see its snapshot.
	conn *sql.Conn
	// bound holds the statements already bound to tx, by query. Binding
	// one (sql.Tx.StmtContext) makes a new statement that database/sql
	// keeps until the transaction ends: bound anew for every call, a
	// transaction of a hundred thousand writes kept as many statements
	// and grew by hundreds of megabytes.
	bound map[string]*sql.Stmt
}

// direct is where a query runs unprepared.
type direct interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (q *querier) direct() direct {
	if q.tx != nil {
		return q.tx
	}
	if q.conn != nil {
		return q.conn
	}
	return q.stmts.db
}

// stmt returns query prepared for this querier, or nil to run it
// unprepared (the cache is full, or preparing failed: running it then
// reports the error the usual way). A statement prepared on the database
// is bound to the transaction's connection, and prepared on that
// connection only the first time it sees it.
func (q *querier) stmt(ctx context.Context, query string) *sql.Stmt {
	if st, ok := q.bound[query]; ok {
		return st
	}
	if q.conn != nil {
		return q.prepareOnConn(ctx, query)
	}
	st, err := q.stmts.get(ctx, query)
	if err != nil || st == nil {
		return nil
	}
	if q.tx == nil {
		return st
	}
	bound := q.tx.StmtContext(ctx, st)
	if q.bound == nil {
		q.bound = make(map[string]*sql.Stmt)
	}
	q.bound[query] = bound
	return bound
}

func (q *querier) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := q.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return q.direct().ExecContext(ctx, query, args...)
}

func (q *querier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := q.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return q.direct().QueryContext(ctx, query, args...)
}

func (q *querier) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := q.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return q.direct().QueryRowContext(ctx, query, args...)
}
