-- Reception and Punto INPS: when each slot was served, the booking
-- requests made at this console, and the office's queue tickets.
ALTER TABLE slots ADD COLUMN served_from INTEGER NOT NULL DEFAULT 0; -- unix seconds, 0: not known
ALTER TABLE slots ADD COLUMN served_to INTEGER NOT NULL DEFAULT 0;

-- A booking request and what became of it: the confirmation to show and
-- print, the conflict to offer alternatives for. Like the outbox it is the
-- operator's work: sealed with the outbox key, kept when the mirror is
-- dropped.
CREATE TABLE bookings (
	key        TEXT PRIMARY KEY,  -- the outbox row's key
	created_at INTEGER NOT NULL,
	state      TEXT NOT NULL DEFAULT 'pending', -- pending, done, conflict, rejected (as the outbox row)
	data       BLOB NOT NULL      -- sealed JSON: the request and the slot as central booked it
) STRICT;
CREATE INDEX bookings_created ON bookings(created_at);

-- Queue tickets (elimina code) of the office's days. No personal data:
-- a ticket is a reason and a number.
CREATE TABLE tickets (
	id        TEXT PRIMARY KEY,
	office    TEXT NOT NULL,
	day       TEXT NOT NULL,
	reason    TEXT NOT NULL,
	number    INTEGER NOT NULL,
	status    TEXT NOT NULL,
	issued_at INTEGER NOT NULL,
	called_at INTEGER NOT NULL DEFAULT 0,
	done_at   INTEGER NOT NULL DEFAULT 0,
	desk      TEXT NOT NULL DEFAULT '',
	version   INTEGER NOT NULL,
	was       INTEGER NOT NULL DEFAULT 0 -- the number printed, when central gave another
) STRICT;
CREATE INDEX tickets_day ON tickets(day, status, issued_at);
