package forward

import (
	"strings"
	"time"
)

// monthNames lists month names, January first, in the languages whose
// abbreviations ("Okt.", "janv.", "окт.") a prefix of three letters or more
// identifies.
var monthNames = [...][12]string{
	{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"},
	{"januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"},
	{"jänner", "feber", "maerz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"},
	{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
	{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
	{"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"},
	{"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"},
	{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
	{"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"},
	{"januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"},
	{"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"},
	{"stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września", "października", "listopada", "grudnia"},
	{"styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec", "lipiec", "sierpień", "wrzesień", "październik", "listopad", "grudzień"},
	{"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"},
	{"январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"},
}

// monthWords lists month names, January first, in languages whose
// abbreviations are not used in mail headers, or would collide with the
// ones above ("mar" is March, not the Finnish "marraskuuta"): matched
// whole only.
var monthWords = [...][12]string{
	{"tammikuuta", "helmikuuta", "maaliskuuta", "huhtikuuta", "toukokuuta", "kesäkuuta", "heinäkuuta", "elokuuta", "syyskuuta", "lokakuuta", "marraskuuta", "joulukuuta"},
	{"ledna", "února", "března", "dubna", "května", "června", "července", "srpna", "září", "října", "listopadu", "prosince"},
	{"ocak", "şubat", "mart", "nisan", "mayıs", "haziran", "temmuz", "ağustos", "eylül", "ekim", "kasım", "aralık"},
	{"január", "február", "március", "április", "május", "június", "július", "augusztus", "szeptember", "október", "november", "december"},
	{"січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня", "жовтня", "листопада", "грудня"},
}

// weekdayLike are abbreviations that name a weekday in some language and
// are also the prefix of a month ("mar." is Tuesday in French, Spanish and
// Italian): a month is taken from them only when no other word gives one.
var weekdayLike = map[string]bool{"mar": true}

// month returns the month a word names, or 0. Words of three letters or
// more match as a prefix of a name in monthNames (one month only), and
// whole against monthWords.
func month(word string) time.Month {
	word = strings.TrimSuffix(word, ".")
	for _, names := range monthWords {
		for i, n := range names {
			if word == n {
				return time.Month(i + 1)
			}
		}
	}
	if len([]rune(word)) < 3 {
		return 0
	}
	var found time.Month
	for _, names := range monthNames {
		for i, n := range names {
			if strings.HasPrefix(n, word) {
				if found != 0 && found != time.Month(i+1) {
					return 0 // "ju" and the like: more than one month
				}
				found = time.Month(i + 1)
			}
		}
	}
	return found
}

// zoneAbbrevs are the zone abbreviations that forwarded dates carry, with
// their offsets in seconds east of UTC.
var zoneAbbrevs = map[string]int{
	"utc": 0, "gmt": 0, "ut": 0, "z": 0, "wet": 0, "west": 3600, "bst": 3600,
	"cet": 3600, "cest": 7200, "met": 3600, "mest": 7200, "eet": 7200, "eest": 10800,
	"msk": 10800, "ist": 19800, "sgt": 28800, "hkt": 28800, "jst": 32400, "kst": 32400,
	"aest": 36000, "aedt": 39600, "acst": 34200, "awst": 28800, "nzst": 43200, "nzdt": 46800,
	"est": -18000, "edt": -14400, "cst": -21600, "cdt": -18000, "mst": -25200, "mdt": -21600,
	"pst": -28800, "pdt": -25200, "akst": -32400, "akdt": -28800, "hst": -36000,
	"ast": -14400, "adt": -10800, "nst": -12600, "ndt": -9000, "brt": -10800, "art": -10800,
}

// meridiem maps the words for "before noon" and "after noon" to false and
// true.
var meridiem = map[string]bool{
	"am": false, "a.m.": false, "a.m": false, "vorm.": false, "午前": false, "오전": false, "上午": false,
	"pm": true, "p.m.": true, "p.m": true, "nachm.": true, "午後": true, "오후": true, "下午": true,
}
