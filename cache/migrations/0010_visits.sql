-- The visit served on a slot: the services added, the time flagged not
-- representative, its transfers (desk from, note for the colleague) and
-- its priority, as sealed JSON (NULL: nothing recorded).
ALTER TABLE slots ADD COLUMN visit BLOB; -- sealed
