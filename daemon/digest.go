package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/outbox/digest"
	"github.com/rapport-mail/rapport/store"
)

// digester writes the daily digest once a day at digest.time in the
// owner's zone. The day's row in the digests table is written in the same
// transaction as the mail, so a day gets one digest across restarts and
// crashes; started after the hour, it writes the day's digest at once.
type digester struct {
	store     *store.Store
	drafter   *outbox.Drafter
	log       *slog.Logger
	now       func() time.Time
	zone      *time.Location
	hour, min int
	skipEmpty bool
	weekly    digest.Weekly // the day of the weekly look back
	kick      chan struct{} // capacity 1: the clock moved
	look      *lookout      // how long it may sleep without looking
	// written, when set, is called after each day's digest is committed,
	// with its outbox row (nil when the day was skipped as empty).
	written func(day string, o *store.Outgoing)
	// templateErr says what is wrong with the template edits; may be nil.
	templateErr func() error
}

// run writes digests until ctx ends.
func (g *digester) run(ctx context.Context) {
	for ctx.Err() == nil {
		next, err := g.due(ctx)
		wait := time.Minute
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			g.log.Error("the digest could not be written; trying again in a minute", "err", err)
		} else {
			wait = min(max(next.Sub(g.now()), 0), g.look.every())
		}
		nap(ctx, wait, g.kick)
	}
}

// at returns the digest time on the day of t, in the owner's zone.
func (g *digester) at(t time.Time, days int) time.Time {
	y, m, d := t.In(g.zone).Date()
	return time.Date(y, m, d+days, g.hour, g.min, 0, 0, g.zone)
}

// due writes today's digest when its time has come and it is not written
// yet, and returns when to look again.
func (g *digester) due(ctx context.Context) (time.Time, error) {
	now := g.now()
	today := g.at(now, 0)
	if now.Before(today) {
		return today, nil
	}
	day := today.Format("2006-01-02")
	if _, err := g.store.Read().DigestOf(ctx, day); err == nil {
		return g.at(now, 1), nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return time.Time{}, err
	}
	// A clock set back (by hand, or by NTP after a wrong jump forward) must
	// not bring a digest for a day before one already sent.
	if last, err := g.store.Read().LastDigest(ctx); err == nil && last.Day > day {
		g.log.Warn("the clock is before the last digest's day; no digest until it catches up", "day", day, "last", last.Day)
		return g.at(now, 1), nil
	} else if err != nil && !errors.Is(err, store.ErrNotFound) {
		return time.Time{}, err
	}
	var written *store.Outgoing
	err := g.store.WithTx(ctx, func(tx *store.Tx) error {
		// Build covers the time since the last digest (or the last day).
		opts := digest.Options{Now: now, Zone: g.zone, Weekly: g.weekly}
		if g.drafter != nil && g.drafter.Config != nil {
			opts.ThankYouWithin = g.drafter.Config.Workflow.ThankYouDays()
			opts.Targets = g.drafter.Config.Workflow.TargetCompanies
		}
		if g.templateErr != nil {
			opts.TemplateError = g.templateErr()
		}
		info, err := digest.Build(ctx, tx, opts)
		if err != nil {
			return err
		}
		rec := &store.Digest{Day: day, At: now}
		if !(g.skipEmpty && info.Nothing && len(info.Problems) == 0 && info.Week == nil) {
			if written, err = g.drafter.Digest(ctx, tx, info); err != nil {
				return err
			}
			rec.OutboxID = written.ID
		}
		return tx.AddDigest(ctx, rec)
	})
	if errors.Is(err, store.ErrDigestExists) {
		return g.at(now, 1), nil // another process wrote it meanwhile
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("digest of %s: %w", day, err)
	}
	if written == nil {
		g.log.Info("digest skipped: nothing to act on", "day", day)
	} else {
		g.log.Info("digest written", "day", day, "outbox", written.ID)
	}
	if g.written != nil {
		g.written(day, written)
	}
	return g.at(now, 1), nil
}
