-- rapport schema 3: what an outgoing message needs to be sent as drafted.
-- recipients holds the To addresses; cc, bcc and reply_to the others, each
-- a comma-separated list as written in RFC 5322 ("Name <a@b>, c@d").
-- audience says who it is for: the contact, or the owner (a notice).
ALTER TABLE outbox ADD COLUMN cc TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN bcc TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN reply_to TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN audience TEXT NOT NULL DEFAULT 'contact' CHECK (audience IN ('contact', 'owner'));
ALTER TABLE outbox ADD COLUMN nudge INTEGER NOT NULL DEFAULT 0;
-- for notices about a draft (notice_approve): the draft they are about.
ALTER TABLE outbox ADD COLUMN about INTEGER REFERENCES outbox(id) ON DELETE SET NULL;
CREATE INDEX outbox_about ON outbox(about);
