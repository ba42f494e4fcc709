package graph

import (
	"slices"
)

// Deferred acronym relinking (see doc.go, "Acronyms" and key 5a). When a
// document (or a curation) changes what an acronym links to, every
// document with a bare mention of it must be written again; in a news
// corpus that may be thousands of documents, far more than one badger
// transaction holds. So Tx.PutDocument, Tx.DeleteDocument and the
// curations only write a relink record for the acronym, a record of the
// rebuild queue (queue.go), in their own transaction, and Store.Update,
// once that transaction has committed, writes the documents again in
// follow-up transactions.

// relinkSources is the set of documents a relink of the acronym key k
// writes again: those with a bare use of k sent elsewhere (58) and those
// of k's own entity (13).
func relinkSources(k string) []docSource {
	return []docSource{{prefix: acrUsePrefix(k)}, entityDocs(idOfKey(k))}
}

// queueRelinks writes a relink record, from the first document, for every
// key of the snapshot whose target changed since and whose documents
// include one other than self, the document being written or deleted
// (self is already written under the target in force; "" for a
// curation). With count it returns how many documents the records queued
// hold (each once).
func (tx *Tx) queueRelinks(before acrSnapshot, self string, count bool) (int, error) {
	keys := make([]string, 0, len(before))
	for k := range before {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var all []docSource
	for _, k := range keys {
		t, _, err := tx.acronymTarget(k)
		if err != nil {
			return 0, err
		}
		if t == before[k] {
			continue
		}
		docs, _, err := tx.nextDocs(relinkSources(k), "", 2)
		if err != nil {
			return 0, err
		}
		if len(docs) == 0 || (len(docs) == 1 && docs[0] == self) {
			continue
		}
		if err := tx.set(relinkKey(k), nil); err != nil { // (again) from the first document
			return 0, err
		}
		tx.queued = true
		all = append(all, relinkSources(k)...)
	}
	if !count || len(all) == 0 {
		return 0, nil
	}
	return tx.countDocs(all)
}
