package graph

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"

	badger "github.com/dgraph-io/badger/v4"
)

// This file holds the read side of dumps (graph/export): streaming walks that
// expose what the public listing methods leave out — the sentence index,
// role and date of each evidence record and the registration order of
// relation types — so that a dump can be restored (see Restorer) into a
// store that answers every query the same way.

// EvidenceRecord is one stored supporting sentence of a relation: the
// public Evidence plus the fields a restore needs.
type EvidenceRecord struct {
	Evidence
	SentenceIndex int    // index of the sentence in its document
	Role          string // role stated in this sentence, "" when none
	Date          string // date of the document, "" when unknown
}

// RelationType is a relation type name with its symmetry.
type RelationType struct {
	Name      string
	Symmetric bool
}

// RelationTypeList returns the relation types the store has seen in the
// order they were registered. Restoring them in this order gives them the
// same internal codes, so relations list in the same order.
func (tx *Tx) RelationTypeList() []RelationType {
	type coded struct {
		code uint64
		t    RelationType
	}
	var cs []coded
	tx.s.reg.mu.RLock()
	for k, e := range tx.s.reg.byCode {
		if k.kind == kindRelType {
			cs = append(cs, coded{e.code, RelationType{e.name, e.flags&regFlagSymmetric != 0}})
		}
	}
	tx.s.reg.mu.RUnlock()
	for _, e := range tx.newCodes {
		if e.kind == kindRelType {
			cs = append(cs, coded{e.code, RelationType{e.name, e.flags&regFlagSymmetric != 0}})
		}
	}
	slices.SortFunc(cs, func(a, b coded) int { return cmp.Compare(a.code, b.code) })
	cs = slices.CompactFunc(cs, func(a, b coded) bool { return a.code == b.code })
	out := make([]RelationType, len(cs))
	for i, c := range cs {
		out[i] = c.t
	}
	return out
}

// ForEachDocument calls fn for every document in ID order, stopping at the
// first error, which it returns. It streams.
func (tx *Tx) ForEachDocument(fn func(Document) error) error {
	return tx.scan([]byte{pDoc}, nil, func(k, v []byte) (bool, error) {
		d, err := decodeDoc(string(k[1:]), v)
		if err != nil {
			return false, err
		}
		return true, fn(d)
	})
}

// evidenceRecord decodes one evidence entry and reads its sentence.
func (tx *Tx) evidenceRecord(key, v []byte) (EvidenceRecord, error) {
	doc, sent, ok := parseEvidenceKey(key)
	if !ok {
		return EvidenceRecord{}, fmt.Errorf("%w: evidence key %x", ErrCorrupt, key)
	}
	rec, err := decodeEvidence(v)
	if err != nil {
		return EvidenceRecord{}, err
	}
	e := EvidenceRecord{
		Evidence: Evidence{
			DocID: doc, SubjectStart: rec.SS, SubjectEnd: rec.SE, ObjectStart: rec.OS, ObjectEnd: rec.OE,
			Confidence: unquantConf(rec.Conf),
		},
		SentenceIndex: sent,
		Date:          rec.Date,
	}
	if e.Extractor, err = tx.strName(kindExtractor, rec.Extractor); err != nil {
		return EvidenceRecord{}, err
	}
	if e.Role, err = tx.strName(kindRole, rec.Role); err != nil {
		return EvidenceRecord{}, err
	}
	sv, ok, err := tx.get(sentenceKey(doc, sent))
	if err != nil {
		return EvidenceRecord{}, err
	}
	if ok {
		s, err := decodeSentence(sv)
		if err != nil {
			return EvidenceRecord{}, err
		}
		e.Sentence, e.Start, e.End = s.Text, s.Start, s.End
	}
	return e, nil
}

// RelationEvidence returns every evidence record of a relation, by
// document ID and sentence index. The error wraps ErrRelationNotFound for
// an unknown relation type.
func (tx *Tx) RelationEvidence(rel Relation) ([]EvidenceRecord, error) {
	k, ok := tx.relKeyOf(rel.Subject, rel.Type, rel.Object)
	if !ok {
		return nil, fmt.Errorf("%w: unknown type %q", ErrRelationNotFound, rel.Type)
	}
	var out []EvidenceRecord
	err := tx.scan(k.evidencePrefix(), nil, func(key, v []byte) (bool, error) {
		e, err := tx.evidenceRecord(key, v)
		if err != nil {
			return false, err
		}
		out = append(out, e)
		return true, nil
	})
	return out, err
}

// ForEachRelationEvidence calls fn for every relation once, in the order of
// ForEachRelation, with its evidence records when withEvidence is set (nil
// otherwise; the slice is only valid during the call). Evidence is read by one scan that advances alongside the
// relations, so the walk streams: memory holds one relation's evidence at a
// time.
func (tx *Tx) ForEachRelationEvidence(withEvidence bool, fn func(Relation, []EvidenceRecord) error) error {
	if !withEvidence {
		return tx.ForEachRelation(func(r Relation) error { return fn(r, nil) })
	}
	it := tx.txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pEvidence}})
	defer it.Close()
	it.Rewind()
	var evs []EvidenceRecord
	return tx.scan([]byte{pFwd}, nil, func(k, v []byte) (bool, error) {
		rk, ok := parseAdjKey(k)
		if !ok {
			return false, fmt.Errorf("%w: adjacency key %x", ErrCorrupt, k)
		}
		r, err := tx.relation(rk, v)
		if err != nil {
			return false, err
		}
		evs = evs[:0]
		p := rk.evidencePrefix()
		if it.Valid() && bytes.Compare(it.Item().Key(), p) < 0 {
			it.Seek(p)
		}
		for ; it.ValidForPrefix(p); it.Next() {
			item := it.Item()
			err := item.Value(func(ev []byte) error {
				e, err := tx.evidenceRecord(item.Key(), ev)
				evs = append(evs, e)
				return err
			})
			if err != nil {
				return false, err
			}
		}
		return true, fn(r, evs)
	})
}
