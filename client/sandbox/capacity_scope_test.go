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
