package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kgraph/kgraph/graph"
	"github.com/kgraph/kgraph/nlp"
)

// Store is the part of *graph.Store that ingestion writes to.
type Store interface {
	PutDocuments(docs []graph.DocInput) ([]graph.PutStatus, error)
}

// Options configures an Ingester.
type Options struct {
	// Workers is the number of documents processed in parallel. Default
	// runtime.GOMAXPROCS(0).
	Workers int
	// BatchDocs is the most documents written in one transaction. Each
	// document is still atomic: a batch commits wholly or not at all.
	// Default 64.
	BatchDocs int
	// BatchBytes flushes a batch once its documents hold this much text, so
	// that large documents do not pile up in memory. Default 4 MiB.
	BatchBytes int
	// BatchDelay flushes a partial batch after this long. Default 200ms.
	BatchDelay time.Duration
	// SectionBytes splits longer texts into sections (see Reader). Default 256 KiB.
	SectionBytes int
	// Logger receives per-file problems at Warn level. Default slog.Default().
	Logger *slog.Logger
	// Progress, if set, is called after every written batch.
	Progress func(Progress)
}

// Progress is a snapshot of a running ingest.
type Progress struct {
	Documents int64 // written (added, replaced or unchanged)
	Tokens    int64
	Bytes     int64 // source bytes consumed
	Failed    int64
}

// Result summarizes an ingest.
type Result struct {
	Documents int // documents written or found unchanged
	Added     int
	Replaced  int
	Unchanged int
	Failed    int // files, lines or documents that could not be ingested
	Skipped   int // empty files and lines
	Mentions  int
	Relations int // relation statements (typed and co-mention) written
	Tokens    int
	Errors    []*SourceError // the first 1000 problems
	Elapsed   time.Duration
}

// Ingester runs documents through an nlp.Pipeline into a Store.
type Ingester struct {
	pipeline *nlp.Pipeline
	store    Store
	opts     Options
}

// New returns an Ingester.
func New(p *nlp.Pipeline, s Store, opts Options) *Ingester {
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.BatchDocs <= 0 {
		opts.BatchDocs = 64
	}
	if opts.BatchBytes <= 0 {
		opts.BatchBytes = 4 << 20
	}
	if opts.BatchDelay <= 0 {
		opts.BatchDelay = 200 * time.Millisecond
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &Ingester{pipeline: p, store: s, opts: opts}
}

type processed struct {
	in     graph.DocInput
	tokens int
	bytes  int64
}

// run is shared by Run and Documents: produce feeds docs until it returns.
func (g *Ingester) run(ctx context.Context, produce func(ctx context.Context, emit func(Doc) error, report func(*SourceError)) error) (Result, error) {
	start := time.Now()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var res Result
	var mu sync.Mutex // guards res.Failed, res.Skipped, res.Errors
	report := func(e *SourceError) {
		mu.Lock()
		defer mu.Unlock()
		if errors.Is(e.Err, ErrEmpty) {
			res.Skipped++
		} else {
			res.Failed++
		}
		if len(res.Errors) < 1000 {
			res.Errors = append(res.Errors, e)
		}
		g.opts.Logger.Warn("skipped", "source", e.Source, "err", e.Err)
	}

	docs := make(chan Doc, g.opts.Workers*2)
	out := make(chan processed, g.opts.Workers*2)
	var readErr error
	go func() {
		defer close(docs)
		readErr = produce(ctx, func(d Doc) error {
			select {
			case docs <- d:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}, report)
	}()
	var wg sync.WaitGroup
	for i := 0; i < g.opts.Workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range docs {
				nd, err := g.pipeline.Process(d.ID, d.Text)
				if err != nil {
					report(&SourceError{Source: d.Source, Err: err})
					continue
				}
				select {
				case out <- processed{in: Convert(d, nd), tokens: nd.TokenCount(), bytes: int64(len(d.Text))}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(out) }()

	var prog Progress
	var batch []processed
	batchBytes := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		ins := make([]graph.DocInput, len(batch))
		for i, p := range batch {
			ins[i] = p.in
		}
		st, err := g.store.PutDocuments(ins)
		if err != nil {
			return fmt.Errorf("writing %d documents (first %q): %w", len(ins), ins[0].Doc.ID, err)
		}
		for i, s := range st {
			switch s {
			case graph.Added:
				res.Added++
			case graph.Replaced:
				res.Replaced++
			case graph.Unchanged:
				res.Unchanged++
			}
			if s != graph.Unchanged {
				res.Mentions += len(ins[i].Mentions)
				res.Relations += len(ins[i].Relations)
			}
			res.Tokens += batch[i].tokens
			atomic.AddInt64(&prog.Documents, 1)
			atomic.AddInt64(&prog.Tokens, int64(batch[i].tokens))
			atomic.AddInt64(&prog.Bytes, batch[i].bytes)
		}
		batch, batchBytes = batch[:0], 0
		if g.opts.Progress != nil {
			mu.Lock()
			prog.Failed = int64(res.Failed)
			mu.Unlock()
			g.opts.Progress(prog)
		}
		return nil
	}
	timer := time.NewTimer(g.opts.BatchDelay)
	defer timer.Stop()
	var werr error
loop:
	for {
		select {
		case p, ok := <-out:
			if !ok {
				break loop
			}
			batch = append(batch, p)
			batchBytes += int(p.bytes)
			if len(batch) >= g.opts.BatchDocs || batchBytes >= g.opts.BatchBytes {
				if werr = flush(); werr != nil {
					cancel()
					break loop
				}
			}
		case <-timer.C:
			if werr = flush(); werr != nil {
				cancel()
				break loop
			}
			timer.Reset(g.opts.BatchDelay)
		}
	}
	if werr == nil {
		werr = flush()
	}
	// Drain so that workers and the reader can exit.
	for range out {
	}
	res.Documents = res.Added + res.Replaced + res.Unchanged
	res.Elapsed = time.Since(start)
	if werr != nil {
		return res, werr
	}
	if readErr != nil && !errors.Is(readErr, context.Canceled) {
		return res, readErr
	}
	return res, ctx.Err()
}

// Run reads paths (files, directories, "-" for stdin) and ingests every
// document. Problems with single files are counted in Result.Failed and
// listed in Result.Errors; the error return is for the store failing or ctx
// ending.
func (g *Ingester) Run(ctx context.Context, paths []string, stdin io.Reader) (Result, error) {
	return g.run(ctx, func(ctx context.Context, emit func(Doc) error, report func(*SourceError)) error {
		r := &Reader{SectionBytes: g.opts.SectionBytes, Stdin: stdin, OnError: report}
		return r.Read(ctx, paths, emit)
	})
}

// Documents ingests documents given in memory (the GraphQL ingest mutation).
func (g *Ingester) Documents(ctx context.Context, docs []Doc) (Result, error) {
	return g.run(ctx, func(ctx context.Context, emit func(Doc) error, report func(*SourceError)) error {
		r := &Reader{SectionBytes: g.opts.SectionBytes, OnError: report}
		for _, d := range docs {
			if d.Source == "" {
				d.Source = d.ID
			}
			if d.Text == "" {
				report(&SourceError{Source: d.Source, Err: ErrEmpty})
				continue
			}
			if err := r.emitSections(d, emit); err != nil {
				return err
			}
		}
		return nil
	})
}
