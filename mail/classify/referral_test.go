package classify

import (
	"reflect"
	"testing"
)

func TestReferrals(t *testing.T) {
	from := Address{Name: "Lee Park", Email: "lee@corp.example"}
	owner := []Address{{Name: "Sam", Email: "sam@home.example"}}
	cases := []struct {
		name    string
		text    string
		cc      []Address
		exclude []string
		want    []Address
	}{
		{
			name: "colleague named in the text",
			text: "I'm not the right person, but please talk to my colleague Maria López <maria@x.example>, she leads that team.\n",
			want: []Address{{Name: "Maria López", Email: "maria@x.example"}},
		},
		{
			name: "bare address",
			text: "You should write to jo.bell@x.example about this.",
			want: []Address{{Email: "jo.bell@x.example"}},
		},
		{
			name: "cc'd person named by first name",
			text: "Cc'ing Jo, who runs hiring here.",
			cc:   []Address{{Name: "Jo Bell", Email: "jo@x.example"}, {Name: "Assistant", Email: "pa@x.example"}},
			want: []Address{{Name: "Jo Bell", Email: "jo@x.example"}},
		},
		{
			name: "German, in copy",
			text: "Ich bin nicht die richtige Ansprechpartnerin, ich setze meine Kollegin Anke in Kopie.",
			cc:   []Address{{Name: "Anke Weber", Email: "anke@x.example"}},
			want: []Address{{Name: "Anke Weber", Email: "anke@x.example"}},
		},
		{
			name: "address in the quote only",
			text: "Not the right person, sorry.\n\nOn Tue, 1 Dec 2026 at 10:00, Sam <sam@home.example> wrote:\n> Or talk to Maria <maria@x.example>?\n",
		},
		{
			name:    "never the replier, the owner nor an excluded address",
			text:    "Wrong person: write to me at lee@corp.example or to Sam <sam@home.example>, or to old@home.example.",
			exclude: []string{"OLD@home.example"},
		},
		{
			name: "an address without a referral",
			text: "Happy to chat, my calendar is at lee.assistant@corp.example.",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := &Message{From: from, To: owner, Cc: c.cc, Text: c.text, Date: sentOn}
			if got := Referrals(m, c.exclude...); !reflect.DeepEqual(got, c.want) {
				t.Errorf("Referrals = %+v, want %+v", got, c.want)
			}
		})
	}
	if Referrals(nil) != nil {
		t.Error("Referrals(nil) is not nil")
	}
}
