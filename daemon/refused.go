package daemon

import (
	"context"
	"errors"
	"fmt"
	netmail "net/mail"
	"strings"
	"sync"
	"time"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/mail/compose"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/transport/imapwatch"
	"github.com/rapport-mail/rapport/transport/smtpout"
)

// A refused login stops rapport (see LoginRefusedError). Before it stops
// on the mailbox's refusal it tells the owner, by a notice through the
// outbox, when the SMTP server still takes their login: the owner may not
// read the journal for days. The refusal is recorded in the store
// (store.LoginRefusal) until rapport next logs in to the mailbox, so that
// the owner hears of it once, however often rapport is started before
// the password is fixed.

// refusalTemplate names the notice in the outbox. It is not a template
// the owner can edit: it must read right when nothing else works.
const refusalTemplate = "login_refused"

// noticeWait bounds how long a stopping daemon waits for the SMTP
// server's answer to the notice; a healthy server answers in seconds.
const noticeWait = time.Minute

// tellOwner records the mailbox's refusal lr and, when it is news and
// rapport sends mail, writes the notice to the owner and waits (at most
// noticeWait, or until ctx ends) for the sender to hand it over. A notice
// written earlier for the same refusal and not sent yet (rapport stopped
// first) is waited for too. Failures are logged: rapport stops anyway.
func (d *Daemon) tellOwner(ctx context.Context, lr *imapwatch.LoginRefusedError) {
	log := d.opts.Log.With("part", "refusal")
	now := d.opts.Now()
	var notice int64 // the notice to wait for; 0 for none
	added := false
	err := d.opts.Store.WithTx(ctx, func(tx *store.Tx) error {
		notice = 0
		var err error
		added, err = tx.AddLoginRefusal(ctx, &store.LoginRefusal{Server: lr.Server, Username: lr.User, Since: now, Detail: serverAnswer(lr)})
		if err != nil {
			return err
		}
		if !added {
			list, err := tx.LoginRefusals(ctx)
			for _, r := range list {
				if r.Server == lr.Server && r.Username == lr.User {
					notice = r.NoticeID
				}
			}
			return err
		}
		if d.send == nil || d.opts.Config.DigestRecipient() == "" {
			return nil
		}
		o := refusalNotice(d.opts.Config, lr)
		if err := tx.InsertOutgoing(ctx, o, now); err != nil {
			return err
		}
		notice = o.ID
		return tx.SetLoginRefusalNotice(ctx, lr.Server, lr.User, o.ID)
	})
	switch {
	case err != nil:
		log.Error("cannot record the refused login; the owner is not told by mail", "error", err)
		return
	case d.send == nil:
		log.Warn("the owner is not told by mail: rapport sends no mail without [smtp]")
		return
	case !added && notice == 0:
		log.Info("the owner was told of this refused login already, or cannot be written to")
		return
	case notice == 0:
		log.Warn("the owner is not told by mail: no owner address (set owner.addresses)")
		return
	}
	d.awaitNotice(ctx, notice, !added)
}

// awaitNotice kicks the sender and waits until it settles the notice id,
// noticeWait at most; again says the notice was written at an earlier
// refusal. A notice the sender put off (the SMTP server refused it too)
// is not waited for.
func (d *Daemon) awaitNotice(ctx context.Context, id int64, again bool) {
	log := d.opts.Log.With("part", "refusal", "outbox", id)
	settled := d.outcomes.watch(id)
	o, err := d.opts.Store.Read().Outgoing(ctx, id)
	switch {
	case err != nil:
		log.Warn("cannot read the notice to the owner", "error", err)
		return
	case o.Status == store.OutboxSent:
		log.Info("the owner was told of this refused login already", "sent", o.Sent)
		return
	case o.Status != store.OutboxApproved && o.Status != store.OutboxSending,
		o.Status == store.OutboxApproved && o.NotBefore.After(d.opts.Now()):
		log.Warn("the notice to the owner is not sent now; it stays in the outbox", "status", o.Status, "last_error", o.LastError)
		return
	}
	if again {
		log.Info("sending the notice an earlier refusal left in the outbox")
	}
	d.Kick()
	t := time.NewTimer(noticeWait)
	defer t.Stop()
	select {
	case <-settled:
	case <-ctx.Done():
		return
	case <-t.C:
		log.Warn("the SMTP server did not take the notice to the owner in time; it stays in the outbox", "waited", noticeWait)
		return
	}
	if o, err = d.opts.Store.Read().Outgoing(ctx, id); err != nil {
		log.Warn("cannot read the notice to the owner", "error", err)
		return
	}
	if o.Status == store.OutboxSent {
		log.Info("the owner is told by mail that the mailbox refused the login", "to", o.To, "message_id", o.MessageID)
		return
	}
	log.Warn("the notice to the owner could not be sent; it stays in the outbox", "status", o.Status, "last_error", o.LastError)
}

// serverAnswer is the server's refusal as it said it: "NO
// [AUTHENTICATIONFAILED] Authentication failed.".
func serverAnswer(lr *imapwatch.LoginRefusedError) string {
	s := "NO"
	if lr.Code != "" {
		s += " [" + lr.Code + "]"
	}
	if lr.Text != "" {
		s += " " + lr.Text
	}
	return s
}

// refusalNotice writes the notice telling the owner that the mailbox
// refused rapport's login, approved for the sender. It holds the host,
// the user and the server's answer, never a secret.
func refusalNotice(cfg *config.Config, lr *imapwatch.LoginRefusedError) *store.Outgoing {
	host := cfg.IMAP.Host
	if host == "" {
		host = lr.Server
	}
	var b strings.Builder
	if lr.Mechanism == "" {
		fmt.Fprintf(&b, "The mailbox refused rapport's login at %s as %s: the password or app password may have changed; fix it and start rapport again.\n", host, lr.User)
	} else {
		fmt.Fprintf(&b, "The mailbox refused rapport's login at %s as %s with %s: the access token may have expired or been revoked; check imap.token_command and start rapport again.\n", host, lr.User, lr.Mechanism)
	}
	fmt.Fprintf(&b, "\nThe server answered: %s\n", serverAnswer(lr))
	b.WriteString("\nrapport does not try a refused login again: providers lock accounts that keep trying. " +
		"Until it is started again it reads no mail and sends nothing; mail that arrives meanwhile waits in the mailbox.\n" +
		"\nTo check the login before starting it: rapport doctor\n")
	return &store.Outgoing{
		Template: refusalTemplate, Audience: store.AudienceOwner, Status: store.OutboxApproved,
		MessageID: compose.NewMessageID(cfg.Sender().Address),
		To:        (&netmail.Address{Name: cfg.Owner.Name, Address: cfg.DigestRecipient()}).String(),
		Subject:   "rapport stopped: the mailbox refused its login",
		Body:      b.String(),
	}
}

// loginWorked ends a refusal episode: the mailbox took rapport's login
// again, so a later refusal is news to the owner, and a notice still
// waiting to be sent is stale. It looks once per Daemon (a refusal stops
// the daemon, so none can begin while it runs), and again after a failed
// look.
func (d *Daemon) loginWorked() {
	d.episode.Lock()
	defer d.episode.Unlock()
	if d.episode.over {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	list, err := d.opts.Store.Read().LoginRefusals(ctx)
	if err == nil && len(list) > 0 {
		err = d.opts.Store.WithTx(ctx, func(tx *store.Tx) error {
			for _, r := range list {
				if r.NoticeID == 0 {
					continue
				}
				err := tx.MoveOutgoing(ctx, r.NoticeID, []string{store.OutboxApproved}, store.OutboxChange{To: store.OutboxCancelled,
					LastError: "not sent: rapport logged in to the mailbox again first"}, d.opts.Now())
				if err != nil && !errors.Is(err, store.ErrOutboxChanged) {
					return err
				}
			}
			return tx.DeleteLoginRefusals(ctx)
		})
	}
	if err != nil {
		d.opts.Log.Warn("cannot record that the mailbox takes rapport's login again", "error", err)
		return
	}
	d.episode.over = true
	for _, r := range list {
		d.opts.Log.Info("the mailbox takes rapport's login again", "server", r.Server, "user", r.Username, "refused_since", r.Since)
	}
}

// outcomes tells a waiter when the sender settles one outbox row.
type outcomes struct {
	mu   sync.Mutex
	id   int64
	done chan struct{} // closed when id is settled; nil when no one waits
}

// watch returns a channel closed once the sender settles id (after watch
// was called), instead of whatever was watched before.
func (o *outcomes) watch(id int64) <-chan struct{} {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.id, o.done = id, make(chan struct{})
	return o.done
}

// settled is the sender's hook: row id's outcome is committed.
func (o *outcomes) settled(id int64) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.done != nil && id == o.id {
		close(o.done)
		o.done = nil
	}
}

// smtpRefusalsToStop is how many refused SMTP logins in a row stop
// rapport: as for the mailbox after a login worked, one may be a hiccup.
// The sender holds its queue holdFor between attempts, so the second
// comes that much later.
const smtpRefusalsToStop = 2

// refusalMailer is the sender's Mailer, counting the SMTP server's
// refusals of the login in a row; refused is called with the one that
// makes smtpRefusalsToStop. Any other outcome starts the count again.
type refusalMailer struct {
	Mailer
	refused func(err error)

	mu     sync.Mutex
	inARow int
}

// SendMarked implements Mailer.
func (m *refusalMailer) SendMarked(ctx context.Context, from string, rcpts []string, data []byte, beforeEnd func() error) error {
	err := m.Mailer.SendMarked(ctx, from, rcpts, data, beforeEnd)
	m.mu.Lock()
	defer m.mu.Unlock()
	if !smtpRefused(err) {
		m.inARow = 0
		return err
	}
	if m.inARow++; m.inARow >= smtpRefusalsToStop {
		m.refused(err)
	}
	return err
}

// smtpRefused reports the SMTP server refusing the credentials: 535
// (RFC 4954: "authentication credentials invalid", a password or token
// refused) or 534 (a mechanism too weak for the account, which providers
// answer when an app password is required). 454, a temporary failure,
// and failures to get an OAuth token, to connect or to start TLS, are
// not.
func smtpRefused(err error) bool {
	var e *smtpout.Error
	return errors.As(err, &e) && e.Stage == smtpout.StageAuth && (e.Code == 535 || e.Code == 534)
}
