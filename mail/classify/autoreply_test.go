package classify

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestLiteralPrefixes(t *testing.T) {
	if n := len(autoReplySubject.always); n > 0 {
		t.Fatalf("%d out-of-office subject words start with an operator: they run on every subject", n)
	}
	for _, list := range [][]string{autoWords, absenceWords, awayWords, selfWords, replyWords} {
		for _, w := range list {
			if p := literalPrefixes(w); len(p) != 1 {
				t.Errorf("%q is %d alternatives, want one word", w, len(p))
			}
		}
	}
	got := literalPrefixes(`auto(?:matic)?[- ]?reply|out of (?:the )?office|abcd?e|x+y|fuera de (?:la )?oficina|[ab]c|\(returning|odpowied[zź]|\[\s*auto|\sx|a\.?b|autom\. antwort`)
	want := []string{"auto", "out of ", "abc", "x", "fuera de ", "", "(returning", "odpowied", "[", "", "a", "autom. antwort"}
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
	"Réponse automatique\u00a0: x", "[Auto-Reply] x", "【自动回复】x", "(Auto-Reply) x", "[ni] meetup", "Urlaub bis 12.03.",
	"Vacation from hell", "Auto - Verkauf", "Автоответ: x", "OTOMATİK YANIT: x", "ΑΥΤΟΜΑΤΗ ΑΠΑΝΤΗΣΗ: x", "Out of office - Jane",
	"I am away next week, can we move our call?", "*** SPAM *** Automatic reply: x", "自動応答: x", "자동 회신: x", "رد تلقائي: x",
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
	whole := p.anywhere.MatchString(s)
	t0 := strings.TrimLeft(s, " \t\n\f\r")
	for _, b := range p.branches() {
		if b.match(s) {
			if !hasPrefixFold(t0, b.prefix) {
				t.Fatalf("the prefilter turns away %q, which %s matches", s, b.expr)
			}
			whole = true
		}
	}
	if got := p.MatchString(s); got != whole {
		t.Fatalf("MatchString(%q) = %v, the expressions alone say %v", s, got, whole)
	}
}

// TestSubjectBranchesCompile compiles every branch, which MatchString
// does only when first needed.
func TestSubjectBranchesCompile(t *testing.T) {
	for _, b := range autoReplySubject.branches() {
		if _, err := regexp.Compile(b.expr); err != nil {
			t.Errorf("branch %s: %v", b.expr, err)
		}
	}
}

func FuzzAutoReplySubject(f *testing.F) {
	for _, s := range subjectSamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkPrefilter(t, s) })
}
