package cache

import (
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// undoSince7 takes back what the migrations after 7 added to the schema,
// so that the old cache of the binding tests (made with today's schema and
// set to version 7) has version 7's schema. Each migration that changes
// the schema after 7 adds its undoing here.
var undoSince7 = []string{
	// 0009_ticket_counter.sql
	`ALTER TABLE tickets DROP COLUMN recalls; ALTER TABLE tickets DROP COLUMN max_recalls;
	ALTER TABLE tickets DROP COLUMN transfers; ALTER TABLE tickets DROP COLUMN priority;
	ALTER TABLE tickets DROP COLUMN transfer_desk; ALTER TABLE tickets DROP COLUMN transfer_reason;
	ALTER TABLE tickets DROP COLUMN transfer_note`,
	// 0010_visits.sql
	`ALTER TABLE slots DROP COLUMN visit`,
	// 0011_modules.sql
	`DROP TABLE text_modules`,
	// 0012_ticket_wrapup.sql
	`ALTER TABLE tickets DROP COLUMN wrapup`,
	// 0014_capacity.sql
	`DROP TABLE capacity_offices; DROP TABLE capacity_agenda; DROP TABLE capacity_unmet; DROP TABLE capacity_waits`,
}

// latestVersion is the number of the last migration of the mirror.
func latestVersion(t *testing.T) int {
	t.Helper()
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil || len(names) == 0 {
		t.Fatal("no migrations", err)
	}
	slices.Sort(names)
	n, err := strconv.Atoi(strings.SplitN(path.Base(names[len(names)-1]), "_", 2)[0])
	if err != nil {
		t.Fatal(err)
	}
	return n
}
