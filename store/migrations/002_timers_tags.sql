-- rapport schema 2: durable timers (one per contact and kind) and tags.

CREATE TABLE timers (
	contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
	kind       TEXT NOT NULL,
	due_at     TEXT NOT NULL,
	PRIMARY KEY (contact_id, kind)
) WITHOUT ROWID;
CREATE INDEX timers_due ON timers(due_at);

CREATE TABLE contact_tags (
	contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
	tag        TEXT NOT NULL,
	PRIMARY KEY (contact_id, tag)
) WITHOUT ROWID;
CREATE INDEX contact_tags_tag ON contact_tags(tag);
