package main

// BenchmarkList, BenchmarkExport and BenchmarkReimport: the commands that
// read every contact, as the owner runs them, on 100,000 contacts.

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// benchHome is a home whose database holds the contacts of
// writeContactsBench's file, imported by the binary, and that file.
type benchHome struct {
	bin, dir, file string
}

func newBenchHome(b *testing.B, rows int, everyEmail bool) *benchHome {
	b.Helper()
	h := &benchHome{bin: buildBench(b), dir: b.TempDir()}
	h.file = filepath.Join(h.dir, "contacts.csv")
	writeContactsBench(b, h.file, rows, everyEmail)
	out, _, _, _ := h.run(b, io.Discard, "import", h.file)
	if want := fmt.Sprintf(": %d added, 0 updated, 0 unchanged, 0 bad row(s)", rows); !strings.Contains(out, want) {
		b.Fatalf("rapport import said %q, want %q", out, want)
	}
	return h
}

// run runs the binary in the home, through the test binary that measures
// it (see importRusageEnv), and returns its standard output (when stdout
// is io.Discard; else the output goes to stdout), its standard error, its
// wall time and its peak RSS in KiB.
func (h *benchHome) run(tb testing.TB, stdout io.Writer, args ...string) (out, errOut string, took time.Duration, kib int64) {
	tb.Helper()
	self, err := os.Executable()
	if err != nil {
		tb.Fatal(err)
	}
	report := filepath.Join(h.dir, "rusage")
	cmd := exec.Command(self, append([]string{h.bin}, args...)...)
	cmd.Env = append(os.Environ(), "HOME="+h.dir, "XDG_CONFIG_HOME="+filepath.Join(h.dir, "config"),
		"XDG_DATA_HOME="+filepath.Join(h.dir, "data"), "CONFIGURATION_DIRECTORY=", "STATE_DIRECTORY=",
		importRusageEnv+"="+report)
	var outBuf, errBuf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &outBuf, &errBuf
	if stdout != io.Discard {
		cmd.Stdout = stdout
	}
	if err := cmd.Run(); err != nil {
		tb.Fatalf("rapport %s: %v\n%s", strings.Join(args, " "), err, errBuf.String())
	}
	raw, err := os.ReadFile(report)
	if err != nil {
		tb.Fatal(err)
	}
	var ns int64
	if _, err := fmt.Sscan(string(raw), &ns, &kib); err != nil {
		tb.Fatalf("rusage report %q: %v", raw, err)
	}
	return outBuf.String(), errBuf.String(), time.Duration(ns), kib
}

// countingWriter counts what is written and the lines of it.
type countingWriter struct{ bytes, lines int }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.bytes += len(p)
	w.lines += bytes.Count(p, []byte{'\n'})
	return len(p), nil
}

// measure runs args b.N times and reports their mean wall time and the
// highest peak RSS; check looks at each run's output.
func (h *benchHome) measure(b *testing.B, check func(out *countingWriter, errOut string), args ...string) {
	var wall time.Duration
	var peak int64
	runs := 0
	for b.Loop() {
		out := &countingWriter{}
		_, errOut, took, kib := h.run(b, out, args...)
		check(out, errOut)
		wall += took
		peak = max(peak, kib)
		runs++
	}
	b.ReportMetric(wall.Seconds()/float64(runs), "wall-s")
	b.ReportMetric(float64(peak)/1024, "peak-rss-MiB")
}

// BenchmarkList runs "rapport list" (the table, in #id order, and
// --json) and "list --sort name --limit 20" on a database of 100,000
// contacts imported by the binary from writeImportBench's file, and
// reports each one's wall time and peak RSS.
func BenchmarkList(b *testing.B) {
	const rows = 100_000
	h := newBenchHome(b, rows, false)
	for _, tt := range []struct {
		name  string
		args  []string
		lines int
	}{
		{"table", []string{"list"}, rows + 1},
		{"json", []string{"list", "--json"}, -1},
		{"name-limit-20", []string{"list", "--sort", "name", "--limit", "20"}, 21},
	} {
		b.Run(tt.name, func(b *testing.B) {
			h.measure(b, func(out *countingWriter, _ string) {
				if tt.lines > 0 && out.lines != tt.lines {
					b.Fatalf("rapport %s printed %d lines, want %d", strings.Join(tt.args, " "), out.lines, tt.lines)
				}
			}, tt.args...)
		})
	}
}

// BenchmarkExport runs "rapport export" as CSV and as JSON (every
// contact with its history) on the database of BenchmarkList.
func BenchmarkExport(b *testing.B) {
	const rows = 100_000
	h := newBenchHome(b, rows, false)
	for _, format := range []string{"csv", "json"} {
		b.Run(format, func(b *testing.B) {
			h.measure(b, func(out *countingWriter, _ string) {
				if format == "csv" && out.lines < rows+1 {
					b.Fatalf("rapport export printed %d lines, want at least %d", out.lines, rows+1)
				}
			}, "export", "--format", format)
		})
	}
}

// BenchmarkReimport imports again, into the database that holds them,
// 100,000 rows shaped as BenchmarkImport's but every one with an email
// (a row without an email or a URL names no contact to find: it would
// be added again), none changed: every row is looked up and found as it
// is.
func BenchmarkReimport(b *testing.B) {
	const rows = 100_000
	h := newBenchHome(b, rows, true)
	b.Run("100k", func(b *testing.B) {
		want := fmt.Sprintf(": 0 added, 0 updated, %d unchanged, 0 bad row(s)", rows)
		var wall time.Duration
		var peak int64
		runs := 0
		for b.Loop() {
			out, _, took, kib := h.run(b, io.Discard, "import", h.file)
			if !strings.Contains(out, want) {
				b.Fatalf("rapport import said %q, want %q", out, want)
			}
			wall += took
			peak = max(peak, kib)
			runs++
		}
		b.ReportMetric(wall.Seconds()/float64(runs), "wall-s")
		b.ReportMetric(float64(peak)/1024, "peak-rss-MiB")
	})
}
