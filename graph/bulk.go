package graph

import (
	"fmt"
	"strings"

	badger "github.com/dgraph-io/badger/v4"
)

// BulkEntity is an entity for BulkLoader.AddEntity.
type BulkEntity struct {
	Name     string // display name; the ID is IDOf(Name)
	Type     string // "MISC" when empty
	Mentions int    // mention count, at least 1
}

// BulkRelation is an aggregated relation for BulkLoader.AddRelation.
type BulkRelation struct {
	Subject, Object EntityID
	Type            string
	Symmetric       bool // used when Type is new to the store
	Role            string
	Weight          int // at least 1
	Confidence      float64
	Extractor       string
	FirstSeen       string
	LastSeen        string
}

// BulkLoader writes entities and aggregated relations with badger's
// WriteBatch, much faster than PutDocuments, for synthetic graphs and
// imports. It writes the same keys as ingest (entity records, name and type
// indexes, both adjacency entries, counters) but no documents, mentions or
// evidence, so DeleteDocument never touches what it loaded.
//
// It does not merge: every entity and relation must be new to the store and
// added once. It honours the store's curations as ingest does: an entity
// with a curated name or type is indexed under them; an entity a merge or
// rename redirects elsewhere, and a relation with such an end or that was
// suppressed, fail with ErrCurated (nothing is written; the loader stays
// usable). No other writes may run while a BulkLoader is open. Call Close
// to flush and update the counters; a BulkLoader is not safe for concurrent
// use.
type BulkLoader struct {
	s      *Store
	wb     *badger.WriteBatch
	codes  map[regName]regEntry
	types  map[string]int64
	ents   int64
	rels   int64
	closed bool
	// The store's curations, read when the load starts.
	overrides  map[EntityID]entityOverride
	redirects  map[EntityID]EntityID
	suppressed map[Suppression]bool
}

// NewBulkLoader starts a bulk load. It first finishes the documents a
// failed follow-up left queued (see Store.FinishRebuilds), so that the
// load starts from the store its documents and curations say; when it
// cannot, it fails with an error wrapping ErrRebuildPending.
func (s *Store) NewBulkLoader() (*BulkLoader, error) {
	if s.opts.ReadOnly {
		return nil, ErrReadOnly
	}
	if err := s.FinishRebuilds(); err != nil {
		return nil, err
	}
	s.closeMu.RLock()
	defer s.closeMu.RUnlock()
	if s.closed {
		return nil, ErrClosed
	}
	b := &BulkLoader{s: s, codes: map[regName]regEntry{}, types: map[string]int64{},
		overrides: map[EntityID]entityOverride{}, redirects: map[EntityID]EntityID{}, suppressed: map[Suppression]bool{}}
	err := s.View(func(tx *Tx) error {
		err := tx.ForEachOverride(func(o EntityOverride) error {
			b.overrides[o.Entity] = entityOverride{Name: o.Name, Type: o.Type}
			return nil
		})
		if err != nil {
			return err
		}
		if err := tx.ForEachRedirect(func(r Redirect) error { b.redirects[r.From] = r.Into; return nil }); err != nil {
			return err
		}
		return tx.ForEachSuppression(func(sp Suppression) error { b.suppressed[sp] = true; return nil })
	})
	if err != nil {
		return nil, err
	}
	b.wb = s.db.NewWriteBatch()
	return b, nil
}

func (b *BulkLoader) code(kind byte, name string, flags byte) (regEntry, error) {
	if e, ok := b.codes[regName{kind, name}]; ok {
		return e, nil
	}
	var e regEntry
	err := b.s.Update(func(tx *Tx) error {
		var err error
		e, err = tx.intern(kind, name, flags)
		return err
	})
	if err != nil {
		return regEntry{}, err
	}
	b.codes[regName{kind, name}] = e
	return e, nil
}

func (b *BulkLoader) set(k, v []byte) error {
	if b.closed {
		return ErrClosed
	}
	b.s.noteWrite(k)
	if err := b.wb.Set(k, v); err != nil {
		return fmt.Errorf("graph: bulk write: %w", err)
	}
	return nil
}

// AddEntity writes an entity whose only alias is its name and returns its
// ID. Names with an empty canonical key fail with ErrInvalidInput.
func (b *BulkLoader) AddEntity(e BulkEntity) (EntityID, error) {
	name := cleanName(e.Name)
	key := keyOf(name)
	if key == "" || len(key) > maxKeyLen {
		return 0, fmt.Errorf("%w: entity name %q", ErrInvalidInput, e.Name)
	}
	typ := mentionType(&MentionInput{Type: e.Type})
	n := max(e.Mentions, 1)
	id := idOfKey(key)
	if into, ok := b.redirects[id]; ok {
		return 0, fmt.Errorf("%w: entity %q was merged into or renamed as %s", ErrCurated, e.Name, into)
	}
	rec := entityRec{Key: key, Types: counts{{typ, n}}, Aliases: counts{{name, n}}, Names: counts{{name, n}}, Votes: counts{{typ, n * typeVote(0)}}}
	if err := b.set(entityKey(id), rec.encode()); err != nil {
		return 0, err
	}
	o := b.overrides[id]
	typ = o.indexType(&rec)
	for _, k := range o.indexKeys(&rec) {
		var flags byte
		if k == key {
			flags = nameFlagCanonical
		}
		if err := b.set(nameKey(k, id), encodeNameVal(flags, typ)); err != nil {
			return 0, err
		}
	}
	if err := b.set(typeIdxKey(typ, key, id), nil); err != nil {
		return 0, err
	}
	if err := b.addSearch(id, o.indexKeys(&rec)); err != nil {
		return 0, err
	}
	b.ents++
	b.types[typ]++
	return id, nil
}

// AddRelation writes both adjacency entries of a relation. A symmetric
// relation is stored with Subject < Object; self-loops fail with
// ErrInvalidInput.
func (b *BulkLoader) AddRelation(r BulkRelation) error {
	if r.Subject == r.Object || strings.TrimSpace(r.Type) == "" {
		return fmt.Errorf("%w: self-loop or empty type", ErrInvalidInput)
	}
	var flags byte
	if r.Symmetric {
		flags = regFlagSymmetric
	}
	te, err := b.code(kindRelType, cleanName(strings.TrimSpace(r.Type)), flags)
	if err != nil {
		return err
	}
	k := relKey{S: r.Subject, O: r.Object, Code: uint16(te.code)}
	if te.flags&regFlagSymmetric != 0 && k.S > k.O {
		k.S, k.O = k.O, k.S
	}
	for _, end := range []EntityID{k.S, k.O} {
		if into, ok := b.redirects[end]; ok {
			return fmt.Errorf("%w: entity %s was merged into or renamed as %s", ErrCurated, end, into)
		}
	}
	if b.suppressed[Suppression{k.S, k.O, te.name}] {
		return fmt.Errorf("%w: relation %s %s %s was suppressed", ErrCurated, k.S, te.name, k.O)
	}
	rec := relRec{Weight: max(r.Weight, 1), Conf: quantConf(r.Confidence), First: r.FirstSeen, Last: r.LastSeen}
	if r.Extractor != "" {
		e, err := b.code(kindExtractor, cleanName(r.Extractor), 0)
		if err != nil {
			return err
		}
		rec.Extractor = e.code
	}
	if role := cleanName(strings.TrimSpace(r.Role)); role != "" {
		e, err := b.code(kindRole, role, 0)
		if err != nil {
			return err
		}
		rec.Role = e.code
		rec.Roles = []codeCount{{e.code, rec.Weight}}
	}
	v := rec.encode()
	if err := b.set(k.fwd(), v); err != nil {
		return err
	}
	if err := b.set(k.rev(), v); err != nil {
		return err
	}
	b.rels++
	return nil
}

// Close flushes what was written and adds the loaded entities and
// relations to the store's counters.
func (b *BulkLoader) Close() error {
	if b.closed {
		return nil
	}
	b.closed = true
	if err := b.wb.Flush(); err != nil {
		return fmt.Errorf("graph: bulk flush: %w", err)
	}
	return b.s.Update(func(tx *Tx) error {
		tx.addCounter(counterKey(ctrEntities), b.ents)
		tx.addCounter(counterKey(ctrRelations), b.rels)
		for t, n := range b.types {
			tx.addCounter(typeCountKey(t), n)
		}
		return nil
	})
}

// Cancel abandons the load; what was already flushed stays in the store
// and the counters are not updated.
func (b *BulkLoader) Cancel() {
	if !b.closed {
		b.closed = true
		b.wb.Cancel()
	}
}
