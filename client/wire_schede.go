package client

import (
	"fmt"
	"time"

	"sportello/model"
)

// Linea INPS schede on the wire, and the consultant's operations on them.

// SchedaJSON is a Linea INPS scheda on the wire.
type SchedaJSON struct {
	ID          string       `json:"id"`
	Number      string       `json:"number"`
	Section     string       `json:"section"`
	Status      string       `json:"status"`
	ReceivedAt  time.Time    `json:"received_at"`
	CitizenCF   string       `json:"citizen_cf"`
	Subject     string       `json:"subject"`
	Question    string       `json:"question"`
	HolderID    string       `json:"holder_id,omitempty"`
	HolderName  string       `json:"holder_name,omitempty"`
	InfoRequest string       `json:"info_request,omitempty"`
	Answer      string       `json:"answer,omitempty"`
	AnsweredAt  *time.Time   `json:"answered_at,omitempty"`
	ForwardedTo string       `json:"forwarded_to,omitempty"`
	Reason      string       `json:"forward_reason,omitempty"`
	SlotID      string       `json:"slot_id,omitempty"`
	Waits       []PeriodJSON `json:"waits,omitempty"`
	Version     int64        `json:"version"`
}

// SchedeJSON is the answer of GET /v1/schede.
type SchedeJSON struct {
	Schede []SchedaJSON `json:"schede"`
}

// VersionRequest is the body of a claim: the version the operator saw.
type VersionRequest struct {
	Version int64 `json:"version"`
}

// AnswerRequest is the body of POST /v1/schede/{id}/answer.
type AnswerRequest struct {
	Version int64  `json:"version"`
	Text    string `json:"text"`
}

// InfoRequest is the body of POST /v1/schede/{id}/request_info.
type InfoRequest struct {
	Version int64  `json:"version"`
	Text    string `json:"text"`
}

// ForwardRequest is the body of POST /v1/schede/{id}/forward.
type ForwardRequest struct {
	Version   int64  `json:"version"`
	Direzione string `json:"direzione"`
	Reason    string `json:"reason"`
}

// ConvertRequest is the body of POST /v1/schede/{id}/convert.
type ConvertRequest struct {
	Version int64  `json:"version"`
	SlotID  string `json:"slot_id"`
	Channel string `json:"channel"`
}

// ConversionJSON is the answer of a conversion.
type ConversionJSON struct {
	Scheda SchedaJSON `json:"scheda"`
	Slot   SlotJSON   `json:"slot"`
}

// Model converts a scheda, rejecting values outside the contract.
func (s SchedaJSON) Model() (model.Scheda, error) {
	sc := model.Scheda{ID: s.ID, Number: s.Number, Section: model.Section(s.Section), Status: model.SchedaStatus(s.Status),
		ReceivedAt: s.ReceivedAt, CitizenCF: s.CitizenCF, Subject: s.Subject, Question: s.Question,
		HolderID: s.HolderID, HolderName: s.HolderName, InfoRequest: s.InfoRequest, Answer: s.Answer, ForwardedTo: s.ForwardedTo,
		ForwardReason: s.Reason, SlotID: s.SlotID, Version: s.Version}
	if s.AnsweredAt != nil {
		sc.AnsweredAt = *s.AnsweredAt
	}
	waits, err := periodsModel(s.Waits)
	if err != nil {
		return sc, fmt.Errorf("scheda %s: %w", s.ID, err)
	}
	sc.Waits = waits
	switch {
	case s.ID == "" || s.Number == "":
		return sc, fmt.Errorf("scheda without id or number")
	case !sc.Section.Valid():
		return sc, fmt.Errorf("scheda %s: unknown section %q", s.ID, s.Section)
	case !sc.Status.Valid():
		return sc, fmt.Errorf("scheda %s: unknown status %q", s.ID, s.Status)
	case model.ValidateCF(s.CitizenCF) != nil:
		return sc, fmt.Errorf("scheda %s: invalid codice fiscale", s.ID)
	case s.ReceivedAt.IsZero() || s.Question == "" || s.Version < 1:
		return sc, fmt.Errorf("scheda %s: missing question, date or version", s.ID)
	case sc.Status != model.SchedaNew && s.HolderID == "":
		return sc, fmt.Errorf("scheda %s: taken in charge without a holder", s.ID)
	}
	return sc, nil
}

// SchedaToJSON converts a model scheda to the wire.
func SchedaToJSON(s model.Scheda) SchedaJSON {
	out := SchedaJSON{ID: s.ID, Number: s.Number, Section: string(s.Section), Status: string(s.Status),
		ReceivedAt: s.ReceivedAt, CitizenCF: s.CitizenCF, Subject: s.Subject, Question: s.Question,
		HolderID: s.HolderID, HolderName: s.HolderName, InfoRequest: s.InfoRequest, Answer: s.Answer, ForwardedTo: s.ForwardedTo,
		Reason: s.ForwardReason, SlotID: s.SlotID, Waits: periodsJSON(s.Waits), Version: s.Version}
	if !s.AnsweredAt.IsZero() {
		at := s.AnsweredAt
		out.AnsweredAt = &at
	}
	return out
}

// Model converts the list of schede.
func (s SchedeJSON) Model() ([]model.Scheda, error) {
	out := make([]model.Scheda, 0, len(s.Schede))
	for _, sj := range s.Schede {
		sc, err := sj.Model()
		if err != nil {
			return nil, err
		}
		out = append(out, sc)
	}
	return out, nil
}

// Conversion is a scheda turned into an appointment.
type Conversion struct {
	Scheda model.Scheda
	Slot   model.Slot
}

// Model converts a conversion.
func (c ConversionJSON) Model() (Conversion, error) {
	sc, err1 := c.Scheda.Model()
	sl, err2 := c.Slot.Model()
	if err := firstErr(err1, err2); err != nil {
		return Conversion{}, err
	}
	if sc.SlotID != sl.ID || sl.CitizenCF != sc.CitizenCF {
		return Conversion{}, fmt.Errorf("conversion: scheda and slot do not match")
	}
	return Conversion{Scheda: sc, Slot: sl}, nil
}
