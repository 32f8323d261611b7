package templates

import (
	"errors"
	"slices"
	"strings"
	"time"
)

// digestTemplates are the two parts of the daily digest: the plain-text
// message, whose Subject is the digest's, and the HTML alternative.
var digestTemplates = []string{"digest", "digest.html"}

func isDigest(name string) bool { return slices.Contains(digestTemplates, name) }

// RenderDigest renders the daily digest for d, which must have d.Digest
// set: the subject and the plain-text body from the template digest, and
// the HTML body from digest.html, for a multipart/alternative message. text
// has the form [Message.Body] promises; html is a whole HTML document in
// which every value from the data is escaped. It does no I/O and is safe
// for concurrent use. The error names the file and line that failed.
func (s *Set) RenderDigest(d Data) (subject, text, html string, err error) {
	if s == nil {
		return "", "", "", errors.New("render digest: no templates loaded")
	}
	m, err := s.Render("digest", d)
	if err != nil {
		return "", "", "", err
	}
	h, ps := s.tmpls["digest.html"].execute(d)
	if err := renderError("digest.html", ps); err != nil {
		return "", "", "", err
	}
	return m.Subject, m.Body, h.Body, nil
}

// cleanDigest returns a copy of g in which every text is one line of
// valid UTF-8, as [Set.Render] promises for one-line fields, with what
// is drawn from the rest filled in: the actions' links, the funnel's
// bars.
func cleanDigest(g *DigestInfo) *DigestInfo {
	c := *g
	c.CommandTo, c.CommandTag = oneLine(g.CommandTo), oneLine(g.CommandTag)
	c.Today = c.cleanGroups(g.Today)
	c.Waiting = c.cleanGroup(g.Waiting)
	c.NextToAsk = c.cleanGroup(g.NextToAsk)
	c.Problems = c.cleanGroups(g.Problems)
	c.Week = c.cleanWeek(g.Week)
	p := g.Pipeline
	c.Pipeline = DigestPipeline{
		Stages:    cleanCounts(p.Stages),
		Statuses:  cleanCounts(p.Statuses),
		Last30:    p.Last30,
		AllTime:   p.AllTime,
		Referrals: c.cleanGroup(p.Referrals),
		Bars:      bars(p.Last30, p.AllTime),
		Templates: cleanRates(p.Templates),
	}
	return &c
}

func (d *DigestInfo) cleanGroups(gs []DigestGroup) []DigestGroup {
	if gs == nil {
		return nil
	}
	out := make([]DigestGroup, len(gs))
	for i, g := range gs {
		out[i] = d.cleanGroup(g)
	}
	return out
}

func (d *DigestInfo) cleanGroup(g DigestGroup) DigestGroup {
	c := DigestGroup{Key: oneLine(g.Key), Title: oneLine(g.Title), More: g.More, All: oneLine(g.All)}
	if c.More > 0 {
		c.AllMailto = d.commandMailto(c.All)
	}
	if g.Items != nil {
		c.Items = make([]DigestItem, len(g.Items))
		for i, it := range g.Items {
			c.Items[i] = DigestItem{ID: it.ID, Name: name(it.Name), Text: oneLine(it.Text),
				Quote: oneLine(it.Quote), Do: oneLine(it.Do), Actions: d.cleanActions(it)}
			if acts := c.Items[i].Actions; len(acts) > 0 {
				c.Items[i].Do = acts[0].Command
			}
		}
	}
	return c
}

// cleanActions returns the item's actions, one of Do when it has none,
// each with its link.
func (d *DigestInfo) cleanActions(it DigestItem) []DigestAction {
	acts := it.Actions
	if len(acts) == 0 && it.Do != "" {
		acts = []DigestAction{{Command: it.Do}}
	}
	var out []DigestAction
	for _, a := range acts {
		cmd := oneLine(a.Command)
		if cmd == "" {
			continue
		}
		label := oneLine(a.Label)
		if label == "" {
			label = actionLabel(cmd)
		}
		out = append(out, DigestAction{Command: cmd, Label: label, Mailto: d.commandMailto(cmd)})
	}
	return out
}

// actionLabel is a command without its leading #id: "#5 send" gives
// "send".
func actionLabel(cmd string) string {
	if strings.HasPrefix(cmd, "#") {
		if _, rest, ok := strings.Cut(cmd, " "); ok && rest != "" {
			return rest
		}
	}
	return cmd
}

func cleanCounts(cs []DigestCount) []DigestCount {
	if cs == nil {
		return nil
	}
	out := make([]DigestCount, len(cs))
	for i, c := range cs {
		out[i] = DigestCount{Label: oneLine(c.Label), N: c.N}
	}
	return out
}

// sampleDigest is the digest of [Sample]: every part filled, on the day of
// the sample meeting, with what rendering draws from it (links, bars)
// filled in as well.
func sampleDigest() *DigestInfo {
	day := time.Date(2026, 3, 3, 0, 0, 0, 0, sampleOwnerZone)
	return cleanDigest(&DigestInfo{
		CommandTo: "sam+rapport@example.com",
		Date:      day,
		Since:     day.Add(-24*time.Hour + 7*time.Hour + 30*time.Minute),
		Today: []DigestGroup{
			{Key: "replies", Title: "Replies waiting for your answer", Items: []DigestItem{
				{ID: 43, Name: "Lena Vogel", Text: "replied Mon 2 Mar", Quote: "Yes, gladly. Would next Tuesday morning suit you?",
					Actions: []DigestAction{{Command: "#43 scheduled 2026-03-10 10:00"}, {Command: "#43 snooze 3d"}}},
			}},
			{Key: "drafts", Title: "Drafts waiting for your approval", Items: []DigestItem{
				{ID: 44, Name: "Tom Lee", Text: "first request, written Mon 2 Mar", Do: "#44 send"},
			}},
			{Key: "meetings", Title: "Meetings today", Items: []DigestItem{
				{ID: 42, Name: "Claire Moreau", Text: "15:00–15:30, Café de la Poste, 12 rue Victor Hugo"},
			}},
			{Key: "thank_yous", Title: "Thank-you notes to write", Items: []DigestItem{
				{ID: 41, Name: "Inès Garcia", Text: "met Mon 2 Mar; the draft waits for what you learned"},
			}},
			{Key: "uncertain", Title: "Did these meetings happen?", Items: []DigestItem{
				{ID: 40, Name: "Omar Haddad", Text: "planned for Fri 27 Feb", Do: "#40 met"},
			}},
			{Key: "returning", Title: "Back from a pause", Items: []DigestItem{
				{ID: 38, Name: "Priya Shah", Text: "paused until today; rapport will nudge her on Thu 5 Mar"},
			}},
		},
		Waiting: DigestGroup{Key: "waiting", Title: "Requests out", Items: []DigestItem{
			{ID: 45, Name: "Jonas Berg", Text: "asked Tue 24 Feb; next nudge Thu 5 Mar"},
			{ID: 46, Name: "Amélie Roux", Text: "nudged Mon 2 Mar; no more nudges"},
		}, More: 2, All: "list waiting"},
		NextToAsk: DigestGroup{Key: "next_to_ask", Title: "Your target companies, in order of interest", Items: []DigestItem{
			{ID: 48, Text: "Port of Rotterdam: write to Sanne de Vries (Harbour Master), warm: introduced by Lena Vogel (#43); draft the request with rapport draft 48",
				Actions: []DigestAction{{Command: "#48 status", Label: "status"}}},
			{Text: "Maersk: nobody to ask yet: add someone (add Name <address> company: Maersk)"},
		}},
		Pipeline: DigestPipeline{
			Stages: []DigestCount{{"identify", 6}, {"arrange", 4}, {"follow-up", 3}, {"closed", 5}},
			Statuses: []DigestCount{{"new", 6}, {"drafted", 1}, {"requested", 2}, {"replied", 1}, {"met", 2},
				{"thanked", 1}, {"no response", 2}, {"dropped", 1}, {"paused", 2}},
			Last30:  DigestFunnel{Requested: 12, Replied: 5, Scheduled: 4, Met: 3, Thanked: 2, ReplyRate: 5.0 / 12, MedianDaysToReply: 2.5},
			AllTime: DigestFunnel{Requested: 40, Replied: 18, Scheduled: 12, Met: 11, Thanked: 9, ReplyRate: 0.45, MedianDaysToReply: 3},
			Templates: []DigestRate{
				{Label: "request: “Twenty minutes on your work at the Port?”", Sent: 22, Replied: 11},
				{Label: "request (14 other subjects)", Sent: 14, Replied: 5},
			},
			Referrals: DigestGroup{Key: "referrals", Title: "Referral chains that grew", Items: []DigestItem{
				{ID: 43, Name: "Lena Vogel", Text: "introduced by #42 Claire Moreau, herself introduced by #7 Marc Dubois"},
			}},
		},
		Problems: []DigestGroup{
			{Key: "bounces", Title: "Mail that bounced", Items: []DigestItem{
				{ID: 47, Name: "Karl Weber", Text: "mail to karl.weber@old.example bounced: 5.1.1 user unknown", Do: "#47 drop"},
			}},
			{Key: "commands", Title: "Commands rapport did not act on", Items: []DigestItem{
				{Text: "a mail from sam@example.com on Mon 2 Mar 18:02 was not authenticated by your provider"},
			}},
			{Key: "templates", Title: "Templates", Items: []DigestItem{
				{Text: "thank_you.txt:3: unknown field .Nmae; the previous templates stay in use"},
			}},
			{Key: "offline", Title: "Mailbox connection", Items: []DigestItem{
				{Text: "no connection for 6 hours, from 01:10 to 07:10"},
			}},
		},
		Week: sampleWeek(day),
	})
}

// sparseDigest is the digest at its emptiest: nothing to do, nobody
// waiting, nothing counted yet, no problem.
func sparseDigest() *DigestInfo {
	return cleanDigest(&DigestInfo{
		Date:      time.Date(2026, 3, 3, 0, 0, 0, 0, sampleOwnerZone),
		Waiting:   DigestGroup{Key: "waiting"},
		NextToAsk: DigestGroup{Key: "next_to_ask"},
		Pipeline: DigestPipeline{
			Last30:    DigestFunnel{MedianDaysToReply: -1},
			AllTime:   DigestFunnel{MedianDaysToReply: -1},
			Referrals: DigestGroup{Key: "referrals"},
		},
		Nothing: true,
	})
}
