-- The local mirror of the operator's agenda and of the callers' files.
-- Personal fields are sealed (AES-GCM) by the cache package; codici fiscali
-- are stored only sealed, and looked up by a keyed hash (citizen_ref).
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

CREATE TABLE citizens (
	ref        TEXT PRIMARY KEY,  -- keyed hash of the codice fiscale
	data       BLOB NOT NULL,     -- sealed JSON of the file
	fetched_at INTEGER NOT NULL   -- unix seconds
) STRICT;

CREATE TABLE slots (
	id          TEXT PRIMARY KEY,
	day         TEXT NOT NULL,    -- YYYY-MM-DD in Europe/Rome
	start       INTEGER NOT NULL, -- unix seconds
	end         INTEGER NOT NULL,
	desk        TEXT NOT NULL,
	channel     TEXT NOT NULL,
	service     TEXT NOT NULL,
	level       INTEGER NOT NULL,
	status      TEXT NOT NULL,
	citizen_ref TEXT NOT NULL DEFAULT '',
	citizen_cf  BLOB,             -- sealed
	meeting_url BLOB,             -- sealed
	phone       BLOB,             -- sealed
	version     INTEGER NOT NULL
) STRICT;

CREATE INDEX slots_day_start ON slots(day, start);
