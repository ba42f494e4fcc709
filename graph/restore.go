package graph

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	badger "github.com/dgraph-io/badger/v4"
)

// Restorer writes entities, documents, relations and evidence read back from
// a dump (graph/export's jsonl format) into an empty store, with badger's
// WriteBatch. What it writes reads back through Entity, Relation, Evidence,
// Document and the ForEach walks exactly as it was dumped: the entity's
// display name, type counts and aliases, the relation's aggregate fields,
// and each evidence record with its sentence.
//
// A restored store has no mention records and no per-document contribution
// records: Mentions lists nothing, and deleting or replacing a restored
// document fails with ErrCorrupt. Restore relation types (AddRelationType)
// before relations, in RelationTypeList order, to keep their internal codes.
//
// No other writes may run while a Restorer is open. Call Close to flush and
// set the counters; a Restorer is not safe for concurrent use.
type Restorer struct {
	s      *Store
	wb     *badger.WriteBatch
	codes  map[regName]regEntry
	types  map[string]int64
	ctr    map[string]int64
	closed bool
}

// NewRestorer starts a restore. The store must be empty (no documents,
// entities or relations); otherwise the error wraps ErrInvalidInput.
func (s *Store) NewRestorer() (*Restorer, error) {
	if s.opts.ReadOnly {
		return nil, ErrReadOnly
	}
	st, err := s.Stats()
	if err != nil {
		return nil, err
	}
	if st.Documents != 0 || st.Entities != 0 || st.Relations != 0 {
		return nil, fmt.Errorf("%w: restore needs an empty store; this one holds %d documents, %d entities, %d relations",
			ErrInvalidInput, st.Documents, st.Entities, st.Relations)
	}
	s.closeMu.RLock()
	defer s.closeMu.RUnlock()
	if s.closed {
		return nil, ErrClosed
	}
	return &Restorer{s: s, wb: s.db.NewWriteBatch(), codes: map[regName]regEntry{},
		types: map[string]int64{}, ctr: map[string]int64{}}, nil
}

func (r *Restorer) code(kind byte, name string, flags byte) (regEntry, error) {
	if e, ok := r.codes[regName{kind, name}]; ok {
		return e, nil
	}
	var e regEntry
	err := r.s.Update(func(tx *Tx) error {
		var err error
		e, err = tx.intern(kind, name, flags)
		return err
	})
	if err != nil {
		return regEntry{}, err
	}
	r.codes[regName{kind, name}] = e
	return e, nil
}

func (r *Restorer) set(k, v []byte) error {
	if r.closed {
		return ErrClosed
	}
	r.s.noteWrite(k)
	if err := r.wb.Set(k, v); err != nil {
		return fmt.Errorf("graph: restore write: %w", err)
	}
	return nil
}

// AddRelationType registers a relation type with its symmetry. A type that
// is already registered keeps the symmetry it has.
func (r *Restorer) AddRelationType(name string, symmetric bool) error {
	name = cleanName(strings.TrimSpace(name))
	if name == "" || len(name) > maxKeyLen {
		return fmt.Errorf("%w: relation type %q", ErrInvalidInput, name)
	}
	var flags byte
	if symmetric {
		flags = regFlagSymmetric
	}
	_, err := r.code(kindRelType, name, flags)
	return err
}

// AddEntity writes an entity with its ID, key, display name, type counts
// and aliases. MentionCount is the sum of TypeCounts (when TypeCounts is
// empty, Type gets MentionCount mentions).
func (r *Restorer) AddEntity(e Entity) error {
	key := cleanName(e.Key)
	if key == "" || len(key) > maxKeyLen*4 {
		return fmt.Errorf("%w: entity %s has an empty or too long key", ErrInvalidInput, e.ID)
	}
	name := cleanName(e.Name)
	rec := entityRec{Key: key}
	for t, n := range e.TypeCounts {
		if t = cleanName(t); t != "" && n > 0 {
			rec.Types = rec.Types.add(t, n)
		}
	}
	if len(rec.Types) == 0 {
		t := cleanName(strings.TrimSpace(e.Type))
		if t == "" {
			t = "MISC"
		}
		rec.Types = counts{{t, max(e.MentionCount, 1)}}
	}
	// The exported Type is the result of the confidence-weighted vote; one
	// vote for it keeps it (the per-mention confidences are not exported).
	if t := cleanName(strings.TrimSpace(e.Type)); t != "" {
		rec.Votes = counts{{t, 1}}
	} else {
		rec.Votes = counts{{rec.typ(), 1}}
	}
	// The display name is the most frequent alias with the entity's key,
	// else the most frequent name: give it the top count.
	for _, a := range e.Aliases {
		if a = cleanName(a); a != "" && a != name {
			rec.Aliases = rec.Aliases.add(a, 1)
		}
	}
	if name != "" {
		rec.Aliases = rec.Aliases.add(name, 2)
		rec.Names = counts{{name, 1}}
	} else {
		rec.Names = slices.Clone(rec.Aliases)
	}
	if err := r.set(entityKey(e.ID), rec.encode()); err != nil {
		return err
	}
	typ := rec.typ()
	for _, k := range rec.indexKeys() {
		var flags byte
		if k == key {
			flags = nameFlagCanonical
		}
		if err := r.set(nameKey(k, e.ID), encodeNameVal(flags, typ)); err != nil {
			return err
		}
	}
	if err := r.set(typeIdxKey(typ, key, e.ID), nil); err != nil {
		return err
	}
	r.ctr[ctrEntities]++
	r.ctr[ctrMentions] += int64(rec.Types.total())
	r.types[typ]++
	return nil
}

// AddDocument writes the metadata of a document (sentences come with the
// evidence that needs them, see AddRelation).
func (r *Restorer) AddDocument(d Document) error {
	if d.ID == "" || len(d.ID) > maxDocIDLen || strings.IndexByte(d.ID, 0) >= 0 {
		return fmt.Errorf("%w: document ID %q", ErrInvalidInput, d.ID)
	}
	if err := r.set(docKey(d.ID), encodeDoc(&d)); err != nil {
		return err
	}
	r.ctr[ctrDocuments]++
	return nil
}

// AddRelation writes a relation with its aggregate fields as given and its
// evidence records, with the sentences they cite. A relation of a type not
// registered yet registers it as not symmetric.
func (r *Restorer) AddRelation(rel Relation, evs []EvidenceRecord) error {
	typ := cleanName(strings.TrimSpace(rel.Type))
	if rel.Subject == rel.Object || typ == "" {
		return fmt.Errorf("%w: self-loop or empty type", ErrInvalidInput)
	}
	te, err := r.code(kindRelType, typ, 0)
	if err != nil {
		return err
	}
	k := relKey{S: rel.Subject, O: rel.Object, Code: uint16(te.code)}
	swap := te.flags&regFlagSymmetric != 0 && k.S > k.O
	if swap {
		k.S, k.O = k.O, k.S
	}
	rec := relRec{Weight: max(rel.Weight, 1), Conf: quantConf(rel.Confidence), First: rel.FirstSeen, Last: rel.LastSeen}
	if rec.Extractor, err = r.optCode(kindExtractor, rel.Extractor); err != nil {
		return err
	}
	if rec.Role, err = r.optCode(kindRole, strings.TrimSpace(rel.Role)); err != nil {
		return err
	}
	if rec.Role != 0 {
		rec.Roles = []codeCount{{rec.Role, rec.Weight}}
	}
	v := rec.encode()
	if err := r.set(k.fwd(), v); err != nil {
		return err
	}
	if err := r.set(k.rev(), v); err != nil {
		return err
	}
	slices.SortFunc(evs, func(a, b EvidenceRecord) int {
		return cmp.Or(strings.Compare(a.DocID, b.DocID), cmp.Compare(a.SentenceIndex, b.SentenceIndex))
	})
	for _, e := range evs {
		if e.DocID == "" || len(e.DocID) > maxDocIDLen || strings.IndexByte(e.DocID, 0) >= 0 || e.SentenceIndex < 0 {
			return fmt.Errorf("%w: evidence of %s %s %s: document %q sentence %d",
				ErrInvalidInput, rel.Subject, typ, rel.Object, e.DocID, e.SentenceIndex)
		}
		ev := evRec{SS: e.SubjectStart, SE: e.SubjectEnd, OS: e.ObjectStart, OE: e.ObjectEnd, Conf: quantConf(e.Confidence), Date: e.Date}
		if swap {
			ev.SS, ev.SE, ev.OS, ev.OE = ev.OS, ev.OE, ev.SS, ev.SE
		}
		if ev.Extractor, err = r.optCode(kindExtractor, e.Extractor); err != nil {
			return err
		}
		if ev.Role, err = r.optCode(kindRole, strings.TrimSpace(e.Role)); err != nil {
			return err
		}
		if err := r.set(k.evidenceKey(e.DocID, e.SentenceIndex), ev.encode()); err != nil {
			return err
		}
		if e.Sentence != "" || e.End > e.Start {
			s := SentenceInput{Start: e.Start, End: e.End, Text: e.Sentence}
			if err := r.set(sentenceKey(e.DocID, e.SentenceIndex), encodeSentence(&s)); err != nil {
				return err
			}
		}
	}
	r.ctr[ctrRelations]++
	return nil
}

// optCode returns the registry code of an optional name, 0 for "".
func (r *Restorer) optCode(kind byte, name string) (uint64, error) {
	name = cleanName(name)
	if name == "" {
		return 0, nil
	}
	if len(name) > maxKeyLen {
		return 0, fmt.Errorf("%w: name %q too long", ErrInvalidInput, name)
	}
	e, err := r.code(kind, name, 0)
	return e.code, err
}

// Close flushes what was written and sets the counters.
func (r *Restorer) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	if err := r.wb.Flush(); err != nil {
		return fmt.Errorf("graph: restore flush: %w", err)
	}
	return r.s.Update(func(tx *Tx) error {
		for name, n := range r.ctr {
			tx.addCounter(counterKey(name), n)
		}
		for t, n := range r.types {
			tx.addCounter(typeCountKey(t), n)
		}
		return nil
	})
}

// Cancel abandons the restore; what was already flushed stays in the store
// and the counters are not updated.
func (r *Restorer) Cancel() {
	if !r.closed {
		r.closed = true
		r.wb.Cancel()
	}
}
