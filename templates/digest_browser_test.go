//go:build unix

package templates

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The browser test renders the fixture's HTML part in headless Chromium
// (Debian's chromium, which scripts/test.sh installs) at a phone's and a
// desktop's width, in light and dark mode, and checks through the DOM what
// a reader would see: every section and contact there, nothing wider than
// the screen, text that contrasts with its background.
//
// Headless Chromium lays a window out at least 500 CSS pixels wide
// whatever --window-size says, so the digest goes into an iframe of the
// exact size, which is its own viewport (innerWidth, media queries); the
// test script in the outer page reads the frame's DOM once it has loaded
// and writes its findings as JSON into the outer page, which --dump-dom
// prints. Screenshots are kept under $RAPPORT_ARTIFACTS when set.

// browserTimeout bounds one run of Chromium: it starts in about a second.
const browserTimeout = 60 * time.Second

// chromium returns the browser to run: $RAPPORT_CHROMIUM, or the first of
// Debian's and Google's names on the PATH. Without one the test fails:
// the digest's layout is proved in a real browser or not at all, and
// scripts/test.sh installs Debian's chromium.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("RAPPORT_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("no chromium on the PATH: run scripts/test.sh, which installs Debian's chromium, or set RAPPORT_CHROMIUM")
	return ""
}

// browserResult is what the page's script found.
type browserResult struct {
	InnerWidth, ClientWidth, ScrollWidth, ScrollHeight float64
	Dark                                               bool
	MissingSections                                    []string
	MissingIDs                                         []int64
	Overflow                                           []struct {
		Tag, ID, Text string
		Left, Right   float64
	}
	Scripts      int
	HostileShown bool
	// Bars are the filled parts of the funnel's and the rates' bars
	// (data-bar), as drawn; Buttons the command links (data-command).
	Bars []struct {
		Want, Width, Height, Track float64
		Background                 string
	}
	Buttons []struct {
		Command           string
		Width, Height     float64
		Color, Background string
	}
	TitleWidth      float64
	BodyColor       string
	BodyBackground  string
	BodyLuminance   float64
	MinContrast     float64
	MinContrastText string
	LowContrast     []struct {
		Tag, Text, Color, Background string
		Ratio                        float64
	}
	Error string
}

// checkScript runs in the outer page. It receives WANT (the sections and
// #ids to find, the text that must show as text) and writes a
// browserResult into <pre id="result">.
const checkScript = `
(function () {
  const want = WANT;
  const frame = document.getElementById('digest');
  const out = document.getElementById('result');

  function rgba(s) {
    const m = s.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  }
  function over(top, bottom) { // composite top over an opaque bottom
    const a = top.a;
    return {r: top.r * a + bottom.r * (1 - a), g: top.g * a + bottom.g * (1 - a), b: top.b * a + bottom.b * (1 - a), a: 1};
  }
  function luminance(c) {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  }
  function contrast(a, b) {
    const x = luminance(a), y = luminance(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  }
  function css(c) { return 'rgb(' + [c.r, c.g, c.b].map(Math.round).join(',') + ')'; }

  function run() {
    const w = frame.contentWindow, d = frame.contentDocument;
    const r = {
      InnerWidth: w.innerWidth, ClientWidth: d.documentElement.clientWidth,
      ScrollWidth: d.documentElement.scrollWidth, ScrollHeight: d.documentElement.scrollHeight,
      Dark: w.matchMedia('(prefers-color-scheme: dark)').matches,
      MissingSections: [], MissingIDs: [], Overflow: [], LowContrast: [],
      Scripts: d.getElementsByTagName('script').length,
      Bars: [], Buttons: [],
      HostileShown: d.body.textContent.includes(want.hostile),
    };
    // Without a font, text takes no room and nothing can overflow.
    const title = d.createRange();
    title.selectNodeContents(d.querySelector('h1'));
    r.TitleWidth = title.getBoundingClientRect().width;
    for (const s of want.sections) if (!d.getElementById(s)) r.MissingSections.push(s);
    for (const id of want.ids) {
      const el = d.querySelector('[data-contact-id="' + id + '"]');
      if (!el || !el.textContent.includes('#' + id)) r.MissingIDs.push(id);
    }
    for (const el of d.body.querySelectorAll('*')) {
      const b = el.getBoundingClientRect();
      if (b.right > w.innerWidth + 1 || b.left < -1) {
        r.Overflow.push({Tag: el.tagName, ID: el.id, Text: el.textContent.trim().slice(0, 60), Left: b.left, Right: b.right});
      }
    }
    for (const el of d.querySelectorAll('[data-bar]')) {
      const b = el.getBoundingClientRect();
      const track = el.closest('table').getBoundingClientRect();
      r.Bars.push({Want: Number(el.dataset.bar), Width: b.width, Height: b.height, Track: track.width,
        Background: w.getComputedStyle(el).backgroundColor});
    }
    for (const el of d.querySelectorAll('a[data-command]')) {
      const b = el.getBoundingClientRect();
      const st = w.getComputedStyle(el);
      r.Buttons.push({Command: el.dataset.command, Width: b.width, Height: b.height, Color: st.color, Background: st.backgroundColor});
    }
    // Text can overflow a box that fits: measure the text itself too.
    const texts = d.createTreeWalker(d.body, NodeFilter.SHOW_TEXT);
    for (let n = texts.nextNode(); n; n = texts.nextNode()) {
      if (n.textContent.trim() === '') continue;
      const rg = d.createRange();
      rg.selectNodeContents(n);
      const b = rg.getBoundingClientRect();
      if (b.right > w.innerWidth + 1 || b.left < -1) {
        r.Overflow.push({Tag: '#text in ' + n.parentElement.tagName, ID: n.parentElement.id, Text: n.textContent.trim().slice(0, 60), Left: b.left, Right: b.right});
      }
    }

    // The colour behind everything: the canvas of the frame's colour scheme.
    const probe = d.createElement('div');
    probe.style.backgroundColor = 'Canvas';
    d.documentElement.appendChild(probe);
    const canvas = rgba(w.getComputedStyle(probe).backgroundColor);
    probe.remove();
    function background(el) {
      const layers = [];
      for (let e = el; e; e = e.parentElement) {
        const c = rgba(w.getComputedStyle(e).backgroundColor);
        if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
      }
      let bg = canvas;
      for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
      return bg;
    }
    const bodyBg = background(d.body);
    const bodyFg = over(rgba(w.getComputedStyle(d.body).color), bodyBg);
    r.BodyColor = css(bodyFg);
    r.BodyBackground = css(bodyBg);
    r.BodyLuminance = luminance(bodyBg);
    r.MinContrast = 99;
    for (const el of d.body.querySelectorAll('*')) {
      const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim() !== '');
      if (!own) continue;
      const bg = background(el);
      const fg = over(rgba(w.getComputedStyle(el).color), bg);
      const ratio = contrast(fg, bg);
      if (ratio < r.MinContrast) { r.MinContrast = ratio; r.MinContrastText = el.textContent.trim().slice(0, 60); }
      if (ratio < 4.5) {
        r.LowContrast.push({Tag: el.tagName, Text: el.textContent.trim().slice(0, 60), Color: css(fg), Background: css(bg), Ratio: ratio});
      }
    }
    out.textContent = JSON.stringify(r);
  }
  function safely() {
    try { run(); } catch (e) { out.textContent = JSON.stringify({Error: String(e && e.stack || e)}); }
  }
  const loaded = frame.contentDocument && frame.contentDocument.readyState === 'complete' &&
    frame.contentWindow.location.href === 'about:srcdoc';
  if (loaded) safely(); else frame.addEventListener('load', safely);
})();
`

// browserPage wraps the digest's HTML in the page Chromium loads: the
// digest in a frame of width × height CSS pixels, then the check script.
func browserPage(t *testing.T, digest string, width, height int, want any) string {
	t.Helper()
	w, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="color-scheme" content="light dark">
<style>html, body { margin: 0; padding: 0; } iframe { display: block; border: 0; }</style></head>
<body><iframe id="digest" style="width:%dpx;height:%dpx" srcdoc="%s"></iframe>
<pre id="result">no result: the check script did not run</pre>
<script>%s</script></body></html>
`, width, height, html.EscapeString(digest), strings.Replace(checkScript, "WANT", string(w), 1))
}

// runChromium runs headless Chromium on page with extra flags and returns
// what it printed on stdout. It kills the browser's whole process group
// when the time is up.
func runChromium(t *testing.T, bin, page string, width, height int, flags ...string) []byte {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "page.html")
	if err := os.WriteFile(file, []byte(page), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	defer cancel()
	args := []string{
		"--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
		// No network: the machine has none, and the digest needs none.
		"--no-first-run", "--disable-background-networking", "--disable-component-update",
		"--disable-sync", "--disable-default-apps", "--disable-extensions",
		"--user-data-dir=" + filepath.Join(dir, "profile"),
		fmt.Sprintf("--window-size=%d,%d", width, height),
	}
	args = append(append(args, flags...), "file://"+file)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\nstderr:\n%s", bin, strings.Join(args, " "), err, lastLines(stderr.String(), 20))
	}
	return stdout.Bytes()
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

var resultElement = regexp.MustCompile(`(?s)<pre id="result">(.*?)</pre>`)

// artifacts returns the directory for the screenshots: $RAPPORT_ARTIFACTS/
// digest when set, else a temporary one.
func artifacts(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if root := os.Getenv("RAPPORT_ARTIFACTS"); root != "" {
		dir = filepath.Join(root, "digest")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestDigestBrowser renders the fixture in Chromium at a phone's and a
// desktop's size, in light and in dark mode.
func TestDigestBrowser(t *testing.T) {
	bin := chromium(t)
	g := digestFixture()
	_, text, page := mustRenderDigest(t, mustLoad(t, ""), g)
	sections, ids := fixtureSections(g)
	want := map[string]any{"sections": sections, "ids": ids, "hostile": hostileQuote}

	dir := artifacts(t)
	for name, body := range map[string]string{"digest.html": page, "digest.txt": text} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("screenshots and the rendered digest: %s", dir)

	for _, tt := range []struct {
		name          string
		width, height int
		dark          bool
	}{
		{"phone", 375, 812, false},
		{"desktop", 1280, 900, false},
		{"phone-dark", 375, 812, true},
		{"desktop-dark", 1280, 900, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var flags []string
			if tt.dark {
				// Chromium's switch for a dark system theme, which web pages
				// see as prefers-color-scheme: dark.
				flags = append(flags, "--force-dark-mode")
			}
			shot := filepath.Join(dir, "digest-"+tt.name+".png")
			out := runChromium(t, bin, browserPage(t, page, tt.width, tt.height, want), tt.width, tt.height,
				append(flags, "--dump-dom", "--screenshot="+shot)...)
			m := resultElement.FindSubmatch(out)
			if m == nil {
				t.Fatalf("Chromium printed no result element:\n%s", lastLines(string(out), 20))
			}
			var r browserResult
			if err := json.Unmarshal([]byte(html.UnescapeString(string(m[1]))), &r); err != nil {
				t.Fatalf("result %q: %v", m[1], err)
			}
			if r.Error != "" {
				t.Fatalf("the check script failed: %s", r.Error)
			}
			t.Logf("%s: viewport %v px (scroll width %v), page %v px high; text %s on %s, lowest contrast %.1f:1 (%q)",
				tt.name, r.InnerWidth, r.ScrollWidth, r.ScrollHeight, r.BodyColor, r.BodyBackground, r.MinContrast, r.MinContrastText)

			if r.TitleWidth < 100 {
				t.Fatalf("the title is %v px wide: is there a font? (scripts/test.sh installs fonts-dejavu-core)", r.TitleWidth)
			}
			if r.InnerWidth != float64(tt.width) {
				t.Fatalf("viewport = %v px wide, want %d: the frame did not set the width", r.InnerWidth, tt.width)
			}
			if r.Dark != tt.dark {
				t.Fatalf("prefers-color-scheme: dark = %v, want %v", r.Dark, tt.dark)
			}
			if len(r.MissingSections) > 0 {
				t.Errorf("sections missing from the DOM: %v", r.MissingSections)
			}
			if len(r.MissingIDs) > 0 {
				t.Errorf("contacts missing from the DOM (data-contact-id with the visible #id): %v", r.MissingIDs)
			}
			if r.ScrollWidth > r.InnerWidth {
				t.Errorf("document scroll width = %v px, wider than the %v px viewport", r.ScrollWidth, r.InnerWidth)
			}
			for _, o := range r.Overflow {
				t.Errorf("<%s id=%q> reaches %v px past the %v px viewport (left %v): %q", o.Tag, o.ID, o.Right, r.InnerWidth, o.Left, o.Text)
			}
			if r.Scripts != 0 || !r.HostileShown {
				t.Errorf("hostile text: %d script elements, shown as text %v; want none, and the text shown", r.Scripts, r.HostileShown)
			}
			if r.BodyColor == r.BodyBackground {
				t.Errorf("body text colour %s is its background's", r.BodyColor)
			}
			if dark := r.BodyLuminance < 0.2; dark != tt.dark {
				t.Errorf("background %s (luminance %.2f) is dark = %v, want %v", r.BodyBackground, r.BodyLuminance, dark, tt.dark)
			}
			for _, c := range r.LowContrast {
				t.Errorf("<%s> %s on %s has a contrast of %.1f:1, want at least 4.5:1: %q", c.Tag, c.Color, c.Background, c.Ratio, c.Text)
			}
			checkBars(t, r, page)
			checkScreenshot(t, shot, tt.width, tt.height)

			// The whole page, for people to look at: a frame as tall as
			// the digest, in a window as tall.
			full := int(math.Min(math.Ceil(r.ScrollHeight), 16000))
			fullShot := filepath.Join(dir, "digest-"+tt.name+"-full.png")
			runChromium(t, bin, browserPage(t, page, tt.width, full, want), tt.width, full,
				append(flags, "--screenshot="+fullShot)...)
			checkScreenshot(t, fullShot, tt.width, full)
		})
	}
}

// checkScreenshot checks that Chromium wrote a PNG of the window's size.
func checkScreenshot(t *testing.T, path string, width, height int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Errorf("screenshot: %v", err)
		return
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		t.Errorf("screenshot %s: %v", path, err)
		return
	}
	if cfg.Width != width || cfg.Height != height {
		t.Errorf("screenshot %s is %d×%d, want %d×%d", path, cfg.Width, cfg.Height, width, height)
	}
}

// checkBars checks that every bar of the funnel and of the reply rates
// is drawn, to scale, and that every command link is a button one can
// tap: as many as the HTML holds, each at least 28 px high with text
// that stands out from its background.
func checkBars(t *testing.T, r browserResult, page string) {
	t.Helper()
	if want := strings.Count(page, "data-bar="); len(r.Bars) != want || want < 5 {
		t.Errorf("%d bars drawn, want the %d in the HTML (at least 5)", len(r.Bars), want)
	}
	for _, b := range r.Bars {
		if b.Height < 8 || b.Width < 1 || b.Background == "" || strings.HasSuffix(b.Background, ", 0)") || b.Background == "transparent" {
			t.Errorf("a %v%% bar is %v×%v px, background %s: not visible", b.Want, b.Width, b.Height, b.Background)
			continue
		}
		if got := 100 * b.Width / b.Track; b.Want >= 5 && math.Abs(got-b.Want) > 3 {
			t.Errorf("a %v%% bar fills %.0f%% of its track", b.Want, got)
		}
	}
	if want := strings.Count(page, "data-command="); len(r.Buttons) != want || want == 0 {
		t.Errorf("%d command buttons, want the %d in the HTML", len(r.Buttons), want)
	}
	for _, b := range r.Buttons {
		if b.Height < 28 || b.Width < 40 || b.Color == b.Background {
			t.Errorf("button %q is %v×%v px, %s on %s: too small to tap or unreadable", b.Command, b.Width, b.Height, b.Color, b.Background)
		}
	}
}
