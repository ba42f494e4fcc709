package schema

import (
	"encoding/base64"
	"errors"
	"strings"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/kgraph/kgraph/graph"
)

// Global id kinds.
const (
	kindEntity   = "Entity"
	kindRelation = "Relation"
	kindDocument = "Document"
)

// globalID makes a Relay global id: base64url("Kind:local").
func globalID(kind, local string) graphql.ID {
	return graphql.ID(base64.RawURLEncoding.EncodeToString([]byte(kind + ":" + local)))
}

// parseGlobalID splits a global id made by globalID; ok is false for
// anything else.
func parseGlobalID(id string) (kind, local string, ok bool) {
	b, err := base64.RawURLEncoding.DecodeString(id)
	if err != nil {
		return "", "", false
	}
	kind, local, ok = strings.Cut(string(b), ":")
	switch kind {
	case kindEntity, kindRelation, kindDocument:
		return kind, local, ok && local != ""
	}
	return "", "", false
}

// localID returns the local part of a global id of the given kind, or id
// itself when it is not a global id (the older plain forms).
func localID(kind, id string) string {
	if k, local, ok := parseGlobalID(id); ok && k == kind {
		return local
	}
	return id
}

// NodeResolver resolves the Node interface.
type NodeResolver struct {
	e *EntityResolver
	x *RelationResolver
	d *DocumentResolver
}

// ID resolves Node.id.
func (n *NodeResolver) ID() graphql.ID {
	switch {
	case n.e != nil:
		return n.e.ID()
	case n.x != nil:
		return n.x.ID()
	}
	return n.d.ID()
}

// ToEntity converts the node to an Entity.
func (n *NodeResolver) ToEntity() (*EntityResolver, bool) { return n.e, n.e != nil }

// ToRelation converts the node to a Relation.
func (n *NodeResolver) ToRelation() (*RelationResolver, bool) { return n.x, n.x != nil }

// ToDocument converts the node to a Document.
func (n *NodeResolver) ToDocument() (*DocumentResolver, bool) { return n.d, n.d != nil }

func notFound(err error) bool {
	return errors.Is(err, graph.ErrNotFound) || errors.Is(err, graph.ErrEntityNotFound) ||
		errors.Is(err, graph.ErrRelationNotFound) || errors.Is(err, graph.ErrDocumentNotFound) ||
		errors.Is(err, graph.ErrBadID)
}

// Node resolves Query.node: null for an unknown or malformed id.
func (r *Resolver) Node(args idArgs) (*NodeResolver, error) {
	kind, local, ok := parseGlobalID(string(args.ID))
	if !ok {
		return nil, nil
	}
	var err error
	n := &NodeResolver{}
	switch kind {
	case kindEntity:
		var id graph.EntityID
		if id, err = graph.ParseEntityID(local); err == nil {
			var e graph.Entity
			if e, err = r.store.Entity(id); err == nil {
				n.e = r.entityResolver(e)
			}
		}
	case kindRelation:
		var rel graph.Relation
		if rel, err = r.store.RelationByID(local); err == nil {
			n.x = &RelationResolver{r: r, rel: rel}
		}
	case kindDocument:
		var d graph.Document
		if d, err = r.store.Document(local); err == nil {
			n.d = &DocumentResolver{d: d}
		}
	}
	if notFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, gqlError(err)
	}
	return n, nil
}

// entityResolver wraps an entity.
func (r *Resolver) entityResolver(e graph.Entity) *EntityResolver { return &EntityResolver{r: r, e: e} }
