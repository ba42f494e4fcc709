package graph

import (
	"fmt"
	"slices"
)

// Deferred acronym relinking (see doc.go, "Acronyms" and key 5a). When a
// document changes what an acronym links to, every document with a bare
// mention of it must be written again; in a news corpus that may be
// thousands of documents, far more than one badger transaction holds. So
// Tx.PutDocument and Tx.DeleteDocument only write a relink record for the
// acronym in the document's own transaction, and Store.Update, once that
// transaction has committed, writes the documents again in follow-up
// transactions of at most Options.RelinkBatch documents each. The record
// is durable: a crash between the commits leaves it, and the next Open (or
// the next write) finishes it.
const pRelink byte = 0x5a // acr -> doc: relink acr; doc is the last one written again ("" none yet)

// DefaultRelinkBatch is the default of Options.RelinkBatch.
const DefaultRelinkBatch = 128

func relinkKey(acr string) []byte { return append([]byte{pRelink}, acr...) }

// queueRelinks writes a relink record, from the first document, for every
// key of the snapshot whose target changed since and whose documents
// (bare uses, 58, and the documents of its own entity, 13) include one
// other than self, the document being written or deleted: self is already
// written under the target in force.
func (tx *Tx) queueRelinks(before acrSnapshot, self string) error {
	keys := make([]string, 0, len(before))
	for k := range before {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		t, _, err := tx.acronymTarget(k)
		if err != nil {
			return err
		}
		if t == before[k] {
			continue
		}
		docs, _, err := tx.relinkDocs(k, "", 2)
		if err != nil {
			return err
		}
		if len(docs) == 0 || (len(docs) == 1 && docs[0] == self) {
			continue
		}
		if err := tx.set(relinkKey(k), nil); err != nil { // (again) from the first document
			return err
		}
		tx.relinkQueued = true
	}
	return nil
}

// relinkDocs returns, in order, the first limit documents after the
// document after ("": from the first) that a relink of the acronym key k
// writes again: those with a bare use of k sent elsewhere (58) and those
// of k's own entity (13). more reports whether others follow.
func (tx *Tx) relinkDocs(k, after string, limit int) (docs []string, more bool, err error) {
	collect := func(p []byte) error {
		n := 0
		return tx.scan(p, append(slices.Clone(p), after...), func(key, _ []byte) (bool, error) {
			d := string(key[len(p):])
			if d == after && after != "" {
				return true, nil
			}
			docs = append(docs, d)
			n++
			return n <= limit, nil // one more than limit tells whether more follow
		})
	}
	if err := collect(acrUsePrefix(k)); err != nil {
		return nil, false, err
	}
	if err := collect(appendID([]byte{pEntityDoc}, idOfKey(k))); err != nil {
		return nil, false, err
	}
	slices.Sort(docs)
	docs = slices.Compact(docs)
	if len(docs) > limit {
		return docs[:limit], true, nil
	}
	return docs, false, nil
}

// relinkStep writes again at most limit documents of the pending relink
// records, in one transaction, advancing or deleting the records; n is
// how many it wrote and done reports that no record is left.
func (tx *Tx) relinkStep(limit int) (n int, done bool, err error) {
	type pending struct{ acr, after string }
	var recs []pending
	err = tx.scan([]byte{pRelink}, nil, func(k, v []byte) (bool, error) {
		recs = append(recs, pending{string(k[1:]), string(v)})
		return true, nil
	})
	if err != nil {
		return 0, false, err
	}
	for _, r := range recs {
		if n == limit {
			return n, false, nil
		}
		docs, more, err := tx.relinkDocs(r.acr, r.after, limit-n)
		if err != nil {
			return n, false, err
		}
		if err := tx.rebuild(slices.Clone(docs), nil); err != nil {
			return n, false, err
		}
		n += len(docs)
		if more {
			return n, false, tx.set(relinkKey(r.acr), []byte(docs[len(docs)-1]))
		}
		if err := tx.del(relinkKey(r.acr)); err != nil {
			return n, false, err
		}
	}
	return n, true, nil
}

// finishRelinksLocked runs relinkStep in transactions of its own until no
// relink record is left. A transaction too big for badger is tried again
// with half as many documents. The caller holds wmu (or has the store to
// itself, in Open).
func (s *Store) finishRelinksLocked() error {
	limit := s.opts.RelinkBatch
	if limit <= 0 {
		limit = DefaultRelinkBatch
	}
	for {
		var n int
		var done bool
		_, err := s.commit(func(tx *Tx) error {
			if s.relinkFault != nil {
				if err := s.relinkFault(); err != nil {
					return err
				}
			}
			var err error
			n, done, err = tx.relinkStep(limit)
			return err
		})
		if errTooBig(err) && limit > 1 {
			limit /= 2
			continue
		}
		if err != nil {
			return fmt.Errorf("%w: %w", ErrRelinkPending, err)
		}
		if s.relinkHook != nil {
			s.relinkHook(n)
		}
		if done {
			s.relinkPending.Store(false)
			return nil
		}
	}
}

// loadRelinkFlag sets relinkPending when the store holds a relink record.
func (s *Store) loadRelinkFlag() error {
	return s.View(func(tx *Tx) error {
		return tx.scan([]byte{pRelink}, nil, func(_, _ []byte) (bool, error) {
			s.relinkPending.Store(true)
			return false, nil
		})
	})
}

// FinishRelinks writes again the documents of the acronym relinks still
// pending, when a follow-up transaction failed (the error of the write
// wrapped ErrRelinkPending) or a store opened read-only holds some. Every
// write and every Open of a writable store does so already; call it before
// reading a store that must be exactly what its documents say (the
// exporters do). On a read-only store with relinks pending it fails with
// an error wrapping ErrRelinkPending and ErrReadOnly.
func (s *Store) FinishRelinks() error {
	s.closeMu.RLock()
	defer s.closeMu.RUnlock()
	if s.closed {
		return ErrClosed
	}
	if !s.relinkPending.Load() {
		return nil
	}
	if s.opts.ReadOnly {
		return fmt.Errorf("%w: %w", ErrRelinkPending, ErrReadOnly)
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return s.finishRelinksLocked()
}
