-- What the counter does to a queue ticket: recalls (and central's limit),
-- transfers with the target and the note for the colleague, the priority.
-- No personal data: the note says what to bring or where to go.
ALTER TABLE tickets ADD COLUMN recalls INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN max_recalls INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN transfers INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN priority TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN transfer_desk TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN transfer_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN transfer_note TEXT NOT NULL DEFAULT '';
