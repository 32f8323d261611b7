package classify

import (
	"testing"
	"time"
)

// sentOn is a Thursday in December, a day "after the holidays" is asked on.
var sentOn = time.Date(2026, time.December, 3, 16, 20, 0, 0, time.FixedZone("", 3600))

type meaningCase struct {
	name     string
	text     string
	want     Meaning
	until    string // YYYY-MM-DD for MeaningLater, "" for zero
	referral bool
}

func runMeaning(t *testing.T, cases []meaningCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := ReadReply(c.text, sentOn)
			if got.Meaning != c.want {
				t.Errorf("meaning = %q, want %q", got.Meaning, c.want)
			}
			until := ""
			if !got.Until.IsZero() {
				until = got.Until.Format(time.DateOnly)
			}
			if until != c.until {
				t.Errorf("until = %q, want %q", until, c.until)
			}
			if got.Referral != c.referral {
				t.Errorf("referral = %v, want %v", got.Referral, c.referral)
			}
		})
	}
}

func TestReadReplyEnglish(t *testing.T) {
	runMeaning(t, []meaningCase{
		{name: "happy to", text: "Hi Sam,\n\nHappy to chat! I'm usually free in the afternoons.\n\nBest,\nLee", want: MeaningYes},
		{name: "times offered", text: "How about Tuesday at 3pm, or Wednesday morning?\n", want: MeaningYes},
		{name: "not available", text: "Thanks for reaching out. I'm afraid I'm not available for calls at the moment.\n", want: MeaningNo},
		{name: "can't help", text: "Sorry, I can't help with this one.", want: MeaningNo},
		{name: "double negative", text: "I'm not unhappy to help, though I'm not sure how much I know.", want: MeaningNone},
		{name: "can't help but", text: "I can't help but smile at your subject line.", want: MeaningNone},
		{name: "can't wait", text: "Can't wait to hear more about your plans.", want: MeaningNone},
		{name: "negated yes", text: "I'm not happy to share my calendar with strangers.", want: MeaningNone},
		{name: "would have been happy", text: "I would have been happy to, but I'm leaving the company.", want: MeaningNone},
		{name: "yes and no conflict", text: "Happy to help in principle. I'm not available this month though, sadly no time.", want: MeaningNone},
		{name: "after the holidays", text: "Things are hectic right now. Could we talk after the holidays?", want: MeaningLater, until: "2027-01-07"},
		{name: "not available until next month", text: "I'm not available until next month.", want: MeaningLater, until: "2027-01-01"},
		{name: "happy to next week", text: "Sure, happy to. Ping me next week?", want: MeaningLater, until: "2026-12-07"},
		{name: "later without a day", text: "Maybe later in the year, I'll get back to you.", want: MeaningLater},
		{name: "referral", text: "I'm not the right person for this, but you should talk to my colleague Maria López <maria@x.example>.", want: MeaningNone, referral: true},
		{name: "cc'ing", text: "Cc'ing Jo, who runs our hiring, and who would be happy to chat.", want: MeaningYes, referral: true},
		{name: "quote ignored", text: "Thanks!\n\nOn Tue, 1 Dec 2026 at 10:00, Sam <sam@example.org> wrote:\n> Would you be happy to talk next week? I'm not available Monday.\n", want: MeaningNone},
		{name: "quoted lines ignored", text: "Let me think about it.\n> I'm not the right person\n", want: MeaningNone},
		{name: "signature ignored", text: "Sounds good, Thursday works.\n-- \nLee Park | not available on weekends\n", want: MeaningYes},
		{name: "no on one day, yes on another", text: "I'm not available on Monday, but Tuesday at 2pm works.", want: MeaningNone},
		{name: "no then happy", text: "No, I'd be happy to help!", want: MeaningNone},
		{name: "no problem", text: "No problem at all.", want: MeaningNone},
		{name: "nothing", text: "Thanks for your mail, I'll read it properly tonight.", want: MeaningNone},
	})
}

func TestReadReplyGerman(t *testing.T) {
	runMeaning(t, []meaningCase{
		{name: "gerne", text: "Hallo Sam,\n\ngerne! Passt Ihnen Donnerstag um 14 Uhr?\n\nViele Grüße\nAnke", want: MeaningYes},
		{name: "leider nicht", text: "Vielen Dank für Ihre Nachricht. Das geht leider nicht, ich habe gerade keine Zeit.", want: MeaningNo},
		{name: "nicht ungern", text: "Ich helfe nicht ungern, aber ich weiß nicht, ob ich die Richtige bin.", want: MeaningNone},
		{name: "nach den Feiertagen", text: "Im Moment ist es schwierig. Lassen Sie uns nach den Feiertagen sprechen.", want: MeaningLater, until: "2027-01-07"},
		{name: "nächsten Monat", text: "Melden Sie sich gern nächsten Monat noch einmal.", want: MeaningLater, until: "2027-01-01"},
		{name: "nicht die richtige", text: "Ich bin nicht die richtige Ansprechpartnerin, wenden Sie sich an meine Kollegin Maria.", want: MeaningNone, referral: true},
		{name: "quote ignored", text: "Danke!\n\nAm 01.12.2026 um 10:00 schrieb Sam <sam@example.org>:\n> Hätten Sie nächste Woche Zeit?\n", want: MeaningNone},
	})
}

func TestReadReplyFrench(t *testing.T) {
	runMeaning(t, []meaningCase{
		{name: "avec plaisir", text: "Bonjour,\n\nAvec plaisir ! Je suis libre mardi à 10h30.\n\nCordialement,\nClaire", want: MeaningYes},
		{name: "pas disponible", text: "Merci pour votre message. Malheureusement je ne suis pas disponible en ce moment.", want: MeaningNo},
		{name: "le mois prochain", text: "Recontactez-moi le mois prochain, ce sera plus calme.", want: MeaningLater, until: "2027-01-01"},
		{name: "après les fêtes", text: "On peut en parler après les fêtes ?", want: MeaningLater, until: "2027-01-07"},
		{name: "en copie", text: "Je ne suis pas la bonne personne, je vous mets en copie avec Paul.", want: MeaningNone, referral: true},
		{name: "pas impossible", text: "Ce n'est pas impossible, je vous redis.", want: MeaningNone},
		{name: "quote ignored", text: "Merci.\n\nLe mar. 1 déc. 2026 à 10:00, Sam <sam@example.org> a écrit :\n> Avec plaisir ?\n", want: MeaningNone},
	})
}

func TestReadReplySpanish(t *testing.T) {
	runMeaning(t, []meaningCase{
		{name: "con gusto", text: "Hola Sam,\n\ncon gusto. ¿Te va bien el jueves a las 17:00?\n\nSaludos,\nLucía", want: MeaningYes},
		{name: "no puedo", text: "Gracias por escribir. Lo siento, pero ahora no puedo ayudarte.", want: MeaningNo},
		{name: "no puedo esperar", text: "¡No puedo esperar a conocer tu proyecto!", want: MeaningNone},
		{name: "el mes que viene", text: "Escríbeme el mes que viene y lo vemos.", want: MeaningLater, until: "2027-01-01"},
		{name: "te pongo en copia", text: "No soy la persona adecuada, te pongo en copia a Marta que lleva estos temas.", want: MeaningNone, referral: true},
		{name: "quote ignored", text: "Gracias.\n\nEl mar, 1 dic 2026 a las 10:00, Sam <sam@example.org> escribió:\n> ¿Con gusto?\n", want: MeaningNone},
	})
}

func TestReadReplyNoDate(t *testing.T) {
	if got := ReadReply("Let's talk next month.", time.Time{}); got.Meaning != MeaningLater || !got.Until.IsZero() {
		t.Errorf("ReadReply without a date = %+v, want later with no day", got)
	}
}

// FuzzReadReply checks that no text panics and that a later never comes
// with a day before the mail's.
func FuzzReadReply(f *testing.F) {
	f.Add("Happy to! Tuesday at 3pm?\n\nOn Mon, Sam wrote:\n> hi")
	f.Add("Leider nicht. Nach den Feiertagen gerne, wenden Sie sich an Maria <m@x.example>")
	f.Fuzz(func(t *testing.T, s string) {
		r := ReadReply(s, sentOn)
		if !r.Until.IsZero() && r.Until.Before(sentOn.AddDate(0, 0, -1)) {
			t.Errorf("until %v is before the mail", r.Until)
		}
		Referrals(&Message{Text: s, Date: sentOn, Cc: []Address{{Name: "A B", Email: "a@b.example"}}})
	})
}
