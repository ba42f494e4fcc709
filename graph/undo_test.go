package graph

import (
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"testing"
)

// docX names Obama by the curated name the tests give him, next to the
// name he was extracted under, with a relation between the two mentions.
func docX() DocInput {
	return mkDoc("x", "hx", "2024-04-01",
		[]string{"Barack Hussein Obama, who is Barack Obama, met Josh Earnest."},
		[]mention{{"Barack Hussein Obama", "", "PERSON", 0}, {"Barack Obama", "", "PERSON", 0}, {"Josh Earnest", "", "PERSON", 0}},
		[]rel{
			{typ: "SAME_AS", subj: 0, obj: 1, conf: 0.7, extractor: "rules"},
			{typ: "MET_WITH", subj: 0, obj: 2, conf: 0.8, extractor: "rules", sym: true},
		})
}

// withHash returns d with another hash: re-ingesting it replaces the
// stored version with the same content.
func withHash(d DocInput, h string) DocInput { d.Doc.Hash = h; return d }

// dataDump is dump without the curation log and its counter: what the
// documents and the curations in force make of the store.
func dataDump(t *testing.T, s *Store) []string {
	t.Helper()
	logPrefix := hex.EncodeToString([]byte{pCuration})
	logCounter := hex.EncodeToString(counterKey(ctrCurations))
	return slices.DeleteFunc(dump(t, s), func(e string) bool {
		return strings.HasPrefix(e, logPrefix) || strings.HasPrefix(e, logCounter+"=")
	})
}

func mustRelationID(t *testing.T, s *Store, subj, typ, obj string) (EntityID, string, EntityID) {
	t.Helper()
	r, err := s.Relation(IDOf(subj), typ, IDOf(obj))
	if err != nil {
		t.Fatalf("relation %s %s %s: %v", subj, typ, obj, err)
	}
	return r.Subject, r.Type, r.Object
}

// Undoing a curation leaves the store as if it had only ever seen the
// documents, including those ingested while the curation was in force,
// and it stays so when documents are deleted and re-ingested afterwards.
func TestUndoReturnsToDocuments(t *testing.T) {
	none := CurationClient{}
	base := []DocInput{docObama(), docB("b", "hb"), docC()}
	for _, tc := range []struct {
		name   string
		curate func(t *testing.T, s *Store) Curation
		after  []DocInput // ingested while the curation is in force
	}{
		{"rename", func(t *testing.T, s *Store) Curation {
			c, err := s.SetEntityOverride(IDOf("Barack Obama"), CurationRename, "Barack Hussein Obama", none)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}, []DocInput{docX()}},
		{"set type", func(t *testing.T, s *Store) Curation {
			c, err := s.SetEntityOverride(IDOf("Barack Obama"), CurationSetType, "POLITICIAN", none)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}, []DocInput{docX()}},
		{"suppress", func(t *testing.T, s *Store) Curation {
			subj, typ, obj := mustRelationID(t, s, "Angela Merkel", "MET_WITH", "Barack Obama")
			c, err := s.SuppressRelation(subj, typ, obj, none)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}, []DocInput{withHash(docB("b", "hb"), "hb2"), docX()}},
		{"merge", func(t *testing.T, s *Store) Curation {
			c, err := s.MergeEntities(IDOf("Barack Obama"), []EntityID{IDOf("Angela Merkel")}, none)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}, []DocInput{withHash(docB("b", "hb"), "hb2"), docX()}},
		{"merge, a document rewritten without the merged entity", func(t *testing.T, s *Store) Curation {
			c, err := s.MergeEntities(IDOf("Barack Obama"), []EntityID{IDOf("Angela Merkel")}, none)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}, []DocInput{mkDoc("b", "hb3", "2019-05-05",
			[]string{"Obama spoke in Paris.", "Josh Earnest joined the White House."},
			[]mention{{"Barack Obama", "Obama", "PERSON", 0}, {"Paris", "", "LOCATION", 0},
				{"Josh Earnest", "", "PERSON", 1}, {"White House", "", "ORG", 1}, {"Barack Obama", "Obama", "PERSON", 1},
				{"Barack Obama", "Obama", "PERSON", 1}},
			[]rel{{typ: "WORKS_FOR", subj: 2, obj: 3, conf: 0.6, extractor: "rules"}})}},
		{"merge, documents unchanged", func(t *testing.T, s *Store) Curation {
			c, err := s.MergeEntities(IDOf("White House"), []EntityID{IDOf("Josh Earnest")}, none)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plain, cur := openMem(t), openMem(t)
			mustPut(t, plain, base...)
			mustPut(t, plain, tc.after...)
			mustPut(t, cur, base...)
			c := tc.curate(t, cur)
			if len(tc.after) > 0 {
				mustPut(t, cur, tc.after...)
			}
			if slices.Equal(dataDump(t, cur), dataDump(t, plain)) {
				t.Fatal("the curation changed nothing; the test would prove nothing")
			}
			u, err := cur.UndoCuration(c.Seq, none)
			if err != nil {
				t.Fatal(err)
			}
			if u.Kind != CurationUndo || u.Undoes != c.Seq || u.Target != c.Target {
				t.Errorf("undo recorded as %+v", u)
			}
			if a, b := dataDump(t, cur), dataDump(t, plain); !slices.Equal(a, b) {
				t.Fatalf("after undo the store differs from one that saw only the documents:\n%s", diff(a, b))
			}
			for _, s := range []*Store{plain, cur} {
				if err := s.DeleteDocument("b"); err != nil {
					t.Fatal(err)
				}
				mustPut(t, s, withHash(docC(), "hc3"))
			}
			if a, b := dataDump(t, cur), dataDump(t, plain); !slices.Equal(a, b) {
				t.Fatalf("after delete and re-ingest:\n%s", diff(a, b))
			}
			if cs, _, err := cur.Curations("", 0); err != nil || len(cs) != 2 || cs[1].Kind != CurationUndo {
				t.Errorf("log: %+v, %v", cs, err)
			}
		})
	}
}

func TestUndoErrors(t *testing.T) {
	none := CurationClient{}
	s := openMem(t)
	mustPut(t, s, docObama(), docB("b", "hb"))
	obama, merkel := IDOf("Barack Obama"), IDOf("Angela Merkel")
	rename1, err := s.SetEntityOverride(obama, CurationRename, "Barack Hussein Obama", none)
	if err != nil {
		t.Fatal(err)
	}
	rename2, err := s.SetEntityOverride(obama, CurationRename, "Mr President", none)
	if err != nil {
		t.Fatal(err)
	}
	typ, err := s.SetEntityOverride(merkel, CurationSetType, "CHANCELLOR", none)
	if err != nil {
		t.Fatal(err)
	}
	merge, err := s.MergeEntities(IDOf("White House"), []EntityID{IDOf("Josh Earnest")}, none)
	if err != nil {
		t.Fatal(err)
	}
	split, err := s.SplitEntity(IDOf("White House"), none)
	if err != nil {
		t.Fatal(err)
	}
	undoType, err := s.UndoCuration(typ.Seq, none)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		seq  uint64
		want error
	}{
		{"unknown", 999, ErrNoCuration},
		{"zero", 0, ErrNoCuration},
		{"replaced rename", rename1.Seq, ErrCurated},
		{"undone already", typ.Seq, ErrCurated},
		{"merge split since", merge.Seq, ErrCurated},
		{"split", split.Seq, ErrCurated},
		{"undo", undoType.Seq, ErrCurated},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := dump(t, s)
			if _, err := s.UndoCuration(tc.seq, none); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if !slices.Equal(before, dump(t, s)) {
				t.Fatal("a failed undo wrote something")
			}
		})
	}
	// The rename in force can be undone.
	if _, err := s.UndoCuration(rename2.Seq, none); err != nil {
		t.Fatal(err)
	}
	if e, err := s.Entity(obama); err != nil || e.Name != "Barack Obama" {
		t.Fatalf("after undoing the rename: %q, %v", e.Name, err)
	}
}

// A document that names an entity by its curated name adds to the
// entity, as a merged name does; a name that other curations or entities
// already hold cannot be given.
func TestRenameRedirects(t *testing.T) {
	none := CurationClient{}
	s := openMem(t)
	mustPut(t, s, docObama(), docB("b", "hb"))
	obama := IDOf("Barack Obama")
	before, err := s.Entity(obama)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := s.Stats()
	mustOverride(t, s, obama, CurationRename, "Barack Hussein Obama")
	mustPut(t, s, docX())
	after, err := s.Entity(obama)
	if err != nil {
		t.Fatal(err)
	}
	if after.MentionCount != before.MentionCount+2 {
		t.Errorf("mentions %d, want %d: the document naming the new name started another entity",
			after.MentionCount, before.MentionCount+2)
	}
	if _, err := s.Entity(IDOf("Barack Hussein Obama")); !errors.Is(err, ErrEntityNotFound) {
		t.Errorf("a separate entity for the new name: %v", err)
	}
	if st2, _ := s.Stats(); st2.Entities != st.Entities {
		t.Errorf("entities %d, want %d", st2.Entities, st.Entities)
	}
	if _, err := s.Relation(obama, "SAME_AS", obama); err == nil {
		t.Error("a self-loop was stored")
	}
	ms, _, err := s.Mentions(obama, "", MaxLimit)
	if err != nil || !slices.ContainsFunc(ms, func(m Mention) bool { return m.DocID == "x" && m.Text == "Barack Hussein Obama" }) {
		t.Errorf("mentions of the renamed entity: %+v, %v", ms, err)
	}

	// Renaming again: the new name redirects, the old one no longer does,
	// and the documents that used it are sent where they alone say.
	mustOverride(t, s, obama, CurationRename, "Mr President")
	if e, err := s.EntityByName("Barack Hussein Obama"); err != nil || e.ID != IDOf("Barack Hussein Obama") {
		t.Errorf("the previous curated name: %+v, %v; want its own entity", e, err)
	}
	if _, err := s.Relation(IDOf("Barack Hussein Obama"), "SAME_AS", obama); err != nil {
		t.Errorf("the statement between the two names did not come back: %v", err)
	}
	mustPut(t, s, mkDoc("y", "hy", "2024-05-01", []string{"Mr President spoke."},
		[]mention{{"Mr President", "", "PERSON", 0}}, nil))
	if ms, _, _ := s.Mentions(obama, "", MaxLimit); !slices.ContainsFunc(ms, func(m Mention) bool { return m.DocID == "y" }) {
		t.Error("a document naming the second curated name did not add to the entity")
	}

	for _, tc := range []struct {
		name, value string
	}{
		{"the name of another entity", "Angela Merkel"},
		{"another entity's name, other case", "angela  MERKEL"},
		{"a name another rename holds", "Mr President"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := dump(t, s)
			_, err := s.SetEntityOverride(IDOf("Josh Earnest"), CurationRename, tc.value, none)
			if !errors.Is(err, ErrCurated) {
				t.Fatalf("err = %v, want ErrCurated", err)
			}
			if !slices.Equal(before, dump(t, s)) {
				t.Fatal("a refused rename wrote something")
			}
		})
	}
	// A name that is the entity's own key, or that a merge already sends
	// to it, needs no redirect of its own.
	if _, err := s.SetEntityOverride(IDOf("Josh Earnest"), CurationRename, "JOSH EARNEST", none); err != nil {
		t.Fatal(err)
	}
}

// A curated name of an entity merged into another sends later documents
// to the other; splitting sends them back.
func TestRedirectChain(t *testing.T) {
	none := CurationClient{}
	s := openMem(t)
	mustPut(t, s, docObama())
	obama, merkel := IDOf("Barack Obama"), IDOf("Angela Merkel")
	mustOverride(t, s, obama, CurationRename, "Barack Hussein Obama")
	if _, err := s.MergeEntities(merkel, []EntityID{obama}, none); err != nil {
		t.Fatal(err)
	}
	y := mkDoc("y", "hy", "", []string{"Barack Hussein Obama spoke."}, []mention{{"Barack Hussein Obama", "", "PERSON", 0}}, nil)
	mustPut(t, s, y)
	has := func(id EntityID, doc string) bool {
		ms, _, err := s.Mentions(id, "", MaxLimit)
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(ms, func(m Mention) bool { return m.DocID == doc })
	}
	if !has(merkel, "y") {
		t.Fatal("the curated name of a merged entity did not follow the merge")
	}
	if _, err := s.Entity(obama); !errors.Is(err, ErrEntityNotFound) {
		t.Fatalf("the merged entity came back: %v", err)
	}
	if _, err := s.SplitEntity(merkel, none); err != nil {
		t.Fatal(err)
	}
	if !has(obama, "y") || has(merkel, "y") {
		t.Fatal("after the split the document naming the curated name is not the renamed entity's")
	}
}

// Curations outlive their entity's documents, and so can be undone while
// the entity is gone: when its documents come back, nothing of them
// remains.
func TestUndoWhileEntityGone(t *testing.T) {
	none := CurationClient{}
	plain, s := openMem(t), openMem(t)
	mustPut(t, plain, docObama())
	mustPut(t, s, docObama())
	id := IDOf("Barack Obama")
	r, err := s.SetEntityOverride(id, CurationRename, "Barack Hussein Obama", none)
	if err != nil {
		t.Fatal(err)
	}
	ty, err := s.SetEntityOverride(id, CurationSetType, "POLITICIAN", none)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteDocument("d1"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []Curation{r, ty} {
		if _, err := s.UndoCuration(c.Seq, none); err != nil {
			t.Fatal(err)
		}
	}
	if d := dataDump(t, s); len(d) != 0 {
		t.Fatalf("records left with no document and no curation in force: %v", d)
	}
	mustPut(t, s, docObama())
	if a, b := dataDump(t, s), dataDump(t, plain); !slices.Equal(a, b) {
		t.Fatalf("documents added back:\n%s", diff(a, b))
	}
}
