package classify

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestFields(t *testing.T) {
	berlin := time.FixedZone("CET", 3600)
	tests := []struct {
		name string
		m    *Message
		want []string // "key=value"
	}{
		{"personal", &Message{Kind: KindPersonal, Reason: "no automatic signal",
			From:    Address{Name: "Jürgen", Email: "j@firma.example"},
			To:      []Address{{Email: "alex@owner.example"}, {Name: "Kim"}},
			Subject: "Gespräch", Date: time.Date(2024, 3, 6, 10, 15, 1, 0, berlin),
			MessageID: "o1@firma.example", InReplyTo: []string{"s1@owner.example"}, References: []string{"s0@owner.example", "s1@owner.example"}}, []string{
			"kind=personal", "reason=no automatic signal", "from=Jürgen <j@firma.example>", "to=alex@owner.example, Kim",
			"subject=Gespräch", "date=2024-03-06T10:15:01+01:00", "message_id=o1@firma.example",
			"in_reply_to=s1@owner.example", "references=s0@owner.example s1@owner.example",
		}},
		{"bounce", &Message{Kind: KindBounce, Subject: "Undelivered Mail",
			Bounce: &Bounce{Recipients: []string{"kim@example.org", "lee@example.org"}, Status: "5.1.1", Permanent: true, Diagnostic: "550 5.1.1 User unknown"}}, []string{
			"kind=bounce", "subject=Undelivered Mail", "bounce.recipients=kim@example.org, lee@example.org",
			"bounce.status=5.1.1", "bounce.permanent=true", "bounce.diagnostic=550 5.1.1 User unknown",
		}},
		{"delay", &Message{Kind: KindBounce, Bounce: &Bounce{Recipients: []string{}, Action: "delayed"}}, []string{
			"kind=bounce", "bounce.action=delayed", "bounce.permanent=false",
		}},
		{"out of office", &Message{Kind: KindAutoReply, AutoReply: &AutoReply{ReturnDate: time.Date(2024, 3, 12, 0, 0, 0, 0, time.UTC)}}, []string{
			"kind=auto_reply", "auto_reply.return_date=2024-03-12",
		}},
		{"read receipt", &Message{Kind: KindAutoReply, AutoReply: &AutoReply{Receipt: true}}, []string{
			"kind=auto_reply", "auto_reply.receipt=true",
		}},
		{"calendar", &Message{Kind: KindCalendar, Calendar: &Calendar{Method: "REQUEST", UID: "u1", Sequence: 2,
			Start: time.Date(2024, 3, 14, 15, 0, 0, 0, berlin), End: time.Date(2024, 3, 14, 15, 30, 0, 0, berlin),
			Organizer: "kim@example.org", Summary: "Coffee"}}, []string{
			"kind=calendar", "calendar.method=REQUEST", "calendar.uid=u1", "calendar.sequence=2",
			"calendar.start=2024-03-14T15:00:00+01:00", "calendar.end=2024-03-14T15:30:00+01:00",
			"calendar.organizer=kim@example.org", "calendar.summary=Coffee",
		}},
		{"forward", &Message{Kind: KindForward, Forward: &Forward{From: Address{Email: "lee@example.org"}, Subject: "Intro"}}, []string{
			"kind=forward", "forward.attached=false", "forward.from=lee@example.org", "forward.subject=Intro",
		}},
		{"malformed", &Message{Kind: KindMalformed, Reason: "no header"}, []string{"kind=malformed", "reason=no header"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range Fields(tt.m) {
				got = append(got, fmt.Sprintf("%s=%s", f.Key, f.Value))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("Fields() =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
