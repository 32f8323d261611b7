-- rapport schema 10: a contact's other addresses. contacts.email stays the
-- address rapport writes to; an answer from another address of theirs (in
-- their thread, from home) adds it here so that later mail from it, the
-- last look before a nudge and the owner's commands find the same contact.
-- An address belongs to one contact at most, here or in contacts.email.
CREATE TABLE contact_addresses (
	address    TEXT COLLATE NOCASE NOT NULL PRIMARY KEY,
	contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
	added_at   TEXT NOT NULL,
	why        TEXT NOT NULL DEFAULT ''              -- how rapport learned it
);
CREATE INDEX contact_addresses_contact ON contact_addresses(contact_id);
