package app

import (
	"context"

	"sportello/client"
	"sportello/model"
)

// Login checks operator and password with the central server at server,
// stores the token in the OS keyring (and nowhere else) and remembers server
// and operator in the configuration of dataDir. On any failure nothing is
// written.
func Login(ctx context.Context, dataDir, server, operator, password string) (model.Operator, error) {
	anon, err := client.New(server, "")
	if err != nil {
		return model.Operator{}, err
	}
	token, op, err := anon.Login(ctx, operator, password)
	if err != nil {
		return model.Operator{}, err
	}
	if err := storeToken(server, operator, token); err != nil {
		return model.Operator{}, err
	}
	if err := SaveConfig(dataDir, Config{Server: server, Operator: operator}); err != nil {
		return model.Operator{}, err
	}
	return op, nil
}

// Logout removes the token of the configured operator from the keyring and
// forgets the operator. The local mirror stays, sealed.
func Logout(dataDir string) error {
	cfg, err := LoadConfig(dataDir)
	if err != nil {
		return err
	}
	if cfg.Operator == "" {
		return ErrNotLoggedIn
	}
	if err := deleteToken(cfg.Server, cfg.Operator); err != nil {
		return err
	}
	cfg.Operator = ""
	return SaveConfig(dataDir, cfg)
}
