package cache

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
)

// KeySize is the size of the cache key in bytes.
const KeySize = 32

// ErrWrongKey means the cache was sealed with another key (lost or
// replaced): it cannot be read and must be rebuilt from central.
var ErrWrongKey = errors.New("cache: sealed with another key")

// NewKey returns a fresh random cache key.
func NewKey() []byte {
	k := make([]byte, KeySize)
	_, _ = rand.Read(k) // crypto/rand.Read never fails
	return k
}

// sealer encrypts personal fields (AES-256-GCM) and computes blind indexes
// (HMAC-SHA256) with keys derived from the cache key.
type sealer struct {
	aead  cipher.AEAD
	index []byte
}

func newSealer(key []byte) (*sealer, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("cache: key must be %d bytes, got %d", KeySize, len(key))
	}
	encKey, err := hkdf.Key(sha256.New, key, nil, "sportello cache seal", 32)
	if err != nil {
		return nil, fmt.Errorf("cache: derive key: %w", err)
	}
	idxKey, err := hkdf.Key(sha256.New, key, nil, "sportello cache blind index", 32)
	if err != nil {
		return nil, fmt.Errorf("cache: derive key: %w", err)
	}
	block, err := aes.NewCipher(encKey)
	if err != nil {
		return nil, fmt.Errorf("cache: cipher: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("cache: gcm: %w", err)
	}
	return &sealer{aead: aead, index: idxKey}, nil
}

// seal encrypts plain; nil stays nil so empty fields cost nothing.
func (s *sealer) seal(plain []byte) []byte {
	if plain == nil {
		return nil
	}
	nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(plain)+s.aead.Overhead())
	_, _ = rand.Read(nonce)
	return s.aead.Seal(nonce, nonce, plain, nil)
}

func (s *sealer) sealString(v string) []byte {
	if v == "" {
		return nil
	}
	return s.seal([]byte(v))
}

func (s *sealer) open(sealed []byte) ([]byte, error) {
	if sealed == nil {
		return nil, nil
	}
	n := s.aead.NonceSize()
	if len(sealed) < n {
		return nil, ErrWrongKey
	}
	plain, err := s.aead.Open(nil, sealed[:n], sealed[n:], nil)
	if err != nil {
		return nil, ErrWrongKey
	}
	return plain, nil
}

func (s *sealer) openString(sealed []byte) (string, error) {
	b, err := s.open(sealed)
	return string(b), err
}

// ref is the blind index of a codice fiscale: equal codes give equal refs,
// and nothing on disk reveals the code.
func (s *sealer) ref(cf string) string {
	if cf == "" {
		return ""
	}
	m := hmac.New(sha256.New, s.index)
	m.Write([]byte(cf))
	return hex.EncodeToString(m.Sum(nil))
}
