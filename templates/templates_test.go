package templates

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"text/template"
	"time"
	"unicode/utf8"

	"github.com/rapport-mail/rapport/mail/classify"
)

// funcs stands in for the engine's helpers, strictly enough that a template
// misusing one fails here: wrong argument types fail to execute, and date
// refuses the zero time that an unset field would give.
var funcs = template.FuncMap{
	"default": func(def, v string) string {
		if v == "" {
			return def
		}
		return v
	},
	"date": func(layout string, t time.Time) (string, error) {
		if t.IsZero() {
			return "", fmt.Errorf("date %q: zero time", layout)
		}
		return t.Format(layout), nil
	},
	"join": func(sep string, list []string) string { return strings.Join(list, sep) },
	"quote": func(s string) string {
		lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
		for i, l := range lines {
			if l == "" {
				lines[i] = ">"
			} else {
				lines[i] = "> " + l
			}
		}
		return strings.Join(lines, "\n")
	},
	// The digest's helpers stand for themselves: TestDigestHelpers checks
	// them against the documentation.
	"wrap":    wrapFunc,
	"add":     addFunc,
	"percent": percentFunc,
	"days":    daysFunc,
	// bookingLinks stands for itself: classify tests it.
	"bookingLinks": classify.SchedulingLinks,
	// readReply stands for itself: classify tests the reading.
	"readReply": readReplyFunc,
	// names as documented: "A", "A and B", "A, B and C".
	"names": func(list any) string {
		var names []string
		switch l := list.(type) {
		case []contact:
			for _, c := range l {
				names = append(names, c.Name)
			}
		case []any:
			for _, c := range l {
				names = append(names, c.(map[string]any)["Name"].(string))
			}
		}
		if n := len(names); n > 1 {
			return strings.Join(names[:n-1], ", ") + " and " + names[n-1]
		}
		return strings.Join(names, "")
	},
}

// The data as documented in the package comment.
type (
	owner struct{ Name, FirstName, Background, Signature string }
	// contact is also the type of IntroducedBy.
	contact struct {
		ID                                                          int64
		Name, FirstName, Email, Company, Role, Field, Source, Notes string
	}
	meeting struct {
		Start, End, ContactStart time.Time
		Place, When              string
	}
	message struct {
		Subject, From string
		Date          time.Time
		Body          string
		Sender        string
		Cc            []string
	}
	draft  struct{ Subject, Body string }
	bounce struct {
		Recipient, Status, Meaning, Diagnostic string
		Soft                                   int
	}
	receipt struct {
		Subject string
		Results []receiptLine
		Help    string
	}
	receiptLine struct {
		Command string
		OK      bool
		Text    string
		Hint    string
		Details []string
	}
	question struct {
		N    int
		Text string
	}
	data struct {
		Owner        owner
		Contact      contact
		IntroducedBy *contact
		Meeting      *meeting
		Thread       *message
		Messages     []message
		Nudge        int
		Suggested    []contact
		Learned      string
		ThankYouBy   time.Time
		Met          *contact
		Held         []contact
		Questions    []question
		Draft        *draft
		Bounce       *bounce
		Receipt      *receipt
		Digest       *digestInfo
	}
)

var (
	ownerZone   = time.FixedZone("CET", 1*60*60)
	contactZone = time.FixedZone("EST", -5*60*60)
	meetStart   = time.Date(2026, 3, 3, 15, 0, 0, 0, ownerZone)
)

// full returns data with every documented variable filled.
func full() data {
	return data{
		Owner: owner{
			Name:       "Sam Martin",
			FirstName:  "Sam",
			Background: "I'm a civil engineer in Lyon, and after eight years on building sites I'm thinking about a move into urban planning.",
			Signature:  "Sam Martin\n+33 6 12 34 56 78",
		},
		Contact: contact{
			ID:        42,
			Name:      "Claire Moreau",
			FirstName: "Claire",
			Email:     "claire.moreau@example.org",
			Company:   "Grand Lyon",
			Role:      "transport planner",
			Field:     "urban planning",
			Source:    "your talk at the Lyon mobility forum",
			Notes:     "Led the consultation for tram line 7.",
		},
		IntroducedBy: &contact{
			ID: 7, Name: "Marc Dubois", FirstName: "Marc", Email: "marc@example.net",
			Company: "Egis", Role: "engineer", Field: "transport", Source: "a former colleague",
		},
		Meeting: &meeting{
			Start:        meetStart,
			End:          meetStart.Add(30 * time.Minute),
			ContactStart: meetStart.In(contactZone),
			Place:        "Café de la Poste, 12 rue Victor Hugo",
			When:         "Tue 3 Mar 2026 15:00–15:30 CET (09:00–09:30 EST for Claire)",
		},
		Thread: &message{
			Subject: "Your path into urban planning",
			From:    "Claire Moreau <claire.moreau@example.org>",
			Date:    time.Date(2026, 2, 20, 9, 12, 0, 0, ownerZone),
			Body:    "Hi Sam,\n\nHappy to talk. Would Tuesday at 3 work?\n\nClaire\n",
		},
		Messages: []message{
			{Subject: "Your path into urban planning", From: "Sam Martin <sam@example.com>",
				Date: time.Date(2026, 2, 17, 18, 40, 0, 0, ownerZone), Body: "Hi Claire,\n\nMarc Dubois suggested I write to you.\n\nSam\n"},
			{Subject: "Your path into urban planning", From: "Claire Moreau <claire.moreau@example.org>",
				Date: time.Date(2026, 2, 20, 9, 12, 0, 0, ownerZone), Body: "Hi Sam,\n\nHappy to talk. Would Tuesday at 3 work?\n\nClaire\n"},
		},
		Nudge: 1,
		Suggested: []contact{{ID: 43, Name: "Lena Vogel", FirstName: "Lena", Email: "lena@example.org", Company: "Grand Lyon",
			Role: "urban planner", Field: "urban planning", Source: "a suggestion from Claire Moreau"}},
		Learned:    "the consultation for tram line 7 was mostly about listening, not presenting.",
		ThankYouBy: time.Date(2026, 3, 4, 0, 0, 0, 0, ownerZone),
		Met: &contact{ID: 43, Name: "Lena Vogel", FirstName: "Lena", Email: "lena@example.org", Company: "Grand Lyon",
			Role: "urban planner", Field: "urban planning", Source: "a suggestion from Claire Moreau"},
		Held: []contact{{ID: 44, Name: "Paul Girard", FirstName: "Paul", Email: "paul.girard@example.org", Company: "Grand Lyon"}},
		Questions: []question{{N: 1, Text: "How did you get started in urban planning? What was your path to where you are now?"},
			{N: 2, Text: "What does a typical day or week look like for you?"}},
		Draft: &draft{Subject: "Thank you for your time on Tuesday", Body: "Hi Claire,\n\nThank you.\n\nSam\n"},
		Bounce: &bounce{Recipient: "claire.moreau@example.org", Status: "5.1.1", Meaning: "no such mailbox at that address",
			Diagnostic: "550 5.1.1 <claire.moreau@example.org>: Recipient address rejected: User unknown in virtual mailbox table"},
		Receipt: &receipt{
			Subject: "Updates",
			Results: []receiptLine{
				{Command: "met #42", OK: true, Text: "#42 Claire Moreau: scheduled → met"},
				{Command: "drop Marc", Text: `"Marc" names 2 contacts, so nothing changed`, Hint: "drop #7",
					Details: []string{"#7 Marc Dubois <marc@example.net>, asked", "#51 Marc Lefèvre <marc.lefevre@example.com>, replied"}},
				{OK: true, Text: "#43 Lena Vogel <lena@example.org>: added, introduced by #42"},
				{Command: "status #42", OK: true, Text: "#42 Claire Moreau: met on Tue 3 Mar",
					Details: []string{"thank-you note: waiting for your approval"}},
				{Command: "mett #42", Text: `"mett" is not a command`, Hint: "met #42"},
			},
			Help: "Write one command per line, at the start of your mail.\n\n  met Jane Doe\n      you had the conversation\n  drop #7\n      stop for good",
		},
		Digest: fullDigest(),
	}
}

// minimal returns data with every optional part nil or empty. Draft,
// Bounce, Receipt and Digest stay, since the notices that use them are
// never sent without them; the bounce names only the failed address, the
// receipt is empty (no subject, no result, no help), and so is the digest
// (minimalDigest).
func minimal() data {
	d := full()
	d.Owner = owner{Name: "Sam Martin"}
	d.Contact = contact{ID: 42, Name: "Claire Moreau", Email: "claire.moreau@example.org"}
	d.IntroducedBy, d.Meeting, d.Thread, d.Messages, d.Nudge = nil, nil, nil, nil, 0
	d.Suggested, d.Learned, d.Met, d.Questions = nil, "", nil, []question{} // an empty bank
	d.Held = nil
	d.ThankYouBy = time.Time{}
	d.Bounce = &bounce{Recipient: d.Bounce.Recipient}
	d.Receipt = &receipt{}
	d.Digest = minimalDigest()
	return d
}

// asMap returns d as nested maps, the other form an engine may execute
// templates with; there missingkey=error catches an undocumented field.
func (d data) asMap() map[string]any {
	m := map[string]any{
		"Owner": map[string]any{
			"Name": d.Owner.Name, "FirstName": d.Owner.FirstName,
			"Background": d.Owner.Background, "Signature": d.Owner.Signature,
		},
		"Contact":      d.Contact.asMap(),
		"IntroducedBy": nil,
		"Meeting":      nil,
		"Thread":       nil,
		"Messages":     []any{},
		"Nudge":        d.Nudge,
		"Suggested":    []any{},
		"Learned":      d.Learned,
		"Met":          nil,
		"Held":         []any{},
		"ThankYouBy":   d.ThankYouBy,
		"Questions":    d.questionsMap(),
		"Draft":        map[string]any{"Subject": d.Draft.Subject, "Body": d.Draft.Body},
		"Bounce": map[string]any{"Recipient": d.Bounce.Recipient, "Status": d.Bounce.Status,
			"Meaning": d.Bounce.Meaning, "Diagnostic": d.Bounce.Diagnostic, "Soft": d.Bounce.Soft},
		"Receipt": d.Receipt.asMap(),
		"Digest":  d.Digest.asMap(),
	}
	if d.IntroducedBy != nil {
		m["IntroducedBy"] = d.IntroducedBy.asMap()
	}
	if d.Met != nil {
		m["Met"] = d.Met.asMap()
	}
	if mt := d.Meeting; mt != nil {
		m["Meeting"] = map[string]any{"Start": mt.Start, "End": mt.End, "ContactStart": mt.ContactStart, "Place": mt.Place, "When": mt.When}
	}
	if th := d.Thread; th != nil {
		m["Thread"] = map[string]any{"Subject": th.Subject, "From": th.From, "Date": th.Date, "Body": th.Body, "Sender": th.Sender, "Cc": th.Cc}
	}
	var msgs []any
	for _, th := range d.Messages {
		msgs = append(msgs, map[string]any{"Subject": th.Subject, "From": th.From, "Date": th.Date, "Body": th.Body, "Sender": th.Sender, "Cc": th.Cc})
	}
	m["Messages"] = msgs
	var suggested []any
	for _, c := range d.Suggested {
		suggested = append(suggested, c.asMap())
	}
	if suggested != nil {
		m["Suggested"] = suggested
	}
	var held []any
	for _, c := range d.Held {
		held = append(held, c.asMap())
	}
	if held != nil {
		m["Held"] = held
	}
	return m
}

func (r *receipt) asMap() map[string]any {
	results := []any{}
	for _, l := range r.Results {
		results = append(results, map[string]any{
			"Command": l.Command, "OK": l.OK, "Text": l.Text, "Hint": l.Hint, "Details": l.Details,
		})
	}
	return map[string]any{"Subject": r.Subject, "Results": results, "Help": r.Help}
}

func (c contact) asMap() map[string]any {
	return map[string]any{
		"ID": c.ID, "Name": c.Name, "FirstName": c.FirstName, "Email": c.Email,
		"Company": c.Company, "Role": c.Role, "Field": c.Field, "Source": c.Source, "Notes": c.Notes,
	}
}

// toContact lists the templates for mail to contacts; the rest are notices
// to the owner.
var toContact = []string{"request", "nudge", "intro_reply", "thank_you", "keep_in_touch", "report_back"}

// sendable lists the templates that may go out without the owner's review,
// so must hold no placeholder.
var sendable = []string{"request", "nudge", "intro_reply", "report_back"}

var (
	headerLine  = regexp.MustCompile(`^(Subject|Cc|Bcc|Reply-To): `)
	placeholder = regexp.MustCompile(`\[[^\]\n]+\]`)
	// A gap or stray punctuation where an empty value was left out badly.
	badSpacing = regexp.MustCompile(`  |^ |\s[,.;:?!)]|\(\s|[,;:][.,;:]|\.\.`)
)

// textNames returns the templates that are messages with headers: all
// but digest.html, which digest_test.go checks.
func textNames() []string {
	return slices.DeleteFunc(Names(), isHTML)
}

func render(name string, d any) (string, error) {
	src, err := Default.ReadFile(name + ".txt")
	if err != nil {
		return "", err
	}
	tmpl, err := template.New(name).Funcs(funcs).Option("missingkey=error").Parse(string(src))
	if err != nil {
		return "", err
	}
	for _, file := range partFiles[name] { // the partials the engine joins to it
		text, err := parts.ReadFile(file)
		if err != nil {
			return "", err
		}
		if _, err := tmpl.New(file).Parse(string(text)); err != nil {
			return "", err
		}
	}
	var b strings.Builder
	if err := tmpl.Execute(&b, d); err != nil {
		return "", err
	}
	return b.String(), nil
}

// mustRender renders name with d as a struct and fails the test on error.
func mustRender(t *testing.T, name string, d data) (headers map[string]string, body string) {
	t.Helper()
	out, err := render(name, d)
	if err != nil {
		t.Fatalf("render(%q) error: %v", name, err)
	}
	headers, body, problems := parse(out)
	if len(problems) > 0 {
		t.Fatalf("render(%q) = malformed message (%s):\n%s", name, strings.Join(problems, "; "), out)
	}
	return headers, body
}

// parse splits a message into headers and body, listing what is wrong with
// its form.
func parse(msg string) (headers map[string]string, body string, problems []string) {
	head, body, ok := strings.Cut(msg, "\n\n")
	if !ok {
		return nil, "", []string{"no empty line after the headers"}
	}
	headers = map[string]string{}
	for _, line := range strings.Split(head, "\n") {
		if !headerLine.MatchString(line) {
			problems = append(problems, fmt.Sprintf("bad header line %q", line))
			continue
		}
		k, v, _ := strings.Cut(line, ":")
		if _, dup := headers[k]; dup {
			problems = append(problems, "header "+k+" twice")
		}
		headers[k] = strings.TrimSpace(v)
	}
	if _, ok := headers["Subject"]; !ok {
		problems = append(problems, "no Subject")
	}
	if strings.TrimSpace(body) == "" {
		problems = append(problems, "empty body")
	}
	return headers, body, problems
}

// TestNames checks that Names lists exactly the expected templates, so that
// none goes missing unnoticed.
func TestNames(t *testing.T) {
	want := []string{
		"debrief", "digest", "digest.html", "intro_reply", "keep_in_touch", "notice_approve", "notice_bounce",
		"notice_meeting_cancelled", "notice_no_response", "notice_reply", "nudge",
		"prep_brief", "receipt", "report_back", "request", "thank_you",
	}
	if got := Names(); !slices.Equal(got, want) {
		t.Fatalf("Names() = %v, want %v", got, want)
	}
}

// TestFiles checks each file as written: it parses, and its header block is
// one line per known header, then an empty line.
func TestFiles(t *testing.T) {
	for _, name := range textNames() {
		t.Run(name, func(t *testing.T) {
			src, err := Default.ReadFile(name + ".txt")
			if err != nil {
				t.Fatal(err)
			}
			s := string(src)
			if _, err := template.New(name).Funcs(funcs).Parse(s); err != nil {
				t.Fatalf("Parse() error: %v", err)
			}
			if strings.Contains(s, "\r") {
				t.Errorf("file holds a carriage return; write LF line ends")
			}
			if !strings.HasSuffix(s, "\n") || strings.HasSuffix(s, "\n\n") {
				t.Errorf("file must end with exactly one newline")
			}
			for i, line := range strings.Split(s, "\n") {
				if strings.TrimRight(line, " \t") != line {
					t.Errorf("line %d has trailing white space", i+1)
				}
			}
			_, _, problems := parse(s)
			for _, p := range problems {
				t.Errorf("header block: %s", p)
			}
		})
	}
}

// TestRender executes every template with all data filled and with the
// optional parts nil or empty, as structs and as maps, and checks the
// result is a well-formed message with nothing missing.
func TestRender(t *testing.T) {
	datasets := []struct {
		name string
		data any
	}{
		{"full/struct", full()},
		{"full/map", full().asMap()},
		{"minimal/struct", minimal()},
		{"minimal/map", minimal().asMap()},
	}
	for _, name := range textNames() {
		for _, ds := range datasets {
			t.Run(name+"/"+ds.name, func(t *testing.T) {
				out, err := render(name, ds.data)
				if err != nil {
					t.Fatalf("render() error: %v", err)
				}
				var problems []string
				for _, bad := range []string{"<no value>", "<nil>", "%!", "\r", "\n\n\n"} {
					if strings.Contains(out, bad) {
						problems = append(problems, fmt.Sprintf("holds %q", bad))
					}
				}
				headers, body, p := parse(out)
				problems = append(problems, p...)
				if headers["Subject"] == "" {
					problems = append(problems, "empty Subject")
				}
				if strings.HasPrefix(body, "\n") || !strings.HasSuffix(body, "\n") || strings.HasSuffix(body, "\n\n") {
					problems = append(problems, "body must start with text and end with exactly one newline")
				}
				polished := slices.Contains(toContact, name)
				noPlaceholder := slices.Contains(sendable, name)
				if noPlaceholder && placeholder.MatchString(headers["Subject"]) {
					problems = append(problems, "placeholder in Subject")
				}
				for i, line := range strings.Split(body, "\n") {
					if strings.TrimRight(line, " \t") != line {
						problems = append(problems, fmt.Sprintf("body line %d has trailing white space", i+1))
					}
					if strings.HasPrefix(line, ">") {
						continue // someone else's text
					}
					if polished && badSpacing.MatchString(line) {
						problems = append(problems, fmt.Sprintf("body line %d: stray spacing or punctuation: %q", i+1, line))
					}
					if noPlaceholder && placeholder.MatchString(line) {
						problems = append(problems, fmt.Sprintf("body line %d: placeholder in a mail sent without review: %q", i+1, line))
					}
				}
				if polished && badSpacing.MatchString(headers["Subject"]) {
					problems = append(problems, fmt.Sprintf("stray spacing or punctuation in Subject %q", headers["Subject"]))
				}
				if len(problems) > 0 {
					t.Errorf("render() problems:\n  %s\n--- output ---\n%s", strings.Join(problems, "\n  "), out)
				}
			})
		}
	}
}

// words counts the words of body outside quoted lines.
func words(body string) int {
	n := 0
	for _, line := range strings.Split(body, "\n") {
		if !strings.HasPrefix(line, ">") {
			n += len(strings.Fields(line))
		}
	}
	return n
}

// TestShort keeps mail to contacts short enough to be read on a phone.
func TestShort(t *testing.T) {
	const max = 150
	for _, name := range toContact {
		_, body := mustRender(t, name, full())
		if n := words(body); n > max {
			t.Errorf("%s: %d words outside quotes, want at most %d", name, n, max)
		}
	}
}

func TestRequest(t *testing.T) {
	noSource := full()
	noSource.IntroducedBy = nil
	neither := noSource
	neither.Contact.Source = ""

	tests := []struct {
		name        string
		data        data
		wantSubject string
		want        []string
		dontWant    []string
	}{
		{"introduced", full(), "Marc Dubois suggested I write to you",
			[]string{"Marc Dubois suggested I get in touch with you."}, []string{"found your name"}},
		{"found", noSource, "Your path into urban planning",
			[]string{"I found your name through your talk at the Lyon mobility forum."}, []string{"suggested"}},
		{"neither", neither, "Your path into urban planning",
			[]string{"Hi Claire,\n\nMy name is Sam Martin. I'm a civil engineer"}, []string{"suggested", "found your name"}},
		{"minimal", minimal(), "A short conversation about your work?",
			[]string{"Hello,\n\nMy name is Sam Martin. I'd love to learn about your work: "}, nil},
	}
	common := []string{
		"20 to 30 minutes",
		"I'm not asking for a job",
		"call, a video chat or a coffee",
		"if now isn't a good time, just say so",
	}
	// Wording that would turn a request for advice into a job application.
	asking := []string{"hiring", "vacanc", "opening", "position", "resume", "résumé", "cv", "referral", "internship", "apply"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, body := mustRender(t, "request", tt.data)
			if h["Subject"] != tt.wantSubject {
				t.Errorf("Subject = %q, want %q", h["Subject"], tt.wantSubject)
			}
			for _, s := range append(tt.want, common...) {
				if !strings.Contains(body, s) {
					t.Errorf("body lacks %q:\n%s", s, body)
				}
			}
			for _, s := range tt.dontWant {
				if strings.Contains(body, s) {
					t.Errorf("body holds %q:\n%s", s, body)
				}
			}
			lower := strings.ToLower(h["Subject"] + "\n" + body)
			for _, w := range asking {
				if regexp.MustCompile(`\b` + w).MatchString(lower) {
					t.Errorf("request holds job-seeking word %q:\n%s", w, body)
				}
			}
		})
	}
}

func TestNudgeSubject(t *testing.T) {
	tests := []struct {
		name, thread, want string
	}{
		{"plain", "Your path into urban planning", "Re: Your path into urban planning"},
		{"already Re", "Re: Your path", "Re: Your path"},
		{"already RE", "RE: Your path", "RE: Your path"},
		{"short", "Hi", "Re: Hi"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := full()
			d.Thread.Subject = tt.thread
			h, _ := mustRender(t, "nudge", d)
			if h["Subject"] != tt.want {
				t.Errorf("Subject = %q, want %q", h["Subject"], tt.want)
			}
		})
	}
	t.Run("no thread", func(t *testing.T) {
		d := full()
		d.Thread = nil
		h, _ := mustRender(t, "nudge", d)
		if strings.HasPrefix(h["Subject"], "Re:") {
			t.Errorf("Subject = %q, want no Re: without a thread", h["Subject"])
		}
	})
}

func TestNudgeQuotesThread(t *testing.T) {
	d := full()
	// A nudge follows the owner's own request, the last message of the thread.
	d.Thread.From = "Sam Martin <sam@example.com>"
	d.Thread.Body = "Hi Claire,\n\nMarc Dubois suggested I get in touch with you.\n"
	_, body := mustRender(t, "nudge", d)
	for _, want := range []string{"no need to reply", "Sam Martin <sam@example.com> wrote:\n> Hi Claire,\n>\n> Marc Dubois suggested"} {
		if !strings.Contains(body, want) {
			t.Errorf("nudge body lacks %q:\n%s", want, body)
		}
	}
}

func TestIntroReply(t *testing.T) {
	h, body := mustRender(t, "intro_reply", full())
	if h["Bcc"] != "marc@example.net" {
		t.Errorf("Bcc = %q, want the introducer's address", h["Bcc"])
	}
	for _, want := range []string{"introduction, Marc (moving you to Bcc", "Claire, it's very nice to meet you.", "20 to 30 minutes"} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	h, _ = mustRender(t, "intro_reply", minimal())
	if h["Bcc"] != "" {
		t.Errorf("Bcc = %q without an introducer, want empty", h["Bcc"])
	}
}

// TestPlaceholders checks that the notes only the owner can write keep
// their placeholders until the owner's own words fill them, so that they
// are never sent unread.
func TestPlaceholders(t *testing.T) {
	tests := []struct{ name, want string }{
		{"thank_you", "[what I learned]"},
		{"keep_in_touch", "[your update]"},
	}
	for _, tt := range tests {
		for _, d := range []data{full(), minimal()} {
			d.Learned = "" // before the debrief
			_, body := mustRender(t, tt.name, d)
			if !strings.Contains(body, tt.want) {
				t.Errorf("%s body lacks placeholder %s:\n%s", tt.name, tt.want, body)
			}
		}
	}
}

// TestNotices checks that every notice names the contact and its number,
// which the owner's reply to it is matched by. receipt answers the owner's
// own mail and the digest is about everyone, so neither is about one
// contact.
func TestNotices(t *testing.T) {
	for _, name := range textNames() {
		if slices.Contains(toContact, name) || name == "receipt" || name == "digest" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			for _, d := range []data{full(), minimal()} {
				h, body := mustRender(t, name, d)
				for _, want := range []string{"Claire Moreau", "#42"} {
					if !strings.Contains(h["Subject"], want) {
						t.Errorf("Subject = %q, want it to hold %q", h["Subject"], want)
					}
					if !strings.Contains(body, want) {
						t.Errorf("body lacks %q:\n%s", want, body)
					}
				}
			}
		})
	}
}

func TestNoticeContents(t *testing.T) {
	tests := []struct {
		name string
		want []string
	}{
		{"notice_reply", []string{"> Happy to talk.", "scheduled 2026-12-03 15:00", "met", "drop"}},
		{"notice_approve", []string{"Subject: Thank you for your time on Tuesday", "> Hi Claire,", "send", "skip", "above the quoted draft"}},
		{"notice_bounce", []string{"delivered to claire.moreau@example.org.", "Status 5.1.1: no such mailbox at that address.",
			"The server said:\n\n  550 5.1.1 <claire.moreau@example.org>: Recipient address rejected: User\n  unknown in virtual mailbox table"}},
		{"notice_no_response", []string{"someone else in urban planning"}},
		{"debrief", []string{"How did it go?", "What did you learn?", "Who did Claire suggest", "Name <address>", "next step", "Good questions: 2, 5"}},
		{"prep_brief", []string{
			"When: Tue 3 Mar 2026 15:00–15:30 CET (09:00–09:30 EST for Claire)", "Where: Café de la Poste",
			"Role: transport planner", "Company: Grand Lyon", "Field: urban planning",
			"Introduced by: Marc Dubois", "Found through: your talk", "tram line 7", "> Happy to talk.",
			// The questions come from the bank (bank_test.go checks its wording).
			"Q1. How did you get started in urban planning?", "Q2. What does a typical day",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, body := mustRender(t, tt.name, full())
			for _, want := range tt.want {
				if !strings.Contains(body, want) {
					t.Errorf("body lacks %q:\n%s", want, body)
				}
			}
		})
	}
}

// TestNoticeBounceSaysWhy checks that the bounce notice gives the status
// and the server's words when the report had them, and says plainly what
// it lacked otherwise, never leaving "The server said:" with nothing after.
func TestNoticeBounceSaysWhy(t *testing.T) {
	tests := []struct {
		name   string
		bounce bounce
		want   []string
		never  []string
	}{
		{"status and words", bounce{Recipient: "jd@acme.example", Status: "5.2.2", Meaning: "the mailbox is full", Diagnostic: "552 5.2.2 Mailbox full"},
			[]string{"delivered to jd@acme.example.", "Status 5.2.2: the mailbox is full.", "The server said:\n\n  552 5.2.2 Mailbox full\n"},
			[]string{"did not say", "no words"}},
		{"a code without a meaning", bounce{Recipient: "jd@acme.example", Status: "5.9.9", Diagnostic: "rejected"},
			[]string{"Status 5.9.9.\n", "  rejected\n"}, []string{"did not say", "5.9.9:"}},
		{"status without words", bounce{Recipient: "jd@acme.example", Status: "5.1.1", Meaning: "no such mailbox at that address"},
			[]string{"Status 5.1.1: no such mailbox at that address.", "The report gave no words from the server."},
			[]string{"The server said"}},
		{"nothing but the address", bounce{Recipient: "jd@acme.example"},
			[]string{"delivered to jd@acme.example.", "The report did not say why."},
			[]string{"Status", "The server said"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := full()
			d.Bounce = &tt.bounce
			_, body := mustRender(t, "notice_bounce", d)
			for _, want := range tt.want {
				if !strings.Contains(body, want) {
					t.Errorf("body lacks %q:\n%s", want, body)
				}
			}
			for _, never := range tt.never {
				if strings.Contains(body, never) {
					t.Errorf("body holds %q:\n%s", never, body)
				}
			}
		})
	}
}

// TestPrepBriefSameZone checks that the contact's time is shown only when
// it differs from the owner's.
func TestPrepBriefSameZone(t *testing.T) {
	d := full()
	d.Meeting.ContactStart = d.Meeting.Start
	_, body := mustRender(t, "prep_brief", d)
	if strings.Contains(body, "for them") {
		t.Errorf("prep_brief shows the contact's time though it is the owner's:\n%s", body)
	}
}

func TestReceiptSubject(t *testing.T) {
	tests := []struct{ name, subject, want string }{
		{"plain", "Updates", "Re: Updates"},
		{"already Re", "Re: rapport: approve mail to Claire Moreau (#42)", "Re: rapport: approve mail to Claire Moreau (#42)"},
		{"already RE", "RE: met", "RE: met"},
		{"short", "ok", "Re: ok"},
		{"empty", "", "rapport: your mail"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := full()
			d.Receipt.Subject = tt.subject
			h, _ := mustRender(t, "receipt", d)
			if h["Subject"] != tt.want {
				t.Errorf("Subject = %q, want %q", h["Subject"], tt.want)
			}
		})
	}
}

// TestReceiptBody checks the receipt's blocks: a ✓ or ✗ line per result,
// the command quoted on it, the text under it, the hint after "try:", the
// details indented under the text, then the help and the footer.
func TestReceiptBody(t *testing.T) {
	const footer = "Reply with more commands, one per line; write help for the list.\n"
	_, body := mustRender(t, "receipt", full())
	want := "✓ > met #42\n" +
		"  #42 Claire Moreau: scheduled → met\n" +
		"\n" +
		"✗ > drop Marc\n" +
		"  \"Marc\" names 2 contacts, so nothing changed\n" +
		"  → drop #7\n" +
		"    #7 Marc Dubois <marc@example.net>, asked\n" +
		"    #51 Marc Lefèvre <marc.lefevre@example.com>, replied\n" +
		"\n" +
		"✓ #43 Lena Vogel <lena@example.org>: added, introduced by #42\n" +
		"\n" +
		"✓ > status #42\n" +
		"  #42 Claire Moreau: met on Tue 3 Mar\n" +
		"    thank-you note: waiting for your approval\n" +
		"\n" +
		"✗ > mett #42\n" +
		"  \"mett\" is not a command\n" +
		"  → met #42\n" +
		"\n" +
		"Write one command per line, at the start of your mail.\n" +
		"\n" +
		"  met Jane Doe\n" +
		"      you had the conversation\n" +
		"  drop #7\n" +
		"      stop for good\n" +
		"\n" + footer
	if body != want {
		t.Errorf("receipt body =\n%s\nwant\n%s", body, want)
	}
	for i, line := range strings.Split(body, "\n") {
		if n := utf8.RuneCountInString(line); n > 72 && line != strings.TrimSuffix(footer, "\n") {
			t.Errorf("line %d has %d characters, want at most 72 for the sample: %q", i+1, n, line)
		}
	}

	// Without help, results or subject: the footer alone, no stray lines.
	_, body = mustRender(t, "receipt", minimal())
	if body != footer {
		t.Errorf("empty receipt body = %q, want the footer alone", body)
	}

	// Help alone, as for a mail that said help.
	d := minimal()
	d.Receipt.Help = "Write one command per line."
	_, body = mustRender(t, "receipt", d)
	if want := "Write one command per line.\n\n" + footer; body != want {
		t.Errorf("help-only receipt body = %q, want %q", body, want)
	}

	// A person with details, a problem without hint, a command with empty
	// details: no "try:" and no indented line without them.
	d = minimal()
	d.Receipt.Results = []receiptLine{
		{OK: true, Text: "Ana Ruiz <ana@example.com>: already #12", Details: []string{"nothing changed"}},
		{Command: "pause #99", Text: "no contact #99", Details: []string{}},
	}
	_, body = mustRender(t, "receipt", d)
	want = "✓ Ana Ruiz <ana@example.com>: already #12\n" +
		"    nothing changed\n" +
		"\n" +
		"✗ > pause #99\n" +
		"  no contact #99\n" +
		"\n" + footer
	if body != want {
		t.Errorf("receipt body =\n%s\nwant\n%s", body, want)
	}
}

func (d data) questionsMap() []any {
	out := []any{}
	for _, q := range d.Questions {
		out = append(out, map[string]any{"N": q.N, "Text": q.Text})
	}
	return out
}
