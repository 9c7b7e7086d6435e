package sandbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"
	"unicode"
	"unicode/utf8"

	"sportello/client"
	"sportello/model"
)

// cricOffice is the CRIC the sandbox's schede are sent to.
const cricOffice = "7880"

// seedSchede creates the Linea INPS schede of the CRIC: for each section,
// the experts' answers of the last months, then the schede of the last
// weeks: most new, some in charge or waiting for the citizen (the demo
// consultants' and their colleagues'), a few already closed.
func seedSchede(ctx context.Context, tx *sql.Tx, rng *rand.Rand, now time.Time, citizens []model.Citizen) error {
	n := 0
	put := func(sec model.Section, received time.Time) (model.Scheda, schedaTemplate) {
		n++
		t := pick(rng, schedaTemplates[sec])
		return model.Scheda{ID: fmt.Sprintf("SK%05d", n), Number: fmt.Sprintf("LI-%d-%06d", received.Year(), 100000+rng.IntN(900000)),
			Section: sec, Status: model.SchedaNew, ReceivedAt: received, CitizenCF: pick(rng, citizens).CF, Subject: t.subject,
			Question: opened(pick(rng, schedaOpenings), t.question) + pick(rng, schedaClosings), Version: 1}, t
	}
	for _, sec := range model.Sections {
		consultants := cricConsultants(sec)
		for range answeredSchede {
			sc, t := put(sec, now.Add(-time.Duration(30*24+rng.IntN(150*24))*time.Hour).Truncate(time.Minute))
			holder := pick(rng, consultants)
			sc.Status, sc.HolderID, sc.HolderName, sc.Version = model.SchedaAnswered, holder.id, holder.name, 3
			sc.Answer, sc.AnsweredAt = t.answer, sc.ReceivedAt.Add(time.Duration(4+rng.IntN(6*24))*time.Hour)
			if err := putScheda(ctx, tx, sc); err != nil {
				return err
			}
		}
	}
	for i := range openSchede * len(model.Sections) {
		sec := model.Sections[i%len(model.Sections)]
		sc, t := put(sec, now.Add(-time.Duration(1+rng.IntN(10*24))*time.Hour).Truncate(time.Minute))
		holder := pick(rng, cricConsultants(sec))
		switch r := rng.IntN(100); {
		case r < 12:
			sc.Status, sc.HolderID, sc.HolderName, sc.Version = model.SchedaInCharge, holder.id, holder.name, 2
		case r < 20:
			sc.Status, sc.HolderID, sc.HolderName, sc.Version = model.SchedaWaiting, holder.id, holder.name, 3
			sc.InfoRequest = pick(rng, infoRequests)
			sc.Waits = []model.Period{{From: sc.ReceivedAt.Add(now.Sub(sc.ReceivedAt) / 2).Truncate(time.Minute)}}
		case r < 30:
			sc.Status, sc.HolderID, sc.HolderName, sc.Version = model.SchedaAnswered, holder.id, holder.name, 3
			sc.Answer = t.answer
			sc.AnsweredAt = closedBefore(sc.ReceivedAt.Add(time.Duration(2+rng.IntN(72))*time.Hour), now)
		case r < 33:
			d := model.DirezioniCentrali[0]
			for _, x := range model.DirezioniCentrali {
				if x.Section == sec {
					d = x
				}
			}
			sc.Status, sc.HolderID, sc.HolderName, sc.Version = model.SchedaForwarded, holder.id, holder.name, 3
			sc.ForwardedTo, sc.ForwardReason = d.Code+" "+d.Name, "Caso che richiede una valutazione normativa della Direzione centrale."
			sc.AnsweredAt = closedBefore(sc.ReceivedAt.Add(30*time.Hour), now)
		}
		if err := putScheda(ctx, tx, sc); err != nil {
			return err
		}
	}
	return nil
}

// opened puts an opening before a question, the question's first letter
// then in lower case.
func opened(opening, question string) string {
	if opening == "" || question == "" {
		return question
	}
	r, n := utf8.DecodeRuneInString(question)
	return opening + string(unicode.ToLower(r)) + question[n:]
}

// closedBefore is when a scheda received recently was closed: at, or an
// hour before now if at is later.
func closedBefore(at, now time.Time) time.Time {
	if limit := now.Add(-time.Hour); at.After(limit) {
		at = limit
	}
	return at.Truncate(time.Minute)
}

// cricConsultants returns the consultants of a CRIC section.
func cricConsultants(sec model.Section) []demoOperator {
	var out []demoOperator
	for _, op := range demoOperators {
		if slices.Contains(op.sections, sec) {
			out = append(out, op)
		}
	}
	return out
}

// putScheda writes a scheda.
func putScheda(ctx context.Context, q querier, sc model.Scheda) error {
	data, err := json.Marshal(client.SchedaToJSON(sc))
	if err != nil {
		return fmt.Errorf("scheda %s: %w", sc.ID, err)
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO schede(id, data, section, status, received_at, citizen_cf, cric) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(id) DO UPDATE SET data = excluded.data, status = excluded.status`,
		sc.ID, string(data), sc.Section, sc.Status, sc.ReceivedAt.Unix(), sc.CitizenCF, cricOffice); err != nil {
		return fmt.Errorf("scheda %s: %w", sc.ID, err)
	}
	return nil
}
