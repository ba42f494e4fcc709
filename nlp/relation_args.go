package nlp

import (
	"slices"
)

// AnyType in ArgTypes admits an argument of any entity type (a rule's
// ENTITY element).
const AnyType = "*"

// ArgTypes are the entity types a relation type's subject and object may
// have, sorted; AnyType admits any.
type ArgTypes struct{ Subject, Object []string }

// ArgumentTypes maps each relation type an extractor produces to the entity
// types of its arguments. A relation in the graph whose subject or object
// entity has come to have another type (an entity's type is the majority
// over all its mentions) was read from a sentence that typed the name
// differently: "Chris Wright of Red Hat", with Red Hat taken for a place,
// gives LIVES_IN to what the rest of the graph knows as an ORG.
type ArgumentTypes map[string]ArgTypes

// Fit reports whether a relation of type rel between a subject of type
// subj and an object of type obj is one the extractor could have produced.
// Relation types the map does not know (CO_MENTIONED, types of rules
// loaded elsewhere) fit any arguments; an empty type counts as MISC, as in
// the graph.
func (a ArgumentTypes) Fit(rel, subj, obj string) bool {
	t, ok := a[rel]
	if !ok {
		return true
	}
	return typeIn(t.Subject, subj) && typeIn(t.Object, obj)
}

func typeIn(types []string, t string) bool {
	if t == "" {
		t = "MISC"
	}
	_, found := slices.BinarySearch(types, t)
	return found || slices.Contains(types, AnyType)
}

// ArgumentTypes returns the argument types of every relation type x
// produces: the classifier's classes, then the patterns' and user rules'
// entity elements (PROJECT stands for ORG, MISC and PROJECT mentions; a
// symmetric type takes the union of both sides; a LOCATED_IN chain inferred
// from two relations stays LOCATION to LOCATION).
func (x *RelExtractor) ArgumentTypes() ArgumentTypes {
	sets := map[string][2]map[string]bool{}
	add := func(rel string, subj, obj []string) {
		s, ok := sets[rel]
		if !ok {
			s = [2]map[string]bool{{}, {}}
			sets[rel] = s
		}
		for i, types := range [2][]string{subj, obj} {
			if types == nil {
				s[i][AnyType] = true
			}
			for _, t := range types {
				if t == "PROJECT" {
					s[i]["ORG"], s[i]["MISC"] = true, true
				}
				s[i][t] = true
			}
		}
	}
	if x.model != nil {
		for _, c := range x.model.classes[1:] {
			add(c.Type, []string{c.SubjType}, []string{c.ObjType})
		}
	}
	for _, rs := range x.rules {
		for _, r := range rs.rules {
			var subj, obj []string
			for i := range r.elems {
				e := &r.elems[i]
				if e.kind != elemEntity {
					continue
				}
				switch {
				case e.label == labelSubj && r.nEnts == 1: // a symmetric list rule
					subj, obj = e.types, e.types
				case e.label == labelSubj:
					subj = e.types
				case e.label == labelObj:
					obj = e.types
				}
			}
			if r.symmetric {
				both := append(slices.Clone(subj), obj...)
				if subj == nil || obj == nil {
					both = nil
				}
				subj, obj = both, both
			}
			add(r.typ, subj, obj)
		}
	}
	out := make(ArgumentTypes, len(sets))
	for rel, s := range sets {
		var t ArgTypes
		for i, dst := range [2]*[]string{&t.Subject, &t.Object} {
			for k := range s[i] {
				*dst = append(*dst, k)
			}
			slices.Sort(*dst)
		}
		out[rel] = t
	}
	return out
}
