package client_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"sportello/client"
	"sportello/model"
)

// fileWithSuggestions finds, among the citizens booked on the demo
// operator's agenda, one whose file central gives suggestions.
func fileWithSuggestions(t *testing.T, ctx context.Context, demo *client.Client) client.CitizenFile {
	t.Helper()
	slots, err := demo.Agenda(ctx, monday, monday.AddDate(0, 0, 7))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range slots {
		if s.CitizenCF == "" {
			continue
		}
		f, err := demo.Citizen(ctx, s.CitizenCF, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Citizen.Suggestions) > 0 {
			return f
		}
	}
	t.Fatal("no booked citizen with suggestions")
	return client.CitizenFile{}
}

// exerciseSuggestions marks a suggestion of a file, as the contract says:
// refused marks, an unknown suggestion, then one recorded with its entry
// of the contact history and a new version of the file.
func exerciseSuggestions(t *testing.T, ctx context.Context, demo *client.Client) {
	t.Helper()
	f := fileWithSuggestions(t, ctx, demo)
	cf, s := f.Citizen.CF, f.Citizen.Suggestions[0]
	if s.Mark != "" || len(s.Facts) == 0 || s.Basis == "" {
		t.Errorf("suggestion on the wire: %+v", s)
	}
	for _, bad := range []struct {
		id     string
		mark   model.SuggestionMark
		reason string
	}{
		{s.ID, model.MarkNotRelevant, ""}, {s.ID, "maybe", ""}, {s.ID, model.MarkProposed, strings.Repeat("x", 201)},
		{s.ID, model.MarkProposed, "a\tb"}, {"SG-unknown", model.MarkProposed, ""},
	} {
		_, err := demo.MarkSuggestion(ctx, client.NewIdempotencyKey(), cf, bad.id, bad.mark, bad.reason)
		if !errors.Is(err, client.ErrRejected) && !(bad.id == "SG-unknown" && errors.Is(err, client.ErrNotFound)) {
			t.Errorf("mark %s %q %q: %v, want rejected", bad.id, bad.mark, bad.reason, err)
		}
	}
	key := client.NewIdempotencyKey()
	for range 2 { // the same key again: the same answer, applied once
		got, err := demo.MarkSuggestion(ctx, key, cf, s.ID, model.MarkNotRelevant, "già percepita")
		if err != nil || got.Mark != model.MarkNotRelevant || got.MarkReason != "già percepita" || got.MarkedBy != "Anna Lombardi" {
			t.Fatalf("mark: %+v, %v", got, err)
		}
	}
	after, err := demo.Citizen(ctx, cf, f.ETag)
	if err != nil || after.NotModified || after.Citizen.Version != f.Citizen.Version+1 {
		t.Fatalf("file after the mark: %+v, %v", after.Citizen.Version, err)
	}
	h := after.Citizen.History
	if len(h) != len(f.Citizen.History)+1 || h[0].Channel != model.HistoryChannelSuggestion || h[0].Outcome != "suggestion_not_relevant" ||
		h[0].Service != s.Benefit || h[0].Note != "già percepita" || after.Citizen.Suggestions[0].Mark != model.MarkNotRelevant {
		t.Errorf("history after the mark: %+v", h[:1])
	}
}

func TestSuggestionsRoundTrip(t *testing.T) {
	clk := &clock{t: monday}
	_, srv, v := startSandbox(t, 11, clk)
	exerciseSuggestions(t, context.Background(), login(t, srv.URL, "demo"))
	checkContract(t, v)
}

// TestCitizenWithoutSuggestions: an older central's file has no
// suggestions, and reads as a file without any.
func TestCitizenWithoutSuggestions(t *testing.T) {
	cj := client.CitizenToJSON(model.Citizen{CF: "RSSMRA85T10A562S", GivenName: "Mario", FamilyName: "Rossi", Sex: "M",
		BirthDate: monday.AddDate(-40, 0, 0), BirthPlace: "Napoli", Version: 1})
	if cj.Suggestions != nil {
		t.Fatalf("suggestions on the wire of a file without: %+v", cj.Suggestions)
	}
	c, err := cj.Model()
	if err != nil || c.Suggestions != nil {
		t.Errorf("file without suggestions: %+v, %v", c.Suggestions, err)
	}
}

// TestGarbledSuggestionsLeaveTheFile: central's suggestions outside the
// contract (no facts, an unknown mark, no id, an id twice, far too many,
// control characters and huge texts) are left out or cleaned; the file
// itself is read, so that the day's pull goes on.
func TestGarbledSuggestionsLeaveTheFile(t *testing.T) {
	good := client.SuggestionJSON{ID: "SG-1", Benefit: "NASpI", Rule: "naspi_job_end", Basis: "D.Lgs. 22/2015",
		Facts: []string{"Cessato il\n01/11/2026\x1b[31m", "  ", strings.Repeat("x", 5000)}, ToCheck: []string{"13 settimane\x00", "ISEE \u202eoizrevni"}}
	cj := client.CitizenToJSON(model.Citizen{CF: "RSSMRA85T10A562S", GivenName: "Mario", FamilyName: "Rossi", Sex: "M",
		BirthDate: monday.AddDate(-40, 0, 0), BirthPlace: "Napoli", Version: 1})
	noFacts, badMark, noID, ctlID := good, good, good, good
	noFacts.ID, noFacts.Facts = "SG-2", nil
	badMark.ID, badMark.Mark = "SG-3", "approved"
	noID.ID = ""
	ctlID.ID = "SG-\n4"
	cj.Suggestions = []client.SuggestionJSON{noFacts, good, badMark, noID, ctlID, good}
	for i := range 1000 {
		s := good
		s.ID = fmt.Sprintf("SG-many-%d", i)
		cj.Suggestions = append(cj.Suggestions, s)
	}
	c, err := cj.Model()
	if err != nil {
		t.Fatalf("a file with garbled suggestions was refused: %v", err)
	}
	if len(c.Suggestions) != 20 || c.Suggestions[0].ID != "SG-1" || c.Suggestions[1].ID != "SG-many-0" {
		t.Fatalf("kept %d suggestions, first %+v", len(c.Suggestions), c.Suggestions[:min(2, len(c.Suggestions))])
	}
	s := c.Suggestions[0]
	if len(s.Facts) != 2 || s.Facts[0] != "Cessato il 01/11/2026 [31m" || utf8.RuneCountInString(s.Facts[1]) != 400 ||
		s.ToCheck[0] != "13 settimane" || s.ToCheck[1] != "ISEE  oizrevni" {
		t.Errorf("facts not cleaned: %q, to check %q", s.Facts, s.ToCheck)
	}
}
