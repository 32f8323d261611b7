-- rapport schema 17: a contact's keep-in-touch tier, how often the owner
-- wants to hear from them once thanked (workflow.Tier): A, B, C or D, ''
-- for none (workflow.keep_in_touch_after applies). Every contact an older
-- rapport stored has none, so nothing changes for them.
ALTER TABLE contacts ADD COLUMN keep_in_touch_tier TEXT NOT NULL DEFAULT ''
	CHECK (keep_in_touch_tier IN ('', 'A', 'B', 'C', 'D'));
