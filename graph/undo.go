package graph

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// UndoCuration undoes the curation with sequence number seq, so that the
// store holds what the documents alone say about what it changed, and
// records the undo (kind CurationUndo, Undoes = seq) in the log:
//
//   - RENAME, SET_TYPE: the curated name or type is cleared; reads, the
//     indexes and the type counters go back to the extracted ones, and the
//     curated name no longer redirects later documents.
//   - SUPPRESS: the relation may be stored again, and the documents that
//     stated it are written again with those statements.
//   - MERGE: the entities that curation merged are split off again (as
//     SplitEntity does, for those entities only).
//
// A curation that later ones replaced (a later RENAME or SET_TYPE of the
// same entity, a SPLIT of the merged entity or a MERGE of it into another)
// or that was undone already fails with ErrCurated, as do SPLIT and UNDO
// curations (a split is undone by merging again). An unknown seq fails with
// ErrNoCuration. The undo and its log entry commit in one transaction,
// all of it or nothing; the documents it changes are then written again in
// follow-up transactions before it returns, as for MergeEntities.
func (s *Store) UndoCuration(seq uint64, who CurationClient) (c Curation, err error) {
	err = s.Update(func(tx *Tx) error {
		orig, err := tx.curation(seq)
		if err != nil {
			return err
		}
		if err := tx.checkUndoable(orig); err != nil {
			return err
		}
		n, queue := 0, false
		var data *splitData
		switch orig.Kind {
		case CurationRename, CurationSetType:
			id, err := ParseEntityID(orig.Target)
			if err != nil {
				return fmt.Errorf("%w: curation %d: %v", ErrCorrupt, seq, err)
			}
			if n, queue, err = tx.setOverride(id, orig.Kind, ""); err != nil {
				return err
			}
		case CurationSuppress:
			if n, err = tx.unsuppress(orig.Target); err != nil {
				return err
			}
			queue = n > 0
		case CurationMerge:
			into, err := ParseEntityID(orig.Target)
			if err != nil {
				return fmt.Errorf("%w: curation %d: %v", ErrCorrupt, seq, err)
			}
			only := map[EntityID]bool{}
			for _, src := range orig.Sources {
				f, err := ParseEntityID(src)
				if err != nil {
					return fmt.Errorf("%w: curation %d: %v", ErrCorrupt, seq, err)
				}
				only[f] = true
			}
			sp, err := tx.split(into, only)
			if err != nil {
				return err
			}
			n, queue, data = sp.docs, sp.queue, sp.data
		default:
			return fmt.Errorf("%w: curations of kind %s cannot be undone", ErrCurated, orig.Kind)
		}
		c = Curation{Kind: CurationUndo, Target: orig.Target, Sources: orig.Sources, Value: orig.Kind, Undoes: seq,
			Client: who.Addr, UserAgent: who.UserAgent, Documents: n}
		return tx.recordQueued(&c, queue, data)
	})
	return c, err
}

// curation reads one entry of the curation log.
func (tx *Tx) curation(seq uint64) (Curation, error) {
	v, ok, err := tx.get(curationKey(seq))
	if err != nil {
		return Curation{}, err
	}
	if !ok {
		return Curation{}, fmt.Errorf("%w: no curation %d", ErrNoCuration, seq)
	}
	var c Curation
	if err := json.Unmarshal(v, &c); err != nil {
		return Curation{}, fmt.Errorf("%w: curation %d: %v", ErrCorrupt, seq, err)
	}
	return c, nil
}

func curationKey(seq uint64) []byte { return binary.BigEndian.AppendUint64([]byte{pCuration}, seq) }

// checkUndoable fails with ErrCurated when a later curation undid or
// replaced c. It reads the log after c: curations are few.
func (tx *Tx) checkUndoable(c Curation) error {
	var bad error
	err := tx.scan([]byte{pCuration}, curationKey(c.Seq+1), func(_, v []byte) (bool, error) {
		var l Curation
		if err := json.Unmarshal(v, &l); err != nil {
			return false, fmt.Errorf("%w: curation: %v", ErrCorrupt, err)
		}
		switch {
		case l.Kind == CurationUndo && l.Undoes == c.Seq:
			bad = fmt.Errorf("%w: curation %d was undone by curation %d", ErrCurated, c.Seq, l.Seq)
		case (c.Kind == CurationRename || c.Kind == CurationSetType) && l.Kind == c.Kind && l.Target == c.Target:
			bad = fmt.Errorf("%w: curation %d was replaced by curation %d; undo that one", ErrCurated, c.Seq, l.Seq)
		case c.Kind == CurationMerge && l.Kind == CurationSplit && l.Target == c.Target:
			bad = fmt.Errorf("%w: curation %d was undone by the split %d", ErrCurated, c.Seq, l.Seq)
		case c.Kind == CurationMerge && l.Kind == CurationMerge && slices.Contains(l.Sources, c.Target):
			bad = fmt.Errorf("%w: the entity of curation %d was merged into another by curation %d; undo that one first",
				ErrCurated, c.Seq, l.Seq)
		}
		return bad == nil, nil
	})
	if err != nil {
		return err
	}
	return bad
}

// unsuppress lifts the suppression of a relation (by its ID) and returns
// how many documents hold back a statement of its type (heldDocs): its
// follow-ups write them again, so that those statements are stored again.
// Relations bulk loaded without evidence do not come back.
func (tx *Tx) unsuppress(relID string) (int, error) {
	s, typ, o, err := ParseRelationID(relID)
	if err != nil {
		return 0, fmt.Errorf("%w: curation target: %v", ErrCorrupt, err)
	}
	found := false
	for _, k := range [][]byte{suppressKey(s, o, typ), suppressKey(o, s, typ)} {
		ok, err := tx.has(k)
		if err != nil {
			return 0, err
		}
		if ok {
			found = true
			if err := tx.del(k); err != nil {
				return 0, err
			}
		}
	}
	if !found {
		return 0, fmt.Errorf("%w: relation %s is not suppressed", ErrNoCuration, relID)
	}
	return tx.countDocs([]docSource{heldDocs(typ)})
}

// heldDocs is the set of documents whose held record (55) holds back a
// statement of the relation type typ.
func heldDocs(typ string) docSource {
	return docSource{prefix: []byte{pHeld}, doc: func(k, v []byte) (string, bool, error) {
		var h HeldRecord
		if err := json.Unmarshal(v, &h); err != nil {
			return "", false, fmt.Errorf("%w: held record: %v", ErrCorrupt, err)
		}
		for _, r := range h.Statements {
			if cleanName(strings.TrimSpace(r.Type)) == typ {
				return string(k[1:]), true, nil
			}
		}
		return "", false, nil
	}}
}
