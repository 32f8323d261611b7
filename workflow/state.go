package workflow

import (
	"maps"
	"time"
)

// State is the workflow part of a contact: everything a transition reads or
// writes. The zero State is a contact not yet added.
type State struct {
	Status     Status
	PausedFrom Status    // while paused: the status to resume to
	PausedAt   time.Time // while paused: since when
	Nudges     int       // nudges sent for the current request
	Meeting    *Meeting  // while scheduled, and kept after it took place
	ReturnDate time.Time // the last out-of-office answer's return date, if any
	Tier       Tier      // how often to keep in touch once thanked; TierNone: the policy's KeepInTouchAfter
	// HeldBy and HeldAt say, under the 3B7 routine, that a colleague
	// (contact HeldBy, at the same organisation) answered at HeldAt while
	// this contact was still waiting: the nudge, no-response and
	// colleague timers are frozen until the owner says go on or hold.
	// Zero when not held.
	HeldBy int64
	HeldAt time.Time

	// Timers holds the pending timers by kind. Apply never modifies the map
	// it was given.
	Timers map[TimerKind]time.Time
}

// Clone returns a deep copy of s.
func (s State) Clone() State {
	c := s
	c.Timers = maps.Clone(s.Timers)
	if s.Meeting != nil {
		m := *s.Meeting
		c.Meeting = &m
	}
	return c
}

// Held reports whether the contact's follow-ups wait for the owner's word
// because a colleague answered (see HeldBy).
func (s State) Held() bool { return s.HeldBy != 0 }

// Next is what should happen next for a contact, and when. A zero At means
// "now, when the owner gets to it".
type Next struct {
	What string
	At   time.Time
}

// Next describes the contact's next step for lists and digests. It returns
// a zero Next for contacts with nothing left to do.
func (s State) Next() Next {
	switch s.Status {
	case StatusNew:
		return Next{What: "write a request"}
	case StatusDrafted:
		if s.Held() {
			return Next{What: "go on or hold: a colleague answered"}
		}
		return Next{What: "approve the request"}
	case StatusRequested, StatusNudged:
		if s.Held() {
			return Next{What: "go on or hold: a colleague answered"}
		}
		if at, ok := s.Timers[TimerNudge]; ok {
			return Next{What: "nudge", At: at}
		}
		if at, ok := s.Timers[TimerNoResponse]; ok {
			return Next{What: "stop waiting", At: at}
		}
		return Next{What: "wait for an answer"}
	case StatusReplied:
		return Next{What: "answer their reply"}
	case StatusScheduled:
		if s.Meeting != nil {
			return Next{What: "meeting", At: s.Meeting.Start}
		}
		return Next{What: "meeting"}
	case StatusMet:
		return Next{What: "send the thank-you"}
	case StatusThanked, StatusKeepingInTouch:
		if at, ok := s.Timers[TimerKeepInTouch]; ok {
			return Next{What: "keep in touch", At: at}
		}
	case StatusPaused:
		if at, ok := s.Timers[TimerResume]; ok {
			return Next{What: "resume", At: at}
		}
		return Next{What: "resume when ready"}
	}
	return Next{}
}
