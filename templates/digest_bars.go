package templates

import (
	"math"
	"strconv"
	"strings"
)

// barSteps is how many '#' a whole text bar has: short enough that a
// step's label, two counts and two bars fit in 72 columns.
const barSteps = 10

// bars draws the funnel of both periods: one bar per step, each the
// step's share of its period's requests.
func bars(recent, all DigestFunnel) []DigestBar {
	steps := []struct {
		label  string
		r, all int
	}{
		{"requested", recent.Requested, all.Requested},
		{"replied", recent.Replied, all.Replied},
		{"scheduled", recent.Scheduled, all.Scheduled},
		{"met", recent.Met, all.Met},
		{"thanked", recent.Thanked, all.Thanked},
	}
	out := make([]DigestBar, len(steps))
	for i, s := range steps {
		out[i] = DigestBar{Label: s.label, Recent: measure(s.r, recent.Requested), All: measure(s.all, all.Requested)}
	}
	return out
}

// measure is n drawn as a share of of.
func measure(n, of int) DigestMeasure {
	w := share(n, of)
	return DigestMeasure{N: n, Shown: strconv.Itoa(n), Width: w, Text: textBar(w)}
}

// share is n out of of in whole percent, from 0 to 100; a step with
// anyone in it gets at least 1, so that its bar shows.
func share(n, of int) int {
	if n <= 0 || of <= 0 {
		return 0
	}
	p := int(math.Round(100 * float64(n) / float64(of)))
	return min(max(p, 1), 100)
}

// textBar draws a width in percent with '#', one per tenth, rounded, and
// at least one for a width above 0.
func textBar(width int) string {
	if width <= 0 {
		return ""
	}
	return strings.Repeat("#", min(max((width+5)/10, 1), barSteps))
}

// cleanRates returns the reply rates with one-line labels and their
// widths.
func cleanRates(rs []DigestRate) []DigestRate {
	if rs == nil {
		return nil
	}
	out := make([]DigestRate, len(rs))
	for i, r := range rs {
		r.Label = oneLine(r.Label)
		r.Sent, r.Replied = max(r.Sent, 0), max(r.Replied, 0)
		r.Rate = 0
		if r.Sent > 0 {
			r.Rate = min(float64(r.Replied)/float64(r.Sent), 1)
		}
		w := share(min(r.Replied, r.Sent), r.Sent)
		r.Bar = DigestMeasure{N: w, Shown: strconv.Itoa(w) + "%", Width: w, Text: textBar(w)}
		out[i] = r
	}
	return out
}
