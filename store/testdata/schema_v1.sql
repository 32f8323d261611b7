-- Frozen copy of schema 1 as the first release wrote it. Never edit: the
-- upgrade test starts from it to prove old databases still open.

-- rapport schema 1: contacts, their history, every message seen or sent,
-- the outbox and the per-folder mailbox checkpoints.
-- Times are UTC text in the fixed-width form 2006-01-02T15:04:05.000Z so
-- that they sort as text.

CREATE TABLE contacts (
	id            INTEGER PRIMARY KEY,
	name          TEXT NOT NULL,
	email         TEXT COLLATE NOCASE,          -- NULL while unknown
	company       TEXT NOT NULL DEFAULT '',
	role          TEXT NOT NULL DEFAULT '',
	field         TEXT NOT NULL DEFAULT '',     -- the occupation the owner is exploring
	source        TEXT NOT NULL DEFAULT '',     -- how the owner found them
	url           TEXT,                         -- a profile page, NULL when none
	introduced_by INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
	time_zone     TEXT NOT NULL DEFAULT '',
	notes         TEXT NOT NULL DEFAULT '',
	status        TEXT NOT NULL,
	paused_from   TEXT NOT NULL DEFAULT '',
	paused_at     TEXT,
	nudges        INTEGER NOT NULL DEFAULT 0,
	meeting_start TEXT,
	meeting_end   TEXT,
	meeting_place TEXT NOT NULL DEFAULT '',
	meeting_uid   TEXT NOT NULL DEFAULT '',
	meeting_seq   INTEGER NOT NULL DEFAULT 0,
	return_date   TEXT,
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX contacts_email ON contacts(email) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX contacts_url ON contacts(url) WHERE url IS NOT NULL;
CREATE INDEX contacts_status ON contacts(status);
CREATE INDEX contacts_introduced_by ON contacts(introduced_by) WHERE introduced_by IS NOT NULL;

-- Every applied event, note and edit, in order.
CREATE TABLE history (
	id          INTEGER PRIMARY KEY,
	contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
	at          TEXT NOT NULL,
	kind        TEXT NOT NULL,               -- a workflow event kind, or note / edited
	from_status TEXT NOT NULL DEFAULT '',
	to_status   TEXT NOT NULL DEFAULT '',
	why         TEXT NOT NULL DEFAULT '',
	detail      TEXT NOT NULL DEFAULT '',
	message_id  TEXT NOT NULL DEFAULT '',
	source      TEXT NOT NULL DEFAULT ''     -- cli, mail, timer, import
);
CREATE INDEX history_contact ON history(contact_id, id);

-- Every message seen or sent, once.
CREATE TABLE messages (
	id          INTEGER PRIMARY KEY,
	key         TEXT NOT NULL UNIQUE,        -- the Message-ID, or a fallback key when it has none
	message_id  TEXT NOT NULL DEFAULT '',
	direction   TEXT NOT NULL CHECK (direction IN ('in', 'out')),
	contact_id  INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
	kind        TEXT NOT NULL DEFAULT '',
	sender      TEXT NOT NULL DEFAULT '',
	subject     TEXT NOT NULL DEFAULT '',
	date        TEXT,
	in_reply_to TEXT NOT NULL DEFAULT '',
	folder      TEXT NOT NULL DEFAULT '',
	uid         INTEGER,
	recorded_at TEXT NOT NULL
);
CREATE INDEX messages_contact ON messages(contact_id, date) WHERE contact_id IS NOT NULL;

-- Outgoing mail, from draft to sent.
CREATE TABLE outbox (
	id          INTEGER PRIMARY KEY,
	contact_id  INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
	template    TEXT NOT NULL,
	status      TEXT NOT NULL CHECK (status IN
	            ('draft', 'approved', 'sending', 'sent', 'failed', 'uncertain', 'skipped', 'cancelled')),
	message_id  TEXT NOT NULL UNIQUE,
	in_reply_to TEXT NOT NULL DEFAULT '',
	refs        TEXT NOT NULL DEFAULT '',
	recipients  TEXT NOT NULL DEFAULT '',
	subject     TEXT NOT NULL DEFAULT '',
	body        TEXT NOT NULL DEFAULT '',
	not_before  TEXT,
	attempts    INTEGER NOT NULL DEFAULT 0,
	last_error  TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	sent_at     TEXT
);
CREATE INDEX outbox_status ON outbox(status, not_before);
CREATE INDEX outbox_contact ON outbox(contact_id);

-- Per watched folder: the highest UID whose effects are committed.
CREATE TABLE mailboxes (
	folder       TEXT PRIMARY KEY,
	uid_validity INTEGER NOT NULL,
	last_uid     INTEGER NOT NULL DEFAULT 0,
	updated_at   TEXT NOT NULL
);
