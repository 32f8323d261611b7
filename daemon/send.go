package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/contacts"
	"github.com/rapport-mail/rapport/internal/ascii"
	"github.com/rapport-mail/rapport/internal/crashpoint"
	"github.com/rapport-mail/rapport/mail/intro"
	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/transport/imapwatch"
	"github.com/rapport-mail/rapport/transport/smtpout"
	"github.com/rapport-mail/rapport/workflow"
)

// Mailer hands one message to the mail server: the exact bytes, to the
// envelope recipients. Its errors say whether the message may have been
// delivered (see verdictOf). beforeEnd is called once the whole message is
// written and before the end-of-data mark, the last moment at which the
// server cannot have it; when it fails, the mark is not written and the
// message is not delivered. *smtpout.Sender is the Mailer.
type Mailer interface {
	SendMarked(ctx context.Context, from string, rcpts []string, data []byte, beforeEnd func() error) error
}

// sender sends approved outgoing mail, one message at a time, exactly
// once. Two marks, each committed on its own, bracket the point of no
// return: "sending" before the SMTP transaction starts, and the end of
// data (store.Tx.MarkEndOfData) once the whole message is written and
// before the end-of-data mark that lets the server deliver it; "sent"
// follows the server's answer. A message found "sending" at start (the
// process died in between) is sent again when it never reached the second
// mark, since the server cannot have it; past the second mark it is looked
// for in the Sent folder and, when absent, left "uncertain" for the owner,
// never sent again on rapport's own.
type sender struct {
	store  *store.Store
	track  *contacts.Tracker
	mailer Mailer
	build  func(o *store.Outgoing, date time.Time) (data []byte, rcpts []string, err error)
	from   string // the envelope sender: the owner's address
	// self are the owner's (and rapport's) addresses, lower-cased: their
	// mail is never a contact's answer, even at the contact's domain.
	self []string
	pace *pacer
	box  *imapwatch.Mailbox // nil without IMAP: no Sent copies, no last look
	save bool               // file a copy in the Sent folder
	log  *slog.Logger
	now  func() time.Time
	kick chan struct{} // capacity 1: something was approved
	look *lookout      // how long it may sleep without looking
	// draftsLooked is when the filed drafts were last looked at in the
	// Drafts folder (lookAtDrafts).
	draftsLooked time.Time
	// sentHook, when set, is called after each message's outcome is
	// committed (tests wait on it).
	sentHook func(o store.Outgoing)
}

// verdict is what an SMTP error means for the message.
type verdict int

const (
	verdictRetry     verdict = iota // not delivered; try again later
	verdictFailed                   // refused for good
	verdictUncertain                // may have been delivered: never resend on our own
	verdictHold                     // the server or the account is at fault: hold and retry, without giving up
)

// holdFor is how long sending pauses when the server cannot be reached or
// refuses the login.
const holdFor = 10 * time.Minute

// retryDelay is how long a message waits after a temporary failure:
// doubling from two minutes, at most six hours.
func retryDelay(attempts int) time.Duration {
	d := 2 * time.Minute
	for i := 1; i < attempts && d < 6*time.Hour; i++ {
		d *= 2
	}
	return min(d, 6*time.Hour)
}

// maxAttempts is when temporary failures become a failure the owner hears of.
const maxAttempts = 8

// run sends until ctx ends: first it settles what an earlier run left
// "sending", then it sends what is due and sleeps until the next message
// is, or until kicked. After a pass that failed (the store could not
// record an outcome, say) it settles its own "sending" messages the same
// way before going on.
func (s *sender) run(ctx context.Context) {
	settled := false
	for ctx.Err() == nil {
		if !settled {
			if err := s.recover(ctx); err != nil {
				s.log.Warn("cannot yet check interrupted sends; retrying in a minute", "error", err)
				if !s.sleep(ctx, s.now().Add(time.Minute)) {
					return
				}
				continue
			}
			settled = true
		}
		next, err := s.pass(ctx)
		if err != nil {
			s.log.Warn("sending paused after an error; retrying in a minute", "error", err)
			next, settled = s.now().Add(time.Minute), false
		}
		if !s.sleep(ctx, next) {
			return
		}
	}
}

// sleep waits until at (s.look.every() at most: the CLI approves
// messages in another process), a kick or ctx's end; it returns false
// when ctx ended.
func (s *sender) sleep(ctx context.Context, at time.Time) bool {
	wait := s.look.every()
	if !at.IsZero() {
		wait = min(wait, max(0, at.Sub(s.now())))
	}
	return nap(ctx, wait, s.kick)
}

// nap waits for d, a kick or ctx's end, and reports whether ctx is still
// live: the sleep of the sender, the timers and the digest.
func nap(ctx context.Context, d time.Duration, kick <-chan struct{}) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-kick:
	case <-t.C:
	}
	return true
}

// recover settles messages an earlier run left "sending": those that
// never reached the end of data go back to the queue; of the others, those
// found in the Sent folder (or, for a notice, in the owner's mailbox) were
// sent and the rest are uncertain. Notices already uncertain are looked
// for again: each may have arrived since.
func (s *sender) recover(ctx context.Context) error {
	read := s.store.Read()
	stuck, err := read.ListOutbox(ctx, store.OutboxFilter{Statuses: []string{store.OutboxSending}})
	if err != nil {
		return err
	}
	if err := s.settleNotices(ctx); err != nil {
		return err
	}
	for _, o := range stuck {
		if o.EndOfData.IsZero() {
			err := s.store.WithTx(ctx, func(tx *store.Tx) error {
				return tx.MoveOutgoing(ctx, o.ID, []string{store.OutboxSending}, store.OutboxChange{To: store.OutboxApproved,
					LastError: "rapport stopped before the message was complete; the server cannot have it, so it is sent again"}, s.now())
			})
			if err != nil {
				return err
			}
			s.log.Info("an interrupted send never reached the server whole; sending it again", "outbox", o.ID, "message_id", o.MessageID)
			continue
		}
		found := false
		if s.box != nil {
			// A notice reaches the owner's own mailbox: look there too.
			if found, err = s.box.SentHas(ctx, o.MessageID, o.Audience == store.AudienceOwner); err != nil {
				return fmt.Errorf("look for <%s> in the Sent folder: %w", o.MessageID, err)
			}
		}
		now := s.now()
		err := s.store.WithTx(ctx, func(tx *store.Tx) error {
			if found {
				_, err := s.track.MarkSent(ctx, tx, &o, []string{store.OutboxSending}, now, store.SourceMail)
				return err
			}
			return tx.MoveOutgoing(ctx, o.ID, []string{store.OutboxSending}, store.OutboxChange{To: store.OutboxUncertain,
				LastError: fmt.Sprintf("rapport stopped during the send and the Sent folder has no copy: check whether it arrived, then run rapport outbox sent %d or rapport outbox resend %d", o.ID, o.ID)}, now)
		})
		if errors.Is(err, store.ErrOutboxChanged) {
			// The contact's answer to it came in meanwhile, and settled it
			// as sent (see inbound.Handler).
			s.log.Info("an interrupted send was answered meanwhile: it had gone out", "outbox", o.ID, "message_id", o.MessageID)
			s.done(o.ID)
			continue
		}
		if err != nil {
			return err
		}
		if found {
			s.log.Info("an interrupted send had gone out", "outbox", o.ID, "message_id", o.MessageID)
		} else {
			s.log.Warn("an interrupted send may or may not have gone out; the owner must confirm", "outbox", o.ID, "message_id", o.MessageID, "to", o.To)
		}
		s.done(o.ID)
	}
	return nil
}

// settleNotices marks sent the uncertain notices to the owner that are in
// the owner's mailbox after all.
func (s *sender) settleNotices(ctx context.Context) error {
	if s.box == nil {
		return nil
	}
	list, err := s.store.Read().ListOutbox(ctx, store.OutboxFilter{Statuses: []string{store.OutboxUncertain}, Audience: store.AudienceOwner})
	if err != nil || len(list) == 0 {
		return err
	}
	for _, o := range list {
		found, err := s.box.SentHas(ctx, o.MessageID, true)
		if err != nil {
			return fmt.Errorf("look for <%s> in the mailbox: %w", o.MessageID, err)
		}
		if !found {
			continue
		}
		err = s.store.WithTx(ctx, func(tx *store.Tx) error {
			_, err := s.track.MarkSent(ctx, tx, &o, []string{store.OutboxUncertain}, s.now(), store.SourceMail)
			return err
		})
		if err != nil {
			return err
		}
		s.log.Info("an uncertain notice is in the owner's mailbox: it arrived", "outbox", o.ID, "message_id", o.MessageID)
		s.done(o.ID)
	}
	return nil
}

// pass sends every message due now, in order, and returns when the next
// one will be (zero for nothing pending).
func (s *sender) pass(ctx context.Context) (time.Time, error) {
	var next time.Time
	later := func(t time.Time) {
		if !t.IsZero() && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	if err := s.drafts(ctx); err != nil {
		// The Drafts folder's trouble (the server away) must not hold up
		// what rapport sends itself; the next pass tries again.
		s.log.Warn("the work in the Drafts folder waits for the next pass", "error", err)
	}
	for {
		now := s.now()
		due, err := s.store.Read().NextApproved(ctx, now, 50)
		if err != nil {
			return time.Time{}, err
		}
		sent := 0
		for _, o := range due {
			if o.Audience == store.AudienceContact {
				at, err := s.allowedAt(ctx, &o, now)
				if err != nil {
					return time.Time{}, err
				}
				if at.After(now) || at.IsZero() {
					later(at)
					continue
				}
			}
			if err := s.sendOne(ctx, o); err != nil {
				return time.Time{}, err
			}
			sent++
			break // pacing changed: look again
		}
		if sent == 0 {
			nb, err := s.store.Read().NextNotBefore(ctx, now)
			if err != nil {
				return time.Time{}, err
			}
			later(nb)
			return next, nil
		}
	}
}

// allowedAt is when pacing lets o leave.
func (s *sender) allowedAt(ctx context.Context, o *store.Outgoing, now time.Time) (time.Time, error) {
	y, m, d := now.In(s.pace.owner).Date()
	count, last, err := s.store.Read().SentSince(ctx, time.Date(y, m, d, 0, 0, 0, 0, s.pace.owner))
	if err != nil {
		return time.Time{}, err
	}
	if count == 0 {
		if last, err = s.store.Read().LastSent(ctx); err != nil {
			return time.Time{}, err
		}
	}
	var zone *time.Location
	if o.ContactID != 0 {
		if c, err := s.store.Read().Contact(ctx, o.ContactID); err == nil && c.TimeZone != "" {
			zone, _ = time.LoadLocation(c.TimeZone)
		}
	}
	return s.pace.earliest(now, zone, pacing{sentToday: count, lastSent: last}), nil
}

// sendOne sends one approved message and commits its outcome.
func (s *sender) sendOne(ctx context.Context, o store.Outgoing) error {
	log := s.log.With("outbox", o.ID, "template", o.Template, "contact", o.ContactID)
	if workflow.FollowsUp(o.Template) {
		wait, err := s.answered(ctx, &o)
		if err != nil {
			return err
		}
		if wait {
			// Not sent: the answer is handled first, and a reply cancels
			// the nudge through the workflow.
			log.Info("an answer came in before the nudge; holding it back")
			return s.store.WithTx(ctx, func(tx *store.Tx) error {
				return tx.MoveOutgoing(ctx, o.ID, []string{store.OutboxApproved}, store.OutboxChange{To: store.OutboxApproved,
					NotBefore: s.now().Add(2 * time.Minute), LastError: "held back: an answer may have come in"}, s.now())
			})
		}
	}
	date := s.now()
	data, rcpts, err := s.build(&o, date)
	if err != nil {
		// A message that cannot be written will not get better by waiting.
		return s.finish(ctx, o, store.OutboxFailed, "cannot write the message: "+err.Error(), log)
	}
	answered := false
	err = s.store.WithTx(ctx, func(tx *store.Tx) error {
		if workflow.FollowsUp(o.Template) {
			heard, err := s.heardInStore(ctx, tx, &o)
			if err != nil {
				return err
			}
			if heard {
				answered = true
				return tx.MoveOutgoing(ctx, o.ID, []string{store.OutboxApproved}, store.OutboxChange{To: store.OutboxCancelled,
					LastError: "not sent: the contact answered"}, date)
			}
		}
		return tx.MoveOutgoing(ctx, o.ID, []string{store.OutboxApproved}, store.OutboxChange{To: store.OutboxSending, Attempt: true}, date)
	})
	switch {
	case errors.Is(err, store.ErrOutboxChanged):
		return nil // skipped or cancelled meanwhile
	case err != nil:
		return err
	case answered:
		log.Info("the contact answered; the nudge is cancelled")
		s.done(o.ID)
		return nil
	}
	// From here the message is in hand: a stop (SIGTERM) lets it finish
	// and its outcome be recorded, within the SMTP timeouts, rather than
	// leave it to the recovery of the next start.
	ctx = context.WithoutCancel(ctx)
	crashpoint.Hit("send-before-smtp")
	sendErr := s.mailer.SendMarked(ctx, s.from, rcpts, data, func() error {
		crashpoint.Hit("send-before-end")
		// Durable: after a power failure the mark must still say that
		// the server may have the message, or it would be sent again.
		err := s.store.WithDurableTx(ctx, func(tx *store.Tx) error { return tx.MarkEndOfData(ctx, o.ID, s.now()) })
		crashpoint.Hit("send-after-end-mark")
		return err
	})
	crashpoint.Hit("send-after-smtp")
	if sendErr != nil {
		return s.failed(ctx, o, sendErr, log)
	}
	if s.box != nil && s.save {
		// Filed before "sent" is committed: if rapport dies in between,
		// recovery finds the copy and knows the message left.
		if err := s.box.AppendSent(ctx, data, date); err != nil {
			log.Warn("sent, but no copy could be filed in the Sent folder", "error", err)
		}
	}
	var note string
	err = s.store.WithDurableTx(ctx, func(tx *store.Tx) error {
		var err error
		note, err = s.track.MarkSent(ctx, tx, &o, []string{store.OutboxSending}, s.now(), store.SourceMail)
		return err
	})
	if errors.Is(err, store.ErrOutboxChanged) {
		// An answer to it arrived before this mark and settled it as sent.
		log.Info("sent; an answer had already settled it", "to", o.To, "message_id", o.MessageID)
		s.done(o.ID)
		return nil
	}
	if err != nil {
		return err
	}
	log.Info("sent", "to", o.To, "message_id", o.MessageID, "note", note)
	s.done(o.ID)
	return nil
}

// answered takes a last look in the mailbox, before a nudge, for an
// answer since the thread's last message left: from any of the contact's
// addresses, from anyone at their organisation, or in their thread from
// any address.
func (s *sender) answered(ctx context.Context, o *store.Outgoing) (bool, error) {
	if s.box == nil || o.ContactID == 0 {
		return false, nil
	}
	read := s.store.Read()
	c, err := read.Contact(ctx, o.ContactID)
	if err != nil {
		return false, err
	}
	since, err := s.lookSince(ctx, read, o)
	if err != nil {
		return false, err
	}
	var look imapwatch.LastLook
	if from := answerFrom(c.Email); from != "" {
		look.From = append(look.From, from)
	}
	others, err := read.Addresses(ctx, c.ID)
	if err != nil {
		return false, err
	}
	for _, a := range others {
		look.From = append(look.From, answerFrom(a.Address))
	}
	if look.Thread, err = read.SentMessageIDs(ctx, c.ID, lastLookThread); err != nil {
		return false, err
	}
	if len(look.From) == 0 && len(look.Thread) == 0 {
		return false, nil
	}
	found, err := s.box.HeardFrom(ctx, look, s.self, since, func(folder string) (imapwatch.Checkpoint, bool) {
		cp, err := read.Mailbox(ctx, folder)
		if err != nil {
			return imapwatch.Checkpoint{}, false
		}
		return imapwatch.Checkpoint{UIDValidity: cp.UIDValidity, LastUID: cp.LastUID}, true
	})
	if err != nil {
		// The store check below still runs; an unreachable mailbox must not
		// stop every nudge, but say so.
		s.log.Warn("could not search the mailbox before a nudge; relying on what rapport has seen", "error", err)
		return false, nil
	}
	return found, nil
}

// lastLookThread is how many of the messages rapport sent a contact the
// last look searches answers to: the request and its nudges.
const lastLookThread = 5

// heardInStore is the store's half of the last look before a nudge.
func (s *sender) heardInStore(ctx context.Context, tx *store.Tx, o *store.Outgoing) (bool, error) {
	if o.ContactID == 0 {
		return false, nil
	}
	c, err := tx.Contact(ctx, o.ContactID)
	if err != nil {
		return false, err
	}
	since, err := s.lookSince(ctx, tx, o)
	if err != nil {
		return false, err
	}
	domain := ""
	if from := answerFrom(c.Email); strings.HasPrefix(from, "@") {
		domain = from[1:]
	}
	return tx.HeardFrom(ctx, c.ID, domain, s.self, since)
}

// answerFrom is what an answer from the contact at email is recognised
// by before a nudge: anyone at their company's domain ("@acme.example":
// a colleague, or their other address, may answer), or at a webmail
// domain, where strangers share it, the address itself.
func answerFrom(email string) string {
	email = ascii.Lower(strings.TrimSpace(email))
	_, domain, ok := strings.Cut(email, "@")
	switch {
	case !ok || domain == "":
		return ""
	case intro.Webmail(domain):
		return email
	}
	return "@" + domain
}

// lookSince is when answers count from in the last look before o: when
// the message o follows up on left, or later the owner's go on (see
// afterGoOn).
func (s *sender) lookSince(ctx context.Context, tx *store.Tx, o *store.Outgoing) (time.Time, error) {
	since, err := s.threadSent(ctx, tx, o)
	if err != nil || o.ContactID == 0 {
		return since, err
	}
	return afterGoOn(ctx, tx, o.ContactID, since)
}

// afterGoOn returns since, or the owner's last go on for the contact when
// later. Go on answers a colleague's reply that held the follow-up (the
// 3B7 routine): the owner read it and said to follow up anyway, so that
// reply, from the contact's domain, must not hold the nudge a second
// time at the last look.
func afterGoOn(ctx context.Context, tx *store.Tx, contact int64, since time.Time) (time.Time, error) {
	hist, err := tx.History(ctx, contact)
	if err != nil {
		return since, err
	}
	for _, e := range hist {
		if e.Kind == string(workflow.EventGoOn) && e.At.After(since) {
			since = e.At
		}
	}
	return since, nil
}

// threadSent is when the message o follows up on left.
func (s *sender) threadSent(ctx context.Context, tx *store.Tx, o *store.Outgoing) (time.Time, error) {
	if o.InReplyTo == "" {
		return o.Created, nil
	}
	prev, err := tx.OutgoingByMessageID(ctx, o.InReplyTo)
	if errors.Is(err, store.ErrNotFound) || (err == nil && prev.Sent.IsZero()) {
		return o.Created, nil
	}
	if err != nil {
		return time.Time{}, err
	}
	return prev.Sent, nil
}

// failed commits what an SMTP error means for o.
func (s *sender) failed(ctx context.Context, o store.Outgoing, sendErr error, log *slog.Logger) error {
	switch verdictOf(sendErr) {
	case verdictUncertain:
		log.Warn("the server may or may not have taken the message; the owner must confirm", "error", sendErr)
		return s.finish(ctx, o, store.OutboxUncertain, fmt.Sprintf("%v; once you know, run rapport outbox sent %d or rapport outbox resend %d", sendErr, o.ID, o.ID), log)
	case verdictFailed:
		log.Warn("the server refused the message", "error", sendErr)
		if refusedAddress(sendErr) && o.Audience == store.AudienceContact && o.ContactID != 0 {
			return s.bounced(ctx, o, sendErr, log)
		}
		return s.finish(ctx, o, store.OutboxFailed, sendErr.Error(), log)
	}
	if v := verdictOf(sendErr); v == verdictHold {
		log.Warn("cannot send through the SMTP server; check the [smtp] configuration", "error", sendErr, "retry_in", holdFor)
		return s.retry(ctx, o, sendErr, holdFor)
	}
	if o.Attempts+1 >= maxAttempts {
		return s.finish(ctx, o, store.OutboxFailed, fmt.Sprintf("gave up after %d attempts: %v", o.Attempts+1, sendErr), log)
	}
	delay := retryDelay(o.Attempts + 1)
	log.Info("the server is not taking mail now; retrying later", "error", sendErr, "retry_in", delay)
	return s.retry(ctx, o, sendErr, delay)
}

// retry puts o back in the queue, due after delay.
func (s *sender) retry(ctx context.Context, o store.Outgoing, sendErr error, delay time.Duration) error {
	err := s.store.WithTx(ctx, func(tx *store.Tx) error {
		return tx.MoveOutgoing(ctx, o.ID, []string{store.OutboxSending}, store.OutboxChange{To: store.OutboxApproved,
			LastError: sendErr.Error(), NotBefore: s.now().Add(delay)}, s.now())
	})
	if err == nil {
		s.done(o.ID)
	}
	return err
}

// finish moves o, "sending" or "approved", to a final status with why.
func (s *sender) finish(ctx context.Context, o store.Outgoing, status, why string, log *slog.Logger) error {
	err := s.store.WithTx(ctx, func(tx *store.Tx) error {
		return tx.MoveOutgoing(ctx, o.ID, []string{store.OutboxSending, store.OutboxApproved}, store.OutboxChange{To: status, LastError: why}, s.now())
	})
	if err != nil {
		return err
	}
	s.done(o.ID)
	return nil
}

// done tells the test hook, if any, that o's outcome is committed.
func (s *sender) done(id int64) {
	if s.sentHook == nil {
		return
	}
	if o, err := s.store.Read().Outgoing(context.Background(), id); err == nil {
		s.sentHook(*o)
	}
}

// refusedAddress reports a server that refused the recipient for good: the
// address is wrong, as surely as if a bounce had come back.
func refusedAddress(err error) bool {
	var e *smtpout.Error
	return errors.As(err, &e) && e.Class == smtpout.Permanent && e.Stage == smtpout.StageRcpt
}

// bounced fails o and closes the contact as bounced, which tells the owner
// which address failed and cancels what was still to be sent to them.
func (s *sender) bounced(ctx context.Context, o store.Outgoing, sendErr error, log *slog.Logger) error {
	now := s.now()
	err := s.store.WithTx(ctx, func(tx *store.Tx) error {
		err := tx.MoveOutgoing(ctx, o.ID, []string{store.OutboxSending}, store.OutboxChange{To: store.OutboxFailed, LastError: sendErr.Error()}, now)
		if err != nil {
			return err
		}
		c, err := tx.Contact(ctx, o.ContactID)
		if err != nil {
			return err
		}
		_, err = s.track.Apply(ctx, tx, c, workflow.Event{Kind: workflow.EventBounceReceived, MessageID: o.MessageID,
			Why: "the mail server refused the address: " + sendErr.Error(), Bounce: outbox.RefusedBounce(sendErr, c.Email)}, now, store.SourceMail)
		var refused *workflow.TransitionError
		if errors.As(err, &refused) {
			log.Info("the contact's status stays as it is", "reason", refused.Error())
			return nil
		}
		return err
	})
	if err == nil {
		s.done(o.ID)
	}
	return err
}
