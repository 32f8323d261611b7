package workflow

import (
	"errors"
	"fmt"
)

// ErrInvalidTransition is matched by every [*TransitionError] through
// errors.Is.
var ErrInvalidTransition = errors.New("invalid transition")

// TransitionError reports an event that makes no sense in the contact's
// current status. The state it was applied to is unchanged.
type TransitionError struct {
	Status Status    // the contact's status when the event came
	Event  EventKind // the refused event
	Reason string    // why, and what to do instead when there is a way
}

func (e *TransitionError) Error() string {
	msg := fmt.Sprintf("cannot apply %q to a contact in status %q", e.Event.Label(), e.Status.Label())
	if e.Reason != "" {
		msg += ": " + e.Reason
	}
	return msg
}

// Is makes errors.Is(err, ErrInvalidTransition) true.
func (e *TransitionError) Is(target error) bool { return target == ErrInvalidTransition }

func refuse(s State, ev Event, reason string, args ...any) error {
	return &TransitionError{Status: s.Status, Event: ev.Kind, Reason: fmt.Sprintf(reason, args...)}
}
