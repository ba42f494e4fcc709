package graph

import (
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestBulkLayoutMatchesIngest checks that the bulk loader writes the same
// entity, index, adjacency and counter entries as ingest of equivalent
// documents.
func TestBulkLayoutMatchesIngest(t *testing.T) {
	ing := openMem(t)
	mustPut(t, ing, mkDoc("d", "h", "2020-01-02", []string{"Ann Lee is ceo of Acme Corp."},
		[]mention{{"Ann Lee", "", "PERSON", 0}, {"Acme Corp", "Acme Corp", "ORG", 0}},
		[]rel{
			{typ: "WORKS_FOR", role: "ceo", subj: 0, obj: 1, conf: 0.8, extractor: "rules"},
			{typ: "CO_MENTIONED", subj: 1, obj: 0, conf: 0.5, extractor: "cooc", sym: true},
		}))

	bulk := openMem(t)
	bl, err := bulk.NewBulkLoader()
	if err != nil {
		t.Fatal(err)
	}
	ann, err := bl.AddEntity(BulkEntity{Name: "Ann Lee", Type: "PERSON", Mentions: 1})
	if err != nil {
		t.Fatal(err)
	}
	acme, err := bl.AddEntity(BulkEntity{Name: "Acme Corp", Type: "ORG", Mentions: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []BulkRelation{
		{Subject: ann, Object: acme, Type: "WORKS_FOR", Role: "ceo", Weight: 1, Confidence: 0.8, Extractor: "rules", FirstSeen: "2020-01-02", LastSeen: "2020-01-02"},
		{Subject: acme, Object: ann, Type: "CO_MENTIONED", Symmetric: true, Weight: 1, Confidence: 0.5, Extractor: "cooc", FirstSeen: "2020-01-02", LastSeen: "2020-01-02"},
	} {
		if err := bl.AddRelation(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := bl.Close(); err != nil {
		t.Fatal(err)
	}
	keep := func(entries []string) []string {
		var out []string
		for _, e := range entries {
			switch e[:2] {
			case "05", "10", "11", "12", "30", "31":
				out = append(out, e)
			case "04":
				if !strings.HasPrefix(e, "04"+hex.EncodeToString([]byte(ctrDocuments))) && !strings.HasPrefix(e, "04"+hex.EncodeToString([]byte(ctrMentions))) {
					out = append(out, e)
				}
			}
		}
		return out
	}
	a, b := keep(dump(t, ing)), keep(dump(t, bulk))
	if len(a) == 0 || !slices.Equal(a, b) {
		t.Fatalf("layouts differ:\n%s", diff(a, b))
	}
	if queryDump(t, bulk) == "" {
		t.Fatal("empty")
	}
}

// The bulk loader indexes a curated entity under its curated name and
// type, and refuses what curations redirect or suppress.
func TestBulkHonoursCurations(t *testing.T) {
	s := openMem(t)
	mustPut(t, s, docObama())
	obama, merkel := IDOf("Barack Obama"), IDOf("Angela Merkel")
	mustOverride(t, s, obama, CurationRename, "Barack Hussein Obama")
	mustOverride(t, s, obama, CurationSetType, "POLITICIAN")
	if _, err := s.SuppressRelation(merkel, "MET_WITH", obama, CurationClient{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MergeEntities(IDOf("White House"), []EntityID{IDOf("Josh Earnest")}, CurationClient{}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteDocument("d1"); err != nil { // the curations outlive the entities
		t.Fatal(err)
	}
	bl, err := s.NewBulkLoader()
	if err != nil {
		t.Fatal(err)
	}
	defer bl.Cancel()
	for _, tc := range []struct {
		name string
		add  func() error
	}{
		{"an entity renamed away", func() error {
			_, err := bl.AddEntity(BulkEntity{Name: "Barack Hussein Obama", Type: "PERSON"})
			return err
		}},
		{"an entity merged away", func() error {
			_, err := bl.AddEntity(BulkEntity{Name: "Josh Earnest", Type: "PERSON"})
			return err
		}},
		{"a relation with a merged end", func() error {
			return bl.AddRelation(BulkRelation{Subject: IDOf("Josh Earnest"), Object: merkel, Type: "MET_WITH", Symmetric: true})
		}},
		{"a suppressed relation, from its other end", func() error {
			return bl.AddRelation(BulkRelation{Subject: obama, Object: merkel, Type: "MET_WITH"})
		}},
	} {
		if err := tc.add(); !errors.Is(err, ErrCurated) {
			t.Errorf("%s: err = %v, want ErrCurated", tc.name, err)
		}
	}
	for _, n := range []string{"Barack Obama", "Angela Merkel"} {
		if _, err := bl.AddEntity(BulkEntity{Name: n, Type: "PERSON", Mentions: 2}); err != nil {
			t.Fatal(err)
		}
	}
	if err := bl.AddRelation(BulkRelation{Subject: obama, Object: merkel, Type: "WORKS_FOR", Weight: 1}); err != nil {
		t.Fatal(err)
	}
	if err := bl.Close(); err != nil {
		t.Fatal(err)
	}
	e, err := s.EntityByName("Barack Hussein Obama")
	if err != nil || e.ID != obama || e.Type != "POLITICIAN" {
		t.Fatalf("bulk loaded curated entity by its curated name: %+v, %v", e, err)
	}
	if page, _, _, total, err := s.Entities(EntityListOptions{Type: "POLITICIAN"}); err != nil || total != 1 || page[0].ID != obama {
		t.Errorf("listing by the curated type: %d %+v, %v", total, page, err)
	}
	if tc, _ := s.TypeCounts(); tc["POLITICIAN"] != 1 || tc["PERSON"] != 1 {
		t.Errorf("type counts %v", tc)
	}
	if rs, _ := s.Search("Husein", nil, 5); len(rs) == 0 || rs[0].Entity.ID != obama {
		t.Errorf("typo search by the curated name: %+v", rs)
	}
}
