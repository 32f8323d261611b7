package forward

import (
	"strings"
)

// separatorKind says how sure a separator line is of a forward.
type separatorKind int

const (
	notSeparator separatorKind = iota
	// forwarded: the line says "forwarded" in some language.
	forwarded
	// original: the line says "original message"; Outlook writes it above
	// the quoted message in replies as well as in forwards.
	original
)

// separatorPhrases maps the lower-cased words of separator lines, as mail
// clients write them between dashes ("---------- Forwarded message
// ---------") or alone ("Begin forwarded message:"), to their kind.
var separatorPhrases = map[string]separatorKind{
	// English
	"forwarded message": forwarded, "begin forwarded message": forwarded,
	"forwarded message follows": forwarded, "forwarded e-mail": forwarded,
	"forwarded email": forwarded, "original message": original,
	// German
	"weitergeleitete nachricht": forwarded, "anfang der weitergeleiteten nachricht": forwarded,
	"ursprüngliche nachricht": original, "originalnachricht": original,
	// French
	"message transféré": forwarded, "début du message réexpédié": forwarded,
	"début du message transféré": forwarded, "message transmis": forwarded,
	"message d'origine": original, "message original": original,
	// Spanish
	"mensaje reenviado": forwarded, "inicio del mensaje reenviado": forwarded,
	"mensaje original": original,
	// Portuguese
	"mensagem encaminhada": forwarded, "mensagem reencaminhada": forwarded,
	"início da mensagem encaminhada": forwarded, "início da mensagem reencaminhada": forwarded,
	"mensagem original": original,
	// Italian
	"messaggio inoltrato": forwarded, "inizio messaggio inoltrato": forwarded,
	"messaggio originale": original,
	// Dutch
	"doorgestuurd bericht": forwarded, "begin doorgestuurd bericht": forwarded,
	"doorgestuurde e-mail": forwarded, "oorspronkelijk bericht": original,
	"origineel bericht": original,
	// Polish
	"przekazana wiadomość": forwarded, "początek przekazywanej wiadomości": forwarded,
	"treść przekazanej wiadomości": forwarded, "wiadomość przekazana dalej": forwarded,
	"oryginalna wiadomość": original, "wiadomość oryginalna": original,
	// Russian, Ukrainian
	"пересылаемое сообщение": forwarded, "пересланное сообщение": forwarded,
	"перенаправленное сообщение": forwarded, "начало переадресованного сообщения": forwarded,
	"исходное сообщение": original, "переслане повідомлення": forwarded,
	"перенаправлене повідомлення": forwarded, "початок листа, що пересилається": forwarded,
	"вихідне повідомлення": original,
	// Czech, Slovak
	"přeposlaná zpráva": forwarded, "začátek přeposílané zprávy": forwarded,
	"původní zpráva": original, "preposlaná správa": forwarded,
	"začiatok preposlanej správy": forwarded, "pôvodná správa": original,
	// Nordic
	"videresendt meddelelse": forwarded, "start på videresendt besked": forwarded,
	"videresendt melding": forwarded, "vidarebefordrat meddelande": forwarded,
	"vidarebefordrat mejl": forwarded, "ursprungligt meddelande": original,
	"oprindelig meddelelse": original, "opprinnelig melding": original,
	"välitetty viesti": forwarded, "välitetty viesti alkaa": forwarded,
	"välitetty viesti / fwd.msg": forwarded, "edelleenlähetetty viesti": forwarded,
	"alkuperäinen viesti": original,
	// Hungarian, Croatian, Romanian, Turkish
	"továbbított üzenet": forwarded, "továbbított levél kezdete": forwarded,
	"eredeti üzenet": original, "proslijeđena poruka": forwarded,
	"započni proslijeđenu poruku": forwarded, "izvorna poruka": original,
	"mesaj redirecționat": forwarded, "începe mesajul redirecționat": forwarded,
	"mesaj original": original, "iletilmiş mesaj": forwarded, "iletilen ileti": forwarded,
	"ileti başlangıcı": forwarded, "özgün ileti": original,
	// Japanese, Chinese, Korean
	"メッセージを転送": forwarded, "転送メッセージ": forwarded, "転送されたメッセージ": forwarded,
	"元のメッセージ": original, "转发的邮件": forwarded, "转发邮件": forwarded,
	"原始邮件": original, "轉寄郵件": forwarded, "原始郵件": original,
	"전달된 메시지": forwarded, "원본 메시지": original,
}

// separator reads a separator line. It returns its kind, the line's words
// as written, and the text that follows the closing dashes on the same
// line (Yahoo writes the forwarded headers there).
func separator(text string) (kind separatorKind, words, rest string) {
	t := strings.TrimSpace(text)
	phrase := t
	if strings.HasPrefix(t, "--") {
		inner := strings.TrimLeft(t, "-")
		if i := strings.Index(inner, "--"); i >= 0 {
			phrase, rest = inner[:i], strings.TrimLeft(inner[i:], "-")
		} else {
			phrase = inner
		}
	}
	phrase = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(phrase), ":："))
	key := strings.ToLower(strings.Join(strings.Fields(phrase), " "))
	if kind = separatorPhrases[key]; kind == notSeparator {
		// Lotus Notes: "----- Forwarded by Jane Doe/Acme on 01/02/2026 -----".
		if strings.HasPrefix(key, "forwarded by ") && strings.HasPrefix(t, "--") {
			kind = forwarded
		} else {
			return notSeparator, "", ""
		}
	}
	rest = strings.TrimSpace(rest)
	return kind, strings.TrimSpace(t[:len(t)-len(rest)]), rest
}

// rule reports whether text is a horizontal rule of underscores, which
// Outlook puts above the header block of a forward (and of a reply).
func rule(text string) bool {
	t := strings.TrimSpace(text)
	return len(t) >= 10 && strings.Trim(t, "_") == ""
}
