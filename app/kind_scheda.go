package app

import (
	"context"
	"fmt"

	"sportello/assets/i18n"
	"sportello/client"
	"sportello/model"
)

// schedaKind is a consultant's operation on a Linea INPS scheda.
type schedaKind struct{}

func (schedaKind) send(ctx context.Context, c *Console, key string, a model.SchedaAction) (model.Entity, error) {
	switch a.Op {
	case model.OpClaim:
		return model.AsEntity(c.api.ClaimScheda(ctx, key, a.SchedaID, a.Version))
	case model.OpRequestInfo:
		return model.AsEntity(c.api.RequestInfo(ctx, key, a.SchedaID, a.Version, a.Text))
	case model.OpAnswer:
		return model.AsEntity(c.api.AnswerScheda(ctx, key, a.SchedaID, a.Version, a.Text))
	case model.OpForward:
		return model.AsEntity(c.api.ForwardScheda(ctx, key, a.SchedaID, a.Version, a.Direzione, a.Text))
	case model.OpConvert:
		if a.Slot == nil {
			return nil, fmt.Errorf("%w: conversion without a slot", client.ErrRejected)
		}
		conv, err := c.api.ConvertScheda(ctx, key, a.SchedaID, a.Version, a.Slot.ID, a.Channel)
		if err != nil {
			return nil, err
		}
		if a.Slot.Office != "" {
			conv.Slot.Office = a.Slot.Office // the office as the consultant picked it (its name)
		}
		conv.Scheda.Appointment = &conv.Slot
		return conv.Scheda, nil
	}
	return nil, fmt.Errorf("%w: unknown scheda operation %q", client.ErrRejected, a.Op)
}

func (schedaKind) conflict(ctx context.Context, c *Console, a model.SchedaAction, k *Conflict) {
	k.At = a.At
	k.Title = i18n.T("conflicts.scheda", a.SchedaID)
	k.Mine = i18n.T("conflicts.action", i18n.T("scheda.op."+string(a.Op)), a.At.In(model.Rome).Format("15:04"))
	if a.Text != "" {
		k.Mine += "\n" + a.Text
	}
	if sc, ok := k.Central.(model.Scheda); ok {
		k.Title = i18n.T("conflicts.scheda", sc.Number+" · "+sc.Subject)
		k.citizenCF = sc.CitizenCF
		// Another consultant's scheda, or a closed one, takes nothing
		// from this one.
		k.CanRetry = sc.Status.Open() && (sc.HolderID == "" || sc.HolderID == c.operatorID(ctx))
	}
}

func (schedaKind) retry(ctx context.Context, c *Console, a model.SchedaAction) error {
	// schedaOp stamps who and when anew; the cache sets the version.
	_, err := c.schedaOp(ctx, a)
	return err
}

func (schedaKind) undoable(a model.SchedaAction, u *Undoable) { u.Op, u.At = a.Op, a.At }
