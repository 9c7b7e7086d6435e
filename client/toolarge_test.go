package client_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"sportello/client"
)

// TestAnAnswerTooLargeIsNotOffline: an answer past the client's limit of
// 16 MiB, plain or inflating past it from a small gzip, is ErrTooLarge,
// not a bad line: the call is not repeated.
func TestAnAnswerTooLargeIsNotOffline(t *testing.T) {
	// 17 MiB of something that looks like JSON: a huge agenda.
	var plain bytes.Buffer
	plain.WriteString(`{"slots":[`)
	for plain.Len() < 17<<20 {
		plain.WriteString(`{"id":"s-000000","status":"free"},`)
	}
	plain.WriteString(`{"id":"last"}]}`)
	var packed bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&packed, gzip.BestCompression)
	_, _ = zw.Write(plain.Bytes())
	_ = zw.Close()
	if packed.Len() > 1<<20 {
		t.Fatalf("the gzip answer is %d bytes: not a bomb", packed.Len())
	}

	for _, tc := range []struct {
		name string
		gzip bool
	}{{"plain", false}, {"gzip", true}} {
		t.Run(tc.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				w.Header().Set("Content-Type", "application/json")
				body := plain.Bytes()
				if tc.gzip {
					if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
						t.Error("the client did not ask for gzip")
					}
					w.Header().Set("Content-Encoding", "gzip")
					body = packed.Bytes()
				}
				w.WriteHeader(http.StatusOK)
				_, _ = w.Write(body)
			}))
			defer srv.Close()
			_, err := withToken(srv.URL).Me(context.Background())
			if !errors.Is(err, client.ErrTooLarge) || errors.Is(err, client.ErrOffline) {
				t.Errorf("err = %v, want ErrTooLarge and not ErrOffline", err)
			}
			if n := hits.Load(); n != 1 {
				t.Errorf("%d attempts, want 1 (too large is not transient)", n)
			}
		})
	}
}
