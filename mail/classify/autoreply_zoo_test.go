package classify

import (
	"mime"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// zooMail builds a message from a contact answering the owner: the
// subject as a mail program encodes it (RFC 2047 when not ASCII), the
// given header fields, and a plain-text body.
func zooMail(subject string, header []string, body string) []byte {
	enc := subject
	if strings.ContainsFunc(subject, func(r rune) bool { return r > 0x7e }) {
		enc = mime.BEncoding.Encode("utf-8", subject)
	}
	var fields []string
	for _, f := range []string{
		"From: Jane Doe <jane@example.org>", "To: Alex Owner <alex@owner.example>",
		"Subject: " + enc, "Date: Wed, 06 Mar 2024 10:15:00 +0100", "Message-ID: <zoo-1@example.org>",
		"MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit",
	} {
		name, _, _ := strings.Cut(f, ":")
		if !slices.ContainsFunc(header, func(h string) bool { return strings.HasPrefix(h, name+":") }) {
			fields = append(fields, f)
		}
	}
	return rawMail(body, append(fields, header...)...)
}

// Fields real programs put on their answers.
var (
	exchangeOOF  = []string{"Auto-Submitted: auto-generated", "X-Auto-Response-Suppress: All", "X-MS-Exchange-Inbox-Rules-Loop: jane@example.org", "X-MS-Exchange-Generated-Message-Source: Mailbox Rules Agent", "In-Reply-To: <q1@owner.example>"}
	outlookReply = []string{"X-Auto-Response-Suppress: All", "X-MS-Has-Attach:", "X-MS-TNEF-Correlator:", "In-Reply-To: <q1@owner.example>", "References: <q1@owner.example>"}
	noFields     []string
)

const genericBody = "Thank you for your message.\n\nBest regards\nJane\n"

// TestAutoReplySubjectsByLanguage: the subject alone, as the mail program
// of a contact in each language writes it, makes an automatic answer,
// from the header alone too.
func TestAutoReplySubjectsByLanguage(t *testing.T) {
	subjects := map[string]string{
		"bg Outlook":             "Автоматичен отговор: Кафе следващата седмица?",
		"hr Outlook":             "Automatski odgovor: Kava sljedeći tjedan?",
		"cs Outlook":             "Automatická odpověď: Káva příští týden?",
		"da Outlook":             "Automatisk svar: Kaffe i næste uge?",
		"nl Outlook":             "Automatisch antwoord: Koffie volgende week?",
		"en Outlook":             "Automatic reply: Coffee next week?",
		"et Outlook":             "Automaatvastus: Kohv järgmisel nädalal?",
		"fi Outlook":             "Automaattinen vastaus: Kahvit ensi viikolla?",
		"fr Outlook":             "Réponse automatique : Un café la semaine prochaine ?",
		"fr no-break space":      "Réponse automatique\u00a0: Un café la semaine prochaine ?",
		"de Outlook":             "Automatische Antwort: Kaffee nächste Woche?",
		"el Outlook":             "Αυτόματη απάντηση: Καφές την επόμενη εβδομάδα;",
		"el capitals":            "ΑΥΤΟΜΑΤΗ ΑΠΑΝΤΗΣΗ: ΚΑΦΕΣ",
		"hu Outlook":             "Automatikus válasz: Kávé jövő héten?",
		"ga Outlook":             "Freagra uathoibríoch: Caife an tseachtain seo chugainn?",
		"it Outlook":             "Risposta automatica: Un caffè la prossima settimana?",
		"lv Outlook":             "Automātiskā atbilde: Kafija nākamnedēļ?",
		"lt Outlook":             "Automatinis atsakymas: Kava kitą savaitę?",
		"mt":                     "Tweġiba awtomatika: Kafè il-ġimgħa d-dieħla?",
		"pl Outlook":             "Odpowiedź automatyczna: Kawa w przyszłym tygodniu?",
		"pl others":              "Automatyczna odpowiedź: Kawa w przyszłym tygodniu?",
		"pt Outlook":             "Resposta automática: Café na próxima semana?",
		"ro Outlook":             "Răspuns automat: Cafea săptămâna viitoare?",
		"sk Outlook":             "Automatická odpoveď: Káva budúci týždeň?",
		"sl Outlook":             "Samodejni odgovor: Kava naslednji teden?",
		"es Outlook":             "Respuesta automática: ¿Un café la semana que viene?",
		"sv Outlook":             "Automatiskt svar: Fika nästa vecka?",
		"ru Outlook":             "Автоматический ответ: Кофе на следующей неделе?",
		"ru Yandex":              "Автоответ: Кофе на следующей неделе?",
		"tr Outlook":             "Otomatik yanıt: Gelecek hafta kahve?",
		"tr capitals":            "OTOMATİK YANIT: KAHVE",
		"ar Outlook":             "رد تلقائي: قهوة الأسبوع القادم؟",
		"zh-Hans Outlook":        "自动答复: 下周喝咖啡？",
		"zh-Hans QQ":             "自动回复：下周喝咖啡？",
		"zh-Hant Outlook":        "自動回覆: 下週喝咖啡？",
		"ja Outlook":             "自動応答: 来週コーヒーでも？",
		"ja Gmail":               "自動返信: 来週コーヒーでも？",
		"ko Outlook":             "자동 회신: 다음 주에 커피 어때요?",
		"en Out of Office":       "Out of Office: Coffee next week?",
		"en Lotus Notes":         "AUTO: Jane Doe is out of the office (returning 03/18/2024)",
		"en bracket tag":         "[Auto-Reply] Coffee next week?",
		"en after gateway tag":   "[EXTERNAL] Automatic reply: Coffee next week?",
		"en auto-reply from":     "Auto-Reply from Jane Doe",
		"en whole with date":     "Out of office until 12 March",
		"en first person":        "I am out of the office until 12 March",
		"de Abwesenheitsnotiz":   "Abwesenheitsnotiz: Kaffee nächste Woche?",
		"de capitals":            "AUTOMATISCHE ANTWORT: KAFFEE",
		"de Urlaub bis":          "Urlaub bis 12.03.",
		"fr absence du bureau":   "Absence du bureau",
		"fr first person":        "Je suis absente jusqu'au 13 mars",
		"es fuera de la oficina": "Fuera de la oficina: ¿Un café?",
		"es vacaciones hasta":    "Vacaciones hasta el 15 de marzo",
		"it fuori ufficio":       "Fuori ufficio - Mario Rossi",
		"pl poza biurem":         "Poza biurem",
		"ru vne ofisa":           "Вне офиса",
		"tr ofis disinda":        "Ofis dışında",
		"ja fuzai":               "不在のお知らせ",
		"ko bujaejung":           "부재중: 다음 주에 커피 어때요?",
	}
	for name, subject := range subjects {
		t.Run(name, func(t *testing.T) {
			raw := zooMail(subject, noFields, genericBody)
			for _, m := range []*Message{Parse(raw), ParseHeader(raw)} {
				if m.Kind != KindAutoReply || m.Reason != "out-of-office subject" {
					t.Fatalf("%q: kind %s (%s), want auto_reply from the subject", subject, m.Kind, m.Reason)
				}
			}
		})
	}
}

type autoReplyCase struct {
	name    string
	subject string
	header  []string
	body    string
	kind    Kind
	reason  string    // a part of the Reason
	back    time.Time // the return date, when one must be read
	parse   bool      // decided from the body: ParseHeader may differ
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func runAutoReplyZoo(t *testing.T, cases []autoReplyCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			raw := zooMail(c.subject, c.header, c.body)
			m := Parse(raw)
			if m.Kind != c.kind || !strings.Contains(m.Reason, c.reason) {
				t.Fatalf("kind %s (%s), want %s (%s)", m.Kind, m.Reason, c.kind, c.reason)
			}
			if !c.back.IsZero() && (m.AutoReply == nil || !m.AutoReply.ReturnDate.Equal(c.back)) {
				t.Fatalf("auto reply %+v, want the return date %s", m.AutoReply, c.back.Format(time.DateOnly))
			}
			if h := ParseHeader(raw); !c.parse && (h.Kind != m.Kind || h.Reason != m.Reason) {
				t.Fatalf("ParseHeader: kind %s (%s), Parse: %s (%s)", h.Kind, h.Reason, m.Kind, m.Reason)
			}
		})
	}
}

// TestAutoReplyHeaders: what providers put in the header decides, whatever
// the subject.
func TestAutoReplyHeaders(t *testing.T) {
	away := "I am out of the office until 12 March with limited access to email.\n"
	runAutoReplyZoo(t, []autoReplyCase{
		{"Gmail vacation responder, own subject", "Thanks for your mail", []string{"Auto-Submitted: auto-replied", "In-Reply-To: <q1@owner.example>"}, away, KindAutoReply, "Auto-Submitted: auto-replied", day(2024, 3, 12), false},
		{"Sieve vacation answering Re:", "Re: Coffee next week?", []string{"Auto-Submitted: auto-replied (vacation)", "In-Reply-To: <q1@owner.example>"}, away, KindAutoReply, "Auto-Submitted: auto-replied", time.Time{}, false},
		{"Zimbra", "Coffee next week?", []string{"Auto-Submitted: auto-replied (zimbra; vacation)", "Precedence: bulk"}, away, KindAutoReply, "Auto-Submitted: auto-replied", time.Time{}, false},
		{"iCloud", "Coffee next week?", []string{"Auto-Submitted: auto-replied; owner-email=\"jane@example.org\"", "X-Apple-Action: VACATION/XXXX"}, away, KindAutoReply, "Auto-Submitted", time.Time{}, false},
		{"cPanel autoresponder", "Coffee next week?", []string{"X-Autorespond: Coffee next week?", "Precedence: auto_reply"}, away, KindAutoReply, "X-Autorespond", time.Time{}, false},
		{"Webmin autoreply", "Coffee next week?", []string{"X-Webmin-Autoreply: 1"}, away, KindAutoReply, "X-Webmin-Autoreply", time.Time{}, false},
		{"Exchange OOF", "Automatic reply: Coffee next week?", exchangeOOF, away, KindAutoReply, "Auto-Submitted: auto-generated", day(2024, 3, 12), false},
		{"Exchange inbox rule, own subject", "Thank you", []string{"Auto-Submitted: auto-generated", "X-MS-Exchange-Generated-Message-Source: Mailbox Rules Agent"}, "We will answer shortly.\n", KindAutoReply, "Auto-Submitted: auto-generated", time.Time{}, false},
		{"Exchange rule without Auto-Submitted", "Thank you", []string{"X-MS-Exchange-Generated-Message-Source: Mailbox Rules Agent"}, "We will answer shortly.\n", KindAutoReply, "Exchange inbox-rule reply", time.Time{}, false},
	})
}

// TestAutoReplyText: an out-of-office text confirms a sign too weak alone.
func TestAutoReplyText(t *testing.T) {
	runAutoReplyZoo(t, []autoReplyCase{
		{"en text and auto-generated", "Coffee next week?", []string{"Auto-Submitted: auto-generated", "Thread-Topic: Coffee next week?"},
			"Hello,\n\nI am out of the office until 12 March with limited access to email.\n", KindAutoReply, "out-of-office text with Auto-Submitted", day(2024, 3, 12), true},
		{"de text and Precedence junk", "Kaffee nächste Woche?", []string{"Precedence: junk", "In-Reply-To: <q1@owner.example>"},
			"Guten Tag,\n\nich bin bis zum 12.03.2024 nicht im Büro.\n", KindAutoReply, "out-of-office text with Precedence: junk", day(2024, 3, 12), true},
		{"de away word and colon", "Urlaub: Kaffee nächste Woche?", noFields,
			"Ich bin vom 4. bis 15. März im Urlaub und lese keine E-Mails.\n", KindAutoReply, "out-of-office text with an away subject", day(2024, 3, 16), true},
		{"fr text and auto-generated", "Re: Un café ?", []string{"Auto-Submitted: auto-generated"},
			"Bonjour,\nJe suis absente jusqu'au 13 mars.\n", KindAutoReply, "out-of-office text", day(2024, 3, 13), true},
		{"ca prefix on Thread-Topic with es text", "Resposta automàtica: Cafè la setmana que ve?", []string{"Thread-Topic: Cafè la setmana que ve?", "In-Reply-To: <q1@owner.example>"},
			"Estoy fuera de la oficina hasta el 15 de marzo.\n", KindAutoReply, "a prefix on the thread's subject", day(2024, 3, 15), true},
		{"it text and auto-generated", "Un caffè?", []string{"Auto-Submitted: auto-generated", "References: <q1@owner.example>"},
			"Sono in ferie fino al 20 marzo.\n", KindAutoReply, "out-of-office text", day(2024, 3, 20), true},
		{"nl text and auto-generated", "Re: Koffie?", []string{"Auto-Submitted: auto-generated"},
			"Dit is een automatisch antwoord. Ik ben afwezig tot 20 maart.\n", KindAutoReply, "out-of-office text", day(2024, 3, 20), true},
		{"pl text and auto-generated", "Odp: Kawa?", []string{"Auto-Submitted: auto-generated"},
			"Jestem na urlopie do 20 marca.\n", KindAutoReply, "out-of-office text", time.Time{}, true},
		{"ru text and auto-generated", "Re: Кофе?", []string{"Auto-Submitted: auto-generated"},
			"Я в отпуске до 20 марта.\n", KindAutoReply, "out-of-office text", time.Time{}, true},
		{"ja text and auto-generated", "Re: コーヒー", []string{"Auto-Submitted: auto-generated"},
			"ただいま不在にしております。3月20日に戻ります。\n", KindAutoReply, "out-of-office text", time.Time{}, true},
	})
}

// TestChallengeResponse: a spam filter asking the owner to prove they
// are human is an automatic answer, never the contact's.
func TestChallengeResponse(t *testing.T) {
	runAutoReplyZoo(t, []autoReplyCase{
		{"BoxTrapper", "Your email requires verification verify#aZ3k-1709716500", []string{"Auto-Submitted: auto-replied"},
			"The message you sent requires that you verify that you are a real live human being and not a spam source.\n\nTo complete this verification, simply reply to this message and leave the subject line intact.\n",
			KindAutoReply, "challenge-response subject", time.Time{}, false},
		{"Boxbe", "Jane Doe would like to receive your email", []string{"From: Boxbe <notifications@boxbe.com>", "Return-Path: <bounces@mail.boxbe.com>"},
			"Jane Doe uses Boxbe to keep her inbox clean. Please request to be added to her Guest List.\n", KindAutoReply, "challenge-response (sender boxbe.com)", time.Time{}, false},
		{"Qurb", "Re: Coffee next week? [Qurb #1234567]", noFields, "Your message is awaiting confirmation.\n", KindAutoReply, "challenge-response subject", time.Time{}, false},
		{"Spam Arrest style, auto-replied", "Re: Coffee next week?", []string{"Auto-Submitted: auto-replied"},
			"I am protecting myself from junk mail. Please click the link below to complete the verification process: https://verify.example.net/abc\n",
			KindAutoReply, "challenge-response text", time.Time{}, true},
		{"fr Mailinblack style", "Re: Un café la semaine prochaine ?", noFields,
			"Bonjour,\n\nVotre message est en attente de validation. Un clic pour délivrer votre message : https://example.net/v/abc\n",
			KindAutoReply, "challenge-response text", time.Time{}, true},
		{"fr subject", "Validez votre envoi à jane@example.fr", noFields, "Merci.\n", KindAutoReply, "challenge-response subject", time.Time{}, false},
		{"de subject and text", "Absenderverifizierung: Ihre Nachricht an jane@example.de", noFields,
			"Bitte bestätigen Sie, dass Sie ein Mensch sind: https://example.net/v\n", KindAutoReply, "challenge-response subject", time.Time{}, false},
		{"es text", "Re: ¿Un café?", noFields,
			"Su mensaje está retenido hasta que confirme que usted es una persona: haga clic aquí.\n", KindAutoReply, "challenge-response text", time.Time{}, true},
		{"it subject", "Messaggio in attesa di conferma", noFields, "Clicca qui.\n", KindAutoReply, "challenge-response subject", time.Time{}, false},
		{"nl text", "Re: Koffie?", noFields, "Uw bericht wordt vastgehouden totdat u bevestigt dat u een mens bent.\n", KindAutoReply, "challenge-response text", time.Time{}, true},
		{"pt text", "Re: Café?", noFields, "Sua mensagem foi retida. Confirme que você é humano.\n", KindAutoReply, "challenge-response text", time.Time{}, true},
	})
}

// TestNotAutoReplies: persons' mail about absences, newsletters,
// notifications and invitations are not automatic answers.
func TestNotAutoReplies(t *testing.T) {
	runAutoReplyZoo(t, []autoReplyCase{
		{"person back from leave", "Re: Coffee next week?", outlookReply,
			"Sorry for the slow answer, I was out of office last week. Thursday works!\n", KindPersonal, "reply", time.Time{}, false},
		{"person answering an auto-reply", "Re: Automatic reply: Coffee next week?", outlookReply,
			"Ha, I got your auto-reply. I am away until Monday too.\n", KindPersonal, "reply", time.Time{}, false},
		{"person in German", "AW: Abwesenheitsnotiz: Kaffee", outlookReply, "Kein Problem, ich melde mich nach Ihrem Urlaub.\n", KindPersonal, "reply", time.Time{}, false},
		{"person's fresh subject about being away", "I am away next week, can we move our call?", noFields,
			"Hi Alex, I am away next week. Could we do the week after?\n", KindPersonal, "no automatic signal", time.Time{}, false},
		{"holiday plans", "Holiday plans", noFields, "Are you around in August?\n", KindPersonal, "", time.Time{}, false},
		{"vacation from hell", "Vacation from hell", noFields, "You will not believe this.\n", KindPersonal, "", time.Time{}, false},
		{"away word and colon, person's text", "Urlaub: Fotos vom Wochenende", noFields, "Hier sind die Fotos!\n", KindPersonal, "", time.Time{}, false},
		{"reply saying they are away", "Re: Coffee next week?", []string{"In-Reply-To: <q1@owner.example>"},
			"I am out of the office until Monday, let's talk then.\n", KindPersonal, "reply", time.Time{}, false},
		{"newsletter with Auto-Submitted", "Out of office? Our summer deals", []string{"From: Shop <news@shop.example>", "Auto-Submitted: auto-generated", "Precedence: bulk", "List-Unsubscribe: <mailto:u@shop.example>"},
			"I am on vacation, you say? Then take us with you!\n", KindBulk, "", time.Time{}, true},
		{"notification with Auto-Submitted", "New comment", []string{"From: Docs <comments@docs.example>", "Auto-Submitted: auto-generated"},
			"Kim commented: I'm on holiday until Friday, will look then.\n", KindBulk, "", time.Time{}, true},
		{"sign-up verification", "Please verify your email address", []string{"From: Service <no-reply@service.example>"},
			"Click the link below to verify your email address.\n", KindBulk, "no-reply sender", time.Time{}, false},
		{"person whitelisting the owner", "Re: Coffee next week?", outlookReply,
			"Your message went to my spam folder, sorry! I have added you to my safe senders.\n", KindPersonal, "reply", time.Time{}, false},
		{"person quoting a challenge", "Re: Coffee next week?", outlookReply,
			"Sorry about that filter, you are verified now.\n\n> The message you sent requires that you verify that you are a real live human being.\n", KindPersonal, "reply", time.Time{}, true},
		{"person's mail held by a filter", "Re: Coffee next week?", outlookReply,
			"Sorry, your message was held by our spam filter until today. Thursday works!\n", KindPersonal, "reply", time.Time{}, false},
		{"person's mail held by a filter, de", "AW: Kaffee", outlookReply,
			"Ihre Nachricht wurde von unserem Spamfilter zurückgehalten, tut mir leid! Damit Ihre Nachricht künftig zugestellt wird, habe ich Sie freigegeben.\n", KindPersonal, "reply", time.Time{}, false},
		{"person writing about sender verification", "Re: Sender verification fails for our domain", outlookReply,
			"We should fix the SPF record first.\n", KindPersonal, "reply", time.Time{}, false},
		{"Exchange rule forwarding", "FW: Coffee next week?", []string{"Auto-Submitted: auto-generated", "X-MS-Exchange-Generated-Message-Source: Mailbox Rules Agent", "X-MS-Exchange-Inbox-Rules-Loop: jane@example.org"},
			"Forwarded by rule.\n", KindForward, "", time.Time{}, false},
	})
}

// TestOutOfOfficeInvitation: an invitation titled "Out of office" is an
// invitation; an automatic answer to one says so in its header.
func TestOutOfOfficeInvitation(t *testing.T) {
	ics := "BEGIN:VCALENDAR\nMETHOD:REQUEST\nBEGIN:VEVENT\nUID:ooo-1\nDTSTART:20240311T000000Z\nDTEND:20240315T000000Z\nSUMMARY:Out of office\nEND:VEVENT\nEND:VCALENDAR\n"
	m := Parse(rawMail(ics, "From: jane@example.org", "Subject: Out of office", "Content-Type: text/calendar; method=REQUEST"))
	if m.Kind != KindCalendar {
		t.Fatalf("invitation titled Out of office: kind %s (%s), want calendar", m.Kind, m.Reason)
	}
}

// TestAutoReplyFixtures reads the messages of testdata/autoreplies, shaped
// as the programs they name write them, and checks that the header
// fields the daemon fetches (HeaderFields) decide as the whole header.
func TestAutoReplyFixtures(t *testing.T) {
	tests := []struct {
		file   string
		kind   Kind
		reason string
		back   time.Time
	}{
		{"exchange_fr_oof.eml", KindAutoReply, "Auto-Submitted: auto-generated", day(2024, 3, 16)}, // "jusqu'au 15 mars inclus"
		{"gmail_ja_vacation.eml", KindAutoReply, "Auto-Submitted: auto-replied", time.Time{}},
		{"zimbra_it_vacation.eml", KindAutoReply, "Auto-Submitted: auto-replied", day(2024, 3, 22)},
		{"yandex_ru_subject.eml", KindAutoReply, "out-of-office subject", time.Time{}},
		{"boxtrapper_challenge.eml", KindAutoReply, "challenge-response subject", time.Time{}},
		{"mailinblack_fr_challenge.eml", KindAutoReply, "challenge-response text", time.Time{}},
		{"outlook_fr_person_back.eml", KindPersonal, "reply (In-Reply-To)", time.Time{}},
	}
	keep := headerFieldSet()
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			raw := readFixture(t, filepath.Join("autoreplies", tt.file))
			m := Parse(raw)
			checkValid(t, m)
			if m.Kind != tt.kind || m.Reason != tt.reason {
				t.Fatalf("kind %s (%s), want %s (%s)", m.Kind, m.Reason, tt.kind, tt.reason)
			}
			if m.AutoReply != nil && !m.AutoReply.ReturnDate.Equal(tt.back) {
				t.Errorf("return date %v, want %v", m.AutoReply.ReturnDate, tt.back)
			}
			full, cut := ParseHeader(raw), ParseHeader(cutHeader(raw, keep))
			if full.Kind != cut.Kind || full.Reason != cut.Reason {
				t.Errorf("ParseHeader cut to HeaderFields: %s (%s), whole header: %s (%s)", cut.Kind, cut.Reason, full.Kind, full.Reason)
			}
		})
	}
}
