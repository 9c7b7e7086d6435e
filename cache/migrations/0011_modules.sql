-- Central's text modules: reusable parts of an answer per CRIC section,
-- kept so that the consultant inserts them offline too. Reference data,
-- nothing personal: not sealed. The list's ETag is kept in meta
-- (modules_etag), to ask central only for a changed list.
CREATE TABLE text_modules (
	id       TEXT PRIMARY KEY,
	section  TEXT NOT NULL,
	title    TEXT NOT NULL,
	body     TEXT NOT NULL,
	position INTEGER NOT NULL -- central's order
) STRICT;
CREATE INDEX text_modules_section ON text_modules(section, position);
