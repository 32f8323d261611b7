package forward

import (
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// field is a header of the forwarded message.
type field int

const (
	fieldNone field = iota
	fieldFrom
	fieldTo
	fieldCc
	fieldDate
	fieldSubject
	fieldMessageID
	fieldOther // known, not kept: Bcc, Reply-To, Importance …
)

// labels maps lower-cased header labels, as mail clients write them in
// the languages they are used in, to fields.
var labels = map[string]field{
	// From
	"from": fieldFrom, "von": fieldFrom, "de": fieldFrom, "van": fieldFrom, "da": fieldFrom,
	"od": fieldFrom, "fra": fieldFrom, "från": fieldFrom, "lähettäjä": fieldFrom,
	"šalje": fieldFrom, "feladó": fieldFrom, "expeditor": fieldFrom, "expeditorul": fieldFrom,
	"отправитель": fieldFrom, "от": fieldFrom, "від": fieldFrom, "від кого": fieldFrom,
	"kimden": fieldFrom, "saatja": fieldFrom, "de la": fieldFrom, "gönderen": fieldFrom,
	"mittente": fieldFrom, "nadawca": fieldFrom, "absender": fieldFrom, "afzender": fieldFrom,
	"remitente": fieldFrom, "expéditeur": fieldFrom, "remetente": fieldFrom,
	"送信元": fieldFrom, "差出人": fieldFrom, "送信者": fieldFrom, "发件人": fieldFrom,
	"寄件者": fieldFrom, "寄件人": fieldFrom, "보낸 사람": fieldFrom,
	// To
	"to": fieldTo, "an": fieldTo, "à": fieldTo, "a": fieldTo, "para": fieldTo, "aan": fieldTo,
	"do": fieldTo, "til": fieldTo, "till": fieldTo, "komu": fieldTo, "vastaanottaja": fieldTo,
	"prima": fieldTo, "címzett": fieldTo, "destinatarul": fieldTo, "către": fieldTo,
	"кому": fieldTo, "pre": fieldTo, "kime": fieldTo, "pour": fieldTo, "adresat": fieldTo,
	"empfänger": fieldTo, "destinataire": fieldTo, "destinatario": fieldTo, "aan wie": fieldTo,
	"宛先": fieldTo, "送信先": fieldTo, "收件人": fieldTo, "收件者": fieldTo, "받는 사람": fieldTo,
	// Cc
	"cc": fieldCc, "kopie": fieldCc, "kopie (cc)": fieldCc, "kopio": fieldCc,
	"másolat": fieldCc, "másolatot kap": fieldCc, "kopi": fieldCc, "dw": fieldCc,
	"копия": fieldCc, "копія": fieldCc, "kopia": fieldCc, "kópia": fieldCc, "bilgi": fieldCc,
	"copie à": fieldCc, "copie": fieldCc, "cópia": fieldCc, "copia": fieldCc,
	"抄送": fieldCc, "副本": fieldCc, "참조": fieldCc,
	// Date
	"date": fieldDate, "datum": fieldDate, "dato": fieldDate, "fecha": fieldDate,
	"päivämäärä": fieldDate, "päiväys": fieldDate, "dátum": fieldDate, "data": fieldDate,
	"dată": fieldDate, "дата": fieldDate, "tarih": fieldDate, "sent": fieldDate,
	"gesendet": fieldDate, "envoyé": fieldDate, "enviado": fieldDate, "enviada": fieldDate,
	"inviato": fieldDate, "verzonden": fieldDate, "wysłano": fieldDate, "wysłane": fieldDate,
	"sendt": fieldDate, "skickat": fieldDate, "lähetetty": fieldDate, "elküldve": fieldDate,
	"trimis": fieldDate, "отправлено": fieldDate, "odesláno": fieldDate, "odoslané": fieldDate,
	"gönderilen": fieldDate, "gönderildi": fieldDate, "відправлено": fieldDate,
	"日付": fieldDate, "送信日時": fieldDate, "日期": fieldDate, "发送时间": fieldDate,
	"時間": fieldDate, "날짜": fieldDate, "보낸 날짜": fieldDate,
	// Subject
	"subject": fieldSubject, "betreff": fieldSubject, "objet": fieldSubject, "sujet": fieldSubject,
	"asunto": fieldSubject, "assunto": fieldSubject, "oggetto": fieldSubject,
	"onderwerp": fieldSubject, "temat": fieldSubject, "тема": fieldSubject,
	"předmět": fieldSubject, "predmet": fieldSubject, "emne": fieldSubject, "aihe": fieldSubject,
	"tárgy": fieldSubject, "subiect": fieldSubject, "subiectul": fieldSubject, "ämne": fieldSubject,
	"konu": fieldSubject, "naslov": fieldSubject,
	"件名": fieldSubject, "主题": fieldSubject, "主旨": fieldSubject, "제목": fieldSubject,
	// Message-ID
	"message-id": fieldMessageID, "message id": fieldMessageID,
	// Known, not kept
	"bcc": fieldOther, "cci": fieldOther, "cco": fieldOther, "ccn": fieldOther,
	"blindkopie": fieldOther, "reply-to": fieldOther, "antwort an": fieldOther,
	"répondre à": fieldOther, "responder a": fieldOther, "rispondi a": fieldOther,
	"antwoord aan": fieldOther, "svar til": fieldOther, "svara till": fieldOther,
	"odpowiedź-do": fieldOther, "ответ-кому": fieldOther, "yanıt adresi": fieldOther,
	"importance": fieldOther, "wichtigkeit": fieldOther, "priorité": fieldOther,
	"attachments": fieldOther, "anlagen": fieldOther, "pièces jointes": fieldOther,
}

// header splits a line of a header block into its field and value:
// "From: Jane <jane@example.com>", "De : Jane" (French puts a space before
// the colon), "送信元：Jane" (full-width colon), "*From:* Jane" (bold, as
// HTML-to-text conversion writes it). It returns fieldNone when the line
// is not one.
func header(text string) (field, string) {
	i := strings.IndexAny(text, ":：")
	if i <= 0 || i > 40 {
		return fieldNone, ""
	}
	label := strings.ToLower(strings.Join(strings.Fields(strings.Trim(text[:i], " \t*")), " "))
	f := labels[label]
	if f == fieldNone {
		return fieldNone, ""
	}
	_, size := utf8.DecodeRuneInString(text[i:])
	value := strings.TrimSpace(strings.TrimLeft(text[i+size:], "*"))
	return f, value
}

// gluedLabels lists the labels that glued finds, capitalized as clients
// write them, longest first. It is derived from labels once, and never
// changes.
var gluedLabels = sync.OnceValue(func() []string {
	var out []string
	for l := range labels {
		r, size := utf8.DecodeRuneInString(l)
		if utf8.RuneCountInString(l) < 2 || !unicode.IsLetter(r) || !unicode.IsLower(r) {
			continue
		}
		out = append(out, string(unicode.ToUpper(r))+l[size:])
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i]) != len(out[j]) {
			return len(out[i]) > len(out[j])
		}
		return out[i] < out[j]
	})
	return out
})

// glued splits a header block that lost its line breaks, as Yahoo writes
// it after its separator ("From: Jane <jane@example.com>To: Sam
// <sam@example.org>Sent: Tuesday, …Subject: Hello"), at each capitalized
// label followed by a colon. It returns nil when s holds no label.
func glued(s string) [][2]string {
	type hit struct {
		at, end int
		label   string
	}
	var hits []hit
	all := gluedLabels()
	for at := 0; at < len(s); {
		found := false
		for _, l := range all {
			if !strings.HasPrefix(s[at:], l) {
				continue
			}
			end := at + len(l)
			if strings.HasPrefix(s[end:], " :") {
				end++
			}
			if strings.HasPrefix(s[end:], ":") {
				hits = append(hits, hit{at, end + 1, l})
				at, found = end+1, true
				break
			}
		}
		if !found {
			_, size := utf8.DecodeRuneInString(s[at:])
			at += size
		}
	}
	var out [][2]string
	for i, h := range hits {
		end := len(s)
		if i+1 < len(hits) {
			end = hits[i+1].at
		}
		out = append(out, [2]string{h.label, strings.TrimSpace(s[h.end:end])})
	}
	return out
}
