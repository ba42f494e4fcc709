// Package export writes a kgraph store in the formats other tools read, and
// reads its own lossless jsonl dump back into a store.
//
// Formats (see Formats):
//
//   - graphml: GraphML with typed <key> declarations (yEd, Gephi, networkx).
//   - gexf: GEXF 1.3 for Gephi; relation dates become edge start/end, so
//     Gephi's timeline works.
//   - neo4j-csv: entities.csv, relations.csv and README.txt for
//     "neo4j-admin database import full" (a directory, or a zip over HTTP).
//   - cypher: MERGE statements for cypher-shell, constraints first,
//     batched with UNWIND.
//   - nquads: RDF N-Quads; evidence sentences sit in a graph named after
//     their source document. DgraphSchema gives the schema for dgraph live.
//   - jsonld: JSON-LD with an @context.
//   - dot: Graphviz DOT, nodes colored by entity type, edge width by weight.
//   - jsonl: one entity, document or relation (with its evidence) per
//     line; the lossless native dump that Import reads back.
//
// Every format carries the entity type, aliases and mention count, the
// relation type, role, weight and confidence, and the first and last dates
// a relation was seen; all but dot carry the evidence sentences with their
// document IDs. Text is escaped per format: XML formats replace the
// characters XML 1.0 forbids (most C0 controls) with U+FFFD, dot drops
// them, the others escape them.
//
// Writers stream: they walk the store with the ForEach methods inside one
// read transaction and never hold the graph in memory. Filters that need
// the set of exported nodes (entity types, --around) keep a sorted slice of
// entity IDs, 8 bytes per exported entity. Edges are written only between
// exported nodes.
package export
