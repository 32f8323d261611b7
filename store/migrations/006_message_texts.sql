-- rapport schema 6: the plain text of the messages of a conversation with
-- a contact, so that notices and the prep brief can quote the last ones.
-- Kept apart from messages: most recorded mail belongs to no contact.
CREATE TABLE message_texts (
	message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
	text       TEXT NOT NULL
);
