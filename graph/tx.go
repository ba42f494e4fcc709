package graph

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	badger "github.com/dgraph-io/badger/v4"
)

// Tx is a transaction: a consistent snapshot for reads and, inside
// Store.Update, a unit of atomic writes. A Tx is not safe for concurrent use
// and must not be used after the function it was passed to returns.
type Tx struct {
	s        *Store
	txn      *badger.Txn
	update   bool
	ctr      map[string]int64 // counter deltas of this transaction, by key
	newCodes []regEntry       // registry codes allocated by this transaction
	// acr memoizes acronymTarget within the transaction; any write to a
	// key it reads clears it (see noteAcronymWrite).
	acr map[string]acrTarget
	// queued is set when the transaction wrote a record of the rebuild
	// queue (5a), which Store.Update works through after the commit.
	queued bool
}

// errTooBig reports whether err means the transaction outgrew badger's limit.
func errTooBig(err error) bool { return errors.Is(err, badger.ErrTxnTooBig) }

func (tx *Tx) set(k, v []byte) error {
	if !tx.update {
		return ErrReadOnly
	}
	tx.s.noteWrite(k)
	tx.noteAcronymWrite(k)
	if err := tx.txn.Set(k, v); err != nil {
		return fmt.Errorf("graph: write: %w", err)
	}
	return nil
}

func (tx *Tx) del(k []byte) error {
	if !tx.update {
		return ErrReadOnly
	}
	tx.noteAcronymWrite(k)
	if err := tx.txn.Delete(k); err != nil {
		return fmt.Errorf("graph: delete: %w", err)
	}
	return nil
}

// get returns a copy of the value of k; ok is false when k is absent.
func (tx *Tx) get(k []byte) (v []byte, ok bool, err error) {
	item, err := tx.txn.Get(k)
	if err == badger.ErrKeyNotFound {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("graph: read: %w", err)
	}
	v, err = item.ValueCopy(nil)
	if err != nil {
		return nil, false, fmt.Errorf("graph: read: %w", err)
	}
	return v, true, nil
}

// has reports whether k exists.
func (tx *Tx) has(k []byte) (bool, error) {
	_, err := tx.txn.Get(k)
	if err == badger.ErrKeyNotFound {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("graph: read: %w", err)
	}
	return true, nil
}

// scan calls fn for the keys with the given prefix, in order, starting at
// the first key >= from (nil: the prefix itself). fn returns false to stop.
// Key and value are only valid during the call. In a write transaction the
// scan sees the transaction's own writes.
func (tx *Tx) scan(prefix, from []byte, fn func(k, v []byte) (bool, error)) error {
	it := tx.txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	defer it.Close()
	if from == nil || bytes.Compare(from, prefix) < 0 {
		from = prefix
	}
	for it.Seek(from); it.ValidForPrefix(prefix); it.Next() {
		item := it.Item()
		var more bool
		err := item.Value(func(v []byte) error {
			var err error
			more, err = fn(item.Key(), v)
			return err
		})
		if err != nil {
			return err
		}
		if !more {
			return nil
		}
	}
	return nil
}

// --- counters ---

// addCounter adds d to the counter stored at key; the sum is written when
// the transaction commits.
func (tx *Tx) addCounter(key []byte, d int64) {
	if d == 0 {
		return
	}
	if tx.ctr == nil {
		tx.ctr = map[string]int64{}
	}
	tx.ctr[string(key)] += d
}

// counter returns the value of a counter, this transaction's changes
// included.
func (tx *Tx) counter(key []byte) (int64, error) {
	v, ok, err := tx.get(key)
	if err != nil || !ok {
		return tx.ctr[string(key)], err
	}
	n, k := binary.Varint(v)
	if k <= 0 {
		return 0, fmt.Errorf("%w: counter %q", ErrCorrupt, key)
	}
	return n + tx.ctr[string(key)], nil
}

// flush writes the counter deltas. Counters that reach zero are deleted so
// that a store holds no trace of data that came and went.
func (tx *Tx) flush() error {
	keys := make([]string, 0, len(tx.ctr))
	for k, d := range tx.ctr {
		if d != 0 {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		n, err := tx.counter([]byte(k))
		if err != nil {
			return err
		}
		if n < 0 {
			return fmt.Errorf("%w: counter %q below zero", ErrCorrupt, k)
		}
		if n == 0 {
			err = tx.del([]byte(k))
		} else {
			err = tx.set([]byte(k), binary.AppendVarint(nil, n))
		}
		if err != nil {
			return err
		}
	}
	tx.ctr = nil
	return nil
}

// Stats returns the counts of what the store holds. It reads counters kept
// up to date by every write, so it costs four point reads.
func (tx *Tx) Stats() (Stats, error) {
	var st Stats
	for _, c := range []struct {
		name string
		dst  *int
	}{
		{ctrDocuments, &st.Documents},
		{ctrEntities, &st.Entities},
		{ctrRelations, &st.Relations},
		{ctrMentions, &st.Mentions},
	} {
		n, err := tx.counter(counterKey(c.name))
		if err != nil {
			return Stats{}, err
		}
		*c.dst = int(n)
	}
	return st, nil
}

// TypeCounts returns the number of entities of each type.
func (tx *Tx) TypeCounts() (map[string]int, error) {
	m := map[string]int{}
	err := tx.scan([]byte{pTypeCount}, nil, func(k, v []byte) (bool, error) {
		n, c := binary.Varint(v)
		if c <= 0 {
			return false, fmt.Errorf("%w: type counter %q", ErrCorrupt, k)
		}
		m[string(k[1:])] = int(n)
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	for k, d := range tx.ctr { // this transaction's changes
		if k[0] == pTypeCount {
			m[k[1:]] += int(d)
			if m[k[1:]] == 0 {
				delete(m, k[1:])
			}
		}
	}
	return m, nil
}

// Stats returns the counts of what the store holds.
func (s *Store) Stats() (st Stats, err error) {
	err = s.View(func(tx *Tx) error { st, err = tx.Stats(); return err })
	return st, err
}

// TypeCounts returns the number of entities of each type.
func (s *Store) TypeCounts() (m map[string]int, err error) {
	err = s.View(func(tx *Tx) error { m, err = tx.TypeCounts(); return err })
	return m, err
}
