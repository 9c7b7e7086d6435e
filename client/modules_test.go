package client_test

import (
	"context"
	"errors"
	"testing"

	"sportello/client"
	"sportello/model"
)

func TestTextModulesOfTheConsultantsSectionsWithTheirETag(t *testing.T) {
	sb, srv, v := startSandbox(t, 11, &clock{t: monday})
	ctx := context.Background()
	cric := login(t, srv.URL, "cric")
	list, err := cric.Modules(ctx, "")
	if err != nil || list.NotModified || list.ETag == "" || len(list.Modules) < 8 {
		t.Fatalf("cric's modules: %d, %+v, %v", len(list.Modules), list.NotModified, err)
	}
	sections := map[model.Section]int{}
	for _, m := range list.Modules {
		sections[m.Section]++
		if m.Title == "" || m.Text == "" {
			t.Errorf("module %s without title or text", m.ID)
		}
	}
	if sections[model.SectionPensioni] == 0 || sections[model.SectionContribuente] == 0 || sections[model.SectionReddito] != 0 {
		t.Errorf("modules by section %v: want cric's two sections only", sections)
	}
	again, err := cric.Modules(ctx, list.ETag)
	if err != nil || !again.NotModified || again.ETag != list.ETag || len(again.Modules) != 0 {
		t.Errorf("with the ETag: %+v, %v; want not modified", again, err)
	}
	sb.SetModules([]client.ModuleJSON{{ID: "x", Section: "pensioni", Title: "Nuovo", Text: "Testo {nome}"}})
	changed, err := cric.Modules(ctx, list.ETag)
	if err != nil || changed.NotModified || changed.ETag == list.ETag || len(changed.Modules) != 1 || changed.Modules[0].Title != "Nuovo" {
		t.Errorf("after central changed them: %+v, %v", changed, err)
	}
	if _, err := login(t, srv.URL, "demo").Modules(ctx, ""); !errors.Is(err, client.ErrUnauthorized) {
		t.Errorf("modules for a sportello operator: %v, want ErrUnauthorized (forbidden)", err)
	}
	checkContract(t, v)
}
