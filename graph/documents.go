package graph

import (
	"fmt"
)

// Document returns the metadata of a stored document; the error wraps
// ErrDocumentNotFound when there is none.
func (tx *Tx) Document(id string) (Document, error) {
	v, ok, err := tx.get(docKey(id))
	if err != nil {
		return Document{}, err
	}
	if !ok {
		return Document{}, fmt.Errorf("%w: %q", ErrDocumentNotFound, id)
	}
	return decodeDoc(id, v)
}

// Documents returns up to limit documents (DefaultLimit when 0) in ID order
// after the cursor after, and the number of stored documents (a counter
// read). next is "" when there are no more.
func (tx *Tx) Documents(after string, limit int) (docs []Document, next string, total int, err error) {
	limit = pageLimit(limit)
	p := []byte{pDoc}
	from, err := decodeCursor(after, p)
	if err != nil {
		return nil, "", 0, err
	}
	var last []byte
	more := false
	err = tx.scan(p, from, func(k, v []byte) (bool, error) {
		if len(docs) == limit {
			more = true
			return false, nil
		}
		d, err := decodeDoc(string(k[1:]), v)
		if err != nil {
			return false, err
		}
		docs = append(docs, d)
		last = append(last[:0], k...)
		return true, nil
	})
	if err != nil {
		return nil, "", 0, err
	}
	if more {
		next = encodeCursor(last)
	}
	n, err := tx.counter(counterKey(ctrDocuments))
	return docs, next, int(n), err
}

// Mentions returns up to limit mentions (DefaultLimit when 0) of an entity,
// by document ID and mention index, after the cursor after. next is "" when
// there are no more.
func (tx *Tx) Mentions(entity EntityID, after string, limit int) (ms []Mention, next string, err error) {
	return scanPage(tx, appendID([]byte{pMention}, entity), after, limit, func(k, v []byte) (Mention, error) {
		doc, _, ok := parseMentionKey(k)
		if !ok {
			return Mention{}, fmt.Errorf("%w: mention key %x", ErrCorrupt, k)
		}
		m := Mention{Entity: entity, DocID: doc}
		return m, decodeMention(v, &m)
	})
}

// EntityDocuments returns up to limit documents (DefaultLimit when 0) that
// mention an entity, in ID order, after the cursor after. next is "" when
// there are no more.
func (tx *Tx) EntityDocuments(entity EntityID, after string, limit int) (docs []Document, next string, err error) {
	p := appendID([]byte{pEntityDoc}, entity)
	return scanPage(tx, p, after, limit, func(k, _ []byte) (Document, error) {
		return tx.Document(string(k[len(p):]))
	})
}

// Document returns a stored document (see Tx.Document).
func (s *Store) Document(id string) (d Document, err error) {
	err = s.View(func(tx *Tx) error { d, err = tx.Document(id); return err })
	return d, err
}

// Documents returns a page of documents and their total (see
// Tx.Documents).
func (s *Store) Documents(after string, limit int) (docs []Document, next string, total int, err error) {
	err = s.View(func(tx *Tx) error { docs, next, total, err = tx.Documents(after, limit); return err })
	return docs, next, total, err
}

// Mentions returns a page of an entity's mentions (see Tx.Mentions).
func (s *Store) Mentions(entity EntityID, after string, limit int) (ms []Mention, next string, err error) {
	err = s.View(func(tx *Tx) error { ms, next, err = tx.Mentions(entity, after, limit); return err })
	return ms, next, err
}

// EntityDocuments returns a page of the documents that mention an entity
// (see Tx.EntityDocuments).
func (s *Store) EntityDocuments(entity EntityID, after string, limit int) (docs []Document, next string, err error) {
	err = s.View(func(tx *Tx) error { docs, next, err = tx.EntityDocuments(entity, after, limit); return err })
	return docs, next, err
}
