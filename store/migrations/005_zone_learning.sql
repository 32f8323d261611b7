-- rapport schema 5: time zones learned from the Date of a contact's mail.

-- 1 when rapport guessed time_zone from their mail, 0 when the owner set
-- it (or it is unknown): a zone the owner set is never replaced.
ALTER TABLE contacts ADD COLUMN time_zone_learned INTEGER NOT NULL DEFAULT 0;

-- The dates of a contact's latest mail: when it was written and the UTC
-- offset its Date header gave, in seconds east of UTC. At most the 20 most
-- recent per contact are kept.
CREATE TABLE zone_observations (
	id         INTEGER PRIMARY KEY,
	contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
	at         TEXT NOT NULL,
	utc_offset INTEGER NOT NULL
);
CREATE INDEX zone_observations_contact ON zone_observations(contact_id, at);
