package cache

import (
	"encoding/json"
	"fmt"

	"sportello/model"
)

// storedEntity is how an entity central answered is kept (sealed) with a
// conflict: its type, then the entity.
type storedEntity struct {
	Entity string          `json:"entity"`
	Data   json.RawMessage `json:"data"`
}

// marshalEntity encodes an entity to keep it.
func marshalEntity(e model.Entity) ([]byte, error) {
	var name string
	switch e.(type) {
	case model.Slot:
		name = "slot"
	case model.Scheda:
		name = "scheda"
	case model.Ticket:
		name = "ticket"
	default:
		return nil, fmt.Errorf("cache: unknown entity %T", e)
	}
	data, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("cache: encode %s: %w", name, err)
	}
	return json.Marshal(storedEntity{Entity: name, Data: data})
}

// unmarshalEntity decodes a kept entity. A conflict recorded before
// entities carried their type (console 0.8 and earlier) holds the bare
// entity, whose type follows from the action's kind.
func unmarshalEntity(plain []byte, kind model.ActionKind) (model.Entity, error) {
	var st storedEntity
	if err := json.Unmarshal(plain, &st); err != nil || st.Entity == "" {
		st = storedEntity{Entity: "slot", Data: plain}
		switch kind {
		case model.KindScheda:
			st.Entity = "scheda"
		case model.KindTicket:
			st.Entity = "ticket"
		}
	}
	switch st.Entity {
	case "slot":
		return decodeEntity[model.Slot](st.Data)
	case "scheda":
		return decodeEntity[model.Scheda](st.Data)
	case "ticket":
		return decodeEntity[model.Ticket](st.Data)
	}
	return nil, fmt.Errorf("cache: unknown entity %q", st.Entity)
}

func decodeEntity[E model.Entity](data []byte) (model.Entity, error) {
	var e E
	if err := json.Unmarshal(data, &e); err != nil {
		return nil, fmt.Errorf("cache: decode entity: %w", err)
	}
	return e, nil
}
