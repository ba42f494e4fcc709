package export

import (
	"archive/zip"
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/kgraph/kgraph/graph"
)

// Format describes one export format.
type Format struct {
	Name        string // as given to --format and ?format=
	Extension   string // file name extension, with the dot
	ContentType string // HTTP Content-Type
	Description string // one line for help texts
	Dir         bool   // writes several files: WriteDir, or WriteZip over HTTP
}

var formats = []Format{
	{"graphml", ".graphml", "application/graphml+xml; charset=utf-8", "GraphML with typed keys (yEd, Gephi, networkx)", false},
	{"gexf", ".gexf", "application/gexf+xml; charset=utf-8", "GEXF 1.3 for Gephi, relation dates as edge start/end", false},
	{"neo4j-csv", ".zip", "application/zip", "CSV files for neo4j-admin database import (a directory)", true},
	{"cypher", ".cypher", "text/plain; charset=utf-8", "MERGE statements for cypher-shell, batched with UNWIND", false},
	{"nquads", ".nq", "application/n-quads", "RDF N-Quads, evidence in a graph per source document", false},
	{"jsonld", ".jsonld", "application/ld+json", "JSON-LD with an @context", false},
	{"dot", ".dot", "text/vnd.graphviz; charset=utf-8", "Graphviz DOT, colored by entity type, edge width by weight", false},
	{"jsonl", ".jsonl", "application/x-ndjson", "lossless native dump, one record per line (kgraph import reads it)", false},
}

// Formats returns the supported formats, in the order help texts list them.
func Formats() []Format { return append([]Format(nil), formats...) }

// FormatNames returns the names of the supported formats.
func FormatNames() []string {
	out := make([]string, len(formats))
	for i, f := range formats {
		out[i] = f.Name
	}
	return out
}

// Lookup returns the format with that name; the error wraps
// ErrUnknownFormat.
func Lookup(name string) (Format, error) {
	for _, f := range formats {
		if f.Name == name {
			return f, nil
		}
	}
	return Format{}, fmt.Errorf("%w %q (known: %s)", ErrUnknownFormat, name, strings.Join(FormatNames(), ", "))
}

// Options configures an export.
type Options struct {
	// Filter selects the subgraph; the zero value exports everything.
	Filter Filter
	// DgraphSchema makes the nquads format write the Dgraph schema of its
	// predicates (for dgraph live -s) instead of the data.
	DgraphSchema bool
	// BatchSize is the number of rows per UNWIND statement of the cypher
	// format. Default 500.
	BatchSize int
	// Progress, when set, is called with the number of records (entities,
	// documents and relations) written so far, every ProgressEvery records.
	Progress func(records int)
}

// ProgressEvery is how many records pass between calls of Options.Progress.
const ProgressEvery = 1 << 18

// Write writes the store in the named format to w, in one consistent
// snapshot. Formats that write several files fail with ErrNeedsDir; an
// unknown format fails with ErrUnknownFormat. The context is checked
// between records.
func Write(ctx context.Context, s *graph.Store, format string, w io.Writer, o Options) error {
	f, err := Lookup(format)
	if err != nil {
		return err
	}
	if f.Dir {
		return fmt.Errorf("%w: %s", ErrNeedsDir, format)
	}
	// Documents still queued by a failed follow-up (a curation or an
	// acronym relink) would be dumped as they were: finish them first.
	if err := s.FinishRebuilds(); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	err = s.View(func(tx *graph.Tx) error {
		sel, err := compile(tx, o.Filter)
		if err != nil {
			return err
		}
		x := &exporter{ctx: ctx, sel: sel, w: bw, o: o}
		switch format {
		case "graphml":
			return x.graphml()
		case "gexf":
			return x.gexf()
		case "cypher":
			return x.cypher()
		case "nquads":
			if o.DgraphSchema {
				return x.dgraphSchema()
			}
			return x.nquads()
		case "jsonld":
			return x.jsonld()
		case "dot":
			return x.dot()
		case "jsonl":
			return x.jsonl()
		}
		return fmt.Errorf("%w %q", ErrUnknownFormat, format)
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}

// fileCreator opens the next output file of a multi-file format.
type fileCreator func(name string) (io.Writer, func() error, error)

// WriteDir writes a multi-file format (neo4j-csv) into dir, creating it.
// Single-file formats are written to dir/export<ext>.
func WriteDir(ctx context.Context, s *graph.Store, format, dir string, o Options) error {
	f, err := Lookup(format)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if !f.Dir {
		fh, err := os.Create(filepath.Join(dir, "export"+f.Extension))
		if err != nil {
			return err
		}
		if err := Write(ctx, s, format, fh, o); err != nil {
			fh.Close()
			return err
		}
		return fh.Close()
	}
	create := func(name string) (io.Writer, func() error, error) {
		fh, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return nil, nil, err
		}
		bw := bufio.NewWriterSize(fh, 64<<10)
		return bw, func() error {
			if err := bw.Flush(); err != nil {
				fh.Close()
				return err
			}
			return fh.Close()
		}, nil
	}
	return writeMulti(ctx, s, format, create, o)
}

// WriteZip writes a multi-file format as a zip archive to w (the HTTP form
// of neo4j-csv). Single-file formats are written plainly, as Write does.
func WriteZip(ctx context.Context, s *graph.Store, format string, w io.Writer, o Options) error {
	f, err := Lookup(format)
	if err != nil {
		return err
	}
	if !f.Dir {
		return Write(ctx, s, format, w, o)
	}
	zw := zip.NewWriter(w)
	create := func(name string) (io.Writer, func() error, error) {
		fw, err := zw.Create(name)
		if err != nil {
			return nil, nil, err
		}
		bw := bufio.NewWriterSize(fw, 64<<10)
		return bw, bw.Flush, nil
	}
	if err := writeMulti(ctx, s, format, create, o); err != nil {
		return err
	}
	return zw.Close()
}

func writeMulti(ctx context.Context, s *graph.Store, format string, create fileCreator, o Options) error {
	if err := s.FinishRebuilds(); err != nil { // as in Write
		return err
	}
	return s.View(func(tx *graph.Tx) error {
		sel, err := compile(tx, o.Filter)
		if err != nil {
			return err
		}
		x := &exporter{ctx: ctx, sel: sel, o: o}
		switch format {
		case "neo4j-csv":
			return x.neo4j(create)
		}
		return fmt.Errorf("%w %q", ErrUnknownFormat, format)
	})
}

// exporter carries the state of one export.
type exporter struct {
	ctx context.Context
	sel *selection
	w   *bufio.Writer
	o   Options
	n   int // records written, for context checks
}

// tick checks the context every 1024 records and reports progress.
func (x *exporter) tick() error {
	x.n++
	if x.n%ProgressEvery == 0 && x.o.Progress != nil {
		x.o.Progress(x.n)
	}
	if x.n&1023 == 0 && x.ctx != nil {
		return x.ctx.Err()
	}
	return nil
}
