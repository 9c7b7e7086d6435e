-- The audit trail: besides the openings of citizens' files, every operator
-- action is recorded (in the transaction that queues it), with the reason
-- and the entity it concerns. Entries central acknowledged are kept, marked
-- sent, for the operator to see their own trail until the retention ends.
ALTER TABLE audit_queue ADD COLUMN reason TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_queue ADD COLUMN ref TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_queue ADD COLUMN sent_at INTEGER;
CREATE INDEX audit_waiting ON audit_queue(seq) WHERE sent_at IS NULL;
CREATE INDEX audit_at ON audit_queue(at);
