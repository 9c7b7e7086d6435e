package sandbox

import (
	"net/http"

	"sportello/client"
	"sportello/model"
)

// maxAuditBatch bounds one audit batch.
const maxAuditBatch = 500

func (s *Sandbox) handleAudit(w http.ResponseWriter, r *http.Request) {
	var batch client.AuditBatchJSON
	data, err := readAll(w, r, 1<<20)
	if err == nil {
		err = decodeBody(data, &batch)
	}
	if err != nil || len(batch.Events) == 0 || len(batch.Events) > maxAuditBatch {
		writeError(w, http.StatusBadRequest, "bad_request", "Lotto di audit non valido (da 1 a 500 eventi).")
		return
	}
	op := caller(r)
	for _, e := range batch.Events {
		if e.OperatorID != op.ID {
			writeError(w, http.StatusForbidden, "forbidden", "Un operatore invia solo i propri eventi di audit.")
			return
		}
		if len(e.ID) < 8 || (e.CitizenCF != "" && model.ValidateCF(e.CitizenCF) != nil) || e.At.IsZero() || !model.AccessReason(e.Reason).Valid() {
			writeError(w, http.StatusBadRequest, "bad_request", "Evento di audit non valido.")
			return
		}
	}
	ctx := r.Context()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	defer tx.Rollback()
	var res client.AuditResultJSON
	for _, e := range batch.Events {
		out, err := tx.ExecContext(ctx, `INSERT INTO audit(id, operator_id, action, citizen_cf, reason, ref, at, offline, received_by, received_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`,
			e.ID, e.OperatorID, e.Action, e.CitizenCF, e.Reason, e.Ref, e.At.Unix(), e.Offline, op.ID, s.now().Unix())
		if err != nil {
			s.internal(w, r, err)
			return
		}
		if n, _ := out.RowsAffected(); n == 1 {
			res.Accepted++
		} else {
			res.Duplicates++
		}
	}
	if err := tx.Commit(); err != nil {
		s.internal(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}
