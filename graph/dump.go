package graph

import (
	"bytes"
	"cmp"
	"encoding/binary"
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
	es := tx.registered(kindRelType)
	out := make([]RelationType, len(es))
	for i, e := range es {
		out[i] = RelationType{e.name, e.flags&regFlagSymmetric != 0}
	}
	return out
}

// ExtractorList returns the extractor names the store has seen in the order
// they were registered; restoring them in this order (Restorer.AddName)
// gives them the same internal codes.
func (tx *Tx) ExtractorList() []string { return regNames(tx.registered(kindExtractor)) }

// RoleList returns the relation roles the store has seen in the order they
// were registered (see ExtractorList).
func (tx *Tx) RoleList() []string { return regNames(tx.registered(kindRole)) }

func regNames(es []regEntry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.name
	}
	return out
}

// registered returns the registry entries of one kind by code.
func (tx *Tx) registered(kind byte) []regEntry {
	var es []regEntry
	tx.s.reg.mu.RLock()
	for k, e := range tx.s.reg.byCode {
		if k.kind == kind {
			es = append(es, e)
		}
	}
	tx.s.reg.mu.RUnlock()
	for _, e := range tx.newCodes {
		if e.kind == kind {
			es = append(es, e)
		}
	}
	slices.SortFunc(es, func(a, b regEntry) int { return cmp.Compare(a.code, b.code) })
	return slices.CompactFunc(es, func(a, b regEntry) bool { return a.code == b.code })
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

// EntityTallies are the counts behind an entity's display name and type
// that Entity leaves out: the cleaned surface forms (Aliases), the resolved
// names (Names, MentionInput.Name or the surface form) and the
// confidence-weighted type votes (Votes, see MentionInput.Confidence), each
// a count per string. In a DocumentEntity they are what one document added.
type EntityTallies struct {
	Aliases map[string]int
	Names   map[string]int
	Votes   map[string]int
}

func countsMap(c counts) map[string]int {
	m := make(map[string]int, len(c))
	for _, x := range c {
		m[x.S] = x.N
	}
	return m
}

func tallies(aliases, names, votes counts) EntityTallies {
	return EntityTallies{Aliases: countsMap(aliases), Names: countsMap(names), Votes: countsMap(votes)}
}

// ForEachEntityRecord is ForEachEntity with each entity's tallies (which
// are what extraction counted: a curated name or type is not in them).
func (tx *Tx) ForEachEntityRecord(fn func(Entity, EntityTallies) error) error {
	return tx.forEachEntity(func(e Entity, rec *entityRec) error {
		return fn(e, tallies(rec.Aliases, rec.Names, rec.Votes))
	})
}

// forEachEntity walks the entities in ID order with their stored records,
// the entity as Entity reads it (curated name and type applied).
func (tx *Tx) forEachEntity(fn func(Entity, *entityRec) error) error {
	w := tx.newOverrideWalk()
	defer w.close()
	return tx.scan([]byte{pEntity}, nil, func(k, v []byte) (bool, error) {
		if len(k) != 9 {
			return false, fmt.Errorf("%w: entity key %x", ErrCorrupt, k)
		}
		rec, err := decodeEntity(v)
		if err != nil {
			return false, err
		}
		e := rec.entity(parseTrailingID(k))
		if err := w.apply(&e); err != nil {
			return false, err
		}
		return true, fn(e, &rec)
	})
}

// EntityTallies returns the tallies of one entity. The error wraps
// ErrEntityNotFound when it is not stored.
func (tx *Tx) EntityTallies(id EntityID) (EntityTallies, error) {
	rec, ok, err := tx.entityRec(id)
	if err != nil {
		return EntityTallies{}, err
	}
	if !ok {
		return EntityTallies{}, fmt.Errorf("%w: %s", ErrEntityNotFound, id)
	}
	return tallies(rec.Aliases, rec.Names, rec.Votes), nil
}

// MentionRecord is a stored mention with its index in the document.
type MentionRecord struct {
	Mention
	Index int
}

// DocumentEntity is what one document added to one entity besides its
// mentions.
type DocumentEntity struct {
	ID EntityID
	EntityTallies
}

// DocumentRecord is a document with what it added to the graph apart from
// relation evidence: all its sentences, its mentions and its per-entity
// tallies. The evidence a document added is dumped with the relations
// (ForEachRelationEvidence); Restorer.Close rebuilds the per-document
// record of it.
type DocumentRecord struct {
	Document
	// HasContribution is false for a document stored without the record
	// of what it added (restored from a dump that lacked it); Mentions and
	// Entities are then empty and the document cannot be deleted.
	HasContribution bool
	SentenceList    []SentenceInput  // sentence records, by index
	Mentions        []MentionRecord  // by index
	Entities        []DocumentEntity // by ID
	// Held is what curations changed in the document when it was written
	// (statements held back, names of redirected mentions); zero when
	// nothing.
	Held HeldRecord
	// Acronyms are the acronyms the document defines (DocInput.Acronyms,
	// as stored: cleaned, sorted, only those that count).
	Acronyms []AcronymInput
}

// ForEachDocumentRecord calls fn for every document in ID order with its
// sentences, mentions and tallies, stopping at the first error, which it
// returns. It streams: memory holds one document at a time.
func (tx *Tx) ForEachDocumentRecord(fn func(DocumentRecord) error) error {
	return tx.ForEachDocument(func(d Document) error {
		r := DocumentRecord{Document: d}
		err := tx.scan(str0([]byte{pSentence}, d.ID), nil, func(k, v []byte) (bool, error) {
			s, err := decodeSentence(v)
			r.SentenceList = append(r.SentenceList, s)
			return true, err
		})
		if err != nil {
			return err
		}
		v, ok, err := tx.get(contribKey(d.ID))
		if err != nil || !ok {
			if err == nil {
				err = fn(r)
			}
			return err
		}
		c, err := decodeContrib(v)
		if err != nil {
			return err
		}
		r.HasContribution = true
		if r.Held, err = tx.held(d.ID); err != nil {
			return err
		}
		acr, err := tx.acrRecOf(d.ID)
		if err != nil {
			return err
		}
		r.Acronyms = acr.Defs
		for i := range c.Entities {
			ce := &c.Entities[i]
			r.Entities = append(r.Entities, DocumentEntity{ce.ID, tallies(ce.Aliases, ce.Names, ce.Votes)})
			p := str0(appendID([]byte{pMention}, ce.ID), d.ID)
			err := tx.scan(p, nil, func(k, v []byte) (bool, error) {
				if len(k) != len(p)+4 {
					return false, fmt.Errorf("%w: mention key %x", ErrCorrupt, k)
				}
				m := MentionRecord{Mention: Mention{Entity: ce.ID, DocID: d.ID}, Index: int(binary.BigEndian.Uint32(k[len(p):]))}
				if err := decodeMention(v, &m.Mention); err != nil {
					return false, err
				}
				r.Mentions = append(r.Mentions, m)
				return true, nil
			})
			if err != nil {
				return err
			}
		}
		slices.SortFunc(r.Mentions, func(a, b MentionRecord) int { return cmp.Compare(a.Index, b.Index) })
		return fn(r)
	})
}
