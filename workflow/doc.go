// Package workflow is rapport's informational-interview workflow as a pure
// state machine: no I/O, no clock, no randomness.
//
// A contact moves through three stages, identify → arrange → follow-up, and
// may be closed or paused on the way. [Apply] takes the workflow part of a
// contact ([State]), an [Event] and the current time, and returns the next
// state and the [Action] values the daemon must carry out (draft a message
// from a template, notify the owner, set or cancel a timer, withdraw unsent
// drafts). An event that makes no sense in the current status returns a
// [*TransitionError] and changes nothing.
//
// Events that report facts from the outside world (a reply, an
// out-of-office answer, a bounce) are accepted in every status where they
// can happen, because the world does not know our states; events that are
// the owner's decisions or rapport's own sends are refused where they make
// no sense.
package workflow
