package classify

import (
	"regexp"
	"slices"
	"testing"
)

func TestLiteralPrefixes(t *testing.T) {
	got := literalPrefixes(`auto(?:matic)?[- ]?reply|out of (?:the )?office|abcd?e|x+y|fuera de (?:la )?oficina|[ab]c|\(returning|odpowied[zź]`)
	want := []string{"auto", "out of ", "abc", "x", "fuera de ", "", "", "odpowied"}
	if !slices.Equal(got, want) {
		t.Fatalf("literalPrefixes() = %q, want %q", got, want)
	}
}

// subjectSamples are subjects around the out-of-office patterns: each
// phrase as a prefix, as the whole subject, in other cases, after white
// space, and near misses.
var subjectSamples = []string{
	"Automatic reply: Coffee next week?", "AUTO: Re: Coffee", "  Out of Office: back on Monday", "out of office",
	"OOO", "Abwesenheitsnotiz: Ihre Anfrage", "Réponse automatique : absence", "RÉPONSE AUTOMATIQUE: x",
	"Respuesta automática: hola", "Fuera de la oficina", "Risposta automatica: ciao", "Automatisch antwoord: x",
	"Resposta automática: olá", "Fora do escritório", "Automatyczna odpowiedź: x", "Autosvar: x",
	"Automaattinen vastaus: x", "Automatikus válasz: x", "Automatická odpověď: x", "Автоматический ответ: x",
	"自動応答: x", "自動返信: x", "自动回复: x", "自動回覆: x", "Vacation reply", "Away from my email",
	"On vacation", "on holiday!", "Urlaub", "En vacances.", "De vacaciones", "In ferie",
	"I am out of the office until 3 May", "I'm currently away", "i am on leave", "\tI'M AWAY",
	"Jane is out of the office (returning 4 May)", "Re: Out of office next week?", "Fwd: Automatic reply: x",
	"Coffee next week?", "Autumn plans", "Outing: Friday", "Absolutely!", "I am writing to ask", "",
	"\u017fomething", "auto\u017fvar: x", "Au\u212ao", "\u212a", "\xff\xfe auto:", "ooo\u00a0:",
}

// The prefilter only spares the regular expression's work: a subject it
// turns away is one the expression would not have matched.
func TestSubjectPrefilterDecidesAsTheExpression(t *testing.T) {
	for _, s := range subjectSamples {
		checkPrefilter(t, s)
	}
	if !autoReplySubject.MatchString("Automatic reply: Coffee next week?") || autoReplySubject.MatchString("Coffee next week?") {
		t.Fatal("the out-of-office subject pattern no longer tells these apart")
	}
}

func checkPrefilter(t *testing.T, s string) {
	t.Helper()
	p := autoReplySubject
	if p.start.MatchString(s) && !p.mayStart(s) {
		t.Fatalf("the prefilter turns away %q, which the expression matches", s)
	}
	all := *regexpOr(p.start, p.anywhere)
	if got, want := p.MatchString(s), all.MatchString(s); got != want {
		t.Fatalf("MatchString(%q) = %v, the expressions alone say %v", s, got, want)
	}
}

// regexpOr is one expression matching what a or b matches.
func regexpOr(a, b *regexp.Regexp) *regexp.Regexp {
	return regexp.MustCompile(`(?:` + a.String() + `)|(?:` + b.String() + `)`)
}

func FuzzAutoReplySubject(f *testing.F) {
	for _, s := range subjectSamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkPrefilter(t, s) })
}
