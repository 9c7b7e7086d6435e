package main

import (
	"cmp"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"sportello/app"
	"sportello/client"
	"sportello/model"
)

// setVersions publishes console versions on a standalone sandbox.
func setVersions(t *testing.T, url, versions string) {
	t.Helper()
	putSandbox(t, url, "versions", versions)
}

func TestCLISyncRefusesBelowTheMinimumAndKeepsTheWork(t *testing.T) {
	requireEnv(t, "Secret Service", app.KeyringAvailable())
	var major, minor int
	if _, err := fmt.Sscanf(app.Version, "%d.%d", &major, &minor); err != nil {
		t.Fatal(err)
	}
	next := fmt.Sprintf("%d.%d.0", major, minor+1)
	url := startSandbox(t, "--console-latest", next)
	data := filepath.Join(t.TempDir(), "data")
	loginAndSync(t, nil, url, data)

	// A note waits in the outbox when central raises its minimum.
	st, err := app.LoggedInMirror(data)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	day, err := st.DayAgenda(ctx, clock())
	if err != nil || len(day) == 0 {
		t.Fatalf("agenda: %d slots, %v", len(day), err)
	}
	cf := ""
	for _, e := range day {
		cf = cmp.Or(cf, e.CitizenCF)
	}
	if err := st.EnqueueNote(ctx, client.NewIdempotencyKey(), model.NoteAction{CF: cf, Text: "Da richiamare.",
		At: clock(), AuthorID: "demo", Author: "Anna Lombardi"}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	setVersions(t, url, `{"latest":"`+next+`","minimum":"`+next+`"}`)
	r := sportello(t, "", nil, "sync", "--once", "--data-dir", data)
	if r.code != 5 || !strings.Contains(r.stderr, "non è più accettata dal server centrale") ||
		!strings.Contains(r.stderr, "chiedi all'assistenza o installala dal Software Center") || !strings.Contains(r.stderr, next) {
		t.Errorf("sync below the minimum: exit %d, stderr %q; want 5 and why", r.code, r.stderr)
	}
	if st, err = app.LoggedInMirror(data); err != nil {
		t.Fatal(err)
	}
	n, err := st.OutboxCount(ctx)
	st.Close()
	if err != nil || n != 1 {
		t.Errorf("outbox below the minimum: %d actions, %v; want the note kept", n, err)
	}

	// Updated (central lowers the minimum): the note goes, once.
	setVersions(t, url, `{"latest":"`+next+`","minimum":"`+app.Version+`"}`)
	if r := sportello(t, "", nil, "sync", "--once", "--data-dir", data); r.code != 0 || !strings.Contains(r.stdout, "1 azione inviata") {
		t.Errorf("sync after the update: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	if r := sportello(t, "", nil, "sync", "--once", "--data-dir", data); r.code != 0 || !strings.Contains(r.stdout, "0 azioni inviate") {
		t.Errorf("sync again: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
}
