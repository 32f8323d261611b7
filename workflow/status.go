package workflow

import (
	"fmt"
	"strings"
)

// Stage groups statuses into the steps of an informational interview.
type Stage string

// The stages, in the order a contact goes through them.
const (
	StageIdentify Stage = "identify"  // known, nothing sent yet
	StageArrange  Stage = "arrange"   // asking for and setting up the meeting
	StageFollowUp Stage = "follow_up" // met: thanking and keeping in touch
	StageClosed   Stage = "closed"    // no longer active (or paused)
)

// Stages lists every stage in workflow order.
func Stages() []Stage {
	return []Stage{StageIdentify, StageArrange, StageFollowUp, StageClosed}
}

// ParseStage returns the stage named s, accepting "follow-up" for
// [StageFollowUp].
func ParseStage(s string) (Stage, error) {
	norm := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "-", "_")
	for _, st := range Stages() {
		if string(st) == norm {
			return st, nil
		}
	}
	return "", fmt.Errorf("unknown stage %q (use one of identify, arrange, follow_up, closed)", s)
}

// Status is where a contact stands in the workflow.
type Status string

// The statuses. Their string values are stored in the database and must not
// change.
const (
	StatusNew            Status = "new"              // known, no request yet
	StatusDrafted        Status = "drafted"          // request written, waiting for the owner's approval
	StatusRequested      Status = "requested"        // request sent, waiting for an answer
	StatusNudged         Status = "nudged"           // a follow-up sent (State.Nudges counts them)
	StatusReplied        Status = "replied"          // they answered: the owner's move
	StatusScheduled      Status = "scheduled"        // meeting time known
	StatusMet            Status = "met"              // the meeting happened
	StatusThanked        Status = "thanked"          // thank-you sent
	StatusKeepingInTouch Status = "keeping_in_touch" // occasional notes since
	StatusDeclined       Status = "declined"         // they said no
	StatusNoResponse     Status = "no_response"      // no answer after the nudges
	StatusBounced        Status = "bounced"          // their address failed
	StatusDropped        Status = "dropped"          // the owner stopped
	StatusPaused         Status = "paused"           // on hold; State.PausedFrom remembers where
)

var stageOf = map[Status]Stage{
	StatusNew:            StageIdentify,
	StatusDrafted:        StageIdentify,
	StatusRequested:      StageArrange,
	StatusNudged:         StageArrange,
	StatusReplied:        StageArrange,
	StatusScheduled:      StageArrange,
	StatusMet:            StageFollowUp,
	StatusThanked:        StageFollowUp,
	StatusKeepingInTouch: StageFollowUp,
	StatusDeclined:       StageClosed,
	StatusNoResponse:     StageClosed,
	StatusBounced:        StageClosed,
	StatusDropped:        StageClosed,
	StatusPaused:         StageClosed,
}

// Statuses lists every status in workflow order.
func Statuses() []Status {
	return []Status{
		StatusNew, StatusDrafted,
		StatusRequested, StatusNudged, StatusReplied, StatusScheduled,
		StatusMet, StatusThanked, StatusKeepingInTouch,
		StatusDeclined, StatusNoResponse, StatusBounced, StatusDropped, StatusPaused,
	}
}

// Stage returns the stage s belongs to, or "" for an unknown status.
func (s Status) Stage() Stage { return stageOf[s] }

// Valid reports whether s is one of the known statuses.
func (s Status) Valid() bool { _, ok := stageOf[s]; return ok }

// Closed reports whether s ends the contact's workflow for good: declined,
// no_response, bounced or dropped. Paused is not closed: it can resume.
func (s Status) Closed() bool { return s.Stage() == StageClosed && s != StatusPaused }

// Label returns s for humans: "keeping in touch" for keeping_in_touch.
func (s Status) Label() string { return strings.ReplaceAll(string(s), "_", " ") }

// ParseStatus returns the status named s; spaces and hyphens may stand for
// underscores ("no response", "keeping-in-touch").
func ParseStatus(s string) (Status, error) {
	norm := strings.ToLower(strings.TrimSpace(s))
	norm = strings.NewReplacer(" ", "_", "-", "_").Replace(norm)
	if st := Status(norm); st.Valid() {
		return st, nil
	}
	names := make([]string, 0, len(stageOf))
	for _, st := range Statuses() {
		names = append(names, string(st))
	}
	return "", fmt.Errorf("unknown status %q (use one of %s)", s, strings.Join(names, ", "))
}
