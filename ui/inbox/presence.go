package inbox

import (
	"context"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/widgets"
)

// Presence on the open scheda: the console tells central that the
// consultant has it open (or is writing its answer), renews it while it
// stays open and withdraws it on leaving; it shows which colleagues have
// it open too. Presence is online only: offline the screen says it cannot
// know, never "nobody".

// PresenceSource announces and withdraws the consultant's presence on a
// scheda; app.Console implements it.
type PresenceSource interface {
	AnnouncePresence(ctx context.Context, id string, state model.PresenceState) ([]model.Presence, error)
	WithdrawPresence(ctx context.Context, id string) error
}

// presenceEvery is how often the presence on the open scheda is renewed
// (and the colleagues' read again): well within model.PresenceTTL.
const presenceEvery = 15 * time.Second

// presenceLine follows the open scheda's presence and shows the
// colleagues'.
type presenceLine struct {
	src   PresenceSource
	label *widget.Label
	// box holds the line: laid out again when it shows or hides (else
	// the line is "visible" with no height, and not seen).
	box *fyne.Container

	mu    sync.Mutex
	id    string // the scheda open, "" for none
	state model.PresenceState
}

func newPresenceLine(src PresenceSource) *presenceLine {
	p := &presenceLine{src: src, label: widget.NewLabel("")}
	p.label.Wrapping = fyne.TextWrapWord
	p.label.Importance = widget.WarningImportance
	p.label.Hide()
	return p
}

// follow is called, on the UI goroutine, with the scheda shown and what
// the consultant does with it; it announces a change at once.
func (p *presenceLine) follow(id string, state model.PresenceState) {
	p.mu.Lock()
	old, oldState := p.id, p.state
	p.id, p.state = id, state
	p.mu.Unlock()
	if old == id && oldState == state {
		return
	}
	if old != id {
		p.label.Hide()
		if old != "" {
			widgets.Background(func() { p.withdraw(old) })
		}
	}
	widgets.Background(p.announce)
}

// announce tells central about the open scheda and shows who else has it.
func (p *presenceLine) announce() {
	p.mu.Lock()
	id, state := p.id, p.state
	p.mu.Unlock()
	if id == "" {
		return
	}
	others, err := p.src.AnnouncePresence(context.Background(), id, state)
	fyne.Do(func() {
		p.mu.Lock()
		still := p.id == id
		p.mu.Unlock()
		if still {
			p.show(others, err)
		}
	})
}

// withdraw tells central the scheda was left; on failure the presence
// expires by itself.
func (p *presenceLine) withdraw(id string) { _ = p.src.WithdrawPresence(context.Background(), id) }

// show writes the colleagues' presence; it runs on the UI goroutine.
func (p *presenceLine) show(others []model.Presence, err error) {
	var text string
	switch {
	case err != nil:
		text = i18n.T("presence.unknown")
	default:
		lines := make([]string, 0, len(others))
		for _, o := range others {
			lines = append(lines, i18n.T("presence."+string(o.State), o.OperatorName))
		}
		text = strings.Join(lines, "\n")
	}
	p.label.SetText(text)
	p.label.Hidden = text == ""
	p.label.Refresh()
	if p.box != nil {
		p.box.Refresh()
	}
}

// run renews the presence until ctx ends, then withdraws it.
func (p *presenceLine) run(ctx context.Context) {
	tick := time.NewTicker(presenceEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			p.mu.Lock()
			id := p.id
			p.id = ""
			p.mu.Unlock()
			if id != "" {
				p.withdraw(id)
			}
			return
		case <-tick.C:
			p.announce()
		}
	}
}

// presenceState is what the consultant does with the open scheda: writing
// its answer when they hold it and the answer box has text.
func (v *InboxView) presenceState() model.PresenceState {
	if v.current != nil && v.current.HeldBy(v.me.ID) && strings.TrimSpace(v.answer.Text) != "" {
		return model.PresenceDrafting
	}
	return model.PresenceViewing
}
