// Package ingest reads documents and runs them through the nlp pipeline into
// the graph store.
//
// A Reader turns paths into documents: files (.txt, .md, .html/.htm,
// .jsonl), directories read recursively, and "-" for standard input; it
// decodes Latin-1, refuses binary data, reports malformed JSON lines and
// empty files per source, extracts the visible text, title, date and URL of
// HTML with golang.org/x/net/html, and splits texts over 256 KiB into
// sections ("ID#1", "ID#2", ...). An Ingester processes documents on all
// cores and writes them in batched transactions through one writer; each
// document is atomic and durable once PutDocuments returns.
//
// Usage:
//
//	p, _ := nlp.New(opts)
//	store, _ := graph.Open(graph.DefaultOptions(dir))
//	res, err := ingest.New(p, store, ingest.Options{}).Run(ctx, []string{"articles/"}, os.Stdin)
//	// res.Added, res.Unchanged, res.Failed, res.Errors ...
package ingest
