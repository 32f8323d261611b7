package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/internal/rig/fixture"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// The demo plays the whole story on the real daemon and leaves every
// message that crossed the wire, and with --keep the database.
func TestDemoTellsTheStoryAndKeepsTheDatabase(t *testing.T) {
	e := newEnv(t)
	t.Setenv("TMPDIR", e.dir)
	out := e.ok("demo", "--keep")
	wantContains(t, "demo", out,
		"1. Alex, moving from civil engineering", "#1 Maya Okafor, UX Researcher at Harbor Health",
		"receipt: ✓ #4 Tomás Herrera <tomas@metro-transit.example>: added, introduced by #3 Sam Patel",
		`✉ rapport, as Alex, → Maya Okafor: "Your work at Harbor Health"`,
		"#1 Maya Okafor: nudge now due Tue 17 Mar 10:00 CET",
		"#4 Tomás Herrera: replied → scheduled",
		"Who: Tomás Herrera <tomas@metro-transit.example> (#4)",
		"thank-you: What stayed with me most: you showed me how research shapes every screen",
		"receipt: ✓ #5 Lena Vogel <lena@metro-transit.example>: added, introduced by #4 Tomás Herrera",
		`rapport → Alex Example: "rapport: today, Fri 6 Mar`,
		"#4 Tomás Herrera — introduced #5 Lena Vogel",
		"The demo database is kept")

	m := regexp.MustCompile(`(\d+) messages crossed the wire; each is saved in (\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("the demo does not say where the messages are:\n%s", out)
	}
	n, _ := strconv.Atoi(m[1])
	files, err := filepath.Glob(filepath.Join(m[2], "*.eml"))
	if err != nil || len(files) != n || n != strings.Count(out, "✉ ") {
		t.Fatalf("%d .eml files in %s, the narration says %d and shows %d", len(files), m[2], n, strings.Count(out, "✉ "))
	}
	read := func(pattern string) string {
		t.Helper()
		list, _ := filepath.Glob(filepath.Join(m[2], pattern))
		if len(list) == 0 {
			t.Fatalf("no saved message %s", pattern)
		}
		b, err := os.ReadFile(list[len(list)-1])
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if thanks := read("*-thank-you-for-your-time-on-thursday.eml"); !strings.Contains(thanks, "To: \"=?UTF-8?q?Tom=C3=A1s_Herrera?=\" <tomas@metro-transit.example>") &&
		!strings.Contains(thanks, "tomas@metro-transit.example") {
		t.Fatalf("the thank-you is not to Tomás:\n%s", thanks)
	}
	digest := read("*-rapport-today-fri-6-mar-*.eml")
	if !strings.Contains(digest, "multipart/alternative") || !strings.Contains(digest, "text/html") {
		t.Fatalf("the digest is not multipart/alternative with HTML:\n%.600s", digest)
	}
	// Friday is the default day of the weekly look back: Tomás, met by
	// the meeting-over timer, is among the people met this week.
	_, part := fixture.Part(t, []byte(digest), "text/plain")
	text := strings.ReplaceAll(string(part), "\r\n", "\n")
	if !strings.Contains(text, "People you met\n  #4 Tomás Herrera — met Thu 5 Mar") ||
		!strings.Contains(text, "#3 Sam Patel\n    #4 Tomás Herrera (new)\n      #5 Lena Vogel (new)") {
		t.Fatalf("the Friday digest does not look back on the week with Tomás met and the chain Sam → Tomás → Lena:\n%s", text)
	}

	db := regexp.MustCompile(`rapport list --db (\S+)`).FindStringSubmatch(out)
	if db == nil {
		t.Fatalf("demo --keep does not say where the database is:\n%s", out)
	}
	st, err := store.Open(context.Background(), db[1])
	if err != nil {
		t.Fatalf("kept demo database: %v", err)
	}
	defer st.Close()
	list, err := st.Read().ListContacts(context.Background(), store.ListOptions{})
	if err != nil || len(list) != 5 {
		t.Fatalf("kept demo database has %d contacts, %v; want 5", len(list), err)
	}
	want := map[string]workflow.Status{"Maya Okafor": workflow.StatusRequested, "Daniel Brandt": workflow.StatusRequested,
		"Sam Patel": workflow.StatusNew, "Tomás Herrera": workflow.StatusThanked, "Lena Vogel": workflow.StatusDrafted}
	for _, c := range list {
		if c.State.Status != want[c.Name] {
			t.Errorf("%s = %s, want %s", c.Name, c.State.Status, want[c.Name])
		}
	}
	if list[4].IntroducedBy != list[3].ID || list[3].IntroducedBy != list[2].ID {
		t.Fatalf("referral chain = %+v; want Sam → Tomás → Lena", list)
	}
	// Tomás answered with an invitation and the meeting ended by the
	// clock: the digest's funnel counts him at every step all the same.
	all, _, err := st.Read().Funnel(context.Background(), time.Time{})
	if err != nil || all.Requested != 3 || all.Replied != 1 || all.Scheduled != 1 || all.Met != 1 || all.Thanked != 1 {
		t.Fatalf("demo funnel = %+v, %v; want 3 requested → 1 replied → 1 scheduled → 1 met → 1 thanked", all, err)
	}
	// The user's own database was never touched.
	if _, err := os.Stat(filepath.Join(e.dir, "data", "rapport", "rapport.db")); !os.IsNotExist(err) {
		t.Fatalf("the demo created the default database (stat: %v)", err)
	}
}

func TestDemoRemovesItsDatabase(t *testing.T) {
	e := newEnv(t)
	t.Setenv("TMPDIR", e.dir)
	out := e.ok("demo")
	wantContains(t, "demo", out, "The demo database was removed")
	dbs, _ := filepath.Glob(filepath.Join(e.dir, "rapport-demo-*", "rapport.db"))
	if len(dbs) != 0 {
		t.Fatalf("demo without --keep left %v", dbs)
	}
}
