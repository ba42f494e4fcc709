package graph

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	badger "github.com/dgraph-io/badger/v4"
)

// Restorer writes entities, documents, relations and evidence read back from
// a dump (graph/export's jsonl format) into an empty store, with badger's
// WriteBatch (a bounded number of batches in flight). What it writes reads
// back through Entity, Relation, Evidence, Document, Mentions,
// EntityDocuments and the ForEach walks exactly as it was dumped.
//
// Given the tallies (AddEntityRecord) and the document records
// (AddDocumentRecord) of a dump of a whole store, the restored store holds
// the same keys and values as the original (registry codes included when the
// names are restored first, in registration order: AddRelationType, AddName),
// so deleting or replacing a restored document works as in the original.
// The per-document record of the evidence a document added is not dumped:
// Close rebuilds it from the evidence records, grouped by document through
// scratch keys that it removes again.
//
// Without them (AddEntity, AddDocument: dumps of an older layout) the store
// has no mention records and no per-document records: Mentions lists nothing,
// and deleting or replacing a restored document fails with ErrCorrupt.
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
	// Curations (curation_dump.go).
	maxSeq    uint64           // highest curation sequence number restored
	overrides []EntityOverride // applied to the indexes by Close
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
	var curated bool
	if err := s.View(func(tx *Tx) (err error) { curated, err = tx.hasCurations(); return err }); err != nil {
		return nil, err
	}
	if curated {
		return nil, fmt.Errorf("%w: restore needs an empty store; this one holds curations", ErrInvalidInput)
	}
	s.closeMu.RLock()
	defer s.closeMu.RUnlock()
	if s.closed {
		return nil, ErrClosed
	}
	return &Restorer{s: s, wb: s.newRestoreBatch(), codes: map[regName]regEntry{},
		types: map[string]int64{}, ctr: map[string]int64{}}, nil
}

// restorePendingTxns bounds the batches a restore has in flight: each holds
// up to about 15% of a memtable in memory until it commits.
const restorePendingTxns = 2

func (s *Store) newRestoreBatch() *badger.WriteBatch {
	wb := s.db.NewWriteBatch()
	wb.SetMaxPendingTxns(restorePendingTxns)
	return wb
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

// AddName registers an extractor name (kind "extractor") or a relation role
// (kind "role"); names are registered anyway when first used, this keeps
// their registration order (Tx.ExtractorList, Tx.RoleList).
func (r *Restorer) AddName(kind, name string) error {
	var k byte
	switch kind {
	case "extractor":
		k = kindExtractor
	case "role":
		k = kindRole
	default:
		return fmt.Errorf("%w: registry kind %q", ErrInvalidInput, kind)
	}
	if name = cleanName(strings.TrimSpace(name)); name == "" {
		return nil
	}
	_, err := r.optCode(k, name)
	return err
}

// AddEntity writes an entity with its ID, key, display name, type counts
// and aliases. MentionCount is the sum of TypeCounts (when TypeCounts is
// empty, Type gets MentionCount mentions). Without the tallies the alias,
// name and type vote counts are made up so that the entity reads back the
// same; AddEntityRecord restores them exactly.
func (r *Restorer) AddEntity(e Entity) error { return r.AddEntityRecord(e, EntityTallies{}) }

func tallyCounts(m map[string]int) counts {
	var c counts
	for s, n := range m {
		if s = cleanName(s); s != "" && n > 0 {
			c = c.add(s, n)
		}
	}
	return c
}

// AddEntityRecord writes an entity with its tallies (Tx.ForEachEntityRecord):
// the record is then the original's. Empty tallies (no Aliases) do as
// AddEntity.
func (r *Restorer) AddEntityRecord(e Entity, t EntityTallies) error {
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
	if len(t.Aliases) > 0 {
		rec.Aliases, rec.Names, rec.Votes = tallyCounts(t.Aliases), tallyCounts(t.Names), tallyCounts(t.Votes)
		if len(t.Names) == 0 {
			rec.Names = slices.Clone(rec.Aliases)
		}
	} else {
		r.madeUpEntity(&rec, e, name)
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
	for v, w := range searchEntries(rec.indexKeys()) {
		if err := r.set(searchKey(v, e.ID), []byte(w)); err != nil {
			return err
		}
	}
	r.ctr[ctrEntities]++
	r.ctr[ctrMentions] += int64(rec.Types.total())
	r.types[typ]++
	return nil
}

// madeUpEntity fills the alias, name and vote counts of an entity dumped
// without its tallies so that it reads back with the dumped name and type.
func (r *Restorer) madeUpEntity(rec *entityRec, e Entity, name string) {
	// The exported Type is the result of the confidence-weighted vote; one
	// vote for it keeps it.
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
}

// AddDocument writes the metadata of a document (sentences come with the
// evidence that needs them, see AddRelation), without mentions or the record
// of what it added.
func (r *Restorer) AddDocument(d Document) error {
	return r.AddDocumentRecord(DocumentRecord{Document: d})
}

// AddDocumentRecord writes a document with its sentences and, when
// HasContribution is set, its mentions, per-entity tallies and the
// per-document record that makes it deletable (its relation part is added
// by Close). Every mention's entity must be listed in Entities with the
// tallies of its mentions, and every listed entity must have a mention; the
// entities themselves are restored by AddEntityRecord.
func (r *Restorer) AddDocumentRecord(d DocumentRecord) error {
	id := d.ID
	if id == "" || len(id) > maxDocIDLen || strings.IndexByte(id, 0) >= 0 {
		return fmt.Errorf("%w: document ID %q", ErrInvalidInput, id)
	}
	doc := d.Document
	if err := r.set(docKey(id), encodeDoc(&doc)); err != nil {
		return err
	}
	r.ctr[ctrDocuments]++
	for i := range d.SentenceList {
		s := &d.SentenceList[i]
		if s.Start < 0 || s.End < s.Start {
			return fmt.Errorf("%w: document %q: sentence %d has a bad span", ErrInvalidInput, id, i)
		}
		if err := r.set(sentenceKey(id, i), encodeSentence(s)); err != nil {
			return err
		}
	}
	if !d.HasContribution {
		if !d.Held.IsZero() || len(d.Acronyms) > 0 {
			return fmt.Errorf("%w: document %q has a held record or acronyms but no contribution", ErrInvalidInput, id)
		}
		return nil
	}
	// The acronym record: the definitions, and the acronyms of the bare
	// mentions the held record names, as PutDocument finds them.
	acr := acrRec{Defs: normAcronyms(d.Acronyms)}
	acr.Uses = usesOf(d.Held.Names, func(i int) (string, string, bool) {
		for _, m := range d.Mentions {
			if m.Index == i {
				return m.Text, mentionType(&MentionInput{Type: m.Type}), true
			}
		}
		return "", "", false
	})
	if err := writeAcronymDefs(r.set, func(acr string) { r.ctr[ctrAcrDefs(acr)]++ }, id, acr.Defs); err != nil {
		return err
	}
	if err := writeAcronymRecord(r.set, id, &acr); err != nil {
		return err
	}
	if !d.Held.IsZero() {
		for i, st := range d.Held.Statements {
			if st.Subject < 0 || st.Object < 0 || st.Sentence < 0 || strings.TrimSpace(st.Type) == "" {
				return fmt.Errorf("%w: document %q: held statement %d", ErrInvalidInput, id, i)
			}
		}
		b, err := json.Marshal(&d.Held)
		if err != nil {
			return err
		}
		if err := r.set(heldKey(id), b); err != nil {
			return err
		}
	}
	c := contrib{Sentences: len(d.SentenceList), Entities: make([]contribEntity, len(d.Entities))}
	for i, de := range d.Entities {
		c.Entities[i] = contribEntity{ID: de.ID, Aliases: tallyCounts(de.Aliases), Names: tallyCounts(de.Names),
			Votes: tallyCounts(de.Votes)}
		if len(de.Names) == 0 {
			c.Entities[i].Names = slices.Clone(c.Entities[i].Aliases)
		}
	}
	slices.SortFunc(c.Entities, func(a, b contribEntity) int { return cmp.Compare(a.ID, b.ID) })
	for i := 1; i < len(c.Entities); i++ {
		if c.Entities[i].ID == c.Entities[i-1].ID {
			return fmt.Errorf("%w: document %q lists entity %s twice", ErrInvalidInput, id, c.Entities[i].ID)
		}
	}
	seen := map[int]bool{}
	for _, m := range d.Mentions {
		j, found := slices.BinarySearchFunc(c.Entities, m.Entity, func(x contribEntity, id EntityID) int { return cmp.Compare(x.ID, id) })
		switch {
		case !found:
			return fmt.Errorf("%w: document %q: mention %d of entity %s, which the document does not list",
				ErrInvalidInput, id, m.Index, m.Entity)
		case m.Index < 0 || seen[m.Index]:
			return fmt.Errorf("%w: document %q: mention index %d negative or repeated", ErrInvalidInput, id, m.Index)
		case m.Start < 0 || m.End < m.Start || m.Sentence < 0:
			return fmt.Errorf("%w: document %q: mention %d has a bad span or sentence", ErrInvalidInput, id, m.Index)
		}
		seen[m.Index] = true
		typ := cleanName(strings.TrimSpace(m.Type))
		if typ == "" {
			typ = "MISC"
		}
		ce := &c.Entities[j]
		ce.Types = ce.Types.add(typ, 1)
		ce.Mentions = append(ce.Mentions, m.Index)
		mi := MentionInput{Text: m.Text, Start: m.Start, End: m.End, Sentence: m.Sentence}
		if err := r.set(mentionKey(m.Entity, id, m.Index), encodeMention(&mi, typ)); err != nil {
			return err
		}
	}
	for i := range c.Entities {
		ce := &c.Entities[i]
		if len(ce.Mentions) == 0 {
			return fmt.Errorf("%w: document %q lists entity %s without a mention", ErrInvalidInput, id, ce.ID)
		}
		slices.Sort(ce.Mentions)
		if err := r.set(entityDocKey(ce.ID, id), encUint(len(ce.Mentions))); err != nil {
			return err
		}
	}
	return r.set(contribKey(id), c.encode())
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
	if len(evs) > 0 && len(evs) == rec.Weight {
		// The role counts are a function of the evidence.
		for _, e := range evs {
			code, err := r.optCode(kindRole, strings.TrimSpace(e.Role))
			if err != nil {
				return err
			}
			if code == 0 {
				continue
			}
			i, found := slices.BinarySearchFunc(rec.Roles, code, func(c codeCount, code uint64) int { return cmp.Compare(c.Code, code) })
			if found {
				rec.Roles[i].N++
			} else {
				rec.Roles = slices.Insert(rec.Roles, i, codeCount{code, 1})
			}
		}
	} else if rec.Role != 0 {
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
		if err := r.set(scratchKey(e.DocID, k, e.SentenceIndex), nil); err != nil {
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

// Close flushes what was written, adds to the per-document records the
// evidence each document supports, and sets the counters.
func (r *Restorer) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	if err := r.wb.Flush(); err != nil {
		return fmt.Errorf("graph: restore flush: %w", err)
	}
	if err := r.addContribRels(); err != nil {
		return err
	}
	if err := r.s.db.DropPrefix([]byte{pScratch}); err != nil {
		return fmt.Errorf("graph: restore: dropping scratch keys: %w", err)
	}
	err := r.s.Update(func(tx *Tx) error {
		for name, n := range r.ctr {
			tx.addCounter(counterKey(name), n)
		}
		for t, n := range r.types {
			tx.addCounter(typeCountKey(t), n)
		}
		tx.addCounter(counterKey(ctrCurations), int64(r.maxSeq))
		return nil
	})
	if err != nil {
		return err
	}
	return r.applyOverrides()
}

// addContribRels reads the scratch keys, which list the evidence records
// by document, and writes each document's relation part of its per-document
// record, one document in memory at a time. Documents restored without that
// record are skipped.
func (r *Restorer) addContribRels() error {
	wb := r.s.newRestoreBatch()
	defer wb.Cancel()
	doc := ""
	var rels []contribRel
	flush := func() error {
		if doc == "" {
			return nil
		}
		var v []byte
		var ok bool
		err := r.s.View(func(tx *Tx) error {
			var err error
			v, ok, err = tx.get(contribKey(doc))
			return err
		})
		if err != nil || !ok {
			return err
		}
		c, err := decodeContrib(v)
		if err != nil {
			return err
		}
		c.Rels = rels
		if err := wb.Set(contribKey(doc), c.encode()); err != nil {
			return fmt.Errorf("graph: restore write: %w", err)
		}
		return nil
	}
	err := r.s.View(func(tx *Tx) error {
		return tx.scan([]byte{pScratch}, nil, func(k, _ []byte) (bool, error) {
			d, rk, sent, ok := parseScratchKey(k)
			if !ok {
				return false, fmt.Errorf("%w: scratch key %x", ErrCorrupt, k)
			}
			if d != doc {
				if err := flush(); err != nil {
					return false, err
				}
				doc, rels = d, rels[:0]
			}
			if n := len(rels); n == 0 || rels[n-1].Key != rk {
				rels = append(rels, contribRel{Key: rk})
			}
			last := &rels[len(rels)-1]
			last.Sents = append(last.Sents, sent)
			return true, nil
		})
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return err
	}
	if err := wb.Flush(); err != nil {
		return fmt.Errorf("graph: restore flush: %w", err)
	}
	return nil
}

// Cancel abandons the restore; what was already flushed stays in the store
// (but the scratch keys) and the counters are not updated.
func (r *Restorer) Cancel() {
	if !r.closed {
		r.closed = true
		r.wb.Cancel()
		_ = r.s.db.DropPrefix([]byte{pScratch}) // best effort: the scratch keys are of no use
	}
}
