-- rapport schema 18: under the 3B7 routine, a contact still waiting for an
-- answer is held when a colleague at their organisation answers
-- (workflow.State.HeldBy, HeldAt): their nudges wait for the owner's go on
-- or hold. 0 and NULL for a contact not held, which every contact an older
-- rapport stored is.
ALTER TABLE contacts ADD COLUMN held_by INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contacts ADD COLUMN held_at TEXT;
-- Few contacts are ever held: the daily digest and each reply notice find
-- them through this partial index instead of reading every contact.
CREATE INDEX contacts_held_by ON contacts(held_by) WHERE held_by != 0;
