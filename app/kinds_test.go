package app

import (
	"errors"
	"testing"

	"sportello/client"
	"sportello/model"
)

// Every kind of action the model knows has its one registered handling,
// and an action of a kind this console does not know (a newer console's)
// is refused as invalid rather than sent blind.
func TestEveryActionKindIsRegistered(t *testing.T) {
	for _, name := range model.ActionKinds {
		if _, err := kindOf(name); err != nil {
			t.Errorf("kind %q: %v", name, err)
		}
	}
	if len(kinds) != len(model.ActionKinds) {
		t.Errorf("%d kinds registered, the model lists %d", len(kinds), len(model.ActionKinds))
	}
	if _, err := kindOf("teleport"); !errors.Is(err, client.ErrRejected) {
		t.Errorf("unknown kind: %v, want ErrRejected", err)
	}
	k, _ := kindOf(model.KindNote)
	if _, err := k.send(t.Context(), nil, "key", []byte("{not json")); !errors.Is(err, client.ErrRejected) {
		t.Errorf("unreadable payload: %v, want ErrRejected", err)
	}
}
