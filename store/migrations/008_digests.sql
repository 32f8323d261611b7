-- rapport schema 8: one row per daily digest, so that a day gets exactly
-- one across restarts; each contact's milestones, so that the digest's
-- funnel is one pass over the contacts instead of a million history
-- entries; and the indexes the digest's lists need.
CREATE TABLE digests (
	day       TEXT PRIMARY KEY,               -- YYYY-MM-DD in the owner's zone
	outbox_id INTEGER REFERENCES outbox(id) ON DELETE SET NULL,
	at        TEXT NOT NULL                   -- when it was written
) WITHOUT ROWID;
-- The lists of bounces and referrals read the latest entries of a kind.
CREATE INDEX history_kind_at ON history(kind, at);
CREATE INDEX contacts_status_updated ON contacts(status, updated_at);
CREATE INDEX contacts_meeting ON contacts(meeting_start) WHERE meeting_start IS NOT NULL;

-- When the contact first reached each step: the first request sent, the
-- first reply after it (and how many days it took), the first meeting,
-- the first thank-you. AppendHistory keeps them.
ALTER TABLE contacts ADD COLUMN requested_at TEXT;
ALTER TABLE contacts ADD COLUMN replied_at TEXT;
ALTER TABLE contacts ADD COLUMN reply_days REAL;
ALTER TABLE contacts ADD COLUMN met_at TEXT;
ALTER TABLE contacts ADD COLUMN thanked_at TEXT;
UPDATE contacts SET
	requested_at = (SELECT MIN(at) FROM history h WHERE h.contact_id = contacts.id AND h.kind = 'request_sent'),
	met_at = (SELECT MIN(at) FROM history h WHERE h.contact_id = contacts.id AND h.kind = 'met'),
	thanked_at = (SELECT MIN(at) FROM history h WHERE h.contact_id = contacts.id AND h.kind = 'thank_you_sent');
UPDATE contacts SET replied_at = (SELECT MIN(at) FROM history h WHERE h.contact_id = contacts.id
	AND h.kind = 'reply_received' AND h.at >= contacts.requested_at) WHERE requested_at IS NOT NULL;
UPDATE contacts SET reply_days = julianday(replied_at) - julianday(requested_at) WHERE replied_at IS NOT NULL;
CREATE INDEX contacts_reply_days ON contacts(reply_days) WHERE reply_days IS NOT NULL;
