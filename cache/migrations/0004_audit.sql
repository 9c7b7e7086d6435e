-- The audit queue: every opening of a citizen's file, recorded at once
-- (offline too) and sent to central by the sync loop, then deleted. Like
-- the outbox it is never dropped with the mirror; the codice fiscale is
-- sealed with the outbox key.
CREATE TABLE audit_queue (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	id TEXT NOT NULL UNIQUE,
	operator_id TEXT NOT NULL,
	action TEXT NOT NULL,
	cf BLOB NOT NULL,
	at INTEGER NOT NULL,
	offline INTEGER NOT NULL
);
