package benchreport

import "fmt"

// Target is the bound a figure is held to.
type Target struct {
	Op    string  // "<", "≤" or "≥"
	Limit float64 // in the figure's shown unit
}

// Holds reports whether v, in the figure's shown unit, meets the target.
func (t Target) Holds(v float64) bool {
	switch t.Op {
	case "<":
		return v < t.Limit
	case "≤":
		return v <= t.Limit
	case "≥":
		return v >= t.Limit
	}
	panic(fmt.Sprintf("benchreport: unknown target operator %q", t.Op))
}

// Figure is one number of the report: a metric of one benchmark, shown in
// a unit, with the target it is held to, if any.
type Figure struct {
	Group  string // the report's section: "reply", "backlog", "scale", "idle", "import", "read", "digest", "inproc"
	Pkg    string // "github.com/rapport-mail/rapport/daemon"
	Bench  string // "BenchmarkBacklog", or with a sub-benchmark "BenchmarkParse/rows"
	Metric string // the unit in go test's output: "ratio", "ns/op"
	Label  string // what it is, in a few words
	Unit   string // the unit shown: "ms", "MiB", "" for none
	Scale  float64
	Digits int     // decimals shown
	Target *Target // nil: reported, held to nothing
	// Headline puts a figure without a target in the summary too.
	Headline bool
}

// Value returns the metric of r in the figure's shown unit.
func (f Figure) Value(r Result) (float64, bool) {
	v, ok := r.Metrics[f.Metric]
	if !ok {
		return 0, false
	}
	if f.Scale != 0 {
		v *= f.Scale
	}
	return v, true
}

// Format shows v with its unit: "512.8 ms", "20,116 msg/s", "0.67".
func (f Figure) Format(v float64) string {
	s := thousands(fmt.Sprintf("%.*f", f.Digits, v))
	if f.Unit == "" {
		return s
	}
	return s + " " + f.Unit
}

// TargetText is the target as written in the report: "≤ 100 MiB", or
// "none (reported)".
func (f Figure) TargetText() string {
	if f.Target == nil {
		return "none (reported)"
	}
	g := f
	g.Digits = 0
	if f.Target.Limit != float64(int64(f.Target.Limit)) {
		g.Digits = f.Digits
	}
	return f.Target.Op + " " + g.Format(f.Target.Limit)
}

// thousands puts commas between the thousands of the integer part of a
// formatted number.
func thousands(s string) string {
	sign := ""
	if len(s) > 0 && s[0] == '-' {
		sign, s = "-", s[1:]
	}
	intPart, frac := s, ""
	for i := range s {
		if s[i] == '.' {
			intPart, frac = s[:i], s[i:]
			break
		}
	}
	if len(intPart) <= 3 {
		return sign + s
	}
	var out []byte
	for i := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, intPart[i])
	}
	return sign + string(out) + frac
}

func target(op string, limit float64) *Target { return &Target{Op: op, Limit: limit} }

// Figures are the figures of BENCHMARKS.md, by section, in the order of
// their tables. Every one must be in a full run's output.
var Figures = []Figure{
	{Group: "reply", Pkg: "github.com/rapport-mail/rapport/daemon", Bench: "BenchmarkReplyLatency", Metric: "bare-idle-p50-ms", Label: "bare IDLE p50", Unit: "ms", Digits: 1},
	{Group: "reply", Pkg: "github.com/rapport-mail/rapport/daemon", Bench: "BenchmarkReplyLatency", Metric: "bare-idle-p95-ms", Label: "bare IDLE p95", Unit: "ms", Digits: 1},
	{Group: "reply", Pkg: "github.com/rapport-mail/rapport/daemon", Bench: "BenchmarkReplyLatency", Metric: "rapport-p50-ms", Label: "rapport p50", Unit: "ms", Digits: 1},
	{Group: "reply", Pkg: "github.com/rapport-mail/rapport/daemon", Bench: "BenchmarkReplyLatency", Metric: "rapport-p95-ms", Label: "rapport p95", Unit: "ms", Digits: 1, Target: target("<", 1000)},
	{Group: "reply", Pkg: "github.com/rapport-mail/rapport/daemon", Bench: "BenchmarkReplyLatency", Metric: "overhead-p50-ms", Label: "rapport − bare (p50)", Unit: "ms", Digits: 1, Target: target("≤", 10)},

	{Group: "backlog", Pkg: "github.com/rapport-mail/rapport/daemon", Bench: "BenchmarkBacklog", Metric: "bare-fetch-msgs/s", Label: "bare fetch (best of 3)", Unit: "msg/s"},
	{Group: "backlog", Pkg: "github.com/rapport-mail/rapport/daemon", Bench: "BenchmarkBacklog", Metric: "rapport-msgs/s", Label: "rapport (best of 3)", Unit: "msg/s"},
	{Group: "backlog", Pkg: "github.com/rapport-mail/rapport/daemon", Bench: "BenchmarkBacklog", Metric: "ratio", Label: "rapport ÷ bare", Digits: 2, Target: target("≥", 0.95)},
	{Group: "backlog", Pkg: "github.com/rapport-mail/rapport/daemon", Bench: "BenchmarkBacklog", Metric: "peak-rss-MiB", Label: "rapport peak RSS", Unit: "MiB", Digits: 1},

	{Group: "scale", Pkg: "github.com/rapport-mail/rapport/daemon", Bench: "BenchmarkScale", Metric: "peak-rss-MiB", Label: "rapport run peak RSS", Unit: "MiB", Digits: 1, Target: target("≤", 100)},
	{Group: "scale", Pkg: "github.com/rapport-mail/rapport/daemon", Bench: "BenchmarkScale", Metric: "digest-peak-rss-MiB", Label: "digest --preview peak RSS", Unit: "MiB", Digits: 1, Target: target("≤", 100)},
	{Group: "scale", Pkg: "github.com/rapport-mail/rapport/daemon", Bench: "BenchmarkScale", Metric: "digest-ms", Label: "digest --preview wall time", Unit: "ms"},
	{Group: "scale", Pkg: "github.com/rapport-mail/rapport/daemon", Bench: "BenchmarkScale", Metric: "msgs/s", Label: "catch-up rate", Unit: "msg/s"},
	{Group: "scale", Pkg: "github.com/rapport-mail/rapport/daemon", Bench: "BenchmarkScale", Metric: "db-MiB", Label: "database on disk", Unit: "MiB", Headline: true},
	{Group: "scale", Pkg: "github.com/rapport-mail/rapport/daemon", Bench: "BenchmarkScale", Metric: "db-bytes/msg", Label: "per recorded message", Unit: "bytes", Headline: true},

	{Group: "idle", Pkg: "github.com/rapport-mail/rapport/daemon", Bench: "BenchmarkIdle", Metric: "window-s", Label: "window", Unit: "min", Scale: 1.0 / 60, Digits: 1},
	{Group: "idle", Pkg: "github.com/rapport-mail/rapport/daemon", Bench: "BenchmarkIdle", Metric: "cpu-ms", Label: "CPU time in the window", Unit: "ms"},
	{Group: "idle", Pkg: "github.com/rapport-mail/rapport/daemon", Bench: "BenchmarkIdle", Metric: "cpu-s/10min", Label: "CPU time per 10 min", Unit: "s", Digits: 2, Target: target("≤", 1)},
	{Group: "idle", Pkg: "github.com/rapport-mail/rapport/daemon", Bench: "BenchmarkIdle", Metric: "wakeups", Label: "wake-ups in the window"},
	{Group: "idle", Pkg: "github.com/rapport-mail/rapport/daemon", Bench: "BenchmarkIdle", Metric: "wakeups/s", Label: "wake-ups per second", Unit: "/s", Digits: 2, Target: target("≤", 1)},
	{Group: "idle", Pkg: "github.com/rapport-mail/rapport/daemon", Bench: "BenchmarkIdle", Metric: "voluntary/s", Label: "of which voluntary", Unit: "/s", Digits: 2},
	{Group: "idle", Pkg: "github.com/rapport-mail/rapport/daemon", Bench: "BenchmarkIdle", Metric: "threads", Label: "threads"},
	{Group: "idle", Pkg: "github.com/rapport-mail/rapport/daemon", Bench: "BenchmarkIdle", Metric: "log-lines", Label: "log lines in the window"},

	{Group: "import", Pkg: "github.com/rapport-mail/rapport/cmd/rapport", Bench: "BenchmarkImport/20k", Metric: "wall-s", Label: "20,000 rows: wall time", Unit: "s", Digits: 2},
	{Group: "import", Pkg: "github.com/rapport-mail/rapport/cmd/rapport", Bench: "BenchmarkImport/20k", Metric: "peak-rss-MiB", Label: "20,000 rows: peak RSS", Unit: "MiB", Digits: 1},
	{Group: "import", Pkg: "github.com/rapport-mail/rapport/cmd/rapport", Bench: "BenchmarkImport/100k", Metric: "wall-s", Label: "100,000 rows: wall time", Unit: "s", Digits: 2, Target: target("<", 5)},
	{Group: "import", Pkg: "github.com/rapport-mail/rapport/cmd/rapport", Bench: "BenchmarkImport/100k", Metric: "peak-rss-MiB", Label: "100,000 rows: peak RSS", Unit: "MiB", Digits: 1, Target: target("<", 60)},
	{Group: "import", Pkg: "github.com/rapport-mail/rapport/cmd/rapport", Bench: "BenchmarkImport/100k", Metric: "rows/s", Label: "100,000 rows: rate", Unit: "rows/s"},

	{Group: "read", Pkg: "github.com/rapport-mail/rapport/cmd/rapport", Bench: "BenchmarkList/table", Metric: "wall-s", Label: "list: wall time", Unit: "s", Digits: 2},
	{Group: "read", Pkg: "github.com/rapport-mail/rapport/cmd/rapport", Bench: "BenchmarkList/table", Metric: "peak-rss-MiB", Label: "list: peak RSS", Unit: "MiB", Digits: 1, Target: target("<", 60)},
	{Group: "read", Pkg: "github.com/rapport-mail/rapport/cmd/rapport", Bench: "BenchmarkList/json", Metric: "peak-rss-MiB", Label: "list --json: peak RSS", Unit: "MiB", Digits: 1, Target: target("<", 60)},
	{Group: "read", Pkg: "github.com/rapport-mail/rapport/cmd/rapport", Bench: "BenchmarkList/name-limit-20", Metric: "wall-s", Label: "list --sort name --limit 20: wall time", Unit: "s", Digits: 2},
	{Group: "read", Pkg: "github.com/rapport-mail/rapport/cmd/rapport", Bench: "BenchmarkExport/csv", Metric: "wall-s", Label: "export: wall time", Unit: "s", Digits: 2},
	{Group: "read", Pkg: "github.com/rapport-mail/rapport/cmd/rapport", Bench: "BenchmarkExport/csv", Metric: "peak-rss-MiB", Label: "export: peak RSS", Unit: "MiB", Digits: 1, Target: target("<", 60)},
	{Group: "read", Pkg: "github.com/rapport-mail/rapport/cmd/rapport", Bench: "BenchmarkExport/json", Metric: "peak-rss-MiB", Label: "export --format json: peak RSS", Unit: "MiB", Digits: 1, Target: target("<", 60)},
	{Group: "read", Pkg: "github.com/rapport-mail/rapport/cmd/rapport", Bench: "BenchmarkReimport/100k", Metric: "wall-s", Label: "re-import, unchanged: wall time", Unit: "s", Digits: 2, Target: target("<", 5)},
	{Group: "read", Pkg: "github.com/rapport-mail/rapport/cmd/rapport", Bench: "BenchmarkReimport/100k", Metric: "peak-rss-MiB", Label: "re-import, unchanged: peak RSS", Unit: "MiB", Digits: 1},

	{Group: "digest", Pkg: "github.com/rapport-mail/rapport/outbox/digest", Bench: "BenchmarkBuild", Metric: "ns/op", Label: "time per digest", Unit: "ms", Scale: 1e-6, Target: target("<", 500)},
	{Group: "digest", Pkg: "github.com/rapport-mail/rapport/outbox/digest", Bench: "BenchmarkBuild", Metric: "B/op", Label: "allocated per digest", Unit: "MiB", Scale: 1.0 / (1 << 20), Digits: 1},
	{Group: "digest", Pkg: "github.com/rapport-mail/rapport/outbox/digest", Bench: "BenchmarkBuild", Metric: "peak-heap-MiB", Label: "heap in use, at most", Unit: "MiB", Digits: 1, Target: target("<", 100)},

	{Group: "inproc", Pkg: "github.com/rapport-mail/rapport/mail/classify", Bench: "BenchmarkParseHeader", Metric: "ns/op", Label: "ParseHeader", Unit: "µs", Scale: 1e-3, Digits: 1},
	{Group: "inproc", Pkg: "github.com/rapport-mail/rapport/inbound", Bench: "BenchmarkIngestBatch", Metric: "µs/msg", Label: "IngestBatch, per message", Unit: "µs", Digits: 1},
	{Group: "inproc", Pkg: "github.com/rapport-mail/rapport/contacts/importer", Bench: "BenchmarkParse/rows", Metric: "ns/op", Label: "Parse/rows", Unit: "ms", Scale: 1e-6, Digits: 1},
	{Group: "inproc", Pkg: "github.com/rapport-mail/rapport/contacts/importer", Bench: "BenchmarkParse/quoting_errors", Metric: "ns/op", Label: "Parse/quoting_errors", Unit: "ms", Scale: 1e-6, Digits: 1},
}
