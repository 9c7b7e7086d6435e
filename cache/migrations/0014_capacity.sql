-- The head of structure's picture (GET /v1/capacity): the agendas of the
-- offices in scope counted by sportello, day, service and channel, the
-- booking searches that found no free slot and the reception's waits.
-- Counts only, nothing personal: not sealed. The picture's ETag, its days
-- and when it was last refreshed are kept in meta (capacity_etag,
-- capacity_from, capacity_to, capacity_refreshed).
CREATE TABLE capacity_offices (
	code     TEXT PRIMARY KEY,
	name     TEXT NOT NULL,
	desks    TEXT NOT NULL, -- the sportelli, one a line, in central's order
	position INTEGER NOT NULL
) STRICT;
CREATE TABLE capacity_agenda (
	office    TEXT NOT NULL,
	desk      TEXT NOT NULL,
	day       TEXT NOT NULL, -- YYYY-MM-DD
	service   TEXT NOT NULL,
	channel   TEXT NOT NULL,
	slots     INTEGER NOT NULL,
	booked    INTEGER NOT NULL,
	free      INTEGER NOT NULL,
	blocked   INTEGER NOT NULL,
	completed INTEGER NOT NULL,
	no_show   INTEGER NOT NULL,
	PRIMARY KEY (office, desk, day, service, channel)
) STRICT, WITHOUT ROWID;
CREATE TABLE capacity_unmet (
	office   TEXT NOT NULL,
	day      TEXT NOT NULL,
	service  TEXT NOT NULL,
	channel  TEXT NOT NULL,
	searches INTEGER NOT NULL,
	PRIMARY KEY (office, day, service, channel)
) STRICT, WITHOUT ROWID;
CREATE TABLE capacity_waits (
	office  TEXT NOT NULL,
	day     TEXT NOT NULL,
	tickets INTEGER NOT NULL,
	mean_s  INTEGER NOT NULL,
	p90_s   INTEGER NOT NULL,
	PRIMARY KEY (office, day)
) STRICT, WITHOUT ROWID;
