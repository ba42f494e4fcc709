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
		if err := tx.ForEachRelationEvidence(true, r.AddRelation); err != nil {
			return err
		}
		for _, walk := range []func() error{
			func() error { return tx.ForEachOverride(r.AddOverride) },
			func() error { return tx.ForEachRedirect(r.AddRedirect) },
			func() error { return tx.ForEachSuppression(r.AddSuppression) },
			func() error { return tx.ForEachMergeRecord(r.AddMergeRecord) },
			func() error { return tx.ForEachCuration(r.AddCuration) },
			func() error { return tx.ForEachAcronymUnlink(r.AddAcronymUnlink) },
		} {
			if err := walk(); err != nil {
				return err
			}
		}
		return nil
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

// curatedStore holds documents and every kind of curation: a rename
// (with a document naming the new name), a set type, a suppression (with
// a re-ingested document that states it again), a merge, a merge undone
// and a type undone.
func curatedStore(t *testing.T) *Store {
	t.Helper()
	none := CurationClient{Addr: "127.0.0.1:1", UserAgent: "test"}
	s := openMem(t)
	mustPut(t, s, docObama(), docB("b", "hb"), docC())
	steps := []func() (Curation, error){
		func() (Curation, error) {
			return s.SetEntityOverride(IDOf("Barack Obama"), CurationRename, "Barack Hussein Obama", none)
		},
		func() (Curation, error) {
			return s.SetEntityOverride(IDOf("Angela Merkel"), CurationSetType, "CHANCELLOR", none)
		},
		func() (Curation, error) {
			return s.SuppressRelation(IDOf("Josh Earnest"), "WORKS_FOR", IDOf("White House"), none)
		},
		func() (Curation, error) {
			return s.MergeEntities(IDOf("Angela Merkel"), []EntityID{IDOf("Berlin")}, none)
		},
		func() (Curation, error) { return s.MergeEntities(IDOf("Paris"), []EntityID{IDOf("White House")}, none) },
		func() (Curation, error) { return s.SetEntityOverride(IDOf("Paris"), CurationSetType, "CITY", none) },
	}
	var cs []Curation
	for i, step := range steps {
		c, err := step()
		if err != nil {
			t.Fatalf("curation %d: %v", i, err)
		}
		cs = append(cs, c)
	}
	for _, seq := range []uint64{cs[4].Seq, cs[5].Seq} {
		if _, err := s.UndoCuration(seq, none); err != nil {
			t.Fatal(err)
		}
	}
	mustPut(t, s, docX(), withHash(docB("b", "hb"), "hb2"))
	return s
}

// A store with curations restores exactly, curations included, and the
// restored store goes on behaving like the original: under re-ingest,
// deletes, new curations and undos.
func TestRestoreExactCurated(t *testing.T) {
	orig := curatedStore(t)
	restored := restoreCopy(t, orig)
	if a, b := dump(t, orig), dump(t, restored); !slices.Equal(a, b) {
		t.Fatalf("restored store differs from the original:\n%s", diff(a, b))
	}
	hasPrefix := func(p byte) bool {
		for _, e := range dump(t, orig) {
			if strings.HasPrefix(e, fmt.Sprintf("%02x", p)) {
				return true
			}
		}
		return false
	}
	for _, p := range []byte{pCuration, pRedirect, pSuppress, pOverride, pMerged, pHeld} {
		if !hasPrefix(p) {
			t.Fatalf("the curated store has no %02x record; the test would prove less than it says", p)
		}
	}
	log := func(s *Store) string {
		cs, _, err := s.Curations("", MaxLimit)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, c := range cs {
			fmt.Fprintf(&b, "%d %s %s %v %q %d %d\n", c.Seq, c.Kind, c.Target, c.Sources, c.Value, c.Documents, c.Undoes)
		}
		return b.String()
	}
	none := CurationClient{}
	obama := IDOf("Barack Obama")
	for _, step := range []struct {
		name string
		do   func(s *Store) error
	}{
		{"a document naming the curated name", func(s *Store) error {
			_, err := s.PutDocuments([]DocInput{mkDoc("y", "hy", "", []string{"Barack Hussein Obama met Angela Merkel."},
				[]mention{{"Barack Hussein Obama", "", "PERSON", 0}, {"Angela Merkel", "", "PERSON", 0}},
				[]rel{{typ: "MET_WITH", subj: 0, obj: 1, conf: 0.9, sym: true}})})
			return err
		}},
		{"re-ingesting the suppressed statement", func(s *Store) error {
			_, err := s.PutDocuments([]DocInput{withHash(docObama(), "h1b")})
			return err
		}},
		{"deleting a document", func(s *Store) error { return s.DeleteDocument("c") }},
		{"splitting the merge", func(s *Store) error { _, err := s.SplitEntity(IDOf("Angela Merkel"), none); return err }},
		{"undoing the suppression", func(s *Store) error { _, err := s.UndoCuration(3, none); return err }},
		{"undoing the rename", func(s *Store) error { _, err := s.UndoCuration(1, none); return err }},
		{"a new curation", func(s *Store) error {
			_, err := s.SetEntityOverride(obama, CurationRename, "President Obama", none)
			return err
		}},
		{"deleting every document", func(s *Store) error {
			for _, d := range []string{"b", "d1", "x", "y"} {
				if err := s.DeleteDocument(d); err != nil {
					return err
				}
			}
			return nil
		}},
		{"adding them back", func(s *Store) error {
			_, err := s.PutDocuments([]DocInput{docObama(), docB("b", "hb"), docC(), docX()})
			return err
		}},
	} {
		prev := dataDump(t, orig)
		for _, s := range []*Store{orig, restored} {
			if err := step.do(s); err != nil {
				t.Fatalf("%s: %v", step.name, err)
			}
		}
		a, b := dataDump(t, orig), dataDump(t, restored)
		if !slices.Equal(a, b) {
			t.Fatalf("%s: the stores differ:\n%s", step.name, diff(a, b))
		}
		if slices.Equal(a, prev) {
			t.Fatalf("%s changed nothing; the test would prove nothing", step.name)
		}
		if qa, qb := queryDump(t, orig), queryDump(t, restored); qa != qb {
			t.Fatalf("%s: queries differ:\n%s\n---\n%s", step.name, qa, qb)
		}
		if la, lb := log(orig), log(restored); la != lb {
			t.Fatalf("%s: logs differ:\n%s\n---\n%s", step.name, la, lb)
		}
	}
}

// A restore needs a store without curations: one left by deleted
// documents would mix with the restored ones.
func TestRestoreRefusesCuratedStore(t *testing.T) {
	s := openMem(t)
	mustPut(t, s, docObama())
	mustOverride(t, s, IDOf("Barack Obama"), CurationSetType, "POLITICIAN")
	if err := s.DeleteDocument("d1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.NewRestorer(); !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("err = %v, want ErrInvalidInput", err)
	}
}
