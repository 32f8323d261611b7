package daemon

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// digestHarness is a lifecycle harness whose digests the test can wait for.
func digestHarness(t *testing.T, start time.Time, at string) *lifeHarness {
	t.Helper()
	l := newLife(t, start.Location(), start)
	l.cfg.Digest.Enabled, l.cfg.Digest.Time = true, at
	return l
}

// waitDigest waits for the digest of day to be committed and to leave.
func (l *lifeHarness) waitDigest(day string) store.Outgoing {
	l.t.Helper()
	for {
		select {
		case d := <-l.digested:
			if d.day != day {
				l.t.Fatalf("digest of %s written, want %s", d.day, day)
			}
			if d.o == nil {
				l.t.Fatalf("the digest of %s was skipped", day)
			}
			return l.waitOut(0, "digest")
		case <-time.After(30 * time.Second):
			l.t.Fatalf("no digest for %s", day)
			return store.Outgoing{}
		}
	}
}

// digestRows returns the days with a digest and the digest mails queued.
func (l *lifeHarness) digestRows() (days []string, mails int) {
	l.t.Helper()
	ctx := context.Background()
	list, err := l.store.Read().ListOutbox(ctx, store.OutboxFilter{Audience: store.AudienceOwner})
	if err != nil {
		l.t.Fatal(err)
	}
	for _, o := range list {
		if o.Template == "digest" {
			mails++
			// The day it was written for, in the owner's zone.
			days = append(days, o.Created.In(l.zone).Format("2006-01-02"))
		}
	}
	return days, mails
}

// TestDigestOnceADay: the digest is written at 07:30, once, whatever the
// restarts; a daemon down at 07:30 writes it when it starts that day.
func TestDigestOnceADay(t *testing.T) {
	l := digestHarness(t, time.Date(2026, 12, 2, 7, 0, 0, 0, berlinZone(t)), "07:30")
	l.start()
	jane := l.person("jane")
	l.requested("Jane Doe", jane)

	l.at(time.Date(2026, 12, 2, 7, 30, 1, 0, l.zone))
	d := l.waitDigest("2026-12-02")
	if !strings.Contains(d.Body, "#1 Jane Doe") || d.HTML == "" {
		t.Fatalf("digest = %q (HTML %d bytes); want Jane listed as waiting, and an HTML part", d.Body, len(d.HTML))
	}
	// Restarted the same day: no second digest. The next day's comes at 07:30.
	l.stop()
	l.clock.Set(time.Date(2026, 12, 2, 12, 0, 0, 0, l.zone))
	l.start()
	l.at(time.Date(2026, 12, 3, 7, 30, 1, 0, l.zone))
	l.waitDigest("2026-12-03")
	// Down at 07:30 on the 4th: written at start, at 10:00.
	l.stop()
	l.clock.Set(time.Date(2026, 12, 4, 10, 0, 0, 0, l.zone))
	l.start()
	l.waitDigest("2026-12-04")
	if days, mails := l.digestRows(); mails != 3 || strings.Join(days, " ") != "2026-12-02 2026-12-03 2026-12-04" {
		t.Fatalf("digests %v (%d mails); want one a day", days, mails)
	}
}

func berlinZone(t *testing.T) *time.Location {
	t.Helper()
	z, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return z
}

// TestDigestAcrossDaylightSaving: one digest on the 25-hour day when
// clocks go back, and one on the day clocks go forward even when its time
// (02:30) does not exist that day.
func TestDigestAcrossDaylightSaving(t *testing.T) {
	for _, tt := range []struct {
		name, at string
		days     []time.Time // midday of each day
	}{
		{"autumn, 07:30", "07:30", []time.Time{
			time.Date(2026, 10, 24, 12, 0, 0, 0, berlinZone(t)), time.Date(2026, 10, 25, 12, 0, 0, 0, berlinZone(t)), time.Date(2026, 10, 26, 12, 0, 0, 0, berlinZone(t))}},
		{"spring, 02:30", "02:30", []time.Time{
			time.Date(2027, 3, 27, 12, 0, 0, 0, berlinZone(t)), time.Date(2027, 3, 28, 12, 0, 0, 0, berlinZone(t)), time.Date(2027, 3, 29, 12, 0, 0, 0, berlinZone(t))}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			y, m, d := tt.days[0].Date()
			l := digestHarness(t, time.Date(y, m, d, 0, 30, 0, 0, tt.days[0].Location()), tt.at)
			l.start()
			for _, day := range tt.days {
				// Walk the clock through the day in steps, waking the daemon.
				for h := 0; h < 24; h += 3 {
					y, m, d := day.Date()
					l.at(time.Date(y, m, d, h, 59, 0, 0, l.zone))
				}
				l.waitDigest(day.Format("2006-01-02"))
			}
			if days, mails := l.digestRows(); mails != len(tt.days) {
				t.Fatalf("digests %v (%d mails), want %d", days, mails, len(tt.days))
			}
		})
	}
}

// TestDigestReplyRunsCommands: the owner answers the digest with several
// lines, some wrong; the right ones apply, in order, and the receipt says
// what became of each.
func TestDigestReplyRunsCommands(t *testing.T) {
	l := digestHarness(t, time.Date(2026, 12, 2, 7, 0, 0, 0, berlinZone(t)), "07:30")
	l.start()
	jane, _ := l.requested("Jane Doe", l.person("jane"))
	sam, _ := l.requested("Sam Lee", l.person("sam"))
	kim, _ := l.requested("Kim Park", l.person("kim"))
	l.at(time.Date(2026, 12, 2, 7, 30, 1, 0, l.zone))
	d := l.waitDigest("2026-12-02")
	quoted := "> " + strings.ReplaceAll(strings.TrimSpace(d.Body), "\n", "\n> ")
	answer := fmt.Sprintf("#%d met\n#%d drop\n#99 met\nfrobnicate\n#%d snooze 5d\n\nOn Wed, rapport wrote:\n%s\n", jane.ID, sam.ID, kim.ID, quoted)
	submit(t, l.stack, l.owner, []string{l.owner}, ownerMail(l.owner, l.owner, "Re: "+d.Subject, "digest-answer@rapport.test", d.MessageID, answer))
	l.submitted++
	l.waitEvent("commands")
	r := l.waitReceipt(l.stack, l.owner, "digest-answer@rapport.test")
	wantLines(t, "receipt", r.Text,
		fmt.Sprintf("✓ > #%d met", jane.ID), "Jane Doe: requested → met",
		fmt.Sprintf("✓ > #%d drop", sam.ID), "Sam Lee: requested → dropped",
		"✗ > #99 met", "there is no contact #99",
		"✗ > frobnicate", "unknown command",
		fmt.Sprintf("✓ > #%d snooze 5d", kim.ID), "Kim Park: requested → paused")
	for id, want := range map[int64]workflow.Status{jane.ID: workflow.StatusMet, sam.ID: workflow.StatusDropped, kim.ID: workflow.StatusPaused} {
		if s := l.contact(id).State.Status; s != want {
			t.Errorf("#%d = %s, want %s", id, s, want)
		}
	}
	if i, j := strings.Index(r.Text, "#99"), strings.Index(r.Text, "snooze"); i < 0 || j < i {
		t.Errorf("receipt lines out of the mail's order:\n%s", r.Text)
	}
}
