// Command benchreport writes BENCHMARKS.md from the output of rapport's
// benchmarks; scripts/bench.sh (make bench) runs it:
//
//	benchreport -in BENCHMARKS-raw.txt -out BENCHMARKS.md
//
// It describes the machine it runs on, so run it where the benchmarks ran.
// It refuses to write a report that lacks any figure.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/rapport-mail/rapport/internal/rig/benchreport"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "benchreport:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("benchreport", flag.ContinueOnError)
	in := fs.String("in", "BENCHMARKS-raw.txt", "the benchmarks' output, from go test -bench")
	out := fs.String("out", "BENCHMARKS.md", "the report to write")
	if err := fs.Parse(args); err != nil {
		return err
	}
	f, err := os.Open(*in)
	if err != nil {
		return err
	}
	defer f.Close()
	results, err := benchreport.Parse(f)
	if err != nil {
		return fmt.Errorf("%s: %w", *in, err)
	}
	r := benchreport.Report{Machine: benchreport.Probe(), Date: time.Now(), Results: results,
		Command: "make bench    # or: scripts/bench.sh", Raw: *in}
	var buf bytes.Buffer
	if err := benchreport.Write(&buf, r); err != nil {
		return fmt.Errorf("%s: %w", *in, err)
	}
	return os.WriteFile(*out, buf.Bytes(), 0o644)
}
