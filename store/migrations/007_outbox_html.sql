-- rapport schema 7: an outgoing message may carry an HTML alternative of
-- its body (the daily digest does); '' means plain text only.
ALTER TABLE outbox ADD COLUMN html TEXT NOT NULL DEFAULT '';
