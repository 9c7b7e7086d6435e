package cache

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"sportello/model"
)

// slotsVisit is a slot's visit (see visitRecord), by slot id.
var slotsVisit = column{"slots", "visit"}

// visitRecord is what the slots table keeps of the visit served on a slot,
// as JSON in its sealed visit column: the transfer note may name the
// citizen's affairs.
type visitRecord struct {
	Services          []string       `json:"s,omitempty"`
	NotRepresentative bool           `json:"nr,omitempty"`
	Transfers         int            `json:"t,omitempty"`
	TransferFrom      string         `json:"tf,omitempty"`
	TransferNote      string         `json:"tn,omitempty"`
	Priority          model.Priority `json:"p,omitempty"`
}

func visitOf(sl model.Slot) visitRecord {
	return visitRecord{Services: sl.Services, NotRepresentative: sl.NotRepresentative, Transfers: sl.Transfers,
		TransferFrom: sl.TransferFrom, TransferNote: sl.TransferNote, Priority: sl.Priority}
}

func (v visitRecord) empty() bool {
	return len(v.Services) == 0 && !v.NotRepresentative && v.Transfers == 0 && v.TransferFrom == "" &&
		v.TransferNote == "" && v.Priority == ""
}

// plain is the record's JSON, "" for an empty one (stored as NULL).
func (v visitRecord) plain() string {
	if v.empty() {
		return ""
	}
	b, _ := json.Marshal(v) // strings, ints and bools always encode
	return string(b)
}

// setInto copies the record into sl.
func (v visitRecord) setInto(sl *model.Slot) {
	sl.Services, sl.NotRepresentative, sl.Transfers = v.Services, v.NotRepresentative, v.Transfers
	sl.TransferFrom, sl.TransferNote, sl.Priority = v.TransferFrom, v.TransferNote, v.Priority
}

// openVisit reads the sealed visit of slot id into sl.
func (s *Store) openVisit(sealed []byte, sl *model.Slot) error {
	plain, err := s.seal.openString(sealed, slotsVisit.at(sl.ID))
	if err != nil || plain == "" {
		return err
	}
	var v visitRecord
	if err := json.Unmarshal([]byte(plain), &v); err != nil {
		return fmt.Errorf("slot %s: visit: %w", sl.ID, err)
	}
	v.setInto(sl)
	return nil
}

// slotVisitChange is what a visit's event changes of the mirrored slot,
// besides its status and version.
type slotVisitChange struct {
	visit         visitRecord
	desk, service string
	resetServed   bool // a transfer: the colleague starts again
}

// visitChange applies the visit's part of a (checked) event to the slot
// before it, as central will (client/sandbox's applyVisit), with the
// services named as the catalogue names them.
func (s *Store) visitChange(ctx context.Context, tx *sql.Tx, b slotBefore, a model.SlotEventAction) (slotVisitChange, error) {
	c := slotVisitChange{desk: b.Desk, service: b.Service}
	if b.Visit != "" {
		if err := json.Unmarshal([]byte(b.Visit), &c.visit); err != nil {
			return c, fmt.Errorf("visit: %w", err)
		}
	}
	v := &c.visit
	switch a.Event {
	case model.EventComplete:
		w := model.WrapUp{Outcome: a.Outcome, Services: a.Services, Note: a.Note, NotRepresentative: a.NotRepresentative}
		if err := w.Check(); err != nil {
			return c, fmt.Errorf("%w: %w", model.ErrTransition, err)
		}
		for _, code := range a.Services {
			if name := s.serviceName(ctx, tx, code); name != b.Service && !slices.Contains(v.Services, name) {
				v.Services = append(v.Services, name) // the booked one counts by itself
			}
		}
		if len(v.Services) > model.MaxServicesPerVisit {
			return c, fmt.Errorf("%w: %w: too many services", model.ErrTransition, model.ErrWrapUp)
		}
		v.NotRepresentative = a.NotRepresentative
	case model.EventAddService:
		if len(a.Services) != 1 || len(v.Services) >= model.MaxServicesPerVisit {
			return c, fmt.Errorf("%w: one service to add, at most %d", model.ErrTransition, model.MaxServicesPerVisit)
		}
		name := s.serviceName(ctx, tx, a.Services[0])
		if name == b.Service || slices.Contains(v.Services, name) {
			return c, fmt.Errorf("%w: service already in the visit", model.ErrTransition)
		}
		v.Services = append(v.Services, name)
	case model.EventTransfer:
		if a.Desk != "" {
			c.desk = a.Desk
		}
		if a.Service != "" {
			c.service = s.serviceName(ctx, tx, a.Service)
		}
		if c.desk == b.Desk && c.service == b.Service {
			return c, fmt.Errorf("%w: transfer to the same desk and service", model.ErrTransition)
		}
		v.TransferFrom, v.TransferNote, v.Transfers = b.Desk, strings.TrimSpace(a.Note), v.Transfers+1
		c.resetServed = true
	case model.EventPriority:
		if !a.Priority.Valid() {
			return c, fmt.Errorf("%w: unknown priority", model.ErrTransition)
		}
		v.Priority = a.Priority
	}
	return c, nil
}

// serviceName is the name the catalogue gives a service code (the code
// itself when the catalogue is not mirrored or does not know it).
func (s *Store) serviceName(ctx context.Context, tx *sql.Tx, code string) string {
	v, err := metaValue(ctx, tx, "catalogue")
	if err != nil {
		return code
	}
	var c Catalogue
	if json.Unmarshal([]byte(v), &c) != nil {
		return code
	}
	for _, sv := range c.Services {
		if sv.Code == code {
			return sv.Name
		}
	}
	return code
}

// outcomesRecord is the catalogue of outcomes as stored, with when it was
// fetched.
type outcomesRecord struct {
	Outcomes []model.OutcomeInfo
	At       time.Time
}

// SetOutcomes stores central's catalogue of outcomes fetched at a time,
// for wrap-ups offline.
func (s *Store) SetOutcomes(ctx context.Context, outcomes []model.OutcomeInfo, at time.Time) error {
	v, err := jsonString(outcomesRecord{outcomes, at})
	if err != nil {
		return err
	}
	return s.write(ctx, "outcomes", func(tx *sql.Tx) error { return setMeta(ctx, tx, map[string]string{"outcomes": v}) })
}

// Outcomes returns the stored catalogue of outcomes and when it was
// fetched, or ErrNotCached.
func (s *Store) Outcomes(ctx context.Context) ([]model.OutcomeInfo, time.Time, error) {
	v, err := metaValue(ctx, s.r, "outcomes")
	if err != nil {
		return nil, time.Time{}, err
	}
	var r outcomesRecord
	if err := json.Unmarshal([]byte(v), &r); err != nil {
		return nil, time.Time{}, fmt.Errorf("cache: decode outcomes: %w", err)
	}
	if len(r.Outcomes) == 0 {
		return nil, time.Time{}, fmt.Errorf("%w: empty catalogue of outcomes", ErrNotCached)
	}
	return r.Outcomes, r.At, nil
}

// applySlotEvent updates the mirrored slot (as it was: b) for a checked
// event that takes it to status next.
func (s *Store) applySlotEvent(ctx context.Context, tx *sql.Tx, b slotBefore, next model.Status, a model.SlotEventAction) error {
	set := `UPDATE slots SET status = ?, version = version + 1 WHERE id = ?`
	args := []any{string(next), a.SlotID}
	switch a.Event {
	case model.EventStart:
		set = `UPDATE slots SET status = ?, served_from = ?, version = version + 1 WHERE id = ?`
		args = []any{string(next), a.At.Unix(), a.SlotID}
	case model.EventComplete:
		set = `UPDATE slots SET status = ?, outcome = ?, note = ?, served_to = ?, version = version + 1 WHERE id = ?`
		args = []any{string(next), string(a.Outcome), s.seal.sealString(a.Note, slotsNote.at(a.SlotID)), a.At.Unix(), a.SlotID}
	}
	if _, err := tx.ExecContext(ctx, set, args...); err != nil {
		return fmt.Errorf("update slot: %w", err)
	}
	switch a.Event {
	case model.EventComplete, model.EventAddService, model.EventTransfer, model.EventPriority:
	default:
		return nil
	}
	c, err := s.visitChange(ctx, tx, b, a)
	if err != nil {
		return err
	}
	served := `served_from`
	if c.resetServed {
		served = `0`
	}
	_, err = tx.ExecContext(ctx, `UPDATE slots SET desk = ?, service = ?, served_from = `+served+`, visit = ? WHERE id = ?`,
		c.desk, c.service, s.seal.sealString(c.visit.plain(), slotsVisit.at(a.SlotID)), a.SlotID)
	if err != nil {
		return fmt.Errorf("update visit: %w", err)
	}
	return nil
}
