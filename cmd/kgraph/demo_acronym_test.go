package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"testing"

	"github.com/kgraph/kgraph/graph"
	"github.com/kgraph/kgraph/graph/ingest"
	"github.com/kgraph/kgraph/nlp"
)

// The demo corpus names VMware's Virtual Machine Interface once as "VMI"
// alone (in the lguest article) and defines it in another ("Virtual
// Machine Interface, known as VMI"): the graph has one node for it,
// whichever article comes first.
func TestDemoCorpusOneVMI(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the pipeline over the demo corpus")
	}
	dir := t.TempDir()
	if err := writeDemoCorpus(dir); err != nil {
		t.Fatal(err)
	}
	mf := modelFlags{convention: string(nlp.ConventionCoNLL2003)}
	p, err := mf.pipeline()
	if err != nil {
		t.Fatal(err)
	}
	full, bare := graph.IDOf("Virtual Machine Interface"), graph.IDOf("VMI")
	ingestInto := func(s *graph.Store, paths ...string) {
		t.Helper()
		if _, err := ingest.New(p, s, ingest.Options{}).Run(context.Background(), paths, nil); err != nil {
			t.Fatal(err)
		}
	}
	open := func() *graph.Store {
		s, err := graph.Open(graph.DefaultOptions("").WithInMemory(true).WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	entities := func(s *graph.Store) []string {
		var out []string
		err := s.View(func(tx *graph.Tx) error {
			return tx.ForEachEntity(func(e graph.Entity) error {
				out = append(out, fmt.Sprintf("%s %s %s %v %d", e.ID, e.Name, e.Type, e.Aliases, e.MentionCount))
				return nil
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	together := open()
	ingestInto(together, dir)
	late := open()
	ingestInto(late, filepath.Join(dir, "06-lguest.jsonl"))
	if e, err := late.Entity(bare); err != nil || e.Name != "VMI" {
		t.Fatalf("before the definition VMI is its own entity: %+v, %v", e, err)
	}
	ingestInto(late, dir)
	for name, s := range map[string]*graph.Store{"together": together, "lguest first": late} {
		if e, err := s.EntityByName("VMI"); err != nil || e.ID != full || e.Name != "Virtual Machine Interface" {
			t.Errorf("%s: VMI is %+v, %v", name, e, err)
		}
		if _, err := s.Entity(bare); !errors.Is(err, graph.ErrEntityNotFound) {
			t.Errorf("%s: a second VMI node: %v", name, err)
		}
	}
	if a, b := entities(together), entities(late); !slices.Equal(a, b) {
		t.Errorf("the entities depend on the order:\n%v\n%v", a, b)
	}
}
