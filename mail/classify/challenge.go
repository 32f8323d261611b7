package classify

import "strings"

// challengeResponse recognises the request of a challenge-response spam
// filter (Boxbe, Spam Arrest, cPanel's BoxTrapper, Mailinblack,
// SpamEnMoins and their kind): the contact's mailbox held the
// owner's message and asks its sender to prove they are human, by a link,
// a captcha or a reply, before delivering it. It is an automatic answer,
// never the contact's. It returns the reason, or "".
//
// The signs, most certain first: the sender is such a service; the
// subject says the message awaits verification ("Your email requires
// verification verify#…", "[Qurb #123]", "Validez votre envoi"); in
// Parse, the opening of the text asks for it ("verify that you are a real
// person", "un clic pour délivrer votre message"). A forward of one is a
// forward.
//
// Learnt from BoxTrapper's documented verify template (cPanel), the
// challenge phrases public reply classifiers collected for the services
// above, and the challenge rules of public bounce handlers (XenForo's
// bounce parser among them).
func (p *parsed) challengeResponse() string {
	for _, addr := range []string{p.m.From.Email, p.h.get("Return-Path")} {
		if d := challengeDomain(addr); d != "" {
			return "challenge-response (sender " + d + ")"
		}
	}
	if isForwardSubject(p.subject) {
		return ""
	}
	if lower := strings.ToLower(p.subject); challengeTag.match(lower) || challengeSubject.match(lower) && !replyPrefix.MatchString(p.subject) {
		return "challenge-response subject"
	}
	if p.headerOnly || p.m.Text == "" {
		return ""
	}
	if challengeText.match(strings.ToLower(opening(p.m.Text))) {
		return "challenge-response text"
	}
	return ""
}

// challengeServices are the domains challenge-response services send
// their requests from.
var challengeServices = []string{"boxbe.com", "spamarrest.com", "mailinblack.com", "mail-in-black.com", "spamenmoins.com"}

// challengeDomain returns the service domain addr belongs to, or "".
func challengeDomain(addr string) string {
	addr = strings.TrimRight(strings.TrimSpace(addr), ">")
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return ""
	}
	domain := addr[at+1:]
	for _, d := range challengeServices {
		if n := len(domain) - len(d); n >= 0 && strings.EqualFold(domain[n:], d) && (n == 0 || domain[n-1] == '.') {
			return d
		}
	}
	return ""
}

// challengeTag are the marks challenge systems put in a subject, even
// after "Re:": BoxTrapper's "verify#…", Qurb's "[Qurb #123]".
var challengeTag = newCueSet([]string{`verify#[\w-]`, `\[qurb\s*#?\d`, `\bspam ?arrest\b`})

// challengeSubject are the subjects of challenges; after "Re:" they are
// a person's ("Re: Sender verification fails for our domain").
var challengeSubject = newCueSet([]string{
	// English: BoxTrapper ("Your email requires verification"), generic filters
	`\bchallenge[- ]response\b`,
	`\b(?:your|the) (?:e-?mail|message|mail)\b[^\n]{0,80}\b(?:requires|needs|is awaiting|awaits|is pending|pending|is waiting for|held for) (?:your )?(?:verification|confirmation)`,
	`\b(?:requires|awaiting|pending) (?:sender )?verification\b`, `\bsender verification\b`, `\bverification required\b`,
	`\b(?:unverified|unconfirmed) (?:e-?mail|message|mail) to\b`, `\b(?:confirm|verify) (?:your|the) (?:e-?mail|message|mail) to\b`,
	`\bplease verify (?:that )?you are (?:a )?(?:human|real person)`,
	// German
	`absender-?verifizierung|absender-?bestätigung|bestätigen sie ihre (?:e-mail|nachricht)`,
	`(?:e-mail|nachricht) (?:wartet auf|erfordert) (?:ihre )?(?:bestätigung|verifizierung)|verifizierung erforderlich`,
	// French: Mailinblack and others
	`vérification de l'expéditeur|verification de l'expediteur|en attente de validation|validation requise`,
	`validez votre (?:envoi|message|e-?mail)|confirmez votre (?:envoi|message)|bloqu[ée] pour authentification|authentification de l'exp`,
	// Spanish, Italian, Dutch, Portuguese, Polish
	`verificaci[óo]n del remitente|(?:mensaje|correo) (?:retenido|pendiente de (?:verificaci|confirmaci))|confirme su (?:mensaje|env[íi]o|correo)`,
	`verifica del mittente|(?:messaggio|e-mail|email) in attesa di (?:conferma|verifica)|conferma il tuo messaggio`,
	`afzenderverificatie|verificatie van de afzender|bevestig uw (?:bericht|e-?mail)|bericht wacht op (?:bevestiging|verificatie)`,
	`verifica[çc][ãa]o do remetente|mensagem (?:retida|pendente de (?:confirma|verifica))|confirme (?:sua|a sua) mensagem`,
	`weryfikacja nadawcy|potwierdź (?:swoją )?wiadomość`,
})

// challengeText are the phrases of challenges, in their opening: asking
// to prove one is human, or saying the message waits until one does.
// Descriptions alone ("your message was held by our filter", "so that
// your message is delivered") are left out: a person writes them too.
var challengeText = newCueSet([]string{
	// English
	`\bverify (?:that )?you(?:'re| are) (?:a )?(?:real |live )*(?:human|person|not a (?:robot|spammer|machine|computer))`,
	`\bprove (?:that )?you(?:'re| are) (?:a )?(?:real |live )*(?:human|person|not a (?:robot|spammer|machine|computer))`,
	`\breal live human being\b|\bnot a spam source\b|\bthe message you sent requires\b|\brequires that you verify\b`,
	`\bto complete (?:this|the) verification\b`,
	`\b(?:your|the) (?:e-?mail|message)\b[^.\n]{0,60}\b(?:held|quarantined|placed on hold|on hold)\b[^.\n]{0,40}\b(?:until|pending) (?:you|your|verification|confirmation)`,
	`\b(?:click|follow|visit|use) (?:on )?(?:the|this) (?:link|url|button|page)\b[^.\n]{0,60}\b(?:deliver|release) (?:your|the) (?:e-?mail|message)`,
	// German
	`\bbestätigen sie,? dass sie (?:ein mensch|eine reale person|kein (?:roboter|spammer|computer))`,
	`\bihre (?:e-mail|nachricht) wird\b[^.\n]{0,40}(?:zurückgehalten|angehalten), bis sie`,
	`\babsender-?verifizierung`,
	// French: Mailinblack and others
	`\bun clic pour d[ée]livrer|\bprouve[rz] que vous n['’][êe]tes pas un robot|\bcaptcha pour valider|\bvalide[rz] votre envoi`,
	`\b(?:votre|ce) message est en attente de (?:validation|confirmation)`,
	`\bvalider l['’]existen[cs]e de l['’]exp|\bpour libérer (?:l['’]|votre )e-?mail`,
	// Spanish
	`\b(?:verifique|confirme|demuestre) que (?:usted )?(?:es|no es) (?:una persona|humano|un robot)`,
	`\bsu (?:mensaje|correo) (?:ha sido|está|esta|queda) (?:retenido|en espera) hasta que`,
	// Italian
	`\b(?:verifica|conferma|dimostra) di (?:essere|non essere) (?:una persona|umano|un robot)`,
	`\bil (?:tuo|suo) messaggio (?:è|resterà|rimarrà) (?:stato )?(?:trattenuto|bloccato|in attesa) finché non`,
	// Dutch
	`\bbevestig dat u (?:een mens|geen robot)|\b(?:uw|je) bericht wordt (?:vastgehouden|tegengehouden) tot`,
	// Portuguese
	`\b(?:confirme|comprove) que (?:você )?(?:é|não é) (?:humano|uma pessoa|um robô)|\b(?:sua|a sua) mensagem (?:ficará|está) retida até que`,
	// Polish
	`potwierdź, że jesteś człowiekiem|nie jesteś robotem|twoja wiadomość (?:została|zostanie) wstrzymana do`,
})
