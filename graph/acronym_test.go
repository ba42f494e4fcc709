package graph

import (
	"errors"
	"slices"
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
