package schema

import (
	"context"
	"errors"
	"fmt"
	"time"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/kgraph/kgraph/graph"
	"github.com/kgraph/kgraph/graph/ingest"
	"github.com/kgraph/kgraph/nlp"
)

// Resolver is the root resolver: the Query and Mutation types.
type Resolver struct {
	store    *graph.Store
	ingester *ingest.Ingester
	auth     func(ctx context.Context) bool

	pathTimeout time.Duration // bound of one path search
	maxVisited  int           // entities one path search may reach
	argTypes    nlp.ArgumentTypes
}

// ---- Query ----

type nameArgs struct{ Name string }

// Entity resolves Query.entity: a case-insensitive match on names and
// aliases, or on an entity id.
func (r *Resolver) Entity(args nameArgs) (*EntityResolver, error) {
	if k, local, ok := parseGlobalID(args.Name); ok && k == kindEntity {
		args.Name = local
	}
	e, err := r.store.EntityByName(args.Name)
	if errors.Is(err, graph.ErrEntityNotFound) || errors.Is(err, graph.ErrNotFound) {
		if id, perr := graph.ParseEntityID(args.Name); perr == nil {
			if e, err = r.store.Entity(id); err == nil {
				return &EntityResolver{r: r, e: e}, nil
			}
		}
		return nil, nil
	}
	if err != nil {
		return nil, gqlError(err)
	}
	return &EntityResolver{r: r, e: e}, nil
}

type entitiesArgs struct {
	Type  *string
	Query *string
	First int32
	After *string
}

// Entities resolves Query.entities.
func (r *Resolver) Entities(args entitiesArgs) (*EntityConnection, error) {
	first, err := pageSize(args.First)
	if err != nil {
		return nil, err
	}
	opts := graph.EntityListOptions{}
	if args.Type != nil {
		opts.Type = *args.Type
	}
	if args.Query != nil {
		opts.Prefix = *args.Query
	}
	var total int
	page, err := fetchPage(args.After, first, func(token string, limit int) ([]graph.Entity, string, bool, error) {
		o := opts
		o.After, o.Limit = token, limit
		items, next, more, n, err := r.store.Entities(o)
		total = n
		return items, next, more, err
	})
	if err != nil {
		return nil, gqlError(err)
	}
	c := &EntityConnection{total: total, info: page.pageInfo(args.After)}
	for i, e := range page.items {
		c.edges = append(c.edges, &EntityEdge{cursor: page.cursors[i], node: &EntityResolver{r: r, e: e}})
	}
	return c, nil
}

type idArgs struct{ ID graphql.ID }

// Document resolves Query.document.
func (r *Resolver) Document(args idArgs) (*DocumentResolver, error) {
	d, err := r.store.Document(localID(kindDocument, string(args.ID)))
	if errors.Is(err, graph.ErrDocumentNotFound) || errors.Is(err, graph.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, gqlError(err)
	}
	return &DocumentResolver{d: d}, nil
}

type pageArgs struct {
	First int32
	After *string
}

// Documents resolves Query.documents.
func (r *Resolver) Documents(args pageArgs) (*DocumentConnection, error) {
	first, err := pageSize(args.First)
	if err != nil {
		return nil, err
	}
	var total int
	page, err := fetchPage(args.After, first, func(token string, limit int) ([]graph.Document, string, bool, error) {
		items, next, n, err := r.store.Documents(token, limit+1)
		total = n
		more := len(items) > limit
		if more {
			items = items[:limit]
			next = ""
		}
		return items, next, more, err
	})
	if err != nil {
		return nil, gqlError(err)
	}
	c := &DocumentConnection{total: total, info: page.pageInfo(args.After)}
	for i, d := range page.items {
		c.edges = append(c.edges, &DocumentEdge{cursor: page.cursors[i], node: &DocumentResolver{d: d}})
	}
	return c, nil
}

// Relation resolves Query.relation.
func (r *Resolver) Relation(args idArgs) (*RelationResolver, error) {
	rel, err := r.store.RelationByID(localID(kindRelation, string(args.ID)))
	if errors.Is(err, graph.ErrRelationNotFound) || errors.Is(err, graph.ErrNotFound) || errors.Is(err, graph.ErrBadID) {
		return nil, nil
	}
	if err != nil {
		return nil, gqlError(err)
	}
	return &RelationResolver{r: r, rel: rel}, nil
}

// Stats resolves Query.stats.
func (r *Resolver) Stats() (*StatsResolver, error) {
	s, err := r.store.Stats()
	if err != nil {
		return nil, gqlError(err)
	}
	return &StatsResolver{s: s}, nil
}

// ---- Mutation ----

// DocumentInput is the GraphQL input type DocumentInput.
type DocumentInput struct {
	ID    graphql.ID
	Title *string
	Date  *string
	URL   *string
	Text  string
}

type ingestArgs struct{ Documents []DocumentInput }

// Ingest resolves Mutation.ingest.
func (r *Resolver) Ingest(ctx context.Context, args ingestArgs) (*IngestResult, error) {
	if r.auth != nil && !r.auth(ctx) {
		return nil, gqlError(ErrUnauthenticated)
	}
	if r.ingester == nil {
		return nil, gqlError(ErrNoIngester)
	}
	docs := make([]ingest.Doc, len(args.Documents))
	for i, d := range args.Documents {
		if d.ID == "" {
			return nil, badArg("documents[%d].id must not be empty", i)
		}
		docs[i] = ingest.Doc{ID: string(d.ID), Title: deref(d.Title), Date: deref(d.Date), URL: deref(d.URL), Text: d.Text, Source: string(d.ID)}
	}
	res, err := r.ingester.Documents(ctx, docs)
	if err != nil {
		return nil, gqlError(fmt.Errorf("ingest: %w", err))
	}
	out := &IngestResult{res: res}
	for _, e := range res.Errors {
		out.errors = append(out.errors, e.Error())
	}
	return out, nil
}

// DeleteDocument resolves Mutation.deleteDocument.
func (r *Resolver) DeleteDocument(ctx context.Context, args idArgs) (bool, error) {
	if r.auth != nil && !r.auth(ctx) {
		return false, gqlError(ErrUnauthenticated)
	}
	err := r.store.DeleteDocument(localID(kindDocument, string(args.ID)))
	if errors.Is(err, graph.ErrDocumentNotFound) || errors.Is(err, graph.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, gqlError(err)
	}
	return true, nil
}

// IngestResult resolves the IngestResult type.
type IngestResult struct {
	res    ingest.Result
	errors []string
}

// Added resolves IngestResult.added.
func (i *IngestResult) Added() int32 { return int32(i.res.Added) }

// Replaced resolves IngestResult.replaced.
func (i *IngestResult) Replaced() int32 { return int32(i.res.Replaced) }

// Unchanged resolves IngestResult.unchanged.
func (i *IngestResult) Unchanged() int32 { return int32(i.res.Unchanged) }

// Failed resolves IngestResult.failed.
func (i *IngestResult) Failed() int32 { return int32(i.res.Failed) }

// Errors resolves IngestResult.errors.
func (i *IngestResult) Errors() []string {
	if i.errors == nil {
		return []string{}
	}
	return i.errors
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
