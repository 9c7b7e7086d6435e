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
	"hash"
	"strconv"
)

// KeySize is the size of the cache key in bytes.
const KeySize = 32

// ErrWrongKey means the cache was sealed with another key (lost or
// replaced): it cannot be read and must be rebuilt from central.
var ErrWrongKey = errors.New("cache: sealed with another key")

// ErrTampered means a sealed value does not open where it is stored: it was
// copied there from another row, column or table, or altered, or damaged.
// Open has checked the key, so this is not a lost key, and nothing is
// dropped or rebuilt for it: the read that met it fails, rather than show
// or send what may be another citizen's data, and the row stays as it is
// for whoever looks into it. The caller should tell the operator that the
// local data was altered and to call support, and log it; it must not
// delete the cache, nor drop or skip queued work (a tampered outbox row
// stops the push at it until someone has looked). A mirrored row comes
// right when central sends that row again.
var ErrTampered = errors.New("cache: a sealed value was moved or altered")

// NewKey returns a fresh random cache key.
func NewKey() []byte {
	k := make([]byte, KeySize)
	_, _ = rand.Read(k) // crypto/rand.Read never fails
	return k
}

// sealer encrypts personal fields (AES-256-GCM), each bound to its place
// (see column), and computes blind indexes (HMAC-SHA256) with keys derived
// from the cache key.
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

// column is a table's column that holds sealed values.
type column struct{ table, name string }

// place is where one sealed value lives: a column and its row's key.
type place struct {
	column
	row string
}

// at is the place of the value of the row keyed row in c.
func (c column) at(row string) place { return place{c, row} }

// ad is the associated data a value is sealed with: it binds the value to
// its place, so that one copied to another row, column or table does not
// open. Table and column names hold no NUL, so the encoding is unambiguous.
func (p place) ad() []byte {
	return p.appendAD(make([]byte, 0, len(p.table)+len(p.name)+len(p.row)+2))
}

// appendAD appends the associated data of p to b.
func (p place) appendAD(b []byte) []byte {
	b = append(append(append(b, p.table...), 0), p.name...)
	return append(append(b, 0), p.row...)
}

func (p place) String() string { return p.table + "." + p.name + " of " + strconv.Quote(p.row) }

// seal encrypts plain, bound to where it is stored; nil stays nil so empty
// fields cost nothing.
func (s *sealer) seal(plain []byte, at place) []byte {
	if plain == nil {
		return nil
	}
	return s.sealAD(plain, at.ad())
}

func (s *sealer) sealAD(plain, ad []byte) []byte {
	nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(plain)+s.aead.Overhead())
	_, _ = rand.Read(nonce)
	return s.aead.Seal(nonce, nonce, plain, ad)
}

func (s *sealer) sealString(v string, at place) []byte {
	if v == "" {
		return nil
	}
	return s.seal([]byte(v), at)
}

// open decrypts a value sealed at its place, or gives ErrTampered.
func (s *sealer) open(sealed []byte, at place) ([]byte, error) {
	if sealed == nil {
		return nil, nil
	}
	plain, ok := s.openAD(sealed, at.ad())
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrTampered, at)
	}
	return plain, nil
}

func (s *sealer) openAD(sealed, ad []byte) ([]byte, bool) {
	n := s.aead.NonceSize()
	if len(sealed) < n {
		return nil, false
	}
	plain, err := s.aead.Open(nil, sealed[:n], sealed[n:], ad)
	return plain, err == nil
}

func (s *sealer) openString(sealed []byte, at place) (string, error) {
	b, err := s.open(sealed, at)
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

// sealBatch seals many values for one writer (a page of the changes feed)
// as sealer does, byte for byte the same format, with less work per value:
// the nonces of many values come from one draw of randomness, the sealed
// values share one buffer, and one HMAC is reused for blind indexes. It is
// not safe for concurrent use.
type sealBatch struct {
	s      *sealer
	nonces []byte // drawn and not yet used
	out    []byte // sealed values since reset, each a slice of it
	plain  []byte
	ad     []byte
	mac    hash.Hash
	sum    []byte
	hex    []byte
}

// noncesPerDraw is how many nonces a sealBatch draws at a time.
const noncesPerDraw = 256

func (s *sealer) batch() *sealBatch {
	return &sealBatch{s: s, mac: hmac.New(sha256.New, s.index)}
}

// reset lets the buffer of the values sealed so far be used again: call it
// only once nothing holds them (SQLite copies a value when it binds it).
func (b *sealBatch) reset() { b.out = b.out[:0] }

// sealString is sealer.sealString.
func (b *sealBatch) sealString(v string, at place) []byte {
	if v == "" {
		return nil
	}
	aead := b.s.aead
	n := aead.NonceSize()
	if len(b.nonces) < n {
		b.nonces = make([]byte, n*noncesPerDraw)
		_, _ = rand.Read(b.nonces) // crypto/rand.Read never fails
	}
	nonce := b.nonces[:n:n]
	b.nonces = b.nonces[n:]
	b.ad = at.appendAD(b.ad[:0])
	b.plain = append(b.plain[:0], v...)
	if need := n + len(v) + aead.Overhead(); cap(b.out)-len(b.out) < need {
		b.out = make([]byte, 0, max(need, 32<<10)) // what was sealed before keeps its buffer
	}
	start := len(b.out)
	b.out = aead.Seal(append(b.out, nonce...), nonce, b.plain, b.ad)
	return b.out[start:len(b.out):len(b.out)]
}

// ref is sealer.ref.
func (b *sealBatch) ref(cf string) string {
	if cf == "" {
		return ""
	}
	b.mac.Reset()
	b.plain = append(b.plain[:0], cf...)
	b.mac.Write(b.plain)
	b.sum = b.mac.Sum(b.sum[:0])
	b.hex = hex.AppendEncode(b.hex[:0], b.sum)
	return string(b.hex)
}
