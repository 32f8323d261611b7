package classify

// The words of automatic answers, per language: the EU's 24 official
// languages, plus Norwegian, Russian, Ukrainian, Turkish, Arabic, Hebrew,
// Chinese (simplified and traditional), Japanese and Korean. They are
// regular-expression fragments, matched case-insensitively (Go folds
// case rune by rune, so "İ" and "ı" need their own spelling), and every
// fragment starts with literal text: the subject prefilter keys on it
// (see subjectPattern).
//
// Where they come from: the subject prefix Exchange, Outlook and
// Outlook.com put before the original subject of an automatic reply in
// the mailbox's language ("Automatic reply:", "Automatische Antwort:",
// "Réponse automatique :", "自动答复:", "自動応答:" …); the default or
// usual subjects of the vacation responders of Gmail, Yahoo, iCloud,
// Zimbra, Zoho, GMX, Yandex, Mail.ru, QQ and 163 Mail, Lotus Notes
// ("AUTO:"), cPanel and Sieve; and the absence notices people write by
// hand ("Out of office", "Abwesenheitsnotiz", "Fuera de la oficina").
// Public detectors that list such subjects were cross-checked (Zammad's
// out_of_office_check, sisimai's RFC3834 module, several reply
// classifiers); the spellings without diacritics are what plain-ASCII
// mail programs send.

// autoWords say "automatic reply" or "absent": they make an out-of-office
// subject as the whole subject, before a colon ("Autosvar: Kaffe?") or in
// brackets ("[Auto-Reply] Coffee"). Short or common words live here, not
// in absenceWords, so that "Auto - Verkauf" or "Absence policy" stay
// ordinary subjects.
var autoWords = []string{
	// English: Outlook, Gmail, Yahoo, cPanel, Lotus Notes ("AUTO:")
	`automatic reply`, `automated reply`, `automatic response`, `automated response`,
	`auto(?:matic)?[- ]?reply`, `auto[- ]?response`, `autoresponder`, `auto`, `ooo`, `ooto`,
	`vacation (?:auto-?reply|reply|response|notice|message)`, `holiday (?:reply|notice)`, `absence notice`,
	// German
	`automatische antwort`, `abwesend`, `autom\. antwort`,
	// French
	`réponse automatique`, `reponse automatique`, `absence`, `absente?`,
	// Spanish
	`respuesta automática`, `respuesta automatica`, `ausente`, `ausencia`,
	// Italian
	`risposta automatica`, `assente`, `assenza`,
	// Dutch
	`automatisch antwoord`, `afwezig`, `afwezigheid`,
	// Portuguese
	`resposta automática`, `resposta automatica`, `ausência`,
	// Swedish, Danish, Norwegian
	`automatiskt svar`, `automatisk svar`, `autosvar`, `frånvarande`, `frånvaro`, `fraværende`, `fravær`,
	// Finnish
	`automaattinen vastaus`, `poissa`, `poissaolo`,
	// Estonian
	`automaatvastus`, `automaatne vastus`, `eemal`,
	// Latvian
	`automātiskā atbilde`, `automatiska atbilde`, `automātiska atbilde`, `prombūtnē`, `prombutne`,
	// Lithuanian
	`automatinis atsakymas`, `automatinis atsakas`, `išvykęs`, `išvykusi`,
	// Polish: Outlook says "Odpowiedź automatyczna", others the other order
	`odpowiedź automatyczna`, `odpowiedz automatyczna`, `automatyczna odpowied[zź]`, `nieobecność`, `nieobecnosc`,
	// Czech
	`automatická odpověď`, `automaticka odpoved`, `nepřítomnost`, `nepritomnost`,
	// Slovak
	`automatická odpoveď`, `neprítomnosť`,
	// Slovenian
	`samodejni odgovor`, `odsotnost`, `odsoten`, `odsotna`,
	// Croatian
	`automatski odgovor`, `odsutnost`, `odsutan`, `odsutna`,
	// Hungarian
	`automatikus válasz`, `automatikus valasz`, `távollét`, `tavollet`,
	// Romanian (ã where old mail programs lacked ă)
	`răspuns automat`, `rãspuns automat`, `raspuns automat`,
	// Bulgarian
	`автоматичен отговор`, `отсъствие`,
	// Greek (capitals drop the accents)
	`αυτόματη απάντηση`, `αυτοματη απαντηση`, `απουσία`, `απουσια`,
	// Irish
	`freagra uathoibríoch`, `freagra uathoibrioch`,
	// Maltese
	`tweġiba awtomatika`, `twegiba awtomatika`, `risposta awtomatika`,
	// Russian (Outlook; Yandex and Mail.ru say "Автоответ"), Ukrainian
	`автоматический ответ`, `автоответ`, `отсутствие`, `автоматична відповідь`, `автовідповідь`,
	// Turkish
	`otomatik yanıt`, `otomatik yanit`, `otomatİk yanit`, `otomatik cevap`, `otomatİk cevap`,
	// Arabic, Hebrew
	`رد تلقائي`, `الرد التلقائي`, `رد آلي`, `תשובה אוטומטית`,
	// Chinese: Outlook zh-CN says 自动答复, QQ and 163 Mail 自动回复; Outlook zh-TW 自動回覆
	`自动回复`, `自动答复`, `自动应答`, `自動回覆`, `自動答覆`, `自動回復`,
	// Japanese: Outlook 自動応答, Gmail and others 自動返信
	`自動応答`, `自動返信`, `自動回答`, `不在通知`,
	// Korean: Outlook 자동 회신
	`자동 회신`, `자동회신`, `자동 응답`, `자동응답`, `자동 답장`, `부재중`, `부재 중`,
}

// absenceWords say "out of the office" precisely enough that a subject
// starting with them is a notice whatever follows a separator or a date:
// "Out of Office - Jane Doe", "Abwesenheitsnotiz bis 12.03.",
// "Fuera de la oficina (hasta el lunes)".
var absenceWords = []string{
	// English
	`out of (?:the )?office(?: auto-?reply| auto reply| reply| alert| notice| message)?`,
	`away from (?:my |the )?(?:mail|email|e-mail|office|desk)`,
	// German
	`abwesenheitsnotiz`, `abwesenheitsnachricht`, `abwesenheitsmeldung`, `automatische abwesenheitsnachricht`,
	`automatische abwesenheitsnotiz`, `nicht im büro`, `außer haus`, `ausser haus`,
	// French
	`absence du bureau`, `absente? du bureau`, `hors du bureau`, `message d'absence`, `message d’absence`,
	// Spanish
	`fuera de (?:la )?oficina`, `mensaje de ausencia`,
	// Italian
	`fuori sede`, `fuori ufficio`, `fuori dall'ufficio`, `messaggio di assenza`,
	// Dutch
	`afwezigheidsmelding`, `afwezigheidsbericht`, `niet op kantoor`, `buiten kantoor`,
	// Portuguese
	`fora do escritório`, `fora do escritorio`, `mensagem de ausência`,
	// Swedish, Danish, Norwegian
	`frånvaromeddelande`, `fraværsmeddelelse`, `inte på kontoret`, `ikke på kontoret`, `ikke til stede`,
	// Finnish
	`poissa toimistolta`, `poissaoloviesti`,
	// Estonian
	`kontorist väljas`,
	// Latvian
	`ārpus biroja`, `arpus biroja`,
	// Lithuanian
	`ne biure`, `nesu biure`,
	// Polish
	`poza biurem`,
	// Czech, Slovak
	`mimo kancelář`, `mimo kancelar`, `mimo kancelárie`, `mimo kancelarie`,
	// Slovenian, Croatian
	`zunaj pisarne`, `izven pisarne`, `izvan ureda`,
	// Hungarian
	`házon kívül`, `hazon kivul`, `irodán kívül`, `irodan kivul`,
	// Romanian
	`în afara biroului`, `in afara biroului`, `absent de la birou`,
	// Bulgarian
	`извън офиса`,
	// Greek
	`εκτός γραφείου`, `εκτος γραφειου`,
	// Irish
	`as oifig`, `amuigh as an oifig`,
	// Maltese
	`barra mill-uffiċċju`, `barra mill-ufficcju`,
	// Russian, Ukrainian
	`вне офиса`, `нет на месте`, `поза офісом`,
	// Turkish
	`ofis dışında`, `ofis disinda`,
	// Arabic, Hebrew
	`خارج المكتب`, `מחוץ למשרד`,
	// Chinese, Japanese
	`不在办公室`, `不在辦公室`, `不在のお知らせ`,
}

// awayWords say "on holiday" or "away": common enough words that only the
// whole subject counts ("Urlaub", "Vacation until Monday", "Vacaciones
// hasta el 15"), or a subject starting with them and a colon when the
// body says so too ("Urlaub: Ihre Anfrage", see autoReplyText).
var awayWords = []string{
	// English
	`on vacation`, `on holiday`, `on holidays`, `on leave`, `on annual leave`, `vacation`, `holiday`, `holidays`,
	`away`, `annual leave`, `i'm away`, `i am away`,
	// German
	`urlaub`, `im urlaub`, `abwesenheit`, `ferien`,
	// French
	`en vacances`, `en congés?`, `en conges?`, `congés?`, `vacances`,
	// Spanish
	`de vacaciones`, `vacaciones`,
	// Italian
	`in ferie`, `ferie`, `in vacanza`,
	// Dutch
	`vakantie`, `met vakantie`, `op vakantie`,
	// Portuguese
	`de férias`, `férias`, `ferias`,
	// Swedish, Danish, Norwegian
	`semester`, `på semester`, `på ferie`,
	// Finnish
	`lomalla`,
	// Estonian, Latvian, Lithuanian
	`puhkusel`, `atvaļinājumā`, `atvalinajuma`, `atostogose`,
	// Polish
	`urlop`, `na urlopie`,
	// Czech, Slovak
	`dovolená`, `dovolena`, `na dovolené`, `dovolenka`, `na dovolenke`,
	// Slovenian, Croatian
	`dopust`, `na dopustu`, `godišnji odmor`, `godisnji odmor`,
	// Hungarian
	`szabadság`, `szabadsag`, `szabadságon`, `szabadsagon`,
	// Romanian
	`concediu`, `în concediu`, `in concediu`,
	// Bulgarian, Russian, Ukrainian
	`в отпуск`, `отпуск`, `в отпуске`, `у відпустці`, `відпустка`,
	// Greek
	`σε άδεια`, `διακοπές`,
	// Turkish
	`izinde`, `izindeyim`, `İzinde`, `İzindeyim`, `tatildeyim`,
	// Arabic
	`في إجازة`, `إجازة`,
	// Chinese, Japanese, Korean
	`休假`, `休假中`, `外出中`, `休暇中`, `휴가`, `휴가 중`, `휴가중`,
}

// selfWords start a subject in which the writer says they are away, in
// the present: "I am out of the office until 5 May", "Je suis absente".
// Only the whole subject counts, or one continued by a date or "until"
// (see subjectTail): "I am away next week, can we move our call?" is a
// person's.
var selfWords = []string{
	`i am\s+` + selfAway, `i'm\s+` + selfAway, `i will be\s+` + selfAway, `i'll be\s+` + selfAway,
	`ich bin\s+(?:derzeit\s+|zurzeit\s+|momentan\s+)?(?:nicht im büro|im urlaub|abwesend|außer haus|ausser haus|nicht erreichbar)`,
	`je suis\s+(?:actuellement\s+)?(?:absente?|en congés?|en vacances|hors du bureau)`,
	`estoy\s+(?:actualmente\s+)?(?:fuera de (?:la )?oficina|de vacaciones|ausente)`,
	`sono\s+(?:attualmente\s+)?(?:in ferie|fuori (?:ufficio|sede)|assente|in vacanza)`,
	`ik ben\s+(?:momenteel\s+)?(?:afwezig|met vakantie|op vakantie|niet op kantoor)`,
	`estou\s+(?:de férias|fora do escritório|ausente)`,
	`jestem\s+(?:na urlopie|poza biurem|nieobecn[ya])`,
}

// selfAway is what an English writer says they are after "I am".
const selfAway = `(?:currently\s+|now\s+)?(?:out of (?:the )?office|away|on (?:annual |parental |sick |maternity |paternity )?(?:leave|vacation|holiday))`

// replyWords are the "automatic reply" words that may be followed by
// "from" or "to": "Auto-Reply from Jane Doe", "Automated response to your
// message".
var replyWords = []string{
	`automatic reply`, `automated reply`, `automatic response`, `automated response`,
	`auto-?reply`, `auto-?response`, `autoresponse`,
}

// subjectColon ends a prefix: French typography puts a no-break space
// before the colon ("Réponse automatique\u00a0:"), Chinese and Japanese
// programs a full-width colon.
const subjectColon = `[\s\x{a0}\x{202f}]*[:：]`

// subjectTail is what may follow an away word and still make the whole
// subject a notice: a separator then a date or "until"/"back".
const subjectTail = `(?:\s*[-–—,;:(]\s*|\s+)(?:(?:until|till|til|through|thru|back|returning|bis|jusqu|hasta|fino|tot)\b|t/m\s|до\s|\d|(?:from|vom|du|del|dal|van|od|do|z|от|с)\s+\d)`
