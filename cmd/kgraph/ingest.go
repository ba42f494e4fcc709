package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/kgraph/kgraph/graph"
	"github.com/kgraph/kgraph/graph/ingest"
)

func init() { extraCommands = append(extraCommands, newIngestCmd) }

type ingestFlags struct {
	mf         modelFlags
	server     string
	token      string
	workers    int
	batch      int
	noProgress bool
}

func newIngestCmd(g *globals) *cobra.Command {
	var f ingestFlags
	cmd := &cobra.Command{
		Use:   "ingest [--data DIR] PATH...",
		Short: "Extract entities and relations from documents into the graph",
		Long: `ingest reads documents and adds what they say to the graph in --data.

PATH is a file, a directory (read recursively; hidden entries skipped) or "-"
for standard input. It reads .txt, .md, .html/.htm (visible text, title and
date meta tags) and .jsonl (one document per line: {"id","title","date","url","text"}).
Latin-1 files are decoded; binary files, malformed JSON lines and unreadable
files are reported and skipped while the rest goes on. Texts over 256 KiB are
split into sections stored as documents ID#1, ID#2, ...

Each document is committed atomically and durably. Re-ingesting an unchanged
document changes nothing; a changed document with the same id replaces its
old contribution exactly. A file named on the command line is identified by
its path as given; a file found in a directory by the directory's name and
its path below it (news/2006/a.txt), whatever spelling of the directory was
used; a JSONL document by its "id".

Exit status: 0 when every input was ingested, 3 when some inputs failed
(listed on standard error), 1 on any other error.`,
		Example: `  kgraph ingest articles/
  kgraph ingest --data /srv/kgraph news.jsonl
  cat today.jsonl | kgraph ingest -
  kgraph ingest --server http://127.0.0.1:8080 articles/   # while "kgraph serve" holds the directory`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.server != "" {
				return ingestRemote(cmd.Context(), g, &f, args)
			}
			return ingestLocal(cmd.Context(), g, &f, args)
		},
	}
	f.mf.register(cmd)
	cmd.Flags().StringVar(&f.server, "server", "", "send documents to a running kgraph server at this URL instead of opening --data")
	cmd.Flags().StringVar(&f.token, "token", os.Getenv("KGRAPH_TOKEN"), "bearer token for --server (default $KGRAPH_TOKEN)")
	cmd.Flags().IntVar(&f.workers, "workers", runtime.GOMAXPROCS(0), "documents processed in parallel (default: the usable cores)")
	cmd.Flags().IntVar(&f.batch, "batch", 64, "documents per write transaction")
	cmd.Flags().BoolVar(&f.noProgress, "no-progress", false, "no progress bar even on a terminal")
	return cmd
}

func ingestLocal(ctx context.Context, g *globals, f *ingestFlags, paths []string) error {
	p, err := f.mf.pipeline()
	if err != nil {
		return err
	}
	// Ingest reads few blocks back: a small block cache, and a soft memory
	// limit so that the garbage collector keeps a long run's heap compact
	// (GOMEMLIMIT, when set, wins).
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(768 << 20)
	}
	store, err := openStoreWith(graph.DefaultOptions(g.data).WithBlockCacheSize(32 << 20))
	if err != nil {
		return err
	}
	defer store.Close()

	var bar *progressbar.ProgressBar
	start := time.Now()
	var lastTokens atomic.Int64
	if !f.noProgress && isTerminal(g.stderr) {
		total := ingest.TotalBytes(paths)
		bar = progressbar.NewOptions64(max(total, -1),
			progressbar.OptionSetWriter(g.stderr),
			progressbar.OptionSetDescription("ingest"),
			progressbar.OptionShowBytes(true),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionSetWidth(30),
		)
	}
	ing := ingest.New(p, store, ingest.Options{
		Workers: f.workers, BatchDocs: f.batch,
		Progress: func(pr ingest.Progress) {
			lastTokens.Store(pr.Tokens)
			if bar == nil {
				return
			}
			secs := time.Since(start).Seconds()
			bar.Describe(fmt.Sprintf("ingest: %d docs, %.0f tokens/s", pr.Documents, float64(pr.Tokens)/max(secs, 1e-3)))
			_ = bar.Set64(pr.Bytes)
		},
	})
	res, err := ing.Run(ctx, paths, g.stdin)
	if bar != nil {
		_ = bar.Finish()
	}
	if err != nil {
		return err
	}
	if err := printStoreSummary(g.stderr, res, store); err != nil {
		return err
	}
	if res.Failed > 0 {
		return &exitError{code: 3, err: fmt.Errorf("%d inputs failed", res.Failed)}
	}
	return nil
}

// printStoreSummary prints the ingest summary followed by what the store
// holds now.
func printStoreSummary(w io.Writer, res ingest.Result, store *graph.Store) error {
	st, err := store.Stats()
	if err != nil {
		return err
	}
	printSummary(w, res, fmt.Sprintf("graph: %d documents, %d entities, %d relations, %d mentions",
		st.Documents, st.Entities, st.Relations, st.Mentions))
	return nil
}

// printSummary prints what an ingest did; graphLine, when set, follows.
func printSummary(w io.Writer, res ingest.Result, graphLine string) {
	for _, e := range res.Errors {
		fmt.Fprintf(w, "  skipped %s\n", e.Error())
	}
	secs := max(res.Elapsed.Seconds(), 1e-3)
	fmt.Fprintf(w, "ingested %d documents (%d added, %d replaced, %d unchanged), %d failed, %d empty skipped\n",
		res.Documents, res.Added, res.Replaced, res.Unchanged, res.Failed, res.Skipped)
	fmt.Fprintf(w, "found %d entity mentions and %d relation statements in %d tokens\n", res.Mentions, res.Relations, res.Tokens)
	fmt.Fprintf(w, "took %s (%.1f documents/s, %.0f tokens/s)\n", res.Elapsed.Round(time.Millisecond),
		float64(res.Documents)/secs, float64(res.Tokens)/secs)
	if graphLine != "" {
		fmt.Fprintln(w, graphLine)
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
