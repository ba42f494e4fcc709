package main

import (
	"errors"
	"fmt"
	"log/slog"
	"os"

	"github.com/kgraph/kgraph/graph"
)

// openStore opens the data directory, turning badger's directory lock into
// a message that says what to do.
func openStore(dir string, readOnly bool) (*graph.Store, error) {
	return openStoreWith(graph.DefaultOptions(dir).WithReadOnly(readOnly))
}

// openStoreWith opens a store with the given options (see openStore).
func openStoreWith(opts graph.Options) (*graph.Store, error) {
	dir := opts.Dir
	if opts.ReadOnly && !opts.InMemory {
		if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("no kgraph data in %s: ingest documents first (kgraph ingest --data %s PATH...) or choose the directory with --data", dir, dir)
		}
	}
	s, err := graph.Open(opts.WithLogger(slog.Default()))
	if errors.Is(err, graph.ErrLocked) {
		return nil, fmt.Errorf(`the data directory %s is in use by another kgraph process (probably "kgraph serve").
Stop that process, choose another directory with --data, or send documents to the
running server instead:  kgraph ingest --server http://127.0.0.1:8080 PATH...`, dir)
	}
	if err != nil {
		return nil, fmt.Errorf("opening data directory %s: %w", dir, err)
	}
	return s, nil
}
