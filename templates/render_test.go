package templates

import (
	"fmt"
	"net/mail"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// The conversions below compile only while the types this file's older
// tests write from the package documentation (owner, contact, …) have
// exactly the fields of the engine's: the documentation and Data cannot
// drift apart.

func (o owner) real() Owner       { return Owner(o) }
func (c contact) real() Person    { return Person(c) }
func (m meeting) real() Meeting   { return Meeting(m) }
func (m message) real() Thread    { return Thread(m) }
func (d draft) real() DraftInfo   { return DraftInfo(d) }
func (b bounce) real() BounceInfo { return BounceInfo(b) }
func (r receipt) real() ReceiptInfo {
	ri := ReceiptInfo{Subject: r.Subject, Help: r.Help}
	for _, l := range r.Results {
		ri.Results = append(ri.Results, ReceiptLine(l))
	}
	return ri
}
func (i digestItem) real() DigestItem {
	return DigestItem{ID: i.ID, Name: i.Name, Text: i.Text, Quote: i.Quote, Do: i.Do, Actions: list(i.Actions, digestAction.real)}
}
func (a digestAction) real() DigestAction { return DigestAction(a) }
func (b digestBar) real() DigestBar {
	return DigestBar{Label: b.Label, Recent: DigestMeasure(b.Recent), All: DigestMeasure(b.All)}
}
func (r digestRate) real() DigestRate {
	return DigestRate{Label: r.Label, Sent: r.Sent, Replied: r.Replied, Rate: r.Rate, Bar: DigestMeasure(r.Bar)}
}
func (c digestCount) real() DigestCount { return DigestCount(c) }
func (g digestGroup) real() DigestGroup {
	return DigestGroup{Key: g.Key, Title: g.Title, Items: list(g.Items, digestItem.real), More: g.More, All: g.All, AllMailto: g.AllMailto}
}
func (g digestInfo) real() DigestInfo {
	p := g.Pipeline
	return DigestInfo{
		Date: g.Date, Since: g.Since, Today: list(g.Today, digestGroup.real), Waiting: g.Waiting.real(),
		NextToAsk: g.NextToAsk.real(),
		Pipeline: DigestPipeline{
			Stages: list(p.Stages, digestCount.real), Statuses: list(p.Statuses, digestCount.real),
			Last30: DigestFunnel(p.Last30), AllTime: DigestFunnel(p.AllTime), Referrals: p.Referrals.real(),
			Bars: list(p.Bars, digestBar.real), Templates: list(p.Templates, digestRate.real),
		},
		Problems: list(g.Problems, digestGroup.real), Nothing: g.Nothing, CommandTo: g.CommandTo, CommandTag: g.CommandTag, Week: g.Week,
	}
}

// list converts each element of in, keeping nil as nil.
func list[T, U any](in []T, f func(T) U) []U {
	if in == nil {
		return nil
	}
	out := make([]U, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

func ptr[T, U any](p *T, f func(T) U) *U {
	if p == nil {
		return nil
	}
	u := f(*p)
	return &u
}

// real converts the documentation's data to the engine's Data.
func (d data) real() Data {
	return Data{
		Owner:        d.Owner.real(),
		Contact:      d.Contact.real(),
		IntroducedBy: ptr(d.IntroducedBy, contact.real),
		Meeting:      ptr(d.Meeting, meeting.real),
		Thread:       ptr(d.Thread, message.real),
		Messages:     messages(d.Messages),
		Nudge:        d.Nudge,
		Suggested:    list(d.Suggested, contact.real),
		Learned:      d.Learned,
		Met:          ptr(d.Met, contact.real),
		Held:         list(d.Held, contact.real),
		ThankYouBy:   d.ThankYouBy,
		Questions:    list(d.Questions, func(q question) Question { return Question(q) }),
		Draft:        ptr(d.Draft, draft.real),
		Bounce:       ptr(d.Bounce, bounce.real),
		Receipt:      ptr(d.Receipt, receipt.real),
		Digest:       ptr(d.Digest, digestInfo.real),
	}
}

func messages(list []message) []Thread {
	var out []Thread
	for _, m := range list {
		out = append(out, m.real())
	}
	return out
}

// TestDataFields checks Data has the documented fields in order, and
// nothing else.
func TestDataFields(t *testing.T) {
	dt, rt := reflect.TypeFor[data](), reflect.TypeFor[Data]()
	if dt.NumField() != rt.NumField() {
		t.Fatalf("Data has %d fields, the documentation %d", rt.NumField(), dt.NumField())
	}
	for i := range dt.NumField() {
		if got, want := rt.Field(i).Name, dt.Field(i).Name; got != want {
			t.Errorf("Data field %d = %s, want %s", i, got, want)
		}
	}
}

// TestSample checks that the built-in samples are the data the older
// tests check every default with.
func TestSample(t *testing.T) {
	if got, want := Sample(), full().real(); !reflect.DeepEqual(got, want) {
		t.Errorf("Sample() = %+v, want %+v", got, want)
	}
	for _, name := range Names() {
		want := minimal().real()
		if name != "notice_approve" {
			want.Draft = nil
		}
		if name != "notice_bounce" {
			want.Bounce = nil
		}
		if name != "receipt" {
			want.Receipt = nil
		}
		if name != "digest" && name != "digest.html" {
			want.Digest = nil
		}
		if got := sparse(name); !reflect.DeepEqual(got, want) {
			t.Errorf("sparse(%q) = %+v, want %+v", name, got, want)
		}
	}
}

func mustLoad(t *testing.T, dir string) *Set {
	t.Helper()
	s, err := Load(dir)
	if err != nil {
		t.Fatalf("Load(%q) error:\n%v", dir, err)
	}
	return s
}

// TestRenderMatchesDocumentation checks that the engine renders every
// default exactly as the documentation's helpers do, for full and minimal
// data, so that the older tests' checks of the wording hold for it too.
func TestRenderMatchesDocumentation(t *testing.T) {
	s := mustLoad(t, "")
	for _, name := range textNames() {
		for _, tt := range []struct {
			name string
			data data
		}{{"full", full()}, {"minimal", minimal()}} {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				h, body := mustRender(t, name, tt.data)
				m, err := s.Render(name, tt.data.real())
				if err != nil {
					t.Fatalf("Render() error: %v", err)
				}
				if m.Subject != h["Subject"] {
					t.Errorf("Subject = %q, want %q", m.Subject, h["Subject"])
				}
				if got := addrs(m.Bcc); got != h["Bcc"] {
					t.Errorf("Bcc = %q, want %q", got, h["Bcc"])
				}
				if m.Body != body {
					t.Errorf("Body =\n%s\nwant\n%s", m.Body, body)
				}
			})
		}
	}
}

// addrs formats a list as the templates write it: bare addresses, or
// Name <address>.
func addrs(list []*mail.Address) string {
	var parts []string
	for _, a := range list {
		if a.Name == "" {
			parts = append(parts, a.Address)
		} else {
			parts = append(parts, a.Name+" <"+a.Address+">")
		}
	}
	return strings.Join(parts, ", ")
}

func nonASCII() Data {
	d := Sample()
	d.Owner.Name, d.Owner.FirstName = "Zoë Ångström", "Zoë"
	d.Owner.Signature = "Zoë Ångström\nGöteborg"
	d.Contact.Name, d.Contact.FirstName = "王小明", ""
	d.Contact.Email = "wang@example.cn"
	d.Contact.Company, d.Contact.Field = "北京大学", "城市规划"
	d.IntroducedBy.Name, d.IntroducedBy.FirstName = "فاطمة الزهراء", "فاطمة"
	d.IntroducedBy.Email = "fatima@example.org"
	d.Thread.From = "王小明 <wang@example.cn>"
	d.Thread.Subject = "Re: 你好"
	d.Thread.Body = "سلام،\nمرحبا بك\n"
	d.Meeting.Place = "مقهى النخيل"
	return d
}

var long = strings.Repeat("x", 10<<10)

func hostile() Data {
	d := Sample()
	d.Owner.Name = "Sam\r\nMartin"
	d.Owner.Signature = "Sam\r\n\x00\x1b[31m red \xff"
	d.Owner.Background = long
	d.Contact.Name = "Claire\r\nBcc: evil@example.com\r\n\r\nMoreau"
	d.Contact.FirstName = "Claire\n"
	d.Contact.Company = "Grand\rLyon\n"
	d.Contact.Role = "\u2028planner\u2029"
	d.Contact.Field = long
	d.Contact.Source = "\xff\xfe{{.Owner.Name}}"
	d.Contact.Notes = "{{.Owner}} {{template \"x\"}} [[x]] }}{{"
	d.IntroducedBy.Name = "Marc\r\nDubois"
	d.Meeting.Place = "Café\r\nde la Poste"
	d.Thread.Subject = "Hi\r\nBcc: x@example.com"
	d.Thread.From = "Claire <c@example.org>\r\nX-Evil: 1"
	d.Thread.Body = strings.Repeat("line\r\n", 2000) + "\xc3\x28"
	d.Draft.Subject = "Thanks\nCc: y@example.com"
	d.Draft.Body = "{{.Contact.Name}}\r\n"
	d.Bounce.Status = "5.1.1\r\nuser unknown"
	d.Bounce.Diagnostic = "550 unknown\r\nBcc: evil@example.com\r\n\r\n{{.Owner.Name}}\x00\x1b[31m"
	d.Receipt.Subject = "Hi\r\nBcc: x@example.com"
	d.Receipt.Results[0].Command = "met #42\r\n✓ > drop #7"
	d.Receipt.Results[0].Text = "Claire\nMoreau\x00: {{.Owner.Name}}"
	d.Receipt.Results[1].Hint = "drop\r#7"
	d.Receipt.Results[1].Details = []string{"#7 Marc\r\n\r\nDubois", "\xff"}
	d.Receipt.Help = "help\r\n\x1b[31m red\r\n"
	return d
}

// TestRenderAnyData renders every default for rich, sparse, non-ASCII
// and hostile data, and checks the message keeps its form.
func TestRenderAnyData(t *testing.T) {
	s := mustLoad(t, "")
	datasets := []struct {
		name string
		data func(name string) Data
	}{
		{"rich", func(string) Data { return Sample() }},
		{"sparse", sparse},
		{"non-ASCII", func(string) Data { return nonASCII() }},
		{"hostile", func(string) Data { return hostile() }},
		{"hostile sparse", func(name string) Data {
			d := sparse(name)
			h := hostile()
			d.Owner.Name, d.Contact.Name, d.Contact.Email = h.Owner.Name, h.Contact.Name, "c@example.org"
			return d
		}},
	}
	for _, name := range Names() {
		for _, ds := range datasets {
			t.Run(name+"/"+ds.name, func(t *testing.T) {
				m, err := s.Render(name, ds.data(name))
				if err != nil {
					t.Fatalf("Render() error: %v", err)
				}
				if problems := wellFormed(m); len(problems) > 0 {
					t.Errorf("Render() = malformed message:\n  %s\nSubject: %q\n%s", strings.Join(problems, "\n  "), m.Subject, m.Body)
				}
			})
		}
	}
}

// wellFormed lists how m breaks the promises of Message.
func wellFormed(m *Message) []string {
	var problems []string
	values := map[string]string{"Subject": m.Subject}
	for h, list := range map[string][]*mail.Address{"Cc": m.Cc, "Bcc": m.Bcc, "Reply-To": m.ReplyTo} {
		for i, a := range list {
			values[fmt.Sprintf("%s[%d].Name", h, i)] = a.Name
			values[fmt.Sprintf("%s[%d].Address", h, i)] = a.Address
		}
	}
	for h, v := range values {
		if strings.ContainsAny(v, "\r\n") || !utf8.ValidString(v) {
			problems = append(problems, fmt.Sprintf("%s = %q holds a line break or invalid UTF-8", h, v))
		}
	}
	if m.Subject == "" {
		problems = append(problems, "empty Subject")
	}
	b := m.Body
	switch {
	case !utf8.ValidString(b):
		problems = append(problems, "body is not valid UTF-8")
	case strings.ContainsFunc(b, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' || r == 0x7f }):
		problems = append(problems, "body holds a control character")
	case !strings.HasSuffix(b, "\n") || strings.HasSuffix(b, "\n\n") || strings.HasPrefix(b, "\n"):
		problems = append(problems, "body must start with text and end with exactly one newline")
	case strings.Contains(b, "\n\n\n"):
		problems = append(problems, "body holds two empty lines in a row")
	case strings.Contains(b, "<no value>") || strings.Contains(b, "<nil>"):
		problems = append(problems, "body holds <no value> or <nil>")
	}
	for i, l := range strings.Split(b, "\n") {
		if strings.TrimRight(l, " \t") != l {
			problems = append(problems, fmt.Sprintf("body line %d ends in white space", i+1))
		}
	}
	return problems
}

// TestRenderHostile checks what hostile data turns into: text, never
// headers or template actions.
func TestRenderHostile(t *testing.T) {
	s := mustLoad(t, "")
	d := hostile()

	m, err := s.Render("notice_reply", d)
	if err != nil {
		t.Fatal(err)
	}
	if want := "rapport: Claire Bcc: evil@example.com Moreau replied (#42)"; m.Subject != want {
		t.Errorf("notice_reply Subject = %q, want %q", m.Subject, want)
	}
	if m.Bcc != nil || m.Cc != nil {
		t.Errorf("notice_reply Cc = %v, Bcc = %v; want none from a contact's name", m.Cc, m.Bcc)
	}

	m, err = s.Render("prep_brief", d)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.Body, `{{.Owner}} {{template "x"}} [[x]] }}{{`) {
		t.Errorf("prep_brief body does not show the notes as written:\n%s", m.Body)
	}
	if !strings.Contains(m.Body, "Where: Café de la Poste\n") || !strings.Contains(m.Body, "\uFFFD{{.Owner.Name}}") {
		t.Errorf("prep_brief body does not show the cleaned place and source:\n%s", m.Body)
	}

	m, err = s.Render("nudge", d)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Re: Hi Bcc: x@example.com"; m.Subject != want {
		t.Errorf("nudge Subject = %q, want %q", m.Subject, want)
	}
	if !strings.HasSuffix(m.Body, "> line\n> \uFFFD(\n") {
		t.Errorf("nudge body does not end with the cleaned quote:\n…%s", m.Body[max(0, len(m.Body)-80):])
	}

	// An introducer's address that is not one is refused, not sent.
	d = Sample()
	d.IntroducedBy.Email = "marc@example.net\r\nCc: evil@example.com"
	if _, err := s.Render("intro_reply", d); err == nil || !strings.Contains(err.Error(), "intro_reply.txt (built-in):2: Bcc") {
		t.Errorf("Render(intro_reply) with a broken Bcc error = %v, want the Bcc line named", err)
	}
}

// TestRenderReceipt checks the engine's receipt for the sample, and that
// hostile text in a receipt stays on its own line of the body.
func TestRenderReceipt(t *testing.T) {
	s := mustLoad(t, "")
	m, err := s.Render("receipt", Sample())
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "Re: Updates" || m.Cc != nil || m.Bcc != nil || m.ReplyTo != nil {
		t.Errorf("receipt Subject = %q, Cc %v, Bcc %v, Reply-To %v; want Re: Updates and no other header", m.Subject, m.Cc, m.Bcc, m.ReplyTo)
	}
	lines := strings.Split(strings.TrimSuffix(m.Body, "\n"), "\n")
	var marks []string
	for _, l := range lines {
		if strings.HasPrefix(l, "✓ ") || strings.HasPrefix(l, "✗ ") {
			marks = append(marks, l)
		}
	}
	wantMarks := []string{"✓ > met #42", "✗ > drop Marc", "✓ #43 Lena Vogel <lena@example.org>: added, introduced by #42", "✓ > status #42", "✗ > mett #42"}
	if !slices.Equal(marks, wantMarks) {
		t.Errorf("receipt ✓/✗ lines = %q, want %q", marks, wantMarks)
	}
	for _, want := range []string{
		"✗ > drop Marc\n  \"Marc\" names 2 contacts, so nothing changed\n  → drop #7\n    #7 Marc Dubois <marc@example.net>, asked\n    #51 Marc Lefèvre",
		"\n\nWrite one command per line, at the start of your mail.\n\n  met Jane Doe\n",
	} {
		if !strings.Contains(m.Body, want) {
			t.Errorf("receipt body lacks %q:\n%s", want, m.Body)
		}
	}
	if last := lines[len(lines)-1]; last != "Reply with more commands, one per line; write help for the list." {
		t.Errorf("receipt body ends with %q, want the footer", last)
	}

	d := Sample()
	d.Receipt.Help = ""
	m, err = s.Render("receipt", d)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(m.Body, "Write one command") {
		t.Errorf("receipt without help shows it:\n%s", m.Body)
	}

	m, err = s.Render("receipt", hostile())
	if err != nil {
		t.Fatal(err)
	}
	if want := "Re: Hi Bcc: x@example.com"; m.Subject != want || m.Bcc != nil {
		t.Errorf("hostile receipt Subject = %q, Bcc %v; want %q and no Bcc", m.Subject, m.Bcc, want)
	}
	for _, want := range []string{
		"✓ > met #42 ✓ > drop #7\n  Claire Moreau : {{.Owner.Name}}\n",
		"  → drop #7\n    #7 Marc Dubois\n    \uFFFD\n",
		"help\n[31m red\n",
	} {
		if !strings.Contains(m.Body, want) {
			t.Errorf("hostile receipt body lacks %q:\n%s", want, m.Body)
		}
	}
}

func TestRenderErrors(t *testing.T) {
	s := mustLoad(t, "")
	noDraft := Sample()
	noDraft.Draft = nil
	noBounce := Sample()
	noBounce.Bounce = nil
	noReceipt := Sample()
	noReceipt.Receipt = nil
	noDigest := Sample()
	noDigest.Digest = nil
	tests := []struct {
		name, template string
		set            *Set
		data           Data
		want           string
	}{
		{"unknown template", "requets", s, Sample(), `render "requets": no such template (there are debrief, `},
		{"no draft", "notice_approve", s, noDraft, "Data.Draft is nil"},
		{"no bounce", "notice_bounce", s, noBounce, "Data.Bounce is nil"},
		{"no receipt", "receipt", s, noReceipt, "render receipt: no owner's mail to answer (Data.Receipt is nil)"},
		{"no digest", "digest", s, noDigest, "render digest: no digest to write (Data.Digest is nil)"},
		{"no digest for the HTML part", "digest.html", s, noDigest, "render digest.html: no digest to write (Data.Digest is nil)"},
		{"nil set", "request", nil, Sample(), "no templates loaded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := tt.set.Render(tt.template, tt.data)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Render() = %v, %v; want error holding %q", m, err, tt.want)
			}
		})
	}
}

// TestRenderExecError checks that a failure when sending names the file
// and line, as Load does.
func TestRenderExecError(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "request.txt", "Subject: Hello\n\nHi,\n\nWe meet on {{with .Meeting}}{{date \"Monday\" .End}}{{end}}.\n")
	s := mustLoad(t, dir)
	d := Sample()
	d.Meeting.End = time.Time{}
	_, err := s.Render("request", d)
	want := dir + "/request.txt:5: "
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "the time is not set") {
		t.Fatalf("Render() error = %v, want one holding %q and the cause", err, want)
	}
}

func TestHelpers(t *testing.T) {
	at := time.Date(2026, 3, 3, 15, 4, 0, 0, time.UTC)
	tests := []struct {
		name string
		fn   func() (any, error)
		want any
	}{
		{"default empty", func() (any, error) { return defaultFunc("there", ""), nil }, "there"},
		{"default set", func() (any, error) { return defaultFunc("there", "Claire"), nil }, "Claire"},
		{"default zero int", func() (any, error) { return defaultFunc(1, 0), nil }, 1},
		{"default nil", func() (any, error) { return defaultFunc("x", nil), nil }, "x"},
		{"default nil slice", func() (any, error) { return defaultFunc("x", []string(nil)), nil }, "x"},
		{"date", func() (any, error) { return dateFunc("Mon 2 Jan 15:04", at) }, "Tue 3 Mar 15:04"},
		{"join strings", func() (any, error) { return joinFunc(", ", []string{"a", "b"}) }, "a, b"},
		{"join ints", func() (any, error) { return joinFunc("+", []int{1, 2}) }, "1+2"},
		{"join nil", func() (any, error) { return joinFunc("+", nil) }, ""},
		{"quote", func() (any, error) { return quoteFunc("Hi,\r\n\r\nYes.  \n\n"), nil }, "> Hi,\n>\n> Yes."},
		{"quote empty", func() (any, error) { return quoteFunc("\n"), nil }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.fn()
			if err != nil || got != tt.want {
				t.Errorf("= %#v, %v; want %#v", got, err, tt.want)
			}
		})
	}
	if _, err := dateFunc("15:04", time.Time{}); err == nil {
		t.Errorf("dateFunc(zero time) error = nil, want one")
	}
	if _, err := joinFunc(",", 3); err == nil {
		t.Errorf("joinFunc(3) error = nil, want one")
	}
}

func TestCleaning(t *testing.T) {
	tests := []struct {
		name, in, oneLine, body string
	}{
		{"plain", "Claire Moreau", "Claire Moreau", "Claire Moreau\n"},
		{"CRLF", "a\r\nb\rc\n", "a b c", "a\nb\nc\n"},
		{"controls", "a\x00b\x1b[0m\tc", "a b [0m c", "ab[0m\tc\n"},
		{"separators", "a\u2028b\u2029c", "a b c", "a\u2028b\u2029c\n"},
		{"invalid UTF-8", "a\xffb", "a\uFFFDb", "a\uFFFDb\n"},
		{"spaces", "  a   b  ", "a b", "  a   b\n"},
		{"blank lines", "\n\n a\n\n\n\nb \n\n", "a b", " a\n\nb\n"},
		{"empty", " \n ", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := oneLine(tt.in); got != tt.oneLine {
				t.Errorf("oneLine(%q) = %q, want %q", tt.in, got, tt.oneLine)
			}
			if got := cleanBody(tt.in); got != tt.body {
				t.Errorf("cleanBody(%q) = %q, want %q", tt.in, got, tt.body)
			}
		})
	}
}

func TestFirstName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Claire Moreau", "Claire"},
		{"  Jean-Luc  Picard ", "Jean-Luc"},
		{"Moreau, Claire", "Claire"},
		{"Claire Moreau, PhD", "Claire"},
		{"Zoë Ångström", "Zoë"},
		{"Claire", ""},
		{"王小明", ""},
		{"Dr. Claire Moreau", ""},
		{"J. Doe", ""},
		{"", ""},
		{"Moreau,", ""},
		{"42 Moreau", ""},
	}
	for _, tt := range tests {
		if got := FirstName(tt.in); got != tt.want {
			t.Errorf("FirstName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestToContact(t *testing.T) {
	for _, name := range Names() {
		want := !strings.HasPrefix(name, "notice_") && name != "prep_brief" && name != "debrief" && name != "receipt" &&
			name != "digest" && name != "digest.html"
		if got := ToContact(name); got != want {
			t.Errorf("ToContact(%q) = %v, want %v", name, got, want)
		}
	}
}
