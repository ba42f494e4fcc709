package graph

import (
	"encoding/binary"
	"fmt"
	"math"
	"sync"

	badger "github.com/dgraph-io/badger/v4"
)

// regFlagSymmetric marks a relation type whose relations are unordered.
const regFlagSymmetric byte = 1

// regEntry is one name of a registry kind with its code.
type regEntry struct {
	kind  byte
	name  string
	code  uint64
	flags byte
}

type regName struct {
	kind byte
	name string
}

type regCode struct {
	kind byte
	code uint64
}

// registry caches the persisted name↔code tables. Codes are allocated in
// write transactions and published here only after the commit.
type registry struct {
	mu     sync.RWMutex
	byName map[regName]regEntry
	byCode map[regCode]regEntry
}

func newRegistry() *registry {
	return &registry{byName: map[regName]regEntry{}, byCode: map[regCode]regEntry{}}
}

func (r *registry) load(db *badger.DB) error {
	return db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pRegName}})
		defer it.Close()
		var es []regEntry
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()
			if len(k) < 2 {
				return fmt.Errorf("%w: registry key %x", ErrCorrupt, k)
			}
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return fmt.Errorf("graph: load registry: %w", err)
			}
			e, err := decodeRegVal(k[1], string(k[2:]), v)
			if err != nil {
				return err
			}
			es = append(es, e)
		}
		r.publish(es)
		return nil
	})
}

func encodeRegVal(e regEntry) []byte {
	return append(binary.AppendUvarint(nil, e.code), e.flags)
}

func decodeRegVal(kind byte, name string, v []byte) (regEntry, error) {
	code, n := binary.Uvarint(v)
	if n <= 0 || len(v) != n+1 {
		return regEntry{}, fmt.Errorf("%w: registry value for %q", ErrCorrupt, name)
	}
	return regEntry{kind: kind, name: name, code: code, flags: v[n]}, nil
}

func (r *registry) publish(es []regEntry) {
	if len(es) == 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range es {
		r.byName[regName{e.kind, e.name}] = e
		r.byCode[regCode{e.kind, e.code}] = e
	}
}

func (r *registry) lookup(kind byte, name string) (regEntry, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	e, ok := r.byName[regName{kind, name}]
	return e, ok
}

func (r *registry) name(kind byte, code uint64) (regEntry, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	e, ok := r.byCode[regCode{kind, code}]
	return e, ok
}

// symmetricCodes returns the codes of the symmetric relation types.
func (r *registry) symmetricCodes() map[uint16]bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	m := map[uint16]bool{}
	for k, e := range r.byCode {
		if k.kind == kindRelType && e.flags&regFlagSymmetric != 0 {
			m[uint16(e.code)] = true
		}
	}
	return m
}

// lookupCode returns the entry of name, looking at codes allocated by this
// transaction too.
func (tx *Tx) lookupCode(kind byte, name string) (regEntry, bool) {
	if e, ok := tx.s.reg.lookup(kind, name); ok {
		return e, true
	}
	for _, e := range tx.newCodes {
		if e.kind == kind && e.name == name {
			return e, true
		}
	}
	return regEntry{}, false
}

// codeName returns the name of a code; unknown codes are corruption.
func (tx *Tx) codeName(kind byte, code uint64) (regEntry, error) {
	if e, ok := tx.s.reg.name(kind, code); ok {
		return e, nil
	}
	for _, e := range tx.newCodes {
		if e.kind == kind && e.code == code {
			return e, nil
		}
	}
	return regEntry{}, fmt.Errorf("%w: unknown code %d of kind %c", ErrCorrupt, code, kind)
}

// strName returns the name of an optional value code (0 = "").
func (tx *Tx) strName(kind byte, code uint64) (string, error) {
	if code == 0 {
		return "", nil
	}
	e, err := tx.codeName(kind, code)
	return e.name, err
}

// intern returns the code of name, allocating it in this write transaction
// when it is new. A new relation type takes its symmetric flag from flags;
// an existing type keeps the flag it was registered with.
func (tx *Tx) intern(kind byte, name string, flags byte) (regEntry, error) {
	if e, ok := tx.lookupCode(kind, name); ok {
		return e, nil
	}
	if !tx.update {
		return regEntry{}, ErrReadOnly
	}
	next := uint64(1)
	item, err := tx.txn.Get(regNextKey(kind))
	switch {
	case err == nil:
		v, err := item.ValueCopy(nil)
		if err != nil {
			return regEntry{}, fmt.Errorf("graph: registry: %w", err)
		}
		n, k := binary.Uvarint(v)
		if k <= 0 {
			return regEntry{}, fmt.Errorf("%w: registry counter", ErrCorrupt)
		}
		next = n
	case err != badger.ErrKeyNotFound:
		return regEntry{}, fmt.Errorf("graph: registry: %w", err)
	}
	limit := uint64(math.MaxUint32)
	if kind == kindRelType {
		limit = math.MaxUint16
	}
	if next > limit {
		return regEntry{}, fmt.Errorf("%w: too many distinct names of kind %c", ErrInvalidInput, kind)
	}
	e := regEntry{kind: kind, name: name, code: next, flags: flags}
	if err := tx.set(regNameKey(kind, name), encodeRegVal(e)); err != nil {
		return regEntry{}, err
	}
	if err := tx.set(regCodeKey(kind, uint32(next)), []byte(name)); err != nil {
		return regEntry{}, err
	}
	if err := tx.set(regNextKey(kind), binary.AppendUvarint(nil, next+1)); err != nil {
		return regEntry{}, err
	}
	tx.newCodes = append(tx.newCodes, e)
	return e, nil
}
