package export

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/kgraph/kgraph/graph"
)

// CoMentioned is the relation type of sentence co-occurrence edges, which
// Filter.NoCoMentions drops.
const CoMentioned = "CO_MENTIONED"

// Filter selects the subgraph to export. The zero value exports everything.
// Relations are exported only when both their ends are.
type Filter struct {
	// Types keeps only entities of these (majority) types, compared
	// without regard to case; empty keeps all.
	Types []string
	// RelationTypes keeps only relations of these types (case-insensitive);
	// empty keeps all.
	RelationTypes []string
	// MinWeight drops relations supported by fewer sentences; 0 keeps all.
	MinWeight int
	// Around, when set, exports only the neighbourhood of this entity
	// (a name, or a 16-hex-digit entity ID): the entities reachable in at
	// most Hops relations that pass the relation filters, through
	// entities that pass Types.
	Around string
	// Hops is the radius of the Around neighbourhood; 0 exports the entity
	// alone.
	Hops int
	// NoCoMentions drops CO_MENTIONED relations.
	NoCoMentions bool
	// TypesAgree, when set, keeps only the relations whose subject's and
	// object's (majority) types it accepts: nlp.ArgumentTypes.Fit drops a
	// LIVES_IN whose object the graph knows as an ORG (see the GraphQL
	// field Relation.typesAgree). Nil keeps all.
	TypesAgree func(relType, subjType, objType string) bool
}

// IsZero reports whether the filter keeps everything.
func (f Filter) IsZero() bool {
	return len(f.Types) == 0 && len(f.RelationTypes) == 0 && f.MinWeight <= 0 && f.Around == "" && !f.NoCoMentions &&
		f.TypesAgree == nil
}

// selection is a compiled filter bound to one read transaction.
type selection struct {
	tx        *graph.Tx
	f         Filter
	types     map[string]bool // nil: all entity types
	relTypes  map[string]bool // nil: all relation types
	symmetric map[string]bool // relation type -> symmetric
	nodes     []graph.EntityID
	haveNodes bool                      // nodes is the exported node set (sorted)
	around    bool                      // nodes came from Around: walk them instead of scanning
	typeOf    map[graph.EntityID]string // entity types read for Filter.TypesAgree
}

func upperSet(vs []string) map[string]bool {
	if len(vs) == 0 {
		return nil
	}
	m := map[string]bool{}
	for _, v := range vs {
		for _, p := range strings.Split(v, ",") {
			if p = strings.ToUpper(strings.TrimSpace(p)); p != "" {
				m[p] = true
			}
		}
	}
	return m
}

// compile checks the filter and, when it needs one, builds the node set.
func compile(tx *graph.Tx, f Filter) (*selection, error) {
	if f.MinWeight < 0 || f.Hops < 0 {
		return nil, fmt.Errorf("%w: negative --min-weight or --hops", ErrBadFilter)
	}
	s := &selection{tx: tx, f: f, types: upperSet(f.Types), relTypes: upperSet(f.RelationTypes), symmetric: tx.RelationTypes()}
	if s.relTypes != nil || f.NoCoMentions {
		// Resolve to the store's own spelling of each type.
		keep := map[string]bool{}
		for t := range s.symmetric {
			if (s.relTypes == nil || s.relTypes[strings.ToUpper(t)]) && !(f.NoCoMentions && t == CoMentioned) {
				keep[t] = true
			}
		}
		s.relTypes = keep
	}
	switch {
	case f.Around != "":
		if err := s.neighbourhood(); err != nil {
			return nil, err
		}
	case s.types != nil:
		err := tx.ForEachEntity(func(e graph.Entity) error {
			if s.types[strings.ToUpper(e.Type)] {
				s.nodes = append(s.nodes, e.ID) // ID order: sorted
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		s.haveNodes = true
	}
	return s, nil
}

// resolve finds the Around entity by ID or name.
func (s *selection) resolve() (graph.Entity, error) {
	name := strings.TrimSpace(s.f.Around)
	if id, err := graph.ParseEntityID(name); err == nil {
		if e, err := s.tx.Entity(id); err == nil {
			return e, nil
		}
	}
	e, err := s.tx.EntityByName(name)
	if errors.Is(err, graph.ErrEntityNotFound) {
		return graph.Entity{}, fmt.Errorf("%w: --around %q: no such entity", ErrBadFilter, name)
	}
	return e, err
}

// neighbourhood collects the Around subgraph's nodes breadth first, using
// the store's per-entity adjacency scans.
func (s *selection) neighbourhood() error {
	start, err := s.resolve()
	if err != nil {
		return err
	}
	if s.types != nil && !s.types[strings.ToUpper(start.Type)] {
		return fmt.Errorf("%w: --around %q is a %s, which --types excludes", ErrBadFilter, s.f.Around, start.Type)
	}
	seen := map[graph.EntityID]bool{start.ID: true}
	frontier := []graph.EntityID{start.ID}
	var types []string
	if s.relTypes != nil {
		for t := range s.relTypes {
			types = append(types, t)
		}
		slices.Sort(types)
		if len(types) == 0 {
			frontier = nil // no relation type passes: the entity alone
		}
	}
	for hop := 0; hop < s.f.Hops && len(frontier) > 0; hop++ {
		var next []graph.EntityID
		for _, id := range frontier {
			err := s.eachNeighborRelation(id, graph.Both, types, func(r graph.Relation) error {
				o := r.Object
				if o == id {
					o = r.Subject
				}
				if seen[o] {
					return nil
				}
				if s.types != nil {
					e, err := s.tx.Entity(o)
					if err != nil || !s.types[strings.ToUpper(e.Type)] {
						return err
					}
				}
				seen[o] = true
				next = append(next, o)
				return nil
			})
			if err != nil {
				return err
			}
		}
		frontier = next
	}
	s.nodes = make([]graph.EntityID, 0, len(seen))
	for id := range seen {
		s.nodes = append(s.nodes, id)
	}
	slices.Sort(s.nodes)
	s.haveNodes, s.around = true, true
	return nil
}

// eachNeighborRelation pages through an entity's relations that pass the
// relation filters.
func (s *selection) eachNeighborRelation(id graph.EntityID, dir graph.Direction, types []string, fn func(graph.Relation) error) error {
	after := ""
	for {
		rels, next, more, err := s.tx.Neighbors(id, graph.NeighborOptions{
			Types: types, Direction: dir, MinWeight: s.f.MinWeight, After: after, Limit: graph.MaxLimit,
		})
		if err != nil {
			return err
		}
		for _, r := range rels {
			keep, err := s.keepRelation(r)
			if err != nil {
				return err
			}
			if keep {
				if err := fn(r); err != nil {
					return err
				}
			}
		}
		if !more {
			return nil
		}
		after = next
	}
}

// keepNode reports whether an entity ID is in the exported node set.
func (s *selection) keepNode(id graph.EntityID) bool {
	if !s.haveNodes {
		return true
	}
	_, ok := slices.BinarySearch(s.nodes, id)
	return ok
}

// keepRelation applies the relation filters (not the node set).
func (s *selection) keepRelation(r graph.Relation) (bool, error) {
	if s.relTypes != nil && !s.relTypes[r.Type] || r.Weight < s.f.MinWeight {
		return false, nil
	}
	if s.f.TypesAgree == nil {
		return true, nil
	}
	st, err := s.entityType(r.Subject)
	if err != nil {
		return false, err
	}
	ot, err := s.entityType(r.Object)
	if err != nil {
		return false, err
	}
	return s.f.TypesAgree(r.Type, st, ot), nil
}

// entityType returns an entity's type, read once per export.
func (s *selection) entityType(id graph.EntityID) (string, error) {
	if t, ok := s.typeOf[id]; ok {
		return t, nil
	}
	e, err := s.tx.Entity(id)
	if err != nil {
		return "", err
	}
	if s.typeOf == nil {
		s.typeOf = map[graph.EntityID]string{}
	}
	s.typeOf[id] = e.Type
	return e.Type, nil
}

// entities calls fn for every exported entity, in ID order.
func (s *selection) entities(fn func(graph.Entity) error) error {
	if s.around {
		for _, id := range s.nodes {
			e, err := s.tx.Entity(id)
			if err != nil {
				return err
			}
			if err := fn(e); err != nil {
				return err
			}
		}
		return nil
	}
	return s.tx.ForEachEntity(func(e graph.Entity) error {
		if s.types != nil && !s.types[strings.ToUpper(e.Type)] {
			return nil
		}
		return fn(e)
	})
}

// relations calls fn for every exported relation in the store's forward
// order (subject, type, object), with its evidence when withEvidence is
// set. The evidence slice is only valid during the call.
func (s *selection) relations(withEvidence bool, fn func(graph.Relation, []graph.EvidenceRecord) error) error {
	if s.around {
		var types []string
		if s.relTypes != nil {
			for t := range s.relTypes {
				types = append(types, t)
			}
			if len(types) == 0 {
				return nil
			}
		}
		for _, id := range s.nodes {
			err := s.eachNeighborRelation(id, graph.Out, types, func(r graph.Relation) error {
				if r.Subject != id || !s.keepNode(r.Object) {
					return nil // a symmetric relation seen from its object end
				}
				var evs []graph.EvidenceRecord
				if withEvidence {
					var err error
					if evs, err = s.tx.RelationEvidence(r); err != nil {
						return err
					}
				}
				return fn(r, evs)
			})
			if err != nil {
				return err
			}
		}
		return nil
	}
	return s.tx.ForEachRelationEvidence(withEvidence, func(r graph.Relation, evs []graph.EvidenceRecord) error {
		if !s.keepNode(r.Subject) || !s.keepNode(r.Object) {
			return nil
		}
		if keep, err := s.keepRelation(r); err != nil || !keep {
			return err
		}
		return fn(r, evs)
	})
}

// entityRecords is entities with each entity's tallies.
func (s *selection) entityRecords(fn func(graph.Entity, graph.EntityTallies) error) error {
	if s.around {
		return s.entities(func(e graph.Entity) error {
			t, err := s.tx.EntityTallies(e.ID)
			if err != nil {
				return err
			}
			return fn(e, t)
		})
	}
	return s.tx.ForEachEntityRecord(func(e graph.Entity, t graph.EntityTallies) error {
		if s.types != nil && !s.types[strings.ToUpper(e.Type)] {
			return nil
		}
		return fn(e, t)
	})
}

// documentRecords calls fn for every document, in ID order, with its
// sentences and with the mentions and tallies of the exported entities.
func (s *selection) documentRecords(fn func(graph.DocumentRecord) error) error {
	return s.tx.ForEachDocumentRecord(func(d graph.DocumentRecord) error {
		if s.haveNodes {
			d.Mentions = slices.DeleteFunc(d.Mentions, func(m graph.MentionRecord) bool { return !s.keepNode(m.Entity) })
			d.Entities = slices.DeleteFunc(d.Entities, func(e graph.DocumentEntity) bool { return !s.keepNode(e.ID) })
			d.Held = keptHeld(d.Held, d.Mentions)
		}
		return fn(d)
	})
}

// documents calls fn for every document, in ID order.
func (s *selection) documents(fn func(graph.Document) error) error {
	return s.tx.ForEachDocument(fn)
}

// keptHeld is the part of a held record about the kept mentions.
func keptHeld(h graph.HeldRecord, kept []graph.MentionRecord) graph.HeldRecord {
	if h.IsZero() {
		return h
	}
	in := map[int]bool{}
	for _, m := range kept {
		in[m.Index] = true
	}
	var out graph.HeldRecord
	for _, st := range h.Statements {
		if in[st.Subject] && in[st.Object] {
			out.Statements = append(out.Statements, st)
		}
	}
	for i, n := range h.Names {
		if in[i] {
			if out.Names == nil {
				out.Names = map[int]string{}
			}
			out.Names[i] = n
		}
	}
	return out
}
