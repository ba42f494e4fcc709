package graph

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dgraph-io/badger/v4"
)

// Acronym links (see doc.go, "Acronyms"). A document that defines an
// acronym ("Virtual Machine Interface (VMI)", DocInput.Acronyms) makes the
// bare mentions of it in every document ("VMI" alone) go to the entity of
// the full name, as long as that is the only entity the acronym is defined
// as and no curation of the user touches the acronym's own entity.
const (
	pAcrDoc    byte = 0x56 // doc                  -> the document's definitions and uses (acrRec)
	pAcrDef    byte = 0x57 // acr 00 eid doc       -> (empty): doc defines acr as entity eid
	pAcrUse    byte = 0x58 // acr 00 doc           -> (empty): doc has a bare mention of acr sent elsewhere
	pAcrUnlink byte = 0x59 // acr                  -> eid: a split separated acr from eid; never linked again
)

// AcronymInput is an acronym a document defines: "Virtual Machine
// Interface (VMI)" gives {Acronym: "VMI", Name: "Virtual Machine
// Interface"}. Only acronym-like forms count (IsAcronym); others, and
// definitions of a name by itself, are ignored.
type AcronymInput struct {
	Acronym string // as written, e.g. "VMI"
	Name    string // the full name it stands for, resolved like MentionInput.Name
}

// IsAcronym reports whether s has the form of an acronym: capital letters
// (2 to 6 of them), possibly with digits and '&', nothing else ("VMI",
// "OSDL", "AT&T", "3GPP"; not "DoD", "U.S.", "G8" or "VMware").
func IsAcronym(s string) bool {
	letters := 0
	for _, r := range s {
		switch {
		case unicode.IsUpper(r):
			letters++
		case unicode.IsDigit(r) || r == '&':
		default:
			return false
		}
	}
	return letters >= 2 && letters <= 6 && utf8.RuneCountInString(s) <= 8
}

func acrDocKey(doc string) []byte { return append([]byte{pAcrDoc}, doc...) }
func acrDefPrefix(acr string) []byte {
	return str0([]byte{pAcrDef}, acr)
}
func acrDefKey(acr string, id EntityID, doc string) []byte {
	return append(appendID(acrDefPrefix(acr), id), doc...)
}
func acrUsePrefix(acr string) []byte   { return str0([]byte{pAcrUse}, acr) }
func acrUseKey(acr, doc string) []byte { return append(acrUsePrefix(acr), doc...) }
func acrUnlinkKey(acr string) []byte   { return append([]byte{pAcrUnlink}, acr...) }
func acrDefID(a AcronymInput) EntityID { return idOfKey(keyOf(a.Name)) }
func acrKeyOf(a AcronymInput) string   { return keyOf(a.Acronym) }

// normAcronyms returns the definitions that count, cleaned, sorted by
// acronym key then name, without repeats.
func normAcronyms(in []AcronymInput) []AcronymInput {
	var out []AcronymInput
	for _, a := range in {
		a = AcronymInput{Acronym: cleanName(strings.TrimSpace(a.Acronym)), Name: cleanName(strings.TrimSpace(a.Name))}
		k, nk := keyOf(a.Acronym), keyOf(a.Name)
		if !IsAcronym(a.Acronym) || k == "" || nk == "" || nk == k || len(nk) > maxKeyLen {
			continue
		}
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b AcronymInput) int {
		return cmp.Or(cmp.Compare(acrKeyOf(a), acrKeyOf(b)), cmp.Compare(a.Name, b.Name), cmp.Compare(a.Acronym, b.Acronym))
	})
	return slices.Compact(out)
}

// bareAcronym returns the acronym key of a mention of type typ (as
// stored) that names an acronym by itself (its resolved name, or its text
// when it has none, is acronym-like), "" for any other mention. Only ORG
// and MISC mentions count: a person's initials (PERSON) or a place's
// abbreviation (LOCATION) never link.
func bareAcronym(name, text, typ string) string {
	if typ != "ORG" && typ != "MISC" {
		return ""
	}
	n := tallyName(name, text)
	if !IsAcronym(n) { // first: it rules out nearly every mention cheaply
		return ""
	}
	m := MentionInput{Name: name, Text: text}
	k := mentionEntity(&m)
	if k == "" || keyOf(n) != k {
		return ""
	}
	return k
}

// acrRec is the acronym record of a document (key 56): the definitions it
// makes and the acronym keys of its bare mentions that went to another
// entity (an acronym link or a redirect), for exact deletes.
type acrRec struct {
	Defs []AcronymInput
	Uses []string // sorted
}

func (r *acrRec) encode() []byte {
	e := enc{}
	e.int(len(r.Defs))
	for _, a := range r.Defs {
		e.str(a.Acronym)
		e.str(a.Name)
	}
	e.int(len(r.Uses))
	for _, u := range r.Uses {
		e.str(u)
	}
	return e.b
}

func decodeAcrRec(b []byte) (acrRec, error) {
	d := dec{b: b}
	var r acrRec
	for n := d.count(); n > 0 && d.err == nil; n-- {
		r.Defs = append(r.Defs, AcronymInput{Acronym: d.str(), Name: d.str()})
	}
	for n := d.count(); n > 0 && d.err == nil; n-- {
		r.Uses = append(r.Uses, d.str())
	}
	if d.err == nil && len(d.b) != 0 {
		d.err = fmt.Errorf("%w: acronym record has trailing bytes", ErrCorrupt)
	}
	return r, d.err
}

// acrRecOf reads the acronym record of a document (zero when none).
func (tx *Tx) acrRecOf(doc string) (acrRec, error) {
	v, ok, err := tx.get(acrDocKey(doc))
	if err != nil || !ok {
		return acrRec{}, err
	}
	return decodeAcrRec(v)
}

// writeAcronymDefs writes the definition index entries of a document
// (key 57) and counts them with count (the "acrdefs" counters). They are
// written before the document's own mentions, which may link by them.
func writeAcronymDefs(set func(k, v []byte) error, count func(acr string), doc string, defs []AcronymInput) error {
	for _, a := range defs {
		k := acrKeyOf(a)
		if err := set(acrDefKey(k, acrDefID(a), doc), nil); err != nil {
			return err
		}
		count(k)
	}
	return nil
}

// countAcronymDef counts one more definition of acr (writeAcronymDefs'
// count in a store transaction).
func (tx *Tx) countAcronymDef(acr string) { tx.addCounter(counterKey(ctrAcrDefs(acr)), 1) }

// writeAcronymRecord writes a document's acronym record (key 56) and the
// index entries of its bare uses (key 58), when it has definitions or uses.
func writeAcronymRecord(set func(k, v []byte) error, doc string, r *acrRec) error {
	if len(r.Defs) == 0 && len(r.Uses) == 0 {
		return nil
	}
	if err := set(acrDocKey(doc), r.encode()); err != nil {
		return err
	}
	for _, u := range r.Uses {
		if err := set(acrUseKey(u, doc), nil); err != nil {
			return err
		}
	}
	return nil
}

// deleteAcronyms removes what writeAcronymDefs and writeAcronymRecord wrote
// for a document.
func (tx *Tx) deleteAcronyms(doc string) error {
	r, err := tx.acrRecOf(doc)
	if err != nil || (len(r.Defs) == 0 && len(r.Uses) == 0) {
		return err
	}
	if err := tx.del(acrDocKey(doc)); err != nil {
		return err
	}
	for _, a := range r.Defs {
		if err := tx.del(acrDefKey(acrKeyOf(a), acrDefID(a), doc)); err != nil {
			return err
		}
		tx.addCounter(counterKey(ctrAcrDefs(acrKeyOf(a))), -1) // see countAcronymDef
	}
	for _, u := range r.Uses {
		if err := tx.del(acrUseKey(u, doc)); err != nil {
			return err
		}
	}
	return nil
}

// usesOf returns the sorted acronym keys of the bare mentions a held
// record names (the mentions sent to another entity); text and typ give a
// mention's stored surface form and type.
func usesOf(names map[int]string, mention func(i int) (text, typ string, ok bool)) []string {
	var out []string
	for i, n := range names {
		text, typ, ok := mention(i)
		if !ok {
			continue
		}
		if k := bareAcronym(n, text, typ); k != "" {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// curatedEntity reports whether a curation of the user concerns an entity:
// it redirects (merged or a curated name), has a curated name or type, or
// has entities merged into it.
func (tx *Tx) curatedEntity(id EntityID) (bool, error) {
	if ok, err := tx.has(redirectKey(id)); err != nil || ok {
		return ok, err
	}
	if ok, err := tx.has(overrideKey(id)); err != nil || ok {
		return ok, err
	}
	found := false
	err := tx.scan(appendID([]byte{pMerged}, id), nil, func(_, _ []byte) (bool, error) {
		found = true
		return false, nil
	})
	return found, err
}

// acronymTarget returns the entity the bare mentions of the acronym key k
// link to: the one entity some documents define k as. There is none when
// no document defines k, when documents define it as entities with
// different keys (ambiguous), when a split separated k from the entity
// (key 59), or when the user curated k's own entity (a merge, rename or
// type), whose curations win.
func (tx *Tx) acronymTarget(k string) (EntityID, bool, error) {
	if t, ok := tx.acr[k]; ok {
		return t.id, t.ok, nil
	}
	id, ok, err := tx.lookupAcronymTarget(k)
	if err == nil {
		if tx.acr == nil {
			tx.acr = map[string]acrTarget{}
		}
		tx.acr[k] = acrTarget{id, ok}
	}
	return id, ok, err
}

// acrTarget is a memoized result of acronymTarget.
type acrTarget struct {
	id EntityID
	ok bool
}

// noteAcronymWrite forgets the memoized acronym targets when k is a key
// acronymTarget reads: a definition, an unlink, or a curation of an entity
// (redirect, override, merge record). A bare acronym is looked up once per
// mention of it; without the memo each lookup is a prefix scan, and in a
// write transaction every new iterator sorts all the transaction's pending
// writes (ingest of CoNLL-2003 train took 5.3 s of CPU instead of 3.2).
func (tx *Tx) noteAcronymWrite(k []byte) {
	if tx.acr == nil || len(k) == 0 {
		return
	}
	switch k[0] {
	case pAcrDef: // acr 00 eid doc: only that acronym's target may change
		if i := bytes.IndexByte(k[1:], 0); i >= 0 {
			delete(tx.acr, string(k[1:1+i]))
			return
		}
		tx.acr = nil
	case pAcrUnlink: // acr
		delete(tx.acr, string(k[1:]))
	case pRedirect, pOverride, pMerged:
		tx.acr = nil
	}
}

// lookupAcronymTarget computes acronymTarget from the store.
func (tx *Tx) lookupAcronymTarget(k string) (EntityID, bool, error) {
	if n, err := tx.counter(counterKey(ctrAcrDefs(k))); err != nil || n == 0 {
		return 0, false, err
	}
	// One iterator (each costs a sort of the transaction's pending writes):
	// the first definition, then a seek past its entity for another one.
	p := acrDefPrefix(k)
	it := tx.txn.NewIterator(badger.IteratorOptions{Prefix: p})
	defer it.Close()
	it.Seek(p)
	if !it.ValidForPrefix(p) {
		return 0, false, nil
	}
	key := it.Item().Key()
	if len(key) < len(p)+8 {
		return 0, false, fmt.Errorf("%w: acronym key %x", ErrCorrupt, key)
	}
	target := EntityID(binary.BigEndian.Uint64(key[len(p):]))
	if target != ^EntityID(0) { // another entity defined with the same acronym?
		it.Seek(appendID(slices.Clone(p), target+1))
		if it.ValidForPrefix(p) {
			return 0, false, nil
		}
	}
	if ok, err := tx.has(acrUnlinkKey(k)); err != nil || ok {
		return 0, false, err
	}
	if cur, err := tx.curatedEntity(idOfKey(k)); err != nil || cur {
		return 0, false, err
	}
	return target, true, nil
}

// acrSnapshot is where the bare mentions of some acronym keys go (0: to
// their own entity), taken before a change.
type acrSnapshot map[string]EntityID

// acronymSnapshot records the targets of the acronym-like keys among keys.
func (tx *Tx) acronymSnapshot(keys ...string) (acrSnapshot, error) {
	var snap acrSnapshot
	for _, k := range keys {
		if k == "" {
			continue
		}
		if _, seen := snap[k]; seen {
			continue
		}
		t, _, err := tx.acronymTarget(k)
		if err != nil {
			return nil, err
		}
		if snap == nil {
			snap = acrSnapshot{}
		}
		snap[k] = t
	}
	return snap, nil
}

// entityKeyOf returns the canonical key of a stored entity, "" when it is
// not stored.
func (tx *Tx) entityKeyOf(id EntityID) (string, error) {
	rec, ok, err := tx.entityRec(id)
	if err != nil || !ok {
		return "", err
	}
	return rec.Key, nil
}

// acronymsLinkedTo returns the acronym keys whose bare mentions link to id
// (among the keys of its aliases).
func (tx *Tx) acronymsLinkedTo(id EntityID) ([]string, error) {
	rec, ok, err := tx.entityRec(id)
	if err != nil || !ok {
		return nil, err
	}
	var out []string
	for _, a := range rec.Aliases {
		if !IsAcronym(a.S) {
			continue
		}
		k := keyOf(a.S)
		if t, ok, err := tx.acronymTarget(k); err != nil {
			return nil, err
		} else if ok && t == id {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// AcronymUnlink is a split of an acronym from the entity its bare mentions
// were linked to (or merged into): they are never linked automatically
// again.
type AcronymUnlink struct {
	Acronym string // lookup key
	From    EntityID
}

// ForEachAcronymUnlink calls fn for every acronym a split unlinked, by key.
func (tx *Tx) ForEachAcronymUnlink(fn func(AcronymUnlink) error) error {
	return tx.scan([]byte{pAcrUnlink}, nil, func(k, v []byte) (bool, error) {
		if len(v) != 8 {
			return false, fmt.Errorf("%w: acronym unlink value %x", ErrCorrupt, v)
		}
		return true, fn(AcronymUnlink{Acronym: string(k[1:]), From: EntityID(binary.BigEndian.Uint64(v))})
	})
}

// AcronymTarget returns the entity that bare mentions of acronym (e.g.
// "VMI") go to by an acronym link, and false when they are not linked (see
// doc.go).
func (tx *Tx) AcronymTarget(acronym string) (EntityID, bool, error) {
	if !IsAcronym(strings.TrimSpace(acronym)) {
		return 0, false, nil
	}
	return tx.acronymTarget(keyOf(acronym))
}

// AcronymTarget is Tx.AcronymTarget on one snapshot.
func (s *Store) AcronymTarget(acronym string) (id EntityID, ok bool, err error) {
	err = s.View(func(tx *Tx) error { id, ok, err = tx.AcronymTarget(acronym); return err })
	return id, ok, err
}

// AddAcronymUnlink writes an acronym unlink of a dump.
func (r *Restorer) AddAcronymUnlink(u AcronymUnlink) error {
	k := cleanName(u.Acronym)
	if k == "" || len(k) > maxKeyLen || keyOf(k) != k {
		return fmt.Errorf("%w: acronym unlink %q", ErrInvalidInput, u.Acronym)
	}
	return r.set(acrUnlinkKey(k), appendID(nil, u.From))
}
