// Package digest builds the owner's daily digest from the store: what
// needs them today, who is waiting, the pipeline in numbers, and what went
// wrong since the last one. It only reads, in one read transaction; the
// templates turn what it returns into the mail, and the daemon decides
// when it goes.
package digest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/internal/when"
	"github.com/rapport-mail/rapport/mail/classify"
	"github.com/rapport-mail/rapport/mail/command"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
	"github.com/rapport-mail/rapport/workflow"
)

// Options say for when and for whom the digest is built.
type Options struct {
	Now  time.Time
	Zone *time.Location // the owner's
	// Since is when the previous digest was written. Zero means the last
	// digest the store recorded, and for the first digest the last day, so
	// that a preview covers what the next digest will.
	Since time.Time
	// Max is how many items a group lists before "… and N more"; 0 means
	// 10.
	Max int
	// TemplateError is what is wrong with the owner's template edits, when
	// they are broken and the last good set is in use; nil otherwise.
	TemplateError error
	// Weekly says which day's digest looks back on the week; zero: none.
	Weekly Weekly
	// ThankYouWithin is how many days after the day of a meeting the
	// thank-you is due (workflow.thank_you_within); 0 means 1.
	ThankYouWithin int
	// Targets are the owner's target companies in order of interest
	// (workflow.target_companies): "Next to ask" goes through them. None:
	// it suggests from the companies asked that have not answered.
	Targets []string
}

// Build reads the digest of opts.Now's day.
func Build(ctx context.Context, tx *store.Tx, opts Options) (*templates.DigestInfo, error) {
	if opts.Zone == nil {
		opts.Zone = time.UTC
	}
	if opts.Max <= 0 {
		opts.Max = 10
	}
	if opts.Since.IsZero() {
		last, err := tx.LastDigest(ctx)
		switch {
		case err == nil:
			opts.Since = last.At
		case errors.Is(err, store.ErrNotFound):
			opts.Since = opts.Now.Add(-24 * time.Hour)
		default:
			return nil, err
		}
	}
	b := &builder{tx: tx, o: opts, names: map[int64]*store.Contact{}}
	local := opts.Now.In(opts.Zone)
	y, m, d := local.Date()
	b.day = time.Date(y, m, d, 0, 0, 0, 0, opts.Zone)
	info := &templates.DigestInfo{Date: b.day, Since: opts.Since}
	counts, err := tx.CountByStatus(ctx)
	if err != nil {
		return nil, err
	}
	b.counts = counts
	for _, part := range []func(context.Context) (templates.DigestGroup, error){
		b.replies, b.held, b.drafts, b.meetings, b.thankYous, b.uncertain, b.returning,
	} {
		g, err := part(ctx)
		if err != nil {
			return nil, err
		}
		if len(g.Items) > 0 {
			info.Today = append(info.Today, g)
		}
	}
	info.Nothing = len(info.Today) == 0
	if info.Waiting, err = b.waiting(ctx); err != nil {
		return nil, err
	}
	if info.NextToAsk, err = b.nextToAsk(ctx); err != nil {
		return nil, err
	}
	if info.Pipeline, err = b.pipeline(ctx); err != nil {
		return nil, err
	}
	if info.Week, err = b.week(ctx); err != nil {
		return nil, err
	}
	for _, part := range []func(context.Context) (templates.DigestGroup, error){
		b.bounces, b.problems(store.ProblemSoftBounce, "soft_bounces", "Soft bounces: mail that did not arrive, the address not yet given up on"),
		b.problems(store.ProblemUnauthenticated, "commands", "Mail to rapport that was not authenticated (ignored)"),
		b.problems(store.ProblemDraft, "templates", "Messages rapport could not write"),
		b.deletedDrafts,
		b.problems(store.ProblemOffline, "offline", "Time without a connection to your mailbox"),
		b.problems(store.ProblemUnreadable, "unreadable", "Mail from contacts rapport could not read (counted as their answer: read it yourself)"),
		b.problems(store.ProblemIgnored, "ignored", "Your mail to rapport that it did not act on"),
		b.problems(store.ProblemBooking, "bookings", "Bookings by people who are not contacts (add them?)"),
	} {
		g, err := part(ctx)
		if err != nil {
			return nil, err
		}
		if g.Key == "templates" && opts.TemplateError != nil {
			g.Items = append([]templates.DigestItem{{Text: "your template edits are not in use, the last good ones are: " +
				firstLine(opts.TemplateError.Error()) + " (run rapport templates check)"}}, g.Items...)
		}
		if len(g.Items) > 0 {
			info.Problems = append(info.Problems, g)
		}
	}
	return info, nil
}

type builder struct {
	tx     *store.Tx
	o      Options
	day    time.Time // midnight of the digest's day, owner's zone
	counts map[workflow.Status]int
	names  map[int64]*store.Contact // contacts read so far
}

// date formats t as the digest shows days: "Tue 1 Dec".
func (b *builder) date(t time.Time) string { return t.In(b.o.Zone).Format("Mon 2 Jan") }

// when formats t with its time and zone, as the command line does
// (package when): "Tue 1 Dec 15:00 CET", with c's local time beside it
// when c (which may be nil) lives on another clock.
func (b *builder) when(c *store.Contact, t time.Time) string { return b.rule(c).Short(t) }

// rule is package when's rule for the owner, with c's time beside.
func (b *builder) rule(c *store.Contact) when.Rule {
	if c == nil {
		return when.Owner(b.o.Zone)
	}
	return when.Owner(b.o.Zone).For(when.Contact(c.Name, c.TimeZone))
}

// ago says how long ago t was, in days.
func (b *builder) ago(t time.Time) string {
	days := int(b.o.Now.Sub(t).Hours() / 24)
	switch {
	case days <= 0:
		return "today"
	case days == 1:
		return "yesterday"
	}
	return fmt.Sprintf("%d days ago", days)
}

func item(c *store.Contact, text string) templates.DigestItem {
	return templates.DigestItem{ID: c.ID, Name: c.Name, Text: text}
}

// listOf names, for the groups the owner can ask for whole, the list of
// the list command.
var listOf = map[string]string{
	"replies": command.ListReplies, "drafts": command.ListDrafts,
	"thank_yous": command.ListThankYous, "waiting": command.ListWaiting,
}

// act adds to it the commands about its contact, each "#id verb": one tap
// each in the HTML part, one line each in the text part.
func act(it *templates.DigestItem, verbs ...string) {
	for _, v := range verbs {
		it.Actions = append(it.Actions, templates.DigestAction{Command: fmt.Sprintf("#%d %s", it.ID, v), Label: v})
	}
	if len(it.Actions) > 0 {
		it.Do = it.Actions[0].Command
	}
}

// capped returns the group with at most Max items and the count of the
// others, out of total, and the command that lists them all when there is
// one (see listOf).
func (b *builder) capped(key, title string, items []templates.DigestItem, total int) templates.DigestGroup {
	g := templates.DigestGroup{Key: key, Title: title, Items: items}
	if l, ok := listOf[key]; ok {
		g.All = string(command.VerbList) + " " + l
	}
	if len(g.Items) > b.o.Max {
		g.Items = g.Items[:b.o.Max]
	}
	if total > len(g.Items) {
		g.More = total - len(g.Items)
	}
	return g
}

// contacts fills the name cache for ids.
func (b *builder) contacts(ctx context.Context, ids []int64) error {
	var missing []int64
	for _, id := range ids {
		if _, ok := b.names[id]; !ok && id != 0 {
			missing = append(missing, id)
		}
	}
	found, err := b.tx.ContactsByID(ctx, missing)
	if err != nil {
		return err
	}
	for id, c := range found {
		b.names[id] = c
	}
	return nil
}

// contact returns a cached contact, or a stand-in for one deleted since.
func (b *builder) contact(id int64) *store.Contact {
	if c, ok := b.names[id]; ok {
		return c
	}
	return &store.Contact{ID: id, Name: "(deleted)"}
}

func (b *builder) replies(ctx context.Context) (templates.DigestGroup, error) {
	list, err := b.tx.ContactsInStatus(ctx, []workflow.Status{workflow.StatusReplied}, true, b.o.Max+1)
	if err != nil {
		return templates.DigestGroup{}, err
	}
	var items []templates.DigestItem
	for i := range list {
		c := &list[i]
		it := item(c, "replied; answer them, then tell rapport where things stand")
		// scheduled needs the time, which only the owner can write.
		act(&it, string(command.VerbMet), string(command.VerbSnooze)+" 3d", string(command.VerbDeclined))
		conv, err := b.tx.Conversation(ctx, c.ID, 3)
		if err != nil {
			return templates.DigestGroup{}, err
		}
		for j := len(conv) - 1; j >= 0; j-- {
			if m := conv[j]; m.Direction == store.DirectionIn && m.Kind != "bounce" && m.Kind != "auto_reply" {
				at := m.Date
				if at.IsZero() {
					at = m.Recorded
				}
				it.Text = "replied " + b.date(at)
				if links := classify.SchedulingLinks(m.Text); len(links) > 0 {
					// A booking page: the owner picks a time there (the
					// link is text, never fetched).
					it.Text += "; book via link: " + links[0]
				}
				it.Quote = firstLine(m.Text)
				break
			}
		}
		items = append(items, it)
	}
	return b.capped("replies", "Replies waiting for your answer", items, b.counts[workflow.StatusReplied]), nil
}

// templateLabel names a template for the owner.
var templateLabel = map[string]string{
	workflow.TemplateRequest: "request", workflow.TemplateIntroReply: "answer to the introduction",
	workflow.TemplateNudge: "nudge", workflow.TemplateThankYou: "thank-you", workflow.TemplateKeepInTouch: "keep-in-touch note",
}

func label(template string) string {
	if l, ok := templateLabel[template]; ok {
		return l
	}
	return strings.ReplaceAll(template, "_", " ")
}

// outbox returns the first of the messages to contacts in status, with
// their contacts read, and how many there are in all.
func (b *builder) outbox(ctx context.Context, status string) ([]store.Outgoing, int, error) {
	return b.outboxOf(ctx, store.AudienceContact, status)
}

// outboxOf is outbox for messages to audience.
func (b *builder) outboxOf(ctx context.Context, audience, status string) ([]store.Outgoing, int, error) {
	list, err := b.tx.OutboxPage(ctx, audience, status, b.o.Max+1)
	if err != nil {
		return nil, 0, err
	}
	total, err := b.tx.CountOutbox(ctx, audience, status)
	if err != nil {
		return nil, 0, err
	}
	ids := make([]int64, len(list))
	for i, o := range list {
		ids[i] = o.ContactID
	}
	return list, total, b.contacts(ctx, ids)
}

func (b *builder) drafts(ctx context.Context) (templates.DigestGroup, error) {
	list, total, err := b.outbox(ctx, store.OutboxDraft)
	if err != nil {
		return templates.DigestGroup{}, err
	}
	var items []templates.DigestItem
	for _, o := range list {
		it := item(b.contact(o.ContactID), fmt.Sprintf("%s to approve: %q", label(o.Template), o.Subject))
		if md, err := b.tx.MailboxDraftOf(ctx, o.ID); err == nil {
			// The drafts send mode: the owner sends it from their own
			// mail program; skipping it here withdraws rapport's copy.
			it.Text = fmt.Sprintf("%s in your Drafts folder: %q (edit and send it from your mail program)", label(o.Template), o.Subject)
			if md.State == store.DraftToAppend {
				it.Text = fmt.Sprintf("%s for your Drafts folder: %q (not there yet: %s)", label(o.Template), o.Subject, firstLine(o.LastError))
			}
			act(&it, string(command.VerbSkip))
			items = append(items, it)
			continue
		} else if !errors.Is(err, store.ErrNotFound) {
			return templates.DigestGroup{}, err
		}
		if ph := templates.Placeholders(o.Body); len(ph) > 0 {
			it.Text += " (fill " + strings.Join(ph, ", ") + " first: answer its approval notice)"
		} else {
			act(&it, string(command.VerbSend), string(command.VerbSkip))
		}
		items = append(items, it)
	}
	return b.capped("drafts", "Drafts to approve", items, total), nil
}

func (b *builder) meetings(ctx context.Context) (templates.DigestGroup, error) {
	list, err := b.tx.MeetingsBetween(ctx, b.day, b.day.AddDate(0, 0, 2))
	if err != nil {
		return templates.DigestGroup{}, err
	}
	var items []templates.DigestItem
	for i := range list {
		c := &list[i]
		m := c.State.Meeting
		day := "today"
		if !m.Start.In(b.o.Zone).Before(b.day.AddDate(0, 0, 1)) {
			day = "tomorrow"
		}
		text := fmt.Sprintf("meeting %s at %s", day, b.rule(c).Clock(m.Start))
		if m.Place != "" {
			text += ", " + m.Place
		}
		if who := strings.Trim(strings.Join([]string{c.Role, c.Company}, ", "), ", "); who != "" {
			text += " (" + who + ")"
		}
		text += "; the prep brief comes that morning"
		it := item(c, text)
		if day == "today" {
			act(&it, string(command.VerbMet)) // for once it has happened
		}
		items = append(items, it)
	}
	return b.capped("meetings", "Meetings today and tomorrow", items, len(list)), nil
}

func (b *builder) thankYous(ctx context.Context) (templates.DigestGroup, error) {
	list, err := b.tx.ContactsInStatus(ctx, []workflow.Status{workflow.StatusMet}, false, b.o.Max+1)
	if err != nil {
		return templates.DigestGroup{}, err
	}
	met, err := b.metAt(ctx, list)
	if err != nil {
		return templates.DigestGroup{}, err
	}
	var items []templates.DigestItem
	for i := range list {
		c := &list[i]
		it := item(c, b.thankYouDue(met[c.ID]))
		drafts, err := b.tx.ListOutbox(ctx, store.OutboxFilter{ContactID: c.ID, Audience: store.AudienceContact, Statuses: []string{store.OutboxDraft}})
		if err != nil {
			return templates.DigestGroup{}, err
		}
		for _, d := range drafts {
			if d.Template == workflow.TemplateThankYou {
				if len(templates.Placeholders(d.Body)) == 0 {
					act(&it, string(command.VerbSend))
				} else {
					it.Text += " (answer the debrief, or its approval notice, with what you learned)"
				}
			}
		}
		items = append(items, it)
	}
	return b.capped("thank_yous", "Thank-yous due", items, b.counts[workflow.StatusMet]), nil
}

func (b *builder) uncertain(ctx context.Context) (templates.DigestGroup, error) {
	list, total, err := b.outbox(ctx, store.OutboxUncertain)
	if err != nil {
		return templates.DigestGroup{}, err
	}
	var items []templates.DigestItem
	for _, o := range list {
		items = append(items, item(b.contact(o.ContactID), fmt.Sprintf(
			"%s %q may have left when the connection broke: look in your Sent folder, then rapport outbox sent %d or resend %d",
			label(o.Template), o.Subject, o.ID, o.ID)))
	}
	// rapport's own notices to the owner: the owner looks in their inbox.
	notices, more, err := b.outboxOf(ctx, store.AudienceOwner, store.OutboxUncertain)
	if err != nil {
		return templates.DigestGroup{}, err
	}
	for _, o := range notices {
		text := fmt.Sprintf("rapport's %q to you may not have arrived: look in your inbox, then rapport outbox sent %d or resend %d",
			o.Subject, o.ID, o.ID)
		if o.ContactID == 0 {
			items = append(items, templates.DigestItem{Text: text})
			continue
		}
		items = append(items, item(b.contact(o.ContactID), text))
	}
	return b.capped("uncertain", "Sends to confirm", items, total+more), nil
}

func (b *builder) returning(ctx context.Context) (templates.DigestGroup, error) {
	list, err := b.tx.ReturningBetween(ctx, b.day.Add(-12*time.Hour), b.day.AddDate(0, 0, 2))
	if err != nil {
		return templates.DigestGroup{}, err
	}
	var items []templates.DigestItem
	for i := range list {
		c := &list[i]
		text := "back from their absence " + c.State.ReturnDate.UTC().Format("Mon 2 Jan")
		if at, ok := c.State.Timers[workflow.TimerNudge]; ok {
			text += "; the nudge follows " + b.when(c, at)
		}
		items = append(items, item(c, text))
	}
	return b.capped("returning", "Back from an absence", items, len(list)), nil
}

func (b *builder) waiting(ctx context.Context) (templates.DigestGroup, error) {
	statuses := []workflow.Status{workflow.StatusRequested, workflow.StatusNudged}
	list, err := b.tx.ContactsInStatus(ctx, statuses, false, b.o.Max+1)
	if err != nil {
		return templates.DigestGroup{}, err
	}
	ids := make([]int64, len(list))
	for i := range list {
		ids[i] = list[i].ID
	}
	asked, err := b.tx.LastEvents(ctx, ids, string(workflow.EventRequestSent), string(workflow.EventNudgeSent))
	if err != nil {
		return templates.DigestGroup{}, err
	}
	var items []templates.DigestItem
	for i := range list {
		c := &list[i]
		what := "asked"
		if c.State.Status == workflow.StatusNudged {
			what = "nudged"
		}
		since, ok := asked[c.ID]
		if !ok {
			since = c.UpdatedAt
		}
		text := fmt.Sprintf("%s %s (%s)", what, b.ago(since), b.date(since))
		switch n := c.State.Next(); {
		case n.What == "nudge":
			text += "; nudge " + b.when(c, n.At)
		case n.What == "stop waiting":
			text += "; no answer expected after " + b.date(n.At)
		}
		items = append(items, item(c, text))
	}
	return b.capped("waiting", "Waiting for an answer", items, b.counts[workflow.StatusRequested]+b.counts[workflow.StatusNudged]), nil
}

func (b *builder) pipeline(ctx context.Context) (templates.DigestPipeline, error) {
	var p templates.DigestPipeline
	stages := map[workflow.Stage]int{}
	for _, s := range workflow.Statuses() {
		if n := b.counts[s]; n > 0 {
			p.Statuses = append(p.Statuses, templates.DigestCount{Label: s.Label(), N: n})
			stages[s.Stage()] += n
		}
	}
	for _, st := range workflow.Stages() {
		p.Stages = append(p.Stages, templates.DigestCount{Label: strings.ReplaceAll(string(st), "_", " "), N: stages[st]})
	}
	all, recent, err := b.tx.Funnel(ctx, b.o.Now.AddDate(0, 0, -30))
	if err != nil {
		return p, err
	}
	p.Last30, p.AllTime = funnel(recent), funnel(all)
	if p.Templates, err = b.rates(ctx); err != nil {
		return p, err
	}
	p.Referrals, err = b.referrals(ctx)
	return p, err
}

// funnel is the template's view of the counts.
func funnel(c store.FunnelCounts) templates.DigestFunnel {
	f := templates.DigestFunnel{Requested: c.Requested, Replied: c.Replied, Scheduled: c.Scheduled, Met: c.Met,
		Thanked: c.Thanked, MedianDaysToReply: c.MedianReplyDays}
	if f.Requested > 0 {
		f.ReplyRate = min(float64(f.Replied)/float64(f.Requested), 1)
	}
	return f
}

func (b *builder) referrals(ctx context.Context) (templates.DigestGroup, error) {
	list, total, err := b.tx.HistorySince(ctx, string(workflow.EventReferralAdded), b.o.Since, b.o.Max+1)
	if err != nil {
		return templates.DigestGroup{}, err
	}
	ids := make([]int64, 0, 2*len(list))
	refs := make([]int64, len(list))
	for i, e := range list {
		fmt.Sscanf(e.Detail, "introduced #%d", &refs[i])
		ids = append(ids, e.ContactID, refs[i])
	}
	if err := b.contacts(ctx, ids); err != nil {
		return templates.DigestGroup{}, err
	}
	var items []templates.DigestItem
	for i, e := range list {
		text := "introduced someone"
		if refs[i] != 0 {
			r := b.contact(refs[i])
			text = fmt.Sprintf("introduced #%d %s", r.ID, r.Name)
		}
		items = append(items, item(b.contact(e.ContactID), text))
	}
	return b.capped("referrals", "Referral chains that grew", items, total), nil
}

func (b *builder) bounces(ctx context.Context) (templates.DigestGroup, error) {
	list, total, err := b.tx.HistorySince(ctx, string(workflow.EventBounceReceived), b.o.Since, b.o.Max+1)
	if err != nil {
		return templates.DigestGroup{}, err
	}
	var ids []int64
	for _, e := range list {
		ids = append(ids, e.ContactID)
	}
	if err := b.contacts(ctx, ids); err != nil {
		return templates.DigestGroup{}, err
	}
	var items []templates.DigestItem
	for _, e := range list {
		c := b.contact(e.ContactID)
		items = append(items, item(c, fmt.Sprintf("mail to %s bounced %s; find another address, then add it again", c.Email, b.date(e.At))))
	}
	return b.capped("bounces", "Bounces", items, total), nil
}

// problems lists the problems of kind since the last digest.
func (b *builder) problems(kind, key, title string) func(context.Context) (templates.DigestGroup, error) {
	return func(ctx context.Context) (templates.DigestGroup, error) {
		all, err := b.tx.ProblemsSince(ctx, b.o.Since)
		if err != nil {
			return templates.DigestGroup{}, err
		}
		var items []templates.DigestItem
		for i := len(all) - 1; i >= 0; i-- { // newest first
			if p := all[i]; p.Kind == kind {
				items = append(items, templates.DigestItem{Text: b.when(nil, p.At) + ": " + p.Detail})
			}
		}
		return b.capped(key, title, items, len(items)), nil
	}
}

// firstLine returns the first line of a reply worth showing: not empty,
// not quoted, not a greeting ("Hi Alex,").
func firstLine(text string) string {
	for _, l := range strings.Split(text, "\n") {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, ">") || (strings.HasSuffix(t, ",") && len(strings.Fields(t)) <= 3) {
			continue
		}
		if r := []rune(t); len(r) > 140 {
			t = string(r[:139]) + "…"
		}
		return t
	}
	return ""
}

// deletedDrafts lists the drafts rapport filed in the owner's Drafts
// folder that were deleted there without being sent, and so count as
// skipped since the last digest.
func (b *builder) deletedDrafts(ctx context.Context) (templates.DigestGroup, error) {
	list, err := b.tx.MailboxDrafts(ctx, store.DraftDone)
	if err != nil {
		return templates.DigestGroup{}, err
	}
	var items []templates.DigestItem
	ids := []int64{}
	for _, d := range list {
		if d.Outcome == store.DraftDeleted && d.Status == store.OutboxSkipped && !d.Updated.Before(b.o.Since) {
			ids = append(ids, d.ContactID)
		}
	}
	if err := b.contacts(ctx, ids); err != nil {
		return templates.DigestGroup{}, err
	}
	for _, d := range list {
		if d.Outcome == store.DraftDeleted && d.Status == store.OutboxSkipped && !d.Updated.Before(b.o.Since) {
			items = append(items, item(b.contact(d.ContactID),
				fmt.Sprintf("%s deleted from your Drafts folder without being sent: counted as skipped (%q)", label(d.Template), d.Subject)))
		}
	}
	return b.capped("deleted_drafts", "Drafts you deleted", items, len(items)), nil
}
