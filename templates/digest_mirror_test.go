package templates

import "time"

// The digest's part of the data as documented in the package comment (see
// data in templates_test.go).
type (
	digestInfo struct {
		Date, Since time.Time
		Today       []digestGroup
		Waiting     digestGroup
		NextToAsk   digestGroup
		Pipeline    digestPipeline
		Problems    []digestGroup
		Nothing     bool
		CommandTo   string
		CommandTag  string
		Week        *DigestWeek // the engine's own type: week_test.go checks it
	}
	digestGroup struct {
		Key, Title string
		Items      []digestItem
		More       int
		All        string
		AllMailto  string
	}
	digestItem struct {
		ID                    int64
		Name, Text, Quote, Do string
		Actions               []digestAction
	}
	digestAction struct {
		Command, Label, Mailto string
	}
	digestPipeline struct {
		Stages, Statuses []digestCount
		Last30, AllTime  digestFunnel
		Referrals        digestGroup
		Bars             []digestBar
		Templates        []digestRate
	}
	digestBar struct {
		Label       string
		Recent, All digestMeasure
	}
	digestMeasure struct {
		N     int
		Shown string
		Width int
		Text  string
	}
	digestRate struct {
		Label         string
		Sent, Replied int
		Rate          float64
		Bar           digestMeasure
	}
	digestCount struct {
		Label string
		N     int
	}
	digestFunnel struct {
		Requested, Replied, Scheduled, Met, Thanked int
		ReplyRate, MedianDaysToReply                float64
	}
)

// fullDigest is the digest with every part filled, on the day of the
// meeting.
func fullDigest() *digestInfo {
	day := time.Date(2026, 3, 3, 0, 0, 0, 0, ownerZone)
	return derived(&digestInfo{
		CommandTo: "sam+rapport@example.com",
		Date:      day,
		Since:     time.Date(2026, 3, 2, 7, 30, 0, 0, ownerZone),
		Today: []digestGroup{
			{Key: "replies", Title: "Replies waiting for your answer", Items: []digestItem{
				{ID: 43, Name: "Lena Vogel", Text: "replied Mon 2 Mar", Quote: "Yes, gladly. Would next Tuesday morning suit you?",
					Actions: []digestAction{{Command: "#43 scheduled 2026-03-10 10:00"}, {Command: "#43 snooze 3d"}}},
			}},
			{Key: "drafts", Title: "Drafts waiting for your approval", Items: []digestItem{
				{ID: 44, Name: "Tom Lee", Text: "first request, written Mon 2 Mar", Do: "#44 send"},
			}},
			{Key: "meetings", Title: "Meetings today", Items: []digestItem{
				{ID: 42, Name: "Claire Moreau", Text: "15:00–15:30, Café de la Poste, 12 rue Victor Hugo"},
			}},
			{Key: "thank_yous", Title: "Thank-you notes to write", Items: []digestItem{
				{ID: 41, Name: "Inès Garcia", Text: "met Mon 2 Mar; the draft waits for what you learned"},
			}},
			{Key: "uncertain", Title: "Did these meetings happen?", Items: []digestItem{
				{ID: 40, Name: "Omar Haddad", Text: "planned for Fri 27 Feb", Do: "#40 met"},
			}},
			{Key: "returning", Title: "Back from a pause", Items: []digestItem{
				{ID: 38, Name: "Priya Shah", Text: "paused until today; rapport will nudge her on Thu 5 Mar"},
			}},
		},
		Waiting: digestGroup{Key: "waiting", Title: "Requests out", Items: []digestItem{
			{ID: 45, Name: "Jonas Berg", Text: "asked Tue 24 Feb; next nudge Thu 5 Mar"},
			{ID: 46, Name: "Amélie Roux", Text: "nudged Mon 2 Mar; no more nudges"},
		}, More: 2, All: "list waiting"},
		NextToAsk: digestGroup{Key: "next_to_ask", Title: "Your target companies, in order of interest", Items: []digestItem{
			{ID: 48, Text: "Port of Rotterdam: write to Sanne de Vries (Harbour Master), warm: introduced by Lena Vogel (#43); draft the request with rapport draft 48",
				Actions: []digestAction{{Command: "#48 status", Label: "status"}}},
			{Text: "Maersk: nobody to ask yet: add someone (add Name <address> company: Maersk)"},
		}},
		Pipeline: digestPipeline{
			Stages: []digestCount{{"identify", 6}, {"arrange", 4}, {"follow-up", 3}, {"closed", 5}},
			Statuses: []digestCount{{"new", 6}, {"drafted", 1}, {"requested", 2}, {"replied", 1}, {"met", 2},
				{"thanked", 1}, {"no response", 2}, {"dropped", 1}, {"paused", 2}},
			Last30:  digestFunnel{Requested: 12, Replied: 5, Scheduled: 4, Met: 3, Thanked: 2, ReplyRate: 5.0 / 12, MedianDaysToReply: 2.5},
			AllTime: digestFunnel{Requested: 40, Replied: 18, Scheduled: 12, Met: 11, Thanked: 9, ReplyRate: 0.45, MedianDaysToReply: 3},
			Templates: []digestRate{
				{Label: "request: “Twenty minutes on your work at the Port?”", Sent: 22, Replied: 11},
				{Label: "request (14 other subjects)", Sent: 14, Replied: 5},
			},
			Referrals: digestGroup{Key: "referrals", Title: "Referral chains that grew", Items: []digestItem{
				{ID: 43, Name: "Lena Vogel", Text: "introduced by #42 Claire Moreau, herself introduced by #7 Marc Dubois"},
			}},
		},
		Problems: []digestGroup{
			{Key: "bounces", Title: "Mail that bounced", Items: []digestItem{
				{ID: 47, Name: "Karl Weber", Text: "mail to karl.weber@old.example bounced: 5.1.1 user unknown", Do: "#47 drop"},
			}},
			{Key: "commands", Title: "Commands rapport did not act on", Items: []digestItem{
				{Text: "a mail from sam@example.com on Mon 2 Mar 18:02 was not authenticated by your provider"},
			}},
			{Key: "templates", Title: "Templates", Items: []digestItem{
				{Text: "thank_you.txt:3: unknown field .Nmae; the previous templates stay in use"},
			}},
			{Key: "offline", Title: "Mailbox connection", Items: []digestItem{
				{Text: "no connection for 6 hours, from 01:10 to 07:10"},
			}},
		},
		Week: sampleWeek(day),
	})
}

// minimalDigest is the digest with nothing in it: nothing to do, nobody
// waiting, nothing counted, no problem, no titles.
func minimalDigest() *digestInfo {
	return derived(&digestInfo{
		Date:      time.Date(2026, 3, 3, 0, 0, 0, 0, ownerZone),
		Waiting:   digestGroup{Key: "waiting"},
		NextToAsk: digestGroup{Key: "next_to_ask"},
		Pipeline: digestPipeline{
			Last30:    digestFunnel{MedianDaysToReply: -1},
			AllTime:   digestFunnel{MedianDaysToReply: -1},
			Referrals: digestGroup{Key: "referrals"},
		},
		Nothing: true,
	})
}

// derived fills in what the engine draws from the rest of g when the
// digest renders (links, the funnel's bars, rates, Do), as the
// documentation says it does, so that a template reading them renders
// the same from the documented data.
func derived(g *digestInfo) *digestInfo {
	c := cleanDigest(new(g.real()))
	group := func(dst *digestGroup, src DigestGroup) {
		dst.AllMailto = src.AllMailto
		for i := range dst.Items {
			it := src.Items[i]
			dst.Items[i].Do, dst.Items[i].Actions = it.Do, nil
			for _, a := range it.Actions {
				dst.Items[i].Actions = append(dst.Items[i].Actions, digestAction(a))
			}
		}
	}
	for i := range g.Today {
		group(&g.Today[i], c.Today[i])
	}
	for i := range g.Problems {
		group(&g.Problems[i], c.Problems[i])
	}
	group(&g.Waiting, c.Waiting)
	group(&g.NextToAsk, c.NextToAsk)
	group(&g.Pipeline.Referrals, c.Pipeline.Referrals)
	g.Pipeline.Bars = nil
	for _, b := range c.Pipeline.Bars {
		g.Pipeline.Bars = append(g.Pipeline.Bars, digestBar{Label: b.Label, Recent: digestMeasure(b.Recent), All: digestMeasure(b.All)})
	}
	for i, r := range c.Pipeline.Templates {
		g.Pipeline.Templates[i].Rate, g.Pipeline.Templates[i].Bar = r.Rate, digestMeasure(r.Bar)
	}
	return g
}

func (g *digestInfo) asMap() map[string]any {
	groups := func(gs []digestGroup) []any {
		out := []any{}
		for _, g := range gs {
			out = append(out, g.asMap())
		}
		return out
	}
	counts := func(cs []digestCount) []any {
		out := []any{}
		for _, c := range cs {
			out = append(out, map[string]any{"Label": c.Label, "N": c.N})
		}
		return out
	}
	funnel := func(f digestFunnel) map[string]any {
		return map[string]any{"Requested": f.Requested, "Replied": f.Replied, "Scheduled": f.Scheduled, "Met": f.Met, "Thanked": f.Thanked,
			"ReplyRate": f.ReplyRate, "MedianDaysToReply": f.MedianDaysToReply}
	}
	measure := func(m digestMeasure) map[string]any {
		return map[string]any{"N": m.N, "Shown": m.Shown, "Width": m.Width, "Text": m.Text}
	}
	bars := []any{}
	for _, b := range g.Pipeline.Bars {
		bars = append(bars, map[string]any{"Label": b.Label, "Recent": measure(b.Recent), "All": measure(b.All)})
	}
	rates := []any{}
	for _, r := range g.Pipeline.Templates {
		rates = append(rates, map[string]any{"Label": r.Label, "Sent": r.Sent, "Replied": r.Replied, "Rate": r.Rate, "Bar": measure(r.Bar)})
	}
	p := g.Pipeline
	return map[string]any{
		"Date": g.Date, "Since": g.Since, "Today": groups(g.Today), "Waiting": g.Waiting.asMap(),
		"NextToAsk": g.NextToAsk.asMap(),
		"Pipeline": map[string]any{
			"Stages": counts(p.Stages), "Statuses": counts(p.Statuses),
			"Last30": funnel(p.Last30), "AllTime": funnel(p.AllTime), "Referrals": p.Referrals.asMap(),
			"Bars": bars, "Templates": rates,
		},
		"Problems": groups(g.Problems), "Nothing": g.Nothing, "CommandTo": g.CommandTo, "CommandTag": g.CommandTag,
		"Week": g.Week,
	}
}

func (g digestGroup) asMap() map[string]any {
	items := []any{}
	for _, it := range g.Items {
		actions := []any{}
		for _, a := range it.Actions {
			actions = append(actions, map[string]any{"Command": a.Command, "Label": a.Label, "Mailto": a.Mailto})
		}
		items = append(items, map[string]any{"ID": it.ID, "Name": it.Name, "Text": it.Text, "Quote": it.Quote, "Do": it.Do, "Actions": actions})
	}
	return map[string]any{"Key": g.Key, "Title": g.Title, "Items": items, "More": g.More, "All": g.All, "AllMailto": g.AllMailto}
}
