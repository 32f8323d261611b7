package digest

import (
	"context"
	"flag"
	"fmt"
	"html"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/config"
	rig "github.com/rapport-mail/rapport/internal/rig/fixture"
	"github.com/rapport-mail/rapport/mail/command"
	"github.com/rapport-mail/rapport/mail/compose"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
	"github.com/rapport-mail/rapport/workflow"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// gmailClip is the size past which Gmail cuts a message and shows "[Message
// clipped]": 102 KB, counted here as 102 × 1024 bytes of the HTML part as
// it travels (quoted-printable), the strictest reading.
const gmailClip = 102 * 1024

// busyStore fills a store with n active contacts at their most verbose:
// long names and companies, every active status, drafts and thank-yous
// waiting, meetings today, requests sent under shared and personal
// subjects, bounces and problems since the last digest.
func busyStore(t *testing.T, n int) *store.Store {
	t.Helper()
	f := newFixture(t)
	ctx := context.Background()
	active := []workflow.Status{workflow.StatusRequested, workflow.StatusNudged, workflow.StatusReplied,
		workflow.StatusDrafted, workflow.StatusScheduled, workflow.StatusMet}
	f.tx(func(tx *store.Tx) error {
		for i := range n {
			s := workflow.State{Status: active[i%len(active)]}
			asked := now.Add(-time.Duration(1+i%40) * 24 * time.Hour)
			switch s.Status {
			case workflow.StatusScheduled:
				m := now.Add(time.Duration(1+i%30) * time.Hour)
				s.Meeting = &workflow.Meeting{Start: m, End: m.Add(30 * time.Minute), Place: "Café Einstein Stammhaus, Kurfürstenstraße 58, Berlin"}
			case workflow.StatusRequested, workflow.StatusNudged:
				s.Timers = map[workflow.TimerKind]time.Time{workflow.TimerNudge: now.Add(time.Duration(1+i%90) * time.Hour)}
			}
			c := &store.Contact{Name: fmt.Sprintf("Maximilian-Alexander Hohenzollern-Sigmaringen %03d", i),
				Email:   fmt.Sprintf("maximilian.alexander.%03d@a-rather-long-company-domain.example", i),
				Company: "Hohenzollern-Sigmaringen Verkehrsplanung und Logistik GmbH", Role: "senior transport planner",
				State: s, CreatedAt: asked, UpdatedAt: asked}
			if err := tx.InsertContact(ctx, c); err != nil {
				return err
			}
			hist := []workflow.EventKind{workflow.EventRequestSent}
			if s.Status != workflow.StatusRequested && s.Status != workflow.StatusNudged && s.Status != workflow.StatusDrafted {
				hist = append(hist, workflow.EventReplyReceived)
			}
			if s.Status == workflow.StatusMet {
				hist = append(hist, workflow.EventMet)
			}
			if i%25 == 0 {
				hist = append(hist, workflow.EventBounceReceived, workflow.EventReferralAdded)
			}
			// Each entry moves the contact as the workflow would, so that
			// the funnel's milestones (which follow statuses) are set.
			moves := map[workflow.EventKind]workflow.Status{workflow.EventRequestSent: workflow.StatusRequested,
				workflow.EventReplyReceived: workflow.StatusReplied, workflow.EventMet: workflow.StatusMet}
			at := workflow.StatusDrafted
			for k, kind := range hist {
				from := at
				if to, ok := moves[kind]; ok {
					at = to
				}
				e := &store.Entry{ContactID: c.ID, At: asked.Add(time.Duration(k) * time.Hour), Kind: string(kind), Source: store.SourceMail,
					From: from, To: at}
				if kind == workflow.EventBounceReceived || kind == workflow.EventReferralAdded {
					e.At = now.Add(-time.Hour)
					e.Detail = fmt.Sprintf("introduced #%d", max(c.ID-1, 1))
				}
				if err := tx.AppendHistory(ctx, e); err != nil {
					return err
				}
			}
			subject := fmt.Sprintf("Twenty minutes on transport planning, %s?", c.Name) // personal
			if i%3 == 0 {
				subject = fmt.Sprintf("A question about your path into transport planning (variant %d)", i%7)
			}
			if s.Status != workflow.StatusDrafted {
				o := &store.Outgoing{ContactID: c.ID, Template: workflow.TemplateRequest, Audience: store.AudienceContact,
					Status: store.OutboxSent, MessageID: fmt.Sprintf("r%d@owner.example", i), To: c.Email, Subject: subject, Body: "Hi"}
				if err := tx.InsertOutgoing(ctx, o, asked); err != nil {
					return err
				}
			}
			draft := ""
			switch s.Status {
			case workflow.StatusDrafted:
				draft = workflow.TemplateRequest
			case workflow.StatusMet:
				draft = workflow.TemplateThankYou
			}
			if draft != "" {
				o := &store.Outgoing{ContactID: c.ID, Template: draft, Audience: store.AudienceContact, Status: store.OutboxDraft,
					MessageID: fmt.Sprintf("d%d@owner.example", i), To: c.Email, Subject: subject, Body: "Hi, thank you."}
				if err := tx.InsertOutgoing(ctx, o, asked); err != nil {
					return err
				}
			}
		}
		for i := range 40 {
			for _, kind := range []string{store.ProblemUnauthenticated, store.ProblemDraft, store.ProblemUnreadable, store.ProblemIgnored} {
				p := &store.Problem{At: now.Add(-time.Duration(i+1) * time.Minute), Kind: kind,
					Detail: fmt.Sprintf("mail %d from someone.with.a.long.address@a-rather-long-company-domain.example (%q) was not acted on: a reason of some length", i, "Re: Re: Fwd: a subject that goes on for a while")}
				if err := tx.AddProblem(ctx, p); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return f.st
}

// render builds the digest of st and renders it as the daemon does, with
// commands going where CommandAddress says for cmd and the owner's
// address.
func render(t *testing.T, st *store.Store, cmd config.Commands, owner string) (info *templates.DigestInfo, text, page string) {
	t.Helper()
	return renderWith(t, st, cmd, owner, Options{Now: now, Zone: berlin, Since: now.Add(-24 * time.Hour)})
}

// renderWith is render with the digest's options.
func renderWith(t *testing.T, st *store.Store, cmd config.Commands, owner string, opts Options) (info *templates.DigestInfo, text, page string) {
	t.Helper()
	info, err := Build(context.Background(), st.Read(), opts)
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Owner.Addresses, cfg.Commands = []string{owner}, cmd
	info.CommandTo, info.CommandTag = cfg.CommandAddress()
	set, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	_, text, page, err = set.RenderDigest(templates.Data{Owner: templates.Owner{Name: "Sam Martin"}, Digest: info})
	if err != nil {
		t.Fatal(err)
	}
	return info, text, page
}

// TestDigestSizeAt500: with 500 active contacts the digest's HTML part, as
// sent, stays under Gmail's clipping size: lists are cut at ten with "…
// and N more" and a link that asks for the whole list.
func TestDigestSizeAt500(t *testing.T) {
	st := busyStore(t, 500)
	cmd := config.Commands{Addresses: []string{"sam+rapport@example.com"}, SubjectTag: "rapport"}
	// The day of the weekly look back is the longest digest: measure it.
	_, text, page := renderWith(t, st, cmd, "sam@example.com",
		Options{Now: now, Zone: berlin, Since: now.Add(-24 * time.Hour), Weekly: Weekly{Always: true}})
	if !strings.Contains(page, `id="digest-week"`) {
		t.Fatalf("the digest measured has no weekly look back")
	}
	raw, err := compose.Bytes(&compose.Message{From: mail.Address{Address: "sam@example.com"}, To: []mail.Address{{Address: "sam@example.com"}},
		Subject: "rapport: today", Body: text, HTML: page, MessageID: "digest@example.com", Date: now})
	if err != nil {
		t.Fatal(err)
	}
	part, _ := rig.Part(t, raw, "text/html")
	t.Logf("500 active contacts: HTML %d bytes rendered, %d as sent; whole message %d bytes", len(page), len(part), len(raw))
	if len(part) >= gmailClip {
		t.Errorf("the HTML part is %d bytes as sent, want under %d (Gmail clips it)", len(part), gmailClip)
	}
	for _, want := range []string{"list waiting", "list replies", "list drafts", "list thank-yous"} {
		if !strings.Contains(page, `data-command="`+want+`"`) {
			t.Errorf("HTML has no link sending %q", want)
		}
		if !strings.Contains(text, "reply "+want+" for the whole list") {
			t.Errorf("text has no line offering %q", want)
		}
	}
	if n := strings.Count(page, "<li data-contact-id="); n > 120 {
		t.Errorf("HTML lists %d contact items; the groups are not capped", n)
	}
}

// link is one mailto link of the HTML part: where it points, the
// command it says it sends (data-command, and its visible text), and the
// contact of the item it stands in (0 for a list's link).
type link struct {
	href, shows, text string
	contact           int64
}

var (
	itemStart = regexp.MustCompile(`<li data-contact-id="(\d+)"`)
	anchor    = regexp.MustCompile(`<a href="([^"]*)" data-command="([^"]*)"[^>]*>([^<]*)</a>`)
)

// links returns the mailto links of page, each with the item it is in.
func links(page string) []link {
	var out []link
	for _, m := range anchor.FindAllStringSubmatchIndex(page, -1) {
		l := link{href: html.UnescapeString(page[m[2]:m[3]]), shows: html.UnescapeString(page[m[4]:m[5]]), text: html.UnescapeString(page[m[6]:m[7]])}
		li := strings.LastIndex(page[:m[0]], "<li")
		if ms := itemStart.FindStringSubmatch(page[li:]); li >= 0 && ms != nil && strings.HasPrefix(page[li:], ms[0]) {
			l.contact, _ = strconv.ParseInt(ms[1], 10, 64)
		}
		out = append(out, l)
	}
	return out
}

// parseMailto reads a mailto URI as RFC 6068 defines it: net/url for the
// parts, then each header value percent-decoded (a '+' stays a plus: it
// is no space in a mailto URI).
func parseMailto(t *testing.T, href string) (to, subject, body string) {
	t.Helper()
	u, err := url.Parse(href)
	if err != nil {
		t.Fatalf("%q: %v", href, err)
	}
	if u.Scheme != "mailto" || u.Opaque == "" || u.Fragment != "" || u.RawFragment != "" {
		t.Fatalf("%q: scheme %q, to %q, fragment %q; want a mailto URI with an address and no fragment", href, u.Scheme, u.Opaque, u.Fragment)
	}
	if to, err = url.PathUnescape(u.Opaque); err != nil {
		t.Fatal(err)
	}
	for _, kv := range strings.Split(u.RawQuery, "&") {
		k, v, _ := strings.Cut(kv, "=")
		if strings.ContainsAny(v, "+ ") {
			t.Errorf("%q: %s holds a '+' or a space; RFC 6068 wants %%20", href, k)
		}
		dv, err := url.PathUnescape(v)
		if err != nil {
			t.Fatalf("%q: %s: %v", href, k, err)
		}
		switch strings.ToLower(k) {
		case "subject":
			subject = dv
		case "body":
			body = dv
		default:
			t.Errorf("%q: unexpected field %q", href, k)
		}
	}
	return to, subject, body
}

// TestDigestLinksDoWhatTheyShow parses every mailto link of a built
// digest and reads the mail it opens as rapport reads the owner's mail:
// it goes to rapport (config.Commands.ForRapport), and its subject and
// body together hold exactly the one command the button shows, about the
// item's contact, once. With commands.addresses, links go to its first
// address; without, to the owner's address with the subject tag.
func TestDigestLinksDoWhatTheyShow(t *testing.T) {
	st := busyStore(t, 60)
	targetStore(&fixture{t: t, st: st}) // and "Next to ask" buttons
	for _, tt := range []struct {
		name   string
		cmd    config.Commands
		wantTo string
	}{
		{"command address", config.Commands{Addresses: []string{"sam+rapport@example.com", "other@example.com"}, SubjectTag: "rapport"}, "sam+rapport@example.com"},
		{"subject tag", config.Commands{SubjectTag: "rapport"}, "sam@example.com"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			info, _, page := renderWith(t, st, tt.cmd, "sam@example.com",
				Options{Now: now, Zone: berlin, Since: now.Add(-24 * time.Hour), Targets: tapTargets})
			ls := links(page)
			if want := strings.Count(page, `href="mailto:`); len(ls) != want || want < 10 {
				t.Fatalf("read %d links of %d mailto links; want every one, and at least 10", len(ls), want)
			}
			verbs := map[command.Verb]int{}
			for _, l := range ls {
				to, subject, body := parseMailto(t, l.href)
				if to != tt.wantTo {
					t.Errorf("%q goes to %q, want %q", l.href, to, tt.wantTo)
				}
				if l.text != l.shows {
					t.Errorf("link shows %q but is marked %q", l.text, l.shows)
				}
				if !tt.cmd.ForRapport([]string{to}, subject) {
					t.Errorf("%q: rapport would not read the mail to %s %q as commands", l.href, to, subject)
				}
				cmds, errs := command.Parse(tt.cmd.StripTag(subject), body, command.Options{Zone: berlin, Now: now})
				if len(errs) > 0 || len(cmds) != 1 {
					t.Errorf("%q: %d commands, errors %v; want the one command once", l.href, len(cmds), errs)
					continue
				}
				c := cmds[0]
				if !strings.EqualFold(c.Raw, l.shows) {
					t.Errorf("%q runs %q, the button shows %q", l.href, c.Raw, l.shows)
				}
				if c.Who.ID != l.contact {
					t.Errorf("%q acts on #%d, in the item of #%d", l.href, c.Who.ID, l.contact)
				}
				verbs[c.Verb]++
			}
			for _, v := range []command.Verb{command.VerbSend, command.VerbSkip, command.VerbMet, command.VerbSnooze, command.VerbDeclined, command.VerbList, command.VerbStatus} {
				if verbs[v] == 0 {
					t.Errorf("no link runs %s: %v", v, verbs)
				}
			}
			if info.CommandTo != tt.wantTo {
				t.Errorf("CommandTo = %q", info.CommandTo)
			}
		})
	}
}

// TestDigestTextGolden compares the text part of the digest of a busy
// pipeline with testdata/busy.golden.txt; -update rewrites it.
func TestDigestTextGolden(t *testing.T) {
	st := busyStore(t, 60)
	_, text, _ := render(t, st, config.Commands{Addresses: []string{"sam+rapport@example.com"}}, "sam@example.com")
	path := filepath.Join("testdata", "busy.golden.txt")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestDigestTextGolden -update)", err)
	}
	if text != string(want) {
		t.Errorf("text part differs from %s (rerun with -update if the change is meant):\n%s", path, text)
	}
	for i, l := range strings.Split(text, "\n") {
		if n := len([]rune(l)); n > 72 && len(strings.Fields(l)) > 1 {
			t.Errorf("line %d is %d characters: %q", i+1, n, l)
		}
	}
}
