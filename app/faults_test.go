package app

import (
	"context"
	"testing"
	"time"

	"sportello/client/sandbox"
	"sportello/model"
)

// TestSyncConvergesAfterFaults queues work, syncs while the sandbox
// injects each fault, then with the faults off: the sync must succeed and
// leave the mirror equal to central, every action applied once.
func TestSyncConvergesAfterFaults(t *testing.T) {
	for name, f := range map[string]sandbox.Faults{
		"latency":        {Latency: 20 * time.Millisecond},
		"server errors":  {ServerErrors: 0.6},
		"dropped bodies": {Drops: 0.6},
		"malformed":      {Malformed: 0.6},
		"expired tokens": {ExpiredTokens: 0.6},
		"slow bodies":    {SlowBody: 2 * time.Millisecond},
		"everything":     {Latency: 5 * time.Millisecond, ServerErrors: 0.3, Drops: 0.3, Malformed: 0.3, ExpiredTokens: 0.3},
	} {
		t.Run(name, func(t *testing.T) {
			c, _, sb, url := testConsole(t)
			ctx := context.Background()
			if _, err := c.SyncOnce(ctx); err != nil {
				t.Fatal(err)
			}
			for i := range 3 {
				slot := nextBooked(t, c, 0)
				if _, err := c.RecordSlotEvent(ctx, slot.ID, model.EventCheckIn, "", ""); err != nil {
					t.Fatal(err)
				}
				if _, err := c.RecordSlotEvent(ctx, slot.ID, model.EventNoShow, "", ""); err != nil {
					t.Fatal(err)
				}
				if err := c.AddNote(ctx, slot.CitizenCF, "Nota "+string(rune('A'+i))); err != nil {
					t.Fatal(err)
				}
			}
			sb.SetFaults(f)
			failed := 0
			for range 4 {
				if _, err := c.SyncOnce(ctx); err != nil {
					failed++
				}
			}
			sb.SetFaults(sandbox.Faults{})
			if _, err := c.SyncOnce(ctx); err != nil {
				t.Fatalf("sync after the faults stopped: %v", err)
			}
			assertConverged(t, c.store, sb, demoClient(t, url), 9)
			t.Logf("%s: %d of 4 syncs failed while faulty; converged after", name, failed)
		})
	}
}
