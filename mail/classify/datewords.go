package classify

import (
	"strings"
	"time"
)

// The words return-date extraction understands, in English, German,
// French and Spanish, and the month and weekday names of Italian, Dutch
// and Portuguese. Patterns are written for case-insensitive matching.

// monthWords lists month names and abbreviations per month (index 0 is January).
var monthWords = [12][]string{
	{"january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene", "gennaio", "januari", "janeiro"},
	{"february", "feb", "febr", "februar", "février", "fevrier", "févr", "fevr", "febrero", "febbraio", "februari", "fevereiro"},
	{"march", "mar", "märz", "maerz", "mrz", "mars", "marzo", "maart", "março"},
	{"april", "apr", "avril", "avr", "abril", "abr", "aprile"},
	{"may", "mai", "mayo", "maggio", "mei", "maio"},
	{"june", "jun", "juni", "juin", "junio", "giugno", "junho"},
	{"july", "jul", "juli", "juillet", "juil", "julio", "luglio", "julho"},
	{"august", "aug", "août", "aout", "agosto", "ago", "augustus"},
	{"september", "sept", "sep", "septembre", "septiembre", "setiembre", "settembre", "setembro"},
	{"october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "outubro"},
	{"november", "nov", "novembre", "noviembre", "novembro"},
	{"december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic", "dicembre", "dezembro"},
}

// weekdayWords lists full weekday names per day (index 0 is Sunday).
var weekdayWords = [7][]string{
	{"sunday", "sonntag", "dimanche", "domingo", "domenica", "zondag"},
	{"monday", "montag", "lundi", "lunes", "lunedi", "maandag", "segunda-feira"},
	{"tuesday", "dienstag", "mardi", "martes", "martedi", "dinsdag", "terça-feira", "terca-feira"},
	{"wednesday", "mittwoch", "mercredi", "miércoles", "miercoles", "mercoledi", "woensdag", "quarta-feira"},
	{"thursday", "donnerstag", "jeudi", "jueves", "giovedi", "donderdag", "quinta-feira"},
	{"friday", "freitag", "vendredi", "viernes", "venerdi", "vrijdag", "sexta-feira"},
	{"saturday", "samstag", "sonnabend", "samedi", "sábado", "sabado", "zaterdag"},
}

// weekdayAbbrevs may precede a date ("Mon, 15 Sep"); never used alone.
const weekdayAbbrevs = `mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|mo|di|mi|do|fr|sa|so|lun|mar|mer|jeu|ven|sam|dim|mié|jue|vie|sáb|dom`

// numberWords are the small numbers durations are written with.
var numberWords = map[string]int{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"a couple of": 2, "a few": 3, "couple of": 2,
	"ein": 1, "eine": 1, "einen": 1, "einer": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10,
	"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
	"uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10,
}

// unitDays returns the days in one duration unit ("weeks", "Wochen" …).
func unitDays(unit string) (days int, months int) {
	u := strings.ToLower(unit)
	switch {
	case strings.HasPrefix(u, "day"), strings.HasPrefix(u, "tag"), strings.HasPrefix(u, "jour"), strings.HasPrefix(u, "día"), strings.HasPrefix(u, "dia"):
		return 1, 0
	case strings.HasPrefix(u, "week"), strings.HasPrefix(u, "woche"), strings.HasPrefix(u, "semaine"), strings.HasPrefix(u, "semana"):
		return 7, 0
	case strings.HasPrefix(u, "month"), strings.HasPrefix(u, "monat"), strings.HasPrefix(u, "mois"), strings.HasPrefix(u, "mes"):
		return 0, 1
	}
	return 0, 0
}

func monthAlternation() string {
	var all []string
	for _, names := range monthWords {
		all = append(all, names...)
	}
	return alternation(all)
}

func weekdayAlternation() string {
	var all []string
	for _, names := range weekdayWords {
		all = append(all, names...)
	}
	return alternation(all)
}

func numberAlternation() string {
	var all []string
	for w := range numberWords {
		all = append(all, w)
	}
	return alternation(all) + `|\d{1,2}`
}

// alternation joins words longest first, so "sept" is tried before "sep".
func alternation(words []string) string {
	sorted := append([]string(nil), words...)
	for i := 1; i < len(sorted); i++ {
		for j := i; j > 0 && (len(sorted[j]) > len(sorted[j-1]) || len(sorted[j]) == len(sorted[j-1]) && sorted[j] < sorted[j-1]); j-- {
			sorted[j], sorted[j-1] = sorted[j-1], sorted[j]
		}
	}
	return strings.Join(sorted, "|")
}

// monthNumber returns the month a name or abbreviation means, or 0.
func monthNumber(name string) time.Month {
	name = strings.TrimSuffix(strings.ToLower(name), ".")
	for i, names := range monthWords {
		for _, n := range names {
			if n == name {
				return time.Month(i + 1)
			}
		}
	}
	return 0
}

// weekdayNumber returns the weekday a full name means, and false when it is none.
func weekdayNumber(name string) (time.Weekday, bool) {
	name = strings.ToLower(name)
	for i, names := range weekdayWords {
		for _, n := range names {
			if n == name {
				return time.Weekday(i), true
			}
		}
	}
	return 0, false
}
