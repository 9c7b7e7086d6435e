package app

import (
	"context"
	"testing"

	"sportello/client"
	"sportello/model"
)

func TestTextModulesAreKeptInTheMirrorAndServeOffline(t *testing.T) {
	ctx := context.Background()
	_, l, sb, url := testConsole(t)
	c := consoleOn(t, url, "cric")
	if got, err := c.TextModules(ctx, model.SectionPensioni); err != nil || len(got) != 0 {
		t.Fatalf("modules before a sync: %d, %v", len(got), err)
	}
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	pens, err := c.TextModules(ctx, model.SectionPensioni)
	if err != nil || len(pens) < 3 {
		t.Fatalf("pensioni modules after a sync: %d, %v", len(pens), err)
	}
	for _, m := range pens {
		if m.Section != model.SectionPensioni {
			t.Errorf("module %s of section %s among pensioni's", m.ID, m.Section)
		}
	}
	// Offline, the modules kept still serve.
	l.Unplug()
	if got, err := c.TextModules(ctx, model.SectionContribuente); err != nil || len(got) == 0 {
		t.Errorf("modules offline: %d, %v", len(got), err)
	}
	l.Plug()
	// Central changes them: the next sync brings the new list.
	sb.SetModules([]client.ModuleJSON{{ID: "n1", Section: "pensioni", Title: "Nuovo modulo", Text: "Gentile {nome},"}})
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := c.TextModules(ctx, model.SectionPensioni); len(got) != 1 || got[0].Title != "Nuovo modulo" {
		t.Errorf("after central's change: %+v", got)
	}
	// A sportello operator has none, and syncs all the same.
	demo := consoleOn(t, url, "demo")
	if _, err := demo.SyncOnce(ctx); err != nil {
		t.Fatalf("a sportello operator's sync: %v", err)
	}
	if got, _ := demo.TextModules(ctx, ""); len(got) != 0 {
		t.Errorf("a sportello operator's modules: %d", len(got))
	}
}
