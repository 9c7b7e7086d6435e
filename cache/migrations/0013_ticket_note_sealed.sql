-- A ticket's transfer note is free text the desk writes for the colleague:
-- it may name the citizen or their affairs, so it is sealed, as a visit's
-- (0010). The column of 0009 held it in clear: it goes, and the notes
-- with it (central sends them again with the ticket's next change).
ALTER TABLE tickets DROP COLUMN transfer_note;
ALTER TABLE tickets ADD COLUMN transfer_note BLOB; -- sealed, by ticket id
