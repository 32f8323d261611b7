package classify

import (
	"testing"
	"time"
)

func TestReturnDate(t *testing.T) {
	berlin := time.FixedZone("CET", 3600)
	// Wednesday 6 March 2024, in the sender's zone.
	wed := time.Date(2024, 3, 6, 10, 0, 0, 0, berlin)
	december := time.Date(2023, 12, 20, 17, 0, 0, 0, berlin)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	none := time.Time{}
	tests := []struct {
		name string
		text string
		sent time.Time
		want time.Time
	}{
		// English, absolute
		{"en until full date", "I am out of the office until May 5th, 2024.", wed, day(2024, 5, 5)},
		{"en back on day month", "Thanks for your mail. I'll be back on 5 May.", wed, day(2024, 5, 5)},
		{"en subject away until", "Away until May 5", wed, day(2024, 5, 5)},
		{"en weekday and date", "I am away, returning on Monday 11th March.", wed, day(2024, 3, 11)},
		{"en month day", "I will return on March 18.", wed, day(2024, 3, 18)},
		{"en iso", "Back in the office on 2024-03-25.", wed, day(2024, 3, 25)},
		{"en m/d/y", "AUTO: out of the office (returning 03/18/2024)", wed, day(2024, 3, 18)},
		{"en d/m/y when day > 12", "I am back 18/03/2024.", wed, day(2024, 3, 18)},
		{"en ambiguous slash soonest", "I'll be back on 04/05/2024.", wed, day(2024, 4, 5)},
		{"en range end plus one", "I am on leave 10-15 March.", wed, day(2024, 3, 16)},
		{"en from to", "I am on holiday from March 11 to March 22.", wed, day(2024, 3, 23)},
		{"en through", "Out of office through Friday, March 15.", wed, day(2024, 3, 16)},
		{"en next year", "Happy holidays! Back on 3 January.", december, day(2024, 1, 3)},
		// English, relative
		{"en until weekday", "I'm out until Friday.", wed, day(2024, 3, 8)},
		{"en next monday", "I'll be back next Monday.", wed, day(2024, 3, 11)},
		{"en tomorrow", "Out today, back tomorrow.", wed, day(2024, 3, 7)},
		{"en for two weeks", "I am travelling for two weeks with limited access to email.", wed, day(2024, 3, 20)},
		{"en the 15th", "I'm away and back on the 15th.", wed, day(2024, 3, 15)},
		{"en the 2nd is next month", "Back in the office on the 2nd.", wed, day(2024, 4, 2)},
		{"en next week", "I'm away and will be back next week.", wed, day(2024, 3, 11)},
		// German
		{"de bis zum", "Ich bin bis zum 12.03.2024 nicht im Büro.", wed, day(2024, 3, 12)},
		{"de ab wieder", "Ab dem 18.03. bin ich wieder erreichbar.", wed, day(2024, 3, 18)},
		{"de weekday date wieder", "Ich bin ab Montag, 11. März wieder im Büro.", wed, day(2024, 3, 11)},
		{"de range", "Ich bin vom 4. bis 15. März im Urlaub.", wed, day(2024, 3, 16)},
		{"de bis einschliesslich", "Ich bin bis einschließlich 15. März abwesend.", wed, day(2024, 3, 16)},
		{"de zurueck am", "Zurück am 25. März 2024.", wed, day(2024, 3, 25)},
		{"de bis freitag", "Ich bin bis Freitag nicht erreichbar.", wed, day(2024, 3, 8)},
		{"de zwei wochen", "Ich bin für zwei Wochen im Urlaub.", wed, day(2024, 3, 20)},
		{"de morgen", "Ich bin morgen wieder da.", wed, day(2024, 3, 7)},
		// French
		{"fr jusqu'au", "Je suis absent jusqu'au 13 mars.", wed, day(2024, 3, 13)},
		{"fr de retour le", "Je serai de retour le 18 mars 2024.", wed, day(2024, 3, 18)},
		{"fr jusqu'à lundi", "Je suis en congés jusqu'à lundi.", wed, day(2024, 3, 11)},
		{"fr demain", "Je suis de retour demain.", wed, day(2024, 3, 7)},
		{"fr deux semaines", "Je suis absente pendant deux semaines.", wed, day(2024, 3, 20)},
		{"fr du au", "Je suis en vacances du 11 au 15 mars.", wed, day(2024, 3, 16)},
		// Spanish
		{"es hasta el", "Estaré fuera de la oficina hasta el 15 de marzo.", wed, day(2024, 3, 15)},
		{"es hasta enero next year", "Estoy de vacaciones hasta el 15 de enero.", december, day(2024, 1, 15)},
		{"es de vuelta", "Estaré de vuelta el lunes 11 de marzo.", wed, day(2024, 3, 11)},
		{"es regreso", "Regreso el 20 de marzo de 2024.", wed, day(2024, 3, 20)},
		{"es hasta el viernes", "No estoy en la oficina hasta el viernes.", wed, day(2024, 3, 8)},
		{"es dos semanas", "Estaré fuera durante dos semanas.", wed, day(2024, 3, 20)},
		// Italian, Dutch, Portuguese: month names and the common cues
		{"it fino al", "Sono in ferie fino al 20 marzo.", wed, day(2024, 3, 20)},
		{"it rientro", "Rientrerò in ufficio il 18 marzo.", wed, day(2024, 3, 18)},
		{"nl tot", "Ik ben afwezig tot 20 maart.", wed, day(2024, 3, 20)},
		{"nl tot en met", "Ik ben met vakantie tot en met 15 maart.", wed, day(2024, 3, 16)},
		{"nl terug op", "Ik ben terug op maandag 18 maart.", wed, day(2024, 3, 18)},
		{"pt até", "Estou de férias até 20 de março.", wed, day(2024, 3, 20)},
		{"pt numeric day first", "Estou fora do escritório; estarei de volta em 05/04/2024.", wed, day(2024, 4, 5)},
		{"pt segunda-feira", "Estarei de volta na segunda-feira.", wed, day(2024, 3, 11)},
		// Ignored: past dates, dates without a cue, nothing at all
		{"past with year", "I was out of the office until March 1, 2024.", wed, none},
		{"stale without year", "I am out of the office until 1 March.", wed, none},
		{"past fr", "Je suis absent jusqu'au 3 mars.", wed, none},
		{"no cue", "Your message sent on 09/16/2024 11:17 was received.", wed, none},
		{"start only", "I am on parental leave from 1 April.", wed, none},
		{"time is not a date", "Call me at 10.30 tomorrow morning.", wed, none},
		{"no date", "I am currently on vacation.", wed, none},
		{"no sent date", "Back on 5 May.", time.Time{}, none},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := returnDate(tt.text, tt.sent); !got.Equal(tt.want) {
				t.Fatalf("returnDate(%q) = %v, want %v", tt.text, got.Format(time.DateOnly), tt.want.Format(time.DateOnly))
			}
		})
	}
}

// TestAppleReturnDate reads iCloud's X-Apple-Criteria: endDate is the
// last second of the last day away in the owner's zone (here UTC+9).
func TestAppleReturnDate(t *testing.T) {
	raw := rawMail("I'm only sleeping.\n",
		"From: kim@icloud.example", "Subject: Auto reply: Coffee", "Date: Tue, 17 Dec 2019 02:53:09 +0000",
		"X-Apple-Action: VACATION",
		"X-Apple-Criteria: {kind=VACATION,startDate=2019-11-30T15:00:00Z,endDate=2020-01-10T14:59:59Z}")
	m := Parse(raw)
	if m.Kind != KindAutoReply {
		t.Fatalf("Parse().Kind = %s (%s), want auto_reply", m.Kind, m.Reason)
	}
	if want := time.Date(2020, 1, 11, 0, 0, 0, 0, time.UTC); !m.AutoReply.ReturnDate.Equal(want) {
		t.Fatalf("ReturnDate = %v, want %v", m.AutoReply.ReturnDate, want)
	}
}
