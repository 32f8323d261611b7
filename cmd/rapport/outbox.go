package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"

	"github.com/spf13/pflag"
)

// statuses are every status an outbox message can be in.
var statuses = []string{store.OutboxDraft, store.OutboxApproved, store.OutboxSending, store.OutboxSent,
	store.OutboxFailed, store.OutboxUncertain, store.OutboxSkipped, store.OutboxCancelled}

// The outbox subcommands list, show and decide on outgoing mail:
//
//	outbox list [--status S[,S]] [--all] [--json]
//	outbox show ID [--raw] [--json]
//	outbox approve ID...
//	outbox edit ID [--subject S] [--body-file FILE|-]
//	outbox skip ID...
//	outbox resend ID
//	outbox sent ID
//
// Package outbox decides which messages each change is for; every change
// is one store transaction per message.

type outboxListFlags struct {
	status      string
	all, asJSON bool
}

func (f *outboxListFlags) bind(fs *pflag.FlagSet) {
	fs.StringVar(&f.status, "status", "", "only messages in these `STATUSES`, comma-separated: "+strings.Join(statuses, ", "))
	fs.BoolVar(&f.all, "all", false, "every message, sent and withdrawn ones too")
	fs.BoolVar(&f.asJSON, "json", false, "print JSON for scripts")
}

func runOutboxList(ctx context.Context, a *app, f *outboxListFlags, rest []string) error {
	if len(rest) > 0 {
		return usagef("list takes no argument %q", rest[0])
	}
	flt, err := listFilter(f.status, f.all)
	if err != nil {
		return err
	}
	return withSession(ctx, a, func(s *session) error { return outboxList(ctx, a, s, flt, f.asJSON) })
}

type outboxShowFlags struct{ raw, asJSON bool }

func (f *outboxShowFlags) bind(fs *pflag.FlagSet) {
	fs.BoolVar(&f.raw, "raw", false, "print the exact bytes that would be sent")
	fs.BoolVar(&f.asJSON, "json", false, "print JSON for scripts")
}

func runOutboxShow(ctx context.Context, a *app, f *outboxShowFlags, rest []string) error {
	ids, err := outboxIDs("show", rest, false)
	switch {
	case err != nil:
		return err
	case f.raw && f.asJSON:
		return usagef("--raw and --json do not go together")
	}
	return withSession(ctx, a, func(s *session) error { return outboxShow(ctx, a, s, ids[0], f.raw, f.asJSON) })
}

type outboxEditFlags struct {
	subject, bodyFile string
	fs                *pflag.FlagSet // which of them were given
}

func (f *outboxEditFlags) bind(fs *pflag.FlagSet) {
	f.fs = fs
	fs.StringVar(&f.subject, "subject", "", "the new `SUBJECT`")
	fs.StringVar(&f.bodyFile, "body-file", "", "read the new body from `FILE` (- for standard input)")
}

func runOutboxEdit(ctx context.Context, a *app, f *outboxEditFlags, rest []string) error {
	ids, err := outboxIDs("edit", rest, false)
	if err != nil {
		return err
	}
	edit, err := editFlags(map[string]bool{"subject": f.fs.Changed("subject"), "body-file": f.fs.Changed("body-file")}, f.subject, f.bodyFile)
	if err != nil {
		return err
	}
	return withSession(ctx, a, func(s *session) error { return outboxEdit(ctx, a, s, ids[0], edit) })
}

func runOutboxApprove(ctx context.Context, a *app, rest []string) error {
	return outboxChanges(ctx, a, rest, outbox.ChangeApprove, "approved")
}

func runOutboxSkip(ctx context.Context, a *app, rest []string) error {
	return outboxChanges(ctx, a, rest, outbox.ChangeSkip, "skipped")
}

func runOutboxResend(ctx context.Context, a *app, rest []string) error {
	return outboxChanges(ctx, a, rest, outbox.ChangeResend, "resent")
}

func runOutboxSent(ctx context.Context, a *app, rest []string) error {
	ids, err := outboxIDs("sent", rest, false)
	if err != nil {
		return err
	}
	return withSession(ctx, a, func(s *session) error { return outboxSent(ctx, a, s, ids[0]) })
}

// outboxChanges makes change (approve, skip, resend) to each message of
// rest (resend takes one), reporting each; done is its past participle.
func outboxChanges(ctx context.Context, a *app, rest []string, change, done string) error {
	ids, err := outboxIDs(change, rest, change != outbox.ChangeResend)
	if err != nil {
		return err
	}
	return withSession(ctx, a, func(s *session) error {
		return each(a, ids, done, func(id int64) (string, error) { return outboxChange(ctx, a, s, id, change) })
	})
}

// outboxIDs reads the outbox IDs that sub takes: one, or one or more
// when many.
func outboxIDs(sub string, rest []string, many bool) ([]int64, error) {
	var ids []int64
	for _, arg := range rest {
		id, err := strconv.ParseInt(arg, 10, 64)
		if err != nil || id <= 0 {
			return nil, usagef("%q is not an outbox ID; use the number outbox list shows", arg)
		}
		ids = append(ids, id)
	}
	switch {
	case many && len(ids) == 0:
		return nil, usagef("give the ID of each message to %s (see rapport outbox list)", sub)
	case !many && len(ids) != 1:
		return nil, usagef("%s takes one outbox ID (see rapport outbox list)", sub)
	}
	return ids, nil
}

// withSession opens a session for do and closes its store after.
func withSession(ctx context.Context, a *app, do func(s *session) error) error {
	s, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer s.store.Close()
	return do(s)
}

// listFilter reads --status and --all: by default, what needs the owner
// or is still on its way (outbox.Pending).
func listFilter(status string, all bool) (store.OutboxFilter, error) {
	switch {
	case status != "" && all:
		return store.OutboxFilter{}, usagef("--status and --all do not go together")
	case all:
		return store.OutboxFilter{}, nil
	case status == "":
		return store.OutboxFilter{Statuses: outbox.Pending}, nil
	}
	var f store.OutboxFilter
	for _, st := range strings.Split(status, ",") {
		st = strings.ToLower(strings.TrimSpace(st))
		if !slices.Contains(statuses, st) {
			return f, usagef("--status: unknown status %q (use %s)", st, strings.Join(statuses, ", "))
		}
		f.Statuses = append(f.Statuses, st)
	}
	return f, nil
}

// outboxChange approves, skips or resends message id (change is
// outbox.ChangeApprove, ChangeSkip or ChangeResend) in a transaction of
// its own, and says what it did.
func outboxChange(ctx context.Context, a *app, s *session, id int64, change string) (string, error) {
	var o *store.Outgoing
	err := s.store.WithTx(ctx, func(tx *store.Tx) (err error) {
		if change == outbox.ChangeApprove {
			o, err = outbox.Approve(ctx, tx, id, nil, nil, a.now()) // a *outbox.PlaceholderError says what to replace
			return err
		}
		if o, err = outbox.Check(ctx, tx, id, change); err != nil {
			return err
		}
		if change == outbox.ChangeSkip {
			return outbox.Skip(ctx, tx, id, a.now())
		}
		return outbox.Resend(ctx, tx, id, a.now())
	})
	if err != nil {
		return "", err
	}
	what := fmt.Sprintf("%s to %s: %q", o.Template, showAddresses(o.To), o.Subject)
	switch change {
	case outbox.ChangeApprove:
		return fmt.Sprintf("approved outbox %d, %s; it leaves within the send window while rapport run is running", id, what), nil
	case outbox.ChangeSkip:
		return fmt.Sprintf("skipped outbox %d, %s; it will not be sent", id, what), nil
	}
	return fmt.Sprintf("outbox %d (%s) approved again; it leaves within the send window while rapport run is running", id, o.Template), nil
}

// outboxSent records the owner's word that an uncertain message arrived:
// contacts.Tracker.MarkSent makes it sent and moves the contact's
// workflow on as if the sender had confirmed it.
func outboxSent(ctx context.Context, a *app, s *session, id int64) error {
	var note string
	var c *store.Contact
	err := s.store.WithTx(ctx, func(tx *store.Tx) error {
		o, err := outbox.Check(ctx, tx, id, outbox.ChangeSent)
		if err != nil {
			return err
		}
		if note, err = s.track.MarkSent(ctx, tx, o, []string{o.Status}, a.now(), store.SourceCLI); err != nil || o.ContactID == 0 {
			return err
		}
		c, err = tx.Contact(ctx, o.ContactID)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "outbox %d recorded as sent\n", id)
	if c != nil {
		fmt.Fprintf(a.stdout, "#%d %s: %s\n", c.ID, c.Name, c.State.Status.Label())
	}
	if note != "" {
		fmt.Fprintf(a.stdout, "note: the contact's status did not change: %s\n", note)
	}
	return nil
}

// outboxList prints the messages f selects.
func outboxList(ctx context.Context, a *app, s *session, f store.OutboxFilter, asJSON bool) error {
	list, err := s.store.Read().ListOutbox(ctx, f)
	if err != nil {
		return err
	}
	if asJSON {
		out := make([]outbox.Record, 0, len(list))
		for i := range list {
			out = append(out, outbox.NewRecord(&list[i]))
		}
		return writeJSON(a.stdout, out)
	}
	switch {
	case len(list) == 0 && len(f.Statuses) == 0:
		fmt.Fprintln(a.stderr, "the outbox is empty (rapport draft WHO writes a request)")
		return nil
	case len(list) == 0:
		fmt.Fprintln(a.stderr, "nothing in the outbox in those statuses (rapport outbox list --all shows every message)")
		return nil
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATUS\tTEMPLATE\tTO\tSUBJECT\tNOTE")
	for i := range list {
		o := &list[i]
		tmpl := o.Template
		if o.Audience == store.AudienceOwner {
			tmpl += " (notice)"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", o.ID, o.Status, tmpl, cell(showAddresses(o.To), 36), cell(o.Subject, 40), cell(rowNote(o, s), 60))
	}
	return tw.Flush()
}

// rowNote is the last column of outbox list: what the message waits for,
// or what went wrong.
func rowNote(o *store.Outgoing, s *session) string {
	switch o.Status {
	case store.OutboxDraft:
		if ph := templates.Placeholders(o.Body); len(ph) > 0 {
			return "replace " + strings.Join(ph, ", ")
		}
		return "waiting for your approval"
	case store.OutboxApproved:
		if !o.NotBefore.IsZero() {
			return "not before " + owner(s.zone).Time(o.NotBefore)
		}
		return "queued"
	case store.OutboxSending:
		return "sending since " + owner(s.zone).Stamp(o.Updated)
	case store.OutboxFailed, store.OutboxUncertain:
		return o.LastError
	case store.OutboxSent:
		return "sent " + owner(s.zone).Stamp(o.Sent)
	}
	return ""
}

// cell makes s one line of at most n runes for a table.
func cell(s string, n int) string {
	return oneLine(strings.Join(strings.Fields(s), " "), n)
}
