-- Sealed values are bound to their place: each is sealed with the table,
-- the column and its row's key as associated data, so that one copied to
-- another row, column or table does not open. The schema does not change;
-- the values sealed before are opened and sealed again by the Go step of
-- this migration (bindSealed, in cache/bind.go), in its transaction.
SELECT 1;
