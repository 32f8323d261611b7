package inbound

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	rig "github.com/rapport-mail/rapport/internal/rig/fixture"
	"github.com/rapport-mail/rapport/mail/classify"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// The owner writes to contacts from their own mail program too: what they
// send lands in their Sent folder, and rapport reads it there. These tests
// hand the Sent folder's mail to HandleSent and read what the owner would
// see: the contact's status and timers, rapport's drafts, the timeline.

// handMail writes mail as a mail program files it in Sent: from the
// owner, to and cc as given (cc may be ""), dated date.
func handMail(to, cc, subject, id string, date time.Time) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "From: Alex Example <%s>\r\nTo: %s\r\n", owner, to)
	if cc != "" {
		fmt.Fprintf(&b, "Cc: %s\r\n", cc)
	}
	fmt.Fprintf(&b, "Subject: %s\r\nDate: %s\r\nMessage-ID: <%s>\r\n", subject, date.Format(time.RFC1123Z), id)
	b.WriteString("User-Agent: Mozilla Thunderbird\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8; format=flowed\r\n\r\n")
	b.WriteString("Hi Jane,\r\n\r\nwould you have twenty minutes for a call next week?\r\n\r\nAlex\r\n")
	return []byte(b.String())
}

// handleSent handles raws as one batch of the Sent folder, committed.
func (f *ownerFixture) handleSent(lookback bool, raws ...[]byte) []Outcome {
	f.t.Helper()
	var batch []Message
	for _, raw := range raws {
		f.uid++
		header, _, _ := strings.Cut(string(raw), "\r\n\r\n")
		batch = append(batch, Message{UID: f.uid, Header: []byte(header + "\r\n\r\n"), Parsed: classify.Parse(raw)})
	}
	var out []Outcome
	err := f.store.WithTx(context.Background(), func(tx *store.Tx) (err error) {
		out, err = f.h.HandleSent(context.Background(), tx, "Sent", batch, lookback)
		return err
	})
	if err != nil {
		f.t.Fatalf("HandleSent() error = %v", err)
	}
	return out
}

// move applies events to c at the given times, with no drafts or notices
// but those the fixture's tracker writes.
func (f *ownerFixture) move(c *store.Contact, at time.Time, kinds ...workflow.EventKind) {
	f.t.Helper()
	ctx := context.Background()
	err := f.store.WithTx(ctx, func(tx *store.Tx) error {
		for _, k := range kinds {
			if _, err := f.track.Apply(ctx, tx, c, workflow.Event{Kind: k}, at, store.SourceCLI); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		f.t.Fatal(err)
	}
}

// drafts returns "template status" for each of c's outbox rows, oldest
// first.
func (f *ownerFixture) drafts(id int64) []string {
	f.t.Helper()
	list, err := f.store.Read().ListOutbox(context.Background(), store.OutboxFilter{ContactID: id, Audience: store.AudienceContact})
	if err != nil {
		f.t.Fatal(err)
	}
	var out []string
	for _, o := range list {
		out = append(out, o.Template+" "+o.Status)
	}
	slices.Sort(out)
	return out
}

func TestSentByHandMovesTheContact(t *testing.T) {
	const jane = "Jane Doe <jane@acme.example>"
	sent := ownerNow.Add(-time.Hour) // Monday 09:00
	start := time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC)
	invite := rig.GoogleMail("Alex Example <"+owner+">", jane, "Coffee?", "inv-1@owner.example", rig.Event{
		Method: "REQUEST", UID: "coffee-1@owner.example", Start: "DTSTART:" + rig.UTC(start), End: "DTEND:" + rig.UTC(start.Add(time.Hour)),
		Organizer: owner, Attendees: []string{rig.Attendee("jane@acme.example", "NEEDS-ACTION")}, Summary: "Coffee", Date: sent,
	})
	tests := []struct {
		name   string
		setup  func(f *ownerFixture, c *store.Contact)
		mail   []byte
		event  workflow.EventKind
		seen   string   // status and timers afterwards
		drafts []string // c's outbox rows afterwards
	}{{
		name:  "a request sent by hand: requested, the nudge counts from its Date",
		mail:  handMail(jane, "", "Twenty minutes?", "hand-1@owner.example", sent),
		event: workflow.EventRequestSent,
		seen:  "requested; nudge Mon 30 Nov 09:00",
	}, {
		name: "rapport's request waiting for approval is withdrawn, not sent as well",
		setup: func(f *ownerFixture, c *store.Contact) {
			err := f.store.WithTx(context.Background(), func(tx *store.Tx) error {
				_, err := f.track.DraftRequest(context.Background(), tx, c, false, "test", ownerNow.Add(-48*time.Hour), store.SourceCLI)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		},
		mail:   handMail(jane, "", "Twenty minutes?", "hand-1@owner.example", sent),
		event:  workflow.EventRequestSent,
		seen:   "requested; nudge Mon 30 Nov 09:00",
		drafts: []string{"request cancelled"},
	}, {
		name: "a follow-up just before the nudge is due: the nudge waits a full period from it",
		setup: func(f *ownerFixture, c *store.Contact) {
			// Requested on Tuesday the 17th: the nudge is due on Tuesday the 24th.
			f.move(c, ownerNow.Add(-6*24*time.Hour), workflow.EventRequestSent)
		},
		mail:  handMail(jane, "", "Re: Twenty minutes?", "hand-2@owner.example", sent),
		event: workflow.EventSentByHand,
		seen:  "requested; nudge Mon 30 Nov 09:00",
	}, {
		name: "a follow-up after the nudge was drafted: the draft goes, the nudge waits",
		setup: func(f *ownerFixture, c *store.Contact) {
			f.move(c, ownerNow.Add(-8*24*time.Hour), workflow.EventRequestSent)
			ctx := context.Background()
			err := f.store.WithTx(ctx, func(tx *store.Tx) error {
				ev := workflow.Event{Kind: workflow.EventTimerFired, Timer: workflow.TimerNudge}
				_, err := f.track.Apply(ctx, tx, c, ev, ownerNow.Add(-2*time.Hour), store.SourceTimer)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		},
		mail:   handMail(jane, "", "Re: Twenty minutes?", "hand-2@owner.example", sent),
		event:  workflow.EventSentByHand,
		seen:   "requested; nudge Mon 30 Nov 09:00",
		drafts: []string{"nudge cancelled"},
	}, {
		name: "a mail after the meeting is the thank-you: rapport's draft is withdrawn",
		setup: func(f *ownerFixture, c *store.Contact) {
			f.move(c, ownerNow.Add(-72*time.Hour), workflow.EventRequestSent, workflow.EventReplyReceived, workflow.EventMet)
		},
		mail:   handMail(jane, "", "Thank you!", "hand-3@owner.example", sent),
		event:  workflow.EventThankYouSent,
		seen:   "thanked; keep_in_touch Sun 21 Feb 09:00",
		drafts: []string{"thank_you cancelled"},
	}, {
		name: "an invitation the owner sends schedules the meeting",
		setup: func(f *ownerFixture, c *store.Contact) {
			f.move(c, ownerNow.Add(-72*time.Hour), workflow.EventRequestSent, workflow.EventReplyReceived)
		},
		mail:  invite,
		event: workflow.EventMeetingScheduled,
		seen:  `scheduled: Thu 3 Dec 14:00–15:00 UTC at ""; meeting_over Thu 3 Dec 18:00, prep_brief Thu 3 Dec 08:00`,
	}, {
		name:  "a contact in Cc counts",
		mail:  handMail("Sam Roe <sam@elsewhere.example>", jane, "Introducing Jane", "hand-4@owner.example", sent),
		event: workflow.EventRequestSent,
		seen:  "requested; nudge Mon 30 Nov 09:00",
	}, {
		name: "answering their reply changes nothing, and is in the timeline",
		setup: func(f *ownerFixture, c *store.Contact) {
			f.move(c, ownerNow.Add(-72*time.Hour), workflow.EventRequestSent, workflow.EventReplyReceived)
		},
		mail:  handMail(jane, "", "Re: Twenty minutes?", "hand-5@owner.example", sent),
		event: workflow.EventSentByHand,
		seen:  "replied; no timers",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newOwnerFixture(t)
			c := f.contact("Jane Doe", "JANE@acme.example", workflow.StatusNew, "")
			if tt.setup != nil {
				tt.setup(f, c)
			}
			told := len(f.toOwner())
			o := f.handleSent(false, tt.mail)[0]
			if o.ContactID != c.ID || o.Event != string(tt.event) {
				t.Fatalf("outcome = contact %d event %q (%s), want contact %d event %q", o.ContactID, o.Event, o.Note, c.ID, tt.event)
			}
			if got := seen(f.read(c.ID)); got != tt.seen {
				t.Errorf("after the owner's mail: %s\nwant %s", got, tt.seen)
			}
			if got := f.drafts(c.ID); !slices.Equal(got, tt.drafts) {
				t.Errorf("rapport's mail to them = %q, want %q", got, tt.drafts)
			}
			if n := len(f.toOwner()); n != told && tt.event != workflow.EventMeetingScheduled {
				t.Errorf("the owner was told about their own mail: %d notices, were %d", n, told)
			}
			again := f.handleSent(false, tt.mail)[0]
			if again.Event != "" {
				t.Errorf("the same mail read again applied %q; want it once", again.Event)
			}
			if tt.event != workflow.EventMeetingScheduled {
				hist, err := f.store.Read().History(context.Background(), c.ID)
				if err != nil {
					t.Fatal(err)
				}
				last := hist[len(hist)-1]
				if last.Kind != string(tt.event) || !strings.HasPrefix(last.Why, SentByHandWhy+": ") {
					t.Errorf("timeline's last entry = %s %q, want %s %q…", last.Kind, last.Why, tt.event, SentByHandWhy)
				}
			}
		})
	}
}

func TestSentMailThatMovesNothing(t *testing.T) {
	sent := ownerNow.Add(-time.Hour)
	t.Run("rapport's own copy in Sent is not counted twice", func(t *testing.T) {
		f := newOwnerFixture(t)
		c := f.contact("Jane Doe", "jane@acme.example", workflow.StatusNew, "")
		var row *store.Outgoing
		err := f.store.WithTx(context.Background(), func(tx *store.Tx) (err error) {
			row, err = f.track.DraftRequest(context.Background(), tx, c, false, "test", ownerNow, store.SourceCLI)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		// The copy may be read before the sender's commit: the draft must
		// still leave, and the contact move when it does.
		o := f.handleSent(false, handMail("jane@acme.example", "", row.Subject, row.MessageID, sent))[0]
		if o.Event != "" || o.New {
			t.Errorf("outcome = %+v, want nothing applied", o)
		}
		if got := seen(f.read(c.ID)); got != "drafted; no timers" {
			t.Errorf("contact = %s, want drafted", got)
		}
		if got := f.drafts(c.ID); !slices.Equal(got, []string{"request draft"}) {
			t.Errorf("rapport's mail = %q, want its request still a draft", got)
		}
	})
	t.Run("mail to a stranger is neither recorded nor a problem", func(t *testing.T) {
		f := newOwnerFixture(t)
		c := f.contact("Jane Doe", "jane@acme.example", workflow.StatusNew, "")
		o := f.handleSent(false, handMail("Mum <mum@family.example>", "", "Sunday lunch", "lunch@owner.example", sent))[0]
		if o.ContactID != 0 || o.Event != "" || o.New || strings.Contains(o.Note, "lunch") {
			t.Errorf("outcome = %+v, want nothing, and nothing of its content", o)
		}
		if _, err := f.store.Read().MessageByKey(context.Background(), "lunch@owner.example"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the private mail was recorded (err = %v)", err)
		}
		if p := f.problems(); len(p) != 0 {
			t.Errorf("problems = %v, want none", p)
		}
		if got := seen(f.read(c.ID)); got != "new; no timers" {
			t.Errorf("contact = %s, want new", got)
		}
	})
	t.Run("the first look records the thread and moves no one", func(t *testing.T) {
		f := newOwnerFixture(t)
		c := f.contact("Jane Doe", "jane@acme.example", workflow.StatusNew, "")
		o := f.handleSent(true, handMail("jane@acme.example", "", "Twenty minutes?", "old@owner.example", sent.Add(-10*24*time.Hour)))[0]
		if o.Event != "" || o.ContactID != c.ID {
			t.Errorf("outcome = %+v, want recorded for Jane, no event", o)
		}
		if got := seen(f.read(c.ID)); got != "new; no timers" {
			t.Errorf("contact = %s, want new", got)
		}
		// Her answer to it threads to her, as to rapport's own mail.
		f.handle(rig.Mail("Jane <jane.doe@home.example>", "Re: Twenty minutes?", "ans@home.example", "old@owner.example", ownerNow))
		if got := f.read(c.ID).State.Status; got != workflow.StatusReplied {
			t.Errorf("after her answer from another address: %s, want replied", got)
		}
	})
	t.Run("an out-of-office answer filed in Sent is not the owner writing", func(t *testing.T) {
		f := newOwnerFixture(t)
		c := f.contact("Jane Doe", "jane@acme.example", workflow.StatusNew, "")
		raw := handMail("jane@acme.example", "", "Out of office", "ooo@owner.example", sent)
		raw = append([]byte("Auto-Submitted: auto-replied\r\n"), raw...)
		if o := f.handleSent(false, raw)[0]; o.Event != "" {
			t.Errorf("outcome = %+v, want nothing", o)
		}
		if got := seen(f.read(c.ID)); got != "new; no timers" {
			t.Errorf("contact = %s, want new", got)
		}
	})
}
