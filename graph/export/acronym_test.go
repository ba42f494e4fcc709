package export_test

import (
	"bytes"
	"testing"

	"github.com/kgraph/kgraph/graph"
	"github.com/kgraph/kgraph/graph/export"
)

// acronymDocs define VMI and OSDL in one document each and use them bare
// in others.
func acronymDocs() []graph.DocInput {
	a := mkDoc("acr-a", "2006-03-01", []string{"Virtual Machine Interface (VMI) came from VMware."},
		[]docMention{{"Virtual Machine Interface", "ORG", 0}, {"VMI", "ORG", 0}, {"VMware", "ORG", 0}},
		[]docRel{{"DEVELOPED_BY", "", 0, 2, false, 0.7}})
	a.Mentions[1].Name = "Virtual Machine Interface"
	a.Acronyms = []graph.AcronymInput{{Acronym: "VMI", Name: "Virtual Machine Interface"}}
	b := mkDoc("acr-b", "2006-03-02", []string{"VMware proposed VMI and OSDL agreed."},
		[]docMention{{"VMware", "ORG", 0}, {"VMI", "ORG", 0}, {"OSDL", "ORG", 0}},
		[]docRel{{"PROPOSED", "", 0, 1, false, 0.8}, {"CO_MENTIONED", "", 1, 2, true, 0.5}})
	c := mkDoc("acr-c", "2006-03-03", []string{"Open Source Development Labs (OSDL) hosts Linux."},
		[]docMention{{"Open Source Development Labs", "ORG", 0}, {"OSDL", "ORG", 0}, {"Linux", "MISC", 0}},
		[]docRel{{"HOSTS", "", 0, 2, false, 0.6}})
	c.Mentions[1].Name = "Open Source Development Labs"
	c.Acronyms = []graph.AcronymInput{{Acronym: "OSDL", Name: "Open Source Development Labs"}}
	return []graph.DocInput{a, b, c}
}

// A store with acronym links, a merge record of a defining document and
// an acronym a split unlinked dumps and imports losslessly and goes on
// behaving like the original.
func TestImportAcronyms(t *testing.T) {
	who := graph.CurationClient{}
	orig := openMem(t)
	if _, err := orig.PutDocuments(acronymDocs()); err != nil {
		t.Fatal(err)
	}
	vmi, osdl := graph.IDOf("Virtual Machine Interface"), graph.IDOf("Open Source Development Labs")
	if e, err := orig.EntityByName("VMI"); err != nil || e.ID != vmi {
		t.Fatalf("VMI: %+v, %v", e, err)
	}
	if _, err := orig.MergeEntities(graph.IDOf("VMware"), []graph.EntityID{vmi}, who); err != nil {
		t.Fatal(err)
	}
	if _, err := orig.SplitEntity(osdl, who); err != nil {
		t.Fatal(err)
	}
	restored, first := importCopy(t, orig)
	if second := export1(t, restored, "jsonl", export.Options{}); !bytes.Equal(first, second) {
		t.Fatalf("export → import → export differs:\n%s", firstDiff(first, second))
	}
	for _, want := range []string{`{"kind":"acronymUnlink","acronym":"osdl"`,
		`"acronyms":[{"acronym":"VMI","name":"Virtual Machine Interface"}]`} {
		if !bytes.Contains(first, []byte(want)) {
			t.Errorf("the dump has no %s", want)
		}
	}
	sameAfterSteps(t, orig, restored, first, []storeStep{
		{"deleting the definition", func(s *graph.Store) error { return s.DeleteDocument("acr-a") }},
		{"putting it back", func(s *graph.Store) error { _, err := s.PutDocuments(acronymDocs()[:1]); return err }},
		{"splitting the merge", func(s *graph.Store) error { _, err := s.SplitEntity(graph.IDOf("VMware"), who); return err }},
		{"deleting the unlinked definition", func(s *graph.Store) error { return s.DeleteDocument("acr-c") }},
	})
}
