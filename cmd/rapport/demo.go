package main

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

//go:embed demo/Connections.csv
var demoConnections []byte

// demoStep is one moment of the demo story: what happens, in words, and
// the rapport command that records it, run a little later than the last.
type demoStep struct {
	after time.Duration
	say   string
	args  []string
}

var demoStory = []demoStep{
	{0, "Alex is moving from civil engineering into product design. They export their LinkedIn connections and import them:",
		[]string{"import", "{dir}/Connections.csv"}},
	{0, "Three people to learn from. Priya has no email address yet: known, not reachable.",
		[]string{"list"}},
	{2 * time.Hour, "A friend introduces Alex to Tomás, who designs for the city's transit app:",
		[]string{"add", "--name", "Tomás Herrera", "--email", "tomas@metro-transit.example", "--company", "Metro Transit",
			"--role", "Service Designer", "--field", "product design", "--introduced-by", "daniel@northwind.example", "--tag", "transit"}},
	{26 * time.Hour, "Maya answered Alex's request and proposed a call:",
		[]string{"mark", "maya", "scheduled", "2026-03-12", "16:00", "--place", "video call"}},
	{9*24*time.Hour + 4*time.Hour, "The call happened. Alex marks it and writes down what they learned:",
		[]string{"mark", "maya", "met"}},
	{time.Hour, "", []string{"note", "maya", "Research ops is a way in; start with a portfolio of three case studies."}},
	{time.Hour, "Daniel is travelling for a month; Alex pauses him until he is back:",
		[]string{"mark", "daniel", "pause", "--until", "2026-04-13"}},
	{time.Hour, "A mistake is refused, with what to do instead:",
		[]string{"mark", "tomas", "resume"}},
	{time.Hour, "Maya's card and timeline:",
		[]string{"show", "maya"}},
	{0, "Who is in follow-up:",
		[]string{"list", "--stage", "follow-up"}},
}

func runDemo(ctx context.Context, a *app, args []string) error {
	fs := a.flags("demo")
	keep := fs.Bool("keep", false, "keep the demo database to explore afterwards")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "rapport-demo-")
	if err != nil {
		return err
	}
	if !*keep {
		defer os.RemoveAll(dir)
	}
	if err := os.WriteFile(filepath.Join(dir, "Connections.csv"), demoConnections, 0o600); err != nil {
		return err
	}
	db := filepath.Join(dir, "rapport.db")
	clock := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	fmt.Fprintf(a.stdout, "rapport demo: a short story on a throwaway database (%s).\n", db)
	n := 0
	for i, step := range demoStory {
		clock = clock.Add(step.after)
		if step.say != "" {
			n++
			fmt.Fprintf(a.stdout, "\n%d. %s\n", n, step.say)
		}
		argv := make([]string, 0, len(step.args)+2)
		for _, arg := range step.args {
			argv = append(argv, strings.ReplaceAll(arg, "{dir}", dir))
		}
		argv = append(argv, "--db", db)
		fmt.Fprintf(a.stdout, "   $ rapport %s\n", strings.Join(quoteArgs(step.args), " "))
		var out bytes.Buffer
		sub := &app{stdin: a.stdin, stdout: &out, stderr: &out, now: func() time.Time { return clock }, configPath: a.configPath}
		code := sub.main(ctx, argv)
		for _, line := range strings.Split(strings.TrimRight(out.String(), "\n"), "\n") {
			fmt.Fprintf(a.stdout, "   %s\n", line)
		}
		if code != 0 && !strings.Contains(step.say, "refused") {
			return fmt.Errorf("demo step %d (rapport %s) failed", i+1, strings.Join(step.args, " "))
		}
	}
	if *keep {
		fmt.Fprintf(a.stdout, "\nThe demo database is kept. Explore it with:\n   rapport list --db %s\n   rapport show maya --db %s\n", db, db)
	} else {
		fmt.Fprintf(a.stdout, "\nDone; the demo database was removed (run with --keep to explore it).\n")
	}
	return nil
}

// quoteArgs quotes arguments holding spaces, for showing a command line.
func quoteArgs(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		a = strings.ReplaceAll(a, "{dir}/", "")
		if strings.ContainsAny(a, " '") {
			a = `"` + a + `"`
		}
		out[i] = a
	}
	return out
}
