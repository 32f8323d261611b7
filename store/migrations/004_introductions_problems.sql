-- rapport schema 4: the mail that introduced a contact, so that the intro
-- reply can answer it in its thread; and problems for the owner's digest.

-- One row per introduced contact: the introduction as it was forwarded.
CREATE TABLE introductions (
	contact_id INTEGER PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
	message_id TEXT NOT NULL DEFAULT '', -- the introduction's own Message-ID, '' when the forward lost it
	subject    TEXT NOT NULL DEFAULT '',
	sender     TEXT NOT NULL DEFAULT '', -- "Name <address>"
	date       TEXT,
	body       TEXT NOT NULL DEFAULT ''  -- its plain text, for the reply to quote
);

-- Things that went wrong and that no contact's history holds: mail that
-- claimed to be the owner's and was not authenticated, and the like.
CREATE TABLE problems (
	id     INTEGER PRIMARY KEY,
	at     TEXT NOT NULL,
	kind   TEXT NOT NULL,
	detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX problems_at ON problems(at);
