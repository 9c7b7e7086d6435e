package cache

import (
	"context"
	"testing"

	"sportello/model"
)

// An online action's entry (no citizen) joins the trail once, however
// many times its answer is read; one naming a citizen is refused.
func TestRecordActionQueuesAnEntryOnce(t *testing.T) {
	s, _ := openTemp(t, NewKeys())
	defer s.Close()
	ctx := context.Background()
	if err := s.ApplySnapshot(ctx, snapshot()); err != nil {
		t.Fatal(err)
	}
	e := AuditEntry{ID: "desk-key-1", Action: "desk_clone", Reason: model.AccessManagement, Ref: "7800/Sportello 2", At: at(9, 0)}
	for range 2 {
		if err := s.RecordAction(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	pending, err := s.PendingAudit(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) != 1 || pending[0].ID != e.ID || pending[0].CF != "" || pending[0].Ref != e.Ref || pending[0].OperatorID != "demo" {
		t.Fatalf("pending = %+v", pending)
	}
	e.ID, e.CF = "desk-key-2", rossi.CF
	if err := s.RecordAction(ctx, e); err == nil {
		t.Error("an action entry naming a citizen was queued")
	}
}
