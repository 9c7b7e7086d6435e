package app

import (
	"context"
	"log/slog"
	"time"

	"sportello/client"
	"sportello/model"
)

// Login checks operator and password with the central server at server,
// stores the refresh token in the OS keyring (and nowhere else) and remembers server
// and operator in the configuration of dataDir. On any failure nothing is
// written.
func Login(ctx context.Context, dataDir, server, operator, password string) (model.Operator, error) {
	api, err := client.New(server, client.Config{})
	if err != nil {
		return model.Operator{}, err
	}
	op, err := api.Login(ctx, operator, password)
	if err != nil {
		return model.Operator{}, err
	}
	// Only the refresh token is kept: the access token is short-lived and
	// is obtained again at the next start.
	if err := storeToken(server, operator, api.Tokens().Refresh); err != nil {
		return model.Operator{}, err
	}
	if err := SaveConfig(dataDir, Config{Server: server, Operator: operator}); err != nil {
		return model.Operator{}, err
	}
	return op, nil
}

// Logout ends the session on the server when it can be reached, removes the
// token of the configured operator from the keyring and forgets the
// operator. The local mirror stays, sealed.
func Logout(dataDir string) error {
	cfg, err := LoadConfig(dataDir)
	if err != nil {
		return err
	}
	if cfg.Operator == "" {
		return ErrNotLoggedIn
	}
	revoke(cfg.Server, cfg.Operator)
	if err := deleteToken(cfg.Server, cfg.Operator); err != nil {
		return err
	}
	cfg.Operator = ""
	return SaveConfig(dataDir, cfg)
}

// revokeTimeout bounds the attempt to end the session on the server at
// logout: logging out must work offline too.
const revokeTimeout = 5 * time.Second

// revoke ends the session on the server, best effort: a session that
// cannot be revoked now expires by itself.
func revoke(server, operator string) {
	refresh, err := loadToken(server, operator)
	if err != nil {
		return
	}
	api, err := client.New(server, client.Config{Tokens: client.Tokens{Refresh: refresh}, Attempts: 1})
	if err != nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), revokeTimeout)
	defer cancel()
	if err := api.Revoke(ctx); err != nil {
		slog.Warn("logout: session not revoked on the server; it will expire by itself", "err", err)
	}
}
