package classify

import "regexp"

// Patterns for returnDate. They run on lower-cased text. Go's \b only
// knows ASCII letters, so no \b touches a non-ASCII letter here.

var (
	monthRe   = `(` + monthAlternation() + `)`
	weekdayRe = `(` + weekdayAlternation() + `)`
	ordinal   = `(?:st|nd|rd|th|er|e|º|°)?`

	// 10-31 July, 1. bis 12. März, du 3 au 7 mars, del 10 al 15 de enero
	dayRangeMonth = regexp.MustCompile(`\b(\d{1,2})\.?` + ordinal + `\s*(?:-|–|—|to|till|until|through|thru|bis|au|al|a)\s*(\d{1,2})\.?` + ordinal + `\s*(?:of\s+|de\s+)?` + monthRe + `\b\.?(?:,?\s*(?:de\s+)?(\d{4}))?`)
	// July 10-31, Sep 3 to 7
	monthDayRange = regexp.MustCompile(`\b` + monthRe + `\.?\s+(\d{1,2})` + ordinal + `\s*(?:-|–|—|to|till|until|through|thru)\s*(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s*(\d{4}))?`)
	// 2024-03-12
	isoDate = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`)
	// 5 May, 5th of May 2024, 12. März 2024, 3 mars, 15 de enero de 2024
	dayMonthName = regexp.MustCompile(`\b(\d{1,2})` + ordinal + `\.?\s*(?:of\s+|de\s+)?` + monthRe + `\b\.?(?:,?\s*(?:de\s+|del\s+)?(\d{4})\b)?`)
	// May 5, May 5th, 2024, September 23rd
	monthNameDay = regexp.MustCompile(`\b` + monthRe + `\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s*(\d{4})\b)?`)
	// the 15th (of this month or the next)
	ordinalDay = regexp.MustCompile(`\bthe\s+(\d{1,2})(?:st|nd|rd|th)\b`)
	// 12.03.2024, 12.03., 9/18/2014, 18/9
	numericDate = regexp.MustCompile(`\b(\d{1,2})([./])(\d{1,2})(?:[./](\d{4}|\d{2}))?\b`)
	// for two weeks, für zwei Wochen, pendant deux semaines, durante dos semanas
	durationRe = regexp.MustCompile(`\b(for|für|pendant|durante|in|dans|en|during|the next|next)\s+(?:the\s+next\s+|die\s+nächsten\s+|les\s+|las\s+|los\s+)?(` + numberAlternation() + `)\s+(days?|weeks?|months?|tagen?|tage|wochen?|monaten?|monate|monat|jours?|semaines?|mois|días?|dias?|semanas?|meses|mes)\b`)
	// tomorrow, next week, übermorgen, demain, mañana …
	relativeDay = regexp.MustCompile(`(?:^|[^\pL])(the day after tomorrow|day after tomorrow|übermorgen|après-demain|pasado mañana|tomorrow|morgen|demain|mañana|next week|nächste woche|nächsten woche|kommende woche|la semaine prochaine|la semana que viene|la próxima semana|la proxima semana)(?:$|[^\pL])`)
	// Monday, next Friday, Montag, lundi prochain, el próximo lunes
	weekdayOnly = regexp.MustCompile(`\b(?:next\s+|this\s+(?:coming\s+)?|nächsten\s+|kommenden\s+|el\s+pr[óo]ximo\s+)?` + weekdayRe + `\b`)
	// what makes a weekday part of a date: "Monday 15 September", "Monday, September 15"
	weekdayThenDate = regexp.MustCompile(`^[\s,.]*(?:(?:the|den|le|el)\s+)?(?:\d{1,2}(?:st|nd|rd|th|er|\.|\b)|` + monthRe + `\b)`)

	// A sentence ends at ". " after a letter, at "!", "?", or a blank line.
	sentenceBreak = regexp.MustCompile(`[\pL)]\.\s|[!?]\s|\n\s*\n`)

	// Cues before a date that name the return.
	returnBefore = regexp.MustCompile(`(?:\bback\b|\breturn(?:ing|s)?\b|\bin the office\b|\bresume\b|\breachable\b|\bavailable again\b|zurück|\bwieder\b|rückkehr|\bde retour\b|\bretour\b|\breviendrai\b|\brentre\b|\brentrée\b|\bjoignable\b|\bde regreso\b|\bregres[oa]\b|\bregresaré|\bde vuelta\b|\bvolver[ée]|\breincorpor|\bestaré disponible\b|\bserai disponible\b|\brientr|\bdi ritorno\b|\btorner[òo]|\bterug\b|\bweer\b|\bde volta\b|\bregress)[^!?\n]{0,50}$`)
	// … or after it: "ab 12.03. bin ich wieder da", "le 12 mars je serai de retour".
	returnAfter = regexp.MustCompile(`^[\s,.]*(?:[\pL']+\s+){0,3}?(?:wieder\b|zurück|de retour\b|de vuelta\b|de regreso\b|back\b)`)
	// "through" cues: the date is the last day away.
	throughBefore = regexp.MustCompile(`(?:\bthrough|\bthru|\bbis einschließlich|\bbis inklusive|\bbis und mit|\btot en met|\bt/m|\bfrom\b[^!?\n]{0,40}\bto|\bvom\b[^!?\n]{0,40}\bbis(?:\s+zum)?|\bdu\b[^!?\n]{0,40}\bau|\bdel?\b[^!?\n]{0,40}\bal)\s+(?:the\s+|den\s+|le\s+|el\s+)?(?:` + weekdayAlternation() + `)?[\s,.]*$`)
	// "until" cues: the date is the return.
	untilBefore = regexp.MustCompile(`(?:\buntil\b|\btill\b|\bunti\b|\bup to\b|\bbis\b|\bjusqu|\bhasta\b|\bthrough\b|\bfino\b|\btot\b|\baté\s)[^!?\n]{0,40}$`)

	// Words that mark a German, French, Spanish, Italian, Dutch or
	// Portuguese text (numeric dates are day first).
	europeanCue = regexp.MustCompile(`\b(?:bis|zurück|wieder|urlaub|abwesend|büro|jusqu|retour|vacances|bureau|hasta|regreso|vuelta|vacaciones|oficina|ferie|ufficio|rientro|vakantie|kantoor|afwezig|férias|ferias|escritório|escritorio)\b`)
)
