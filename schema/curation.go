package schema

import (
	"context"
	"net/http"
	"time"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/kgraph/kgraph/graph"
)

type clientKey struct{}

// withClient stores who sent the request, for the curation log.
func withClient(ctx context.Context, r *http.Request) context.Context {
	return context.WithValue(ctx, clientKey{}, graph.CurationClient{Addr: r.RemoteAddr, UserAgent: r.UserAgent()})
}

func clientOf(ctx context.Context) graph.CurationClient {
	c, _ := ctx.Value(clientKey{}).(graph.CurationClient)
	return c
}

// entityID parses an entity id, global or plain.
func entityID(id graphql.ID) (graph.EntityID, error) {
	eid, err := graph.ParseEntityID(localID(kindEntity, string(id)))
	if err != nil {
		return 0, badArg("not an entity id: %q", string(id))
	}
	return eid, nil
}

func (r *Resolver) curate(ctx context.Context, fn func(who graph.CurationClient) (graph.Curation, error)) (*CurationResolver, error) {
	if r.auth != nil && !r.auth(ctx) {
		return nil, gqlError(ErrUnauthenticated)
	}
	c, err := fn(clientOf(ctx))
	if err != nil {
		return nil, gqlError(err)
	}
	return &CurationResolver{c: c}, nil
}

type mergeArgs struct {
	Into graphql.ID
	From []graphql.ID
}

// MergeEntities resolves Mutation.mergeEntities.
func (r *Resolver) MergeEntities(ctx context.Context, args mergeArgs) (*CurationResolver, error) {
	return r.curate(ctx, func(who graph.CurationClient) (graph.Curation, error) {
		into, err := entityID(args.Into)
		if err != nil {
			return graph.Curation{}, err
		}
		if len(args.From) == 0 {
			return graph.Curation{}, badArg("from must name at least one entity")
		}
		var from []graph.EntityID
		for _, f := range args.From {
			id, err := entityID(f)
			if err != nil {
				return graph.Curation{}, err
			}
			from = append(from, id)
		}
		return r.store.MergeEntities(into, from, who)
	})
}

// SplitEntity resolves Mutation.splitEntity.
func (r *Resolver) SplitEntity(ctx context.Context, args idArgs) (*CurationResolver, error) {
	return r.curate(ctx, func(who graph.CurationClient) (graph.Curation, error) {
		id, err := entityID(args.ID)
		if err != nil {
			return graph.Curation{}, err
		}
		return r.store.SplitEntity(id, who)
	})
}

type renameArgs struct {
	ID   graphql.ID
	Name string
}

// RenameEntity resolves Mutation.renameEntity.
func (r *Resolver) RenameEntity(ctx context.Context, args renameArgs) (*CurationResolver, error) {
	return r.curate(ctx, func(who graph.CurationClient) (graph.Curation, error) {
		id, err := entityID(args.ID)
		if err != nil {
			return graph.Curation{}, err
		}
		return r.store.SetEntityOverride(id, graph.CurationRename, args.Name, who)
	})
}

type setTypeArgs struct {
	ID   graphql.ID
	Type string
}

// SetEntityType resolves Mutation.setEntityType.
func (r *Resolver) SetEntityType(ctx context.Context, args setTypeArgs) (*CurationResolver, error) {
	return r.curate(ctx, func(who graph.CurationClient) (graph.Curation, error) {
		id, err := entityID(args.ID)
		if err != nil {
			return graph.Curation{}, err
		}
		return r.store.SetEntityOverride(id, graph.CurationSetType, args.Type, who)
	})
}

// SuppressRelation resolves Mutation.suppressRelation.
func (r *Resolver) SuppressRelation(ctx context.Context, args idArgs) (*CurationResolver, error) {
	return r.curate(ctx, func(who graph.CurationClient) (graph.Curation, error) {
		s, typ, o, err := graph.ParseRelationID(localID(kindRelation, string(args.ID)))
		if err != nil {
			return graph.Curation{}, badArg("not a relation id: %q", string(args.ID))
		}
		return r.store.SuppressRelation(s, typ, o, who)
	})
}

type undoArgs struct{ Seq int32 }

// UndoCuration resolves Mutation.undoCuration.
func (r *Resolver) UndoCuration(ctx context.Context, args undoArgs) (*CurationResolver, error) {
	return r.curate(ctx, func(who graph.CurationClient) (graph.Curation, error) {
		if args.Seq < 1 {
			return graph.Curation{}, badArg("seq must be at least 1, got %d", args.Seq)
		}
		return r.store.UndoCuration(uint64(args.Seq), who)
	})
}

// Curations resolves Query.curations.
func (r *Resolver) Curations(args pageArgs) (*CurationConnection, error) {
	first, err := pageSize(args.First)
	if err != nil {
		return nil, err
	}
	page, err := fetchPage(args.After, first, pages(r.store.Curations))
	if err != nil {
		return nil, gqlError(err)
	}
	c := &CurationConnection{info: page.pageInfo(args.After)}
	for i, x := range page.items {
		c.edges = append(c.edges, &CurationEdge{cursor: page.cursors[i], node: &CurationResolver{c: x}})
	}
	return c, nil
}

// CurationResolver resolves the Curation type.
type CurationResolver struct{ c graph.Curation }

// Seq resolves Curation.seq.
func (c *CurationResolver) Seq() int32 { return int32(c.c.Seq) }

// Kind resolves Curation.kind.
func (c *CurationResolver) Kind() string { return c.c.Kind }

// Target resolves Curation.target.
func (c *CurationResolver) Target() graphql.ID {
	if c.c.Kind == graph.CurationSuppress || (c.c.Kind == graph.CurationUndo && c.c.Value == graph.CurationSuppress) {
		return globalID(kindRelation, c.c.Target)
	}
	return globalID(kindEntity, c.c.Target)
}

// Sources resolves Curation.sources.
func (c *CurationResolver) Sources() []graphql.ID {
	out := []graphql.ID{}
	for _, s := range c.c.Sources {
		out = append(out, globalID(kindEntity, s))
	}
	return out
}

// Value resolves Curation.value.
func (c *CurationResolver) Value() *string { return strPtr(c.c.Value) }

// At resolves Curation.at.
func (c *CurationResolver) At() string { return c.c.At.UTC().Format(time.RFC3339) }

// Client resolves Curation.client.
func (c *CurationResolver) Client() string { return c.c.Client }

// UserAgent resolves Curation.userAgent.
func (c *CurationResolver) UserAgent() *string { return strPtr(c.c.UserAgent) }

// Documents resolves Curation.documents.
func (c *CurationResolver) Documents() int32 { return int32(c.c.Documents) }

// Undoes resolves Curation.undoes.
func (c *CurationResolver) Undoes() *int32 {
	if c.c.Undoes == 0 {
		return nil
	}
	n := int32(c.c.Undoes)
	return &n
}

// CurationConnection resolves the CurationConnection type.
type CurationConnection = connection[*CurationEdge]

// CurationEdge resolves the CurationEdge type.
type CurationEdge = edge[*CurationResolver]
