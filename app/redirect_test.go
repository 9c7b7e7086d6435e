package app

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"sportello/assets/i18n"
	"sportello/client"
)

// TestExplainRedirect: a redirect refused by the client reads, for the
// operator, as its own Italian message (credentials not sent, call the
// help desk), not as offline, a malformed answer or a generic failure.
func TestExplainRedirect(t *testing.T) {
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("the redirect target received %s %s", r.Method, r.URL.Path)
	}))
	t.Cleanup(target.Close)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	t.Cleanup(srv.Close)
	c, err := client.New(srv.URL, client.Config{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Login(context.Background(), "demo", "demo")
	if !errors.Is(err, client.ErrRedirect) {
		t.Fatalf("login: err = %v, want ErrRedirect", err)
	}
	got := Explain(err)
	if !strings.Contains(got, "rinvio") || !strings.Contains(got, "credenziali non sono state inviate") {
		t.Errorf("Explain(%v) = %q, want the Italian redirect message", err, got)
	}
	for _, other := range []error{client.ErrOffline, client.ErrBadResponse, errors.New("x")} {
		if got == Explain(other) {
			t.Errorf("the redirect message is the one of %v", other)
		}
	}
	if err := i18n.SetLanguage("en"); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = i18n.SetLanguage("it") }()
	if got := Explain(err); !strings.Contains(got, "redirect") {
		t.Errorf("English redirect message: %q", got)
	}
}
