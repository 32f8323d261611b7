-- rapport schema 16: soft bounces, the reports that a message was given up
-- on with a temporary status (a full mailbox, greylisting that never let it
-- through): one row per report and address of a contact, until mail from
-- that address shows it works again. inbound decides what a run of them
-- means; a warning that the server is still trying is never a row.
--
-- A row is written in the transaction that records its message (messages,
-- deduplicated by key), and message_key is part of the key here too: a
-- report read twice, after a crash or from a second folder, counts once.
CREATE TABLE soft_bounces (
	message_key TEXT NOT NULL,                    -- messages.key of the report
	contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
	address     TEXT COLLATE NOCASE NOT NULL,     -- the address that failed
	at          TEXT NOT NULL,
	status      TEXT NOT NULL DEFAULT '',         -- the enhanced status code, 4.2.2
	PRIMARY KEY (message_key, address)
);
CREATE INDEX soft_bounces_contact ON soft_bounces(contact_id, address);
