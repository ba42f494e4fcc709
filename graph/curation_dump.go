package graph

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strings"
)

// This file holds the curated state a dump carries (graph/export's jsonl)
// and its restore: the log, the curated names and types, the redirects of
// merges and renames, the suppressed relations and the merge records. A
// document's held record (HeldRecord) travels with the document
// (DocumentRecord.Held).

// EntityOverride is the curated name and type of one entity
// (SetEntityOverride); "" when not curated.
type EntityOverride struct {
	Entity     EntityID
	Name, Type string
}

// Redirect sends the mentions of From to Into: written by a merge of From
// into Into, or (Rename) by a rename of Into to a name whose ID is From.
type Redirect struct {
	From, Into EntityID
	Rename     bool
}

// Suppression is a suppressed relation (SuppressRelation), with Subject <
// Object for symmetric types.
type Suppression struct {
	Subject, Object EntityID
	Type            string
}

// MergeRecord is what SplitEntity needs to undo the merge of From into
// Into: the merged entity's display name and, in older records, its
// mention indexes by document and the documents as they were written
// before the merge.
type MergeRecord struct {
	Into, From EntityID
	Name       string
	// Mentions and Docs are only set in records of older merges (those
	// before held records, Held false, and the first ones after, which
	// kept both): the merged mentions by document, and the documents as
	// they were written before the merge. Merges since write neither.
	Mentions map[string][]int
	Docs     map[string]DocInput
	// Held is true for merges whose redirected mentions are named in the
	// documents' held records (every merge since they exist).
	Held bool
}

// ForEachCuration calls fn for every entry of the curation log, oldest
// first.
func (tx *Tx) ForEachCuration(fn func(Curation) error) error {
	return tx.scan([]byte{pCuration}, nil, func(_, v []byte) (bool, error) {
		var c Curation
		if err := json.Unmarshal(v, &c); err != nil {
			return false, fmt.Errorf("%w: curation: %v", ErrCorrupt, err)
		}
		return true, fn(c)
	})
}

// ForEachOverride calls fn for every curated name and type, by entity ID.
func (tx *Tx) ForEachOverride(fn func(EntityOverride) error) error {
	return tx.scan([]byte{pOverride}, nil, func(k, v []byte) (bool, error) {
		var o entityOverride
		if len(k) != 9 {
			return false, fmt.Errorf("%w: override key %x", ErrCorrupt, k)
		}
		if err := json.Unmarshal(v, &o); err != nil {
			return false, fmt.Errorf("%w: entity override: %v", ErrCorrupt, err)
		}
		return true, fn(EntityOverride{Entity: parseTrailingID(k), Name: o.Name, Type: o.Type})
	})
}

// ForEachRedirect calls fn for every redirect, by From.
func (tx *Tx) ForEachRedirect(fn func(Redirect) error) error {
	return tx.scan([]byte{pRedirect}, nil, func(k, v []byte) (bool, error) {
		if len(k) != 9 {
			return false, fmt.Errorf("%w: redirect key %x", ErrCorrupt, k)
		}
		into, rename, err := decodeRedirect(v)
		if err != nil {
			return false, err
		}
		return true, fn(Redirect{From: parseTrailingID(k), Into: into, Rename: rename})
	})
}

// ForEachSuppression calls fn for every suppressed relation, in key order.
func (tx *Tx) ForEachSuppression(fn func(Suppression) error) error {
	return tx.scan([]byte{pSuppress}, nil, func(k, _ []byte) (bool, error) {
		if len(k) < 18 {
			return false, fmt.Errorf("%w: suppression key %x", ErrCorrupt, k)
		}
		return true, fn(Suppression{Subject: EntityID(binary.BigEndian.Uint64(k[1:9])),
			Object: EntityID(binary.BigEndian.Uint64(k[9:17])), Type: string(k[17:])})
	})
}

// ForEachMergeRecord calls fn for every merge record, by Into and From.
func (tx *Tx) ForEachMergeRecord(fn func(MergeRecord) error) error {
	return tx.scan([]byte{pMerged}, nil, func(k, v []byte) (bool, error) {
		if len(k) != 17 {
			return false, fmt.Errorf("%w: merge record key %x", ErrCorrupt, k)
		}
		var info mergeInfo
		if err := json.Unmarshal(v, &info); err != nil {
			return false, fmt.Errorf("%w: merge record: %v", ErrCorrupt, err)
		}
		return true, fn(MergeRecord{Into: EntityID(binary.BigEndian.Uint64(k[1:9])), From: parseTrailingID(k),
			Name: info.Name, Mentions: info.Mentions, Docs: info.Docs, Held: info.Held})
	})
}

// hasCurations reports whether the store holds any curation record.
func (tx *Tx) hasCurations() (bool, error) {
	found := false
	for _, p := range []byte{pCuration, pRedirect, pSuppress, pOverride, pMerged, pHeld, pAcrUnlink} {
		err := tx.scan([]byte{p}, nil, func(_, _ []byte) (bool, error) {
			found = true
			return false, nil
		})
		if err != nil || found {
			return found, err
		}
	}
	return false, nil
}

// AddCuration writes an entry of the curation log as it was recorded
// (sequence number included); Close numbers later curations after the
// highest.
func (r *Restorer) AddCuration(c Curation) error {
	if c.Seq == 0 || c.Kind == "" {
		return fmt.Errorf("%w: curation without a sequence number or kind", ErrInvalidInput)
	}
	b, err := json.Marshal(c)
	if err != nil {
		return err
	}
	if err := r.set(curationKey(c.Seq), b); err != nil {
		return err
	}
	r.maxSeq = max(r.maxSeq, c.Seq)
	return nil
}

// AddOverride writes the curated name and type of an entity; Close
// moves the entity's index entries and type counter to them, as
// SetEntityOverride does.
func (r *Restorer) AddOverride(o EntityOverride) error {
	v := entityOverride{Name: cleanName(strings.TrimSpace(o.Name)), Type: cleanName(strings.TrimSpace(o.Type))}
	if v == (entityOverride{}) || len(v.Name) > maxKeyLen || len(v.Type) > maxKeyLen {
		return fmt.Errorf("%w: override of %s: empty or too long", ErrInvalidInput, o.Entity)
	}
	b, _ := json.Marshal(v)
	if err := r.set(overrideKey(o.Entity), b); err != nil {
		return err
	}
	r.overrides = append(r.overrides, EntityOverride{Entity: o.Entity, Name: v.Name, Type: v.Type})
	return nil
}

// AddRedirect writes a redirect of a merge or rename.
func (r *Restorer) AddRedirect(rd Redirect) error {
	if rd.From == rd.Into {
		return fmt.Errorf("%w: redirect of %s to itself", ErrInvalidInput, rd.From)
	}
	return r.set(redirectKey(rd.From), redirectValue(rd.Into, rd.Rename))
}

// AddSuppression writes a suppressed relation.
func (r *Restorer) AddSuppression(sp Suppression) error {
	typ := cleanName(strings.TrimSpace(sp.Type))
	if typ == "" || len(typ) > maxKeyLen || sp.Subject == sp.Object {
		return fmt.Errorf("%w: suppression of %s %q %s", ErrInvalidInput, sp.Subject, sp.Type, sp.Object)
	}
	return r.set(suppressKey(sp.Subject, sp.Object, typ), nil)
}

// AddMergeRecord writes the record of a merge.
func (r *Restorer) AddMergeRecord(m MergeRecord) error {
	if m.Into == m.From {
		return fmt.Errorf("%w: merge record of %s into itself", ErrInvalidInput, m.From)
	}
	for id, d := range m.Docs {
		if d.Doc.ID != id {
			return fmt.Errorf("%w: merge record of %s: document %q filed as %q", ErrInvalidInput, m.From, d.Doc.ID, id)
		}
	}
	b, err := json.Marshal(mergeInfo{Name: m.Name, Mentions: m.Mentions, Docs: m.Docs, Held: m.Held})
	if err != nil {
		return err
	}
	return r.set(mergedKey(m.Into, m.From), b)
}

// applyOverrides moves the index entries and type counters of the
// restored entities that have a curated name or type to them, a bounded
// number of entities per transaction. It runs after the counters are set.
func (r *Restorer) applyOverrides() error {
	const perTxn = 256
	for len(r.overrides) > 0 {
		n := min(perTxn, len(r.overrides))
		batch := r.overrides[:n]
		r.overrides = r.overrides[n:]
		err := r.s.Update(func(tx *Tx) error {
			for _, o := range batch {
				rec, ok, err := tx.entityRec(o.Entity)
				if err != nil {
					return err
				}
				if !ok {
					continue // a curation outlives its entity's documents
				}
				cur := entityOverride{Name: o.Name, Type: o.Type}
				var none entityOverride
				err = tx.reindexEntity(o.Entity, rec.Key, none.indexKeys(&rec), none.indexType(&rec), cur.indexKeys(&rec), cur.indexType(&rec))
				if err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
