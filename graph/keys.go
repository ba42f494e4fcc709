package graph

import (
	"bytes"
	"encoding/binary"
	"strings"

	"github.com/cespare/xxhash/v2"

	"github.com/kgraph/kgraph/nlp/canon"
)

// Key prefixes. Every key starts with one of these bytes; doc.go documents
// the full layout. The values are part of the on-disk format: never reuse or
// renumber them.
const (
	pRegName   byte = 0x01 // kind name          -> code
	pRegCode   byte = 0x02 // kind code(2)       -> name, flags
	pRegNext   byte = 0x03 // kind               -> next free code
	pCounter   byte = 0x04 // counter name       -> count
	pTypeCount byte = 0x05 // entity type        -> entities of that type

	pEntity    byte = 0x10 // eid                      -> entity record
	pName      byte = 0x11 // key 00 eid               -> flags, type
	pTypeIdx   byte = 0x12 // type 00 key 00 eid       -> (empty)
	pEntityDoc byte = 0x13 // eid doc                  -> mentions in doc
	pMention   byte = 0x14 // eid doc 00 idx(4)        -> mention record

	pDoc      byte = 0x20 // doc                 -> document record
	pContrib  byte = 0x21 // doc                 -> contribution record
	pSentence byte = 0x22 // doc 00 idx(4)       -> sentence record

	pFwd      byte = 0x30 // s code o                  -> relation record
	pRev      byte = 0x31 // o code s                  -> relation record
	pEvidence byte = 0x32 // s code o doc 00 sent(4)   -> evidence record
)

// Registry kinds: the string tables that map names to small codes.
const (
	kindRelType   byte = 't' // relation types, 2-byte codes used in keys
	kindExtractor byte = 'x' // extractor names, used in values
	kindRole      byte = 'r' // relation roles, used in values
)

// Counter names under pCounter.
const (
	ctrDocuments = "documents"
	ctrEntities  = "entities"
	ctrRelations = "relations"
	ctrMentions  = "mentions"
)

// ctrAcrDefs names the counter of the definitions (pAcrDef keys) of the
// acronym key acr, so that the bare acronyms no document defines, most of
// them, are looked up with one point read instead of a prefix scan.
func ctrAcrDefs(acr string) string { return "acrdefs\x00" + acr }

// Index entry flag: the name index entry is the entity's canonical key.
const nameFlagCanonical byte = 1

// relKeyLen is the length of an adjacency key: prefix, 8-byte entity, 2-byte
// type code, 8-byte entity.
const relKeyLen = 1 + 8 + 2 + 8

// IDOf returns the EntityID of a name: the 64-bit xxhash of canon.Key(name).
// Two names with the same canonical key have the same ID.
func IDOf(name string) EntityID { return idOfKey(keyOf(name)) }

// keyOf is canon.Key without 0 bytes (keys use 0 as a terminator).
func keyOf(name string) string { return cleanName(canon.Key(name)) }

func idOfKey(key string) EntityID { return EntityID(xxhash.Sum64String(key)) }

func appendID(b []byte, id EntityID) []byte {
	return binary.BigEndian.AppendUint64(b, uint64(id))
}

func appendU16(b []byte, v uint16) []byte { return binary.BigEndian.AppendUint16(b, v) }

func appendU32(b []byte, v uint32) []byte { return binary.BigEndian.AppendUint32(b, v) }

// str0 appends s and a 0 terminator; s must not contain 0 bytes (document
// IDs are checked on input, names and types are cleaned of them).
func str0(b []byte, s string) []byte {
	b = append(b, s...)
	return append(b, 0)
}

func entityKey(id EntityID) []byte { return appendID([]byte{pEntity}, id) }

func nameKey(key string, id EntityID) []byte {
	b := make([]byte, 0, 2+len(key)+8)
	b = str0(append(b, pName), key)
	return appendID(b, id)
}

func typeIdxKey(typ, key string, id EntityID) []byte {
	b := make([]byte, 0, 3+len(typ)+len(key)+8)
	b = append(b, pTypeIdx)
	b = str0(b, typ)
	b = str0(b, key)
	return appendID(b, id)
}

func entityDocKey(id EntityID, doc string) []byte {
	b := make([]byte, 0, 9+len(doc))
	b = appendID(append(b, pEntityDoc), id)
	return append(b, doc...)
}

func mentionKey(id EntityID, doc string, idx int) []byte {
	b := make([]byte, 0, 14+len(doc))
	b = appendID(append(b, pMention), id)
	b = str0(b, doc)
	return appendU32(b, uint32(idx))
}

func docKey(doc string) []byte     { return append([]byte{pDoc}, doc...) }
func contribKey(doc string) []byte { return append([]byte{pContrib}, doc...) }

func sentenceKey(doc string, idx int) []byte {
	b := make([]byte, 0, 6+len(doc))
	b = str0(append(b, pSentence), doc)
	return appendU32(b, uint32(idx))
}

// relKey is the fixed-width identity of a relation in the store.
type relKey struct {
	S, O EntityID
	Code uint16
}

func (k relKey) fwd() []byte {
	b := make([]byte, 0, relKeyLen)
	b = appendID(append(b, pFwd), k.S)
	b = appendU16(b, k.Code)
	return appendID(b, k.O)
}

func (k relKey) rev() []byte {
	b := make([]byte, 0, relKeyLen)
	b = appendID(append(b, pRev), k.O)
	b = appendU16(b, k.Code)
	return appendID(b, k.S)
}

// evidencePrefix is the prefix of all evidence keys of the relation.
func (k relKey) evidencePrefix() []byte {
	b := k.fwd()
	b[0] = pEvidence
	return b
}

func (k relKey) evidenceKey(doc string, sent int) []byte {
	b := make([]byte, 0, relKeyLen+5+len(doc))
	b = append(b, k.evidencePrefix()...)
	b = str0(b, doc)
	return appendU32(b, uint32(sent))
}

// parseAdjKey decodes a forward or reverse adjacency key.
func parseAdjKey(b []byte) (relKey, bool) {
	if len(b) != relKeyLen || (b[0] != pFwd && b[0] != pRev) {
		return relKey{}, false
	}
	a := EntityID(binary.BigEndian.Uint64(b[1:9]))
	c := binary.BigEndian.Uint16(b[9:11])
	o := EntityID(binary.BigEndian.Uint64(b[11:19]))
	if b[0] == pRev {
		a, o = o, a
	}
	return relKey{S: a, O: o, Code: c}, true
}

// parseEvidenceKey returns the document ID and sentence index of an
// evidence key.
func parseEvidenceKey(b []byte) (doc string, sent int, ok bool) {
	if len(b) < relKeyLen+5 || b[0] != pEvidence || b[len(b)-5] != 0 {
		return "", 0, false
	}
	return string(b[relKeyLen : len(b)-5]), int(binary.BigEndian.Uint32(b[len(b)-4:])), true
}

// parseTrailingID returns the entity ID in the last 8 bytes of a key.
func parseTrailingID(b []byte) EntityID {
	return EntityID(binary.BigEndian.Uint64(b[len(b)-8:]))
}

// parseNameKey splits a name index key into lookup key and entity ID.
func parseNameKey(b []byte) (string, EntityID, bool) {
	if len(b) < 10 || b[0] != pName || b[len(b)-9] != 0 {
		return "", 0, false
	}
	return string(b[1 : len(b)-9]), parseTrailingID(b), true
}

// parseMentionKey returns the document ID and mention index of a mention key.
func parseMentionKey(b []byte) (string, int, bool) {
	if len(b) < 14 || b[0] != pMention || b[len(b)-5] != 0 {
		return "", 0, false
	}
	return string(b[9 : len(b)-5]), int(binary.BigEndian.Uint32(b[len(b)-4:])), true
}

func counterKey(name string) []byte  { return append([]byte{pCounter}, name...) }
func typeCountKey(typ string) []byte { return append([]byte{pTypeCount}, typ...) }
func regNameKey(kind byte, name string) []byte {
	return append([]byte{pRegName, kind}, name...)
}
func regCodeKey(kind byte, code uint32) []byte { return appendU32([]byte{pRegCode, kind}, code) }
func regNextKey(kind byte) []byte              { return []byte{pRegNext, kind} }

// prefixEnd returns the smallest key greater than every key with prefix p,
// or nil when there is none.
func prefixEnd(p []byte) []byte {
	e := bytes.Clone(p)
	for i := len(e) - 1; i >= 0; i-- {
		if e[i] < 0xff {
			e[i]++
			return e[:i+1]
		}
	}
	return nil
}

// cleanName removes 0 bytes, which keys use as terminators.
func cleanName(s string) string {
	if strings.IndexByte(s, 0) < 0 {
		return s
	}
	return strings.ReplaceAll(s, "\x00", "")
}

// pScratch keys exist only while a Restorer runs: doc 00 s code o sent(4),
// one per restored evidence record, so that Close can read the evidence by
// document. Close drops them.
const pScratch byte = 0xf0

func scratchKey(doc string, k relKey, sent int) []byte {
	b := make([]byte, 0, len(doc)+24)
	b = str0(append(b, pScratch), doc)
	b = appendID(b, k.S)
	b = appendU16(b, k.Code)
	b = appendID(b, k.O)
	return appendU32(b, uint32(sent))
}

func parseScratchKey(b []byte) (doc string, k relKey, sent int, ok bool) {
	const tail = 1 + 8 + 2 + 8 + 4 // 00 s code o sent
	if len(b) < 1+tail || b[0] != pScratch || b[len(b)-tail] != 0 {
		return "", relKey{}, 0, false
	}
	t := b[len(b)-tail+1:]
	k = relKey{S: EntityID(binary.BigEndian.Uint64(t)), Code: binary.BigEndian.Uint16(t[8:]), O: EntityID(binary.BigEndian.Uint64(t[10:]))}
	return string(b[1 : len(b)-tail]), k, int(binary.BigEndian.Uint32(t[18:])), true
}
