package classify

import (
	"regexp"
	"strings"
)

// The words of failure reports. Mail servers that do not write RFC 3464
// reports (and many that do, in their human part) each have their own
// sentences; the catalogue below was learnt from the shapes sisimai
// documents for 70+ MTAs (sisimai lib/Sisimai/Lhost/*.pm and its
// set-of-emails samples) and from the mail servers' own sources where
// they quote them. Each entry is a phrase, not a whole message: the
// extraction that follows (bouncetext.go, bouncereply.go) works from the
// structure of the text, not from one vendor's layout.

// mtaSignatures are the opening words only a mail server writes at the
// top of a failure report. One of them, unquoted, near the top of a
// message is enough to call it a bounce, whoever relayed it (a list, a
// forwarding rule) — unless the subject says a person forwarded it.
var mtaSignatures = []string{
	// qmail, netqmail and its clones (Yahoo, X4, Su mensaje …)
	`this is the qmail-send program at`,
	`i'm afraid i wasn't able to deliver your message to the following addresses`,
	`sorry, we were unable to deliver your message to the following address`,
	`su mensaje no pudo ser entregado`,
	// Postfix, with or without its DSN part, and its rebranded builds
	`this is the (?:mail system|postfix program|postfix on [^\n]{1,40} program) at host`,
	`i'm sorry to have to inform you that (?:your|the) message (?:returned below )?could not`,
	// Exim, and the providers running it (GMX, 1&1, mail.ru, Zoho)
	`this message was created automatically by mail delivery software`,
	`a message that you sent could not be delivered to (?:one or more|all) of its`,
	// sendmail and its relatives (Biglobe, ActiveHunter, V5 sendmail)
	`-{3,} ?the following addresses? had (?:permanent fatal errors|delivery problems)`,
	`-{3,} ?transcript of session (?:follows|is unavailable)`,
	// Microsoft Exchange 2007 and later, Office 365, Outlook.com
	`delivery has failed to these recipients or groups`,
	`delivery is delayed to these recipients or groups`,
	`your message to \S+ couldn't be delivered`,
	`did not reach the following recipient\(?s\)?`,
	`die zustellung an folgende empfänger oder gruppen ist fehlgeschlagen`,
	`échec de la remise (?:pour|à) ces destinataires`,
	`il recapito non è riuscito per i seguenti destinatari`,
	`error en la entrega a estos destinatarios`,
	`leveransen till (?:dessa|följande) mottagare`,
	// Google (Gmail, Workspace)
	`delivery to the following recipients? (?:failed permanently|has been delayed)`,
	`your message wasn't delivered to \S+ because`,
	// Lotus Notes / Domino
	`-{3,} ?failure reasons ?-{3,}`,
	`not listed in (?:the )?(?:domino directory|public name & address book)`,
	// Novell GroupWise
	`the message that you sent was (?:undeliverable|not delivered) to the following`,
	// Courier
	`running the courier mail server`,
	// Sun / Oracle Messaging Server (iPlanet)
	`this report relates to a message you sent with the following header fields`,
	// OpenSMTPD, DragonFly Mail Agent
	`this is the mailer-daemon, please do not reply to this`,
	`an error has occurred while attempting to deliver a message for`,
	`this is the dragonfly mail agent`,
	// IMail, MailFoundry, MailMarshal, McAfee, other appliances
	`body of message generated response:`,
	`unable to deliver message to(?: the following address(?:\(es\))?)?:`,
	`we had trouble delivering your message`,
	`this is an automatically generated delivery status notification`,
	// mail.ru, Yandex
	`это письмо создано автоматически сервером`,
	`ваше письмо не может\s+быть (?:доставлено|отправлено)`,
	// Japanese carriers and gateways (au/KDDI, EZweb, m-FILTER …)
	`your mail (?:sent on|attempted to be delivered on):`,
	`each of the following recipients was rejected by a remote`,
	`が自動的に生成して送信しています`,
	// SendGrid, and other senders' bounce notices
	`this is an automatically generated message from sendgrid`,
}

// mtaSignature matches any of mtaSignatures.
var mtaSignature = newPhraseSet(mtaSignatures)

// phraseSet matches any of a list of phrase patterns (case-insensitive).
// One alternation of dozens of phrases run over every message is slow in
// Go's regexp, so each phrase runs alone, and only where a literal every
// match of it holds is found.
type phraseSet []phrase

type phrase struct {
	literal string // lower case
	re      *regexp.Regexp
}

func newPhraseSet(patterns []string) phraseSet {
	out := make(phraseSet, len(patterns))
	for i, pat := range patterns {
		out[i] = phrase{literal: requiredLiteral(pat), re: regexp.MustCompile(`(?i)` + pat)}
	}
	return out
}

// MatchString reports whether any phrase occurs in text.
func (s phraseSet) MatchString(text string) bool {
	lower := strings.ToLower(text)
	for _, p := range s {
		if strings.Contains(lower, p.literal) && p.re.MatchString(text) {
			return true
		}
	}
	return false
}

// firstIndex returns where the first phrase in text starts, or -1.
func (s phraseSet) firstIndex(text string) int {
	lower, first := strings.ToLower(text), -1
	for _, p := range s {
		if !strings.Contains(lower, p.literal) {
			continue
		}
		if loc := p.re.FindStringIndex(text); loc != nil && (first < 0 || loc[0] < first) {
			first = loc[0]
		}
	}
	return first
}

// unquotedIn reports whether a phrase occurs in text on a line that is
// not quoted ("> …").
func (s phraseSet) unquotedIn(text string) bool {
	lower := strings.ToLower(text)
	for _, p := range s {
		if !strings.Contains(lower, p.literal) {
			continue
		}
		for _, loc := range p.re.FindAllStringIndex(text, 4) {
			start := strings.LastIndexByte(text[:loc[0]], '\n') + 1
			if !strings.HasPrefix(strings.TrimLeft(text[start:loc[0]], " \t"), ">") {
				return true
			}
		}
	}
	return false
}

// requiredLiteral returns the longest run of plain characters outside
// any group of a phrase pattern: text matching the pattern holds it (in
// lower case). A character made optional by "?", "*" or "{0" is not part
// of the run. The patterns have no alternation outside groups.
func requiredLiteral(pat string) string {
	best, run, depth := "", []rune{}, 0
	end := func() {
		if depth == 0 && len(string(run)) > len(best) {
			best = string(run)
		}
		run = run[:0]
	}
	rs := []rune(pat)
	for i := 0; i < len(rs); i++ {
		switch c := rs[i]; c {
		case '?', '*', '{':
			if len(run) > 0 {
				run = run[:len(run)-1]
			}
			end()
			for c == '{' && i < len(rs) && rs[i] != '}' {
				i++
			}
		case '+':
			end()
		case '\\':
			end()
			i++ // the escaped character
		case '(', '[':
			end()
			depth++
		case ')', ']':
			end()
			depth--
		case '|', '.', '^', '$':
			end()
		default:
			if depth == 0 {
				run = append(run, c)
			}
		}
	}
	end()
	return strings.ToLower(best)
}

// bounceSubjectWords are the subjects mail servers give failure reports,
// in the languages they localise them to.
var bounceSubjectWords = []string{
	`undeliver`, `undelivered`, `returned mail`, `returning message`, `mail delivery fail`,
	`delivery (?:status notification|failure|failed|has failed|notification|problem|report)`,
	`failure notice`, `non[- ]?deliver`, `could not be delivered`, `not delivered`, `mail system error`,
	`could not send message`, `delayed mail`, `message delayed`, `returned to sender`, `mail failure`,
	`unable to deliver`, `bounce notification`, `message you sent blocked`, `rejected`, `delivery status`,
	`message status - undeliverable`, `warning: message .* delayed`, `delivery delayed`,
	// de, fr, it, nl, es, pt, sv
	`unzustellbar`, `nicht zustellbar`, `zustellung fehlgeschlagen`, `übermittlungsstatus`,
	`non remis`, `impossible de remettre`, `notification d'état de (?:la )?(?:remise|distribution)`,
	`non recapitabile`, `onbestelbaar`, `no se puede entregar`, `no entregado`, `não entregue`, `olevererbart`,
	// ru, ja, zh
	`недоставленное сообщение`, `не доставлено`, `не может быть доставлено`,
	`メールエラー`, `配信エラー`, `送信エラー`, `エラー通知`, `不達`, `配信不能`, `配送不能`, `未達`, `返送`,
	`退信`, `投递失败`, `无法投递`, `未送達`,
}

// bounceSubject matches any of bounceSubjectWords.
var bounceSubject = regexp.MustCompile(`(?i)` + strings.Join(bounceSubjectWords, "|"))

// bounceTextWords are what a failure report says about the failure, in
// the languages mail servers localise their reports to.
var bounceTextWords = []string{
	`could not be delivered`, `couldn't be delivered`, `was not delivered`, `wasn't delivered`, `not be delivered`,
	`delivery (?:has|to the following recipients?) failed`, `permanent fatal errors?`,
	`following address(?:\(es\)|es)? failed`, `did not reach the following recipient`,
	`delivery to the following recipient`, `undeliverable`, `user unknown`, `unknown user`, `no such user`,
	`mailbox (?:unavailable|full|is full|not found)`, `recipient address rejected`, `host or domain name not found`,
	`delivery failed`, `unable to deliver`, `message was rejected`, `was rejected`, `rejected your message`,
	`failed permanently`, `this is a permanent error`, `permanent failure`, `could not deliver`, `delivery failure`,
	`wasn't able to deliver`, `was unable to deliver`, `this is the mail system at host`, `invalid (?:user|recipient|address)`,
	`not listed in`, `rcpt to`, `an error has occurred while attempting to deliver`, `address not found`,
	`error delivering your mail`, `trouble delivering your message`, `had delivery problems`,
	`did not receive this message`, `no mailbox here by that name`,
	`delivery is delayed`, `(?:hasn't|has not) (?:yet )?been delivered`,
	// de
	`konnte nicht zugestellt werden`, `nicht zugestellt`, `zustellung (?:an [^\n]{1,80} )?(?:ist )?fehlgeschlagen`,
	`empfänger unbekannt`, `benutzer unbekannt`,
	// fr
	`n'a pas pu être (?:remis|distribué|délivré)`, `échec de (?:la )?(?:remise|distribution|livraison)`,
	`destinataire inconnu`, `utilisateur inconnu`, `adresse (?:de messagerie )?(?:que vous avez entrée )?(?:est )?introuvable`,
	// es, pt, it, nl
	`no se pudo entregar`, `no pudo ser entregado`, `error en la entrega`, `usuario desconocido`,
	`não (?:pôde ser entregue|foi possível entregar)`, `falha na entrega`,
	`non è stato possibile recapitare`, `recapito non è riuscito`, `utente sconosciuto`,
	`kon niet worden (?:bezorgd|afgeleverd)`,
	// ru
	`не может\s+быть\s+(?:доставлено|отправлено)`, `не удалось доставить`, `не доставлено`,
	// ja
	`送信できませんでした`, `配信できませんでした`, `配送できませんでした`, `届けられませんでした`,
	`届けることができませんでした`, `送信に失敗しました`, `配信に失敗しました`, `宛先不明`, `あて先不明`,
	`見つかりません`, `リストにありません`, `お届けできません`, `配達できません`, `届きませんでした`,
	// zh
	`无法投递`, `投递失败`, `未能送达`, `無法傳遞`, `退信`,
	// an SMTP permanent reply code
	`\b55[0-4][ -]`,
}

// bounceText matches any of bounceTextWords.
var bounceText = newPhraseSet(bounceTextWords)

// signedReport reports an unquoted mail server signature in text.
func signedReport(text string) bool {
	return mtaSignature.unquotedIn(text)
}
