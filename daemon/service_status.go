package daemon

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/internal/sdnotify"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// updateStatus sends STATUS= when the status line changed.
func (sv *service) updateStatus(ctx context.Context, cfg *config.Config) {
	if !sv.ready.Load() {
		return // supervise reports the start-up
	}
	if s := sv.statusLine(ctx, cfg); s != sv.status {
		sv.status = s
		sv.notify(sdnotify.Status(s))
	}
}

// statusLine says what rapport is doing, for "systemctl status":
// "watching INBOX, Networking; 14 active contacts; 2 drafts to approve;
// next digest 07:30". A part whose query fails is left out.
func (sv *service) statusLine(ctx context.Context, cfg *config.Config) string {
	ctx, cancel := context.WithTimeout(ctx, pingTimeout)
	defer cancel()
	parts := []string{"watching " + strings.Join(append([]string{"INBOX"}, cfg.IMAP.Folders...), ", ")}
	read := sv.store.Read()
	if counts, err := read.CountByStatus(ctx); err == nil {
		active := 0
		for s, n := range counts {
			if s.Stage() != workflow.StageClosed {
				active += n
			}
		}
		parts = append(parts, plural(active, "active contact"))
	}
	if n, err := read.CountOutbox(ctx, store.AudienceContact, store.OutboxDraft); err == nil && n > 0 {
		parts = append(parts, plural(n, "draft")+" to approve")
	}
	if next := nextDigest(ctx, read, cfg, sv.opts.Now()); next != "" {
		parts = append(parts, next)
	}
	return strings.Join(parts, "; ")
}

// nextDigest says when the daily digest is next written, in the owner's
// zone; "" when there is none to write.
func nextDigest(ctx context.Context, read *store.Tx, cfg *config.Config, now time.Time) string {
	if !cfg.Digest.Enabled || cfg.DigestRecipient() == "" {
		return ""
	}
	hour, minute := cfg.Digest.At()
	now = now.In(cfg.Location())
	at := time.Date(now.Year(), now.Month(), now.Day(), hour, minute, 0, 0, now.Location())
	if now.Before(at) {
		return "next digest " + at.Format("15:04")
	}
	if _, err := read.DigestOf(ctx, at.Format("2006-01-02")); err == nil {
		return "next digest tomorrow " + at.Format("15:04")
	} else if errors.Is(err, store.ErrNotFound) {
		return "digest due now"
	}
	return ""
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
