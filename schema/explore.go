package schema

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/kgraph/kgraph/graph"
)

// Exploration limits.
const (
	// MaxHops caps path and paths maxHops.
	MaxHops = 10
	// MaxPaths caps paths first.
	MaxPaths = 10
	// DefaultPathTimeout bounds one path search when Options.PathTimeout
	// is 0.
	DefaultPathTimeout = time.Second
)

var isoDate = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)

// period validates since and until.
func period(since, until *string) (string, string, error) {
	s, u := deref(since), deref(until)
	for _, v := range []struct{ name, val string }{{"since", s}, {"until", u}} {
		if v.val != "" && !isoDate.MatchString(v.val) {
			return "", "", badArg("%s must be an ISO date (YYYY, YYYY-MM or YYYY-MM-DD), got %q", v.name, v.val)
		}
	}
	return s, u, nil
}

// resolveEntity finds an entity by global id, plain id, name or alias.
func (r *Resolver) resolveEntity(s string) (graph.Entity, error) {
	if k, local, ok := parseGlobalID(s); ok && k == kindEntity {
		s = local
	}
	if id, err := graph.ParseEntityID(s); err == nil {
		if e, err := r.store.Entity(id); err == nil {
			return e, nil
		}
	}
	e, err := r.store.EntityByName(s)
	if err != nil {
		if notFound(err) {
			return graph.Entity{}, &Error{Code: CodeNotFound, Err: fmt.Errorf("%w: no entity named %q", graph.ErrEntityNotFound, s)}
		}
		return graph.Entity{}, gqlError(err)
	}
	return e, nil
}

type searchArgs struct {
	Query string
	Types *[]string
	First int32
}

// Search resolves Query.search.
func (r *Resolver) Search(args searchArgs) ([]*EntityResolver, error) {
	first, err := pageSize(args.First)
	if err != nil {
		return nil, err
	}
	out := []*EntityResolver{}
	if first == 0 {
		return out, nil
	}
	var types []string
	if args.Types != nil {
		types = *args.Types
	}
	res, err := r.store.Search(args.Query, types, first)
	if err != nil {
		return nil, gqlError(err)
	}
	for _, x := range res {
		out = append(out, r.entityResolver(x.Entity))
	}
	return out, nil
}

type pathArgs struct {
	From, To     string
	MaxHops      int32
	Types        *[]string
	Since, Until *string
	First        int32
}

func (r *Resolver) pathSetup(ctx context.Context, args pathArgs) (from, to graph.Entity, o graph.PathOptions, c context.Context, cancel func(), err error) {
	if args.MaxHops < 1 || args.MaxHops > MaxHops {
		err = badArg("maxHops must be between 1 and %d, got %d", MaxHops, args.MaxHops)
		return
	}
	if o.Since, o.Until, err = period(args.Since, args.Until); err != nil {
		return
	}
	if from, err = r.resolveEntity(args.From); err != nil {
		return
	}
	if to, err = r.resolveEntity(args.To); err != nil {
		return
	}
	o.MaxHops = int(args.MaxHops)
	o.MaxVisited = r.maxVisited
	if args.Types != nil {
		o.Types = *args.Types
	}
	c, cancel = context.WithTimeout(ctx, r.pathTimeout)
	return
}

// pathError explains a path search that ran out of time or budget.
func (r *Resolver) pathError(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return &Error{Code: CodeTimeout, Err: fmt.Errorf("path search exceeded its time limit of %s: %w", r.pathTimeout, err)}
	}
	if errors.Is(err, graph.ErrBudget) {
		return &Error{Code: CodeTooComplex, Err: fmt.Errorf("path search too large, narrow it with types, maxHops or since/until: %w", err)}
	}
	return gqlError(err)
}

// Path resolves Query.path.
func (r *Resolver) Path(ctx context.Context, args pathArgs) (*PathResolver, error) {
	from, to, o, c, cancel, err := r.pathSetup(ctx, args)
	if err != nil {
		return nil, err
	}
	defer cancel()
	p, ok, err := r.store.ShortestPath(c, from.ID, to.ID, o)
	if err != nil {
		return nil, r.pathError(err)
	}
	if !ok {
		return nil, nil
	}
	return &PathResolver{r: r, p: p}, nil
}

// Paths resolves Query.paths.
func (r *Resolver) Paths(ctx context.Context, args pathArgs) ([]*PathResolver, error) {
	if args.First < 0 || args.First > MaxPaths {
		return nil, badArg("first must be between 0 and %d, got %d", MaxPaths, args.First)
	}
	from, to, o, c, cancel, err := r.pathSetup(ctx, args)
	if err != nil {
		return nil, err
	}
	defer cancel()
	ps, err := r.store.Paths(c, from.ID, to.ID, int(args.First), o)
	if err != nil {
		return nil, r.pathError(err)
	}
	out := []*PathResolver{}
	for _, p := range ps {
		out = append(out, &PathResolver{r: r, p: p})
	}
	return out, nil
}

// PathResolver resolves the Path type.
type PathResolver struct {
	r *Resolver
	p graph.Path
}

// Length resolves Path.length.
func (p *PathResolver) Length() int32 { return int32(len(p.p.Edges)) }

// CoMentions resolves Path.coMentions.
func (p *PathResolver) CoMentions() int32 { return int32(p.p.CoMentions) }

// Nodes resolves Path.nodes.
func (p *PathResolver) Nodes() ([]*EntityResolver, error) {
	out := make([]*EntityResolver, 0, len(p.p.Nodes))
	err := p.r.store.View(func(tx *graph.Tx) error { // one snapshot for all nodes
		for _, id := range p.p.Nodes {
			e, err := tx.Entity(id)
			if err != nil {
				return err
			}
			out = append(out, p.r.entityResolver(e))
		}
		return nil
	})
	if err != nil {
		return nil, gqlError(err)
	}
	return out, nil
}

// Edges resolves Path.edges.
func (p *PathResolver) Edges() []*RelationResolver {
	out := make([]*RelationResolver, 0, len(p.p.Edges))
	for _, rel := range p.p.Edges {
		out = append(out, &RelationResolver{r: p.r, rel: rel})
	}
	return out
}

type collabArgs struct {
	Name         string
	First        int32
	After        *string
	Since, Until *string
}

// Collaborators resolves Query.collaborators.
func (r *Resolver) Collaborators(ctx context.Context, args collabArgs) (*CollaboratorConnection, error) {
	first, err := pageSize(args.First)
	if err != nil {
		return nil, err
	}
	since, until, err := period(args.Since, args.Until)
	if err != nil {
		return nil, err
	}
	p, err := r.resolveEntity(args.Name)
	if err != nil {
		return nil, err
	}
	var total int
	page, err := fetchPage(args.After, first, func(_ string, limit int) ([]graph.Collaborator, string, bool, error) {
		cs, err := r.store.Collaborators(ctx, p.ID, since, until)
		total = len(cs)
		if len(cs) > limit {
			return cs[:limit], "", true, err
		}
		return cs, "", false, err
	})
	if err != nil {
		return nil, gqlError(err)
	}
	c := &CollaboratorConnection{total: total, info: page.pageInfo(args.After)}
	for i, x := range page.items {
		e, err := r.store.Entity(x.Person)
		if err != nil {
			return nil, gqlError(err)
		}
		c.edges = append(c.edges, &CollaboratorEdge{r: r, cursor: page.cursors[i], node: r.entityResolver(e), c: x})
	}
	return c, nil
}

// CollaboratorConnection resolves the CollaboratorConnection type.
type CollaboratorConnection = connection[*CollaboratorEdge]

// CollaboratorEdge resolves the CollaboratorEdge type.
type CollaboratorEdge struct {
	r      *Resolver
	cursor string
	node   *EntityResolver
	c      graph.Collaborator
}

// Cursor resolves CollaboratorEdge.cursor.
func (e *CollaboratorEdge) Cursor() string { return e.cursor }

// Node resolves CollaboratorEdge.node.
func (e *CollaboratorEdge) Node() *EntityResolver { return e.node }

// Score resolves CollaboratorEdge.score, rounded to 3 decimals.
func (e *CollaboratorEdge) Score() float64 { return float64(int(e.c.Score*1000+0.5)) / 1000 }

// Connections resolves CollaboratorEdge.connections.
func (e *CollaboratorEdge) Connections() []*ConnectionResolver {
	out := make([]*ConnectionResolver, 0, len(e.c.Links))
	for _, l := range e.c.Links {
		out = append(out, &ConnectionResolver{r: e.r, l: l})
	}
	return out
}

// ConnectionResolver resolves the Connection type.
type ConnectionResolver struct {
	r *Resolver
	l graph.CollabLink
}

// Kind resolves Connection.kind.
func (c *ConnectionResolver) Kind() string { return c.l.Kind }

// Via resolves Connection.via.
func (c *ConnectionResolver) Via() (*EntityResolver, error) {
	if c.l.Via == 0 {
		return nil, nil
	}
	e, err := c.r.store.Entity(c.l.Via)
	if err != nil {
		return nil, gqlError(err)
	}
	return c.r.entityResolver(e), nil
}

// Relations resolves Connection.relations.
func (c *ConnectionResolver) Relations() []*RelationResolver {
	out := make([]*RelationResolver, 0, len(c.l.Relations))
	for _, rel := range c.l.Relations {
		out = append(out, &RelationResolver{r: c.r, rel: rel})
	}
	return out
}

// Since resolves Connection.since.
func (c *ConnectionResolver) Since() *string { return strPtr(c.l.Since) }

// Until resolves Connection.until.
func (c *ConnectionResolver) Until() *string { return strPtr(c.l.Until) }
