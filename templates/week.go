package templates

import (
	"strings"
	"time"
)

// maxDepth is the deepest a line of the referral tree is indented.
const maxDepth = 8

// DigestWeek is the weekly look back, in the digest of the owner's chosen
// day (digest.weekly_day): what the week taught them and whom it led to.
// Its groups' items are about contacts, with their #id; a group with
// nothing in it has no items.
type DigestWeek struct {
	From, To time.Time // the week looked back on, From included, To not, in the owner's zone
	// Learned is key "learned": one item per debrief, its Text what the
	// owner learned, in their words.
	Learned DigestGroup
	// Met is key "met": the people the owner met, Text saying when.
	Met DigestGroup
	// Referrals is key "gained": the people the owner was referred to,
	// Text saying by whom.
	Referrals DigestGroup
	// Tree is who led to whom: each contact under the one who introduced
	// them, in order, depth first. It is the whole tree when TreeAll,
	// else only the chains that grew this week; at most a few dozen
	// lines, TreeMore counting the lines left out.
	Tree     []DigestTreeLine
	TreeAll  bool
	TreeMore int
	// Questions are the bank's questions the owner marked as good this
	// week, the most marked first.
	Questions []DigestQuestion
	// Quiet is true when the week has nothing to look back on: no
	// debrief, meeting, referral or good question.
	Quiet bool
}

// DigestTreeLine is one contact of the referral tree.
type DigestTreeLine struct {
	Depth  int    // 0 for a contact no one introduced; at most 8
	Indent string // two spaces per Depth, for plain text (rendering sets it from Depth)
	ID     int64
	Name   string
	New    bool // introduced this week
}

// DigestQuestion is a question of the bank that worked well this week.
type DigestQuestion struct {
	N     int      // its number: Q5
	Text  string   // its words when marked, on one line
	Names []string // with whom it worked, "#42 Claire Moreau", in the order marked
}

// cleanWeek returns a copy of w in which every text is one line of valid
// UTF-8, as cleanDigest does for the rest of the digest; nil for nil.
func (d *DigestInfo) cleanWeek(w *DigestWeek) *DigestWeek {
	if w == nil {
		return nil
	}
	c := *w
	c.Learned, c.Met, c.Referrals = d.cleanGroup(w.Learned), d.cleanGroup(w.Met), d.cleanGroup(w.Referrals)
	if w.Tree != nil {
		c.Tree = make([]DigestTreeLine, len(w.Tree))
		for i, l := range w.Tree {
			l.Depth = min(max(l.Depth, 0), maxDepth)
			l.Name, l.Indent = name(l.Name), strings.Repeat("  ", l.Depth)
			c.Tree[i] = l
		}
	}
	if w.Questions != nil {
		c.Questions = make([]DigestQuestion, len(w.Questions))
		for i, q := range w.Questions {
			q.Text = oneLine(q.Text)
			if q.Names != nil {
				names := make([]string, len(q.Names))
				for j, n := range q.Names {
					names[j] = oneLine(n)
				}
				q.Names = names
			}
			c.Questions[i] = q
		}
	}
	return &c
}

// sampleWeek is the look back of [Sample]'s digest: every part filled,
// with a chain of three.
func sampleWeek(day time.Time) *DigestWeek {
	return &DigestWeek{
		From: day.AddDate(0, 0, -7), To: day,
		Learned: DigestGroup{Key: "learned", Title: "What you learned", Items: []DigestItem{
			{ID: 42, Name: "Claire Moreau", Text: "The tram consultation was mostly about listening, not presenting."},
		}},
		Met: DigestGroup{Key: "met", Title: "People you met", Items: []DigestItem{
			{ID: 42, Name: "Claire Moreau", Text: "met Tue 3 Mar"},
		}},
		Referrals: DigestGroup{Key: "gained", Title: "Referrals you gained", Items: []DigestItem{
			{ID: 43, Name: "Lena Vogel", Text: "suggested by #42 Claire Moreau"},
		}},
		Tree: []DigestTreeLine{
			{Depth: 0, ID: 7, Name: "Marc Dubois"},
			{Depth: 1, Indent: "  ", ID: 42, Name: "Claire Moreau"},
			{Depth: 2, Indent: "    ", ID: 43, Name: "Lena Vogel", New: true},
		},
		TreeAll: true,
		Questions: []DigestQuestion{
			{N: 5, Text: "What salary range can someone new to urban planning expect?", Names: []string{"#42 Claire Moreau"}},
		},
	}
}
