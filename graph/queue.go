package graph

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
)

// The rebuild queue (see doc.go, "Rebuild queue", and keys 5a, 5b). A
// write that changes how other documents must be written — a document
// that changes an acronym's link (relink.go), a curation (curation.go,
// undo.go) — does not write them in its own transaction: there may be
// thousands, more than one badger transaction holds. It writes a queue
// record instead, and Store.Update, once that transaction has committed,
// writes the documents again in follow-up transactions of at most
// Options.RelinkBatch documents, advancing the record's cursor in each and
// deleting the record in the last. A record is durable: a crash between
// the commits leaves it, and the next Open (or the next write) finishes it.
//
// A record names a set of documents read from the store in document order
// (docSource) and a cursor, the last document written. The sets are
// defined by the keys of the documents still to be written (those of the
// entity, the acronym, the evidence, ...), which writing a document again
// only changes for that document, and the curations and acronym links the
// documents are written under were all committed with the record: so the
// records may be worked through in any order, a document in several is
// written more than once, harmlessly, and the store ends exactly as its
// documents and curations say.
const (
	pRebuild     byte = 0x5a // acr -> doc: relink record; 00 seq(8) -> doc: curation record
	pRebuildData byte = 0x5b // seq(8) -> splitData, JSON: what a split's follow-ups need
)

// DefaultRelinkBatch is the default of Options.RelinkBatch.
const DefaultRelinkBatch = 32

// relinkKey is the queue record of the relink of the acronym key acr. An
// acronym key is never empty and has no 0 byte, so it never collides with
// a curation record.
func relinkKey(acr string) []byte { return append([]byte{pRebuild}, acr...) }

// curationQueueKey is the queue record of the documents curation seq
// writes again.
func curationQueueKey(seq uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte{pRebuild, 0}, seq)
}

func rebuildDataKey(seq uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte{pRebuildData}, seq)
}

// docSource is a set of documents: those of the keys under prefix, in
// key order, which is document order.
type docSource struct {
	prefix []byte
	// doc returns the document of a key under prefix and whether it is
	// in the set; nil means the rest of the key is the document ID.
	doc func(k, v []byte) (string, bool, error)
}

// entityDocs is the set of documents that mention an entity (13).
func entityDocs(id EntityID) docSource {
	return docSource{prefix: appendID([]byte{pEntityDoc}, id)}
}

// nextDocs returns, in order, the first limit documents after the
// document after ("": from the first) of the union of srcs; more reports
// whether others follow.
func (tx *Tx) nextDocs(srcs []docSource, after string, limit int) (docs []string, more bool, err error) {
	for _, src := range srcs {
		n, last := 0, after
		err := tx.scan(src.prefix, append(slices.Clone(src.prefix), after...), func(k, v []byte) (bool, error) {
			d, ok := string(k[len(src.prefix):]), true
			if src.doc != nil {
				var err error
				if d, ok, err = src.doc(k, v); err != nil {
					return false, err
				}
			}
			if !ok || d <= last { // the cursor's own keys, or more keys of one document
				return true, nil
			}
			docs = append(docs, d)
			last = d
			n++
			return n <= limit, nil // one more than limit tells whether more follow
		})
		if err != nil {
			return nil, false, err
		}
	}
	slices.Sort(docs)
	docs = slices.Compact(docs)
	if len(docs) > limit {
		return docs[:limit], true, nil
	}
	return docs, false, nil
}

// countDocs returns how many documents the union of srcs holds.
func (tx *Tx) countDocs(srcs []docSource) (int, error) {
	docs, _, err := tx.nextDocs(srcs, "", int(^uint(0)>>1))
	return len(docs), err
}

// rebuildJob is how the follow-ups of one queue record write documents.
type rebuildJob struct {
	srcs []docSource
	// write writes the documents again; nil: tx.rebuild.
	write func(tx *Tx, docs []string) error
	// done, when not nil, runs in the transaction that deletes the record.
	done func(tx *Tx) error
}

// queueRecord is a record of the rebuild queue: its key and cursor.
type queueRecord struct {
	key   []byte
	after string
}

// job returns the job of a queue record.
func (tx *Tx) job(r queueRecord) (*rebuildJob, error) {
	if len(r.key) == 10 && r.key[1] == 0 {
		return tx.curationJob(binary.BigEndian.Uint64(r.key[2:]))
	}
	return &rebuildJob{srcs: relinkSources(string(r.key[1:]))}, nil
}

// rebuildStep writes again at most limit documents of the queue, in one
// transaction, advancing or deleting its records; n is how many it wrote
// and done reports that no record is left. jobs caches the jobs of the
// records between the steps of one Store.finishRebuildsLocked.
func (tx *Tx) rebuildStep(limit int, jobs map[string]*rebuildJob) (n int, done bool, err error) {
	var recs []queueRecord
	err = tx.scan([]byte{pRebuild}, nil, func(k, v []byte) (bool, error) {
		recs = append(recs, queueRecord{slices.Clone(k), string(v)})
		return true, nil
	})
	if err != nil {
		return 0, false, err
	}
	for _, r := range recs {
		if n == limit {
			return n, false, nil
		}
		j := jobs[string(r.key)]
		if j == nil {
			if j, err = tx.job(r); err != nil {
				return n, false, err
			}
			jobs[string(r.key)] = j
		}
		docs, more, err := tx.nextDocs(j.srcs, r.after, limit-n)
		if err != nil {
			return n, false, err
		}
		if j.write != nil {
			err = j.write(tx, docs)
		} else {
			err = tx.rebuild(slices.Clone(docs), nil)
		}
		if err != nil {
			return n, false, err
		}
		n += len(docs)
		if more {
			return n, false, tx.set(r.key, []byte(docs[len(docs)-1]))
		}
		if j.done != nil {
			if err := j.done(tx); err != nil {
				return n, false, err
			}
		}
		if err := tx.del(r.key); err != nil {
			return n, false, err
		}
		delete(jobs, string(r.key))
	}
	return n, true, nil
}

// finishRebuildsLocked runs rebuildStep in transactions of its own until
// no queue record is left. A transaction too big for badger is tried
// again with half as many documents. The caller holds wmu (or has the
// store to itself, in Open).
func (s *Store) finishRebuildsLocked() error {
	limit := s.opts.RelinkBatch
	if limit <= 0 {
		limit = DefaultRelinkBatch
	}
	jobs := map[string]*rebuildJob{}
	for {
		var n int
		var done bool
		_, err := s.commit(func(tx *Tx) error {
			if s.rebuildFault != nil {
				if err := s.rebuildFault(); err != nil {
					return err
				}
			}
			var err error
			n, done, err = tx.rebuildStep(limit, jobs)
			return err
		})
		if errTooBig(err) && limit > 1 {
			limit /= 2
			continue
		}
		if err != nil {
			return fmt.Errorf("%w: %w", ErrRebuildPending, err)
		}
		if s.rebuildHook != nil {
			s.rebuildHook(n)
		}
		if done {
			s.rebuildPending.Store(false)
			return nil
		}
	}
}

// loadRebuildFlag sets rebuildPending when the store holds a queue record.
func (s *Store) loadRebuildFlag() error {
	return s.View(func(tx *Tx) error {
		return tx.scan([]byte{pRebuild}, nil, func(_, _ []byte) (bool, error) {
			s.rebuildPending.Store(true)
			return false, nil
		})
	})
}

// FinishRebuilds writes again the documents still queued (see doc.go,
// "Rebuild queue"): when a follow-up transaction failed (the error of the
// write or curation wrapped ErrRebuildPending) or a store opened read-only
// holds some. Every write and every Open of a writable store does so
// already; call it before reading a store that must be exactly what its
// documents and curations say (the exporters do). On a read-only store
// with documents queued it fails with an error wrapping ErrRebuildPending
// and ErrReadOnly.
func (s *Store) FinishRebuilds() error {
	s.closeMu.RLock()
	defer s.closeMu.RUnlock()
	if s.closed {
		return ErrClosed
	}
	if !s.rebuildPending.Load() {
		return nil
	}
	if s.opts.ReadOnly {
		return fmt.Errorf("%w: %w", ErrRebuildPending, ErrReadOnly)
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return s.finishRebuildsLocked()
}

// FinishRelinks is the former name of FinishRebuilds.
//
// Deprecated: use FinishRebuilds, which does the same.
func (s *Store) FinishRelinks() error { return s.FinishRebuilds() }

// splitData is what the follow-ups of a split (SplitEntity, or the undo
// of a merge) need from the merge records the split deleted, written with
// the curation record (key 5b) only when some record held it: the
// documents as written before a merge (mergeInfo.Docs) and the names of
// the merged mentions (mergeInfo.Mentions) of records written before held
// records kept those names.
type splitData struct {
	Saved map[string]DocInput       `json:",omitempty"` // doc -> as written before a merge
	Names map[string]map[int]string `json:",omitempty"` // doc -> mention index -> name
}

func (d *splitData) isZero() bool { return d == nil || (len(d.Saved) == 0 && len(d.Names) == 0) }

// queueCuration writes the queue record of curation seq (its log entry
// says which documents to write again) and, when not zero, what its
// split needs.
func (tx *Tx) queueCuration(seq uint64, data *splitData) error {
	if !data.isZero() {
		b, err := json.Marshal(data)
		if err != nil {
			return err
		}
		if err := tx.set(rebuildDataKey(seq), b); err != nil {
			return err
		}
	}
	tx.queued = true
	return tx.set(curationQueueKey(seq), nil)
}
