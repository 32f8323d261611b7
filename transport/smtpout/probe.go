package smtpout

import "context"

// Probe checks the account without sending anything: it connects, starts
// TLS as configured, greets, logs in when Username is set (with OAuth,
// after getting a token from Config.Token, as Send does), and says QUIT.
// It blocks until done, ctx ends or Timeout passes, and closes the
// connection before returning. It returns nil, or an *Error whose Stage is
// StageConnect, StageTLS or StageAuth and whose text never holds the
// password.
func (s *Sender) Probe(ctx context.Context) error {
	sc, p, err := s.connect(ctx)
	if err != nil {
		return err
	}
	defer p.close()
	if sc.UpdateDeadline(s.cfg.Timeout) == nil {
		_ = sc.Quit()
	}
	return nil
}
