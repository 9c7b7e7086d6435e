-- Search and retention.
-- card: the sealed citizen card (code, names, birth) from which the
-- in-memory search index is built at start, without opening whole files.
-- touched_at: when the operator last worked on the file (opened, noted);
-- with fetched_at it decides when a file not booked any more is purged.
ALTER TABLE citizens ADD COLUMN card BLOB;
ALTER TABLE citizens ADD COLUMN touched_at INTEGER NOT NULL DEFAULT 0;
UPDATE citizens SET touched_at = fetched_at;
-- Retention asks, for each file, whether its citizen is still booked.
CREATE INDEX slots_citizen ON slots(citizen_ref, day);
