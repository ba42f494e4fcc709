package graph_test

import (
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kgraph/kgraph/graph"
	"github.com/kgraph/kgraph/graph/synth"
)

// The benchmark graph is generated once per test binary run and shared by
// the benchmarks, so `-count=3` loads once and measures lookups three times.
//
// Size: 1M entities / 10M relations; 20k / 200k with -short; override with
// KGRAPH_BENCH_ENTITIES and KGRAPH_BENCH_RELATIONS.
//
// Disk use is measured after the load and a full compaction (Store.Compact:
// all tables flattened to one level); the store is then closed (memtables
// are flushed to tables), the sizes of all *.sst and *.vlog files are summed and
// divided by the number of relations. Entity records and their indexes are
// included (amortized over the relations); documents, mentions and evidence
// are not, since the synthetic graph has none.
var bench struct {
	once     sync.Once
	err      error
	dir      string
	store    *graph.Store
	cfg      synth.Config
	res      synth.Result
	disk     int64 // .sst + .vlog bytes after load
	diskAll  int64 // every file in the directory
	loadRate float64
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

func dirSize(dir string) (data, all int64, err error) {
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		all += info.Size()
		if strings.HasSuffix(p, ".sst") || strings.HasSuffix(p, ".vlog") {
			data += info.Size()
		}
		return nil
	})
	return data, all, err
}

// benchOptions are the default options; KGRAPH_BENCH_COMPRESSION=snappy or
// none compares compressions.
func benchOptions(dir string) graph.Options {
	o := graph.DefaultOptions(dir).WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))
	switch os.Getenv("KGRAPH_BENCH_COMPRESSION") {
	case "snappy":
		o = o.WithCompression(graph.Snappy)
	case "none":
		o = o.WithCompression(graph.NoCompression)
	}
	return o
}

func setupBench(b *testing.B) {
	bench.once.Do(func() {
		bench.cfg = synth.Config{Entities: 1_000_000, Relations: 10_000_000, Seed: 42}
		if testing.Short() {
			bench.cfg.Entities, bench.cfg.Relations = 20_000, 200_000
		}
		bench.cfg.Entities = envInt("KGRAPH_BENCH_ENTITIES", bench.cfg.Entities)
		bench.cfg.Relations = envInt("KGRAPH_BENCH_RELATIONS", bench.cfg.Relations)
		dir, err := os.MkdirTemp("", "kgraph-bench-")
		if err != nil {
			bench.err = err
			return
		}
		bench.dir = dir
		s, err := graph.Open(benchOptions(dir).WithSyncWrites(false))
		if err != nil {
			bench.err = err
			return
		}
		bench.res, bench.err = synth.Generate(s, bench.cfg)
		t0 := time.Now()
		if bench.err == nil {
			bench.err = s.Compact()
		}
		compaction := time.Since(t0)
		if err := s.Close(); bench.err == nil {
			bench.err = err
		}
		if bench.err != nil {
			return
		}
		bench.loadRate = float64(bench.res.Relations) / bench.res.Elapsed.Seconds()
		bench.disk, bench.diskAll, bench.err = dirSize(dir)
		if bench.err != nil {
			return
		}
		bench.store, bench.err = graph.Open(benchOptions(dir))
		fmt.Fprintf(os.Stderr, "bench graph: %d entities, %d relations (max out-degree %d) loaded in %v, compacted in %v; %d bytes .sst+.vlog, %d bytes in dir\n",
			bench.res.Entities, bench.res.Relations, bench.res.MaxOutDegree, bench.res.Elapsed.Round(time.Millisecond),
			compaction.Round(time.Millisecond), bench.disk, bench.diskAll)
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bench.store != nil {
		bench.store.Close()
	}
	if bench.dir != "" {
		os.RemoveAll(bench.dir)
	}
	os.Exit(code)
}

// BenchmarkLoad reports the bulk load rate and disk use of the synthetic
// graph. The load itself happens once; the loop body is empty.
func BenchmarkLoad(b *testing.B) {
	setupBench(b)
	for b.Loop() {
	}
	b.ReportMetric(bench.loadRate, "relations/s")
	b.ReportMetric(float64(bench.disk)/float64(bench.res.Relations), "bytes/relation")
	b.ReportMetric(float64(bench.diskAll)/float64(bench.res.Relations), "dirbytes/relation")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkNeighbors measures 1-hop lookups: the first 20 relations (both
// directions) of uniformly random entities, each in its own read
// transaction, as the GraphQL layer does. It reports p50 and p99 in µs.
func BenchmarkNeighbors(b *testing.B) {
	setupBench(b)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	lat := make([]time.Duration, 0, 1<<16)
	found := 0
	for b.Loop() {
		id := synth.EntityID(rng.IntN(bench.cfg.Entities))
		t0 := time.Now()
		rels, _, _, err := bench.store.Neighbors(id, graph.NeighborOptions{Limit: 20})
		lat = append(lat, time.Since(t0))
		if err != nil {
			b.Fatal(err)
		}
		found += len(rels)
	}
	slices.Sort(lat)
	q := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Nanoseconds()) / 1e3 }
	b.ReportMetric(q(0.50), "p50-µs")
	b.ReportMetric(q(0.99), "p99-µs")
	b.ReportMetric(float64(found)/float64(len(lat)), "rels/lookup")
}
