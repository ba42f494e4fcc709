// Package nlp turns text into sentences, tokens (with code-point offsets and
// POS tags), entity mentions and relations, each relation backed by the
// sentence that states it.
//
// The stages, each in its own files:
//
//   - analyze.go, abbrev.go: sentences (Punkt, repaired) and tokens with POS
//     tags from prose v2, whose tagger model is loaded once per process;
//   - ner*.go, features.go, gazetteer.go: the trained recognizer for PERSON,
//     ORG, LOCATION and MISC (see ner_doc.go), embedded in model/;
//   - resolve.go: canonical names within a document (short forms,
//     acronyms, legal-form suffixes, majority type);
//   - relation*.go, rules*.go, coref.go: typed relations from a trained pair
//     classifier and patterns (docs/rules.md), embedded in relmodel/;
//   - pipeline.go: the Pipeline that runs them all, plus CO_MENTIONED edges.
//
// Usage:
//
//	rec, _ := nlp.DefaultRecognizer()
//	rel, _ := nlp.DefaultRelationExtractor()
//	opts := nlp.DefaultOptions()
//	opts.Recognizer, opts.Relations = rec, rel
//	p, _ := nlp.New(opts)
//	doc, err := p.Process("a1", "VMware's Steve Herrod met Rusty Russell of IBM.")
//	for _, m := range doc.Mentions { fmt.Println(m.Text, m.Type, m.Entity) }
//
// Everything here is safe for concurrent use.
package nlp
