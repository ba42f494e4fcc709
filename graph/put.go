package graph

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kgraph/kgraph/nlp/canon"
)

// Input limits. Keys in badger are limited to 64 KB; these keep keys small.
const (
	maxDocIDLen = 1024 // bytes of a document ID
	maxKeyLen   = 512  // bytes of an entity lookup key or a type name
)

// PutDocuments stores a batch of documents and returns what happened to each
// one, in input order. The batch is written in one transaction, so one fsync
// covers it; when it is too big for one transaction it is committed one
// document at a time instead. Each document is atomic either way.
//
// A document whose ID is stored with the same Hash is Unchanged and nothing
// is written; with another hash its old contribution is removed exactly (as
// DeleteDocument does) and the new one added: Replaced.
//
// Input is checked before anything is written: a missing ID or Hash, an ID
// with a 0 byte or over 1 KB, a relation whose mention or sentence index is
// out of range or whose Type is empty fail with ErrInvalidInput. A document
// too big for one transaction fails with ErrInvalidInput ("document too
// large"); split it into sections. On error in the one-document-at-a-time
// mode, the statuses of the documents committed before the failure are
// returned with the error.
//
// A document that changes what an acronym links to does not write the
// documents that use the acronym bare in its own transaction: they are
// written again in follow-up transactions of at most Options.RelinkBatch
// documents, driven by a durable relink record, before PutDocuments
// returns (see Store.Update). When a follow-up fails the error wraps
// ErrRebuildPending and the statuses of the committed documents are
// returned with it; when documents an earlier failure left queued cannot be
// finished, nothing is written and the error wraps ErrRebuildPending too.
func (s *Store) PutDocuments(docs []DocInput) ([]PutStatus, error) {
	for i := range docs {
		if err := validateDoc(&docs[i]); err != nil {
			return nil, err
		}
	}
	st := make([]PutStatus, len(docs))
	// An error wrapping ErrRebuildPending comes either before fn runs
	// (relinks an earlier failure left could not be finished: nothing
	// written) or after its commit (this batch's follow-ups failed).
	ran := false
	err := s.Update(func(tx *Tx) error {
		ran = true
		for i := range docs {
			var err error
			if st[i], err = tx.PutDocument(&docs[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if errors.Is(err, ErrRebuildPending) {
		if ran { // the batch committed
			return st, err
		}
		return nil, err
	}
	if err == nil || !errTooBig(err) {
		if err != nil {
			return nil, err
		}
		return st, nil
	}
	for i := range docs {
		ran = false
		err := s.Update(func(tx *Tx) error {
			ran = true
			var err error
			st[i], err = tx.PutDocument(&docs[i])
			return err
		})
		if errors.Is(err, ErrRebuildPending) {
			if ran { // document i committed
				return st[:i+1], err
			}
			return st[:i], err
		}
		if errTooBig(err) {
			return st[:i], fmt.Errorf("%w: document too large: %q does not fit in one transaction: %w",
				ErrInvalidInput, docs[i].Doc.ID, err)
		}
		if err != nil {
			return st[:i], err
		}
	}
	return st, nil
}

// DeleteDocument removes a document and exactly what it contributed:
// sentences, mentions, evidence, mention counts and relation weights.
// Relations left without evidence and entities left without mentions
// disappear. The error wraps ErrDocumentNotFound when id is not stored.
// When the document defined an acronym whose link it changes, the
// documents that use the acronym bare are written again in follow-up
// transactions before it returns, as for PutDocuments.
func (s *Store) DeleteDocument(id string) error {
	return s.Update(func(tx *Tx) error { return tx.DeleteDocument(id) })
}

func validateDoc(d *DocInput) error {
	id := d.Doc.ID
	switch {
	case id == "":
		return fmt.Errorf("%w: document without ID", ErrInvalidInput)
	case len(id) > maxDocIDLen:
		return fmt.Errorf("%w: document ID longer than %d bytes", ErrInvalidInput, maxDocIDLen)
	case strings.IndexByte(id, 0) >= 0:
		return fmt.Errorf("%w: document ID %q contains a 0 byte", ErrInvalidInput, id)
	case d.Doc.Hash == "":
		return fmt.Errorf("%w: document %q without Hash", ErrInvalidInput, id)
	}
	for i, m := range d.Mentions {
		if m.Start < 0 || m.End < m.Start || m.Sentence < 0 {
			return fmt.Errorf("%w: document %q: mention %d has a bad span or sentence", ErrInvalidInput, id, i)
		}
		if len(m.Name) > maxKeyLen*4 || len(m.Type) > maxKeyLen {
			return fmt.Errorf("%w: document %q: mention %d: name or type too long", ErrInvalidInput, id, i)
		}
	}
	for i, s := range d.Sentences {
		if s.Start < 0 || s.End < s.Start {
			return fmt.Errorf("%w: document %q: sentence %d has a bad span", ErrInvalidInput, id, i)
		}
	}
	for i, r := range d.Relations {
		switch {
		case strings.TrimSpace(r.Type) == "" || len(r.Type) > maxKeyLen:
			return fmt.Errorf("%w: document %q: relation %d has an empty or too long type", ErrInvalidInput, id, i)
		case r.Subject < 0 || r.Subject >= len(d.Mentions) || r.Object < 0 || r.Object >= len(d.Mentions):
			return fmt.Errorf("%w: document %q: relation %d refers to a mention out of range", ErrInvalidInput, id, i)
		case r.Sentence < 0 || r.Sentence >= len(d.Sentences):
			return fmt.Errorf("%w: document %q: relation %d refers to sentence %d of %d",
				ErrInvalidInput, id, i, r.Sentence, len(d.Sentences))
		case len(r.Role) > maxKeyLen || len(r.Extractor) > maxKeyLen:
			return fmt.Errorf("%w: document %q: relation %d: role or extractor too long", ErrInvalidInput, id, i)
		}
	}
	return nil
}

// mentionEntity returns the lookup key of a mention's entity, "" when the
// mention has no usable name.
func mentionEntity(m *MentionInput) string {
	k := keyOf(m.Name)
	if k == "" {
		k = keyOf(m.Text)
	}
	if len(k) > maxKeyLen {
		return ""
	}
	return k
}

// mentionType is the stored type of a mention: "MISC" when empty.
func mentionType(m *MentionInput) string {
	t := cleanName(strings.TrimSpace(m.Type))
	if t == "" {
		return "MISC"
	}
	return t
}

// PutDocument stores one document inside an Update transaction; see
// Store.PutDocuments for the rules. When the document changes what an
// acronym links to (see doc.go), it writes a relink record in the same
// transaction, and Store.Update writes the documents with bare mentions of
// the acronym again after the commit, in bounded transactions.
func (tx *Tx) PutDocument(d *DocInput) (PutStatus, error) {
	if !tx.update {
		return 0, ErrReadOnly
	}
	if err := validateDoc(d); err != nil {
		return 0, err
	}
	old, err := tx.acrRecOf(d.Doc.ID)
	if err != nil {
		return 0, err
	}
	defs := normAcronyms(d.Acronyms)
	var keys []string
	for _, a := range append(slices.Clone(old.Defs), defs...) {
		keys = append(keys, acrKeyOf(a))
	}
	before, err := tx.acronymSnapshot(keys...)
	if err != nil {
		return 0, err
	}
	// An acronym this document defines again as the entity it already
	// links to keeps its link: most definitions in a corpus are repeats
	// ("the European Union (EU)"), and checking them again costs scans.
	for k, t := range before {
		if t != 0 && sameTarget(k, t, defs, true) && sameTarget(k, t, old.Defs, false) {
			delete(before, k)
		}
	}
	st, err := tx.putDocument(d)
	if err != nil || st == Unchanged {
		return st, err
	}
	_, err = tx.queueRelinks(before, d.Doc.ID, false)
	return st, err
}

// sameTarget reports whether every definition of the acronym key k among
// defs is of entity t (and, with some, that there is at least one).
func sameTarget(k string, t EntityID, defs []AcronymInput, some bool) bool {
	n := 0
	for _, a := range defs {
		if acrKeyOf(a) != k {
			continue
		}
		if acrDefID(a) != t {
			return false
		}
		n++
	}
	return n > 0 || !some
}

// putDocument stores one validated document as PutDocument does, without
// writing other documents again.
func (tx *Tx) putDocument(d *DocInput) (PutStatus, error) {
	id := d.Doc.ID
	status := Added
	if v, ok, err := tx.get(docKey(id)); err != nil {
		return 0, err
	} else if ok {
		h, err := docHash(v)
		if err != nil {
			return 0, err
		}
		if h == d.Doc.Hash {
			return Unchanged, nil
		}
		if err := tx.deleteDocument(id); err != nil {
			return 0, err
		}
		status = Replaced
	}

	doc := d.Doc
	if doc.Sentences == 0 {
		doc.Sentences = len(d.Sentences)
	}
	if doc.Added == 0 {
		doc.Added = time.Now().Unix()
	}
	if err := tx.set(docKey(id), encodeDoc(&doc)); err != nil {
		return 0, err
	}
	for i := range d.Sentences {
		if err := tx.set(sentenceKey(id, i), encodeSentence(&d.Sentences[i])); err != nil {
			return 0, err
		}
	}

	var held HeldRecord // what curations changed, to write the document again exactly when they are undone

	// Acronyms it defines, indexed before its own mentions link by them.
	acr := acrRec{Defs: normAcronyms(d.Acronyms)}
	if err := writeAcronymDefs(tx.set, tx.countAcronymDef, id, acr.Defs); err != nil {
		return 0, err
	}

	// Mentions, grouped by entity.
	c := contrib{Sentences: len(d.Sentences)}
	ents := map[EntityID]int{} // index in c.Entities
	keys := map[EntityID]string{}
	mentionIDs := make([]EntityID, len(d.Mentions))
	ok := make([]bool, len(d.Mentions))
	redirected := make([]bool, len(d.Mentions))
	nMentions := 0
	for i := range d.Mentions {
		m := &d.Mentions[i]
		key := mentionEntity(m)
		if key == "" {
			continue
		}
		eid := idOfKey(key)
		typ := mentionType(m)
		linked := false
		if k := bareAcronym(m.Name, m.Text, typ); k != "" { // a bare acronym some document defines
			t, ok, err := tx.acronymTarget(k)
			if err != nil {
				return 0, err
			}
			if ok {
				eid, linked = t, true
			}
		}
		to, red, err := tx.redirectOf(eid) // merged or renamed by hand
		if err != nil {
			return 0, err
		}
		eid, redirected[i] = to, red || linked
		if redirected[i] {
			if held.Names == nil {
				held.Names = map[int]string{}
			}
			held.Names[i] = m.Name
		}
		mentionIDs[i], ok[i] = eid, true
		nMentions++
		j, seen := ents[eid]
		if !seen {
			j = len(c.Entities)
			ents[eid] = j
			keys[eid] = key
			c.Entities = append(c.Entities, contribEntity{ID: eid})
		}

		ce := &c.Entities[j]
		ce.Types = ce.Types.add(typ, 1)
		ce.Votes = ce.Votes.add(typ, typeVote(m.Confidence))
		alias := cleanName(canon.Clean(m.Text))
		name := cleanName(canon.Clean(m.Name))
		if name == "" {
			name = alias
		}
		if alias == "" {
			alias = name
		}
		ce.Aliases = ce.Aliases.add(alias, 1)
		ce.Names = ce.Names.add(name, 1)
		ce.Mentions = append(ce.Mentions, i)
		if err := tx.set(mentionKey(eid, id, i), encodeMention(m, typ)); err != nil {
			return 0, err
		}
	}
	slices.SortFunc(c.Entities, func(a, b contribEntity) int { return cmp.Compare(a.ID, b.ID) })
	for i := range c.Entities {
		ce := &c.Entities[i]
		if err := tx.set(entityDocKey(ce.ID, id), encUint(len(ce.Mentions))); err != nil {
			return 0, err
		}
		if err := tx.applyEntity(ce, keys[ce.ID], 1); err != nil {
			return 0, err
		}
	}

	// Relations: one evidence record per relation and sentence, the best
	// statement of the sentence kept.
	type evKey struct {
		rel  relKey
		sent int
	}
	type evBest struct {
		ev              evRec
		extractor, role string
	}
	best := map[evKey]*evBest{}
	for i := range d.Relations {
		r := &d.Relations[i]
		if !ok[r.Subject] || !ok[r.Object] {
			continue
		}
		s, o := mentionIDs[r.Subject], mentionIDs[r.Object]
		if s == o {
			if redirected[r.Subject] || redirected[r.Object] {
				// A self-loop only because of a curation or acronym link.
				sym := r.Symmetric
				if e, ok := tx.lookupCode(kindRelType, cleanName(strings.TrimSpace(r.Type))); ok {
					sym = sym || e.flags&regFlagSymmetric != 0
				}
				held.Statements = append(held.Statements, heldStatement(*r, sym))
			}
			continue
		}
		var flags byte
		if r.Symmetric {
			flags = regFlagSymmetric
		}
		te, err := tx.intern(kindRelType, cleanName(strings.TrimSpace(r.Type)), flags)
		if err != nil {
			return 0, err
		}
		if sup, err := tx.suppressed(s, o, te.name, te.flags&regFlagSymmetric != 0); err != nil {
			return 0, err
		} else if sup { // suppressed by hand
			held.Statements = append(held.Statements, heldStatement(*r, te.flags&regFlagSymmetric != 0))
			continue
		}
		sm, om := &d.Mentions[r.Subject], &d.Mentions[r.Object]
		ev := evRec{SS: sm.Start, SE: sm.End, OS: om.Start, OE: om.End, Conf: quantConf(r.Confidence), Date: doc.Date}
		if te.flags&regFlagSymmetric != 0 && s > o {
			s, o = o, s
			ev.SS, ev.SE, ev.OS, ev.OE = ev.OS, ev.OE, ev.SS, ev.SE
		}
		extractor, role := cleanName(r.Extractor), cleanName(strings.TrimSpace(r.Role))
		k := evKey{relKey{S: s, O: o, Code: uint16(te.code)}, r.Sentence}
		cur := best[k]
		if cur != nil && !betterEvidence(ev.Conf, extractor, role, cur.ev.Conf, cur.extractor, cur.role) {
			continue
		}
		best[k] = &evBest{ev: ev, extractor: extractor, role: role}
	}
	byRel := map[relKey][]evKey{}
	bestKeys := make([]evKey, 0, len(best))
	for k := range best {
		bestKeys = append(bestKeys, k)
	}
	slices.SortFunc(bestKeys, func(a, b evKey) int { // deterministic code allocation
		return cmp.Or(compareRelKey(a.rel, b.rel), cmp.Compare(a.sent, b.sent))
	})
	for _, k := range bestKeys {
		b := best[k]
		if b.extractor != "" {
			e, err := tx.intern(kindExtractor, b.extractor, 0)
			if err != nil {
				return 0, err
			}
			b.ev.Extractor = e.code
		}
		if b.role != "" {
			e, err := tx.intern(kindRole, b.role, 0)
			if err != nil {
				return 0, err
			}
			b.ev.Role = e.code
		}
		byRel[k.rel] = append(byRel[k.rel], k)
	}
	for rk, evs := range byRel {
		slices.SortFunc(evs, func(a, b evKey) int { return cmp.Compare(a.sent, b.sent) })
		cr := contribRel{Key: rk}
		for _, k := range evs {
			cr.Sents = append(cr.Sents, k.sent)
		}
		c.Rels = append(c.Rels, cr)
	}
	slices.SortFunc(c.Rels, func(a, b contribRel) int { return compareRelKey(a.Key, b.Key) })
	for _, cr := range c.Rels {
		fwd := cr.Key.fwd()
		v, exists, err := tx.get(fwd)
		if err != nil {
			return 0, err
		}
		var rec relRec
		if exists {
			if rec, err = decodeRel(v); err != nil {
				return 0, err
			}
		} else {
			tx.addCounter(counterKey(ctrRelations), 1)
		}
		for _, sent := range cr.Sents {
			ev := &best[evKey{cr.Key, sent}].ev
			if err := tx.set(cr.Key.evidenceKey(id, sent), ev.encode()); err != nil {
				return 0, err
			}
			if err := tx.addEvidence(&rec, ev); err != nil {
				return 0, err
			}
		}
		if err := tx.putRel(cr.Key, &rec); err != nil {
			return 0, err
		}
	}

	if err := tx.set(contribKey(id), c.encode()); err != nil {
		return 0, err
	}
	acr.Uses = usesOf(held.Names, func(i int) (string, string, bool) {
		return d.Mentions[i].Text, mentionType(&d.Mentions[i]), true
	})
	if err := writeAcronymRecord(tx.set, id, &acr); err != nil {
		return 0, err
	}
	if !held.IsZero() {
		b, err := json.Marshal(held)
		if err != nil {
			return 0, err
		}
		if err := tx.set(heldKey(id), b); err != nil {
			return 0, err
		}
	}
	tx.addCounter(counterKey(ctrDocuments), 1)
	tx.addCounter(counterKey(ctrMentions), int64(nMentions))
	return status, nil
}

// heldStatement is a statement as a held record keeps it: one of a
// symmetric type with Subject < Object, since a document written again
// from its stored evidence (docInput) cannot tell which end came first.
func heldStatement(r RelationInput, symmetric bool) RelationInput {
	if symmetric && r.Subject > r.Object {
		r.Subject, r.Object = r.Object, r.Subject
	}
	return r
}

// betterEvidence orders the statements of one relation in one sentence:
// higher confidence first, then the smaller extractor and role names.
func betterEvidence(conf uint64, extractor, role string, bconf uint64, bextractor, brole string) bool {
	if conf != bconf {
		return conf > bconf
	}
	if extractor != bextractor {
		return extractor < bextractor
	}
	return role < brole
}

func compareRelKey(a, b relKey) int {
	if c := cmp.Compare(a.S, b.S); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Code, b.Code); c != 0 {
		return c
	}
	return cmp.Compare(a.O, b.O)
}

func encUint(n int) []byte { e := enc{}; e.int(n); return e.b }

// putRel writes both adjacency entries of a relation.
func (tx *Tx) putRel(k relKey, rec *relRec) error {
	v := rec.encode()
	if err := tx.set(k.fwd(), v); err != nil {
		return err
	}
	return tx.set(k.rev(), v)
}

// addEvidence folds one evidence record into a relation aggregate. The
// result does not depend on the order records are added in, which keeps
// incremental ingest and recomputation after a delete byte-identical.
func (tx *Tx) addEvidence(rec *relRec, ev *evRec) error {
	if rec.Weight == 0 {
		rec.Conf, rec.Extractor = ev.Conf, ev.Extractor
	} else if ev.Conf > rec.Conf {
		rec.Conf, rec.Extractor = ev.Conf, ev.Extractor
	} else if ev.Conf == rec.Conf && ev.Extractor != rec.Extractor {
		a, err := tx.strName(kindExtractor, ev.Extractor)
		if err != nil {
			return err
		}
		b, err := tx.strName(kindExtractor, rec.Extractor)
		if err != nil {
			return err
		}
		if a < b {
			rec.Extractor = ev.Extractor
		}
	}
	rec.Weight++
	if ev.Date != "" {
		if rec.First == "" || ev.Date < rec.First {
			rec.First = ev.Date
		}
		if ev.Date > rec.Last {
			rec.Last = ev.Date
		}
	}
	if ev.Role != 0 {
		i, found := slices.BinarySearchFunc(rec.Roles, ev.Role, func(c codeCount, code uint64) int { return cmp.Compare(c.Code, code) })
		if found {
			rec.Roles[i].N++
		} else {
			rec.Roles = slices.Insert(rec.Roles, i, codeCount{ev.Role, 1})
		}
		// Most frequent role, ties to the smallest name.
		bestN, bestName := 0, ""
		rec.Role = 0
		for _, c := range rec.Roles {
			name, err := tx.strName(kindRole, c.Code)
			if err != nil {
				return err
			}
			if c.N > bestN || (c.N == bestN && name < bestName) {
				bestN, bestName, rec.Role = c.N, name, c.Code
			}
		}
	}
	return nil
}

// applyEntity adds (sign 1) or removes (sign -1) one document's contribution
// to an entity, keeping the name, type and typo indexes and counters in
// step. The indexes hold the entity as curated (see indexKeys and
// indexType): a curated name is one more lookup key, a curated type
// replaces the extracted one.
func (tx *Tx) applyEntity(ce *contribEntity, key string, sign int) error {
	ek := entityKey(ce.ID)
	v, exists, err := tx.get(ek)
	if err != nil {
		return err
	}
	o, err := tx.overrideOf(ce.ID)
	if err != nil {
		return err
	}
	var rec entityRec
	var oldKeys []string
	var oldType string
	if exists {
		if rec, err = decodeEntity(v); err != nil {
			return err
		}
		oldKeys, oldType = o.indexKeys(&rec), o.indexType(&rec)
	} else {
		if sign < 0 {
			return fmt.Errorf("%w: entity %s of a stored document is missing", ErrCorrupt, ce.ID)
		}
		rec.Key = key
	}
	rec.Types = rec.Types.merge(ce.Types, sign)
	rec.Votes = rec.Votes.merge(ce.Votes, sign)
	rec.Aliases = rec.Aliases.merge(ce.Aliases, sign)
	rec.Names = rec.Names.merge(ce.Names, sign)

	if len(rec.Types) == 0 { // no mention left
		if err := tx.del(ek); err != nil {
			return err
		}
		tx.addCounter(counterKey(ctrEntities), -1)
		return tx.reindexEntity(ce.ID, rec.Key, oldKeys, oldType, nil, "")
	}
	if k := rec.ownKey(ce.ID); k != "" && k != rec.Key {
		if exists { // the key changes: index the entity under the new one
			if err := tx.reindexEntity(ce.ID, rec.Key, oldKeys, oldType, nil, ""); err != nil {
				return err
			}
			oldKeys, oldType = nil, ""
		}
		rec.Key = k
	}
	if err := tx.set(ek, rec.encode()); err != nil {
		return err
	}
	if !exists {
		tx.addCounter(counterKey(ctrEntities), 1)
	}
	return tx.reindexEntity(ce.ID, rec.Key, oldKeys, oldType, o.indexKeys(&rec), o.indexType(&rec))
}

// reindexEntity moves an entity's name index (11), type index (12), type
// counter (05) and typo index (40) entries from the old sorted lookup keys
// and type to the new ones, touching only what differs. An empty oldType
// means the entity was not indexed; an empty newType removes it from every
// index. key is the entity's canonical key.
func (tx *Tx) reindexEntity(id EntityID, key string, oldKeys []string, oldType string, newKeys []string, newType string) error {
	if newType != oldType {
		if oldType != "" {
			tx.addCounter(typeCountKey(oldType), -1)
			if err := tx.del(typeIdxKey(oldType, key, id)); err != nil {
				return err
			}
		}
		if newType != "" {
			tx.addCounter(typeCountKey(newType), 1)
			if err := tx.set(typeIdxKey(newType, key, id), nil); err != nil {
				return err
			}
		}
	}
	for _, k := range oldKeys {
		if _, keep := slices.BinarySearch(newKeys, k); !keep {
			if err := tx.del(nameKey(k, id)); err != nil {
				return err
			}
		}
	}
	for _, k := range newKeys {
		if _, had := slices.BinarySearch(oldKeys, k); had && newType == oldType {
			continue
		}
		var flags byte
		if k == key {
			flags = nameFlagCanonical
		}
		if err := tx.set(nameKey(k, id), encodeNameVal(flags, newType)); err != nil {
			return err
		}
	}
	return tx.updateSearch(id, oldKeys, newKeys)
}

// DeleteDocument removes a document inside an Update transaction; see
// Store.DeleteDocument. When the document defined an acronym whose link
// it changes, the documents with bare mentions of it are written again
// after the commit, as for PutDocument.
func (tx *Tx) DeleteDocument(id string) error {
	if !tx.update {
		return ErrReadOnly
	}
	old, err := tx.acrRecOf(id)
	if err != nil {
		return err
	}
	var keys []string
	for _, a := range old.Defs {
		keys = append(keys, acrKeyOf(a))
	}
	before, err := tx.acronymSnapshot(keys...)
	if err != nil {
		return err
	}
	if err := tx.deleteDocument(id); err != nil {
		return err
	}
	_, err = tx.queueRelinks(before, id, false)
	return err
}

// deleteDocument removes a document as DeleteDocument does, without
// writing other documents again.
func (tx *Tx) deleteDocument(id string) error {
	if _, ok, err := tx.get(docKey(id)); err != nil {
		return err
	} else if !ok {
		return fmt.Errorf("%w: %q", ErrDocumentNotFound, id)
	}
	v, ok, err := tx.get(contribKey(id))
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%w: document %q has no contribution record", ErrCorrupt, id)
	}
	c, err := decodeContrib(v)
	if err != nil {
		return err
	}
	for _, k := range [][]byte{docKey(id), contribKey(id)} {
		if err := tx.del(k); err != nil {
			return err
		}
	}
	if held, err := tx.has(heldKey(id)); err != nil {
		return err
	} else if held {
		if err := tx.del(heldKey(id)); err != nil {
			return err
		}
	}
	if err := tx.deleteAcronyms(id); err != nil {
		return err
	}
	for i := range c.Sentences {
		if err := tx.del(sentenceKey(id, i)); err != nil {
			return err
		}
	}
	nMentions := 0
	for i := range c.Entities {
		ce := &c.Entities[i]
		nMentions += len(ce.Mentions)
		for _, m := range ce.Mentions {
			if err := tx.del(mentionKey(ce.ID, id, m)); err != nil {
				return err
			}
		}
		if err := tx.del(entityDocKey(ce.ID, id)); err != nil {
			return err
		}
		if err := tx.applyEntity(ce, "", -1); err != nil {
			return err
		}
	}
	for _, cr := range c.Rels {
		for _, sent := range cr.Sents {
			if err := tx.del(cr.Key.evidenceKey(id, sent)); err != nil {
				return err
			}
		}
		v, ok, err := tx.get(cr.Key.fwd())
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("%w: relation of document %q is missing", ErrCorrupt, id)
		}
		rec, err := decodeRel(v)
		if err != nil {
			return err
		}
		if rec.Weight <= len(cr.Sents) {
			if err := tx.del(cr.Key.fwd()); err != nil {
				return err
			}
			if err := tx.del(cr.Key.rev()); err != nil {
				return err
			}
			tx.addCounter(counterKey(ctrRelations), -1)
			continue
		}
		// Recompute the aggregate from the evidence that remains.
		var nrec relRec
		err = tx.scan(cr.Key.evidencePrefix(), nil, func(_, v []byte) (bool, error) {
			ev, err := decodeEvidence(v)
			if err != nil {
				return false, err
			}
			return true, tx.addEvidence(&nrec, &ev)
		})
		if err != nil {
			return err
		}
		if err := tx.putRel(cr.Key, &nrec); err != nil {
			return err
		}
	}
	tx.addCounter(counterKey(ctrDocuments), -1)
	tx.addCounter(counterKey(ctrMentions), -int64(nMentions))
	return nil
}
