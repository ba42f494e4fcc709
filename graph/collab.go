package graph

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
)

// Kinds of collaboration, strongest first.
const (
	LinkWorkedWith   = "WORKED_WITH"   // a stated WORKED_WITH relation
	LinkSameEmployer = "SAME_EMPLOYER" // both WORKS_FOR the same organization
	LinkSameProject  = "SAME_PROJECT"  // both lead, founded or belong to the same non-person
	LinkCoMentioned  = "CO_MENTIONED"  // named in the same sentence
)

// linkScore is the base score of each kind of link.
var linkScore = map[string]float64{LinkWorkedWith: 5, LinkSameEmployer: 3, LinkSameProject: 2, LinkCoMentioned: 1}

// projectTypes are the relation types that tie a person to an effort.
var projectTypes = []string{"LEADS", "FOUNDED", "CO_FOUNDED", "MEMBER_OF", "WORKS_ON"}

// Collaborator search bounds.
const (
	collabMaxVia    = 50   // employers and projects followed
	collabMaxPerVia = 2000 // people read per employer or project
)

// CollabLink is one reason two people count as collaborators.
type CollabLink struct {
	Kind string
	// Via is the shared employer or project; 0 for direct links.
	Via EntityID
	// Relations are the relations the link rests on: the direct relation,
	// or the person's and the collaborator's relations to Via.
	Relations []Relation
	// Since and Until bound the time both relations were seen (for a
	// shared employer: the overlap), "" when unknown.
	Since, Until string
}

// Collaborator is a person connected to another through work.
type Collaborator struct {
	Person EntityID
	Score  float64
	Links  []CollabLink
}

func personOnly(tx *Tx, cache map[EntityID]bool, id EntityID) (bool, error) {
	if p, ok := cache[id]; ok {
		return p, nil
	}
	rec, ok, err := tx.entityRec(id)
	if err != nil {
		return false, err
	}
	p := ok && rec.typ() == "PERSON"
	cache[id] = p
	return p, nil
}

func otherEnd(r Relation, id EntityID) EntityID {
	if r.Subject == id {
		return r.Object
	}
	return r.Subject
}

// allNeighbors returns every relation of id matching the options, in key
// order, stopping with an error when ctx is done.
func (tx *Tx) allNeighbors(ctx context.Context, id EntityID, o NeighborOptions, cap int) ([]Relation, error) {
	var out []Relation
	o.Limit = MaxLimit
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rels, next, more, err := tx.Neighbors(id, o)
		if err != nil {
			return nil, err
		}
		out = append(out, rels...)
		if !more || len(out) >= cap {
			return out, nil
		}
		o.After = next
	}
}

// Collaborators returns the people connected to person through work,
// best first: a stated WORKED_WITH, the same employer, the same project or
// effort, and (weakest) co-mention. Each link scores its kind's base score
// times 1+ln(weight) of its weakest relation; a collaborator's score is
// the sum over links. since and until keep only relations seen in the
// period (see InPeriod).
func (tx *Tx) Collaborators(ctx context.Context, person EntityID, since, until string) ([]Collaborator, error) {
	isPerson := map[EntityID]bool{}
	byID := map[EntityID]*Collaborator{}
	add := func(q EntityID, l CollabLink) {
		c := byID[q]
		if c == nil {
			c = &Collaborator{Person: q}
			byID[q] = c
		}
		w := math.MaxInt
		for _, r := range l.Relations {
			w = min(w, r.Weight)
		}
		c.Score += linkScore[l.Kind] * (1 + math.Log(float64(max(w, 1))))
		c.Links = append(c.Links, l)
	}
	mine, err := tx.allNeighbors(ctx, person, NeighborOptions{}, 100_000)
	if err != nil {
		return nil, err
	}
	var employers, projects []Relation
	for _, r := range mine {
		if !InPeriod(r.FirstSeen, r.LastSeen, since, until) {
			continue
		}
		q := otherEnd(r, person)
		switch {
		case r.Type == LinkWorkedWith || r.Type == LinkCoMentioned:
			ok, err := personOnly(tx, isPerson, q)
			if err != nil {
				return nil, err
			}
			if ok {
				add(q, CollabLink{Kind: r.Type, Relations: []Relation{r}, Since: r.FirstSeen, Until: r.LastSeen})
			}
		case r.Subject == person && r.Type == "WORKS_FOR":
			employers = append(employers, r)
		case r.Subject == person && slices.Contains(projectTypes, r.Type):
			ok, err := personOnly(tx, isPerson, q)
			if err != nil {
				return nil, err
			}
			if !ok {
				projects = append(projects, r)
			}
		}
	}
	via := func(kind string, mineRels []Relation, types []string) error {
		slices.SortFunc(mineRels, func(a, b Relation) int { return cmp.Compare(b.Weight, a.Weight) })
		for _, mr := range mineRels[:min(len(mineRels), collabMaxVia)] {
			theirs, err := tx.allNeighbors(ctx, mr.Object, NeighborOptions{Types: types, Direction: In}, collabMaxPerVia)
			if err != nil {
				return err
			}
			for _, tr := range theirs {
				q := tr.Subject
				if q == person || tr.Object != mr.Object || !InPeriod(tr.FirstSeen, tr.LastSeen, since, until) {
					continue
				}
				ok, err := personOnly(tx, isPerson, q)
				if err != nil {
					return err
				}
				if !ok {
					continue
				}
				l := CollabLink{Kind: kind, Via: mr.Object, Relations: []Relation{mr, tr}}
				if mr.FirstSeen != "" && tr.FirstSeen != "" {
					l.Since = max(mr.FirstSeen, tr.FirstSeen)
					l.Until = min(mr.LastSeen, tr.LastSeen)
				}
				add(q, l)
			}
		}
		return nil
	}
	if err := via(LinkSameEmployer, employers, []string{"WORKS_FOR"}); err != nil {
		return nil, fmt.Errorf("collaborators: %w", err)
	}
	if err := via(LinkSameProject, projects, projectTypes); err != nil {
		return nil, fmt.Errorf("collaborators: %w", err)
	}
	out := make([]Collaborator, 0, len(byID))
	for _, c := range byID {
		slices.SortStableFunc(c.Links, func(a, b CollabLink) int {
			return cmp.Or(cmp.Compare(linkScore[b.Kind], linkScore[a.Kind]), cmp.Compare(a.Via, b.Via))
		})
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b Collaborator) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.Person, b.Person))
	})
	return out, nil
}

// Collaborators returns a person's collaborators (see Tx.Collaborators).
func (s *Store) Collaborators(ctx context.Context, person EntityID, since, until string) (cs []Collaborator, err error) {
	err = s.View(func(tx *Tx) error { cs, err = tx.Collaborators(ctx, person, since, until); return err })
	return cs, err
}
