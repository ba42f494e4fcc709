package schema

import (
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/kgraph/kgraph/graph"
)

// RelationResolver resolves the Relation type.
type RelationResolver struct {
	r   *Resolver
	rel graph.Relation
}

// ID resolves Relation.id.
func (x *RelationResolver) ID() graphql.ID { return globalID(kindRelation, x.rel.ID()) }

// Type resolves Relation.type.
func (x *RelationResolver) Type() string { return x.rel.Type }

// Subject resolves Relation.subject.
func (x *RelationResolver) Subject() (*EntityResolver, error) { return x.entity(x.rel.Subject) }

// Object resolves Relation.object.
func (x *RelationResolver) Object() (*EntityResolver, error) { return x.entity(x.rel.Object) }

func (x *RelationResolver) entity(id graph.EntityID) (*EntityResolver, error) {
	e, err := x.r.store.Entity(id)
	if err != nil {
		return nil, gqlError(err)
	}
	return &EntityResolver{r: x.r, e: e}, nil
}

// TypesAgree resolves Relation.typesAgree: whether the subject's and
// object's current types are ones the relation type takes
// (Options.ArgumentTypes).
func (x *RelationResolver) TypesAgree() (bool, error) {
	args := x.r.argTypes
	if _, known := args[x.rel.Type]; !known {
		return true, nil
	}
	s, err := x.r.store.Entity(x.rel.Subject)
	if err != nil {
		return false, gqlError(err)
	}
	o, err := x.r.store.Entity(x.rel.Object)
	if err != nil {
		return false, gqlError(err)
	}
	return args.Fit(x.rel.Type, s.Type, o.Type), nil
}

// Role resolves Relation.role.
func (x *RelationResolver) Role() *string { return strPtr(x.rel.Role) }

// Symmetric resolves Relation.symmetric.
func (x *RelationResolver) Symmetric() (bool, error) {
	types, err := x.r.store.RelationTypes()
	if err != nil {
		return false, gqlError(err)
	}
	return types[x.rel.Type], nil
}

// Weight resolves Relation.weight.
func (x *RelationResolver) Weight() int32 { return int32(x.rel.Weight) }

// Confidence resolves Relation.confidence.
func (x *RelationResolver) Confidence() float64 { return x.rel.Confidence }

// Extractor resolves Relation.extractor.
func (x *RelationResolver) Extractor() string { return x.rel.Extractor }

// FirstSeen resolves Relation.firstSeen.
func (x *RelationResolver) FirstSeen() *string { return strPtr(x.rel.FirstSeen) }

// LastSeen resolves Relation.lastSeen.
func (x *RelationResolver) LastSeen() *string { return strPtr(x.rel.LastSeen) }

type evidenceArgs struct{ First int32 }

// Evidence resolves Relation.evidence.
func (x *RelationResolver) Evidence(args evidenceArgs) ([]*EvidenceResolver, error) {
	first, err := pageSize(args.First)
	if err != nil {
		return nil, err
	}
	out := []*EvidenceResolver{}
	if first == 0 {
		return out, nil
	}
	evs, _, err := x.r.store.Evidence(x.rel, first, "")
	if err != nil {
		return nil, gqlError(err)
	}
	for _, ev := range evs {
		out = append(out, &EvidenceResolver{r: x.r, ev: ev})
	}
	return out, nil
}

// EvidenceResolver resolves the Evidence type.
type EvidenceResolver struct {
	r  *Resolver
	ev graph.Evidence
}

// Document resolves Evidence.document.
func (e *EvidenceResolver) Document() (*DocumentResolver, error) {
	d, err := e.r.store.Document(e.ev.DocID)
	if err != nil {
		return nil, gqlError(err)
	}
	return &DocumentResolver{d: d}, nil
}

// Sentence resolves Evidence.sentence.
func (e *EvidenceResolver) Sentence() string { return e.ev.Sentence }

// Start resolves Evidence.start.
func (e *EvidenceResolver) Start() int32 { return int32(e.ev.Start) }

// End resolves Evidence.end.
func (e *EvidenceResolver) End() int32 { return int32(e.ev.End) }

// SubjectStart resolves Evidence.subjectStart.
func (e *EvidenceResolver) SubjectStart() int32 { return int32(e.ev.SubjectStart) }

// SubjectEnd resolves Evidence.subjectEnd.
func (e *EvidenceResolver) SubjectEnd() int32 { return int32(e.ev.SubjectEnd) }

// ObjectStart resolves Evidence.objectStart.
func (e *EvidenceResolver) ObjectStart() int32 { return int32(e.ev.ObjectStart) }

// ObjectEnd resolves Evidence.objectEnd.
func (e *EvidenceResolver) ObjectEnd() int32 { return int32(e.ev.ObjectEnd) }

// Confidence resolves Evidence.confidence.
func (e *EvidenceResolver) Confidence() float64 { return e.ev.Confidence }

// Extractor resolves Evidence.extractor.
func (e *EvidenceResolver) Extractor() string { return e.ev.Extractor }

// RelationConnection resolves the RelationConnection type.
type RelationConnection = connection[*RelationEdge]

// RelationEdge resolves the RelationEdge type.
type RelationEdge = edge[*RelationResolver]
