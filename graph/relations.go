package graph

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"slices"
)

// NeighborOptions selects the relations of an entity for Neighbors.
type NeighborOptions struct {
	// Types keeps only relations of these types; empty keeps all.
	Types []string
	// Direction keeps outgoing (Out: the entity is the subject), incoming
	// (In: it is the object) or all (Both, the default) relations.
	// Relations of symmetric types match Out and In from both ends.
	Direction Direction
	// MinWeight drops relations with a smaller weight; 0 keeps all.
	MinWeight int
	// After is the cursor of the previous page; "" starts at the beginning.
	After string
	// Limit is the page size: DefaultLimit when 0, at most MaxLimit.
	Limit int
}

// ID returns an opaque, URL-safe identifier of the relation that is stable
// across stores: base64url of subject, object and type.
func (r Relation) ID() string {
	b := make([]byte, 0, 16+len(r.Type))
	b = appendID(b, r.Subject)
	b = appendID(b, r.Object)
	b = append(b, r.Type...)
	return base64.RawURLEncoding.EncodeToString(b)
}

// ParseRelationID splits an ID made by Relation.ID into subject, type and
// object. The error wraps ErrBadID.
func ParseRelationID(id string) (subject EntityID, typ string, object EntityID, err error) {
	b, err := base64.RawURLEncoding.DecodeString(id)
	if err != nil || len(b) <= 16 {
		return 0, "", 0, fmt.Errorf("%w: relation id %q", ErrBadID, id)
	}
	return EntityID(binary.BigEndian.Uint64(b)), string(b[16:]), EntityID(binary.BigEndian.Uint64(b[8:])), nil
}

// relation builds the public Relation of a stored record.
func (tx *Tx) relation(k relKey, v []byte) (Relation, error) {
	rec, err := decodeRel(v)
	if err != nil {
		return Relation{}, err
	}
	te, err := tx.codeName(kindRelType, uint64(k.Code))
	if err != nil {
		return Relation{}, err
	}
	r := Relation{
		Subject:    k.S,
		Object:     k.O,
		Type:       te.name,
		Weight:     rec.Weight,
		Confidence: unquantConf(rec.Conf),
		FirstSeen:  rec.First,
		LastSeen:   rec.Last,
	}
	if r.Role, err = tx.strName(kindRole, rec.Role); err != nil {
		return Relation{}, err
	}
	if r.Extractor, err = tx.strName(kindExtractor, rec.Extractor); err != nil {
		return Relation{}, err
	}
	return r, nil
}

// relKeyOf resolves a (subject, type, object) triple to its stored key,
// ordering the pair of a symmetric type. ok is false for an unknown type.
func (tx *Tx) relKeyOf(subject EntityID, typ string, object EntityID) (relKey, bool) {
	te, ok := tx.lookupCode(kindRelType, typ)
	if !ok {
		return relKey{}, false
	}
	if te.flags&regFlagSymmetric != 0 && subject > object {
		subject, object = object, subject
	}
	return relKey{S: subject, O: object, Code: uint16(te.code)}, true
}

// Relation returns the relation of the given type between subject and
// object; for a symmetric type the order of the two does not matter. The
// error wraps ErrRelationNotFound when there is none.
func (tx *Tx) Relation(subject EntityID, typ string, object EntityID) (Relation, error) {
	k, ok := tx.relKeyOf(subject, typ, object)
	if !ok {
		return Relation{}, fmt.Errorf("%w: unknown type %q", ErrRelationNotFound, typ)
	}
	v, ok, err := tx.get(k.fwd())
	if err != nil {
		return Relation{}, err
	}
	if !ok {
		return Relation{}, fmt.Errorf("%w: %s %s %s", ErrRelationNotFound, subject, typ, object)
	}
	return tx.relation(k, v)
}

// RelationByID returns the relation with an ID made by Relation.ID. The
// error wraps ErrBadID for a malformed ID and ErrRelationNotFound when the
// relation is not stored.
func (tx *Tx) RelationByID(id string) (Relation, error) {
	s, typ, o, err := ParseRelationID(id)
	if err != nil {
		return Relation{}, err
	}
	return tx.Relation(s, typ, o)
}

// neighborRanges returns the key prefixes to scan, in key order.
func (tx *Tx) neighborRanges(id EntityID, o NeighborOptions) [][]byte {
	var codes []uint16 // nil: all types
	if len(o.Types) > 0 {
		codes = []uint16{}
		for _, t := range o.Types {
			if e, ok := tx.lookupCode(kindRelType, t); ok {
				codes = append(codes, uint16(e.code))
			}
		}
		slices.Sort(codes)
		codes = slices.Compact(codes)
		if len(codes) == 0 {
			return nil
		}
	}
	sym := tx.s.reg.symmetricCodes()
	for _, e := range tx.newCodes {
		if e.kind == kindRelType && e.flags&regFlagSymmetric != 0 {
			sym[uint16(e.code)] = true
		}
	}
	side := func(p byte, symOnly bool) [][]byte {
		base := appendID([]byte{p}, id)
		if codes == nil && !symOnly {
			return [][]byte{base}
		}
		cs := codes
		if cs == nil {
			for c := range sym {
				cs = append(cs, c)
			}
			slices.Sort(cs)
		}
		var out [][]byte
		for _, c := range cs {
			if !symOnly || sym[c] {
				out = append(out, appendU16(bytes.Clone(base), c))
			}
		}
		return out
	}
	switch o.Direction {
	case Out:
		return append(side(pFwd, false), side(pRev, true)...)
	case In:
		return append(side(pFwd, true), side(pRev, false)...)
	}
	return append(side(pFwd, false), side(pRev, false)...)
}

// Neighbors returns one page of the relations of an entity, in adjacency
// key order: outgoing relations first (by type code, then object ID), then
// incoming ones. Each relation appears once. It scans only the entity's own
// key ranges. next is the cursor of the last relation of the page ("" for
// an empty page); hasNext says whether more follow. A malformed cursor, or
// one from a listing with other Types or Direction, fails with
// ErrBadCursor.
func (tx *Tx) Neighbors(id EntityID, o NeighborOptions) (rels []Relation, next string, hasNext bool, err error) {
	limit := pageLimit(o.Limit)
	ranges := tx.neighborRanges(id, o)
	var from []byte
	if o.After != "" {
		if from, err = decodeCursor(o.After, ranges...); err != nil {
			return nil, "", false, err
		}
	}
	var last []byte
	for _, p := range ranges {
		if from != nil && bytes.Compare(from, p) > 0 && !bytes.HasPrefix(from, p) {
			continue // the cursor is past this range
		}
		err := tx.scan(p, from, func(k, v []byte) (bool, error) {
			if o.MinWeight > 1 {
				w, n := binary.Uvarint(v)
				if n <= 0 {
					return false, fmt.Errorf("%w: relation value", ErrCorrupt)
				}
				if int(w) < o.MinWeight {
					return true, nil
				}
			}
			if len(rels) == limit {
				hasNext = true
				return false, nil
			}
			rk, ok := parseAdjKey(k)
			if !ok {
				return false, fmt.Errorf("%w: adjacency key %x", ErrCorrupt, k)
			}
			r, err := tx.relation(rk, v)
			if err != nil {
				return false, err
			}
			rels = append(rels, r)
			last = append(last[:0], k...)
			return true, nil
		})
		if err != nil {
			return nil, "", false, err
		}
		from = nil
		if hasNext {
			break
		}
	}
	if last != nil {
		next = encodeCursor(last)
	}
	return rels, next, hasNext, nil
}

// Evidence returns up to limit (DefaultLimit when 0) supporting sentences
// of a relation, by document ID and sentence index, after the cursor after.
// next is "" when there are no more. The error wraps ErrRelationNotFound
// for an unknown relation type and ErrBadCursor for a bad cursor.
func (tx *Tx) Evidence(rel Relation, limit int, after string) (evs []Evidence, next string, err error) {
	limit = pageLimit(limit)
	k, ok := tx.relKeyOf(rel.Subject, rel.Type, rel.Object)
	if !ok {
		return nil, "", fmt.Errorf("%w: unknown type %q", ErrRelationNotFound, rel.Type)
	}
	p := k.evidencePrefix()
	from, err := decodeCursor(after, p)
	if err != nil {
		return nil, "", err
	}
	var last []byte
	more := false
	err = tx.scan(p, from, func(key, v []byte) (bool, error) {
		if len(evs) == limit {
			more = true
			return false, nil
		}
		doc, sent, ok := parseEvidenceKey(key)
		if !ok {
			return false, fmt.Errorf("%w: evidence key %x", ErrCorrupt, key)
		}
		rec, err := decodeEvidence(v)
		if err != nil {
			return false, err
		}
		e := Evidence{
			DocID: doc, SubjectStart: rec.SS, SubjectEnd: rec.SE, ObjectStart: rec.OS, ObjectEnd: rec.OE,
			Confidence: unquantConf(rec.Conf),
		}
		if e.Extractor, err = tx.strName(kindExtractor, rec.Extractor); err != nil {
			return false, err
		}
		sv, ok, err := tx.get(sentenceKey(doc, sent))
		if err != nil {
			return false, err
		}
		if ok {
			s, err := decodeSentence(sv)
			if err != nil {
				return false, err
			}
			e.Sentence, e.Start, e.End = s.Text, s.Start, s.End
		}
		evs = append(evs, e)
		last = append(last[:0], key...)
		return true, nil
	})
	if err != nil {
		return nil, "", err
	}
	if more {
		next = encodeCursor(last)
	}
	return evs, next, nil
}

// ForEachRelation calls fn for every relation once, in forward adjacency
// key order (by subject, type code, object), stopping at the first error,
// which it returns. It streams: memory use does not grow with the store.
func (tx *Tx) ForEachRelation(fn func(Relation) error) error {
	return tx.scan([]byte{pFwd}, nil, func(k, v []byte) (bool, error) {
		rk, ok := parseAdjKey(k)
		if !ok {
			return false, fmt.Errorf("%w: adjacency key %x", ErrCorrupt, k)
		}
		r, err := tx.relation(rk, v)
		if err != nil {
			return false, err
		}
		return true, fn(r)
	})
}

// RelationTypes returns the relation types the store has seen, each mapped
// to whether it is symmetric.
func (tx *Tx) RelationTypes() map[string]bool {
	m := map[string]bool{}
	tx.s.reg.mu.RLock()
	for k, e := range tx.s.reg.byName {
		if k.kind == kindRelType {
			m[e.name] = e.flags&regFlagSymmetric != 0
		}
	}
	tx.s.reg.mu.RUnlock()
	for _, e := range tx.newCodes {
		if e.kind == kindRelType {
			m[e.name] = e.flags&regFlagSymmetric != 0
		}
	}
	return m
}

// Relation returns one relation (see Tx.Relation).
func (s *Store) Relation(subject EntityID, typ string, object EntityID) (r Relation, err error) {
	err = s.View(func(tx *Tx) error { r, err = tx.Relation(subject, typ, object); return err })
	return r, err
}

// RelationByID returns the relation with that ID (see Tx.RelationByID).
func (s *Store) RelationByID(id string) (r Relation, err error) {
	err = s.View(func(tx *Tx) error { r, err = tx.RelationByID(id); return err })
	return r, err
}

// Neighbors returns a page of an entity's relations (see Tx.Neighbors).
func (s *Store) Neighbors(id EntityID, o NeighborOptions) (rels []Relation, next string, hasNext bool, err error) {
	err = s.View(func(tx *Tx) error { rels, next, hasNext, err = tx.Neighbors(id, o); return err })
	return rels, next, hasNext, err
}

// Evidence returns a page of a relation's evidence (see Tx.Evidence).
func (s *Store) Evidence(rel Relation, limit int, after string) (evs []Evidence, next string, err error) {
	err = s.View(func(tx *Tx) error { evs, next, err = tx.Evidence(rel, limit, after); return err })
	return evs, next, err
}

// ForEachRelation calls fn for every relation in one snapshot (see
// Tx.ForEachRelation).
func (s *Store) ForEachRelation(fn func(Relation) error) error {
	return s.View(func(tx *Tx) error { return tx.ForEachRelation(fn) })
}

// RelationTypes returns the relation types seen and whether each is
// symmetric (see Tx.RelationTypes).
func (s *Store) RelationTypes() (m map[string]bool, err error) {
	err = s.View(func(tx *Tx) error { m = tx.RelationTypes(); return nil })
	return m, err
}
