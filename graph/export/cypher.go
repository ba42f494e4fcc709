package export

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/kgraph/kgraph/graph"
)

// The Cypher export is a script for cypher-shell: a uniqueness constraint
// on :Entity(id) first, then entities, then relations, each as
// "UNWIND [rows] AS row MERGE …" statements of at most BatchSize rows.
// Cypher cannot take a label or relationship type from a parameter, so
// rows are batched per entity type (each entity gets the labels Entity and
// its type) and per relation type. Running the script twice changes
// nothing: every write is a MERGE or a SET.

// cypherString returns s as a double-quoted Cypher string literal.
func cypherString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	escapeQuoted(&b, s, true)
	b.WriteByte('"')
	return b.String()
}

// cypherName returns s as a backtick-quoted Cypher name (label or type).
func cypherName(s string) string {
	return "`" + strings.ReplaceAll(validUTF8(s), "`", "``") + "`"
}

func cypherList(vs []string) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = cypherString(v)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// typeCountList returns "TYPE=n" strings sorted by type: Neo4j properties
// cannot be maps.
func typeCountList(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for t, n := range m {
		out = append(out, t+"="+strconv.Itoa(n))
	}
	sort.Strings(out)
	return out
}

// batcher collects UNWIND rows per label or type and writes a statement
// when a batch is full.
type batcher struct {
	x     *exporter
	size  int
	head  func(key string) string // the statement after the row list
	rows  map[string][]string
	order []string // keys in first-seen order, for deterministic flushes
}

func (b *batcher) add(key, row string) {
	if _, ok := b.rows[key]; !ok {
		b.order = append(b.order, key)
	}
	b.rows[key] = append(b.rows[key], row)
	if len(b.rows[key]) >= b.size {
		b.flush(key)
	}
}

func (b *batcher) flush(key string) {
	rows := b.rows[key]
	if len(rows) == 0 {
		return
	}
	w := b.x.w
	w.WriteString("UNWIND [\n  ")
	w.WriteString(strings.Join(rows, ",\n  "))
	w.WriteString("\n] AS row\n")
	w.WriteString(b.head(key))
	w.WriteString(";\n")
	b.rows[key] = rows[:0]
}

func (b *batcher) flushAll() {
	for _, k := range b.order {
		b.flush(k)
	}
}

func (x *exporter) cypher() error {
	size := x.o.BatchSize
	if size <= 0 {
		size = 500
	}
	w := x.w
	w.WriteString("// kgraph export. Run: cypher-shell -u neo4j -p PASSWORD -f kgraph.cypher\n")
	w.WriteString("CREATE CONSTRAINT kgraph_entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE;\n")
	nodes := &batcher{x: x, size: size, rows: map[string][]string{}, head: func(label string) string {
		return "MERGE (e:Entity {id: row.id})\nSET e += row, e:" + cypherName(label)
	}}
	err := x.sel.entities(func(e graph.Entity) error {
		if err := x.tick(); err != nil {
			return err
		}
		nodes.add(e.Type, fmt.Sprintf("{id: %s, name: %s, key: %s, type: %s, aliases: %s, mentions: %d, typeCounts: %s}",
			cypherString(e.ID.String()), cypherString(e.Name), cypherString(e.Key), cypherString(e.Type),
			cypherList(e.Aliases), e.MentionCount, cypherList(typeCountList(e.TypeCounts))))
		return nil
	})
	if err != nil {
		return err
	}
	nodes.flushAll()
	rels := &batcher{x: x, size: size, rows: map[string][]string{}, head: func(typ string) string {
		return "MATCH (a:Entity {id: row.s}), (b:Entity {id: row.o})\nMERGE (a)-[r:" + cypherName(typ) + "]->(b)\nSET r += row.p"
	}}
	var docs, sents []string
	err = x.sel.relations(true, func(r graph.Relation, evs []graph.EvidenceRecord) error {
		if err := x.tick(); err != nil {
			return err
		}
		docs, sents = docs[:0], sents[:0]
		for _, e := range evs {
			docs = append(docs, e.DocID)
			sents = append(sents, e.Sentence)
		}
		rels.add(r.Type, fmt.Sprintf("{s: %s, o: %s, p: {role: %s, weight: %d, confidence: %s, extractor: %s, symmetric: %t, firstSeen: %s, lastSeen: %s, evidenceDocs: %s, evidence: %s}}",
			cypherString(r.Subject.String()), cypherString(r.Object.String()), cypherString(r.Role), r.Weight,
			formatFloat(r.Confidence), cypherString(r.Extractor), x.sel.symmetric[r.Type],
			cypherString(r.FirstSeen), cypherString(r.LastSeen), cypherList(docs), cypherList(sents)))
		return nil
	})
	if err != nil {
		return err
	}
	rels.flushAll()
	return nil
}
