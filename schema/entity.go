package schema

import (
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/kgraph/kgraph/graph"
)

// EntityResolver resolves the Entity type.
type EntityResolver struct {
	r *Resolver
	e graph.Entity
}

// ID resolves Entity.id.
func (e *EntityResolver) ID() graphql.ID { return globalID(kindEntity, e.e.ID.String()) }

// Name resolves Entity.name.
func (e *EntityResolver) Name() string { return e.e.Name }

// Type resolves Entity.type; unknown types read as MISC.
func (e *EntityResolver) Type() string { return enumType(e.e.Type) }

// Aliases resolves Entity.aliases.
func (e *EntityResolver) Aliases() []string {
	if e.e.Aliases == nil {
		return []string{}
	}
	return e.e.Aliases
}

// MentionCount resolves Entity.mentionCount.
func (e *EntityResolver) MentionCount() int32 { return int32(e.e.MentionCount) }

type relationsArgs struct {
	Type  *string
	First int32
	After *string
}

// Relations resolves Entity.relations.
func (e *EntityResolver) Relations(args relationsArgs) (*RelationConnection, error) {
	first, err := pageSize(args.First)
	if err != nil {
		return nil, err
	}
	opts := graph.NeighborOptions{Direction: graph.Both}
	if args.Type != nil && *args.Type != "" {
		opts.Types = []string{*args.Type}
	}
	page, err := fetchPage(args.After, first, func(token string, limit int) ([]graph.Relation, string, bool, error) {
		o := opts
		o.After, o.Limit = token, limit
		return e.r.store.Neighbors(e.e.ID, o)
	})
	if err != nil {
		return nil, gqlError(err)
	}
	total, err := countNeighbors(e.r.store, e.e.ID, opts)
	if err != nil {
		return nil, gqlError(err)
	}
	c := &RelationConnection{total: total, info: page.pageInfo(args.After)}
	for i, rel := range page.items {
		c.edges = append(c.edges, &RelationEdge{cursor: page.cursors[i], node: &RelationResolver{r: e.r, rel: rel}})
	}
	return c, nil
}

var enumTypes = map[string]bool{"PERSON": true, "ORG": true, "LOCATION": true, "MISC": true, "PRODUCT": true, "EVENT": true}

func enumType(t string) string {
	if enumTypes[t] {
		return t
	}
	return "MISC"
}

// EntityConnection resolves the EntityConnection type.
type EntityConnection = connection[*EntityEdge]

// EntityEdge resolves the EntityEdge type.
type EntityEdge = edge[*EntityResolver]

// countLimit bounds the relations counted for totalCount.
const countLimit = 1_000_000

// countNeighbors counts an entity's relations by scanning its adjacency (a
// prefix scan of its own keys), up to countLimit.
func countNeighbors(s *graph.Store, id graph.EntityID, o graph.NeighborOptions) (int, error) {
	n := 0
	o.After, o.Limit = "", graph.MaxLimit
	for n < countLimit {
		rels, next, more, err := s.Neighbors(id, o)
		if err != nil {
			return 0, err
		}
		n += len(rels)
		if !more {
			break
		}
		o.After = next
	}
	return n, nil
}
