package classify

import "strings"

// autoReplyText recognises, in Parse only, an out-of-office text that
// confirms a sign too weak alone (see weakAutoSign), and returns the
// reason, or "". The text must say so in its opening, before any quoted
// original, in the present or future ("I am out of the office until …",
// "Ich bin bis … nicht im Büro", "je suis absente", "Dies ist eine
// automatische Antwort"): "I was away last week, sorry" is a person's.
func (p *parsed) autoReplyText() string {
	if p.headerOnly || p.m.Text == "" {
		return ""
	}
	sign := p.weakAutoSign()
	if sign == "" || p.hasCalendar() || !awayCues.match(strings.ToLower(opening(p.m.Text))) {
		return ""
	}
	return "out-of-office text with " + sign
}

// weakAutoSign returns a sign of an automatic answer that the text must
// confirm, or "":
//
//   - "Auto-Submitted: auto-generated" (notifications carry it too) on a
//     message that belongs to a thread (References, a reply prefix,
//     Exchange's Thread-Topic), not list mail and not from a no-reply
//     sender;
//   - Precedence bulk or junk (old vacation programs) on a message in a
//     thread, without list headers and without a reply or forward prefix
//     (a person's answer through an old mailing list has those);
//   - a subject that starts with an away word and a colon ("Urlaub: Ihre
//     Anfrage", "Vacation: Coffee?");
//   - a subject that is the thread's topic (Exchange's Thread-Topic) behind
//     a short prefix that is not a reply or forward one ("Ausente: Café").
func (p *parsed) weakAutoSign() string {
	s := p.subject
	if isForwardSubject(s) {
		return ""
	}
	reply := replyPrefix.MatchString(s)
	noReply := noReplySender.MatchString(p.m.From.Email)
	threaded := len(p.m.InReplyTo) > 0 || len(p.m.References) > 0
	if p.autoSubmitted() == "auto-generated" && !p.listMail() && !noReply && (threaded || reply || p.h.has("Thread-Topic")) {
		return "Auto-Submitted: auto-generated"
	}
	if reply {
		return ""
	}
	if prec := p.lowerHeader("Precedence"); (prec == "bulk" || prec == "junk") && threaded && !noReply && !p.h.has("List-Id") && !p.h.has("List-Unsubscribe") {
		return "Precedence: " + prec
	}
	if weakAwaySubject.MatchString(s) {
		return "an away subject"
	}
	if p.prefixedTopic() {
		return "a prefix on the thread's subject"
	}
	return ""
}

// prefixedTopic reports a subject made of a short prefix ending in ":",
// "]" or ")" and the thread's topic, which Exchange keeps in Thread-Topic:
// what an automatic answer in a language not listed here looks like.
func (p *parsed) prefixedTopic() bool {
	topic := strings.TrimSpace(cleanText(decodeHeaderText(p.h.get("Thread-Topic"), p.charset)))
	s := strings.TrimSpace(p.subject)
	if topic == "" || len(s) <= len(topic) || !strings.HasSuffix(s, topic) {
		return false
	}
	prefix := strings.TrimSpace(s[:len(s)-len(topic)])
	return len(prefix) >= 2 && len(prefix) <= 60 && strings.ContainsAny(prefix[len(prefix)-1:], ":])")
}

// maxOpening is how much of a text its opening can be: an out-of-office
// notice or a challenge says what it is at the top.
const maxOpening = 2000

// opening returns the start of a text, up to the first quoted line or
// quote header ("> …", "On … wrote:", "-----Original Message-----",
// "From: …"), where an answer ends and the original begins.
func opening(text string) string {
	text = head(text, maxOpening)
	for at, rest := 0, text; rest != ""; {
		line, next, _ := strings.Cut(rest, "\n")
		if quoteLine(strings.TrimSpace(line)) {
			return text[:at]
		}
		at += len(line) + 1
		rest = next
	}
	return text
}

// quoteLine reports a line that starts a quote: "> …", a rule of dashes
// or underscores ("-----Original Message-----", Outlook's line), a
// header of the quoted message ("From: …", "De : …", "发件人：…"), or an
// attribution ("On Mon, … Kim wrote:", "Am … schrieb Kim:").
func quoteLine(l string) bool {
	switch {
	case l == "":
		return false
	case l[0] == '>', strings.HasPrefix(l, "---"), strings.HasPrefix(l, "_____"):
		return true
	}
	name, _, ok := strings.Cut(l, ":")
	if !ok {
		name, _, ok = strings.Cut(l, "：")
	}
	if ok && len(name) <= 20 {
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "from", "von", "de", "van", "da", "od", "från", "fra", "lähettäjä", "от", "发件人", "寄件者", "差出人", "보낸 사람":
			return true
		}
	}
	if len(l) > 300 || !strings.HasSuffix(l, ":") {
		return false
	}
	lower := strings.ToLower(l)
	for _, w := range []string{"wrote", "schrieb", "a écrit", "escribió", "ha scritto", "schreef", "escreveu", "napisał", "skrev", "kirjoitti"} {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// clause is a character of one sentence: a dot only after a digit, as in
// "bis zum 12.03.2024" or "vom 4. bis 15. März".
const clause = `(?:[^.!?\n]|\d\.)`

// awayCues are out-of-office statements: the writer is away, in the
// present or future tense, or the text says it is an automatic reply.
// Non-ASCII words are not bounded by \b, which knows only ASCII.
var awayCues = newCueSet([]string{
	// English
	`\b(?:i'm|i’m|i am)\s+(?:currently\s+|now\s+|presently\s+)?(?:out of (?:the )?office|away from|away until|away on|away and|away with|on (?:annual |parental |sick |maternity |paternity |medical )?(?:leave|vacation|holiday)|travel+ing|not in the office|out until|off until)`,
	`\b(?:i will|i'll|i’ll|i shall) be (?:out of (?:the )?office|away|on (?:annual |parental |sick |maternity |paternity )?(?:leave|vacation|holiday)|back (?:in the office )?on)`,
	`\bthis is an? (?:automatic|automated|auto-generated|automatically generated) (?:reply|response|message|e-?mail)`,
	`\bwith (?:limited|no|restricted|intermittent) access to (?:my )?e-?mails?\b`,
	// German
	`\bich bin\b` + clause + `{0,50}(?:nicht im büro|nicht im hause|nicht erreichbar|im urlaub|abwesend|außer haus|ausser haus|nicht am arbeitsplatz)`,
	`\bich befinde mich\b` + clause + `{0,40}(?:urlaub|außer haus|ausser haus|dienstreise|elternzeit)`,
	`\b(?:dies ist eine|diese e-mail ist eine|diese nachricht ist eine) automatische`,
	// French
	`\bje (?:suis|serai)\b` + clause + `{0,40}(?:absente?\b|en congés?|en conges?|en vacances|hors du bureau|en déplacement|de retour)`,
	`\bceci est une réponse automatique|\bceci est un message automatique|\bréponse automatique d'absence`,
	// Spanish
	`\b(?:estoy|estaré)\b` + clause + `{0,40}(?:fuera de (?:la )?oficina|de vacaciones|ausente|de viaje)`,
	`\b(?:esta es|este es) (?:una respuesta|un mensaje) autom`,
	// Italian
	`\b(?:sono|sarò|saro)\b` + clause + `{0,40}(?:in ferie|fuori (?:ufficio|sede)|assente|in vacanza)`,
	`\bquesta è una risposta automatica|\bquesto è un messaggio automatico`,
	// Dutch
	`\bik ben\b` + clause + `{0,40}(?:afwezig|met vakantie|op vakantie|niet op kantoor|niet aanwezig)`,
	`\bdit is een automatisch (?:antwoord|bericht)`,
	// Portuguese
	`\b(?:estou|estarei)\b` + clause + `{0,40}(?:de férias|em férias|fora do escritório|ausente)`,
	`\b(?:esta é|esta e) uma resposta automática`,
	// Swedish, Danish, Norwegian
	`\bjag är\b` + clause + `{0,40}(?:ledig|på semester|frånvarande|tjänstledig|inte på kontoret)`,
	`\bjeg er\b` + clause + `{0,40}(?:på ferie|fraværende|ikke på kontoret|ikke til stede)`,
	`\b(?:detta är ett|dette er et) automatisk`,
	// Finnish, Estonian
	`\bolen\b` + clause + `{0,40}(?:lomalla|poissa|puhkusel|kontorist eemal)`,
	`\btämä on automaattinen vastaus|\bsee on automaatvastus`,
	// Latvian, Lithuanian
	`\b(?:esmu|atrodos)\b` + clause + `{0,40}(?:atvaļinājumā|atvalinajuma|ārpus biroja)`,
	`\besu\b` + clause + `{0,40}(?:atostogose|išvykęs|išvykusi)|\bnesu biure`,
	// Polish
	`\b(?:jestem|będę)\b` + clause + `{0,40}(?:na urlopie|poza biurem|nieobecn)`,
	`\bto jest automatyczna odpowied|\bwiadomość (?:wygenerowana|wysłana) automatycznie`,
	// Czech, Slovak
	`\b(?:jsem|budu)\b` + clause + `{0,40}(?:na dovolené|mimo kancelář|nepřítomn)`,
	`\bsom\b` + clause + `{0,40}(?:na dovolenke|mimo kancelárie|neprítomn)`,
	`\btoto je automatická odpov`,
	// Slovenian, Croatian
	`\bsem\b` + clause + `{0,40}(?:na dopustu|odsoten|odsotna|zunaj pisarne)`,
	`\b(?:na godišnjem odmoru sam|izvan ureda sam|odsutan sam|odsutna sam)`,
	`\bto je samodejni odgovor|\bovo je automatski odgovor`,
	// Hungarian, Romanian
	`\b(?:szabadságon vagyok|házon kívül vagyok|nem vagyok az irodában)|\bez egy automatikus válasz`,
	`\bsunt\b` + clause + `{0,40}(?:în concediu|in concediu|în afara biroului|in afara biroului)|\bacesta este un (?:răspuns|raspuns) automat`,
	// Greek, Bulgarian
	`είμαι εκτός γραφείου|βρίσκομαι σε άδεια|αυτόματη απάντηση`,
	`в отпуск съм|извън офиса съм|отсъствам|това е автоматичен отговор`,
	// Irish, Maltese
	`\btá mé as oifig|\bis freagra uathoibríoch|\bjien barra mill-uffi|\bdin hija tweġiba awtomatika`,
	// Russian, Ukrainian
	`я (?:сейчас |нахожусь )?(?:в отпуске|вне офиса|отсутствую)|это автоматический ответ|это автоматическое сообщение`,
	`я (?:зараз )?(?:у відпустці|поза офісом)|це автоматична відповідь`,
	// Turkish
	`ofis dışındayım|izindeyim|\bbu (?:bir )?otomatik (?:yanıt|yanit|cevap)`,
	// Arabic, Hebrew
	`أنا (?:حاليا |حالياً )?(?:خارج المكتب|في إجازة)|هذا رد تلقائي|אני מחוץ למשרד|זוהי תשובה אוטומטית`,
	// Chinese, Japanese, Korean
	`我(?:目前|现在|現在|正在)?(?:休假|不在办公室|不在辦公室|外出)|这是一封自动回复|這是一封自動回覆|此为自动回复|此為自動回覆`,
	`不在にしております|休暇を(?:いただいて|取って)おります|自動返信メール|自動応答メッセージ`,
	`부재중입니다|휴가 중입니다|휴가중입니다|자동 회신 메시지|자동 응답 메일`,
})
