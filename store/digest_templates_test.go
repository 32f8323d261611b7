package store

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/workflow"
)

// TestRequestRates: the digest's reply rate by request template and
// subject counts contacts, not mails; a subject sent to one contact only
// joins its template's other subjects; replies count whenever they came;
// drafts, nudges and other templates do not count.
func TestRequestRates(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	n := 0
	// send stores a contact with a request of template and subject in
	// status; replied adds their reply to the history.
	send := func(template, subject, status string, replied bool) {
		t.Helper()
		n++
		c := &Contact{Name: fmt.Sprintf("C %d", n), Email: fmt.Sprintf("c%d@x.example", n), State: workflow.State{Status: workflow.StatusRequested}}
		insert(t, st, c)
		err := st.WithTx(ctx, func(tx *Tx) error {
			o := &Outgoing{ContactID: c.ID, Template: template, Audience: AudienceContact, Status: status,
				MessageID: fmt.Sprintf("<m%d@x.example>", n), To: c.Email, Subject: subject, Body: "Hi"}
			if err := tx.InsertOutgoing(ctx, o, at); err != nil {
				return err
			}
			if status == OutboxSent {
				// A second mail to the same contact (a resend) counts them once.
				o2 := *o
				o2.ID, o2.MessageID = 0, fmt.Sprintf("<m%d-2@x.example>", n)
				if err := tx.InsertOutgoing(ctx, &o2, at); err != nil {
					return err
				}
			}
			if err := tx.AppendHistory(ctx, &Entry{ContactID: c.ID, At: at, Kind: string(workflow.EventRequestSent),
				From: workflow.StatusDrafted, To: workflow.StatusRequested}); err != nil {
				return err
			}
			if !replied {
				return nil
			}
			return tx.AppendHistory(ctx, &Entry{ContactID: c.ID, At: at.AddDate(0, 0, 40), Kind: string(workflow.EventReplyReceived),
				From: workflow.StatusRequested, To: workflow.StatusReplied})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for i := range 4 {
		send(workflow.TemplateRequest, "Coffee?", OutboxSent, i < 3)
	}
	send(workflow.TemplateRequest, "Twenty minutes?", OutboxSent, false)
	send(workflow.TemplateRequest, "Twenty minutes?", OutboxSent, true)
	send(workflow.TemplateRequest, "Jane, a question", OutboxSent, true)
	send(workflow.TemplateRequest, "Li, a question", OutboxSent, false)
	send(workflow.TemplateRequest, "Ana, a question", OutboxSent, false)
	send(workflow.TemplateIntroReply, "Re: Intro", OutboxSent, true)
	send(workflow.TemplateRequest, "Coffee?", OutboxDraft, true)     // not sent
	send(workflow.TemplateNudge, "Coffee?", OutboxSent, true)        // not a request
	send(workflow.TemplateRequest, "Coffee?", OutboxUncertain, true) // may not have left

	var got []RequestRate
	err := st.WithTx(ctx, func(tx *Tx) (err error) {
		got, err = tx.RequestRates(ctx, []string{workflow.TemplateRequest, workflow.TemplateIntroReply}, 2)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []RequestRate{
		{Template: "request", Subject: "Coffee?", Subjects: 1, Sent: 4, Replied: 3},
		{Template: "request", Subject: "", Subjects: 3, Sent: 3, Replied: 1},
		{Template: "request", Subject: "Twenty minutes?", Subjects: 1, Sent: 2, Replied: 1},
		{Template: "intro_reply", Subject: "", Subjects: 1, Sent: 1, Replied: 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("RequestRates() =\n%+v\nwant\n%+v", got, want)
	}
}
