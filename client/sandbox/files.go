package sandbox

import (
	"database/sql"
	"encoding/json"
	"errors"
	"net/http"

	"sportello/client"
	"sportello/model"
)

// handleCitizenFiles answers POST /v1/citizens/batch: the files asked for,
// each as GET /v1/citizens/{cf} would give it with the ETag sent as
// If-None-Match, in one answer.
func (s *Sandbox) handleCitizenFiles(w http.ResponseWriter, r *http.Request) {
	var req client.FilesRequest
	if !readBody(w, r, &req) {
		return
	}
	if len(req.Files) == 0 || len(req.Files) > client.MaxFilesPerBatch {
		writeError(w, http.StatusBadRequest, "bad_request", "Lotto di fascicoli non valido (da 1 a 100).")
		return
	}
	for _, f := range req.Files {
		if model.ValidateCF(f.CF) != nil {
			writeError(w, http.StatusBadRequest, "bad_request", "Codice fiscale non valido.")
			return
		}
	}
	out := client.FilesJSON{Files: make([]client.FileJSON, len(req.Files))}
	for i, f := range req.Files {
		var file string
		var version int64
		err := s.db.QueryRowContext(r.Context(), `SELECT file, version FROM citizens WHERE cf = ?`, f.CF).Scan(&file, &version)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			out.Files[i] = client.FileJSON{CF: f.CF, Status: client.FileNotFound}
			continue
		case err != nil:
			s.internal(w, r, err)
			return
		}
		tag := etag(version)
		if f.ETag != "" && matchETag(f.ETag, tag) {
			out.Files[i] = client.FileJSON{CF: f.CF, Status: client.FileNotModified, ETag: tag}
			continue
		}
		var cj client.CitizenJSON
		if err := json.Unmarshal([]byte(file), &cj); err != nil {
			s.internal(w, r, err)
			return
		}
		out.Files[i] = client.FileJSON{CF: f.CF, Status: client.FileOK, ETag: tag, Citizen: &cj}
	}
	w.Header().Set("Cache-Control", "private, no-cache")
	writeJSON(w, http.StatusOK, out)
}
