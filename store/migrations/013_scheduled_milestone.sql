-- rapport schema 13: when the contact's meeting was first arranged, so
-- that the digest's funnel reads requested → replied → scheduled → met →
-- thanked. The milestones of schema 8 were kept only for a few kinds of
-- event, and missed the usual roads: a meeting that ended by its timer,
-- a calendar invitation as the first answer, the owner's marks. The Go
-- step of this version (fillMilestones) fills every empty milestone from
-- the history, by the rule AppendHistory now follows.
ALTER TABLE contacts ADD COLUMN scheduled_at TEXT;
