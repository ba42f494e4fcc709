package schema

import (
	"context"

	"github.com/kgraph/kgraph/graph"
)

type neighborsArgs struct {
	Types        *[]string
	Direction    string
	EntityTypes  *[]string
	MinWeight    *int32
	First        int32
	After        *string
	Since, Until *string
}

// Neighbors resolves Entity.neighbors: the heaviest relations first.
func (e *EntityResolver) Neighbors(ctx context.Context, args neighborsArgs) (*NeighborConnection, error) {
	first, err := pageSize(args.First)
	if err != nil {
		return nil, err
	}
	o := graph.TopNeighborOptions{Direction: graph.Both}
	if o.Since, o.Until, err = period(args.Since, args.Until); err != nil {
		return nil, err
	}
	switch args.Direction {
	case "OUT":
		o.Direction = graph.Out
	case "IN":
		o.Direction = graph.In
	}
	if args.Types != nil {
		o.Types = *args.Types
		if len(o.Types) == 0 {
			return &NeighborConnection{info: &PageInfo{}}, nil
		}
	}
	if args.EntityTypes != nil {
		o.EntityTypes = *args.EntityTypes
		if len(o.EntityTypes) == 0 {
			return &NeighborConnection{info: &PageInfo{}}, nil
		}
	}
	if args.MinWeight != nil {
		o.MinWeight = int(*args.MinWeight)
	}
	// One snapshot for the page and the entities at its other ends: a
	// View per entity would cost a transaction each.
	var c *NeighborConnection
	err = e.r.store.View(func(tx *graph.Tx) error {
		var total int
		page, err := fetchPage(args.After, first, func(_ string, limit int) ([]graph.Relation, string, bool, error) {
			o.Limit = limit
			rels, n, err := tx.TopNeighbors(ctx, e.e.ID, o)
			total = n
			return rels, "", n > len(rels), err
		})
		if err != nil {
			return err
		}
		c = &NeighborConnection{total: total, info: page.pageInfo(args.After)}
		for i, rel := range page.items {
			other := rel.Object
			if other == e.e.ID {
				other = rel.Subject
			}
			oe, err := tx.Entity(other)
			if err != nil {
				return err
			}
			c.edges = append(c.edges, &NeighborEdge{cursor: page.cursors[i], node: e.r.entityResolver(oe),
				rel: &RelationResolver{r: e.r, rel: rel}})
		}
		return nil
	})
	if err != nil {
		return nil, gqlError(err)
	}
	return c, nil
}

// NeighborConnection resolves the NeighborConnection type.
type NeighborConnection = connection[*NeighborEdge]

// NeighborEdge resolves the NeighborEdge type.
type NeighborEdge struct {
	cursor string
	node   *EntityResolver
	rel    *RelationResolver
}

// Cursor resolves NeighborEdge.cursor.
func (e *NeighborEdge) Cursor() string { return e.cursor }

// Node resolves NeighborEdge.node.
func (e *NeighborEdge) Node() *EntityResolver { return e.node }

// Relation resolves NeighborEdge.relation.
func (e *NeighborEdge) Relation() *RelationResolver { return e.rel }

// Documents resolves Entity.documents.
func (e *EntityResolver) Documents(args pageArgs) (*DocumentConnection, error) {
	first, err := pageSize(args.First)
	if err != nil {
		return nil, err
	}
	page, err := fetchPage(args.After, first, pages(func(token string, limit int) ([]graph.Document, string, error) {
		return e.r.store.EntityDocuments(e.e.ID, token, limit)
	}))
	if err != nil {
		return nil, gqlError(err)
	}
	total := 0
	for token := ""; ; {
		docs, next, err := e.r.store.EntityDocuments(e.e.ID, token, graph.MaxLimit)
		if err != nil {
			return nil, gqlError(err)
		}
		total += len(docs)
		if next == "" {
			break
		}
		token = next
	}
	c := &DocumentConnection{total: total, info: page.pageInfo(args.After)}
	for i, d := range page.items {
		c.edges = append(c.edges, &DocumentEdge{cursor: page.cursors[i], node: &DocumentResolver{d: d}})
	}
	return c, nil
}

// Mentions resolves Entity.mentions.
func (e *EntityResolver) Mentions(args pageArgs) (*MentionConnection, error) {
	first, err := pageSize(args.First)
	if err != nil {
		return nil, err
	}
	page, err := fetchPage(args.After, first, pages(func(token string, limit int) ([]graph.Mention, string, error) {
		return e.r.store.Mentions(e.e.ID, token, limit)
	}))
	if err != nil {
		return nil, gqlError(err)
	}
	c := &MentionConnection{info: page.pageInfo(args.After)}
	for i, m := range page.items {
		c.edges = append(c.edges, &MentionEdge{cursor: page.cursors[i], node: &MentionResolver{r: e.r, m: m}})
	}
	return c, nil
}

// MentionConnection resolves the MentionConnection type.
type MentionConnection = connection[*MentionEdge]

// MentionEdge resolves the MentionEdge type.
type MentionEdge = edge[*MentionResolver]

// MentionResolver resolves the Mention type.
type MentionResolver struct {
	r *Resolver
	m graph.Mention
}

// Document resolves Mention.document.
func (m *MentionResolver) Document() (*DocumentResolver, error) {
	d, err := m.r.store.Document(m.m.DocID)
	if err != nil {
		return nil, gqlError(err)
	}
	return &DocumentResolver{d: d}, nil
}

// Text resolves Mention.text.
func (m *MentionResolver) Text() string { return m.m.Text }

// Start resolves Mention.start.
func (m *MentionResolver) Start() int32 { return int32(m.m.Start) }

// End resolves Mention.end.
func (m *MentionResolver) End() int32 { return int32(m.m.End) }

// Sentence resolves Mention.sentence.
func (m *MentionResolver) Sentence() int32 { return int32(m.m.Sentence) }

// Type resolves Mention.type.
func (m *MentionResolver) Type() string { return enumType(m.m.Type) }
