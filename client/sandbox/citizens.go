package sandbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode"

	"sportello/client"
	"sportello/model"
)

// decodeRows decodes the one JSON text column of each row, and closes rows.
func decodeRows[T any](rows *sql.Rows) ([]T, error) {
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, err
		}
		var v T
		if err := json.Unmarshal([]byte(data), &v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// loadDoc reads the one JSON text column that query selects.
func loadDoc[T any](ctx context.Context, q querier, query string, arg any) (T, error) {
	var v T
	var data string
	if err := q.QueryRowContext(ctx, query, arg).Scan(&data); err != nil {
		return v, err
	}
	if err := json.Unmarshal([]byte(data), &v); err != nil {
		return v, fmt.Errorf("decode stored document: %w", err)
	}
	return v, nil
}

// loadCitizen reads a citizen's file.
func loadCitizen(ctx context.Context, q querier, cf string) (model.Citizen, error) {
	cj, err := loadDoc[client.CitizenJSON](ctx, q, `SELECT file FROM citizens WHERE cf = ?`, cf)
	if err != nil {
		return model.Citizen{}, err
	}
	return cj.Model()
}

// updateCitizen changes a citizen's file, bumps its version and puts it in
// the changes feed.
func (s *Sandbox) updateCitizen(ctx context.Context, m *mreq, cf string, change func(*model.Citizen)) error {
	c, err := loadCitizen(ctx, m.tx, cf)
	if err != nil {
		return fmt.Errorf("update citizen: %w", err)
	}
	change(&c)
	c.Version++
	if err := putCitizen(ctx, m.tx, c); err != nil {
		return err
	}
	return touch(ctx, m.tx, "citizen", cf)
}

func etag(version int64) string { return fmt.Sprintf(`"c%d"`, version) }

// matchETag reports whether an If-None-Match header names tag.
func matchETag(header, tag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == tag || t == "*" {
			return true
		}
	}
	return false
}

func (s *Sandbox) handleCitizen(w http.ResponseWriter, r *http.Request) {
	cf := r.PathValue("cf")
	if err := model.ValidateCF(cf); err != nil {
		writeError(w, http.StatusBadRequest, "bad_request", "Codice fiscale non valido.")
		return
	}
	var file string
	var version int64
	err := s.db.QueryRowContext(r.Context(), `SELECT file, version FROM citizens WHERE cf = ?`, cf).Scan(&file, &version)
	if errors.Is(err, sql.ErrNoRows) {
		writeError(w, http.StatusNotFound, "not_found", "Nessun cittadino con questo codice fiscale.")
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	tag := etag(version)
	w.Header().Set("ETag", tag)
	w.Header().Set("Cache-Control", "private, no-cache")
	if matchETag(r.Header.Get("If-None-Match"), tag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(file))
}

// searchQuery tells a codice fiscale from a surname prefix.
func searchQuery(q string) (cf, surname string, ok bool) {
	q = strings.TrimSpace(q)
	if n := model.NormalizeCF(q); model.ValidateCF(n) == nil {
		return n, "", true
	}
	letters := 0
	for _, r := range q {
		switch {
		case unicode.IsLetter(r):
			letters++
		case r == ' ' || r == '\'' || r == '-':
		default:
			return "", "", false
		}
	}
	return "", q, letters >= 2
}

func (s *Sandbox) handleSearch(w http.ResponseWriter, r *http.Request) {
	cf, surname, ok := searchQuery(r.URL.Query().Get("q"))
	if !ok {
		writeError(w, http.StatusBadRequest, "bad_request", "Cerca per codice fiscale completo o per cognome (almeno 2 lettere).")
		return
	}
	var rows *sql.Rows
	var err error
	if cf != "" {
		rows, err = s.db.QueryContext(r.Context(), `SELECT file FROM citizens WHERE cf = ?`, cf)
	} else {
		like := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(surname) + "%"
		rows, err = s.db.QueryContext(r.Context(), `SELECT file FROM citizens WHERE family_name LIKE ? ESCAPE '\'
			ORDER BY family_name COLLATE NOCASE, cf LIMIT 50`, like)
	}
	var files []client.CitizenJSON
	if err == nil {
		files, err = decodeRows[client.CitizenJSON](rows)
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	out := client.CitizenSearchJSON{Results: []client.CitizenSummaryJSON{}}
	for _, c := range files {
		out.Results = append(out.Results, client.CitizenSummaryJSON{CF: c.CF, GivenName: c.GivenName,
			FamilyName: c.FamilyName, BirthDate: c.BirthDate, BirthPlace: c.BirthPlace})
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Sandbox) addNote(ctx context.Context, m *mreq) (answer, error) {
	var req client.NoteRequest
	if !m.decode(&req) {
		return fail(http.StatusBadRequest, "bad_request", "Nota non valida."), nil
	}
	text := strings.TrimSpace(req.Text)
	if text == "" || len(text) > model.MaxNoteLength {
		return fail(http.StatusUnprocessableEntity, "unprocessable", "La nota deve avere un testo, al massimo 2000 caratteri."), nil
	}
	cf := m.r.PathValue("cf")
	note := model.Note{ID: "N" + newToken()[:12], At: m.now.Truncate(time.Second), AuthorID: m.op.ID, Author: m.op.Name, Text: text}
	err := s.updateCitizen(ctx, m, cf, func(c *model.Citizen) { c.Notes = append([]model.Note{note}, c.Notes...) })
	if errors.Is(err, sql.ErrNoRows) {
		return fail(http.StatusNotFound, "not_found", "Nessun cittadino con questo codice fiscale."), nil
	}
	if err != nil {
		return answer{}, err
	}
	if err := m.applied(ctx, "note", "citizen", cf); err != nil {
		return answer{}, err
	}
	return answer{http.StatusCreated, client.NoteToJSON(note)}, nil
}
