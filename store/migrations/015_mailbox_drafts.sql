-- rapport schema 15: drafts filed in the owner's Drafts folder (the
-- "drafts" send mode), one row per outbox row filed there. The outbox row
-- stays a draft until the owner's sent copy settles it as sent.
--
-- state says what the mailbox side still needs:
--   append: committed before the APPEND; after a crash the folder is
--           searched for the draft (by its X-Rapport-Draft field and its
--           Message-ID) before appending again, so that there is one;
--   filed:  appended, at uid in folder (uid_validity), size octets;
--   done:   nothing more to do; outcome says why (sent by the owner,
--           withdrawn by rapport, deleted by the owner, left there).
CREATE TABLE mailbox_drafts (
	outbox_id     INTEGER PRIMARY KEY REFERENCES outbox(id) ON DELETE CASCADE,
	state         TEXT NOT NULL CHECK (state IN ('append', 'filed', 'done')),
	folder        TEXT NOT NULL DEFAULT '',
	uid_validity  INTEGER NOT NULL DEFAULT 0,
	uid           INTEGER NOT NULL DEFAULT 0,
	size          INTEGER NOT NULL DEFAULT 0,
	filed_at      TEXT,
	missing_since TEXT, -- when its UID was first found gone with no sent copy
	outcome       TEXT NOT NULL DEFAULT '',
	updated_at    TEXT NOT NULL
);
CREATE INDEX mailbox_drafts_state ON mailbox_drafts(state);
