package graph

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// docC shares entities and relations with docObama and docB, and has
// mention confidences (type votes other than the mention counts), a name
// that is not the surface form and a type flip.
func docC() DocInput {
	d := mkDoc("c", "hc", "2022-01-01",
		[]string{"Earnest, spokesman of the White House, met Obama.", "Berlin Inc is in Berlin."},
		[]mention{
			{"Josh Earnest", "Earnest", "PERSON", 0}, {"White House", "", "ORG", 0}, {"Barack Obama", "Obama", "PERSON", 0},
			{"Berlin Inc", "", "LOCATION", 1}, {"Berlin", "", "LOCATION", 1},
		},
		[]rel{
			{typ: "WORKS_FOR", role: "spokesman", subj: 0, obj: 1, conf: 0.8, extractor: "classifier"},
			{typ: "MET_WITH", subj: 2, obj: 0, conf: 0.6, extractor: "rules", sym: true},
			{typ: "LOCATED_IN", role: "seat", subj: 3, obj: 4, conf: 0.7, extractor: "patterns"},
		})
	d.Mentions[3].Confidence = 0.95 // LOCATION, confidently
	d.Mentions[1].Confidence = 0.4
	return d
}

// restoreCopy copies src into a new store through the dump walks and a
// Restorer, the way graph/export's jsonl dump and import do.
func restoreCopy(t *testing.T, src *Store) *Store {
	t.Helper()
	dst := openMem(t)
	r, err := dst.NewRestorer()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Cancel()
	err = src.View(func(tx *Tx) error {
		for _, rt := range tx.RelationTypeList() {
			if err := r.AddRelationType(rt.Name, rt.Symmetric); err != nil {
				return err
			}
		}
		for _, n := range tx.ExtractorList() {
			if err := r.AddName("extractor", n); err != nil {
				return err
			}
		}
		for _, n := range tx.RoleList() {
			if err := r.AddName("role", n); err != nil {
				return err
			}
		}
		if err := tx.ForEachEntityRecord(r.AddEntityRecord); err != nil {
			return err
		}
		if err := tx.ForEachDocumentRecord(r.AddDocumentRecord); err != nil {
			return err
		}
		return tx.ForEachRelationEvidence(true, r.AddRelation)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	return dst
}

// registryDump lists the registered names of every kind in code order.
func registryDump(t *testing.T, s *Store) string {
	t.Helper()
	var out string
	err := s.View(func(tx *Tx) error {
		out = fmt.Sprint(tx.RelationTypeList(), tx.ExtractorList(), tx.RoleList())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// docsDump renders EntityDocuments of every entity and every document
// record.
func docsDump(t *testing.T, s *Store) string {
	t.Helper()
	var b strings.Builder
	err := s.View(func(tx *Tx) error {
		err := tx.ForEachEntity(func(e Entity) error {
			docs, _, err := tx.EntityDocuments(e.ID, "", MaxLimit)
			fmt.Fprintf(&b, "%s %+v\n", e.ID, docs)
			return err
		})
		if err != nil {
			return err
		}
		return tx.ForEachDocumentRecord(func(d DocumentRecord) error {
			fmt.Fprintf(&b, "%+v\n", d)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestRestoreExact(t *testing.T) {
	orig := openMem(t)
	mustPut(t, orig, docObama(), docB("b", "hb"), docC())
	// A document whose mentions all lack a usable key, and one without
	// relations.
	empty := mkDoc("e", "he", "", []string{"... !!!"}, []mention{{"...", "", "MISC", 0}}, nil)
	norel := mkDoc("n", "hn", "2020-02-02", []string{"Paris."}, []mention{{"Paris", "", "LOCATION", 0}}, nil)
	mustPut(t, orig, empty, norel)
	restored := restoreCopy(t, orig)

	stores := []*Store{orig, restored}
	same := func(step string) {
		t.Helper()
		a, b := dump(t, orig), dump(t, restored)
		if !slices.Equal(a, b) {
			t.Fatalf("%s: restored store differs from the original:\n%s", step, diff(a, b))
		}
		for _, f := range []func(*testing.T, *Store) string{
			func(t *testing.T, s *Store) string { return queryDump(t, s) }, registryDump, docsDump,
		} {
			if a, b := f(t, orig), f(t, restored); a != b {
				t.Fatalf("%s: queries differ:\n%s\n---\n%s", step, a, b)
			}
		}
	}
	same("restored")
	if ms, _, err := restored.Mentions(IDOf("Josh Earnest"), "", 0); err != nil || len(ms) != 4 {
		t.Fatalf("restored mentions of Josh Earnest: %v %v, want 4", ms, err)
	}

	for _, s := range stores {
		if err := s.DeleteDocument("b"); err != nil {
			t.Fatal(err)
		}
	}
	same("after deleting b")

	changed := docC()
	changed.Doc.Hash = "hc2"
	changed.Mentions[0].Type = "ORG"
	changed.Relations = changed.Relations[:1]
	for _, s := range stores {
		if st := mustPut(t, s, changed); st[0] != Replaced {
			t.Fatalf("status %v", st[0])
		}
	}
	same("after replacing c")

	for _, s := range stores {
		mustPut(t, s, docB("b", "hb"))
	}
	same("after putting b again")

	for _, s := range stores {
		for _, id := range []string{"b", "c", "d1", "e", "n"} {
			if err := s.DeleteDocument(id); err != nil {
				t.Fatal(err)
			}
		}
	}
	same("after deleting every document")
	if d := dump(t, restored); len(d) != 0 {
		t.Fatalf("store not empty after deleting every document: %v", d)
	}
}

// Without document records (dumps of the first layout) a restored
// document cannot be deleted, and says so.
func TestRestoreWithoutRecords(t *testing.T) {
	orig := openMem(t)
	mustPut(t, orig, docObama())
	s := openMem(t)
	r, err := s.NewRestorer()
	if err != nil {
		t.Fatal(err)
	}
	err = orig.View(func(tx *Tx) error {
		if err := tx.ForEachEntity(r.AddEntity); err != nil {
			return err
		}
		if err := tx.ForEachDocument(r.AddDocument); err != nil {
			return err
		}
		return tx.ForEachRelationEvidence(true, r.AddRelation)
	})
	if err == nil {
		err = r.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteDocument("d1"); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("delete of a document restored without its record: err = %v, want ErrCorrupt", err)
	}
	// The typo index is restored with the entities.
	if hits, err := s.Search("Barak Obama", nil, 10); err != nil || len(hits) == 0 {
		t.Fatalf("search on the restored store: %v %v", hits, err)
	}
}

func TestRestoreBadDocumentRecord(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    DocumentRecord
	}{
		{"mention of an unlisted entity", DocumentRecord{Document: Document{ID: "x", Hash: "h"}, HasContribution: true,
			Mentions: []MentionRecord{{Mention: Mention{Entity: 1, End: 1}}}}},
		{"entity without a mention", DocumentRecord{Document: Document{ID: "x", Hash: "h"}, HasContribution: true,
			Entities: []DocumentEntity{{ID: 1}}}},
		{"repeated mention index", DocumentRecord{Document: Document{ID: "x", Hash: "h"}, HasContribution: true,
			Mentions: []MentionRecord{{Mention: Mention{Entity: 1}}, {Mention: Mention{Entity: 1}}},
			Entities: []DocumentEntity{{ID: 1}}}},
		{"bad span", DocumentRecord{Document: Document{ID: "x", Hash: "h"}, HasContribution: true,
			Mentions: []MentionRecord{{Mention: Mention{Entity: 1, Start: 2, End: 1}}}, Entities: []DocumentEntity{{ID: 1}}}},
	} {
		r, err := openMem(t).NewRestorer()
		if err != nil {
			t.Fatal(err)
		}
		if err := r.AddDocumentRecord(tc.d); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%s: err = %v, want ErrInvalidInput", tc.name, err)
		}
		r.Cancel()
	}
}
