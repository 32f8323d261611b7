package classify

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// corpusDir finds the shared labelled corpus: $RAPPORT_CORPUS, else
// ../shared/corpus next to the repository root (the directory holding
// go.mod). It returns "" when there is none.
func corpusDir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("RAPPORT_CORPUS"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			d := filepath.Join(dir, "..", "shared", "corpus")
			if _, err := os.Stat(filepath.Join(d, "labels.tsv")); err == nil {
				return d
			}
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// corpusCase is one labelled file.
type corpusCase struct {
	path       string
	want       []Kind   // any of these is right
	recipients []string // bounced_recipient= labels; nil when not labelled
}

var (
	expectedClass  = regexp.MustCompile(`expected_class=([^|]*)`)
	bouncedLabel   = regexp.MustCompile(`bounced_recipient=([^\s|]+)`)
	leadingWordRe  = regexp.MustCompile(`^[a-z]+`)
	corpusKindName = map[string][]Kind{
		"bounce":    {KindBounce},
		"autoreply": {KindAutoReply},
		"calendar":  {KindCalendar},
		"forward":   {KindForward},
		"reply":     {KindPersonal},
		"unrelated": {KindPersonal, KindBulk},
	}
)

func readLabels(t *testing.T, dir string) []corpusCase {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "labels.tsv"))
	if err != nil {
		t.Fatalf("open labels: %v", err)
	}
	defer f.Close()
	var out []corpusCase
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for line := 0; sc.Scan(); line++ {
		cols := strings.SplitN(sc.Text(), "\t", 3)
		if line == 0 || len(cols) < 2 {
			continue
		}
		notes := ""
		if len(cols) == 3 {
			notes = cols[2]
		}
		class := cols[1]
		if class == "malformed" || class == "charset" {
			sm := expectedClass.FindStringSubmatch(notes)
			if sm == nil {
				t.Fatalf("labels.tsv line %d: %s has no expected_class=", line+1, cols[0])
			}
			v := strings.ToLower(strings.TrimSpace(sm[1]))
			class = leadingWordRe.FindString(v)
			if strings.Contains(v, "treat as unrelated") {
				class = "unrelated"
			}
		}
		want, ok := corpusKindName[class]
		if !ok {
			t.Fatalf("labels.tsv line %d: unknown class %q", line+1, class)
		}
		c := corpusCase{path: cols[0], want: want}
		if sm := bouncedLabel.FindStringSubmatch(notes); sm != nil && strings.Contains(sm[1], "@") {
			for _, r := range strings.Split(sm[1], ",") {
				c.recipients = append(c.recipients, strings.ToLower(strings.TrimSpace(r)))
			}
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read labels: %v", err)
	}
	return out
}

// TestCorpus runs Parse over every labelled file of the shared corpus and
// holds it to 95% precision and recall for bounce, auto_reply, calendar and
// forward, and 90% for finding every labelled bounce recipient.
func TestCorpus(t *testing.T) {
	dir := corpusDir(t)
	if dir == "" {
		t.Skip("shared corpus not found (../shared/corpus next to the repository, or $RAPPORT_CORPUS); CI has it")
	}
	cases := readLabels(t, dir)
	type counts struct{ tp, predicted, expected int }
	stats := map[Kind]*counts{}
	for _, k := range []Kind{KindBounce, KindAutoReply, KindCalendar, KindForward, KindBulk, KindPersonal, KindMalformed} {
		stats[k] = &counts{}
	}
	var recipOK, recipTotal, headerAgree int
	keep := headerFieldSet()
	for _, c := range cases {
		raw, err := os.ReadFile(filepath.Join(dir, c.path))
		if err != nil {
			t.Errorf("%s: %v", c.path, err)
			continue
		}
		m := parseNoPanic(t, c.path, raw)
		if m == nil {
			continue
		}
		// ParseHeader on the fields HeaderFields names decides as on the
		// whole header; how often it agrees with Parse is reported.
		hf, hc := ParseHeader(raw), ParseHeader(cutHeader(raw, keep))
		if hf.Kind != hc.Kind || hf.Reason != hc.Reason {
			t.Errorf("%s: ParseHeader cut to HeaderFields = %s (%s), whole header = %s (%s)", c.path, hc.Kind, hc.Reason, hf.Kind, hf.Reason)
		}
		if hf.Kind == m.Kind {
			headerAgree++
		}
		right := false
		for _, k := range c.want {
			if m.Kind == k {
				right = true
			}
			if len(c.want) == 1 {
				stats[k].expected++
			}
		}
		stats[m.Kind].predicted++
		if right {
			stats[m.Kind].tp++
			if len(c.want) > 1 {
				stats[m.Kind].expected++
			}
		} else {
			t.Logf("MISS %-60s want %v got %s (%s)", c.path, c.want, m.Kind, m.Reason)
		}
		if c.recipients != nil {
			recipTotal++
			var got []string
			if m.Bounce != nil {
				got = m.Bounce.Recipients
			}
			if containsAll(got, c.recipients) {
				recipOK++
			} else {
				t.Logf("RECIPIENTS %s: got %v, want %v", c.path, got, c.recipients)
			}
		}
	}
	t.Logf("%-11s %9s %9s %5s %5s %5s", "class", "precision", "recall", "tp", "pred", "want")
	kinds := make([]Kind, 0, len(stats))
	for k := range stats {
		kinds = append(kinds, k)
	}
	sort.Slice(kinds, func(i, j int) bool { return kinds[i] < kinds[j] })
	for _, k := range kinds {
		s := stats[k]
		t.Logf("%-11s %8.1f%% %8.1f%% %5d %5d %5d", k, pct(s.tp, s.predicted), pct(s.tp, s.expected), s.tp, s.predicted, s.expected)
	}
	t.Logf("bounce recipients: %d/%d files fully found (%.1f%%)", recipOK, recipTotal, pct(recipOK, recipTotal))
	t.Logf("ParseHeader decides as Parse on %d/%d files (%.1f%%)", headerAgree, len(cases), pct(headerAgree, len(cases)))
	for _, k := range []Kind{KindBounce, KindAutoReply, KindCalendar, KindForward} {
		s := stats[k]
		if p, r := pct(s.tp, s.predicted), pct(s.tp, s.expected); p < 95 || r < 95 {
			t.Errorf("%s: precision %.1f%%, recall %.1f%%; want both ≥ 95%%", k, p, r)
		}
	}
	if r := pct(recipOK, recipTotal); r < 90 {
		t.Errorf("bounce recipients found in %.1f%% of labelled files, want ≥ 90%%", r)
	}
}

// parseNoPanic runs Parse, reporting a panic as a test failure (Parse
// recovers internally; this guards the guard).
func parseNoPanic(t *testing.T, name string, raw []byte) (m *Message) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s: Parse panicked: %v", name, r)
			m = nil
		}
	}()
	m = Parse(raw)
	if m == nil {
		t.Errorf("%s: Parse returned nil", name)
	}
	return m
}

func containsAll(got, want []string) bool {
	set := map[string]bool{}
	for _, g := range got {
		set[g] = true
	}
	for _, w := range want {
		if !set[w] {
			return false
		}
	}
	return true
}

func pct(n, d int) float64 {
	if d == 0 {
		return 100
	}
	return 100 * float64(n) / float64(d)
}
