package main

import (
	"errors"
	"fmt"
	"log/slog"

	"github.com/kgraph/kgraph/graph"
)

// openStore opens the data directory, turning badger's directory lock into
// a message that says what to do.
func openStore(dir string, readOnly bool) (*graph.Store, error) {
	s, err := graph.Open(graph.DefaultOptions(dir).WithReadOnly(readOnly).WithLogger(slog.Default()))
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
