-- rapport schema 12: logins a mail server refused. When the mailbox refuses
-- rapport's login, rapport stops (trying the same password again gets the
-- account locked) and tells the owner once, by mail. A row lasts from that
-- refusal until rapport next logs in, so that starting rapport again before
-- the password is fixed tells no one twice.
CREATE TABLE login_refusals (
	server    TEXT NOT NULL,                  -- "host:port"
	username  TEXT NOT NULL,
	since     TEXT NOT NULL,                  -- the first refusal
	detail    TEXT NOT NULL DEFAULT '',       -- the server's answer, without secrets
	notice_id INTEGER REFERENCES outbox(id) ON DELETE SET NULL, -- the notice to the owner, once written
	PRIMARY KEY (server, username)
);
