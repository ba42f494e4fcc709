package export

import (
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/kgraph/kgraph/graph"
)

// The N-Quads export describes every entity and relation with blank nodes
// (_:e<id> and _:r<id>), predicates under urn:kgraph:, and literals only as
// objects besides those blank nodes, so that dgraph live can load it as
// well as RDF stores. Each relation is written twice: as a direct edge
// _:eS <urn:kgraph:rel:TYPE> _:eO, and reified as _:r… with subject,
// object, type, role, weight, confidence, extractor and dates. Each
// evidence sentence is a quad _:r… <urn:kgraph:evidence> "sentence"
// <urn:kgraph:document:ID>: the graph name is the source document.

const (
	xsdInteger = "<" + nsXSD + "integer>"
	xsdDouble  = "<" + nsXSD + "double>"
	xsdBoolean = "<" + nsXSD + "boolean>"
	xsdDate    = "<" + nsXSD + "date>"
)

// nqLiteral returns s as an N-Quads string literal: backslash, quote,
// newline and carriage return escaped as the grammar requires, other
// control characters as \uXXXX, invalid UTF-8 as U+FFFD.
func nqLiteral(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	escapeQuoted(&b, s, true)
	b.WriteByte('"')
	return b.String()
}

// iriEscape percent-encodes the characters an N-Quads IRIREF forbids
// (controls, space, <>"{}|^`\), and % itself so that the escaping is
// reversible; other characters, non-ASCII included, stay.
func iriEscape(s string) string {
	var b strings.Builder
	for _, c := range []byte(validUTF8(s)) {
		if c <= 0x20 || c == 0x7f || strings.IndexByte("<>\"{}|^`\\%", c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

func relPredicate(typ string) string { return "<" + nsKG + "rel:" + iriEscape(typ) + ">" }

// relNode is the blank node of a reified relation: both entity IDs and the
// hex of the type name, so that it is unique and a valid label.
func relNode(r graph.Relation) string {
	return "_:r" + r.Subject.String() + r.Object.String() + hex.EncodeToString([]byte(r.Type))
}

func pred(name string) string { return "<" + nsKG + name + ">" }

func (x *exporter) nquads() error {
	w := x.w
	q := func(s, p, o string) { w.WriteString(s + " " + p + " " + o + " .\n") }
	err := x.sel.entities(func(e graph.Entity) error {
		if err := x.tick(); err != nil {
			return err
		}
		s := "_:e" + e.ID.String()
		q(s, pred("kind"), `"Entity"`)
		q(s, pred("id"), `"`+e.ID.String()+`"`)
		q(s, pred("name"), nqLiteral(e.Name))
		q(s, pred("key"), nqLiteral(e.Key))
		q(s, pred("entityType"), nqLiteral(e.Type))
		q(s, pred("mentions"), `"`+strconv.Itoa(e.MentionCount)+`"^^`+xsdInteger)
		for _, a := range e.Aliases {
			q(s, pred("alias"), nqLiteral(a))
		}
		types := make([]string, 0, len(e.TypeCounts))
		for t := range e.TypeCounts {
			types = append(types, t)
		}
		sort.Strings(types)
		for _, t := range types {
			q(s, pred("typeCount"), nqLiteral(t+"="+strconv.Itoa(e.TypeCounts[t])))
		}
		return nil
	})
	if err != nil {
		return err
	}
	return x.sel.relations(true, func(r graph.Relation, evs []graph.EvidenceRecord) error {
		if err := x.tick(); err != nil {
			return err
		}
		s, o := "_:e"+r.Subject.String(), "_:e"+r.Object.String()
		q(s, relPredicate(r.Type), o)
		n := relNode(r)
		q(n, pred("kind"), `"Relation"`)
		q(n, pred("subject"), s)
		q(n, pred("object"), o)
		q(n, pred("relationType"), nqLiteral(r.Type))
		q(n, pred("symmetric"), `"`+strconv.FormatBool(x.sel.symmetric[r.Type])+`"^^`+xsdBoolean)
		if r.Role != "" {
			q(n, pred("role"), nqLiteral(r.Role))
		}
		q(n, pred("weight"), `"`+strconv.Itoa(r.Weight)+`"^^`+xsdInteger)
		q(n, pred("confidence"), `"`+formatFloat(r.Confidence)+`"^^`+xsdDouble)
		if r.Extractor != "" {
			q(n, pred("extractor"), nqLiteral(r.Extractor))
		}
		for _, d := range []struct{ p, v string }{{"firstSeen", r.FirstSeen}, {"lastSeen", r.LastSeen}} {
			switch {
			case isoDate(d.v):
				q(n, pred(d.p), `"`+d.v+`"^^`+xsdDate)
			case d.v != "":
				q(n, pred(d.p+"Text"), nqLiteral(d.v))
			}
		}
		for _, e := range evs {
			w.WriteString(n + " " + pred("evidence") + " " + nqLiteral(e.Sentence) + " <" + nsDoc + iriEscape(e.DocID) + "> .\n")
		}
		return nil
	})
}

// dgraphSchema writes the Dgraph schema of the N-Quads export: one line per
// predicate, the relation predicates of the store's relation types
// included, for "dgraph live -f kgraph.nq -s kgraph.schema".
func (x *exporter) dgraphSchema() error {
	lines := []string{
		pred("kind") + ": string @index(exact) .",
		pred("id") + ": string @index(exact) @upsert .",
		pred("name") + ": string @index(exact, term, fulltext) .",
		pred("key") + ": string @index(exact) .",
		pred("entityType") + ": string @index(exact) .",
		pred("mentions") + ": int @index(int) .",
		pred("alias") + ": [string] @index(term) .",
		pred("typeCount") + ": [string] .",
		pred("subject") + ": uid @reverse .",
		pred("object") + ": uid @reverse .",
		pred("relationType") + ": string @index(exact) .",
		pred("symmetric") + ": bool .",
		pred("role") + ": string @index(term) .",
		pred("weight") + ": int @index(int) .",
		pred("confidence") + ": float @index(float) .",
		pred("extractor") + ": string @index(exact) .",
		pred("firstSeen") + ": datetime @index(day) .",
		pred("lastSeen") + ": datetime @index(day) .",
		pred("firstSeenText") + ": string .",
		pred("lastSeenText") + ": string .",
		pred("evidence") + ": [string] @index(fulltext) .",
	}
	for _, t := range x.sel.tx.RelationTypeList() {
		lines = append(lines, relPredicate(t.Name)+": [uid] @reverse @count .")
	}
	x.w.WriteString("# Dgraph schema of kgraph's N-Quads export: dgraph live -f kgraph.nq -s kgraph.schema\n")
	_, err := x.w.WriteString(strings.Join(lines, "\n") + "\n")
	return err
}
