package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// decodeInto decodes a JSON answer strictly into out (unknown fields or
// trailing data break the contract) and runs check on it.
func decodeInto(res result, out any, check func() error) error {
	if err := jsonAnswer(res, out); err != nil {
		return err
	}
	if err := decodeStrict(res.body, out); err != nil {
		return err
	}
	if check != nil {
		if err := check(); err != nil {
			return fmt.Errorf("%w: %v", ErrBadResponse, err)
		}
	}
	return nil
}

// decodeLenient decodes a JSON answer into out, ignoring the fields out
// does not have: for the one answer every console version must read.
func decodeLenient(res result, out any) error {
	if err := jsonAnswer(res, out); err != nil {
		return err
	}
	if err := json.Unmarshal(res.body, out); err != nil {
		return fmt.Errorf("%w: %v", ErrBadResponse, err)
	}
	return nil
}

// jsonAnswer clears out (nothing left over from an earlier attempt) and
// checks that the answer says it is JSON.
func jsonAnswer(res result, out any) error {
	reflect.ValueOf(out).Elem().SetZero()
	if ct := res.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return fmt.Errorf("%w: content type %q", ErrBadResponse, ct)
	}
	return nil
}

// decodeStrict decodes exactly one JSON value with no unknown fields.
func decodeStrict(data []byte, out any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(out); err != nil {
		return fmt.Errorf("%w: %v", ErrBadResponse, err)
	}
	if dec.More() {
		return fmt.Errorf("%w: data after the JSON value", ErrBadResponse)
	}
	return nil
}
