-- rapport schema 9: when a message's end-of-data mark was about to be
-- written to the SMTP server. A message found "sending" without it after a
-- crash never reached the server whole and is safe to send again; with it,
-- the server may have it.
ALTER TABLE outbox ADD COLUMN end_of_data_at TEXT;
