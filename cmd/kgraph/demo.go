package main

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/kgraph/kgraph/graph/ingest"
)

func init() { extraCommands = append(extraCommands, newDemoCmd) }

// demoCorpus is a handful of short news-style articles, written for kgraph,
// about the 2006 Linux paravirtualization work.
//
//go:embed demo
var demoCorpus embed.FS

const demoQuery = `{
  entity(name: "Rusty Russell") {
    name type aliases mentionCount
    relations(first: 10) {
      edges { node { type role subject { name } object { name } weight
        evidence(first: 1) { sentence document { title date } } } }
    }
  }
}`

func newDemoCmd(g *globals) *cobra.Command {
	var f serveFlags
	var keep bool
	var dir string
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Ingest a bundled sample corpus into a fresh data directory and serve it",
		Long: `demo writes a small bundled corpus (news-style articles about the 2006 Linux
paravirtualization work: VMware's VMI, XenSource, IBM, Rusty Russell and
paravirt-ops) into a fresh temporary directory, ingests it and serves the
graph, printing the URL and an example query to paste into GraphiQL. When
--addr is taken it serves on a free port of the same host instead. The
directory is removed on exit unless --keep is given.`,
		Example: `  go run ./cmd/kgraph demo
  kgraph demo --addr 127.0.0.1:9000 --keep`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			base := dir
			if base == "" {
				d, err := os.MkdirTemp("", "kgraph-demo-")
				if err != nil {
					return err
				}
				base = d
				if !keep {
					defer os.RemoveAll(base)
				}
			}
			corpus := filepath.Join(base, "corpus")
			if err := writeDemoCorpus(corpus); err != nil {
				return err
			}
			g.data = filepath.Join(base, "data")
			p, err := f.mf.pipeline()
			if err != nil {
				return err
			}
			store, err := openStore(g.data, false)
			if err != nil {
				return err
			}
			defer store.Close()
			res, err := ingest.New(p, store, ingest.Options{}).Run(cmd.Context(), []string{corpus}, nil)
			if err != nil {
				return err
			}
			if err := printStoreSummary(g.stderr, res, store); err != nil {
				return err
			}
			f.anyPort = true
			return serve(cmd.Context(), g, &f, store, func(url string) {
				fmt.Fprintf(g.stdout, "\nkgraph demo: the graph is served at %s/graphql\n", url)
				fmt.Fprintf(g.stdout, "Explore it in a browser at %s/ (try \"Rusty Russell\"),\n", url)
				fmt.Fprintf(g.stdout, "or open %s/graphql (GraphiQL) and paste this query:\n\n%s\n\n", url, demoQuery)
				fmt.Fprintf(g.stdout, "or from a shell:\n  curl -s %s/graphql -H 'Content-Type: application/json' -d '{\"query\":\"{ stats { documents entities relations } }\"}'\n\n", url)
				fmt.Fprintf(g.stdout, "Data directory: %s (removed on exit unless --keep). Ctrl-C stops.\n", g.data)
			})
		},
	}
	registerServeFlags(cmd, &f)
	cmd.Flags().BoolVar(&keep, "keep", false, "keep the demo directory after exit")
	cmd.Flags().StringVar(&dir, "dir", "", "directory for the demo corpus and data (default: a new temporary directory)")
	return cmd
}

// writeDemoCorpus copies the embedded corpus into dir.
func writeDemoCorpus(dir string) error {
	return fs.WalkDir(demoCorpus, "demo", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := demoCorpus.ReadFile(path)
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, filepath.Base(path))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
}
