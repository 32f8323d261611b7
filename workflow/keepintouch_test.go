package workflow

import (
	"reflect"
	"testing"
	"time"
)

const day = 24 * time.Hour

// kit returns a contact in status s of tier tier whose keep-in-touch
// timer is due at due (none when zero).
func kit(s Status, tier Tier, due time.Time) State {
	st := State{Status: s, Tier: tier, Timers: map[TimerKind]time.Time{}}
	if !due.IsZero() {
		st.Timers[TimerKeepInTouch] = due
	}
	return st
}

func TestKeepInTouchFollowsLife(t *testing.T) {
	withdraw := CancelDrafts{Templates: []string{TemplateKeepInTouch}}
	meeting := &Meeting{Start: now.Add(48 * time.Hour), End: now.Add(49 * time.Hour)}
	tests := []struct {
		name    string
		from    State
		ev      Event
		want    []Action
		wantDue time.Time // zero: no keep-in-touch timer afterwards
	}{
		{
			name: "their reply to a thanked contact restarts the clock from the reply",
			from: kit(StatusThanked, TierNone, now.Add(60*day)),
			ev:   Event{Kind: EventReplyReceived},
			want: []Action{withdraw, SetTimer{Timer: TimerKeepInTouch, At: now.Add(90 * day)}, Notify{Notice: NoticeReply}},

			wantDue: now.Add(90 * day),
		},
		{
			name: "a reply while a note waits as a draft withdraws the premature note",
			from: kit(StatusKeepingInTouch, TierNone, time.Time{}),
			ev:   Event{Kind: EventReplyReceived},
			want: []Action{withdraw, SetTimer{Timer: TimerKeepInTouch, At: now.Add(90 * day)}, Notify{Notice: NoticeReply}},

			wantDue: now.Add(90 * day),
		},
		{
			name: "a reply counts by the contact's tier",
			from: kit(StatusKeepingInTouch, TierA, now.Add(3*day)),
			ev:   Event{Kind: EventReplyReceived},
			want: []Action{withdraw, SetTimer{Timer: TimerKeepInTouch, At: now.Add(21 * day)}, Notify{Notice: NoticeReply}},

			wantDue: now.Add(21 * day),
		},
		{
			name: "an old reply read late never brings the next note forward",
			from: kit(StatusKeepingInTouch, TierNone, now.Add(200*day)),
			ev:   Event{Kind: EventReplyReceived},
			want: []Action{Notify{Notice: NoticeReply}},

			wantDue: now.Add(200 * day),
		},
		{
			name: "the owner's hand-written note restarts the clock and withdraws rapport's",
			from: kit(StatusThanked, TierC, time.Time{}),
			ev:   Event{Kind: EventKeepInTouchSent, ByHand: true},
			want: []Action{withdraw, SetTimer{Timer: TimerKeepInTouch, At: now.Add(182 * day)}},

			wantDue: now.Add(182 * day),
		},
		{
			name: "rapport's own note sent counts the next by the tier",
			from: kit(StatusKeepingInTouch, TierA, time.Time{}),
			ev:   Event{Kind: EventKeepInTouchSent},
			want: []Action{SetTimer{Timer: TimerKeepInTouch, At: now.Add(21 * day)}},

			wantDue: now.Add(21 * day),
		},
		{
			name: "mail by hand applied as sent_by_hand restarts the clock too",
			from: kit(StatusThanked, TierNone, now.Add(10*day)),
			ev:   Event{Kind: EventSentByHand},
			want: []Action{withdraw, SetTimer{Timer: TimerKeepInTouch, At: now.Add(90 * day)}},

			wantDue: now.Add(90 * day),
		},
		{
			name: "the thank-you plans the first note by the tier",
			from: kit(StatusMet, TierB, time.Time{}),
			ev:   Event{Kind: EventThankYouSent},
			want: []Action{SetTimer{Timer: TimerKeepInTouch, At: now.Add(61 * day)}},

			wantDue: now.Add(61 * day),
		},
		{
			name: "the thank-you of a contact with no tier waits keep_in_touch_after",
			from: kit(StatusMet, TierNone, time.Time{}),
			ev:   Event{Kind: EventThankYouSent},
			want: []Action{SetTimer{Timer: TimerKeepInTouch, At: now.Add(90 * day)}},

			wantDue: now.Add(90 * day),
		},
		{
			name: "a new meeting stops the clock and withdraws a pending note",
			from: kit(StatusKeepingInTouch, TierA, now.Add(5*day)),
			ev:   Event{Kind: EventMeetingScheduled, Meeting: meeting},
			want: []Action{
				CancelTimer{Timer: TimerKeepInTouch},
				CancelDrafts{Templates: []string{TemplateRequest, TemplateIntroReply, TemplateNudge, TemplateKeepInTouch}},
				SetTimer{Timer: TimerPrepBrief, At: time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)},
				SetTimer{Timer: TimerMeetingOver, At: now.Add(52 * time.Hour)},
			},
		},
		{
			name: "a reply before the meeting plans no keep-in-touch note",
			from: kit(StatusMet, TierA, time.Time{}),
			ev:   Event{Kind: EventReplyReceived},
			want: []Action{Notify{Notice: NoticeReply}},
		},
		{
			name: "a reply while scheduled plans no keep-in-touch note",
			from: kit(StatusReplied, TierA, time.Time{}),
			ev:   Event{Kind: EventReplyReceived},
			want: []Action{Notify{Notice: NoticeReply}},
		},
		{
			name: "a follow-up by hand to an unanswered request plans no keep-in-touch note",
			from: State{Status: StatusRequested, Tier: TierA, Timers: map[TimerKind]time.Time{TimerNudge: now.Add(-time.Hour)}},
			ev:   Event{Kind: EventSentByHand},
			want: []Action{
				CancelDrafts{Templates: []string{TemplateNudge}},
				SetTimer{Timer: TimerNudge, At: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)},
			},
		},
		{
			name: "the timer drafts the note whatever the tier",
			from: kit(StatusKeepingInTouch, TierD, now),
			ev:   Event{Kind: EventTimerFired, Timer: TimerKeepInTouch},
			want: []Action{CancelTimer{Timer: TimerKeepInTouch}, Draft{Template: TemplateKeepInTouch}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next, actions, err := Apply(tt.from, tt.ev, now, DefaultPolicy(time.UTC))
			if err != nil {
				t.Fatalf("Apply() error = %v", err)
			}
			if !reflect.DeepEqual(actions, tt.want) {
				t.Errorf("Apply() actions = %#v\nwant %#v", actions, tt.want)
			}
			due, ok := next.Timers[TimerKeepInTouch]
			if ok != !tt.wantDue.IsZero() || !due.Equal(tt.wantDue) {
				t.Errorf("keep-in-touch timer = %v (pending %v), want %v", due, ok, tt.wantDue)
			}
		})
	}
}

func TestTierChangeReplans(t *testing.T) {
	tests := []struct {
		name     string
		from     State
		tier     Tier
		want     []Action
		wantErr  bool
		wantTier Tier
	}{
		{
			// Due in 60 days with the 90-day default: the last contact was
			// 30 days ago, so tier D's year counts from then.
			name: "a slower tier moves the note later, from the last interaction",
			from: kit(StatusThanked, TierNone, now.Add(60*day)),
			tier: TierD,
			want: []Action{SetTimer{Timer: TimerKeepInTouch, At: now.Add(335 * day)}},

			wantTier: TierD,
		},
		{
			name: "a faster tier moves it sooner",
			from: kit(StatusKeepingInTouch, TierC, now.Add(170*day)),
			tier: TierB,
			want: []Action{SetTimer{Timer: TimerKeepInTouch, At: now.Add(49 * day)}},

			wantTier: TierB,
		},
		{
			name: "a note already overdue by the new tier is due now",
			from: kit(StatusKeepingInTouch, TierNone, now.Add(60*day)),
			tier: TierA,
			want: []Action{SetTimer{Timer: TimerKeepInTouch, At: now}},

			wantTier: TierA,
		},
		{
			name: "removing the tier goes back to keep_in_touch_after",
			from: kit(StatusKeepingInTouch, TierA, now.Add(20*day)),
			tier: TierNone,
			want: []Action{SetTimer{Timer: TimerKeepInTouch, At: now.Add(89 * day)}},

			wantTier: TierNone,
		},
		{
			name:     "a contact not yet thanked only keeps the tier for later",
			from:     State{Status: StatusScheduled, Timers: map[TimerKind]time.Time{TimerMeetingOver: now.Add(day)}},
			tier:     TierA,
			wantTier: TierA,
		},
		{
			name:     "a note drafted and waiting is left to the owner",
			from:     kit(StatusKeepingInTouch, TierNone, time.Time{}),
			tier:     TierB,
			wantTier: TierB,
		},
		{
			name:     "the same tier again is refused",
			from:     kit(StatusThanked, TierB, now.Add(day)),
			tier:     TierB,
			wantErr:  true,
			wantTier: TierB,
		},
		{
			name:     "an unknown tier is refused",
			from:     kit(StatusThanked, TierB, now.Add(day)),
			tier:     Tier("Z"),
			wantErr:  true,
			wantTier: TierB,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next, actions, err := Apply(tt.from, Event{Kind: EventTierSet, Tier: tt.tier}, now, DefaultPolicy(time.UTC))
			if (err != nil) != tt.wantErr {
				t.Fatalf("Apply() error = %v, want error %v", err, tt.wantErr)
			}
			if !reflect.DeepEqual(actions, tt.want) {
				t.Errorf("Apply() actions = %#v\nwant %#v", actions, tt.want)
			}
			if next.Tier != tt.wantTier {
				t.Errorf("tier = %q, want %q", next.Tier, tt.wantTier)
			}
		})
	}
}

func TestParseTier(t *testing.T) {
	tests := []struct {
		in      string
		want    Tier
		wantErr bool
	}{
		{"A", TierA, false}, {"b", TierB, false}, {" d ", TierD, false},
		{"none", TierNone, false}, {"NONE", TierNone, false},
		{"E", TierNone, true}, {"", TierNone, true}, {"AA", TierNone, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseTier(tt.in)
			if got != tt.want || (err != nil) != tt.wantErr {
				t.Errorf("ParseTier(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestKeepInTouchEvery(t *testing.T) {
	p := DefaultPolicy(time.UTC)
	p.KeepInTouchTiers = map[Tier]time.Duration{TierA: 14 * day}
	if got := p.KeepInTouchEvery(TierA); got != 14*day {
		t.Errorf("tier A = %v, want 14 days", got)
	}
	if got := p.KeepInTouchEvery(TierB); got != p.KeepInTouchAfter {
		t.Errorf("tier B missing from the policy = %v, want keep_in_touch_after %v", got, p.KeepInTouchAfter)
	}
	if got := p.KeepInTouchEvery(TierNone); got != p.KeepInTouchAfter {
		t.Errorf("no tier = %v, want %v", got, p.KeepInTouchAfter)
	}
}
