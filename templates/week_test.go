package templates

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

const goldenWeek = "testdata/digest_week.golden.txt"

// weekFixture is a week with every part, a chain of three and a long
// line to wrap.
func weekFixture() *DigestWeek {
	w := sampleWeek(time.Date(2026, 3, 6, 0, 0, 0, 0, sampleOwnerZone))
	w.Met.Items = append(w.Met.Items, DigestItem{ID: 51, Name: "Marc Lefèvre", Text: "met Thu 5 Mar"})
	w.Met.More = 2
	w.Tree = append(w.Tree, DigestTreeLine{Depth: 1, ID: 44, Name: "Tom Lee\nwith a newline"})
	w.TreeAll, w.TreeMore = false, 3
	w.Questions = append(w.Questions, DigestQuestion{N: 2, Text: "What does a typical day or week look like for you?",
		Names: []string{"#42 Claire Moreau", "#51 Marc Lefèvre"}})
	return w
}

// weekSection returns the text digest's look back, from its heading to
// the next section's.
func weekSection(t *testing.T, text string) string {
	t.Helper()
	start := strings.Index(text, "Your week\n=========")
	end := strings.Index(text, "\nProblems\n========")
	if start < 0 || end < start {
		t.Fatalf("no look back before Problems in:\n%s", text)
	}
	return text[start:end]
}

// TestDigestWeekGolden compares the text digest's look back with
// testdata/digest_week.golden.txt; -update rewrites it.
func TestDigestWeekGolden(t *testing.T) {
	g := digestFixture()
	g.Week = weekFixture()
	_, text, _ := mustRenderDigest(t, mustLoad(t, ""), g)
	got := weekSection(t, text)
	if *update {
		if err := os.WriteFile(goldenWeek, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(goldenWeek)
	if err != nil {
		t.Fatalf("%v (run go test ./templates -run TestDigestWeekGolden -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("look back differs from %s:\n--- got ---\n%s--- want ---\n%s", goldenWeek, got, want)
	}
	for _, l := range strings.Split(got, "\n") {
		if n := len([]rune(l)); n > 72 {
			t.Errorf("line of %d characters, over 72: %q", n, l)
		}
	}
}

// TestDigestWeekOnlyWhenSet checks that the look back shows on the day it
// is given and leaves no trace, in either part, on other days.
func TestDigestWeekOnlyWhenSet(t *testing.T) {
	s := mustLoad(t, "")
	g := digestFixture()
	_, plain, html := mustRenderDigest(t, s, g)
	if strings.Contains(plain, "Your week") || strings.Contains(html, "digest-week") {
		t.Errorf("a digest without Week shows a look back")
	}
	g.Week = &DigestWeek{From: g.Date.AddDate(0, 0, -7), To: g.Date, Quiet: true}
	_, plain, html = mustRenderDigest(t, s, g)
	if !strings.Contains(weekSection(t, plain), "A quiet week") || !strings.Contains(html, "A quiet week") {
		t.Errorf("a quiet week says nothing:\n%s", plain)
	}
}

// TestDigestWeekHTML checks the HTML look back: tables and style
// attributes only, nothing wider than a phone, every contact's name
// escaped, the chain indented by depth.
func TestDigestWeekHTML(t *testing.T) {
	g := digestFixture()
	g.Week = weekFixture()
	g.Week.Learned.Items[0].Text = `<script>alert("x")</script> & more`
	_, _, html := mustRenderDigest(t, mustLoad(t, ""), g)
	start := strings.Index(html, `<table role="presentation" id="digest-week"`)
	end := strings.Index(html[max(start, 0):], "</table>")
	if start < 0 || end < 0 {
		t.Fatalf("no look back table in:\n%s", html)
	}
	sec := html[start : start+end]
	for _, bad := range []string{"<style", "<div", "<ul", "<li", "<script>", "class="} {
		if strings.Contains(sec, bad) {
			t.Errorf("the look back holds %q", bad)
		}
	}
	if px := regexp.MustCompile(`width:\s*(\d{3,})px`).FindString(sec); px != "" {
		t.Errorf("the look back sets %s, wider than a phone's 375 px", px)
	}
	for _, want := range []string{"&lt;script&gt;", `style="padding:0 0 4px 2em;"`, "#43</strong> Lena Vogel <em>(new)</em>",
		"Who led to whom, in the chains that grew", "<strong style=\"white-space:nowrap;\">Q5</strong>", "… and 3 more"} {
		if !strings.Contains(sec, want) {
			t.Errorf("the look back lacks %q:\n%s", want, sec)
		}
	}
}

// TestDigestWeekOverride checks that an owner's digest.txt that includes
// the look back gets it, and one written before it existed still loads.
func TestDigestWeekOverride(t *testing.T) {
	dir := t.TempDir()
	own := "Subject: My digest\n\n{{with .Digest}}Mine.{{template \"week\" .}}{{end}}\n"
	if err := os.WriteFile(filepath.Join(dir, "digest.txt"), []byte(own), 0o600); err != nil {
		t.Fatal(err)
	}
	g := digestFixture()
	g.Week = weekFixture()
	_, text, _ := mustRenderDigest(t, mustLoad(t, dir), g)
	if !strings.HasPrefix(text, "Mine.\n\nYour week\n") {
		t.Errorf("owner's digest with the look back:\n%s", text)
	}
	if err := os.WriteFile(filepath.Join(dir, "digest.txt"), []byte("Subject: Old\n\n{{with .Digest}}Old.{{end}}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, text, _ = mustRenderDigest(t, mustLoad(t, dir), g); text != "Old.\n" {
		t.Errorf("owner's older digest = %q, want it as it was", text)
	}
}
