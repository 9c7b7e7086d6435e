package cache

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"sportello/model"
)

// BenchmarkApplyPull10k applies a pull of 10,000 changed slots as the sync
// does (pages of 500, each with its cursor in one transaction, personal
// fields sealed, pending slots guarded), and in the same run inserts the
// same rows, unsealed, into a bare SQLite table of the same columns and
// indexes in one prepared bulk transaction. It reports both and their
// ratio (bare/apply; the aim is at least 0.85). The pages are decoded into
// changes before the clock starts, as the client hands them to the pull.
func BenchmarkApplyPull10k(b *testing.B) {
	const n, page = 10_000, 500
	s, err := Open(filepath.Join(b.TempDir(), "cache.db"), NewKeys())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	bare, err := sql.Open("sqlite", dsn(filepath.Join(b.TempDir(), "bare.db"), false))
	if err != nil {
		b.Fatal(err)
	}
	defer bare.Close()
	bare.SetMaxOpenConns(1)
	if _, err := bare.Exec(`CREATE TABLE slots (id TEXT PRIMARY KEY, day TEXT NOT NULL, start INTEGER NOT NULL,
		end INTEGER NOT NULL, office TEXT NOT NULL, desk TEXT NOT NULL, channel TEXT NOT NULL, service TEXT NOT NULL,
		level INTEGER NOT NULL, status TEXT NOT NULL, citizen_ref TEXT NOT NULL, citizen_cf BLOB, meeting_url BLOB,
		phone BLOB, outcome TEXT NOT NULL, note BLOB, version INTEGER NOT NULL) STRICT;
		CREATE INDEX slots_day_start ON slots(day, start);
		CREATE INDEX slots_citizen ON slots(citizen_ref, day)`); err != nil {
		b.Fatal(err)
	}
	slots := func(round int) []model.Slot {
		out := make([]model.Slot, n)
		for i := range out {
			start := day.Add(time.Duration(i%300)*2*time.Minute).AddDate(0, 0, i/300)
			out[i] = model.Slot{ID: fmt.Sprintf("r%d-s%05d", round, i), Start: start, End: start.Add(10 * time.Minute),
				Office: "7800", Desk: fmt.Sprintf("Sportello %d", i%12), Channel: model.ChannelPhone, Service: "Certificazione Unica",
				Level: 1, Status: model.StatusBooked, CitizenCF: rossi.CF, Phone: "+39 333 123 4567", Version: 1}
		}
		return out
	}
	ctx := context.Background()
	var applyTime, bareTime time.Duration
	round := 0
	for b.Loop() {
		round++
		batch := slots(round)
		feed := slotChanges(batch) // as the client decodes it, before the pull applies it
		began := time.Now()
		for from := 0; from < n; from += page {
			if err := s.ApplyChanges(ctx, feed[from:from+page], fmt.Sprint(round*n+from), day); err != nil {
				b.Fatal(err)
			}
		}
		applyTime += time.Since(began)

		began = time.Now()
		tx, err := bare.Begin()
		if err != nil {
			b.Fatal(err)
		}
		stmt, err := tx.Prepare(`INSERT INTO slots VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			b.Fatal(err)
		}
		for _, sl := range batch {
			if _, err := stmt.Exec(sl.ID, model.Day(sl.Start).Format(dayLayout), sl.Start.Unix(), sl.End.Unix(), sl.Office, sl.Desk,
				string(sl.Channel), sl.Service, int(sl.Level), string(sl.Status), sl.CitizenCF, []byte(sl.CitizenCF), nil,
				[]byte(sl.Phone), "", nil, sl.Version); err != nil {
				b.Fatal(err)
			}
		}
		stmt.Close()
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		bareTime += time.Since(began)
	}
	b.ReportMetric(float64(applyTime.Milliseconds())/float64(round), "apply-ms")
	b.ReportMetric(float64(bareTime.Milliseconds())/float64(round), "bare-ms")
	b.ReportMetric(float64(bareTime)/float64(applyTime), "ratio")
}

// slotChanges is slots as a page of the changes feed.
func slotChanges(slots []model.Slot) []model.Change {
	out := make([]model.Change, len(slots))
	for i, sl := range slots {
		out[i] = model.Change{Entity: sl}
	}
	return out
}
