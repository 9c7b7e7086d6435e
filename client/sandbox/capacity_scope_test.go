package sandbox

import (
	"encoding/json"
	"net/http"
	"testing"

	"sportello/client"
)

// changesOf reads the first page of the changes feed as an operator and
// counts its entries by entity.
func (p *deskPeer) changesOf(op string) map[string]int {
	p.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, p.url+"/v1/changes?limit=1000", nil)
	req.Header.Set("Authorization", "Bearer "+p.token(op))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	var page client.ChangesJSON
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil || resp.StatusCode != http.StatusOK {
		p.t.Fatalf("changes of %s: %d %v", op, resp.StatusCode, err)
	}
	out := map[string]int{}
	for _, c := range page.Changes {
		out[c.Entity]++
	}
	return out
}

// TestHeadOfStructureGetsNoCitizenInTheChangesFeed: the direttore's
// office is the Sede, whose agendas hold hundreds of booked citizens; he
// serves none of them and reads the agendas as counts, so the feed gives
// his mirror no slot, ticket or file. A twin agenda he opens goes to the
// office's desks, not to him.
func TestHeadOfStructureGetsNoCitizenInTheChangesFeed(t *testing.T) {
	p := newDeskPeer(t)
	if st, body, _ := p.post("direttore", "/v1/desks/clone", "feed-clone-1",
		client.DeskCloneRequest{Office: "7800", Desk: "Sportello 1", Days: []string{"2026-11-24"}}); st != http.StatusOK {
		t.Fatalf("clone: %d %s", st, body)
	}
	for _, op := range []string{"direttore", "responsabile"} {
		got := p.changesOf(op)
		if len(got) != 0 {
			t.Errorf("the feed of %s: %v, want nothing", op, got)
		}
	}
	if got := p.changesOf("accoglienza"); got["slot"] == 0 {
		t.Errorf("the reception's feed: %v, want its office's slots", got)
	}
}

// TestAgendaOfAnotherOfficeIsForbidden: GET /v1/agenda's slots name their
// citizens (codice fiscale, phone, meeting link). The head of an Agenzia
// read the Sede's with ?office=7800, and the direttore his own office's;
// both read counts only, and an operator only his own office's agenda.
func TestAgendaOfAnotherOfficeIsForbidden(t *testing.T) {
	p := newDeskPeer(t)
	get := func(op, query string) int {
		req, _ := http.NewRequest(http.MethodGet, p.url+"/v1/agenda?from=2026-11-24&to=2026-11-24"+query, nil)
		req.Header.Set("Authorization", "Bearer "+p.token(op))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, c := range []struct {
		op, query string
		want      int
	}{
		{"responsabile", "&office=7800", http.StatusForbidden},
		{"responsabile", "", http.StatusForbidden},
		{"direttore", "", http.StatusForbidden},
		{"direttore", "&office=7801&desk=Sportello+1", http.StatusForbidden},
		{"demo", "&office=7801", http.StatusForbidden},
		{"demo", "", http.StatusOK},
		{"accoglienza", "&office=7801&desk=Sportello+2", http.StatusOK},
	} {
		if got := get(c.op, c.query); got != c.want {
			t.Errorf("%s GET /v1/agenda%s: %d, want %d", c.op, c.query, got, c.want)
		}
	}
}

// TestHeadOfStructureReadsNoCitizensFile: the direttore and the head of
// an Agenzia serve no citizen; searching one or opening a file is
// refused, as it is not for a desk operator.
func TestHeadOfStructureReadsNoCitizensFile(t *testing.T) {
	p := newDeskPeer(t)
	var cf string
	if err := p.sb.db.QueryRow(`SELECT cf FROM citizens LIMIT 1`).Scan(&cf); err != nil {
		t.Fatal(err)
	}
	get := func(op, path string) int {
		req, _ := http.NewRequest(http.MethodGet, p.url+path, nil)
		req.Header.Set("Authorization", "Bearer "+p.token(op))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, op := range []string{"direttore", "responsabile"} {
		for _, path := range []string{"/v1/citizens/" + cf, "/v1/citizens?q=" + cf} {
			if st := get(op, path); st != http.StatusForbidden {
				t.Errorf("%s GET %s: %d, want 403", op, path, st)
			}
		}
	}
	if st := get("demo", "/v1/citizens/"+cf); st != http.StatusOK {
		t.Errorf("a desk operator's file: %d", st)
	}
}
