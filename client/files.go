package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"sportello/model"
)

// MaxFilesPerBatch is the most files one CitizenFiles call asks for, as
// the contract allows.
const MaxFilesPerBatch = 100

// ErrNoBatch means central does not have the batch of files (it answered
// 404 or 405): ask for each file with Citizen.
var ErrNoBatch = errors.New("central has no batch of files")

// FilesRequest is the body of POST /v1/citizens/batch.
type FilesRequest struct {
	Files []FileWantedJSON `json:"files"`
}

// FileWantedJSON is one file asked for in a batch.
type FileWantedJSON struct {
	CF   string `json:"cf"`
	ETag string `json:"etag,omitempty"`
}

// FilesJSON is the answer of POST /v1/citizens/batch.
type FilesJSON struct {
	Files []FileJSON `json:"files"`
}

// FileJSON is one file of a batch answer.
type FileJSON struct {
	CF      string       `json:"cf"`
	Status  string       `json:"status"` // see the File* statuses
	ETag    string       `json:"etag,omitempty"`
	Citizen *CitizenJSON `json:"citizen,omitempty"`
}

// The statuses of a file in a batch answer.
const (
	FileOK          = "ok"
	FileNotModified = "not_modified"
	FileNotFound    = "not_found"
)

// FileWanted names a caller's file to fetch, with the ETag of the copy
// already held (empty: none).
type FileWanted struct {
	CF   string
	ETag string
}

// BatchFile is one file of a batch: NotFound when no citizen has the
// code, else the file as Citizen gives it (NotModified when the copy of
// the ETag sent is current).
type BatchFile struct {
	CitizenFile
	CF       string
	NotFound bool
}

// CitizenFiles returns the files of up to MaxFilesPerBatch codici fiscali
// in one exchange, each in the order asked and with If-None-Match
// semantics of its own. A central without the call gives ErrNoBatch.
func (c *Client) CitizenFiles(ctx context.Context, want []FileWanted) ([]BatchFile, error) {
	if len(want) == 0 || len(want) > MaxFilesPerBatch {
		return nil, fmt.Errorf("citizen files: %w: %d files, want 1 to %d", ErrRejected, len(want), MaxFilesPerBatch)
	}
	req := FilesRequest{Files: make([]FileWantedJSON, len(want))}
	for i, w := range want {
		if err := model.ValidateCF(w.CF); err != nil {
			return nil, fmt.Errorf("citizen files: %w: %w", ErrRejected, err)
		}
		req.Files[i] = FileWantedJSON(w)
	}
	var fj FilesJSON
	var out []BatchFile
	_, err := c.do(ctx, call{name: "citizen files", method: http.MethodPost, path: "/v1/citizens/batch", body: req,
		auth: true, retry: true, bulk: true, // it changes nothing: safe to repeat
		decode: func(res result) error {
			return decodeInto(res, &fj, func() (err error) { out, err = fj.model(want); return err })
		}})
	var apiErr *APIError
	if errors.As(err, &apiErr) && (apiErr.Status == http.StatusNotFound || apiErr.Status == http.StatusMethodNotAllowed) {
		return nil, fmt.Errorf("citizen files: %w: %w", ErrNoBatch, err)
	}
	if err != nil {
		return nil, fmt.Errorf("citizen files: %w", err)
	}
	return out, nil
}

// model checks a batch answer against what was asked and converts it.
func (f FilesJSON) model(want []FileWanted) ([]BatchFile, error) {
	if len(f.Files) != len(want) {
		return nil, fmt.Errorf("%d files for %d asked", len(f.Files), len(want))
	}
	out := make([]BatchFile, len(want))
	for i, fj := range f.Files {
		if fj.CF != want[i].CF {
			return nil, fmt.Errorf("file %d is for another codice fiscale", i)
		}
		b := BatchFile{CF: fj.CF, CitizenFile: CitizenFile{ETag: fj.ETag}}
		switch {
		case fj.Status == FileNotFound && fj.ETag == "" && fj.Citizen == nil:
			b.NotFound = true
		case fj.Status == FileNotModified && fj.ETag != "" && fj.Citizen == nil && want[i].ETag != "":
			b.NotModified = true
		case fj.Status == FileOK && fj.ETag != "" && fj.Citizen != nil && fj.Citizen.CF == fj.CF:
			var err error
			if b.Citizen, err = fj.Citizen.Model(); err != nil {
				return nil, fmt.Errorf("file %d: %w", i, err)
			}
		default:
			return nil, fmt.Errorf("file %d: malformed %q entry", i, fj.Status)
		}
		out[i] = b
	}
	return out, nil
}
