package classify

import (
	"regexp"
	"time"
)

// The phrases ReadReply reads a reply's meaning by, in English, German,
// French and Spanish, matched as whole words in lower case. A no cue
// carries its own negation ("not available"), so a negation before a no
// cue is a double negative and makes the sentence doubtful.

// yesCues agree to talk.
var yesCues = words(
	`happy to`, `glad to`, `delighted to`, `would love to`, `i'd love to`, `i’d love to`, `sure,? (?:let's|let’s|happy|why not)`,
	`sounds good`, `works for me`, `count me in`, `let's (?:talk|chat|meet|find a time)`, `let’s (?:talk|chat|meet|find a time)`,
	`gerne`, `gern`, `sehr gerne`, `mit vergnügen`, `lass uns`, `lassen sie uns`, `passt mir`,
	`avec plaisir`, `volontiers`, `je serais ravie?`, `ça me ferait plaisir`, `bien sûr`,
	`con gusto`, `encantad[oa]`, `me encantaría`, `claro que sí`, `por supuesto`, `hablemos`,
)

// timeCues offer a day or a time: a yes when nothing says no.
var timeCues = words(
	`(?:`+weekdayAlternation()+`)`,
	`\d{1,2}(?::\d{2})? ?(?:am|pm|uhr|h)`, `\d{1,2}[:h]\d{2}`,
	`tomorrow`, `morgen`, `demain`, `mañana`,
)

// noCues decline.
var noCues = words(
	`not available`, `not be available`, `(?:can't|cannot|can’t|won't|won’t|am unable to|i'm unable to|i’m unable to|unable to) (?:help|make it|meet|talk|take|do)`,
	`(?:have|need|'ll have|’ll have) to (?:pass|decline)`, `not (?:interested|able to)`, `no time`, `not a good time`, `too busy`,
	`leider nicht`, `leider keine`, `leider kann ich`, `leider muss ich`, `(?:kann|werde) ich (?:leider )?nicht`, `keine zeit`, `nicht möglich`, `muss (?:ich )?(?:leider )?absagen`,
	`je ne suis pas disponible`, `je ne pourrai pas`, `je ne peux pas`, `pas disponible`, `pas le temps`, `je dois décliner`,
	`no puedo`, `no podré`, `no estoy disponible`, `no tengo tiempo`, `no me es posible`, `tengo que declinar`,
)

// referralCues point to someone else.
var referralCues = words(
	`not the right person`, `wrong person`, `you should (?:talk|speak|reach out|write) to`, `(?:talk|speak|reach out|write) to my colleague`,
	`cc'?ing`, `cc’ing`, `(?:i've|i’ve|i have) (?:cc'?d|copied|looped in)`, `looping in`, `better person`, `best person`,
	`nicht (?:der|die) richtige`, `wenden sie sich an`, `wende dich an`, `in kopie`, `in cc`, `meine kollegin`, `mein kollege`,
	`pas la bonne personne`, `je vous mets en copie`, `je te mets en copie`, `en copie`, `adressez-vous à`, `contactez plutôt`, `ma collègue`, `mon collègue`,
	`no soy la persona`, `te pongo en copia`, `le pongo en copia`, `en copia`, `habla con`, `hable con`, `escribe a`, `mi compañer[oa]`, `mi colega`,
)

// replyTraps look like a cue and are none: the sentence is doubtful.
var replyTraps = words(
	`can't help but`, `can’t help but`, `cannot help but`, `can't wait`, `can’t wait`, `not unhappy`, `not un(?:willing|available)`, `no problem`,
	`kann es kaum erwarten`, `nicht ungern`, `nicht un(?:möglich|gern)`,
	`je ne peux pas attendre`, `pas impossible`,
	`no puedo esperar`, `no hay problema`, `no es imposible`,
)

// laterWords say not now, and when: each returns the day to ask again
// from the mail's date, zero when it cannot tell.
var laterWords = []struct {
	re   *regexp.Regexp
	when func(d time.Time) time.Time
}{
	{anyWord(`after the holidays`, `after christmas`, `in the new year`, `nach den feiertagen`, `nach weihnachten`, `im neuen jahr`, `après les fêtes`, `après noël`, `après les vacances`, `después de (?:las fiestas|navidad|las vacaciones)`, `el año que viene`, `l'année prochaine`, `nächstes jahr`, `next year`), afterHolidays},
	{anyWord(`next month`, `nächsten monat`, `im nächsten monat`, `le mois prochain`, `el mes que viene`, `el próximo mes`, `el mes próximo`), firstOfNextMonth},
	{anyWord(`next week`, `nächste woche`, `nächsten woche`, `la semaine prochaine`, `la semana que viene`, `la próxima semana`), nextMonday},
	{anyWord(`(?:in|after|nach|après|después de) (?:a few|a couple of|ein paar|einigen|quelques|unas) (?:weeks|wochen|semaines|semanas)`), func(d time.Time) time.Time { return dayOf(d).AddDate(0, 0, 21) }},
	{anyWord(`later (?:this|in the) (?:year|spring|summer)`, `später`, `plus tard`, `más adelante`, `more time`, `at a later date`, `zu einem späteren zeitpunkt`), func(time.Time) time.Time { return time.Time{} }},
}

// laterIn finds a later cue in the sentence l; ok reports one was found,
// the day may still be zero.
func laterIn(l string, date time.Time) (time.Time, bool) {
	for _, w := range laterWords {
		if w.re.MatchString(l) {
			if date.IsZero() {
				return time.Time{}, true
			}
			return w.when(date), true
		}
	}
	return time.Time{}, false
}

// afterHolidays is the first working week of January after a December
// (or late November) mail, and otherwise nothing: "the holidays" in
// summer could be any weeks.
func afterHolidays(d time.Time) time.Time {
	switch {
	case d.Month() == time.December, d.Month() == time.November && d.Day() >= 15:
		return mkDate(d.Year()+1, time.January, 7)
	case d.Month() == time.January && d.Day() < 7:
		return mkDate(d.Year(), time.January, 7)
	}
	return time.Time{}
}

func firstOfNextMonth(d time.Time) time.Time {
	return time.Date(d.Year(), d.Month()+1, 1, 0, 0, 0, 0, time.UTC) // December+1 is January
}

// dayOf is midnight UTC of the day d is in, in d's own zone.
func dayOf(d time.Time) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
}

func nextMonday(d time.Time) time.Time {
	return nextWeekday(dayOf(d), time.Monday)
}
