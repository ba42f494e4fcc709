package graph

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
)

// Path search defaults.
const (
	DefaultMaxHops    = 6
	DefaultMaxVisited = 200_000
	coMentionType     = "CO_MENTIONED"
	// tieBudget bounds the adjacency entries read after the first meeting
	// point of the last layer, looking for a path with fewer co-mentions.
	tieBudget = 2_000
)

var errStopLayer = errors.New("graph: stop expanding the layer")

// PathOptions bounds and filters a path search.
type PathOptions struct {
	// Types keeps only relations of these types; empty keeps all.
	Types []string
	// Since and Until keep only relations seen in the period (see InPeriod).
	Since, Until string
	// MaxHops is the longest path looked for. Default DefaultMaxHops.
	MaxHops int
	// MaxVisited bounds the entities one search may reach; past it the
	// search fails with ErrBudget. Default DefaultMaxVisited.
	MaxVisited int
}

// Path is a chain of relations from one entity to another: Edges[i]
// links Nodes[i] and Nodes[i+1], in either direction.
type Path struct {
	Nodes []EntityID
	Edges []Relation
	// CoMentions is the number of CO_MENTIONED edges: among paths of the
	// same length, fewer is better.
	CoMentions int
}

type pathNode struct {
	hops, cost int
	parent     EntityID
	rk         relKey
}

type pathSearch struct {
	tx          *Tx
	ctx         context.Context
	o           PathOptions
	co          uint16 // code of CO_MENTIONED, 0 when unknown
	bannedNodes map[EntityID]bool
	bannedPairs map[[2]EntityID]bool
	scanned     int
	weight      map[EntityID]int // mention counts of weighed entities
}

func pairOf(a, b EntityID) [2]EntityID {
	if a > b {
		a, b = b, a
	}
	return [2]EntityID{a, b}
}

func (tx *Tx) newPathSearch(ctx context.Context, o PathOptions) *pathSearch {
	if o.MaxHops <= 0 {
		o.MaxHops = DefaultMaxHops
	}
	if o.MaxVisited <= 0 {
		o.MaxVisited = DefaultMaxVisited
	}
	ps := &pathSearch{tx: tx, ctx: ctx, o: o}
	if e, ok := tx.lookupCode(kindRelType, coMentionType); ok {
		ps.co = uint16(e.code)
	}
	return ps
}

// frontierWeighLimit is the largest frontier whose entities are weighed
// (one entity read each); larger ones cost their size.
const frontierWeighLimit = 4096

// frontierCost estimates the cost of expanding a frontier: the sum of its
// entities' mention counts, or for big frontiers a multiple of its size.
func (ps *pathSearch) frontierCost(f []EntityID) (int, error) {
	if len(f) > frontierWeighLimit {
		return len(f) * 64, nil
	}
	if ps.weight == nil {
		ps.weight = map[EntityID]int{}
	}
	total := 0
	for _, id := range f {
		w, ok := ps.weight[id]
		if !ok {
			rec, found, err := ps.tx.entityRec(id)
			if err != nil {
				return 0, err
			}
			w = 1
			if found {
				w = max(rec.Types.total(), 1)
			}
			ps.weight[id] = w
		}
		total += w
	}
	return total, nil
}

func (ps *pathSearch) edgeCost(code uint16) int {
	if ps.co != 0 && code == ps.co {
		return 1
	}
	return 0
}

// expand calls fn for every usable edge of u.
func (ps *pathSearch) expand(u EntityID, fn func(v EntityID, rk relKey) error) error {
	for _, p := range ps.tx.neighborRanges(u, NeighborOptions{Types: ps.o.Types}) {
		err := ps.tx.scan(p, nil, func(k, val []byte) (bool, error) {
			if ps.scanned++; ps.scanned&1023 == 0 {
				if err := ps.ctx.Err(); err != nil {
					return false, fmt.Errorf("path search: %w", err)
				}
			}
			rk, ok := parseAdjKey(k)
			if !ok {
				return false, fmt.Errorf("%w: adjacency key %x", ErrCorrupt, k)
			}
			v := rk.O
			if v == u {
				v = rk.S
			}
			if ps.bannedNodes[v] || ps.bannedPairs[pairOf(u, v)] {
				return true, nil
			}
			if ps.o.Since != "" || ps.o.Until != "" {
				rec, err := decodeRel(val)
				if err != nil {
					return false, err
				}
				if !InPeriod(rec.First, rec.Last, ps.o.Since, ps.o.Until) {
					return true, nil
				}
			}
			return true, fn(v, rk)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// shortest runs a bidirectional breadth-first search, always expanding the
// smaller frontier by one whole layer. Among the shortest paths it returns
// one with the fewest co-mention edges. ok is false when there is no path
// within maxHops.
func (ps *pathSearch) shortest(from, to EntityID, maxHops int) (nodes []EntityID, rks []relKey, cost int, ok bool, err error) {
	if from == to {
		return []EntityID{from}, nil, 0, true, nil
	}
	fw := map[EntityID]*pathNode{from: {}}
	bw := map[EntityID]*pathNode{to: {}}
	ff, bf := []EntityID{from}, []EntityID{to}
	hf, hb := 0, 0
	for hf+hb < maxHops && len(ff) > 0 && len(bf) > 0 {
		// Expand the cheaper side: the one whose frontier has fewer
		// mentions in all (mention counts follow degree), cheapest node
		// first, so that hubs are read last and often not at all.
		cf, err := ps.frontierCost(ff)
		if err != nil {
			return nil, nil, 0, false, err
		}
		cb, err := ps.frontierCost(bf)
		if err != nil {
			return nil, nil, 0, false, err
		}
		side, other, frontier := fw, bw, ff
		forward := cf <= cb
		if !forward {
			side, other, frontier = bw, fw, bf
		}
		if len(frontier) <= frontierWeighLimit {
			slices.SortStableFunc(frontier, func(a, b EntityID) int { return cmp.Compare(ps.weight[a], ps.weight[b]) })
		}
		var next []EntityID
		// Every meeting point of this layer gives the same (shortest)
		// length; once one is found, the rest of the layer is only read to
		// prefer typed edges, within tieBudget more adjacency entries.
		met, metAt := false, 0
		for _, u := range frontier {
			if met && ps.scanned-metAt > tieBudget {
				break
			}
			pu := side[u]
			err := ps.expand(u, func(v EntityID, rk relKey) error {
				if met && ps.scanned-metAt > tieBudget {
					return errStopLayer
				}
				c := pu.cost + ps.edgeCost(rk.Code)
				if nv, seen := side[v]; seen {
					if nv.hops == pu.hops+1 && (c < nv.cost || (c == nv.cost && u < nv.parent)) {
						nv.cost, nv.parent, nv.rk = c, u, rk
					}
					return nil
				}
				side[v] = &pathNode{hops: pu.hops + 1, cost: c, parent: u, rk: rk}
				next = append(next, v)
				if _, ok := other[v]; ok && !met {
					met, metAt = true, ps.scanned
				}
				if len(fw)+len(bw) > ps.o.MaxVisited {
					return fmt.Errorf("%w: a path search may visit %d entities", ErrBudget, ps.o.MaxVisited)
				}
				return nil
			})
			if errors.Is(err, errStopLayer) {
				break
			}
			if err != nil {
				return nil, nil, 0, false, err
			}
		}
		if forward {
			ff, hf = next, hf+1
		} else {
			bf, hb = next, hb+1
		}
		// Meeting points of this layer: the fewest hops, then the fewest
		// co-mentions, then the smallest ID.
		var meet EntityID
		found := false
		bestHops, bestCost := 0, 0
		for _, v := range next {
			o, ok := other[v]
			if !ok {
				continue
			}
			h, c := side[v].hops+o.hops, side[v].cost+o.cost
			if !found || h < bestHops || (h == bestHops && (c < bestCost || (c == bestCost && v < meet))) {
				meet, bestHops, bestCost, found = v, h, c, true
			}
		}
		if found {
			var head []EntityID
			var headK []relKey
			for v := meet; v != from; v = fw[v].parent {
				head = append(head, v)
				headK = append(headK, fw[v].rk)
			}
			head = append(head, from)
			slices.Reverse(head)
			slices.Reverse(headK)
			for v := meet; v != to; {
				n := bw[v]
				headK = append(headK, n.rk)
				v = n.parent
				head = append(head, v)
			}
			return head, headK, bestCost, true, nil
		}
	}
	return nil, nil, 0, false, nil
}

func (ps *pathSearch) build(nodes []EntityID, rks []relKey, cost int) (Path, error) {
	p := Path{Nodes: nodes, CoMentions: cost, Edges: make([]Relation, 0, len(rks))}
	for _, rk := range rks {
		v, ok, err := ps.tx.get(rk.fwd())
		if err != nil {
			return Path{}, err
		}
		if !ok {
			return Path{}, fmt.Errorf("%w: relation of a path vanished", ErrCorrupt)
		}
		r, err := ps.tx.relation(rk, v)
		if err != nil {
			return Path{}, err
		}
		p.Edges = append(p.Edges, r)
	}
	return p, nil
}

// ShortestPath returns a shortest path between two entities, ignoring
// relation direction; among paths of the same length it prefers typed
// relations to CO_MENTIONED ones. ok is false when there is none within
// MaxHops. The search stops with an error wrapping ErrBudget past
// MaxVisited entities and with ctx's error when ctx is done.
func (tx *Tx) ShortestPath(ctx context.Context, from, to EntityID, o PathOptions) (p Path, ok bool, err error) {
	ps := tx.newPathSearch(ctx, o)
	nodes, rks, cost, ok, err := ps.shortest(from, to, ps.o.MaxHops)
	if err != nil || !ok {
		return Path{}, false, err
	}
	p, err = ps.build(nodes, rks, cost)
	return p, err == nil, err
}

// Paths returns up to k shortest paths between two entities that differ in
// at least one entity (Yen's algorithm over ShortestPath's search), by
// length, then co-mentions. Options and errors are as for ShortestPath.
func (tx *Tx) Paths(ctx context.Context, from, to EntityID, k int, o PathOptions) ([]Path, error) {
	ps := tx.newPathSearch(ctx, o)
	type cand struct {
		nodes []EntityID
		rks   []relKey
		cost  int
	}
	nodes, rks, cost, ok, err := ps.shortest(from, to, ps.o.MaxHops)
	if err != nil || !ok || k <= 0 {
		return nil, err
	}
	found := []cand{{nodes, rks, cost}}
	var pool []cand
	seen := map[string]bool{fmt.Sprint(nodes): true}
	for len(found) < k {
		last := found[len(found)-1]
		for i := 0; i < len(last.nodes)-1; i++ {
			spur, root := last.nodes[i], last.nodes[:i+1]
			ps.bannedPairs = map[[2]EntityID]bool{}
			for _, p := range found {
				if len(p.nodes) > i+1 && slices.Equal(p.nodes[:i+1], root) {
					ps.bannedPairs[pairOf(p.nodes[i], p.nodes[i+1])] = true
				}
			}
			ps.bannedNodes = map[EntityID]bool{}
			for _, n := range root[:i] {
				ps.bannedNodes[n] = true
			}
			sn, sk, sc, ok, err := ps.shortest(spur, to, ps.o.MaxHops-i)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
			c := cand{nodes: append(slices.Clone(root[:i]), sn...), rks: append(slices.Clone(last.rks[:i]), sk...), cost: sc}
			for _, rk := range c.rks[:i] {
				c.cost += ps.edgeCost(rk.Code)
			}
			if key := fmt.Sprint(c.nodes); !seen[key] {
				seen[key] = true
				pool = append(pool, c)
			}
		}
		if len(pool) == 0 {
			break
		}
		slices.SortFunc(pool, func(a, b cand) int {
			return cmp.Or(cmp.Compare(len(a.nodes), len(b.nodes)), cmp.Compare(a.cost, b.cost),
				slices.Compare(a.nodes, b.nodes))
		})
		found = append(found, pool[0])
		pool = pool[1:]
	}
	ps.bannedNodes, ps.bannedPairs = nil, nil
	out := make([]Path, 0, len(found))
	for _, c := range found {
		p, err := ps.build(c.nodes, c.rks, c.cost)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// ShortestPath returns a shortest path (see Tx.ShortestPath).
func (s *Store) ShortestPath(ctx context.Context, from, to EntityID, o PathOptions) (p Path, ok bool, err error) {
	err = s.View(func(tx *Tx) error { p, ok, err = tx.ShortestPath(ctx, from, to, o); return err })
	return p, ok, err
}

// Paths returns up to k shortest distinct paths (see Tx.Paths).
func (s *Store) Paths(ctx context.Context, from, to EntityID, k int, o PathOptions) (ps []Path, err error) {
	err = s.View(func(tx *Tx) error { ps, err = tx.Paths(ctx, from, to, k, o); return err })
	return ps, err
}
