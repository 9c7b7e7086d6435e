-- The operator's undo (see cache/undo.go): an action held in the outbox
-- for a few seconds before it may be sent, and what its entity was before
-- it, so that it can be taken back while central has not got it.
ALTER TABLE outbox ADD COLUMN hold_until INTEGER NOT NULL DEFAULT 0; -- unix ms; not sent before then (0: not held)
ALTER TABLE outbox ADD COLUMN before BLOB;                           -- sealed JSON of the entity before the action (NULL: cannot be taken back)
ALTER TABLE outbox ADD COLUMN maybe_sent INTEGER NOT NULL DEFAULT 0; -- 1: an attempt began, central may have it
