package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// accessToken returns the access token to send, refreshing first when
// there is none or it is about to expire.
func (c *Client) accessToken(ctx context.Context, refreshed *bool) (string, error) {
	c.mu.Lock()
	t := c.tokens
	c.mu.Unlock()
	stale := t.Access == "" || (!t.Expiry.IsZero() && time.Until(t.Expiry) < 30*time.Second)
	if !stale || t.Refresh == "" || *refreshed {
		return t.Access, nil
	}
	*refreshed = true
	if err := c.refresh(ctx, t.Access); err != nil {
		return "", err
	}
	return c.Tokens().Access, nil
}

// refresh exchanges the refresh token for new tokens, unless another
// goroutine already replaced the access token that was used. With a
// Keeper, it waits for any other process's refresh, starts from the token
// kept now (another process may have rotated it), and keeps the new one
// before using it: a refresh whose new token cannot be kept fails, and
// central's grace window gives the same pair again at the next try.
func (c *Client) refresh(ctx context.Context, used string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tokens.Access != used {
		return nil // refreshed meanwhile by another call
	}
	k := c.cfg.Keeper
	if k != nil {
		unlock, err := k.Lock(ctx)
		if err != nil {
			return fmt.Errorf("wait for another process's refresh: %w", err)
		}
		defer unlock()
		kept, err := k.Load()
		if err != nil {
			return fmt.Errorf("read the kept refresh token: %w", err)
		}
		if kept != "" {
			c.tokens.Refresh = kept
		}
	}
	rt := c.tokens.Refresh
	if rt == "" {
		return fmt.Errorf("%w: session expired and no refresh token", ErrUnauthorized)
	}
	var s Session
	_, err := c.do(ctx, call{name: "refresh", method: http.MethodPost, path: "/v1/auth/refresh",
		body: RefreshRequest{RefreshToken: rt}, retry: true,
		decode: func(res result) error { return decodeInto(res, &s, func() error { _, err := s.Model(); return err }) }})
	if err != nil {
		if errors.Is(err, ErrInvalidCredentials) {
			err = fmt.Errorf("%w: %w", ErrUnauthorized, err)
		}
		return err
	}
	t := s.tokens()
	if k != nil {
		if err := k.Keep(t); err != nil {
			return fmt.Errorf("keep the new refresh token: %w", err)
		}
	}
	c.tokens = t
	return nil
}
