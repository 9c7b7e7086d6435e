-- The operator's queued work, in a file of its own beside the mirror
-- (synchronous=FULL): a damaged mirror cannot take it along, and a power
-- cut after "saved" keeps it. The tables are those the mirror held until
-- then, in their last shape; Open moves their rows here once.
CREATE TABLE queue_meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;
CREATE TABLE outbox (
	seq        INTEGER PRIMARY KEY AUTOINCREMENT,
	key        TEXT NOT NULL UNIQUE,  -- Idempotency-Key, the same on every retry
	kind       TEXT NOT NULL,         -- slot_event, note, …
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
CREATE TABLE conflicts (
	seq        INTEGER PRIMARY KEY REFERENCES outbox(seq),
	server     BLOB,                  -- sealed JSON of the entity as central has it
	message    TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	resolved   INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE TABLE audit_queue (
	seq         INTEGER PRIMARY KEY AUTOINCREMENT,
	id          TEXT NOT NULL UNIQUE,
	operator_id TEXT NOT NULL,
	action      TEXT NOT NULL,
	cf          BLOB NOT NULL,
	at          INTEGER NOT NULL,
	offline     INTEGER NOT NULL,
	reason      TEXT NOT NULL DEFAULT '',
	ref         TEXT NOT NULL DEFAULT '',
	sent_at     INTEGER
);
CREATE INDEX audit_waiting ON audit_queue(seq) WHERE sent_at IS NULL;
CREATE INDEX audit_at ON audit_queue(at);
CREATE TABLE drafts (
	scheda_id  TEXT PRIMARY KEY,
	text       BLOB NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;
CREATE TABLE bookings (
	key        TEXT PRIMARY KEY,  -- the outbox row's key
	created_at INTEGER NOT NULL,
	state      TEXT NOT NULL DEFAULT 'pending', -- pending, done, conflict, rejected (as the outbox row)
	data       BLOB NOT NULL      -- sealed JSON: the request and the slot as central booked it
) STRICT;
CREATE INDEX bookings_created ON bookings(created_at);
