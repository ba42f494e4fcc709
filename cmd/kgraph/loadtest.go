package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/kgraph/kgraph/graph/synth"
)

func init() { extraCommands = append(extraCommands, newLoadtestCmd) }

type loadFlags struct {
	server      string
	concurrency int
	duration    time.Duration
	pairs       int
	seed        uint64
}

// newLoadtestCmd is the hidden "loadtest" command: it drives a running
// "kgraph serve" over the synthetic graph (kgraph synth) with 1-hop
// neighbors, path and search queries and reports latency percentiles and
// throughput per query kind.
func newLoadtestCmd(g *globals) *cobra.Command {
	var f loadFlags
	cmd := &cobra.Command{
		Use:    "loadtest --server URL [--concurrency 8] [--duration 20s]",
		Short:  "Measure query latency of a server holding the synthetic graph",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return loadtest(cmd.Context(), g, &f)
		},
	}
	cmd.Flags().StringVar(&f.server, "server", "http://127.0.0.1:8080", "server URL")
	cmd.Flags().IntVar(&f.concurrency, "concurrency", 8, "concurrent clients")
	cmd.Flags().DurationVar(&f.duration, "duration", 20*time.Second, "duration of each phase")
	cmd.Flags().IntVar(&f.pairs, "pairs", 200, "connected person pairs prepared for path queries")
	cmd.Flags().Uint64Var(&f.seed, "seed", 7, "random seed")
	return cmd
}

const (
	qNeighbors = `query($n: String!) { entity(name: $n) { neighbors(first: 20) { edges { node { name type } relation { type weight } } } } }`
	qPath      = `query($a: String!, $b: String!) { path(from: $a, to: $b) { length nodes { name } edges { type weight } } }`
	qSearch    = `query($q: String!) { search(query: $q, first: 10) { name type mentionCount } }`
)

type neighborsResp struct {
	Entity *struct {
		Neighbors struct {
			Edges []struct {
				Node struct{ Name, Type string }
			}
		}
	}
}

// walkPair walks up to 3 random steps from a random entity and returns the
// two ends when both are people.
func walkPair(ctx context.Context, c *gqlClient, rng *rand.Rand, entities int) (string, string, bool) {
	start := synth.EntityName(rng.IntN(entities))
	cur := start
	for step := 0; step < 2+rng.IntN(2); step++ {
		var r neighborsResp
		if err := c.do(ctx, qNeighbors, map[string]any{"n": cur}, &r); err != nil || r.Entity == nil || len(r.Entity.Neighbors.Edges) == 0 {
			return "", "", false
		}
		es := r.Entity.Neighbors.Edges
		e := es[rng.IntN(len(es))]
		cur = e.Node.Name
		if step > 0 && e.Node.Type == "PERSON" && cur != start {
			var s struct{ Entity *struct{ Type string } }
			err := c.do(ctx, `query($n: String!) { entity(name: $n) { type } }`, map[string]any{"n": start}, &s)
			return start, cur, err == nil && s.Entity != nil && s.Entity.Type == "PERSON"
		}
	}
	return "", "", false
}

// typo swaps two letters of the first word of a name.
func typo(name string, rng *rand.Rand) string {
	b := []byte(name)
	i := 1 + rng.IntN(4)
	b[i], b[i+1] = b[i+1], b[i]
	return string(b)
}

type phaseResult struct {
	lat    []time.Duration
	errors int
	wall   time.Duration
}

func runPhase(ctx context.Context, f *loadFlags, c *gqlClient, next func(rng *rand.Rand) (string, map[string]any)) phaseResult {
	var mu sync.Mutex
	var res phaseResult
	deadline := time.Now().Add(f.duration)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range f.concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(f.seed, uint64(w)+100))
			var lat []time.Duration
			errs := 0
			for time.Now().Before(deadline) && ctx.Err() == nil {
				q, vars := next(rng)
				t := time.Now()
				var out map[string]any
				if err := c.do(ctx, q, vars, &out); err != nil {
					errs++
				}
				lat = append(lat, time.Since(t))
			}
			mu.Lock()
			res.lat = append(res.lat, lat...)
			res.errors += errs
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.wall = time.Since(start)
	return res
}

func pct(l []time.Duration, p float64) time.Duration {
	if len(l) == 0 {
		return 0
	}
	return l[min(len(l)-1, int(float64(len(l))*p))]
}

func loadtest(ctx context.Context, g *globals, f *loadFlags) error {
	c := newClient(f.server, "")
	c.http = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: f.concurrency * 2}}
	var st struct {
		Stats struct{ Entities, Relations int }
	}
	if err := c.do(ctx, `{ stats { entities relations } }`, nil, &st); err != nil {
		return err
	}
	n := st.Stats.Entities
	if n < 2 {
		return fmt.Errorf("the server holds %d entities: load the synthetic graph with kgraph synth", n)
	}
	fmt.Fprintf(g.stdout, "graph: %d entities, %d relations; concurrency %d, %s per phase\n", n, st.Stats.Relations, f.concurrency, f.duration)
	rng := rand.New(rand.NewPCG(f.seed, 1))
	type pair struct{ a, b string }
	var pairs []pair
	for tries := 0; len(pairs) < f.pairs && tries < f.pairs*50; tries++ {
		if a, b, ok := walkPair(ctx, c, rng, n); ok {
			pairs = append(pairs, pair{a, b})
		}
	}
	if len(pairs) == 0 {
		return fmt.Errorf("found no connected person pairs")
	}
	phases := []struct {
		name string
		next func(rng *rand.Rand) (string, map[string]any)
	}{
		{"neighbors(first: 20)", func(r *rand.Rand) (string, map[string]any) {
			return qNeighbors, map[string]any{"n": synth.EntityName(r.IntN(n))}
		}},
		{"path", func(r *rand.Rand) (string, map[string]any) {
			p := pairs[r.IntN(len(pairs))]
			return qPath, map[string]any{"a": p.a, "b": p.b}
		}},
		{"search (typo)", func(r *rand.Rand) (string, map[string]any) {
			return qSearch, map[string]any{"q": typo(synth.EntityName(r.IntN(n)), r)}
		}},
	}
	fmt.Fprintf(g.stdout, "%-22s %8s %9s %9s %9s %8s %s\n", "query", "requests", "p50", "p99", "max", "req/s", "errors")
	for _, ph := range phases {
		res := runPhase(ctx, f, c, ph.next)
		slices.Sort(res.lat)
		fmt.Fprintf(g.stdout, "%-22s %8d %9s %9s %9s %8.0f %d\n", ph.name, len(res.lat),
			pct(res.lat, 0.50).Round(10*time.Microsecond), pct(res.lat, 0.99).Round(10*time.Microsecond),
			pct(res.lat, 1).Round(10*time.Microsecond), float64(len(res.lat))/res.wall.Seconds(), res.errors)
	}
	return nil
}
