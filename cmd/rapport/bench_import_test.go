package main

// BenchmarkImport: "rapport import" of a large file, as the owner runs it.

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// BenchmarkImport runs the real binary, built from the checkout, on a CSV
// file of 20,000 and of 100,000 contacts (see writeImportBench), each time
// into a new, empty database, and reports its wall time (from start to
// exit: reading, checking and writing the file, with the process's start
// and the database's creation) and its peak RSS.
//
// The binary is started by a fresh copy of the test binary, which reports
// the child's peak RSS (wait4's Maxrss): Go starts a child with vfork, so
// a child's Maxrss counts the memory of the process that started it, here
// small (see importRusageEnv). A short command ends before anyone could
// read its VmHWM.
func BenchmarkImport(b *testing.B) {
	bin := buildBench(b)
	for _, rows := range []int{20_000, 100_000} {
		b.Run(fmt.Sprintf("%dk", rows/1000), func(b *testing.B) {
			file := filepath.Join(b.TempDir(), "contacts.csv")
			writeImportBench(b, file, rows)
			var wall time.Duration
			var peak int64
			runs := 0
			for b.Loop() {
				took, rss := measureImport(b, bin, file, rows)
				wall += took
				peak = max(peak, rss)
				runs++
			}
			b.ReportMetric(wall.Seconds()/float64(runs), "wall-s")
			b.ReportMetric(float64(peak)/1024, "peak-rss-MiB")
			b.ReportMetric(float64(rows*runs)/wall.Seconds(), "rows/s")
		})
	}
}

// buildBench compiles the release binary.
func buildBench(tb testing.TB) string {
	tb.Helper()
	bin := filepath.Join(tb.TempDir(), "rapport")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		tb.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// measureImport imports file into a new home and returns the wall time and
// peak RSS in KiB of "rapport import".
func measureImport(tb testing.TB, bin, file string, rows int) (time.Duration, int64) {
	tb.Helper()
	self, err := os.Executable()
	if err != nil {
		tb.Fatal(err)
	}
	home := tb.TempDir()
	report := filepath.Join(home, "rusage")
	cmd := exec.Command(self, bin, "import", file)
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, "config"),
		"XDG_DATA_HOME="+filepath.Join(home, "data"), "CONFIGURATION_DIRECTORY=", "STATE_DIRECTORY=",
		importRusageEnv+"="+report)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		tb.Fatalf("rapport import: %v\n%s%s", err, out.String(), errOut.String())
	}
	if want := fmt.Sprintf(": %d added, 0 updated, 0 unchanged, 0 bad row(s)", rows); !strings.Contains(out.String(), want) {
		tb.Fatalf("rapport import said %q, want %q", out.String(), want)
	}
	raw, err := os.ReadFile(report)
	if err != nil {
		tb.Fatal(err)
	}
	var ns, kib int64
	if _, err := fmt.Sscan(string(raw), &ns, &kib); err != nil {
		tb.Fatalf("rusage report %q: %v", raw, err)
	}
	return time.Duration(ns), kib
}

// importRusageEnv, set to a file's path, makes the test binary run its
// arguments as a command instead of the tests, and write the command's wall
// time in nanoseconds and peak RSS in KiB to that file; it exits with the
// command's status.
const importRusageEnv = "RAPPORT_BENCH_IMPORT_RUSAGE"

func init() {
	report := os.Getenv(importRusageEnv)
	if report == "" {
		return
	}
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start)
	if cmd.ProcessState == nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss
	if err := os.WriteFile(report, []byte(fmt.Sprintf("%d %d", took.Nanoseconds(), rss)), 0o600); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Exit(cmd.ProcessState.ExitCode())
}

// writeImportBench writes a file of rows contacts shaped like a large
// export from a contacts manager or a spreadsheet kept by hand: every row
// has a name, a company and a role; 80% an email, 60% a profile URL, 20%
// one or two tags, 10% notes (some over several lines), and 5% name their
// introducer by email, half of them a row before, half a row after.
func writeImportBench(tb testing.TB, path string, rows int) {
	tb.Helper()
	writeContactsBench(tb, path, rows, false)
}

// writeContactsBench is writeImportBench, with an email in every row
// when everyEmail: every row then names a contact a second import finds.
func writeContactsBench(tb testing.TB, path string, rows int, everyEmail bool) {
	tb.Helper()
	first := []string{"Ana", "Bo", "Chen", "Dara", "Elif", "Femi", "Greta", "Hiro", "Ines", "Jonas", "Kofi", "Lena", "Mateo", "Nadia", "Omar", "Priya"}
	last := []string{"Ruiz", "Chen", "Okafor", "Müller", "Haddad", "Natarajan", "Vogel", "Silva", "Kowalski", "Dubois", "Tanaka", "O'Brien"}
	companies := []string{"Acme Robotics", "Initech", "Globex, Inc.", "Umbrella Health", "Stark Energy", "Wayne Transit"}
	roles := []string{"Staff Engineer", "Product Designer", "Head of Research", "Nurse Practitioner", "Data Analyst"}
	tags := []string{"mentors", "climate", "design", "health", "alumni"}
	rnd := rand.New(rand.NewPCG(17, 2026))
	name := func(i int) (string, string) { return first[i%len(first)], last[(i/len(first))%len(last)] }
	email := func(i int) string {
		if i%5 == 4 && !everyEmail {
			return "" // 20% without
		}
		f, l := name(i)
		return fmt.Sprintf("%s.%s.%d@mail%d.example", strings.ToLower(f), strings.ToLower(strings.ReplaceAll(l, "'", "")), i, i%50)
	}
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString("Name,Email,Company,Role,URL,Tags,Notes,Introduced By\n")
	for i := range rows {
		url, tag, notes, intro := "", "", "", ""
		if rnd.IntN(10) < 6 {
			url = "https://www.linkedin.com/in/p-" + strconv.Itoa(i)
		}
		if rnd.IntN(10) < 2 {
			tag = tags[rnd.IntN(len(tags))]
			if rnd.IntN(2) == 0 {
				tag += "; " + tags[rnd.IntN(len(tags))]
			}
		}
		switch rnd.IntN(20) {
		case 0:
			notes = "Met at the spring meetup; ask about their move from civil engineering."
		case 1:
			notes = "\"Said: \"\"write in May\"\".\nPrefers mornings.\""
		}
		if rnd.IntN(20) == 0 {
			// An earlier or a later row with an email, not this one.
			j := i + 1 + rnd.IntN(500)
			if rnd.IntN(2) == 0 {
				j = i - 1 - rnd.IntN(500)
			}
			if j >= 0 && j < rows && email(j) != "" {
				intro = email(j)
			}
		}
		f, l := name(i)
		fmt.Fprintf(w, "%s %s,%s,\"%s\",%s,%s,%s,%s,%s\n", f, l, email(i),
			companies[rnd.IntN(len(companies))], roles[rnd.IntN(len(roles))], url, tag, notes, intro)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
}
