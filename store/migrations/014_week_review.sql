-- rapport schema 14: what the weekly look back in the digest reads that
-- the history does not keep on its own.
--
-- The questions of the owner's question bank that worked well, per
-- contact and week: from the debrief ("Good questions: 2, 5") or a mail
-- command ("#12 good 2 5"). The question's words are kept as they were
-- when marked, so that editing the bank later renames nothing.
CREATE TABLE question_marks (
	contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
	week       TEXT NOT NULL,                 -- the Monday of the week marked, YYYY-MM-DD in the owner's zone
	number     INTEGER NOT NULL,              -- Q3 is 3
	question   TEXT NOT NULL,                 -- its words when marked
	at         TEXT NOT NULL,
	source     TEXT NOT NULL DEFAULT '',      -- mail, cli
	PRIMARY KEY (contact_id, week, number)
);
CREATE INDEX question_marks_at ON question_marks(at);

-- What the owner learned from a contact, in their words from the debrief
-- (the answer to "What did you learn?"), on one line.
CREATE TABLE learned (
	id         INTEGER PRIMARY KEY,
	contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
	at         TEXT NOT NULL,
	text       TEXT NOT NULL
);
CREATE INDEX learned_at ON learned(at);
