package graph

import (
	"errors"
	"slices"
	"testing"
)

func docObama() DocInput {
	return mkDoc("d1", "h1", "2024-03-01",
		[]string{"Barack Obama met Angela Merkel in Berlin.", "Obama's spokesman Josh Earnest works for the White House."},
		[]mention{
			{"Barack Obama", "", "PERSON", 0}, {"Angela Merkel", "", "PERSON", 0}, {"Berlin", "", "LOCATION", 0},
			{"Barack Obama", "Obama", "PERSON", 1}, {"Josh Earnest", "", "PERSON", 1}, {"White House", "", "ORG", 1},
		},
		[]rel{
			{typ: "MET_WITH", subj: 1, obj: 0, conf: 0.9, extractor: "rules", sym: true},
			{typ: "WORKS_FOR", role: "spokesman", subj: 4, obj: 5, conf: 0.75, extractor: "rules"},
			{typ: "CO_MENTIONED", subj: 0, obj: 2, conf: 0.5, extractor: "cooc", sym: true},
		})
}

func TestRoundTrip(t *testing.T) {
	s := openMem(t)
	st := mustPut(t, s, docObama())
	if st[0] != Added {
		t.Fatalf("status %v", st[0])
	}
	e, err := s.EntityByName("barack obama")
	if err != nil {
		t.Fatal(err)
	}
	if e.Name != "Barack Obama" || e.Type != "PERSON" || e.MentionCount != 2 || !slices.Equal(e.Aliases, []string{"Barack Obama", "Obama"}) {
		t.Fatalf("entity %+v", e)
	}
	if e2, err := s.EntityByName("OBAMA"); err != nil || e2.ID != e.ID {
		t.Fatalf("alias lookup: %v %v", e2, err)
	}
	if _, err := s.EntityByName("Nobody"); !errors.Is(err, ErrEntityNotFound) {
		t.Fatalf("want ErrEntityNotFound, got %v", err)
	}
	r, err := s.Relation(IDOf("Josh Earnest"), "WORKS_FOR", IDOf("White House"))
	if err != nil {
		t.Fatal(err)
	}
	want := Relation{Subject: IDOf("Josh Earnest"), Object: IDOf("White House"), Type: "WORKS_FOR", Role: "spokesman",
		Weight: 1, Confidence: 0.75, Extractor: "rules", FirstSeen: "2024-03-01", LastSeen: "2024-03-01"}
	if r != want {
		t.Fatalf("relation\n got %+v\nwant %+v", r, want)
	}
	if r2, err := s.RelationByID(r.ID()); err != nil || r2 != r {
		t.Fatalf("by id: %+v %v", r2, err)
	}
	evs, next, err := s.Evidence(r, 10, "")
	if err != nil || next != "" || len(evs) != 1 {
		t.Fatalf("evidence %+v %q %v", evs, next, err)
	}
	if evs[0].Sentence != "Obama's spokesman Josh Earnest works for the White House." || evs[0].DocID != "d1" || evs[0].Start != 42 {
		t.Fatalf("evidence %+v", evs[0])
	}
	stats, err := s.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if want := (Stats{Documents: 1, Entities: 5, Relations: 3, Mentions: 6}); stats != want {
		t.Fatalf("stats %+v want %+v", stats, want)
	}
	ms, _, err := s.Mentions(e.ID, "", 10)
	if err != nil || len(ms) != 2 || ms[1].Text != "Obama" || ms[1].Sentence != 1 {
		t.Fatalf("mentions %+v %v", ms, err)
	}
	docs, _, err := s.EntityDocuments(e.ID, "", 10)
	if err != nil || len(docs) != 1 || docs[0].Title != "title d1" {
		t.Fatalf("docs %+v %v", docs, err)
	}
}

// TestTypeByConfidenceWeightedVote checks that an entity's type follows the
// recognizer's confidence, not only the number of mentions, and that
// TypeCounts still counts mentions.
func TestTypeByConfidenceWeightedVote(t *testing.T) {
	s, err := Open(DefaultOptions("").WithInMemory(true))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	doc := func(id, typ string, conf float64) DocInput {
		text := "VMware said so."
		return DocInput{
			Doc:       Document{ID: id, Hash: id},
			Sentences: []SentenceInput{{Start: 0, End: len(text), Text: text}},
			Mentions:  []MentionInput{{Name: "VMware", Text: "VMware", Type: typ, Start: 0, End: 6, Confidence: conf}},
		}
	}
	if _, err := s.PutDocuments([]DocInput{doc("a", "LOCATION", 0.4), doc("b", "LOCATION", 0.45), doc("c", "ORG", 0.99)}); err != nil {
		t.Fatal(err)
	}
	e, err := s.EntityByName("vmware")
	if err != nil {
		t.Fatal(err)
	}
	if e.Type != "ORG" || e.TypeCounts["LOCATION"] != 2 || e.TypeCounts["ORG"] != 1 || e.MentionCount != 3 {
		t.Errorf("entity %+v: want type ORG by confidence, TypeCounts LOCATION 2 ORG 1", e)
	}
	if err := s.DeleteDocument("c"); err != nil {
		t.Fatal(err)
	}
	if e, _ = s.EntityByName("vmware"); e.Type != "LOCATION" {
		t.Errorf("after deleting the confident mention: type %s, want LOCATION", e.Type)
	}
}

// Entity reads skip the override lookup until the store holds an override;
// an override written now, and one found on disk when the store is
// reopened, must both be applied.
func TestOverrideAppliedAfterWriteAndReopen(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(DefaultOptions(dir).WithSyncWrites(false).WithLogger(quiet))
	if err != nil {
		t.Fatal(err)
	}
	mustPut(t, s, docObama())
	id := IDOf("Barack Obama")
	if _, err := s.SetEntityOverride(id, CurationRename, "President Obama", CurationClient{}); err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		e, err := s.Entity(id)
		if err != nil {
			t.Fatal(err)
		}
		if e.Name != "President Obama" {
			t.Errorf("%s: name %q, want the override", when, e.Name)
		}
	}
	check("after the write")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if s, err = Open(DefaultOptions(dir).WithSyncWrites(false).WithLogger(quiet)); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	check("after reopening")
}
