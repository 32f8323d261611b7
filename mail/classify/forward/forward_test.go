package forward

import (
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// want is what a fixture should yield; addresses are compared bare.
type want struct {
	fromName, from string
	to, cc         []string
	subject        string
	date           string // RFC 3339, "" for zero
	note, body     string
	marker         string
	ambiguous      bool
}

func TestFromTextFixtures(t *testing.T) {
	tests := []struct {
		file string
		ok   bool
		want want
	}{
		{"gmail_en_note.txt", true, want{
			fromName: "Priya Nair", from: "priya@example.in", to: []string{"dana@example.com"},
			cc: []string{"ops@example.in", "raj@example.in"}, subject: "Happy to help", date: "2026-01-05T15:04:00Z",
			note:   "Hi Sam,\n\nMeet Priya - she ran data at Acme for six years. Priya, Sam is exploring a move into analytics.\n\nBest,\nDana",
			body:   "Sure, connect us.\nI have time next week.",
			marker: "---------- Forwarded message ---------",
		}},
		{"thunderbird_de.txt", true, want{
			fromName: "Greta Vogel", from: "greta.vogel@example.de", to: []string{"sam@example.org"},
			cc: []string{"jonas@example.de"}, subject: "Kennenlernen", date: "2026-03-02T15:04:05+01:00",
			note: "Zur Info, siehe unten.", body: "Hallo Sam,\ngerne nächste Woche.",
			marker: "-------- Weitergeleitete Nachricht --------",
		}},
		{"gmx_de.txt", true, want{
			fromName: "Jonas Weber", from: "jonas.weber@example.de", to: []string{"sam@example.org"},
			subject: "Re: Kaffee?", date: "2026-03-02T15:04:00Z", body: "Klar, Dienstag passt.",
			marker: "Gesendet: Montag, 02. März 2026 um 15:04 Uhr", ambiguous: true,
		}},
		{"outlook_original_message.txt", true, want{
			fromName: "Dana Lee", from: "dana@example.com", to: []string{"sam@example.org", "jo.kim@example.com"},
			cc: []string{"ops@example.com"}, subject: "Intro: Sam <> Priya", date: "2026-01-05T15:04:00Z",
			note: "Sam - see below, worth a chat.", body: "Priya, meet Sam.\nSam, meet Priya.",
			marker: "-----Original Message-----", ambiguous: true,
		}},
		{"outlook_rule.txt", true, want{
			fromName: "Ana Costa", from: "ana.costa@example.com", to: []string{"sam@example.org"},
			subject: "Coffee next week?", date: "2026-01-06T09:15:00Z",
			note: "Forwarding this one for the tracker.\n\nThanks,\nSam", body: "Hi Sam,\nDoes Thursday work?",
			marker: "________________________________", ambiguous: true,
		}},
		{"outlook_fr.txt", true, want{
			fromName: "Marie Dupont", from: "marie.dupont@exemple.fr", to: []string{"sam@example.org"},
			subject: "Présentation", date: "2026-01-02T15:04:00Z", body: "Bonjour Sam,",
			marker: "________________________________", ambiguous: true,
		}},
		{"outlook_mac.txt", true, want{
			fromName: "Omar Haddad", from: "omar@example.com", date: "2026-01-02T15:04:00Z",
			body:   "Hi Sam,\n\nHappy to chat.",
			marker: `On 02/01/2026, 15:04, "Omar Haddad" <omar@example.com> wrote:`, ambiguous: true,
		}},
		{"apple_mail.txt", true, want{
			fromName: "Lena Maier", from: "lena@example.at", to: []string{"sam@example.org"},
			subject: "Re: Your question", date: "2026-01-02T15:04:05-08:00",
			note: "FYI", body: "Yes, happy to talk.\n\nLena", marker: "Begin forwarded message:",
		}},
		{"apple_quoted.txt", true, want{
			fromName: "Kim, Jo", from: "jo.kim@example.com", to: []string{"sam@example.org"},
			subject: "Coffee", date: "2026-01-02T15:04:05+01:00",
			note: "Look who replied!\n\nSent from my iPhone", body: "> Quoted line from the original.\nSure, let's meet.",
			marker: "Begin forwarded message:",
		}},
		{"yahoo_glued.txt", true, want{
			fromName: "Omar Haddad", from: "omar@example.com", to: []string{"sam@example.org"},
			subject: "Portfolio review", date: "2026-01-02T15:04:05-05:00",
			body: "Hi Sam, sending the deck tomorrow.\nOmar", marker: "----- Forwarded Message -----",
		}},
		{"thunderbird_fr.txt", true, want{
			fromName: "Marie Dupont", from: "marie.dupont@exemple.fr", to: []string{"sam@example.org"},
			subject: "Présentation", date: "2026-01-02T15:04:00Z", note: "Pour info.",
			body: "Bonjour Sam,\nravie de faire connaissance.", marker: "-------- Message transféré --------",
		}},
		{"spanish.txt", true, want{
			fromName: "Lucía Gómez", from: "lucia@ejemplo.es", to: []string{"sam@example.org"},
			subject: "Encantada", date: "2026-01-02T15:04:00Z", body: "Hola Sam, hablamos pronto.",
			marker: "---------- Mensaje reenviado ----------",
		}},
		{"portuguese.txt", true, want{
			fromName: "João Silva", from: "joao@exemplo.com.br", to: []string{"sam@example.org"},
			subject: "Conversa", date: "2026-01-02T15:04:05-03:00", body: "Olá Sam!",
			marker: "Início da mensagem encaminhada:",
		}},
		{"italian.txt", true, want{
			fromName: "Giulia Russo", from: "giulia@esempio.it", to: []string{"sam@example.org"},
			subject: "Caffè", date: "2026-01-02T15:04:05+01:00", body: "Ciao Sam!",
			marker: "-------- Messaggio Inoltrato --------",
		}},
		{"dutch.txt", true, want{
			fromName: "Pieter Jansen", from: "pieter@voorbeeld.nl", to: []string{"sam@example.org"},
			subject: "Kennismaking", date: "2026-01-02T15:04:00Z", body: "Hoi Sam,",
			marker: "---------- Doorgestuurd bericht ----------",
		}},
		{"polish.txt", true, want{
			fromName: "Anna Nowak", from: "anna@przyklad.pl", to: []string{"sam@example.org"},
			subject: "Spotkanie", date: "2026-01-02T15:04:00Z", body: "Cześć Sam!",
			marker: "-------- Przekazana wiadomość --------",
		}},
		{"russian.txt", true, want{
			fromName: "Иван Петров", from: "ivan@example.ru", to: []string{"sam@example.org"},
			subject: "Знакомство", date: "2026-01-02T15:04:00Z", body: "Привет, Сэм!",
			marker: "-------- Пересылаемое сообщение --------",
		}},
		{"japanese.txt", true, want{
			fromName: "山田太郎", from: "taro@example.jp", to: []string{"sam@example.org"},
			subject: "ご紹介", date: "2026-01-02T15:04:00Z", note: "よろしくお願いします。",
			body: "サムさん、はじめまして。", marker: "---------- 転送メッセージ ----------",
		}},
		{"double_forward.txt", true, want{
			fromName: "Priya Nair", from: "priya@example.in", to: []string{"dana@example.com"},
			subject: "Intro", date: "2026-01-04T10:00:00Z", note: "Sam, this is the intro I mentioned.",
			body: "Happy to meet whoever you suggest.", marker: "---------- Forwarded message ---------",
		}},
		{"quoted_gmail.txt", true, want{
			fromName: "Ana Costa", from: "ana.costa@example.com", to: []string{"sam@example.org"},
			subject: "Coffee", date: "2026-01-06T09:15:00Z", note: "Adding context below.",
			body: "Thursday works for me.", marker: "---------- Forwarded message ---------",
		}},
		{"reply_quoting_forward.txt", true, want{
			fromName: "Priya Nair", from: "priya@example.in", to: []string{"dana@example.com"},
			subject: "Happy to help", date: "2026-01-05T15:04:00Z",
			note:   "Thanks Dana, I'll reach out.\n\nOn Mon, Jan 5, 2026 at 3:10 PM Dana Lee <dana@example.com> wrote:\n> Sam, see below.\n>",
			body:   "Sure, connect us.",
			marker: "---------- Forwarded message ---------", ambiguous: true,
		}},
		{"name_only.txt", true, want{
			fromName: "Jane Roe", to: []string{""}, subject: "Hello", date: "2025-07-23T07:53:00Z",
			body: "Text.", marker: "-----Original Message-----", ambiguous: true,
		}},
		{"reply_not_forward.txt", false, want{}},
		{"plain.txt", false, want{}},
	}
	for _, tt := range tests {
		t.Run(strings.TrimSuffix(tt.file, ".txt"), func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			o, ok := FromText(string(data))
			if ok != tt.ok {
				t.Fatalf("FromText() ok = %v, want %v (%+v)", ok, tt.ok, o)
			}
			if !ok {
				if o != nil {
					t.Fatalf("FromText() = %+v, false; want nil", o)
				}
				return
			}
			got := want{
				fromName: o.From.Name, from: o.From.Address, to: bare(o.To), cc: bare(o.Cc),
				subject: o.Subject, note: o.Note, body: o.Body, marker: o.Marker, ambiguous: o.Ambiguous,
			}
			if !o.Date.IsZero() {
				got.date = o.Date.Format(time.RFC3339)
			}
			check(t, "From.Name", got.fromName, tt.want.fromName)
			check(t, "From.Address", got.from, tt.want.from)
			check(t, "To", strings.Join(got.to, ","), strings.Join(tt.want.to, ","))
			check(t, "Cc", strings.Join(got.cc, ","), strings.Join(tt.want.cc, ","))
			check(t, "Subject", got.subject, tt.want.subject)
			check(t, "Date", got.date, tt.want.date)
			check(t, "Note", got.note, tt.want.note)
			check(t, "Body", got.body, tt.want.body)
			check(t, "Marker", got.marker, tt.want.marker)
			if got.ambiguous != tt.want.ambiguous {
				t.Errorf("FromText().Ambiguous = %v, want %v", got.ambiguous, tt.want.ambiguous)
			}
		})
	}
}

func bare(list []*mail.Address) []string {
	var out []string
	for _, a := range list {
		out = append(out, a.Address)
	}
	return out
}

func check(t *testing.T, field, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("FromText().%s = %q, want %q", field, got, want)
	}
}

func TestFromTextNothing(t *testing.T) {
	for _, text := range []string{
		"",
		"\n\n\n",
		"Thanks, see you Tuesday.",
		"---------- Something else ---------\nFrom: a@example.com\n",
		"________________________________\nThe fine print.\n",
		"Sent from my iPhone\n\n> On Jan 5, 2026, at 15:04, Dana <dana@example.com> wrote:\n> Hi\n",
	} {
		if o, ok := FromText(text); ok {
			t.Errorf("FromText(%q) = %+v, true; want false", text, o)
		}
	}
}
