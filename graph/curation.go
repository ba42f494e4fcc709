package graph

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/kgraph/kgraph/nlp/canon"
)

// Curation key prefixes (see doc.go). Curated facts live apart from what
// extraction wrote, and the write path consults them, so they survive
// re-ingest.
const (
	pCuration byte = 0x50 // seq(8)                  -> Curation, JSON
	pRedirect byte = 0x51 // from eid                -> into eid: mentions of from go to into
	pSuppress byte = 0x52 // s eid, o eid, type      -> seq(8): never store this relation
	pOverride byte = 0x53 // eid                     -> entityOverride, JSON
	pMerged   byte = 0x54 // into eid, from eid      -> mergeInfo, JSON: what splitEntity restores
	pHeld     byte = 0x55 // doc                     -> []RelationInput, JSON: statements curations hold back
)

// redirectRename ends the value of a redirect written by a rename (from
// the ID of the curated name to the renamed entity); a merge's redirect
// value is the 8-byte target alone.
const redirectRename byte = 'r'

// ctrCurations counts curations; it numbers them.
const ctrCurations = "curations"

// Curation kinds.
const (
	CurationMerge    = "MERGE"
	CurationSplit    = "SPLIT"
	CurationRename   = "RENAME"
	CurationSetType  = "SET_TYPE"
	CurationSuppress = "SUPPRESS"
	CurationUndo     = "UNDO" // Curation.Undoes names the curation undone
)

// Curation is one recorded change made by hand.
type Curation struct {
	Seq       uint64
	Kind      string
	Target    string   // entity ID, or relation ID for SUPPRESS
	Sources   []string // merged entity IDs (MERGE, SPLIT)
	Value     string   // new name or type
	At        time.Time
	Client    string // remote address
	UserAgent string
	Documents int // documents rebuilt to apply it
	// Undoes is the sequence number of the curation an UNDO undid.
	Undoes uint64 `json:",omitempty"`
}

// CurationClient says who asks for a curation.
type CurationClient struct{ Addr, UserAgent string }

type entityOverride struct {
	Name string `json:",omitempty"`
	Type string `json:",omitempty"`
}

type mergeInfo struct {
	Name string // display name of the merged entity
	// Mentions (document -> mention indexes that were the merged
	// entity's) and Docs (the documents as they were written before the
	// merge, to restore what the merge lost while their hash is
	// unchanged) are only in records of merges made before held records
	// (55) named redirected mentions and held the self-loops a merge
	// makes; a split reads them from such records. Merges since write
	// neither: a split writes their documents again like any curation,
	// and the record stays small however many documents the merge moves.
	Mentions map[string][]int
	Docs     map[string]DocInput
	// Held is set by merges that keep the names of redirected mentions in
	// the documents' held records (55); splitting them needs no guess from
	// Mentions, whose indexes a re-ingested document may have changed.
	Held bool `json:",omitempty"`
}

func redirectKey(from EntityID) []byte { return appendID([]byte{pRedirect}, from) }
func overrideKey(id EntityID) []byte   { return appendID([]byte{pOverride}, id) }
func mergedKey(into, from EntityID) []byte {
	return appendID(appendID([]byte{pMerged}, into), from)
}
func suppressKey(s, o EntityID, typ string) []byte {
	return append(appendID(appendID([]byte{pSuppress}, s), o), typ...)
}
func heldKey(doc string) []byte { return append([]byte{pHeld}, doc...) }

// redirectValue encodes a redirect to into; rename marks one written by a
// rename.
func redirectValue(into EntityID, rename bool) []byte {
	v := appendID(nil, into)
	if rename {
		v = append(v, redirectRename)
	}
	return v
}

// decodeRedirect decodes a redirect value.
func decodeRedirect(v []byte) (into EntityID, rename bool, err error) {
	switch {
	case len(v) == 8:
		return EntityID(binary.BigEndian.Uint64(v)), false, nil
	case len(v) == 9 && v[8] == redirectRename:
		return EntityID(binary.BigEndian.Uint64(v)), true, nil
	}
	return 0, false, fmt.Errorf("%w: redirect value %x", ErrCorrupt, v)
}

// redirect returns where mentions of from go, and whether a rename (not a
// merge) sent them there.
func (tx *Tx) redirect(from EntityID) (into EntityID, rename, ok bool, err error) {
	v, ok, err := tx.get(redirectKey(from))
	if err != nil || !ok {
		return from, false, false, err
	}
	into, rename, err = decodeRedirect(v)
	return into, rename, err == nil, err
}

// maxRedirectHops bounds a chain of redirects (a curated name of an entity
// merged into another, merged in turn, ...).
const maxRedirectHops = 16

// redirectOf returns the entity that mentions of id go to, when id was
// merged into another or is the curated name of another, following a
// chain of them.
func (tx *Tx) redirectOf(id EntityID) (EntityID, bool, error) {
	cur := id
	for hops := 0; hops < maxRedirectHops; hops++ {
		into, _, ok, err := tx.redirect(cur)
		if err != nil {
			return id, false, err
		}
		if !ok {
			return cur, cur != id, nil
		}
		if into == id {
			return id, false, fmt.Errorf("%w: redirects of %s form a cycle", ErrCorrupt, id)
		}
		cur = into
	}
	return id, false, fmt.Errorf("%w: more than %d redirects from %s", ErrCorrupt, maxRedirectHops, id)
}

// HeldRecord is what curations changed in a document as it was written
// (key 55): the statements they held back and, for each mention they sent
// to another entity, the name the document gave it. With it a document is
// written again exactly as it came, under the curations in force then.
type HeldRecord struct {
	// Statements are those of a suppressed relation or made self-loops by
	// a merge or rename; Subject and Object are mention indexes.
	Statements []RelationInput `json:",omitempty"`
	// Names maps the index of a mention a merge or rename redirected to
	// the MentionInput.Name it came with.
	Names map[int]string `json:",omitempty"`
}

// IsZero reports whether the record holds nothing.
func (h *HeldRecord) IsZero() bool { return len(h.Statements) == 0 && len(h.Names) == 0 }

// held returns the held record of a document (zero when there is none).
func (tx *Tx) held(doc string) (HeldRecord, error) {
	var h HeldRecord
	v, ok, err := tx.get(heldKey(doc))
	if err != nil || !ok {
		return h, err
	}
	if err := json.Unmarshal(v, &h); err != nil {
		return h, fmt.Errorf("%w: held record of %q: %v", ErrCorrupt, doc, err)
	}
	return h, nil
}

// suppressed reports whether a relation was suppressed by hand.
func (tx *Tx) suppressed(s, o EntityID, typ string, symmetric bool) (bool, error) {
	ok, err := tx.has(suppressKey(s, o, typ))
	if err != nil || ok || !symmetric {
		return ok, err
	}
	return tx.has(suppressKey(o, s, typ))
}

// overrideOf returns the curated name and type of an entity (zero when
// there is none).
func (tx *Tx) overrideOf(id EntityID) (entityOverride, error) {
	var o entityOverride
	if !tx.s.overrides.Load() {
		return o, nil
	}
	v, ok, err := tx.get(overrideKey(id))
	if err != nil || !ok {
		return o, err
	}
	if err := json.Unmarshal(v, &o); err != nil {
		return o, fmt.Errorf("%w: entity override: %v", ErrCorrupt, err)
	}
	return o, nil
}

// indexKeys returns the sorted lookup keys the name and typo indexes hold
// for an entity: those of its record and, when it was renamed, the key of
// the curated name.
func (o entityOverride) indexKeys(rec *entityRec) []string {
	ks := rec.indexKeys()
	k := keyOf(o.Name)
	if k == "" || len(k) > maxKeyLen {
		return ks
	}
	if i, found := slices.BinarySearch(ks, k); !found {
		ks = slices.Insert(ks, i, k)
	}
	return ks
}

// indexType returns the type the indexes and counters hold for an entity:
// the curated one, else the extracted one.
func (o entityOverride) indexType(rec *entityRec) string {
	if o.Type != "" {
		return o.Type
	}
	return rec.typ()
}

// indexKeysOf returns the curated lookup keys of a stored entity (see
// entityOverride.indexKeys).
func (tx *Tx) indexKeysOf(id EntityID, rec *entityRec) ([]string, error) {
	o, err := tx.overrideOf(id)
	if err != nil {
		return nil, err
	}
	return o.indexKeys(rec), nil
}

// applyOverride applies a curated name or type to an entity read from the
// store.
func (tx *Tx) applyOverride(e *Entity) error {
	o, err := tx.overrideOf(e.ID)
	if err != nil {
		return err
	}
	o.apply(e)
	return nil
}

// overrideWalk applies the curated names and types to entities visited in
// ID order, reading the overrides with one iterator that advances
// alongside (point reads in a write transaction, where badger allows one
// iterator only).
type overrideWalk struct {
	tx *Tx
	it *badger.Iterator
}

// newOverrideWalk returns a walk, or nil when the store holds no override.
func (tx *Tx) newOverrideWalk() *overrideWalk {
	if !tx.s.overrides.Load() {
		return nil
	}
	w := &overrideWalk{tx: tx}
	if !tx.update {
		w.it = tx.txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pOverride}})
		w.it.Rewind()
	}
	return w
}

func (w *overrideWalk) apply(e *Entity) error {
	if w == nil {
		return nil
	}
	if w.it == nil {
		return w.tx.applyOverride(e)
	}
	k := overrideKey(e.ID)
	if w.it.Valid() && bytes.Compare(w.it.Item().Key(), k) < 0 {
		w.it.Seek(k)
	}
	if !w.it.Valid() || !bytes.Equal(w.it.Item().Key(), k) {
		return nil
	}
	var o entityOverride
	err := w.it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &o) })
	if err != nil {
		return fmt.Errorf("%w: entity override: %v", ErrCorrupt, err)
	}
	o.apply(e)
	return nil
}

func (w *overrideWalk) close() {
	if w != nil && w.it != nil {
		w.it.Close()
	}
}

// apply sets the curated name (one more alias) and type of an entity.
func (o entityOverride) apply(e *Entity) {
	if o.Name != "" {
		e.Name = o.Name
		if i, found := slices.BinarySearch(e.Aliases, o.Name); !found {
			e.Aliases = slices.Insert(e.Aliases, i, o.Name)
		}
	}
	if o.Type != "" {
		e.Type = o.Type
	}
}

// record appends a curation to the log and returns it with its sequence
// number.
func (tx *Tx) record(c Curation) (Curation, error) {
	n, err := tx.counter(counterKey(ctrCurations))
	if err != nil {
		return Curation{}, err
	}
	tx.addCounter(counterKey(ctrCurations), 1)
	seq := uint64(n) + 1
	c.Seq = seq
	if c.At.IsZero() {
		c.At = time.Now().UTC()
	}
	b, err := json.Marshal(c)
	if err != nil {
		return Curation{}, err
	}
	return c, tx.set(curationKey(seq), b)
}

// Curations returns up to limit curations (DefaultLimit when 0), oldest
// first, after the cursor after; next is "" when there are no more.
func (tx *Tx) Curations(after string, limit int) (cs []Curation, next string, err error) {
	return scanPage(tx, []byte{pCuration}, after, limit, func(_, v []byte) (Curation, error) {
		var c Curation
		if err := json.Unmarshal(v, &c); err != nil {
			return c, fmt.Errorf("%w: curation: %v", ErrCorrupt, err)
		}
		return c, nil
	})
}

// docInput reconstructs what a stored document was written from: its
// sentences, mentions, with the resolved names and confidences that give
// its tallies again, and relation statements, those curations held back
// included, so that it can be written again under changed curations. A
// mention a redirect sent to another entity gets the name the document
// gave it (kept in the held record); for documents written before held
// records kept names, legacy, when not nil, names such mentions.
func (tx *Tx) docInput(id string, legacy func(eid EntityID, idx int) (string, bool)) (DocInput, error) {
	v, ok, err := tx.get(docKey(id))
	if err != nil {
		return DocInput{}, err
	}
	if !ok {
		return DocInput{}, fmt.Errorf("%w: %q", ErrDocumentNotFound, id)
	}
	doc, err := decodeDoc(id, v)
	if err != nil {
		return DocInput{}, err
	}
	cv, ok, err := tx.get(contribKey(id))
	if err != nil || !ok {
		return DocInput{}, fmt.Errorf("%w: document %q has no contribution record (%v)", ErrCorrupt, id, err)
	}
	c, err := decodeContrib(cv)
	if err != nil {
		return DocInput{}, err
	}
	d := DocInput{Doc: doc}
	held, err := tx.held(id)
	if err != nil {
		return DocInput{}, err
	}
	acr, err := tx.acrRecOf(id)
	if err != nil {
		return DocInput{}, err
	}
	d.Acronyms = acr.Defs
	if held.Names != nil {
		legacy = nil
	}
	for i := range c.Sentences {
		sv, ok, err := tx.get(sentenceKey(id, i))
		if err != nil || !ok {
			return DocInput{}, fmt.Errorf("%w: sentence %d of %q (%v)", ErrCorrupt, i, id, err)
		}
		s, err := decodeSentence(sv)
		if err != nil {
			return DocInput{}, err
		}
		d.Sentences = append(d.Sentences, s)
	}
	maxIdx := -1
	for _, ce := range c.Entities {
		for _, m := range ce.Mentions {
			maxIdx = max(maxIdx, m)
		}
	}
	d.Mentions = make([]MentionInput, maxIdx+1) // unusable gaps stay empty
	type span struct {
		id         EntityID
		start, end int
	}
	bySpan := map[span]int{}
	for i := range c.Entities {
		ce := &c.Entities[i]
		ms := make([]Mention, len(ce.Mentions))
		byType := map[string][]int{} // type -> positions in ce.Mentions
		for j, idx := range ce.Mentions {
			mv, ok, err := tx.get(mentionKey(ce.ID, id, idx))
			if err != nil || !ok {
				return DocInput{}, fmt.Errorf("%w: mention %d of %q (%v)", ErrCorrupt, idx, id, err)
			}
			if err := decodeMention(mv, &ms[j]); err != nil {
				return DocInput{}, err
			}
			byType[ms[j].Type] = append(byType[ms[j].Type], j)
		}
		// Confidences that give the document's type votes again.
		conf := make([]float64, len(ce.Mentions))
		for t, js := range byType {
			for k, v := range splitVotes(ce.Votes.count(t), len(js)) {
				conf[js[k]] = v
			}
		}
		// Names: those of redirected mentions as kept, the others laid out
		// so that together they carry the document's name counts again.
		names := slices.Clone(ce.Names)
		fixed := map[int]string{}
		for j, idx := range ce.Mentions {
			n, ok := held.Names[idx]
			if !ok && legacy != nil {
				n, ok = legacy(ce.ID, idx)
			}
			if ok {
				fixed[idx] = n
				names = names.add(tallyName(n, ms[j].Text), -1)
			}
		}
		free := 0
		for j, idx := range ce.Mentions {
			m := &ms[j]
			n, ok := fixed[idx]
			if !ok {
				n = nthName(names, free, ce)
				free++
			}
			d.Mentions[idx] = MentionInput{Name: n, Text: m.Text, Type: m.Type,
				Start: m.Start, End: m.End, Sentence: m.Sentence, Confidence: conf[j]}
			bySpan[span{ce.ID, m.Start, m.End}] = idx
		}
	}
	for _, cr := range c.Rels {
		te, err := tx.codeName(kindRelType, uint64(cr.Key.Code))
		if err != nil {
			return DocInput{}, err
		}
		for _, sent := range cr.Sents {
			ev, ok, err := tx.get(cr.Key.evidenceKey(id, sent))
			if err != nil || !ok {
				return DocInput{}, fmt.Errorf("%w: evidence of %q (%v)", ErrCorrupt, id, err)
			}
			e, err := decodeEvidence(ev)
			if err != nil {
				return DocInput{}, err
			}
			si, ok1 := bySpan[span{cr.Key.S, e.SS, e.SE}]
			oi, ok2 := bySpan[span{cr.Key.O, e.OS, e.OE}]
			if !ok1 || !ok2 {
				continue
			}
			r := RelationInput{Type: te.name, Subject: si, Object: oi, Sentence: sent,
				Confidence: unquantConf(e.Conf), Symmetric: te.flags&regFlagSymmetric != 0}
			if r.Extractor, err = tx.strName(kindExtractor, e.Extractor); err != nil {
				return DocInput{}, err
			}
			if r.Role, err = tx.strName(kindRole, e.Role); err != nil {
				return DocInput{}, err
			}
			d.Relations = append(d.Relations, r)
		}
	}
	// Statements held back by curations (a suppressed relation, a
	// self-loop made by a merge or rename) are part of what the document
	// said; writing it again applies the curations in force then.
	for _, r := range held.Statements {
		if r.Subject < 0 || r.Subject >= len(d.Mentions) || r.Object < 0 || r.Object >= len(d.Mentions) {
			return DocInput{}, fmt.Errorf("%w: held statement of %q refers to mention %d or %d of %d",
				ErrCorrupt, id, r.Subject, r.Object, len(d.Mentions))
		}
		d.Relations = append(d.Relations, r)
	}
	// Gaps (mentions without a usable name) are dropped: renumber.
	keep := make([]int, len(d.Mentions))
	var ms []MentionInput
	for i, m := range d.Mentions {
		keep[i] = len(ms)
		if m.Name == "" && m.Text == "" {
			keep[i] = -1
			continue
		}
		ms = append(ms, m)
	}
	d.Mentions = ms
	rs := d.Relations[:0]
	for _, r := range d.Relations {
		r.Subject, r.Object = keep[r.Subject], keep[r.Object]
		if r.Subject >= 0 && r.Object >= 0 { // a held statement of a mention a filtered dump left out
			rs = append(rs, r)
		}
	}
	if len(rs) == 0 {
		rs = nil
	}
	d.Relations = rs
	return d, nil
}

// rebuild writes documents again from their stored form, so that the
// current curations apply to them.
func (tx *Tx) rebuild(docs []string, legacy func(doc string, eid EntityID, idx int) (string, bool)) error {
	slices.Sort(docs)
	docs = slices.Compact(docs)
	for _, doc := range docs {
		var l func(EntityID, int) (string, bool)
		if legacy != nil {
			l = func(eid EntityID, idx int) (string, bool) { return legacy(doc, eid, idx) }
		}
		d, err := tx.docInput(doc, l)
		if err != nil {
			return err
		}
		if err := tx.deleteDocument(doc); err != nil {
			return err
		}
		if err := validateDoc(&d); err != nil {
			return err
		}
		if _, err := tx.putDocument(&d); err != nil {
			return err
		}
	}
	return nil
}

// docsOf lists the documents that mention an entity.
func (tx *Tx) docsOf(id EntityID) ([]string, error) {
	p := appendID([]byte{pEntityDoc}, id)
	var out []string
	err := tx.scan(p, nil, func(k, _ []byte) (bool, error) {
		out = append(out, string(k[len(p):]))
		return true, nil
	})
	return out, err
}

// splitVotes returns n mention confidences whose type votes (typeVote)
// sum to votes, or zeros (votes of 100 each) when no such split exists.
func splitVotes(votes, n int) []float64 {
	out := make([]float64, n)
	if n == 0 || votes < n || votes > 100*n {
		return out
	}
	q, r := votes/n, votes%n
	for i := range out {
		v := q
		if i < r {
			v++
		}
		out[i] = float64(v) / 100
	}
	return out
}

// nthName returns the j-th name of the counts laid out in order (each
// name as often as its count), or the document's best name of the entity
// past their end.
func nthName(names counts, j int, c *contribEntity) string {
	for _, x := range names {
		if j < x.N {
			return x.S
		}
		j -= x.N
	}
	return contribName(c)
}

// tallyName is the name a mention with resolved name name and surface
// form text adds to its entity's name counts (see PutDocument).
func tallyName(name, text string) string {
	if n := cleanName(canon.Clean(name)); n != "" {
		return n
	}
	return cleanName(canon.Clean(text))
}

// contribName is the resolved name a document gave an entity.
func contribName(c *contribEntity) string {
	n, _ := c.Names.best(nil)
	return n
}

// MergeEntities merges entities into another: their mentions, and so
// their relations, move to into, now and whenever their documents are
// ingested again. SplitEntity undoes it.
//
// The merge and its log entry commit in one transaction; the documents of
// the merged entities are then written again in follow-up transactions of
// at most Options.RelinkBatch documents (see doc.go, "Rebuild queue")
// before it returns, so a merge of any number of documents works. When a
// follow-up fails, the merge stays committed and is returned with an
// error wrapping ErrRebuildPending (see Store.Update).
func (s *Store) MergeEntities(into EntityID, from []EntityID, who CurationClient) (c Curation, err error) {
	err = s.Update(func(tx *Tx) error {
		if _, err := tx.Entity(into); err != nil {
			return err
		}
		// Merging curates the entities: their acronyms no longer link.
		keys := make([]string, 0, len(from)+1)
		for _, id := range append([]EntityID{into}, from...) {
			k, err := tx.entityKeyOf(id)
			if err != nil {
				return err
			}
			keys = append(keys, k)
		}
		before, err := tx.acronymSnapshot(keys...)
		if err != nil {
			return err
		}
		var srcs []docSource
		for _, f := range from {
			if f == into {
				return fmt.Errorf("%w: cannot merge an entity into itself", ErrInvalidInput)
			}
			e, err := tx.Entity(f)
			if err != nil {
				return err
			}
			b, _ := json.Marshal(mergeInfo{Name: e.Name, Held: true})
			if err := tx.set(mergedKey(into, f), b); err != nil {
				return err
			}
			if err := tx.set(redirectKey(f), appendID(nil, into)); err != nil {
				return err
			}
			c.Sources = append(c.Sources, f.String())
			srcs = append(srcs, entityDocs(f))
		}
		docs, err := tx.countDocs(srcs)
		if err != nil {
			return err
		}
		n, err := tx.queueRelinks(before, "", true)
		if err != nil {
			return err
		}
		c.Kind, c.Target, c.Client, c.UserAgent, c.Documents = CurationMerge, into.String(), who.Addr, who.UserAgent, docs+n
		return tx.recordQueued(&c, docs > 0, nil)
	})
	return c, err
}

// SplitEntity undoes every merge into id: the merged entities come back
// with their own mentions and relations. It also separates the acronyms
// whose bare mentions are linked to id (see doc.go): they go back to their
// own entities. An acronym split off either way is never linked
// automatically again, whatever documents define it later (merge it by
// hand instead).
//
// As for MergeEntities, the documents are written again in follow-up
// transactions before it returns.
func (s *Store) SplitEntity(id EntityID, who CurationClient) (c Curation, err error) {
	err = s.Update(func(tx *Tx) error {
		sp, err := tx.split(id, nil)
		if err != nil {
			return err
		}
		for _, f := range sp.froms {
			c.Sources = append(c.Sources, f.String())
		}
		c.Kind, c.Target, c.Client, c.UserAgent, c.Documents = CurationSplit, id.String(), who.Addr, who.UserAgent, sp.docs
		return tx.recordQueued(&c, sp.queue, sp.data)
	})
	return c, err
}

// recordQueued appends c to the log (setting its Seq and time) and, when
// queue is set, queues its documents (see queueCuration).
func (tx *Tx) recordQueued(c *Curation, queue bool, data *splitData) error {
	r, err := tx.record(*c)
	if err != nil {
		return err
	}
	*c = r
	if !queue {
		return nil
	}
	return tx.queueCuration(c.Seq, data)
}

// splitResult is what split did: the entities split off, how many
// documents the curation writes again, whether the entity's own documents
// are to be written (queue) and what that needs from the deleted merge
// records (data, nil when nothing).
type splitResult struct {
	froms []EntityID
	docs  int
	queue bool
	data  *splitData
}

// split undoes the merges into id of the entities in only (every merge
// into id when only is nil): it deletes their merge records and redirects
// and returns what its follow-ups need to write id's documents again
// (rebuildSplit). With only nil (SplitEntity) it also unlinks the
// acronyms linked to id, and every acronym split off, merged or linked, is
// unlinked for good (key 59); the documents whose acronym link changes are
// queued for relinking.
func (tx *Tx) split(id EntityID, only map[EntityID]bool) (res splitResult, err error) {
	p := appendID([]byte{pMerged}, id)
	data := &splitData{}
	ownKey, err := tx.entityKeyOf(id)
	if err != nil {
		return res, err
	}
	keys := []string{ownKey}
	var unlink []string // acronym keys split off
	if only == nil {
		if unlink, err = tx.acronymsLinkedTo(id); err != nil {
			return res, err
		}
	}
	var froms []EntityID
	err = tx.scan(p, nil, func(k, v []byte) (bool, error) {
		f := parseTrailingID(k)
		if only != nil && !only[f] {
			return true, nil
		}
		var info mergeInfo
		if err := json.Unmarshal(v, &info); err != nil {
			return false, fmt.Errorf("%w: merge record: %v", ErrCorrupt, err)
		}
		froms = append(froms, f)
		if k := keyOf(info.Name); idOfKey(k) == f {
			keys = append(keys, k)
			if only == nil && IsAcronym(info.Name) {
				unlink = append(unlink, k)
			}
		}
		for d, in := range info.Docs {
			if data.Saved == nil {
				data.Saved = map[string]DocInput{}
			}
			if _, ok := data.Saved[d]; !ok {
				data.Saved[d] = in
			}
		}
		for d, idxs := range info.Mentions {
			if info.Held {
				break // the held records name the mentions exactly
			}
			if data.Names == nil {
				data.Names = map[string]map[int]string{}
			}
			if data.Names[d] == nil {
				data.Names[d] = map[int]string{}
			}
			for _, i := range idxs {
				data.Names[d][i] = info.Name
			}
		}
		return true, nil
	})
	if err != nil {
		return res, err
	}
	if len(froms) == 0 && len(unlink) == 0 {
		return res, fmt.Errorf("%w: nothing was merged into %s", ErrNoCuration, id)
	}
	before, err := tx.acronymSnapshot(append(keys, unlink...)...)
	if err != nil {
		return res, err
	}
	var unlinked []EntityID // acronyms split off that were not merged
	for _, k := range unlink {
		if err := tx.set(acrUnlinkKey(k), appendID(nil, id)); err != nil {
			return res, err
		}
		if f := idOfKey(k); !slices.Contains(froms, f) {
			unlinked = append(unlinked, f)
		}
	}
	for _, f := range froms {
		if err := tx.del(mergedKey(id, f)); err != nil {
			return res, err
		}
		if err := tx.del(redirectKey(f)); err != nil {
			return res, err
		}
	}
	docs, err := tx.countDocs([]docSource{entityDocs(id)})
	if err != nil {
		return res, err
	}
	n, err := tx.queueRelinks(before, "", true)
	if err != nil {
		return res, err
	}
	if data.isZero() {
		data = nil
	}
	return splitResult{froms: append(froms, unlinked...), docs: docs + n, queue: docs > 0, data: data}, nil
}

// rebuildSplit writes again documents of the entity into after a split
// that data describes: documents unchanged since a legacy merge (same
// hash) as they were written before it, the others from their stored
// form, naming the mentions of into that legacy merge records list as
// the merged entity did (documents written before held records kept the
// names of redirected mentions).
func (tx *Tx) rebuildSplit(into EntityID, docs []string, data *splitData) error {
	var rest []string
	for _, d := range docs {
		in, ok := data.Saved[d]
		if !ok {
			rest = append(rest, d)
			continue
		}
		v, found, err := tx.get(docKey(d))
		if err != nil {
			return err
		}
		if h, err := docHash(v); err != nil || !found || h != in.Doc.Hash {
			rest = append(rest, d)
			continue
		}
		if err := tx.deleteDocument(d); err != nil {
			return err
		}
		if err := validateDoc(&in); err != nil {
			return err
		}
		if _, err := tx.putDocument(&in); err != nil {
			return err
		}
	}
	return tx.rebuild(rest, func(doc string, eid EntityID, idx int) (string, bool) {
		if eid != into {
			return "", false
		}
		n, ok := data.Names[doc][idx]
		return n, ok
	})
}

// SetEntityOverride records a curated display name (kind CurationRename)
// or type (CurationSetType) of an entity. Reads return it from then on, and
// the indexes hold it: a curated name is one more lookup key of the entity
// (for EntityByName, Search and Entities with a Prefix) while its
// extracted names and aliases stay lookup keys too; a curated type
// replaces the extracted one in the type index (Entities with a Type) and
// the type counters (TypeCounts). A curated name also redirects like a
// merge: documents ingested later that name the entity by it add to the
// entity. Renaming to the name of another entity, or to a name that
// already redirects to another, fails with ErrCurated (merge them
// instead). The curation lives apart from the extracted record, so it
// survives re-ingest and the deletion and re-adding of the entity's
// documents. A second curation of the same kind replaces the first, index
// entries and redirect included; UndoCuration clears it. The documents
// a curation changes (those that named the entity by a curated name it
// replaces, and those of an acronym whose link it changes) are written
// again in follow-up transactions before it returns, as for
// MergeEntities.
func (s *Store) SetEntityOverride(id EntityID, kind, value string, who CurationClient) (c Curation, err error) {
	value = cleanName(strings.TrimSpace(value))
	if value == "" || len(value) > maxKeyLen {
		return Curation{}, fmt.Errorf("%w: empty or too long %s", ErrInvalidInput, strings.ToLower(kind))
	}
	if kind == CurationRename && keyOf(value) == "" {
		return Curation{}, fmt.Errorf("%w: name %q has no letters or digits", ErrInvalidInput, value)
	}
	err = s.Update(func(tx *Tx) error {
		if _, ok, err := tx.entityRec(id); err != nil {
			return err
		} else if !ok {
			return fmt.Errorf("%w: %s", ErrEntityNotFound, id)
		}
		n, queue, err := tx.setOverride(id, kind, value)
		if err != nil {
			return err
		}
		c = Curation{Kind: kind, Target: id.String(), Value: value, Client: who.Addr, UserAgent: who.UserAgent, Documents: n}
		return tx.recordQueued(&c, queue, nil)
	})
	return c, err
}

// setOverride sets (or, with value "", clears) the curated name or type of
// an entity, moving its index entries, type counter and rename redirect
// along. The entity need not be stored (a curation outlives its
// documents); then only the curation records change. It returns how many
// documents the curation writes again (it queues the relinks) and whether
// the entity's own documents are to be written again (queue): when a
// rename redirect is removed, the mentions that came to the entity by the
// previous curated name go where the documents alone send them.
func (tx *Tx) setOverride(id EntityID, kind, value string) (docs int, queue bool, err error) {
	var old entityOverride
	if v, ok, err := tx.get(overrideKey(id)); err != nil {
		return 0, false, err
	} else if ok {
		if err := json.Unmarshal(v, &old); err != nil {
			return 0, false, fmt.Errorf("%w: entity override: %v", ErrCorrupt, err)
		}
	}
	// A curation of an acronym's own entity, or a curated name that is an
	// acronym, changes where its bare mentions go.
	ownKey, err := tx.entityKeyOf(id)
	if err != nil {
		return 0, false, err
	}
	before, err := tx.acronymSnapshot(ownKey, keyOf(old.Name), keyOf(value))
	if err != nil {
		return 0, false, err
	}
	defer func() {
		if err == nil {
			var n int
			n, err = tx.queueRelinks(before, "", true)
			docs += n
		}
	}()
	o := old
	unredirected := false
	switch kind {
	case CurationRename:
		o.Name = value
		if unredirected, err = tx.moveRenameRedirect(id, old.Name, value); err != nil {
			return 0, false, err
		}
	case CurationSetType:
		o.Type = value
	default:
		return 0, false, fmt.Errorf("%w: curation kind %q", ErrInvalidInput, kind)
	}
	if o == (entityOverride{}) {
		if err := tx.del(overrideKey(id)); err != nil {
			return 0, false, err
		}
	} else {
		b, _ := json.Marshal(o)
		if err := tx.set(overrideKey(id), b); err != nil {
			return 0, false, err
		}
	}
	rec, ok, err := tx.entityRec(id)
	if err != nil || !ok {
		return 0, false, err
	}
	err = tx.reindexEntity(id, rec.Key, old.indexKeys(&rec), old.indexType(&rec), o.indexKeys(&rec), o.indexType(&rec))
	if err != nil || !unredirected {
		return 0, false, err
	}
	n, err := tx.countDocs([]docSource{entityDocs(id)})
	return n, n > 0, err
}

// moveRenameRedirect replaces the redirect of an entity's curated name
// from (when a rename wrote it) by one of the curated name to ("" for
// none), and reports whether it removed one that to does not replace. The
// ID of a name that is the entity's own needs none.
func (tx *Tx) moveRenameRedirect(id EntityID, from, to string) (removed bool, err error) {
	var f, t EntityID
	if from != "" {
		f = idOfKey(keyOf(from))
		into, rename, ok, err := tx.redirect(f)
		if err != nil {
			return false, err
		}
		if ok && rename && into == id && f != id {
			if err := tx.del(redirectKey(f)); err != nil {
				return false, err
			}
			removed = true
		}
	}
	if to == "" {
		return removed, nil
	}
	if t = idOfKey(keyOf(to)); t == id {
		return removed, nil
	}
	into, _, ok, err := tx.redirect(t)
	switch {
	case err != nil:
		return false, err
	case ok && into == id: // already there (a merge of that name)
		return removed && t != f, nil
	case ok:
		return false, fmt.Errorf("%w: the name %q already stands for entity %s", ErrCurated, to, into)
	}
	if _, exists, err := tx.entityRec(t); err != nil {
		return false, err
	} else if exists {
		return false, fmt.Errorf("%w: entity %s is called %q: merge it into %s instead of renaming", ErrCurated, t, to, id)
	}
	return removed && t != f, tx.set(redirectKey(t), redirectValue(id, true))
}

// SuppressRelation removes a relation and keeps it from coming back when
// its documents are ingested again. The documents that state it are
// written again in follow-up transactions before it returns, as for
// MergeEntities.
func (s *Store) SuppressRelation(subject EntityID, typ string, object EntityID, who CurationClient) (c Curation, err error) {
	err = s.Update(func(tx *Tx) error {
		r, err := tx.Relation(subject, typ, object)
		if err != nil {
			return err
		}
		k, _ := tx.relKeyOf(subject, typ, object)
		if err := tx.set(suppressKey(k.S, k.O, typ), nil); err != nil {
			return err
		}
		docs, err := tx.countDocs([]docSource{evidenceDocs(k)})
		if err != nil {
			return err
		}
		c = Curation{Kind: CurationSuppress, Target: r.ID(), Client: who.Addr, UserAgent: who.UserAgent, Documents: docs}
		// Always queued: the last follow-up drops what is left of the
		// relation (see dropRelation).
		return tx.recordQueued(&c, true, nil)
	})
	return c, err
}

// evidenceDocs is the set of documents with evidence of a relation.
func evidenceDocs(k relKey) docSource {
	return docSource{prefix: k.evidencePrefix(), doc: func(key, _ []byte) (string, bool, error) {
		d, _, ok := parseEvidenceKey(key)
		return d, ok, nil
	}}
}

// dropRelation deletes a suppressed relation that no document states any
// longer but that is still stored: one bulk loaded without evidence.
func (tx *Tx) dropRelation(k relKey) error {
	if ok, err := tx.has(k.fwd()); err != nil || !ok {
		return err
	}
	if err := tx.del(k.fwd()); err != nil {
		return err
	}
	if err := tx.del(k.rev()); err != nil {
		return err
	}
	tx.addCounter(counterKey(ctrRelations), -1)
	return nil
}

// curationJob returns how the follow-ups of curation seq write documents
// again; its log entry says which.
func (tx *Tx) curationJob(seq uint64) (*rebuildJob, error) {
	c, err := tx.curation(seq)
	if err != nil {
		return nil, err
	}
	bad := func(err error) error { return fmt.Errorf("%w: curation %d: %v", ErrCorrupt, seq, err) }
	kind := c.Kind
	if kind == CurationUndo {
		kind += " " + c.Value
	}
	switch kind {
	case CurationMerge:
		j := &rebuildJob{}
		for _, src := range c.Sources {
			f, err := ParseEntityID(src)
			if err != nil {
				return nil, bad(err)
			}
			j.srcs = append(j.srcs, entityDocs(f))
		}
		return j, nil
	case CurationSuppress:
		s, typ, o, err := ParseRelationID(c.Target)
		if err != nil {
			return nil, bad(err)
		}
		k, ok := tx.relKeyOf(s, typ, o)
		if !ok {
			return nil, bad(fmt.Errorf("unknown relation type %q", typ))
		}
		return &rebuildJob{srcs: []docSource{evidenceDocs(k)}, done: func(tx *Tx) error { return tx.dropRelation(k) }}, nil
	case CurationUndo + " " + CurationSuppress:
		_, typ, _, err := ParseRelationID(c.Target)
		if err != nil {
			return nil, bad(err)
		}
		return &rebuildJob{srcs: []docSource{heldDocs(typ)}}, nil
	case CurationRename, CurationSetType, CurationSplit,
		CurationUndo + " " + CurationRename, CurationUndo + " " + CurationSetType, CurationUndo + " " + CurationMerge:
		id, err := ParseEntityID(c.Target)
		if err != nil {
			return nil, bad(err)
		}
		j := &rebuildJob{srcs: []docSource{entityDocs(id)}}
		v, ok, err := tx.get(rebuildDataKey(seq))
		if err != nil || !ok {
			return j, err
		}
		var data splitData
		if err := json.Unmarshal(v, &data); err != nil {
			return nil, bad(err)
		}
		j.write = func(tx *Tx, docs []string) error { return tx.rebuildSplit(id, docs, &data) }
		j.done = func(tx *Tx) error { return tx.del(rebuildDataKey(seq)) }
		return j, nil
	}
	return nil, fmt.Errorf("%w: curation %d of kind %q writes no documents again", ErrCorrupt, seq, kind)
}

// Curations returns a page of the curation log (see Tx.Curations).
func (s *Store) Curations(after string, limit int) (cs []Curation, next string, err error) {
	err = s.View(func(tx *Tx) error { cs, next, err = tx.Curations(after, limit); return err })
	return cs, next, err
}

// noteWrite sets the override flag when k is an override key; every write
// path calls it before writing.
func (s *Store) noteWrite(k []byte) {
	if len(k) > 0 && k[0] == pOverride && !s.overrides.Load() {
		s.overrides.Store(true)
	}
}

// loadOverrideFlag sets the override flag when the store holds an
// override key.
func (s *Store) loadOverrideFlag() error {
	return s.View(func(tx *Tx) error {
		return tx.scan([]byte{pOverride}, nil, func(_, _ []byte) (bool, error) {
			s.overrides.Store(true)
			return false, nil
		})
	})
}
