package daemon

import (
	"errors"

	"github.com/rapport-mail/rapport/transport/smtpout"
)

// verdictOf says what an error from the Mailer means for the message. An
// error that is not an *smtpout.Error (the context ended, say) is treated
// as uncertain: nothing says the message did not leave.
func verdictOf(err error) verdict {
	var e *smtpout.Error
	if !errors.As(err, &e) {
		return verdictUncertain
	}
	switch {
	case e.Class == smtpout.Ambiguous:
		return verdictUncertain
	case e.Stage == smtpout.StageConnect || e.Stage == smtpout.StageTLS || e.Stage == smtpout.StageAuth:
		// The account or the server, not this message: a wrong password
		// must not fail every message in the queue.
		return verdictHold
	case e.Class == smtpout.Temporary:
		return verdictRetry
	}
	return verdictFailed
}
