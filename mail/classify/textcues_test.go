package classify

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestSplitAndExpand(t *testing.T) {
	if got, want := splitAlternatives(`a|b(?:c|d)|[|]e|\|f`), []string{"a", "b(?:c|d)", "[|]e", `\|f`}; !slices.Equal(got, want) {
		t.Errorf("splitAlternatives = %q, want %q", got, want)
	}
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{`\b(?:estoy|estaré) x`, []string{`\bestoy x`, `\bestaré x`}},
		{`\b(?:your|the) (?:e-?mail|message)\b y`, []string{`\byour e-?mail\b y`, `\byour message\b y`, `\bthe e-?mail\b y`, `\bthe message\b y`}},
		{`(?:i am|i'm)\s+(?:a|b)`, []string{`i am\s+(?:a|b)`, `i'm\s+(?:a|b)`}},
		{`(?:a|b)? x`, []string{`(?:a|b)? x`}},
		{`ab(?:c|d)?e`, []string{`ab(?:c|d)?e`}},
		{`abc`, []string{`abc`}},
	} {
		if got := expandLead(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("expandLead(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCueSetNeedsLiteralStart(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("a cue starting with a class was accepted")
		}
	}()
	newCueSet([]string{`[ab]cd`})
}

// TestCueSetsDecideAsTheirExpressions: a cue set finds a phrase where its
// expression, unanchored over the whole lower-cased text, finds one.
func TestCueSetsDecideAsTheirExpressions(t *testing.T) {
	texts := []string{
		"Hello,\n\nI am out of the office until 12 March with limited access to email.",
		"I was out of office last week, sorry. Thursday works!",
		"Guten Tag, ich bin bis zum 12.03.2024 nicht im Büro.",
		"Bonjour, je suis absente jusqu'au 13 mars.",
		"Dit is een automatisch antwoord. Ik ben afwezig tot 20 maart.",
		"Я в отпуске до 20 марта.", "ただいま不在にしております。", "我目前休假，3月20日回来。",
		"The message you sent requires that you verify that you are a real live human being.",
		"Your message has been held until you confirm your address.",
		"Sorry, your message was held by our spam filter until today.",
		"Votre message est en attente de validation. Un clic pour délivrer votre message.",
		"Bitte bestätigen Sie, dass Sie ein Mensch sind.",
		"thei am away", "xje suis absente", "prefix_i am away", strings.Repeat("the message ", 50) + "is on hold pending your confirmation",
		"your verify#abc", "re: coffee [qurb #12]", "sender verification", "",
	}
	sets := map[string]*cueSet{"away": awayCues, "challenge text": challengeText, "challenge subject": challengeSubject, "challenge tag": challengeTag}
	for name, set := range sets {
		var exprs []string
		for _, c := range set.cues {
			e := strings.TrimPrefix(c.re.String(), `(?i)^`)
			if c.wordOnly {
				e = `\b` + e
			}
			exprs = append(exprs, e)
		}
		whole := regexp.MustCompile(`(?i)` + strings.Join(exprs, "|"))
		for _, text := range texts {
			lower := strings.ToLower(text)
			if got, want := set.match(lower), whole.MatchString(lower); got != want {
				t.Errorf("%s cues on %q: %v, the expressions say %v", name, text, got, want)
			}
		}
	}
}
