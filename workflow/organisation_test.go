package workflow

import (
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"
)

// policy3B7 is the default cadence under the 3B7 routine.
func policy3B7() Policy {
	p := DefaultPolicy(time.UTC)
	p.ColleagueAfter, p.FirstNudgeAfter = ColleagueAfter3B7, FirstNudgeAfter3B7
	return p
}

func TestRequestUnder3B7PlansColleagueAndNudge(t *testing.T) {
	// Wednesday 18 Nov: 3 business days is Monday 23, 7 is Friday 27.
	next, _, err := Apply(State{Status: StatusDrafted}, Event{Kind: EventRequestSent}, now, policy3B7())
	if err != nil {
		t.Fatal(err)
	}
	want := map[TimerKind]time.Time{
		TimerColleague: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC),
		TimerNudge:     time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC),
	}
	if !reflect.DeepEqual(next.Timers, want) {
		t.Fatalf("timers = %v, want %v", next.Timers, want)
	}

	// The classic routine keeps its cadence and asks nobody else.
	next, _, err = Apply(State{Status: StatusDrafted}, Event{Kind: EventRequestSent}, now, DefaultPolicy(time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := next.Timers[TimerColleague]; ok {
		t.Errorf("classic routine planned a colleague timer: %v", next.Timers)
	}
	if got := next.Timers[TimerNudge]; !got.Equal(time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("classic nudge at %v, want 5 business days later", got)
	}

	// A second nudge follows the ordinary gap, not the first one's 7.
	p := policy3B7()
	p.MaxNudges = 2
	next, _, err = Apply(State{Status: StatusRequested, Timers: map[TimerKind]time.Time{}}, Event{Kind: EventNudgeSent}, now, p)
	if err != nil {
		t.Fatal(err)
	}
	if got := next.Timers[TimerNudge]; !got.Equal(time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("second nudge at %v, want NudgeAfter (5) business days later", got)
	}
}

func TestColleagueTimerAsksTheNextPerson(t *testing.T) {
	s := State{Status: StatusRequested, Timers: map[TimerKind]time.Time{
		TimerColleague: now.Add(-time.Minute), TimerNudge: now.Add(96 * time.Hour),
	}}
	next, actions, err := Apply(s, Event{Kind: EventTimerFired, Timer: TimerColleague}, now, policy3B7())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(actions, Action(AskColleague{})) {
		t.Errorf("actions = %v, want AskColleague", actions)
	}
	if _, ok := next.Timers[TimerColleague]; ok || next.Status != StatusRequested {
		t.Errorf("after the colleague timer: %+v; want requested, the nudge still planned", next)
	}
}

func TestReplyHoldsColleaguesOnlyUnder3B7(t *testing.T) {
	cases := []struct {
		name string
		from Status
		p    Policy
		hold bool
	}{
		{"3b7, an answer to the request", StatusRequested, policy3B7(), true},
		{"3b7, an answer after a nudge", StatusNudged, policy3B7(), true},
		{"3b7, late answer after giving up", StatusNoResponse, policy3B7(), true},
		{"3b7, a second mail from someone who already replied", StatusReplied, policy3B7(), false},
		{"3b7, mail from someone already met", StatusThanked, policy3B7(), false},
		{"classic", StatusRequested, DefaultPolicy(time.UTC), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, actions, err := Apply(State{Status: c.from}, Event{Kind: EventReplyReceived}, now, c.p)
			if err != nil {
				t.Fatal(err)
			}
			hold := slices.Index(actions, Action(HoldColleagues{}))
			if (hold >= 0) != c.hold {
				t.Fatalf("actions = %v, hold colleagues = %v, want %v", actions, hold >= 0, c.hold)
			}
			notice := slices.IndexFunc(actions, func(a Action) bool { n, ok := a.(Notify); return ok && n.Notice == NoticeReply })
			if c.hold && notice < hold {
				t.Errorf("the reply notice comes before the hold (%v): it could not name who waits", actions)
			}
		})
	}
}

// A meeting arranged straight from the request (a booking) is an answer:
// the colleagues wait as for a reply.
func TestMeetingFromTheRequestHoldsColleagues(t *testing.T) {
	m := &Meeting{Start: now.Add(48 * time.Hour)}
	for _, c := range []struct {
		from Status
		want bool
	}{{StatusRequested, true}, {StatusNudged, true}, {StatusReplied, false}, {StatusThanked, false}} {
		_, actions, err := Apply(State{Status: c.from}, Event{Kind: EventMeetingScheduled, Meeting: m}, now, policy3B7())
		if err != nil {
			t.Fatal(err)
		}
		if got := slices.Contains(actions, Action(HoldColleagues{})); got != c.want {
			t.Errorf("meeting scheduled from %s: hold colleagues = %v, want %v", c.from, got, c.want)
		}
	}
}

func TestHeldContactWaitsForTheOwner(t *testing.T) {
	p := policy3B7()
	nudgeAt := now.Add(48 * time.Hour)
	waiting := State{Status: StatusRequested, Timers: map[TimerKind]time.Time{TimerNudge: nudgeAt, TimerColleague: now.Add(time.Hour)}}
	held, _, err := Apply(waiting, Event{Kind: EventColleagueReplied, Colleague: 9}, now, p)
	if err != nil {
		t.Fatal(err)
	}
	if held.HeldBy != 9 || !held.HeldAt.Equal(now) || held.Next().What != "go on or hold: a colleague answered" {
		t.Fatalf("held = %+v (next %q)", held, held.Next().What)
	}
	if _, _, err := Apply(held, Event{Kind: EventColleagueReplied, Colleague: 10}, now, p); !errors.Is(err, ErrInvalidTransition) {
		t.Errorf("a second colleague's answer: err = %v, want refused (already held)", err)
	}

	// Frozen: the nudge does not fire while held.
	later := nudgeAt.Add(time.Hour)
	if _, _, err := Apply(held, Event{Kind: EventTimerFired, Timer: TimerNudge}, later, p); !errors.Is(err, ErrInvalidTransition) {
		t.Fatalf("nudge timer of a held contact: err = %v, want refused", err)
	}

	// Go on, three days later: every frozen timer moves by three days.
	word := now.Add(72 * time.Hour)
	on, _, err := Apply(held, Event{Kind: EventGoOn}, word, p)
	if err != nil {
		t.Fatal(err)
	}
	if on.Held() || !on.Timers[TimerNudge].Equal(nudgeAt.Add(72*time.Hour)) || !on.Timers[TimerColleague].Equal(now.Add(73*time.Hour)) {
		t.Errorf("after go on: %+v; want unheld, timers moved by the hold", on)
	}

	// Hold: no nudge, nobody else asked, but the wait still ends.
	off, actions, err := Apply(held, Event{Kind: EventHold}, word, p)
	if err != nil {
		t.Fatal(err)
	}
	if off.Held() || off.Status != StatusRequested {
		t.Errorf("after hold: %+v; want requested, no longer held", off)
	}
	if _, ok := off.Timers[TimerNudge]; ok {
		t.Errorf("after hold a nudge is still planned: %v", off.Timers)
	}
	if _, ok := off.Timers[TimerColleague]; ok {
		t.Errorf("after hold a colleague is still to be asked: %v", off.Timers)
	}
	if at := off.Timers[TimerNoResponse]; !at.Equal(word.Add(p.NoResponseAfter)) {
		t.Errorf("after hold the wait ends %v, want %v", at, word.Add(p.NoResponseAfter))
	}
	if !slices.ContainsFunc(actions, func(a Action) bool {
		c, ok := a.(CancelDrafts)
		return ok && slices.Contains(c.Templates, TemplateNudge)
	}) {
		t.Errorf("hold did not withdraw nudge drafts: %v", actions)
	}

	// Their own answer ends the hold.
	replied, _, err := Apply(held, Event{Kind: EventReplyReceived}, word, p)
	if err != nil || replied.Held() || replied.Status != StatusReplied {
		t.Errorf("reply to a held contact: %+v, %v", replied, err)
	}

	// Go on and hold mean nothing for someone not held.
	for _, k := range []EventKind{EventGoOn, EventHold} {
		if _, _, err := Apply(waiting, Event{Kind: k}, word, p); !errors.Is(err, ErrInvalidTransition) {
			t.Errorf("%s on a contact not held: err = %v, want refused", k, err)
		}
	}
}

func TestHoldWithdrawsANudgeDraftedButNotSent(t *testing.T) {
	// The nudge timer fired: its draft waits, and the wait ends later.
	s := State{Status: StatusRequested, Timers: map[TimerKind]time.Time{TimerNoResponse: now.Add(7 * 24 * time.Hour)}}
	held, actions, err := Apply(s, Event{Kind: EventColleagueReplied, Colleague: 9}, now, policy3B7())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(actions, func(a Action) bool {
		c, ok := a.(CancelDrafts)
		return ok && slices.Contains(c.Templates, TemplateNudge)
	}) {
		t.Errorf("the waiting nudge draft was not withdrawn: %v", actions)
	}
	if at, ok := held.Timers[TimerNudge]; !ok || !at.Equal(now) {
		t.Errorf("nudge timer = %v, %v; want due at the hold, to be drafted again on go on", at, ok)
	}
	on, _, err := Apply(held, Event{Kind: EventGoOn}, now.Add(time.Hour), policy3B7())
	if err != nil {
		t.Fatal(err)
	}
	if _, actions, err := Apply(on, Event{Kind: EventTimerFired, Timer: TimerNudge}, now.Add(time.Hour), policy3B7()); err != nil || !slices.Contains(actions, Action(Draft{Template: TemplateNudge, Nudge: 1})) {
		t.Errorf("after go on the nudge fires: %v, %v; want it drafted again", actions, err)
	}
}

func TestFrozen(t *testing.T) {
	held := State{Status: StatusNudged, HeldBy: 3}
	paused := State{Status: StatusPaused, PausedFrom: StatusRequested}
	cases := []struct {
		name string
		s    State
		k    TimerKind
		want bool
	}{
		{"held nudge", held, TimerNudge, true},
		{"held colleague step", held, TimerColleague, true},
		{"held end of waiting", held, TimerNoResponse, true},
		{"held contact's pause end is no follow-up", held, TimerResume, false},
		{"paused nudge", paused, TimerNudge, true},
		{"paused resume fires", paused, TimerResume, false},
		{"free nudge", State{Status: StatusRequested}, TimerNudge, false},
	}
	for _, c := range cases {
		if got := Frozen(c.s, c.k); got != c.want {
			t.Errorf("%s: Frozen = %v, want %v", c.name, got, c.want)
		}
	}
}

// A request written and not yet sent waits too: withdrawn when a
// colleague answers, written again on go on, and on hold the contact is
// someone to ask later.
func TestHeldRequestThatHadNotLeft(t *testing.T) {
	p := policy3B7()
	held, actions, err := Apply(State{Status: StatusDrafted}, Event{Kind: EventColleagueReplied, Colleague: 9}, now, p)
	if err != nil {
		t.Fatal(err)
	}
	if !held.Held() || held.Status != StatusDrafted {
		t.Fatalf("held = %+v; want drafted and held", held)
	}
	if !slices.ContainsFunc(actions, func(a Action) bool {
		c, ok := a.(CancelDrafts)
		return ok && slices.Contains(c.Templates, TemplateRequest)
	}) {
		t.Errorf("the request was not withdrawn: %v", actions)
	}
	if got := held.Next().What; got != "go on or hold: a colleague answered" {
		t.Errorf("Next() = %q", got)
	}
	on, actions, err := Apply(held, Event{Kind: EventGoOn}, now.Add(time.Hour), p)
	if err != nil || on.Held() || on.Status != StatusDrafted || !slices.Contains(actions, Action(Draft{Template: TemplateRequest})) {
		t.Errorf("go on: %+v, %v, %v; want the request written again", on, actions, err)
	}
	off, _, err := Apply(held, Event{Kind: EventHold}, now.Add(time.Hour), p)
	if err != nil || off.Held() || off.Status != StatusNew {
		t.Errorf("hold: %+v, %v; want new, not held", off, err)
	}
	// Sent by hand all the same: asked now, no longer held.
	sent, _, err := Apply(held, Event{Kind: EventRequestSent, ByHand: true}, now.Add(time.Hour), p)
	if err != nil || sent.Held() || sent.Status != StatusRequested {
		t.Errorf("request sent while held: %+v, %v; want requested, not held", sent, err)
	}
}
