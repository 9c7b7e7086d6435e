-- The sync engine: the outbox of operator actions, conflicts, the changes
-- feed cursor (in meta) and the full caller's file.

-- Operator actions, in order. Written in the same transaction as the local
-- (optimistic) change; never deleted until sent. The payload is sealed.
CREATE TABLE outbox (
	seq        INTEGER PRIMARY KEY AUTOINCREMENT,
	key        TEXT NOT NULL UNIQUE,  -- Idempotency-Key, the same on every retry
	kind       TEXT NOT NULL,         -- slot_event, note
	target     TEXT NOT NULL,         -- slot id, or citizen ref
	payload    BLOB NOT NULL,         -- sealed JSON
	created_at INTEGER NOT NULL,
	attempts   INTEGER NOT NULL DEFAULT 0,
	state      TEXT NOT NULL DEFAULT 'pending', -- pending, done, conflict, rejected
	error      TEXT NOT NULL DEFAULT '',
	done_at    INTEGER
) STRICT;
CREATE INDEX outbox_pending ON outbox(state, seq);
CREATE INDEX outbox_pending_target ON outbox(target) WHERE state = 'pending';

-- An action the server refused because the entity changed centrally: both
-- versions, until the operator resolves it.
CREATE TABLE conflicts (
	seq        INTEGER PRIMARY KEY REFERENCES outbox(seq),
	server     BLOB,                  -- sealed JSON of the entity as central has it
	message    TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	resolved   INTEGER NOT NULL DEFAULT 0
) STRICT;

ALTER TABLE slots ADD COLUMN office TEXT NOT NULL DEFAULT '';
ALTER TABLE slots ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE slots ADD COLUMN note BLOB;  -- sealed

ALTER TABLE citizens ADD COLUMN etag TEXT NOT NULL DEFAULT '';
ALTER TABLE citizens ADD COLUMN stale INTEGER NOT NULL DEFAULT 0;
-- The name as the agenda shows it, sealed on its own: the day view need not
-- open whole files.
ALTER TABLE citizens ADD COLUMN name BLOB;
-- Files are now kept whole (history, cases, notes …): the old, partial
-- records are dropped and fetched again.
DELETE FROM citizens;
