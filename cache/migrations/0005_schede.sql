-- Linea INPS schede of the consultant's sections, the drafts of their
-- answers, and a blind full-text index of the answered ones (the experts'
-- shared answers). Personal fields are sealed; the index holds only keyed
-- hashes of word stems, so nothing on disk reveals a question in clear.
CREATE TABLE schede (
	rid         INTEGER PRIMARY KEY, -- stable: the answer index refers to it
	id          TEXT NOT NULL UNIQUE,
	section     TEXT NOT NULL,
	status      TEXT NOT NULL,
	received_at INTEGER NOT NULL,     -- unix seconds
	closed_at   INTEGER NOT NULL DEFAULT 0,
	holder_id   TEXT NOT NULL DEFAULT '',
	citizen_ref TEXT NOT NULL,
	citizen_cf  BLOB NOT NULL,        -- sealed
	data        BLOB NOT NULL,        -- sealed JSON of the scheda
	version     INTEGER NOT NULL
) STRICT;
CREATE INDEX schede_inbox ON schede(status, section, received_at);
CREATE INDEX schede_citizen ON schede(citizen_ref);

-- The answer being written to a scheda, saved as the consultant types.
-- Like the outbox it is the operator's work: sealed with the outbox key,
-- kept when the mirror is dropped, deleted when the answer is queued.
CREATE TABLE drafts (
	scheda_id  TEXT PRIMARY KEY,
	text       BLOB NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;

-- rowid = schede.rid of an answered scheda; words are blind tokens of
-- the scheda's section and word stems.
CREATE VIRTUAL TABLE answer_index USING fts5(words, content='', contentless_delete=1);
-- How many answers hold each token (and, under the section's name, how
-- many answers a section has), kept with the index: a search looks for
-- the telling words only. (FTS5's own vocabulary table counts by reading
-- whole posting lists: too slow to ask at every search.)
CREATE TABLE answer_terms (
	term TEXT PRIMARY KEY,
	docs INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
