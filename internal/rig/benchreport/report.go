package benchreport

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/template"
	"time"
)

// Report is what BENCHMARKS.md is written from.
type Report struct {
	Machine Machine
	Date    time.Time
	Results []Result
	// Command reruns every benchmark and rewrites the report.
	Command string
	// Raw is where the raw output the figures come from is kept.
	Raw string
}

//go:embed report.md.tmpl
var reportText string

// reportTmpl holds the text around the figures; parsed at start, so that
// a broken template fails every test at once.
var reportTmpl = template.Must(template.New("BENCHMARKS.md").Parse(reportText))

// Write writes the report in Markdown. It fails, naming every one, when
// figures are missing from the results: a report holds the figures of one
// full run, never some of an older one.
func Write(w io.Writer, r Report) error {
	if err := r.Check(); err != nil {
		return err
	}
	return reportTmpl.Execute(w, view{r})
}

// Check returns an error naming each figure the results lack.
func (r Report) Check() error {
	var errs []error
	for _, f := range Figures {
		runs := r.runs(f)
		if len(runs) == 0 {
			errs = append(errs, fmt.Errorf("no result for %s of %s (%s)", f.Metric, f.Bench, f.Pkg))
			continue
		}
		for i, res := range runs {
			if _, ok := f.Value(res); !ok {
				errs = append(errs, fmt.Errorf("run %d of %s (%s) reports no %s", i+1, f.Bench, f.Pkg, f.Metric))
			}
		}
	}
	return errors.Join(errs...)
}

// runs returns the results of f's benchmark, in order.
func (r Report) runs(f Figure) []Result {
	var list []Result
	for _, res := range r.Results {
		if res.Pkg == f.Pkg && res.Name == f.Bench {
			list = append(list, res)
		}
	}
	return list
}

// values returns f in each run, in the shown unit.
func (r Report) values(f Figure) []float64 {
	var list []float64
	for _, res := range r.runs(f) {
		v, _ := f.Value(res)
		list = append(list, v)
	}
	return list
}

// Held returns in how many runs f held its target, and of how many.
func (r Report) Held(f Figure) (held, runs int) {
	for _, v := range r.values(f) {
		runs++
		if f.Target == nil || f.Target.Holds(v) {
			held++
		}
	}
	return held, runs
}

// Verdict is f's verdict over every run: "met" when its target held in
// all, "NOT met (…)" otherwise, "reported" without a target.
func (r Report) Verdict(f Figure) string {
	if f.Target == nil {
		return "reported"
	}
	held, runs := r.Held(f)
	if held == runs {
		return "met"
	}
	return fmt.Sprintf("NOT met (held in %d of %d runs)", held, runs)
}

// view is what the template sees.
type view struct{ Report }

// Date is the day of the measurement.
func (v view) Day() string { return v.Date.UTC().Format("2006-01-02") }

// Runs is how many runs a benchmark had.
func (v view) Runs(bench string) int {
	n := 0
	for _, res := range v.Results {
		if res.Name == bench {
			n++
		}
	}
	return n
}

// Summary is the table of every figure with a target (and the headline
// ones without): its target, what was measured and the verdict.
func (v view) Summary() string {
	var b strings.Builder
	b.WriteString("| section | figure | target | measured | verdict |\n")
	b.WriteString("|---------|--------|-------:|---------:|---------|\n")
	for _, f := range Figures {
		if f.Target == nil && !f.Headline {
			continue
		}
		verdict := v.Verdict(f)
		switch verdict {
		case "met":
			verdict = "met"
		case "reported":
			verdict = "—"
		default:
			verdict = "**" + verdict + "**"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", sectionNames[f.Group], f.Label, f.TargetText(), v.measured(f), verdict)
	}
	return b.String()
}

var sectionNames = map[string]string{
	"reply": "reply latency", "backlog": "backlog", "scale": "scale", "idle": "idle",
	"import": "import", "read": "list and export", "digest": "daily digest", "inproc": "in-process",
}

// measured is f over the runs: the value of the only run, or the median
// and the range (the value alone when every run shows the same).
func (v view) measured(f Figure) string {
	vals := v.values(f)
	if len(vals) == 1 {
		return f.Format(vals[0])
	}
	s := slices.Sorted(slices.Values(vals))
	median := s[len(s)/2]
	if len(s)%2 == 0 {
		median = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	lo, hi := f.Format(s[0]), f.Format(s[len(s)-1])
	if lo == hi {
		return fmt.Sprintf("%s (in all %d runs)", lo, len(s))
	}
	return fmt.Sprintf("%s (%s–%s, %d runs)", f.Format(median), lo, hi, len(s))
}

// Table is the figures of a section, one row per run, with the targets
// under the header and whether each run held them all.
func (v view) Table(group string) string {
	var figs []Figure
	targeted := false
	for _, f := range Figures {
		if f.Group == group {
			figs = append(figs, f)
			targeted = targeted || f.Target != nil
		}
	}
	var b strings.Builder
	b.WriteString("| run |")
	for _, f := range figs {
		b.WriteString(" " + f.Label + " |")
	}
	if targeted {
		b.WriteString(" targets held |")
	}
	b.WriteString("\n|-----|")
	for range figs {
		b.WriteString("----:|")
	}
	if targeted {
		b.WriteString("-----|")
	}
	b.WriteString("\n| target |")
	for _, f := range figs {
		t := "—"
		if f.Target != nil {
			t = f.TargetText()
		}
		b.WriteString(" " + t + " |")
	}
	if targeted {
		b.WriteString(" |")
	}
	b.WriteString("\n")
	for i := range len(v.runs(figs[0])) {
		fmt.Fprintf(&b, "| %d |", i+1)
		var missed []string
		for _, f := range figs {
			vals := v.values(f)
			if i >= len(vals) {
				b.WriteString(" |")
				continue
			}
			b.WriteString(" " + f.Format(vals[i]) + " |")
			if f.Target != nil && !f.Target.Holds(vals[i]) {
				missed = append(missed, f.Label)
			}
		}
		switch {
		case !targeted:
		case len(missed) == 0:
			b.WriteString(" yes |")
		default:
			b.WriteString(" **no**: " + strings.Join(missed, ", ") + " |")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// Verdicts is a section's verdict in a sentence: each target and how it
// fared.
func (v view) Verdicts(group string) string {
	var parts []string
	all := true
	for _, f := range Figures {
		if f.Group != group || f.Target == nil {
			continue
		}
		held, runs := v.Held(f)
		if held == runs {
			parts = append(parts, fmt.Sprintf("%s %s: met", f.Label, f.TargetText()))
		} else {
			all = false
			parts = append(parts, fmt.Sprintf("%s %s: **not met** in %d of %d runs", f.Label, f.TargetText(), runs-held, runs))
		}
	}
	head := "**Met.**"
	if !all {
		head = "**NOT met.**"
	}
	return head + " " + strings.Join(parts, "; ") + "."
}
