// Command kgraph turns documents into a knowledge graph of people,
// organizations and their relations, stores it in badger and serves it over
// GraphQL.
//
// Usage:
//
//	kgraph demo                       # sample corpus, served at http://127.0.0.1:8080
//	kgraph ingest [--data DIR] PATH...
//	kgraph serve [--data DIR] [--addr 127.0.0.1:8080]
//	kgraph extract [--jsonl] [FILE|-]
//	kgraph export --format graphml|gexf|neo4j-csv|cypher|nquads|jsonld|dot|jsonl
//	kgraph import FILE
//	kgraph stats
//	kgraph train ner|ner-average|rel ...; kgraph eval ner|rel FILE
//
// Run `kgraph COMMAND --help` for every flag. main only wires the packages
// together: nlp (extraction), graph (the store), graph/ingest (readers and
// the ingest runner), graph/export (formats), schema (GraphQL).
package main
