// Package benchreport turns the output of rapport's benchmarks (go test
// -bench, as scripts/bench.sh runs them) into BENCHMARKS.md: every figure
// beside its target and whether it held, the machine it came from, and
// the text that says what each figure means.
package benchreport

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Result is one line of benchmark output: one run of one benchmark.
type Result struct {
	Pkg        string // the import path from the "pkg:" line before it
	Name       string // "BenchmarkBacklog", "BenchmarkParse/rows", without the -GOMAXPROCS suffix
	Procs      int    // GOMAXPROCS, 1 when the name has no suffix
	Iterations int
	// Metrics maps each unit to its value: "ns/op", "B/op", and those of
	// b.ReportMetric ("ratio", "peak-rss-MiB"…).
	Metrics map[string]float64
}

// Parse reads go test -bench output and returns its results in order.
// Lines that are not results (logs, PASS, ok …) are skipped; a line that
// starts like a result and is malformed is an error naming its line.
func Parse(r io.Reader) ([]Result, error) {
	var list []Result
	pkg := ""
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = strings.TrimSpace(p)
			continue
		}
		fields := strings.Fields(line)
		// A result is "BenchmarkX-2 <iterations> <value> <unit> …"; a bare
		// "BenchmarkX" line (printed with -v, or before a benchmark's logs)
		// is not.
		if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") {
			continue
		}
		iters, err := strconv.Atoi(fields[1])
		if err != nil {
			continue // "BenchmarkX-2 --- FAIL" and the like
		}
		if len(fields)%2 != 0 {
			return nil, fmt.Errorf("line %d: values and units do not pair up: %q", n, line)
		}
		res := Result{Pkg: pkg, Iterations: iters, Metrics: map[string]float64{}}
		res.Name, res.Procs = splitProcs(fields[0])
		for i := 2; i < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				return nil, fmt.Errorf("line %d: %q is not a number: %q", n, fields[i], line)
			}
			res.Metrics[fields[i+1]] = v
		}
		list = append(list, res)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return list, nil
}

// splitProcs splits "BenchmarkX/sub-2" into its name and GOMAXPROCS.
func splitProcs(s string) (string, int) {
	i := strings.LastIndexByte(s, '-')
	if i < 0 {
		return s, 1
	}
	n, err := strconv.Atoi(s[i+1:])
	if err != nil || n <= 0 {
		return s, 1
	}
	return s[:i], n
}
