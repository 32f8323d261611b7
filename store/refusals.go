package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// LoginRefusal is a login a mail server refused, recorded from its first
// refusal until rapport next logs in (DeleteLoginRefusals): the owner is
// told of it once, however often rapport is started meanwhile.
type LoginRefusal struct {
	Server   string // "host:port"
	Username string
	Since    time.Time
	Detail   string // the server's answer, without secrets
	NoticeID int64  // the outbox row telling the owner; 0 before it is written
}

// AddLoginRefusal records r unless a refusal of the same login (server
// and username) is recorded already, and reports whether it added it;
// r.NoticeID is not taken from r.
func (tx *Tx) AddLoginRefusal(ctx context.Context, r *LoginRefusal) (bool, error) {
	res, err := tx.q.ExecContext(ctx, `INSERT INTO login_refusals (server, username, since, detail)
		VALUES (:server, :user, :since, :detail) ON CONFLICT (server, username) DO NOTHING`,
		sql.Named("server", r.Server), sql.Named("user", r.Username), sql.Named("since", timeText(r.Since)),
		sql.Named("detail", r.Detail))
	if err != nil {
		return false, fmt.Errorf("record the refused login of %s at %s: %w", r.Username, r.Server, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// SetLoginRefusalNotice records the notice that tells the owner of the
// refused login of username at server. It returns an error wrapping
// ErrNotFound when no such refusal is recorded.
func (tx *Tx) SetLoginRefusalNotice(ctx context.Context, server, username string, noticeID int64) error {
	res, err := tx.q.ExecContext(ctx, `UPDATE login_refusals SET notice_id = :notice
		WHERE server = :server AND username = :user`,
		sql.Named("notice", nullID(noticeID)), sql.Named("server", server), sql.Named("user", username))
	if err != nil {
		return fmt.Errorf("record the notice of the refused login of %s at %s: %w", username, server, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("refused login of %s at %s: %w", username, server, ErrNotFound)
	}
	return nil
}

// LoginRefusals returns the recorded refused logins, oldest first.
func (tx *Tx) LoginRefusals(ctx context.Context) ([]LoginRefusal, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT server, username, since, detail, coalesce(notice_id, 0)
		FROM login_refusals ORDER BY since, server, username`)
	if err != nil {
		return nil, fmt.Errorf("refused logins: %w", err)
	}
	defer rows.Close()
	var list []LoginRefusal
	for rows.Next() {
		var r LoginRefusal
		var since sql.NullString
		if err := rows.Scan(&r.Server, &r.Username, &since, &r.Detail, &r.NoticeID); err != nil {
			return nil, fmt.Errorf("refused logins: %w", err)
		}
		if r.Since, err = parseTime(since); err != nil {
			return nil, err
		}
		list = append(list, r)
	}
	return list, rows.Err()
}

// DeleteLoginRefusals forgets every recorded refused login: rapport
// logged in again, so a later refusal is news to the owner.
func (tx *Tx) DeleteLoginRefusals(ctx context.Context) error {
	if _, err := tx.q.ExecContext(ctx, `DELETE FROM login_refusals`); err != nil {
		return fmt.Errorf("forget refused logins: %w", err)
	}
	return nil
}
