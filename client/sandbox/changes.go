package sandbox

import (
	"context"
	"database/sql"
	"net/http"
	"strconv"

	"sportello/client"
)

// Changes feed page sizes.
const (
	defaultChangesLimit = 500
	maxChangesLimit     = 1000
)

// handleChanges serves the changes feed of the operator's scope: the slots
// of their desk (or office, without a desk), the schede for CRIC
// consultants, and the citizens those concern.
func (s *Sandbox) handleChanges(w http.ResponseWriter, r *http.Request) {
	s.versionHeaders(w)
	q := r.URL.Query()
	var since int64
	var err error
	if v := q.Get("since"); v != "" {
		if since, err = strconv.ParseInt(v, 10, 64); err != nil || since < 0 {
			writeError(w, http.StatusBadRequest, "bad_request", "Cursore non valido.")
			return
		}
	}
	limit := defaultChangesLimit
	if v := q.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > maxChangesLimit {
			writeError(w, http.StatusBadRequest, "bad_request", "Limite non valido (1-1000).")
			return
		}
	}
	op := caller(r)
	ctx := r.Context()
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		s.internal(w, r, err)
		return
	}
	defer tx.Rollback()
	var head int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM changelog`).Scan(&head); err != nil {
		s.internal(w, r, err)
		return
	}
	// A consultant's office is their CRIC (scope ?1, ?2); a desk
	// operator's slots are those of their desk, or office without one.
	scope := scopeArgs(op)
	if servesNoCitizen(op) {
		scope[0] = "" // no office: no slot, ticket or citizen of one
	}
	rows, err := tx.QueryContext(ctx, `SELECT c.seq, c.entity, c.id FROM changelog c WHERE c.seq > ?3 AND (
		(c.entity = 'slot' AND EXISTS (SELECT 1 FROM slots s WHERE s.id = c.id AND s.office_code = ?1 AND (?4 = '' OR s.desk = ?4)))
		OR (c.entity = 'scheda' AND EXISTS (SELECT 1 FROM schede k WHERE k.id = c.id AND `+schedeScope+`))
		OR (c.entity = 'ticket' AND EXISTS (SELECT 1 FROM tickets t WHERE t.id = c.id AND t.office_code = ?1))
		OR (c.entity = 'citizen' AND (
			EXISTS (SELECT 1 FROM slots s WHERE s.citizen_cf = c.id AND s.office_code = ?1 AND (?4 = '' OR s.desk = ?4))
			OR EXISTS (SELECT 1 FROM schede k WHERE k.citizen_cf = c.id AND `+schedeScope+`))))
		ORDER BY c.seq LIMIT ?5`, scope[0], scope[1], since, op.Desk, limit+1)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	type ref struct {
		seq        int64
		entity, id string
	}
	var refs []ref
	for rows.Next() {
		var rf ref
		if err := rows.Scan(&rf.seq, &rf.entity, &rf.id); err != nil {
			rows.Close()
			s.internal(w, r, err)
			return
		}
		refs = append(refs, rf)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		s.internal(w, r, err)
		return
	}
	out := client.ChangesJSON{Changes: []client.ChangeJSON{}, Cursor: strconv.FormatInt(max(head, since), 10)}
	if len(refs) > limit {
		refs, out.HasMore = refs[:limit], true
		out.Cursor = strconv.FormatInt(refs[limit-1].seq, 10)
	}
	for _, rf := range refs {
		ch, err := s.change(ctx, tx, rf.entity, rf.id)
		if err != nil {
			s.internal(w, r, err)
			return
		}
		out.Changes = append(out.Changes, ch)
	}
	writeJSON(w, http.StatusOK, out)
}

// change is one entry of the feed: the entity as it is now.
func (s *Sandbox) change(ctx context.Context, tx querier, entity, id string) (client.ChangeJSON, error) {
	ch := client.ChangeJSON{Entity: entity, ID: id}
	switch entity {
	case "slot":
		sl, err := s.loadSlot(ctx, tx, id)
		if err != nil {
			return ch, err
		}
		ch.Slot = &sl
	case "scheda":
		sc, err := loadScheda(ctx, tx, id)
		if err != nil {
			return ch, err
		}
		sj := client.SchedaToJSON(sc)
		ch.Scheda = &sj
	case "ticket":
		t, err := loadTicket(ctx, tx, id)
		if err != nil {
			return ch, err
		}
		ch.Ticket = &t
	}
	return ch, nil
}
