package graph_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"

	"github.com/kgraph/kgraph/graph"
	"github.com/kgraph/kgraph/graph/synth"
)

func synthStore(t *testing.T, entities, relations int) *graph.Store {
	t.Helper()
	s, err := graph.Open(graph.DefaultOptions("").WithInMemory(true).WithMemTableSize(16 << 20).
		WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := synth.Generate(s, synth.Config{Entities: entities, Relations: relations, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSearchTyposAndPrefixes(t *testing.T) {
	s := synthStore(t, 3000, 10000)
	for i := range 50 {
		name := synth.EntityName(i*37 + 1)
		want := synth.EntityID(i*37 + 1)
		rs := []rune(name)
		typo := string(rs[:2]) + string(rs[3]) + string(rs[2]) + string(rs[4:]) // transposition
		for _, q := range []string{name, name[:len(name)-2], typo} {
			res, err := s.Search(q, nil, 5)
			if err != nil {
				t.Fatal(err)
			}
			ok := false
			for _, r := range res {
				ok = ok || r.Entity.ID == want
			}
			if !ok {
				t.Errorf("search %q: %s not among %v", q, name, res)
			}
		}
		res, _ := s.Search(name, nil, 1)
		if len(res) == 0 || res[0].Entity.ID != want || res[0].Closeness != 0 {
			t.Errorf("exact search %q: %+v", name, res)
		}
	}
}

func TestTopNeighborsOrderAndPaths(t *testing.T) {
	s := synthStore(t, 2000, 8000)
	ctx := context.Background()
	checked := 0
	var prev graph.EntityID
	budgetChecks := 0
	for i := 0; i < 2000 && checked < 20; i++ {
		id := synth.EntityID(i)
		rels, total, err := s.TopNeighbors(ctx, id, graph.TopNeighborOptions{Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		if total < 6 {
			continue
		}
		checked++
		all, _, _, err := s.Neighbors(id, graph.NeighborOptions{Limit: graph.MaxLimit})
		if err != nil || len(all) != total {
			t.Fatalf("total %d, Neighbors %d (%v)", total, len(all), err)
		}
		maxW := 0
		for _, r := range all {
			maxW = max(maxW, r.Weight)
		}
		if rels[0].Weight != maxW {
			t.Errorf("first weight %d, max %d", rels[0].Weight, maxW)
		}
		for j := 1; j < len(rels); j++ {
			if rels[j].Weight > rels[j-1].Weight {
				t.Errorf("not by weight: %v", rels)
			}
		}
		// A two-hop path through the heaviest neighbor's neighbor.
		mid := rels[0].Object
		if mid == id {
			mid = rels[0].Subject
		}
		nb, _, _ := s.TopNeighbors(ctx, mid, graph.TopNeighborOptions{Limit: 3})
		for _, r := range nb {
			far := r.Object
			if far == mid {
				far = r.Subject
			}
			if far == id {
				continue
			}
			p, ok, err := s.ShortestPath(ctx, id, far, graph.PathOptions{})
			if err != nil || !ok || len(p.Edges) > 2 || len(p.Nodes) != len(p.Edges)+1 || p.Nodes[0] != id || p.Nodes[len(p.Nodes)-1] != far {
				t.Fatalf("path %s-%s: %+v %v %v", id, far, p, ok, err)
			}
			for k, e := range p.Edges {
				a, b := p.Nodes[k], p.Nodes[k+1]
				if !(e.Subject == a && e.Object == b) && !(e.Subject == b && e.Object == a) {
					t.Errorf("edge %d %v does not link %s and %s", k, e, a, b)
				}
			}
			ps, err := s.Paths(ctx, id, far, 3, graph.PathOptions{MaxHops: 4})
			if err != nil || len(ps) == 0 || len(ps[0].Edges) != len(p.Edges) {
				t.Fatalf("paths: %v %v", ps, err)
			}
			for k := 1; k < len(ps); k++ {
				if len(ps[k].Edges) < len(ps[k-1].Edges) {
					t.Errorf("paths not by length")
				}
			}
			if prev != 0 {
				// Both ends have 6 or more relations: the first layer
				// alone passes a budget of 3 entities.
				if _, _, err = s.ShortestPath(ctx, id, prev, graph.PathOptions{MaxVisited: 3}); !errors.Is(err, graph.ErrBudget) {
					t.Errorf("budget of 3: %v", err)
				}
				budgetChecks++
			}
		}
		prev = id
	}
	if checked == 0 {
		t.Fatal("no entity with enough neighbors")
	}
	if budgetChecks == 0 {
		t.Fatal("the visited budget was never checked")
	}
}

func TestInPeriod(t *testing.T) {
	for _, c := range []struct {
		f, l, s, u string
		want       bool
	}{
		{"2006-03-01", "2006-05-01", "", "", true},
		{"2006-03-01", "2006-05-01", "2006-04-01", "", true},
		{"2006-03-01", "2006-05-01", "2006-06-01", "", false},
		{"2006-03-01", "2006-05-01", "", "2006", true},
		{"2006-03-01", "2006-05-01", "", "2005-12-31", false},
		{"", "", "2006", "", false},
	} {
		if got := graph.InPeriod(c.f, c.l, c.s, c.u); got != c.want {
			t.Errorf("InPeriod(%q,%q,%q,%q) = %v", c.f, c.l, c.s, c.u, got)
		}
	}
}
