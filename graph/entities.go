package graph

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// EntityListOptions selects a page of entities for Entities.
type EntityListOptions struct {
	// Type keeps only entities of this type (the curated one, else the
	// majority type); "" keeps all.
	Type string
	// Prefix keeps only entities whose canonical key, an alias key or the
	// key of a curated name starts with canon.Key(Prefix); "" keeps all.
	Prefix string
	// After is the cursor returned with the previous page; "" starts at
	// the beginning.
	After string
	// Limit is the page size: DefaultLimit when 0, at most MaxLimit.
	Limit int
}

// Entity returns the entity with the given ID; the error wraps
// ErrEntityNotFound when there is none.
func (tx *Tx) Entity(id EntityID) (Entity, error) {
	rec, ok, err := tx.entityRec(id)
	if err != nil {
		return Entity{}, err
	}
	if !ok {
		return Entity{}, fmt.Errorf("%w: %s", ErrEntityNotFound, id)
	}
	e := rec.entity(id)
	return e, tx.applyOverride(&e)
}

func (tx *Tx) entityRec(id EntityID) (entityRec, bool, error) {
	v, ok, err := tx.get(entityKey(id))
	if err != nil || !ok {
		return entityRec{}, false, err
	}
	rec, err := decodeEntity(v)
	return rec, err == nil, err
}

// EntitiesByName returns every entity whose canonical key or one of whose
// alias keys equals canon.Key(name) (so the match ignores case,
// punctuation and legal-form suffixes), most mentioned first, ties by ID.
// It returns an empty slice when nothing matches.
func (tx *Tx) EntitiesByName(name string) ([]Entity, error) {
	key := keyOf(name)
	if key == "" {
		return nil, nil
	}
	p := append(append([]byte{pName}, key...), 0)
	var ids []EntityID
	err := tx.scan(p, nil, func(k, _ []byte) (bool, error) {
		if len(k) == len(p)+8 {
			ids = append(ids, parseTrailingID(k))
		}
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]Entity, 0, len(ids))
	for _, id := range ids {
		e, err := tx.Entity(id)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b Entity) int {
		return cmp.Or(cmp.Compare(b.MentionCount, a.MentionCount), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// EntityByName returns the entity EntitiesByName lists first: the most
// mentioned one with that canonical or alias key. The error wraps
// ErrEntityNotFound when there is none.
func (tx *Tx) EntityByName(name string) (Entity, error) {
	es, err := tx.EntitiesByName(name)
	if err != nil {
		return Entity{}, err
	}
	if len(es) == 0 {
		return Entity{}, fmt.Errorf("%w: %q", ErrEntityNotFound, name)
	}
	return es[0], nil
}

// Entities returns one page of entities and the total number of entities
// that match the options. Without Prefix, entities come in canonical key
// order and total is read from counters (cheap). With Prefix, an entity
// comes once, at the smallest of its keys that has the prefix, and
// computing total reads every matching index entry: O(matches).
// next is the cursor of the last entity of the page ("" for an empty page)
// and hasNext says whether more follow. A malformed or foreign cursor fails
// with ErrBadCursor.
func (tx *Tx) Entities(o EntityListOptions) (page []Entity, next string, hasNext bool, total int, err error) {
	limit := pageLimit(o.Limit)
	typ := cleanName(strings.TrimSpace(o.Type))
	var prefix []byte
	var emit func(k, v []byte) (bool, error) // reports whether to list the entry
	var idOf func(k []byte) EntityID = parseTrailingID
	switch {
	case o.Prefix == "" && typ == "":
		prefix = []byte{pName}
		emit = func(_, v []byte) (bool, error) {
			flags, _, err := decodeNameVal(v)
			return flags&nameFlagCanonical != 0, err
		}
		n, err := tx.counter(counterKey(ctrEntities))
		if err != nil {
			return nil, "", false, 0, err
		}
		total = int(n)
	case o.Prefix == "":
		prefix = append(append([]byte{pTypeIdx}, typ...), 0)
		emit = func(_, _ []byte) (bool, error) { return true, nil }
		n, err := tx.counter(typeCountKey(typ))
		if err != nil {
			return nil, "", false, 0, err
		}
		total = int(n)
	default:
		pk := keyOf(o.Prefix)
		prefix = append([]byte{pName}, pk...)
		emit = func(k, v []byte) (bool, error) {
			_, t, err := decodeNameVal(v)
			if err != nil || (typ != "" && t != typ) {
				return false, err
			}
			key, id, ok := parseNameKey(k)
			if !ok {
				return false, fmt.Errorf("%w: name index key %x", ErrCorrupt, k)
			}
			rec, ok, err := tx.entityRec(id)
			if err != nil || !ok {
				return false, err
			}
			iks, err := tx.indexKeysOf(id, &rec)
			if err != nil {
				return false, err
			}
			for _, ik := range iks { // sorted: the first with the prefix
				if strings.HasPrefix(ik, pk) {
					return ik == key, nil
				}
			}
			return false, nil
		}
		seen := map[EntityID]struct{}{}
		err := tx.scan(prefix, nil, func(k, v []byte) (bool, error) {
			_, t, err := decodeNameVal(v)
			if err == nil && (typ == "" || t == typ) {
				seen[parseTrailingID(k)] = struct{}{}
			}
			return true, err
		})
		if err != nil {
			return nil, "", false, 0, err
		}
		total = len(seen)
	}
	from, err := decodeCursor(o.After, prefix)
	if err != nil {
		return nil, "", false, 0, err
	}
	var last []byte
	err = tx.scan(prefix, from, func(k, v []byte) (bool, error) {
		ok, err := emit(k, v)
		if err != nil || !ok {
			return err == nil, err
		}
		if len(page) == limit {
			hasNext = true
			return false, nil
		}
		e, err := tx.Entity(idOf(k))
		if err != nil {
			return false, err
		}
		page = append(page, e)
		last = append(last[:0], k...)
		return true, nil
	})
	if err != nil {
		return nil, "", false, 0, err
	}
	if last != nil {
		next = encodeCursor(last)
	}
	return page, next, hasNext, total, nil
}

// ForEachEntity calls fn for every entity in ID order, as Entity reads it
// (with its curated name and type), stopping at the first error, which it
// returns. It streams: memory use does not grow with the store.
func (tx *Tx) ForEachEntity(fn func(Entity) error) error {
	return tx.forEachEntity(func(e Entity, _ *entityRec) error { return fn(e) })
}

// Entity returns the entity with the given ID (see Tx.Entity).
func (s *Store) Entity(id EntityID) (e Entity, err error) {
	err = s.View(func(tx *Tx) error { e, err = tx.Entity(id); return err })
	return e, err
}

// EntityByName returns the most mentioned entity with that name (see
// Tx.EntityByName).
func (s *Store) EntityByName(name string) (e Entity, err error) {
	err = s.View(func(tx *Tx) error { e, err = tx.EntityByName(name); return err })
	return e, err
}

// EntitiesByName returns all entities with that name (see
// Tx.EntitiesByName).
func (s *Store) EntitiesByName(name string) (es []Entity, err error) {
	err = s.View(func(tx *Tx) error { es, err = tx.EntitiesByName(name); return err })
	return es, err
}

// Entities returns a page of entities (see Tx.Entities).
func (s *Store) Entities(o EntityListOptions) (page []Entity, next string, hasNext bool, total int, err error) {
	err = s.View(func(tx *Tx) error {
		page, next, hasNext, total, err = tx.Entities(o)
		return err
	})
	return page, next, hasNext, total, err
}

// ForEachEntity calls fn for every entity in ID order, in one snapshot
// (see Tx.ForEachEntity).
func (s *Store) ForEachEntity(fn func(Entity) error) error {
	return s.View(func(tx *Tx) error { return tx.ForEachEntity(fn) })
}
