package benchreport

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

// sample is the raw output of a real run of scripts/bench.sh (COUNT=1 for
// the mail benchmarks, BENCH_IDLE=1m), with its logs.
func sample(t *testing.T) []Result {
	t.Helper()
	f, err := os.Open("testdata/sample.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	results, err := Parse(f)
	if err != nil {
		t.Fatalf("Parse(testdata/sample.txt) error = %v", err)
	}
	return results
}

var machine = Machine{OS: "Debian GNU/Linux 12 (bookworm)", Kernel: "Linux 6.1.0-28-amd64", CPU: "AMD EPYC", CPUs: 2,
	Virtual: true, RAMGiB: 23.4, Go: "go1.26.8", Dovecot: "2.3.19.1", Postfix: "3.7.11", Load: "0.52 0.61 0.40"}

func report(results []Result) Report {
	return Report{Machine: machine, Date: time.Date(2026, 12, 2, 13, 0, 0, 0, time.UTC), Results: results,
		Command: "make bench", Raw: "BENCHMARKS-raw.txt"}
}

func TestParse(t *testing.T) {
	results := sample(t)
	find := func(pkg, name string) []Result {
		var list []Result
		for _, r := range results {
			if r.Pkg == pkg && r.Name == name {
				list = append(list, r)
			}
		}
		return list
	}
	for _, tc := range []struct {
		pkg, name, metric string
		runs              int
	}{
		{"github.com/rapport-mail/rapport/daemon", "BenchmarkReplyLatency", "overhead-p50-ms", 1},
		{"github.com/rapport-mail/rapport/daemon", "BenchmarkBacklog", "ratio", 1},
		{"github.com/rapport-mail/rapport/daemon", "BenchmarkScale", "db-bytes/msg", 1},
		{"github.com/rapport-mail/rapport/daemon", "BenchmarkIdle", "wakeups/s", 1},
		{"github.com/rapport-mail/rapport/inbound", "BenchmarkIngestBatch", "µs/msg", 1},
		{"github.com/rapport-mail/rapport/outbox/digest", "BenchmarkBuild", "peak-heap-MiB", 1},
		{"github.com/rapport-mail/rapport/outbox/digest", "BenchmarkBuild", "B/op", 1},
		{"github.com/rapport-mail/rapport/contacts/importer", "BenchmarkParse/quoting_errors", "ns/op", 1},
		{"github.com/rapport-mail/rapport/cmd/rapport", "BenchmarkImport/100k", "peak-rss-MiB", 1},
		{"github.com/rapport-mail/rapport/cmd/rapport", "BenchmarkImport/20k", "wall-s", 1},
		{"github.com/rapport-mail/rapport/mail/classify", "BenchmarkParseHeader", "ns/op", 1},
	} {
		got := find(tc.pkg, tc.name)
		if len(got) != tc.runs {
			t.Errorf("Parse() gave %d results for %s %s, want %d", len(got), tc.pkg, tc.name, tc.runs)
			continue
		}
		if v, ok := got[0].Metrics[tc.metric]; !ok || v <= 0 {
			t.Errorf("%s %s: %s = %v (present %v), want a positive figure", tc.pkg, tc.name, tc.metric, v, ok)
		}
		if got[0].Procs != 2 || got[0].Iterations < 1 {
			t.Errorf("%s %s: procs %d, iterations %d; want 2 and at least 1", tc.pkg, tc.name, got[0].Procs, got[0].Iterations)
		}
	}
}

func TestParseLine(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []Result
		wantErr  bool
	}{
		{name: "metrics", in: "pkg: github.com/rapport-mail/rapport/x\nBenchmarkA-8   \t 3\t 100 ns/op\t 0.5 ratio\n",
			want: []Result{{Pkg: "github.com/rapport-mail/rapport/x", Name: "BenchmarkA", Procs: 8, Iterations: 3, Metrics: map[string]float64{"ns/op": 100, "ratio": 0.5}}}},
		{name: "sub-benchmark with a dash", in: "BenchmarkP/a-b-2 1 7 ns/op\n",
			want: []Result{{Name: "BenchmarkP/a-b", Procs: 2, Iterations: 1, Metrics: map[string]float64{"ns/op": 7}}}},
		{name: "no GOMAXPROCS suffix", in: "BenchmarkA 1 7 ns/op\n",
			want: []Result{{Name: "BenchmarkA", Procs: 1, Iterations: 1, Metrics: map[string]float64{"ns/op": 7}}}},
		{name: "logs, names alone and failures are skipped", in: "BenchmarkA\n    a_test.go:3: BenchmarkA 1 2 3\n--- FAIL: BenchmarkB-2\nBenchmarkB-2 --- FAIL x y\nok  \tgithub.com/rapport-mail/rapport/x\t1s\n"},
		{name: "a value without its unit", in: "BenchmarkA-2 1 7 ns/op 3\n", wantErr: true},
		{name: "a unit without a number", in: "BenchmarkA-2 1 7 ns/op x ratio\n", wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(strings.NewReader(tc.in))
			if (err != nil) != tc.wantErr {
				t.Fatalf("Parse() error = %v, want error %v", err, tc.wantErr)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("Parse() = %+v, want %+v", got, tc.want)
			}
			for i := range got {
				g, w := got[i], tc.want[i]
				if g.Pkg != w.Pkg || g.Name != w.Name || g.Procs != w.Procs || g.Iterations != w.Iterations || len(g.Metrics) != len(w.Metrics) {
					t.Fatalf("Parse() = %+v, want %+v", g, w)
				}
				for k, v := range w.Metrics {
					if g.Metrics[k] != v {
						t.Fatalf("Parse() metric %s = %v, want %v", k, g.Metrics[k], v)
					}
				}
			}
		})
	}
}

// set changes one metric of the first run of a benchmark.
func set(results []Result, bench, metric string, v float64) []Result {
	return setRun(results, bench, 0, metric, v)
}

// setRun changes one metric of run n (from 0) of a benchmark.
func setRun(results []Result, bench string, n int, metric string, v float64) []Result {
	out := make([]Result, len(results))
	seen := 0
	for i, r := range results {
		out[i] = r
		if r.Name != bench {
			continue
		}
		if seen == n {
			m := map[string]float64{}
			for k, x := range r.Metrics {
				m[k] = x
			}
			m[metric] = v
			out[i].Metrics = m
		}
		seen++
	}
	return out
}

func figure(t *testing.T, bench, metric string) Figure {
	t.Helper()
	for _, f := range Figures {
		if f.Bench == bench && f.Metric == metric {
			return f
		}
	}
	t.Fatalf("no figure %s of %s", metric, bench)
	return Figure{}
}

// A verdict follows its figure across the target, in the shown unit.
func TestVerdictFlipsAtTarget(t *testing.T) {
	results := sample(t)
	for _, tc := range []struct {
		bench, metric string
		value         float64 // in go test's unit
		want          string
	}{
		{"BenchmarkBacklog", "ratio", 0.95, "met"},
		{"BenchmarkBacklog", "ratio", 0.94, "NOT met (held in 0 of 1 runs)"},
		{"BenchmarkReplyLatency", "overhead-p50-ms", 10, "met"},
		{"BenchmarkReplyLatency", "overhead-p50-ms", 10.1, "NOT met (held in 0 of 1 runs)"},
		{"BenchmarkReplyLatency", "rapport-p95-ms", 999.9, "met"},
		{"BenchmarkReplyLatency", "rapport-p95-ms", 1000, "NOT met (held in 0 of 1 runs)"},
		{"BenchmarkScale", "peak-rss-MiB", 100, "met"},
		{"BenchmarkScale", "peak-rss-MiB", 100.5, "NOT met (held in 0 of 1 runs)"},
		{"BenchmarkIdle", "cpu-s/10min", 1, "met"},
		{"BenchmarkIdle", "cpu-s/10min", 1.2, "NOT met (held in 0 of 1 runs)"},
		{"BenchmarkIdle", "wakeups/s", 0.99, "met"},
		{"BenchmarkIdle", "wakeups/s", 1.01, "NOT met (held in 0 of 1 runs)"},
		{"BenchmarkImport/100k", "wall-s", 4.99, "met"},
		{"BenchmarkImport/100k", "wall-s", 5, "NOT met (held in 0 of 1 runs)"},
		{"BenchmarkImport/100k", "peak-rss-MiB", 59.9, "met"},
		{"BenchmarkImport/100k", "peak-rss-MiB", 60, "NOT met (held in 0 of 1 runs)"},
		{"BenchmarkImport/20k", "wall-s", 100, "reported"},
		{"BenchmarkBuild", "ns/op", 499e6, "met"},
		{"BenchmarkBuild", "ns/op", 500e6, "NOT met (held in 0 of 1 runs)"},
		{"BenchmarkScale", "db-MiB", 1e9, "reported"},
	} {
		r := report(set(results, tc.bench, tc.metric, tc.value))
		if got := r.Verdict(figure(t, tc.bench, tc.metric)); got != tc.want {
			t.Errorf("Verdict(%s %s = %v) = %q, want %q", tc.bench, tc.metric, tc.value, got, tc.want)
		}
	}
}

// Over several runs, a target is met only when every run held it.
func TestVerdictOverRuns(t *testing.T) {
	results := sample(t)
	var more []Result
	for _, r := range results {
		more = append(more, r)
		if r.Name == "BenchmarkBacklog" {
			more = append(more, r, r)
		}
	}
	f := figure(t, "BenchmarkBacklog", "ratio")
	for _, tc := range []struct {
		ratios []float64
		want   string
	}{
		{[]float64{0.96, 0.95, 1.1}, "met"},
		{[]float64{0.96, 0.5, 1.1}, "NOT met (held in 2 of 3 runs)"},
		{[]float64{0.7, 0.5, 0.94}, "NOT met (held in 0 of 3 runs)"},
	} {
		results := more
		for i, v := range tc.ratios {
			results = setRun(results, "BenchmarkBacklog", i, "ratio", v)
		}
		if got := report(results).Verdict(f); got != tc.want {
			t.Errorf("Verdict() with ratios %v = %q, want %q", tc.ratios, got, tc.want)
		}
	}
}

func TestWrite(t *testing.T) {
	results := sample(t)
	var b bytes.Buffer
	if err := Write(&b, report(results)); err != nil {
		t.Fatalf("Write() error = %v", err)
	}
	md := b.String()
	for _, want := range []string{
		"**Machine:** Debian GNU/Linux 12 (bookworm) virtual machine, 2 × AMD EPYC, 23.4 GiB RAM, Linux 6.1.0-28-amd64; go1.26.8, Dovecot 2.3.19.1, Postfix 3.7.11. Measured on 2026-12-02; load average when the\nreport was written: 0.52 0.61 0.40",
		"make bench",
		"| scale | rapport run peak RSS | ≤ 100 MiB |",
		"| idle | wake-ups per second | ≤ 1 /s |",
		"| idle | CPU time per 10 min | ≤ 1 s |",
		"| backlog | rapport ÷ bare | ≥ 0.95 |",
		"| reply latency | rapport p95 | < 1,000 ms |",
		"| daily digest | time per digest | < 500 ms |",
		"| import | 100,000 rows: wall time | < 5 s | 3.78 s | met |",
		"| import | 100,000 rows: peak RSS | < 60 MiB | 49.9 MiB | met |",
		"| 1 | 0.82 s | 39.5 MiB | 3.78 s | 49.9 MiB | 26,483 rows/s | yes |",
		"| scale | per recorded message | none (reported) |",
		"What bounds it:",
		"voluntary_ctxt_switches",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Write() lacks %q", want)
		}
	}
	if strings.Contains(md, "<no value>") || strings.Contains(md, "%!") {
		t.Errorf("Write() left a hole:\n%s", md)
	}

	// A figure over its target shows in the summary and in its section.
	b.Reset()
	if err := Write(&b, report(set(results, "BenchmarkIdle", "wakeups/s", 3.5))); err != nil {
		t.Fatalf("Write() error = %v", err)
	}
	md = b.String()
	for _, want := range []string{
		"| idle | wake-ups per second | ≤ 1 /s | 3.50 /s | **NOT met (held in 0 of 1 runs)** |",
		"**no**: wake-ups per second |",
		"**NOT met.**",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Write() with 3.5 wake-ups/s lacks %q", want)
		}
	}
}

// A report is of one full run: any figure missing is an error naming it.
func TestWriteRefusesMissingFigures(t *testing.T) {
	var partial []Result
	for _, r := range sample(t) {
		if r.Name != "BenchmarkIdle" && r.Name != "BenchmarkBuild" {
			partial = append(partial, r)
		}
	}
	err := Write(&bytes.Buffer{}, report(partial))
	if err == nil {
		t.Fatalf("Write() without BenchmarkIdle and BenchmarkBuild = nil error")
	}
	for _, want := range []string{"wakeups/s of BenchmarkIdle", "ns/op of BenchmarkBuild (github.com/rapport-mail/rapport/outbox/digest)"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Write() error = %v, want it to name %q", err, want)
		}
	}
	if err := Write(&bytes.Buffer{}, report(set(sample(t), "BenchmarkScale", "peak-rss-MiB", 1))); err != nil {
		t.Errorf("Write() of a full run error = %v", err)
	}
}

func TestFormat(t *testing.T) {
	for _, tc := range []struct {
		f    Figure
		v    float64
		want string
	}{
		{Figure{Unit: "msg/s"}, 20116.4, "20,116 msg/s"},
		{Figure{Unit: "msg/s"}, 999, "999 msg/s"},
		{Figure{Unit: "bytes"}, 1234567, "1,234,567 bytes"},
		{Figure{Digits: 2}, 0.671, "0.67"},
		{Figure{Unit: "ms", Digits: 1}, 512.84, "512.8 ms"},
		{Figure{Unit: "ms", Digits: 1}, 1234.5, "1,234.5 ms"},
		{Figure{Unit: "ms", Digits: 1}, -4.9, "-4.9 ms"},
	} {
		if got := tc.f.Format(tc.v); got != tc.want {
			t.Errorf("Format(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

func TestMachineFiles(t *testing.T) {
	if got := osName("NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"); got != "Debian GNU/Linux 12 (bookworm)" {
		t.Errorf("osName() = %q", got)
	}
	path := t.TempDir() + "/cpuinfo"
	info := "processor\t: 0\nmodel name\t: AMD EPYC\nflags\t\t: fpu vme hypervisor lahf_lm\n\nprocessor\t: 1\nmodel name\t: AMD EPYC\nflags\t\t: fpu vme hypervisor\n"
	if err := os.WriteFile(path, []byte(info), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if model, n, virtual := cpuInfo(f); model != "AMD EPYC" || n != 2 || !virtual {
		t.Errorf("cpuInfo() = %q, %d, %v; want AMD EPYC, 2, true", model, n, virtual)
	}
}

func TestMeasured(t *testing.T) {
	var three []Result
	for _, r := range sample(t) {
		if r.Name == "BenchmarkBacklog" {
			three = append(three, r, r, r)
		}
	}
	f := figure(t, "BenchmarkBacklog", "ratio")
	v := view{report(three)}
	for _, tc := range []struct {
		ratios []float64
		want   string
	}{
		{[]float64{0.7, 0.6, 0.74}, "0.70 (0.60–0.74, 3 runs)"},
		{[]float64{0.7, 0.7, 0.701}, "0.70 (in all 3 runs)"},
	} {
		results := three
		for i, r := range tc.ratios {
			results = setRun(results, "BenchmarkBacklog", i, "ratio", r)
		}
		v.Results = results
		if got := v.measured(f); got != tc.want {
			t.Errorf("measured(%v) = %q, want %q", tc.ratios, got, tc.want)
		}
	}
}
