-- The wrap-up of a served ticket: outcome, services delivered, the time
-- flagged not representative and the note, as sealed JSON (NULL: none).
-- The note is free text that may name the citizen's affairs.
ALTER TABLE tickets ADD COLUMN wrapup BLOB; -- sealed
