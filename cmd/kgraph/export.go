package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kgraph/kgraph/graph"
	"github.com/kgraph/kgraph/graph/export"
	"github.com/kgraph/kgraph/nlp"
)

func init() { extraCommands = append(extraCommands, newExportCmd, newImportCmd) }

// formatList is the format table of the help texts.
func formatList() string {
	var b strings.Builder
	for _, f := range export.Formats() {
		fmt.Fprintf(&b, "  %-10s %s\n", f.Name, f.Description)
	}
	return b.String()
}

const filterHelp = `Filters (edges are exported only between exported entities):
  --types PERSON,ORG        only entities of these types
  --relation-types T1,T2    only relations of these types
  --min-weight N            only relations supported by at least N sentences
  --around NAME --hops N    only the entities within N relations of NAME
                            (a name or a 16-hex-digit entity ID; --hops
                            defaults to 1)
  --no-comentions           drop CO_MENTIONED relations
  --types-agree             drop typed relations whose subject's or object's
                            type the relation type does not take (LIVES_IN
                            to what the graph knows as an ORG)`

func newExportCmd(g *globals) *cobra.Command {
	var (
		format, out string
		o           export.Options
		typesAgree  bool
		rulesFile   string
	)
	cmd := &cobra.Command{
		Use:   "export [--data DIR] --format F [--out PATH] [filters]",
		Short: "Write the graph as GraphML, GEXF, Neo4j CSV, Cypher, N-Quads, JSON-LD, DOT or jsonl",
		Long: `export writes the graph in a format other tools read, to stdout or --out.
It streams: memory stays flat however big the graph is.

Formats:
` + formatList() + `
neo4j-csv writes a directory (--out DIR, required) with entities.csv,
relations.csv and a README.txt that starts with the neo4j-admin command to
run. jsonl is the lossless dump that "kgraph import" reads back. For nquads,
--dgraph-schema prints the Dgraph schema to load it with "dgraph live".

` + filterHelp + `

A running server offers the same at GET /export?format=F&types=…&around=…`,
		Example: `  kgraph export --format graphml --out graph.graphml
  kgraph export --format gexf --no-comentions --min-weight 2 > graph.gexf
  kgraph export --format neo4j-csv --out neo4j-import/
  kgraph export --format cypher | cypher-shell -u neo4j -p secret
  kgraph export --format nquads --out graph.nq && kgraph export --format nquads --dgraph-schema > graph.schema
  kgraph export --format dot --around "Acme Corp" --hops 2 | dot -Tsvg > acme.svg
  kgraph export --format jsonld --types PERSON,ORG --relation-types WORKS_FOR
  kgraph export --format jsonl --out backup.jsonl
  curl -OJ 'http://127.0.0.1:8080/export?format=gexf&no-comentions=1'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := export.Lookup(format)
			if err != nil {
				return &exitError{code: 2, err: err}
			}
			if o.Filter.Around == "" && cmd.Flags().Changed("hops") {
				return &exitError{code: 2, err: errors.New("--hops needs --around")}
			}
			if f.Dir && out == "" {
				return &exitError{code: 2, err: fmt.Errorf("%s writes a directory: give --out DIR", f.Name)}
			}
			if rulesFile != "" && !typesAgree {
				return &exitError{code: 2, err: errors.New("--rules is for --types-agree")}
			}
			if typesAgree {
				x, err := nlp.DefaultRelationExtractor()
				if err != nil {
					return err
				}
				if rulesFile != "" {
					f, err := os.Open(rulesFile)
					if err != nil {
						return err
					}
					rs, err := nlp.ParseRules(f, rulesFile)
					f.Close()
					if err != nil {
						return err
					}
					x = x.WithRules(rs)
				}
				o.Filter.TypesAgree = x.ArgumentTypes().Fit
			}
			store, err := openExportStore(g.data)
			if err != nil {
				return err
			}
			defer store.Close()
			o.Progress = func(int) { releaseMappedTables(g.data) }
			start := time.Now()
			switch {
			case f.Dir:
				err = export.WriteDir(cmd.Context(), store, f.Name, out, o)
			case out == "" || out == "-":
				err = export.Write(cmd.Context(), store, f.Name, g.stdout, o)
			default:
				err = writeFile(out, func(w io.Writer) error { return export.Write(cmd.Context(), store, f.Name, w, o) })
			}
			if err != nil {
				return err
			}
			if out != "" && out != "-" {
				fmt.Fprintf(g.stderr, "kgraph: exported %s to %s in %v\n", f.Name, out, time.Since(start).Round(time.Millisecond))
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&format, "format", "f", "", "output format: "+strings.Join(export.FormatNames(), ", ")+" (required)")
	fl.StringVarP(&out, "out", "o", "", "output file (a directory for neo4j-csv); default stdout")
	fl.StringSliceVar(&o.Filter.Types, "types", nil, "only entities of these types (comma-separated)")
	fl.StringSliceVar(&o.Filter.RelationTypes, "relation-types", nil, "only relations of these types (comma-separated)")
	fl.IntVar(&o.Filter.MinWeight, "min-weight", 0, "only relations with at least this many supporting sentences")
	fl.StringVar(&o.Filter.Around, "around", "", "only the neighbourhood of this entity (name or ID)")
	fl.IntVar(&o.Filter.Hops, "hops", 1, "radius of the --around neighbourhood, in relations")
	fl.BoolVar(&o.Filter.NoCoMentions, "no-comentions", false, "drop CO_MENTIONED relations")
	fl.BoolVar(&typesAgree, "types-agree", false, "drop typed relations whose subject's or object's type the relation type does not take (GraphQL Relation.typesAgree false: LIVES_IN to an ORG)")
	fl.StringVar(&rulesFile, "rules", "", "with --types-agree: the rules file the graph was built with, so that the types it adds are checked too (unknown types are kept)")
	fl.BoolVar(&o.DgraphSchema, "dgraph-schema", false, "nquads: print the Dgraph schema instead of the data")
	fl.IntVar(&o.BatchSize, "batch-size", 500, "cypher: rows per UNWIND statement")
	_ = cmd.MarkFlagRequired("format")
	return cmd
}

// openExportStore opens the data directory read-only with a small block
// cache: an export reads every block once, so a cache would only hold
// memory. Opening verifies the checksum of every table, which touches all
// of their mapped pages; releasing them while it runs keeps the resident
// set from growing to the store's size. A locked directory gets
// openStore's message.
func openExportStore(dir string) (*graph.Store, error) {
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				releaseMappedTables(dir)
			}
		}
	}()
	s, err := graph.Open(graph.DefaultOptions(dir).WithReadOnly(true).WithBlockCacheSize(16 << 20).WithLogger(slog.Default()))
	close(stop)
	<-done
	releaseMappedTables(dir)
	if err != nil {
		return openStore(dir, true)
	}
	return s, nil
}

// writeFile writes path through fn, replacing it only when fn succeeds.
func writeFile(path string, fn func(io.Writer) error) error {
	tmp, err := os.CreateTemp(dirOf(path), ".kgraph-export-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := fn(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func dirOf(path string) string {
	if i := strings.LastIndexByte(path, os.PathSeparator); i >= 0 {
		return path[:i+1]
	}
	return "."
}

func newImportCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "import [--data DIR] FILE",
		Short: "Read a jsonl export back into an empty data directory",
		Long: `import reads a file written by "kgraph export --format jsonl" (or "-" for
stdin) into the data directory, which must be empty or not exist yet. The
restored store behaves exactly like the original: same entities, relations,
evidence, mentions, documents and curations (merges, renames, types,
suppressions and their log, which keep applying to documents ingested
later), and its documents can be deleted or replaced by re-ingesting them;
exporting it again gives byte-identical output, acronym definitions and
links included. Dumps written before version 4 of the layout (no acronyms)
or version 3 (no curations) still import; before version 2 (no mentions),
their documents cannot be deleted or replaced.

The import streams (memory does not grow with the file) and writes in
bounded batches with a small block cache.

Only jsonl can be imported; the other export formats (` + strings.Join(export.FormatNames()[:len(export.FormatNames())-1], ", ") + `)
are for other tools.`,
		Example: `  kgraph export --data old-data --format jsonl --out backup.jsonl
  kgraph import --data new-data backup.jsonl
  kgraph export --format jsonl --types PERSON,ORG --no-comentions | kgraph import --data people -`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var in io.Reader = g.stdin
			if args[0] != "-" {
				fh, err := os.Open(args[0])
				if err != nil {
					return err
				}
				defer fh.Close()
				in = fh
			}
			store, err := openStoreWith(importOptions(g.data))
			if err != nil {
				return err
			}
			// Most of the heap is badger's memtables and pending batches,
			// live until flushed: collect before it doubles.
			if os.Getenv("GOGC") == "" {
				defer debug.SetGCPercent(debug.SetGCPercent(importGCPercent))
			}
			start := time.Now()
			st, err := export.Import(store, in)
			if cerr := store.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return fmt.Errorf("import into %s: %w", g.data, err)
			}
			fmt.Fprintf(g.stderr, "kgraph: imported %d entities, %d documents, %d relations (%d evidence sentences), %d curations into %s in %v\n",
				st.Entities, st.Documents, st.Relations, st.Evidence, st.Curations, g.data, time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
}

// importGCPercent is the GOGC of an import (unless GOGC is set): the
// heap is mostly badger's write buffers, which stay live until they are
// flushed, so the default 100 would let the peak heap reach twice them.
const importGCPercent = 30

// importOptions are the store options of "kgraph import": a small block
// cache (the import reads little) and the default memtables, which with
// the Restorer's bounded batches keep the peak memory of the write path
// low.
func importOptions(dir string) graph.Options {
	return graph.DefaultOptions(dir).WithBlockCacheSize(16 << 20).WithMemTableSize(64 << 20).WithNumMemtables(3)
}
