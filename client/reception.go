package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"

	"sportello/model"
)

// NewCitizenJSON is the body of POST /v1/citizens.
type NewCitizenJSON struct {
	CF         string `json:"cf"`
	GivenName  string `json:"given_name"`
	FamilyName string `json:"family_name"`
	Phone      string `json:"phone,omitempty"`
	Email      string `json:"email,omitempty"`
}

// TicketJSON is a queue ticket on the wire.
type TicketJSON struct {
	ID       string     `json:"id"`
	Office   string     `json:"office"`
	Number   int        `json:"number"`
	Reason   string     `json:"reason"`
	Status   string     `json:"status"`
	IssuedAt time.Time  `json:"issued_at"`
	CalledAt *time.Time `json:"called_at,omitempty"`
	DoneAt   *time.Time `json:"done_at,omitempty"`
	Desk     string     `json:"desk,omitempty"`
	Version  int64      `json:"version"`
	TicketCounterJSON
}

// TicketRequest is the body of POST /v1/tickets.
type TicketRequest struct {
	ID       string    `json:"id"`
	Reason   string    `json:"reason"`
	Number   int       `json:"number"`
	IssuedAt time.Time `json:"issued_at"`
	Priority string    `json:"priority,omitempty"`
}

// TicketEventRequest is the body of POST /v1/tickets/{id}/events.
type TicketEventRequest struct {
	Type    string    `json:"type"`
	Version int64     `json:"version"`
	At      time.Time `json:"at"`
	Desk    string    `json:"desk,omitempty"`
	TicketEventExtraJSON
}

// optionalTime is nil for the zero time.
func optionalTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func valueOf(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

// TicketToJSON converts a ticket to the wire.
func TicketToJSON(t model.Ticket) TicketJSON {
	return TicketJSON{ID: t.ID, Office: t.Office, Number: t.Number, Reason: string(t.Reason), Status: string(t.Status),
		IssuedAt: t.IssuedAt, CalledAt: optionalTime(t.CalledAt), DoneAt: optionalTime(t.DoneAt), Desk: t.Desk, Version: t.Version,
		TicketCounterJSON: counterToJSON(t)}
}

// Model converts a ticket, rejecting values outside the contract.
func (t TicketJSON) Model() (model.Ticket, error) {
	out := model.Ticket{ID: t.ID, Office: t.Office, Number: t.Number, Reason: model.TicketReason(t.Reason),
		Status: model.TicketStatus(t.Status), IssuedAt: t.IssuedAt, CalledAt: valueOf(t.CalledAt), DoneAt: valueOf(t.DoneAt),
		Desk: t.Desk, Version: t.Version}
	t.TicketCounterJSON.apply(&out)
	switch {
	case len(t.ID) < 8 || t.Office == "":
		return out, fmt.Errorf("ticket without id or office")
	case !out.Reason.Valid():
		return out, fmt.Errorf("ticket %s: unknown reason %q", t.ID, t.Reason)
	case t.Number < 1 || t.Number > 999:
		return out, fmt.Errorf("ticket %s: number %d out of range", t.ID, t.Number)
	case !slices.Contains(model.TicketStatuses, out.Status):
		return out, fmt.Errorf("ticket %s: unknown status %q", t.ID, t.Status)
	case !out.Priority.Valid() || out.TransferReason != "" && !out.TransferReason.Valid() || out.Outcome != "" && !out.Outcome.Valid():
		return out, fmt.Errorf("ticket %s: unknown priority or transfer service", t.ID)
	case t.Recalls < 0 || t.Transfers < 0 || t.MaxRecalls < 0:
		return out, fmt.Errorf("ticket %s: negative count", t.ID)
	case t.IssuedAt.IsZero() || t.Version < 1:
		return out, fmt.Errorf("ticket %s: no issue time or version", t.ID)
	}
	return out, nil
}

// RegisterCitizen records a citizen the institute does not know yet. A
// codice fiscale already known gives its file unchanged (created false).
func (c *Client) RegisterCitizen(ctx context.Context, key string, n model.NewCitizen) (cit model.Citizen, created bool, err error) {
	n = n.Normalize()
	if err := n.Validate(); err != nil {
		return cit, false, fmt.Errorf("register citizen: %w: %w", ErrRejected, err)
	}
	var cj CitizenJSON
	res, err := c.do(ctx, call{name: "register citizen", method: http.MethodPost, path: "/v1/citizens", auth: true, retry: true,
		body:   NewCitizenJSON{CF: n.CF, GivenName: n.GivenName, FamilyName: n.FamilyName, Phone: n.Phone, Email: n.Email},
		header: idemHeader(key), ok: []int{http.StatusOK, http.StatusCreated},
		decode: func(res result) error {
			return decodeInto(res, &cj, func() (err error) {
				if cj.CF != n.CF {
					return fmt.Errorf("answer is for another codice fiscale")
				}
				cit, err = cj.Model()
				return err
			})
		}})
	if err != nil {
		return cit, false, fmt.Errorf("register citizen: %w", err)
	}
	return cit, res.status == http.StatusCreated, nil
}

// IssueTicket issues a queue ticket of the operator's office, proposing
// the number the console printed.
func (c *Client) IssueTicket(ctx context.Context, key string, t model.Ticket) (model.Ticket, error) {
	var tj TicketJSON
	var out model.Ticket
	err := c.post(ctx, "issue ticket", "/v1/tickets", key, TicketRequest{ID: t.ID, Reason: string(t.Reason), Number: t.Number,
		IssuedAt: t.IssuedAt, Priority: string(t.Priority)}, &tj, http.StatusCreated, func() (err error) { out, err = tj.Model(); return err })
	return out, err
}

// TicketEvent calls a ticket, marks it served or given up. A ticket
// changed meanwhile gives ErrConflict with the ticket as it is now.
func (c *Client) TicketEvent(ctx context.Context, key, id string, op model.TicketOp, version int64, at time.Time, desk string) (model.Ticket, error) {
	return c.TicketAction(ctx, key, model.TicketAction{TicketID: id, Op: op, Version: version, At: at, Desk: desk})
}

// TicketAction sends an operation on a ticket with all it carries (a
// transfer's target and note, a priority). A ticket changed meanwhile, or
// held by another desk, gives ErrConflict with the ticket as it is now.
func (c *Client) TicketAction(ctx context.Context, key string, a model.TicketAction) (model.Ticket, error) {
	var tj TicketJSON
	var out model.Ticket
	err := c.post(ctx, "ticket event", "/v1/tickets/"+url.PathEscape(a.TicketID)+"/events", key,
		TicketEventRequest{Type: string(a.Op), Version: a.Version, At: a.At, Desk: a.Desk, TicketEventExtraJSON: TicketEventExtraJSON{
			Priority: string(a.Priority), TransferDesk: a.TransferDesk, TransferReason: string(a.TransferReason), Note: a.Note,
			Outcome: string(a.Outcome), Services: a.Services, NotRepresentative: a.NotRepresentative}},
		&tj, http.StatusOK, func() (err error) { out, err = tj.Model(); return err })
	return out, err
}
