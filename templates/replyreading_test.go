package templates

import (
	"strings"
	"testing"
	"time"
)

// TestNoticeReplyProposes checks that the reply notice proposes the one
// word that records what the reply reads like, and nothing when in doubt.
func TestNoticeReplyProposes(t *testing.T) {
	sent := time.Date(2026, time.December, 3, 16, 20, 0, 0, time.UTC)
	tests := []struct {
		name, body string
		cc         []string
		want       []string
		not        []string
	}{
		{"no", "Hi Sam,\n\nSorry, I'm not available for this.\n\nClaire\n",
			nil, []string{"It reads like a no. Reply `declined` to record it."}, []string{"snooze", "`add"}},
		{"later", "Hi Sam,\n\nCould we talk after the holidays?\n\nOn Mon, 30 Nov 2026, Sam wrote:\n> I'm not available Monday.\n",
			nil, []string{"It reads like \"later\", until Thu 7 Jan 2027. Reply `snooze 35d` to be reminded then."}, []string{"`declined`"}},
		{"yes", "Happy to talk. Would Tuesday at 3pm work?\n",
			nil, []string{"It reads like a yes"}, []string{"`declined`", "snooze"}},
		{"doubt", "I'm not unhappy to help, but let me think.\n",
			nil, nil, []string{"It reads like", "`add"}},
		{"referral", "I'm not the right person. Please talk to my colleague Maria López <maria@x.example>.\n\nOn Mon, Sam <sam@home.example> wrote:\n> Write to me at other@x.example\n",
			nil,
			[]string{"It points you to Maria López <maria@x.example>. Reply `add Maria López <maria@x.example> via #42` to add them as a contact introduced by Claire: the request to them says so."},
			[]string{"`add other@x.example", "`add Sam", "<sam@home.example>`"}},
		{"never the contact's own address", "Wrong person, sorry: write to claire.moreau@example.org instead.\n",
			nil, nil, []string{"`add"}},
		{"a bare address: a name from it, to correct", "I'm not the right person, try maria.lopez@x.example.\n",
			nil, []string{"It points you to <maria.lopez@x.example>. Reply `add maria lopez <maria.lopez@x.example> via #42`"}, nil},
		{"someone copied and named", "Hi Sam, I'm not the right person. I'm cc'ing Jo, who runs our mobility team.\n",
			[]string{"Jo Park <jo.park@x.example>", "Ana Ruiz <ana@x.example>", "claire.moreau@example.org"},
			[]string{"It points you to Jo Park <jo.park@x.example>. Reply `add Jo Park <jo.park@x.example> via #42`"},
			[]string{"ana@x.example", "`add claire"}},
		{"copied but not named: not proposed", "Hi Sam, happy to talk on Tuesday.\n",
			[]string{"Jo Park <jo.park@x.example>"}, nil, []string{"`add"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := full()
			d.Thread.Body, d.Thread.Date, d.Thread.Cc = tt.body, sent, tt.cc
			_, body := mustRender(t, "notice_reply", d)
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q:\n%s", w, body)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(body, n) {
					t.Errorf("body has %q:\n%s", n, body)
				}
			}
		})
	}
}
