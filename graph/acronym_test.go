package graph

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// Acronym test documents: "a" defines VMI, "b" and "c" use it bare, "d"
// defines it as something else, "e" has a person called VMI.
func acrDefA(hash string) DocInput {
	d := mkDoc("a", hash, "2006-03-01",
		[]string{"Virtual Machine Interface (VMI) is an interface of VMware."},
		[]mention{{"Virtual Machine Interface", "", "ORG", 0}, {"Virtual Machine Interface", "VMI", "ORG", 0},
			{"VMware", "", "ORG", 0}},
		[]rel{{typ: "DEVELOPED_BY", subj: 0, obj: 2, conf: 0.7, extractor: "rules"}})
	d.Acronyms = []AcronymInput{{Acronym: "VMI", Name: "Virtual Machine Interface"}}
	return d
}

func acrBareB() DocInput {
	return mkDoc("b", "hb", "2006-03-02",
		[]string{"VMware proposed VMI to the kernel developers."},
		[]mention{{"VMware", "", "ORG", 0}, {"VMI", "", "ORG", 0}},
		[]rel{{typ: "PROPOSED", subj: 0, obj: 1, conf: 0.8, extractor: "rules"}})
}

func acrBareC() DocInput {
	return mkDoc("c", "hc", "2006-03-03",
		[]string{"VMI, or Virtual Machine Interface, was discussed by Xen."},
		[]mention{{"VMI", "", "ORG", 0}, {"Virtual Machine Interface", "", "ORG", 0}, {"Xen", "", "ORG", 0}},
		[]rel{{typ: "CO_MENTIONED", subj: 0, obj: 1, conf: 0.5, extractor: "comention", sym: true},
			{typ: "DISCUSSED", subj: 2, obj: 0, conf: 0.6, extractor: "rules"}})
}

func acrDefD() DocInput {
	d := mkDoc("d", "hd", "2007-01-01",
		[]string{"Vendor Managed Inventory (VMI) cuts stock."},
		[]mention{{"Vendor Managed Inventory", "", "ORG", 0}, {"Vendor Managed Inventory", "VMI", "ORG", 0}},
		nil)
	d.Acronyms = []AcronymInput{{Acronym: "VMI", Name: "Vendor Managed Inventory"}}
	return d
}

func acrPersonE() DocInput {
	return mkDoc("e", "he", "2007-01-02",
		[]string{"VMI signed the letter to VMware."},
		[]mention{{"VMI", "", "PERSON", 0}, {"VMware", "", "ORG", 0}},
		[]rel{{typ: "WROTE_TO", subj: 0, obj: 1, conf: 0.5, extractor: "rules"}})
}

// acrNoDef is "a" replaced by a version that no longer defines VMI.
func acrNoDef() DocInput {
	d := acrDefA("ha2")
	d.Acronyms = nil
	d.Mentions[1].Name = "VMI"
	return d
}

type acrOp struct {
	put []DocInput // one batch
	del string
}

func putOp(ds ...DocInput) acrOp { return acrOp{put: ds} }
func delOp(id string) acrOp      { return acrOp{del: id} }

// openAcr opens a store with the codes of the test documents' relation
// types and extractors registered in a fixed order, so that stores fed in
// different orders can be compared key for key.
func openAcr(t *testing.T) *Store {
	t.Helper()
	s := openMem(t)
	err := s.Update(func(tx *Tx) error {
		for _, rt := range []string{"CO_MENTIONED", "DEVELOPED_BY", "PROPOSED", "DISCUSSED", "WROTE_TO"} {
			var flags byte
			if rt == "CO_MENTIONED" {
				flags = regFlagSymmetric
			}
			if _, err := tx.intern(kindRelType, rt, flags); err != nil {
				return err
			}
		}
		for _, x := range []string{"comention", "rules"} {
			if _, err := tx.intern(kindExtractor, x, 0); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func applyOps(t *testing.T, s *Store, ops []acrOp) {
	t.Helper()
	for _, op := range ops {
		if op.del != "" {
			if err := s.DeleteDocument(op.del); err != nil {
				t.Fatal(err)
			}
			continue
		}
		mustPut(t, s, op.put...)
	}
}

// freshDump is the dump of a store that saw only docs, one at a time, in
// the order given.
func freshDump(t *testing.T, docs ...DocInput) []string {
	t.Helper()
	s := openAcr(t)
	for _, d := range docs {
		mustPut(t, s, d)
	}
	return dump(t, s)
}

// vmiGoesTo returns the entity the bare VMI mention of a document went to.
func vmiGoesTo(t *testing.T, s *Store, doc string) EntityID {
	t.Helper()
	var out EntityID
	err := s.View(func(tx *Tx) error {
		d, err := tx.docInput(doc, nil)
		if err != nil {
			return err
		}
		v, _, err := tx.get(contribKey(doc))
		if err != nil {
			return err
		}
		c, err := decodeContrib(v)
		if err != nil {
			return err
		}
		for _, ce := range c.Entities {
			for _, i := range ce.Mentions {
				if d.Mentions[i].Text == "VMI" {
					out = ce.ID
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestAcronymLinksAnyOrder(t *testing.T) {
	vmi, full, vendor := IDOf("VMI"), IDOf("Virtual Machine Interface"), IDOf("Vendor Managed Inventory")
	for _, tc := range []struct {
		name  string
		ops   []acrOp
		final []DocInput // what a fresh store sees
		want  EntityID   // where b's VMI goes
	}{
		{"definition first", []acrOp{putOp(acrDefA("ha")), putOp(acrBareB()), putOp(acrBareC())},
			[]DocInput{acrDefA("ha"), acrBareB(), acrBareC()}, full},
		{"bare first", []acrOp{putOp(acrBareB()), putOp(acrBareC()), putOp(acrDefA("ha"))},
			[]DocInput{acrDefA("ha"), acrBareB(), acrBareC()}, full},
		{"one batch, bare first", []acrOp{putOp(acrBareB(), acrBareC(), acrDefA("ha"))},
			[]DocInput{acrDefA("ha"), acrBareB(), acrBareC()}, full},
		{"definition deleted", []acrOp{putOp(acrBareB()), putOp(acrDefA("ha")), putOp(acrBareC()), delOp("a")},
			[]DocInput{acrBareB(), acrBareC()}, vmi},
		{"definition replaced by one without it", []acrOp{putOp(acrBareB()), putOp(acrDefA("ha")), putOp(acrBareC()), putOp(acrNoDef())},
			[]DocInput{acrBareB(), acrBareC(), acrNoDef()}, vmi},
		{"definition replaced by a changed one", []acrOp{putOp(acrBareB(), acrNoDef()), putOp(acrBareC()), putOp(acrDefA("ha3"))},
			[]DocInput{acrBareB(), acrBareC(), acrDefA("ha3")}, full},
		{"ambiguous", []acrOp{putOp(acrDefA("ha")), putOp(acrBareB()), putOp(acrDefD()), putOp(acrBareC())},
			[]DocInput{acrBareB(), acrBareC(), acrDefA("ha"), acrDefD()}, vmi},
		{"ambiguity lifted", []acrOp{putOp(acrBareB()), putOp(acrDefA("ha"), acrDefD()), putOp(acrBareC()), delOp("a")},
			[]DocInput{acrBareB(), acrBareC(), acrDefD()}, vendor},
		{"a person's initials stay apart", []acrOp{putOp(acrPersonE()), putOp(acrDefA("ha")), putOp(acrBareB())},
			[]DocInput{acrDefA("ha"), acrBareB(), acrPersonE()}, full},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openAcr(t)
			applyOps(t, s, tc.ops)
			if got := vmiGoesTo(t, s, "b"); got != tc.want {
				t.Errorf("b's VMI went to %s, want %s", got, tc.want)
			}
			got := dump(t, s)
			if want := freshDump(t, tc.final...); !slices.Equal(got, want) {
				t.Fatalf("store differs from one that saw only the final documents:\n%s", diff(got, want))
			}
			rev := slices.Clone(tc.final)
			slices.Reverse(rev)
			if want := freshDump(t, rev...); !slices.Equal(got, want) {
				t.Fatalf("store differs from one that saw the final documents in reverse:\n%s", diff(got, want))
			}
			for _, d := range tc.final {
				if d.Doc.ID == "e" {
					if e, err := s.Entity(vmi); err != nil || e.Type != "PERSON" {
						t.Errorf("the person VMI: %+v, %v", e, err)
					}
				}
			}
		})
	}
}

func TestAcronymLookup(t *testing.T) {
	s := openMem(t)
	mustPut(t, s, acrBareB(), acrDefA("ha"))
	e, err := s.EntityByName("VMI")
	if err != nil || e.ID != IDOf("Virtual Machine Interface") {
		t.Fatalf("EntityByName(VMI) = %+v, %v", e, err)
	}
	if e.MentionCount != 3 || e.Name != "Virtual Machine Interface" {
		t.Errorf("linked entity: %+v", e)
	}
	if _, err := s.Entity(IDOf("VMI")); !errors.Is(err, ErrEntityNotFound) {
		t.Errorf("the bare acronym's own entity: %v", err)
	}
	if _, err := s.Relation(IDOf("VMware"), "PROPOSED", IDOf("Virtual Machine Interface")); err != nil {
		t.Errorf("relation of the bare mention: %v", err)
	}
}

func TestIsAcronym(t *testing.T) {
	for s, want := range map[string]bool{"VMI": true, "OSDL": true, "AT&T": true, "G8": false, "3GPP": true, "ABCDEF": true,
		"ABCDEFG": false, "A": false, "DoD": false, "U.S.": false, "VMware": false, "": false, "A1": false} {
		if IsAcronym(s) != want {
			t.Errorf("IsAcronym(%q) = %v", s, !want)
		}
	}
}

// acrNoDefD is "d" without its definition: Vendor Managed Inventory alone.
func acrNoDefD() DocInput {
	d := acrDefD()
	d.Doc.Hash = "hd0"
	d.Acronyms = nil
	d.Mentions = d.Mentions[:1]
	return d
}

func mustCurate(t *testing.T) func(c Curation, err error) Curation {
	return func(c Curation, err error) Curation {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
}

// User curations win over acronym links, and undoing them leaves the
// store as if it had only seen the documents.
func TestAcronymCurations(t *testing.T) {
	none := CurationClient{}
	vmi, full, vendor := IDOf("VMI"), IDOf("Virtual Machine Interface"), IDOf("Vendor Managed Inventory")
	vmware, xen := IDOf("VMware"), IDOf("Xen")
	for _, tc := range []struct {
		name   string
		before []DocInput // ingested before the curation
		curate func(t *testing.T, s *Store) Curation
		after  []DocInput // ingested while it is in force
		want   EntityID   // where b's VMI goes then
		undo   bool       // undo it, then compare with a store of the documents alone
	}{
		{"rename of the acronym's own entity wins over a later definition", []DocInput{acrBareB()},
			func(t *testing.T, s *Store) Curation {
				return mustCurate(t)(s.SetEntityOverride(vmi, CurationRename, "VMI Consortium", none))
			}, []DocInput{acrDefA("ha"), acrBareC()}, vmi, true},
		{"type of the acronym's own entity set before a definition", []DocInput{acrBareB(), acrDefA("ha"), acrDefD()},
			func(t *testing.T, s *Store) Curation {
				return mustCurate(t)(s.SetEntityOverride(vmi, CurationSetType, "STANDARD", none))
			}, nil, vmi, false},
		{"a merge into the acronym's own entity wins", []DocInput{acrBareB(), acrNoDefD()},
			func(t *testing.T, s *Store) Curation {
				return mustCurate(t)(s.MergeEntities(vmi, []EntityID{vendor}, none))
			}, []DocInput{acrDefA("ha")}, vmi, true},
		{"the linked entity merged into another takes the bare mentions along", []DocInput{acrDefA("ha"), acrBareB()},
			func(t *testing.T, s *Store) Curation {
				return mustCurate(t)(s.MergeEntities(vmware, []EntityID{full}, none))
			}, []DocInput{acrBareC()}, vmware, true},
		{"another entity renamed to the acronym takes the bare mentions", []DocInput{acrDefA("ha"), acrBareB(), acrBareC()},
			func(t *testing.T, s *Store) Curation {
				return mustCurate(t)(s.SetEntityOverride(xen, CurationRename, "VMI", none))
			}, nil, xen, true},
		{"the linked entity renamed keeps them", []DocInput{acrDefA("ha"), acrBareB()},
			func(t *testing.T, s *Store) Curation {
				return mustCurate(t)(s.SetEntityOverride(full, CurationRename, "Virtual Machine Interface spec", none))
			}, []DocInput{acrBareC()}, full, true},
		{"a relation of the linked entity suppressed", []DocInput{acrDefA("ha"), acrBareB()},
			func(t *testing.T, s *Store) Curation {
				return mustCurate(t)(s.SuppressRelation(vmware, "PROPOSED", full, none))
			}, []DocInput{acrBareC()}, full, true},
		{"a split of a link sticks", []DocInput{acrDefA("ha"), acrBareB()},
			func(t *testing.T, s *Store) Curation {
				c := mustCurate(t)(s.SplitEntity(full, none))
				if !slices.Equal(c.Sources, []string{vmi.String()}) {
					t.Errorf("split sources %v", c.Sources)
				}
				return c
			}, []DocInput{acrBareC(), acrDefA("ha5")}, vmi, false},
		{"a split of a merge by hand sticks when a definition comes", []DocInput{acrBareB(), acrNoDef()},
			func(t *testing.T, s *Store) Curation {
				mustCurate(t)(s.MergeEntities(full, []EntityID{vmi}, none))
				if got := vmiGoesTo(t, s, "b"); got != full {
					t.Fatalf("merged: b's VMI went to %s", got)
				}
				return mustCurate(t)(s.SplitEntity(full, none))
			}, []DocInput{acrDefA("ha3"), acrBareC()}, vmi, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openAcr(t)
			mustPut(t, s, tc.before...)
			c := tc.curate(t, s)
			mustPut(t, s, tc.after...)
			if got := vmiGoesTo(t, s, "b"); got != tc.want {
				t.Fatalf("b's VMI went to %s, want %s", got, tc.want)
			}
			// Writing every document again, in either order, changes nothing.
			before := dataDump(t, s)
			docs := append(slices.Clone(tc.before), tc.after...)
			for _, d := range docs {
				if err := s.DeleteDocument(d.Doc.ID); err != nil && !errors.Is(err, ErrDocumentNotFound) {
					t.Fatal(err)
				}
			}
			for _, d := range slices.Backward(docs) { // the other order
				mustPut(t, s, withHash(d, d.Doc.Hash+"'"))
			}
			for _, d := range docs {
				mustPut(t, s, d)
			}
			if got := dataDump(t, s); !slices.Equal(got, before) {
				t.Fatalf("documents deleted and ingested again:\n%s", diff(got, before))
			}
			// It restores exactly.
			if a, b := dump(t, s), dump(t, restoreCopy(t, s)); !slices.Equal(a, b) {
				t.Fatalf("restored store differs:\n%s", diff(a, b))
			}
			if !tc.undo {
				return
			}
			if _, err := s.UndoCuration(c.Seq, none); err != nil {
				t.Fatal(err)
			}
			final := map[string]DocInput{}
			for _, d := range docs {
				final[d.Doc.ID] = d
			}
			var fresh []DocInput
			for _, d := range final {
				fresh = append(fresh, d)
			}
			slices.SortFunc(fresh, func(a, b DocInput) int { return strings.Compare(a.Doc.ID, b.Doc.ID) })
			if got, want := dataDump(t, s), freshDump(t, fresh...); !slices.Equal(got, want) {
				t.Fatalf("after undo the store differs from one that saw only the documents:\n%s", diff(got, want))
			}
		})
	}
}

// Acronym records and unlinks survive a dump and restore, and the
// restored store goes on linking.
func TestAcronymRestore(t *testing.T) {
	s := openAcr(t)
	mustPut(t, s, acrBareB(), acrDefA("ha"), acrBareC(), acrPersonE(), acrNoDefD())
	if _, err := s.MergeEntities(IDOf("Xen"), []EntityID{IDOf("Vendor Managed Inventory")}, CurationClient{}); err != nil {
		t.Fatal(err)
	}
	r := restoreCopy(t, s)
	if a, b := dump(t, s), dump(t, r); !slices.Equal(a, b) {
		t.Fatalf("restored store differs:\n%s", diff(a, b))
	}
	for _, st := range []*Store{s, r} {
		if err := st.DeleteDocument("a"); err != nil {
			t.Fatal(err)
		}
		mustPut(t, st, acrDefD())
	}
	if a, b := dump(t, s), dump(t, r); !slices.Equal(a, b) {
		t.Fatalf("restored store behaves differently:\n%s", diff(a, b))
	}
	if got := vmiGoesTo(t, r, "b"); got != IDOf("Xen") {
		t.Errorf("b's VMI went to %s, want Xen (Vendor Managed Inventory merged into it)", got)
	}
	if _, err := r.SplitEntity(IDOf("Xen"), CurationClient{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SplitEntity(IDOf("Xen"), CurationClient{}); err != nil {
		t.Fatal(err)
	}
	r2 := restoreCopy(t, r)
	if a, b := dump(t, r), dump(t, r2); !slices.Equal(a, b) {
		t.Fatalf("restored store with an unlink differs:\n%s", diff(a, b))
	}
	if a, b := dataDump(t, s), dataDump(t, r); !slices.Equal(a, b) {
		t.Fatalf("after the split:\n%s", diff(a, b))
	}
}

func TestAcronymTarget(t *testing.T) {
	s := openAcr(t)
	mustPut(t, s, acrDefA("ha"))
	for _, tc := range []struct {
		acr  string
		want EntityID
		ok   bool
	}{{"VMI", IDOf("Virtual Machine Interface"), true}, {"vmi", 0, false}, {"OSDL", 0, false}} {
		id, ok, err := s.AcronymTarget(tc.acr)
		if err != nil || ok != tc.ok || id != tc.want {
			t.Errorf("AcronymTarget(%q) = %s, %v, %v", tc.acr, id, ok, err)
		}
	}
	mustPut(t, s, acrDefD())
	if _, ok, err := s.AcronymTarget("VMI"); ok || err != nil {
		t.Errorf("ambiguous VMI linked: %v, %v", ok, err)
	}
}
