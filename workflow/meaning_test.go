package workflow

import "testing"

// Each verb the owner writes means one event, decided here for the
// command line and mail commands alike; "scheduled" moves an arranged
// meeting.
func TestVerbEvent(t *testing.T) {
	for _, tt := range []struct {
		verb   string
		status Status
		want   EventKind
		ok     bool
	}{
		{VerbMet, StatusReplied, EventMet, true},
		{VerbScheduled, StatusReplied, EventMeetingScheduled, true},
		{VerbScheduled, StatusScheduled, EventMeetingMoved, true},
		{VerbPause, StatusRequested, EventPaused, true},
		{VerbResume, StatusPaused, EventResumed, true},
		{VerbDrop, StatusNew, EventDropped, true},
		{VerbDeclined, StatusRequested, EventDeclined, true},
		{"note", StatusRequested, "", false},
		{"", StatusRequested, "", false},
	} {
		got, ok := VerbEvent(tt.verb, State{Status: tt.status})
		if got != tt.want || ok != tt.ok {
			t.Errorf("VerbEvent(%q, %s) = %q, %v; want %q, %v", tt.verb, tt.status, got, ok, tt.want, tt.ok)
		}
	}
}

// Sending a template moves the contact on by one event; notices move no
// one; only a nudge follows up.
func TestSentEvent(t *testing.T) {
	for template, want := range map[string]EventKind{
		TemplateRequest: EventRequestSent, TemplateIntroReply: EventRequestSent, TemplateNudge: EventNudgeSent,
		TemplateThankYou: EventThankYouSent, TemplateKeepInTouch: EventKeepInTouchSent, "notice_reply": "", "digest": "",
	} {
		if got, ok := SentEvent(template); got != want || ok != (want != "") {
			t.Errorf("SentEvent(%q) = %q, %v; want %q", template, got, ok, want)
		}
	}
	for _, template := range allTemplates {
		// A report back goes to the introducer, whom it moves nowhere.
		if _, ok := SentEvent(template); !ok && template != TemplateReportBack {
			t.Errorf("SentEvent(%q): a template to contacts means no event", template)
		}
		if FollowsUp(template) != (template == TemplateNudge) {
			t.Errorf("FollowsUp(%q) = %v", template, FollowsUp(template))
		}
	}
}
