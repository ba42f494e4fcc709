package graph

import (
	"bytes"
	"cmp"
	"container/heap"
	"context"
	"encoding/binary"
	"fmt"
	"slices"
)

// TopNeighborOptions selects and ranks an entity's relations for
// TopNeighbors.
type TopNeighborOptions struct {
	// Types keeps only relations of these types; empty keeps all.
	Types []string
	// Direction: Out, In or Both (the default), as for Neighbors.
	Direction Direction
	// EntityTypes keeps only relations whose other end has one of these
	// types; empty keeps all. Costs one entity read per relation.
	EntityTypes []string
	// MinWeight drops relations with a smaller weight; 0 keeps all.
	MinWeight int
	// Since and Until (ISO dates, "" for open) keep only relations whose
	// [FirstSeen, LastSeen] overlaps the interval; relations without dates
	// are dropped when either is set.
	Since, Until string
	// Limit is how many of the heaviest relations to return: DefaultLimit
	// when 0, at most MaxLimit.
	Limit int
}

// InPeriod reports whether a relation seen from first to last overlaps
// [since, until]; "" bounds are open. Undated relations overlap only
// unbounded periods.
func InPeriod(first, last, since, until string) bool {
	if since == "" && until == "" {
		return true
	}
	if first == "" && last == "" {
		return false
	}
	if last == "" {
		last = first
	}
	if first == "" {
		first = last
	}
	// A shorter until ("2006") covers the whole period it names.
	return (since == "" || last >= since) && (until == "" || first[:min(len(first), len(until))] <= until)
}

type weighted struct {
	w   int
	key []byte
	val []byte
}

// minHeap keeps the heaviest entries seen; its root is the lightest kept
// (ties: the larger key, so that smaller keys win).
type minHeap []weighted

func (h minHeap) Len() int { return len(h) }
func (h minHeap) Less(i, j int) bool {
	if h[i].w != h[j].w {
		return h[i].w < h[j].w
	}
	return bytes.Compare(h[i].key, h[j].key) > 0
}
func (h minHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *minHeap) Push(x any)   { *h = append(*h, x.(weighted)) }
func (h *minHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// TopNeighbors returns an entity's heaviest relations, by weight (highest
// first), ties in adjacency key order, and how many relations match the
// options in all. It scans the entity's adjacency once, keeping the best
// Limit in a heap, so it costs O(degree · log Limit) key reads and decodes
// only the relations it returns (plus, with Since/Until or EntityTypes,
// what the filters need).
func (tx *Tx) TopNeighbors(ctx context.Context, id EntityID, o TopNeighborOptions) (rels []Relation, total int, err error) {
	limit := pageLimit(o.Limit)
	ranges := tx.neighborRanges(id, NeighborOptions{Types: o.Types, Direction: o.Direction})
	h := make(minHeap, 0, limit+1)
	typeOf := map[EntityID]string{}
	n := 0
	for _, p := range ranges {
		err := tx.scan(p, nil, func(k, v []byte) (bool, error) {
			if n++; n&1023 == 0 && ctx.Err() != nil {
				return false, ctx.Err()
			}
			w, c := binary.Uvarint(v)
			if c <= 0 {
				return false, fmt.Errorf("%w: relation value", ErrCorrupt)
			}
			if int(w) < o.MinWeight {
				return true, nil
			}
			if o.Since != "" || o.Until != "" {
				rec, err := decodeRel(v)
				if err != nil {
					return false, err
				}
				if !InPeriod(rec.First, rec.Last, o.Since, o.Until) {
					return true, nil
				}
			}
			if len(o.EntityTypes) > 0 {
				other := parseTrailingID(k)
				t, ok := typeOf[other]
				if !ok {
					rec, found, err := tx.entityRec(other)
					if err != nil {
						return false, err
					}
					if found {
						t = rec.typ()
					}
					typeOf[other] = t
				}
				if !slices.Contains(o.EntityTypes, t) {
					return true, nil
				}
			}
			total++
			if len(h) == limit {
				if int(w) < h[0].w || (int(w) == h[0].w && bytes.Compare(k, h[0].key) > 0) {
					return true, nil
				}
				heap.Pop(&h)
			}
			heap.Push(&h, weighted{int(w), bytes.Clone(k), bytes.Clone(v)})
			return true, nil
		})
		if err != nil {
			return nil, 0, err
		}
	}
	slices.SortFunc(h, func(a, b weighted) int { return cmp.Or(cmp.Compare(b.w, a.w), bytes.Compare(a.key, b.key)) })
	rels = make([]Relation, 0, len(h))
	for _, x := range h {
		rk, ok := parseAdjKey(x.key)
		if !ok {
			return nil, 0, fmt.Errorf("%w: adjacency key %x", ErrCorrupt, x.key)
		}
		r, err := tx.relation(rk, x.val)
		if err != nil {
			return nil, 0, err
		}
		rels = append(rels, r)
	}
	return rels, total, nil
}

// TopNeighbors returns an entity's heaviest relations (see
// Tx.TopNeighbors).
func (s *Store) TopNeighbors(ctx context.Context, id EntityID, o TopNeighborOptions) (rels []Relation, total int, err error) {
	err = s.View(func(tx *Tx) error { rels, total, err = tx.TopNeighbors(ctx, id, o); return err })
	return rels, total, err
}
