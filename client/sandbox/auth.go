package sandbox

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"sportello/client"
)

func hashPassword(operator, password string) string {
	h := sha256.Sum256([]byte("sportello-sandbox:" + operator + ":" + password))
	return hex.EncodeToString(h[:])
}

func newToken() string {
	buf := make([]byte, 32)
	_, _ = rand.Read(buf)
	return hex.EncodeToString(buf)
}

// newRefreshToken makes a refresh token: a random hex string or, with
// Options.RefreshTokenBytes, a JWT-shaped one of that size (see
// JWTLike).
func (s *Sandbox) newRefreshToken() string {
	if s.refreshBytes > 0 {
		return JWTLike(s.refreshBytes)
	}
	return newToken()
}

// JWTLike returns a token shaped as a signed JWT (header.claims.signature,
// base64url) of exactly n bytes (n at least 64), random and unique: what a
// central behind Azure AD or an identity server of the institute could
// hand out as a refresh token.
func JWTLike(n int) string {
	n = max(n, 64)
	random := func(k int) string { // k base64url characters
		b := make([]byte, k)
		_, _ = rand.Read(b)
		return base64.RawURLEncoding.EncodeToString(b)[:k]
	}
	header := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"RS256","typ":"JWT","kid":"sandbox"}`))
	signature := random(342) // RS256: a 2048-bit signature
	if claims := n - len(header) - len(signature) - 2; claims >= 16 {
		return header + "." + random(claims) + "." + signature
	}
	third := (n - 2) / 3
	return random(third) + "." + random(n-2-2*third) + "." + random(third)
}

// readAll reads a request body of at most limit bytes.
func readAll(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	return io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
}

// readBody reads a small JSON request body strictly into v.
func readBody(w http.ResponseWriter, r *http.Request, v any) bool {
	data, err := readAll(w, r, 1<<16)
	if err == nil {
		err = decodeBody(data, v)
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, "bad_request", "Richiesta non valida: il corpo non è il JSON previsto.")
		return false
	}
	return true
}

func (s *Sandbox) handleLogin(w http.ResponseWriter, r *http.Request) {
	var req client.LoginRequest
	if !readBody(w, r, &req) {
		return
	}
	if req.Operator == "" || req.Password == "" {
		writeError(w, http.StatusBadRequest, "bad_request", "Richiesta non valida: servono operatore e password.")
		return
	}
	var stored string
	err := s.db.QueryRowContext(r.Context(), `SELECT password_hash FROM operators WHERE id = ?`, req.Operator).Scan(&stored)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		s.internal(w, r, err)
		return
	}
	if errors.Is(err, sql.ErrNoRows) || subtle.ConstantTimeCompare([]byte(stored), []byte(hashPassword(req.Operator, req.Password))) != 1 {
		writeError(w, http.StatusUnauthorized, "invalid_credentials", "Operatore o password non corretti.")
		return
	}
	sess, err := s.issue(r.Context(), s.db, req.Operator, s.newRefreshToken(), "")
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.log.Info("sandbox: login", "operator", req.Operator)
	writeJSON(w, http.StatusOK, sess)
}

// issue creates an access token for the session of refresh token rt (a
// new session when session is empty, storing rt as its refresh token).
func (s *Sandbox) issue(ctx context.Context, q querier, operatorID, rt, session string) (client.Session, error) {
	now := s.now()
	if session == "" {
		session = newToken()[:16]
		if _, err := q.ExecContext(ctx, `INSERT INTO refresh_tokens(token, operator_id, session, expires_at) VALUES (?, ?, ?, ?)`,
			rt, operatorID, session, now.Add(RefreshLifetime).Unix()); err != nil {
			return client.Session{}, fmt.Errorf("store refresh token: %w", err)
		}
	}
	access := newToken()
	if _, err := q.ExecContext(ctx, `INSERT INTO tokens(token, operator_id, session, expires_at) VALUES (?, ?, ?, ?)`,
		access, operatorID, session, now.Add(TokenLifetime).Unix()); err != nil {
		return client.Session{}, fmt.Errorf("store token: %w", err)
	}
	return s.session(ctx, q, operatorID, access, rt)
}

// session is the answer that gives an operator a pair of tokens.
func (s *Sandbox) session(ctx context.Context, q querier, operatorID, access, rt string) (client.Session, error) {
	op, err := s.operator(ctx, q, operatorID)
	if err != nil {
		return client.Session{}, err
	}
	return client.Session{AccessToken: access, RefreshToken: rt, TokenType: "Bearer",
		ExpiresIn: int(TokenLifetime / time.Second), Operator: op}, nil
}

// handleRefresh rotates the refresh token. A replaced token presented again
// is a repeat of the refresh that replaced it (its answer was lost, or
// another process of the same computer was first) and gets the same pair
// again, while within RefreshGrace or while its successor has not been
// refreshed itself; any other reuse is a replay, and the whole session is
// revoked.
func (s *Sandbox) handleRefresh(w http.ResponseWriter, r *http.Request) {
	var req client.RefreshRequest
	if !readBody(w, r, &req) {
		return
	}
	ctx := r.Context()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	defer tx.Rollback()
	var opID, session, replacedBy, replacedAccess string
	var expires, replacedAt int64
	err = tx.QueryRowContext(ctx, `SELECT operator_id, session, expires_at, replaced_by, replaced_at, replaced_access FROM refresh_tokens WHERE token = ?`,
		req.RefreshToken).Scan(&opID, &session, &expires, &replacedBy, &replacedAt, &replacedAccess)
	now := s.now()
	expired := errors.Is(err, sql.ErrNoRows) || (err == nil && now.Unix() >= expires)
	if err != nil && !expired {
		s.internal(w, r, err)
		return
	}
	err = nil
	var sess client.Session
	switch {
	case expired:
	case replacedBy != "":
		var successorSpent bool
		if err := tx.QueryRowContext(ctx, `SELECT replaced_by != '' FROM refresh_tokens WHERE token = ?`, replacedBy).Scan(&successorSpent); err != nil &&
			!errors.Is(err, sql.ErrNoRows) {
			s.internal(w, r, err)
			return
		}
		if now.Sub(time.Unix(replacedAt, 0)) <= RefreshGrace || !successorSpent {
			sess, err = s.session(ctx, tx, opID, replacedAccess, replacedBy)
			break
		}
		s.log.Warn("sandbox: refresh token replayed: session revoked", "operator", opID)
		if _, err = tx.ExecContext(ctx, `DELETE FROM tokens WHERE session = ?1; DELETE FROM refresh_tokens WHERE session = ?1`, session); err == nil {
			expired = true
		}
	default:
		next := s.newRefreshToken()
		if sess, err = s.issue(ctx, tx, opID, next, session); err == nil {
			_, err = tx.ExecContext(ctx, `UPDATE refresh_tokens SET replaced_by = ?1, replaced_at = ?2, replaced_access = ?3 WHERE token = ?4;
				INSERT INTO refresh_tokens(token, operator_id, session, expires_at) VALUES (?1, ?5, ?6, ?7)`,
				next, now.Unix(), sess.AccessToken, req.RefreshToken, opID, session, now.Add(RefreshLifetime).Unix())
		}
	}
	if err == nil {
		err = tx.Commit()
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if expired {
		writeError(w, http.StatusUnauthorized, "unauthorized", "Sessione scaduta: accedi di nuovo.")
		return
	}
	writeJSON(w, http.StatusOK, sess)
}

// handleRevoke ends the session a refresh or access token belongs to.
func (s *Sandbox) handleRevoke(w http.ResponseWriter, r *http.Request) {
	var req client.RevokeRequest
	if !readBody(w, r, &req) {
		return
	}
	_, err := s.db.ExecContext(r.Context(), `
		DELETE FROM tokens WHERE session IN (SELECT session FROM refresh_tokens WHERE token = ?1 UNION SELECT session FROM tokens WHERE token = ?1);
		DELETE FROM refresh_tokens WHERE session IN (SELECT session FROM refresh_tokens WHERE token = ?1)`, req.Token)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

type ctxKey struct{}

// authed checks the bearer token and passes the operator on in the request
// context.
func (s *Sandbox) authed(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || token == "" {
			writeError(w, http.StatusUnauthorized, "unauthorized", "Sessione assente: accedi di nuovo.")
			return
		}
		var opID string
		var expires int64
		err := s.db.QueryRowContext(r.Context(), `SELECT operator_id, expires_at FROM tokens WHERE token = ?`, token).Scan(&opID, &expires)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && s.now().Unix() >= expires) {
			writeError(w, http.StatusUnauthorized, "unauthorized", "Sessione scaduta o non valida: accedi di nuovo.")
			return
		}
		var op client.OperatorJSON
		if err == nil {
			op, err = s.operator(r.Context(), s.db, opID)
		}
		if err != nil {
			s.internal(w, r, err)
			return
		}
		next(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, op)))
	}
}

// caller is the operator a request was authenticated as.
func caller(r *http.Request) client.OperatorJSON {
	return r.Context().Value(ctxKey{}).(client.OperatorJSON)
}

func hasRole(op client.OperatorJSON, role string) bool {
	for _, r := range op.Roles {
		if r == role {
			return true
		}
	}
	return false
}

func (s *Sandbox) operator(ctx context.Context, q querier, id string) (client.OperatorJSON, error) {
	var op client.OperatorJSON
	var roles, sections string
	err := q.QueryRowContext(ctx, `SELECT o.id, o.name, o.desk, o.roles, o.sections, f.code, f.name
		FROM operators o JOIN offices f ON f.code = o.office_code WHERE o.id = ?`, id).
		Scan(&op.ID, &op.Name, &op.Desk, &roles, &sections, &op.Office.Code, &op.Office.Name)
	if err != nil {
		return op, fmt.Errorf("operator %s: %w", id, err)
	}
	op.Roles = strings.Split(roles, ",")
	if sections != "" {
		op.Sections = strings.Split(sections, ",")
	}
	return op, nil
}

func (s *Sandbox) handleMe(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, caller(r))
}
