package export_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kgraph/kgraph/graph"
	"github.com/kgraph/kgraph/graph/export"
)

// richDocs is smallDocs plus a document with recognizer confidences (type
// votes that are not the mention counts), a surface form that is not the
// resolved name, and another role of a known relation.
func richDocs() []graph.DocInput {
	d := mkDoc("doc4", "2023-05-06",
		[]string{"ACME hired " + hostile + " as CTO.", zoe + " visited " + berlin + "."},
		[]docMention{{"ACME", "ORG", 0}, {hostile, "PERSON", 0}, {zoe, "LOCATION", 1}, {berlin, "LOCATION", 1}},
		[]docRel{{"WORKS_FOR", "CTO", 1, 0, false, 0.95}, {"CO_MENTIONED", "", 2, 3, true, 0.4}})
	d.Mentions[0].Name = acme
	d.Mentions[2].Confidence = 0.2 // a doubtful LOCATION vote for a PERSON
	d.Mentions[1].Confidence = 0.97
	return append(smallDocs(), d)
}

// importCopy dumps s as jsonl and imports the dump into a new store.
func importCopy(t *testing.T, s *graph.Store) (*graph.Store, []byte) {
	t.Helper()
	dump := export1(t, s, "jsonl", export.Options{})
	s2 := openMem(t)
	if _, err := export.Import(s2, bytes.NewReader(dump)); err != nil {
		t.Fatal(err)
	}
	return s2, dump
}

// mentionsDump renders Mentions and EntityDocuments of every entity.
func mentionsDump(t *testing.T, s *graph.Store) string {
	t.Helper()
	var b strings.Builder
	err := s.View(func(tx *graph.Tx) error {
		return tx.ForEachEntity(func(e graph.Entity) error {
			ms, _, err := tx.Mentions(e.ID, "", graph.MaxLimit)
			if err != nil {
				return err
			}
			docs, _, err := tx.EntityDocuments(e.ID, "", graph.MaxLimit)
			fmt.Fprintf(&b, "%s %+v\n  %+v\n", e.ID, ms, docs)
			return err
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestImportBehavesLikeOriginal(t *testing.T) {
	orig := openMem(t)
	if _, err := orig.PutDocuments(richDocs()); err != nil {
		t.Fatal(err)
	}
	restored, dump := importCopy(t, orig)
	stores := []*graph.Store{orig, restored}
	prev := dump
	same := func(step string, wantChange bool) {
		t.Helper()
		a, b := export1(t, orig, "jsonl", export.Options{}), export1(t, restored, "jsonl", export.Options{})
		if !bytes.Equal(a, b) {
			t.Fatalf("%s: dumps differ:\n%s", step, firstDiff(a, b))
		}
		if wantChange && bytes.Equal(a, prev) {
			t.Fatalf("%s changed nothing; the test would prove nothing", step)
		}
		prev = a
		ma, mb := mentionsDump(t, orig), mentionsDump(t, restored)
		if ma != mb {
			t.Fatalf("%s: mentions differ:\n%s\n---\n%s", step, ma, mb)
		}
		if !strings.Contains(ma, "doc4") {
			t.Fatalf("%s: no mention of doc4 listed:\n%s", step, ma)
		}
	}
	same("import", false)

	for _, s := range stores {
		if err := s.DeleteDocument("doc2"); err != nil {
			t.Fatal(err)
		}
	}
	same("deleting doc2", true)

	changed := richDocs()[2] // doc3 with another hash and content
	changed.Doc.Hash = "h-doc3-v2"
	changed.Mentions[2].Type = "PERSON"
	changed.Relations[0].Role = "partner"
	for _, s := range stores {
		st, err := s.PutDocuments([]graph.DocInput{changed})
		if err != nil || st[0] != graph.Replaced {
			t.Fatalf("re-put doc3: %v %v", st, err)
		}
	}
	same("replacing doc3", true)

	for _, s := range stores {
		if _, err := s.PutDocuments(richDocs()[1:2]); err != nil { // doc2 again
			t.Fatal(err)
		}
	}
	same("putting doc2 again", true)
}

// A filtered dump is a consistent store of its own: its documents keep the
// mentions of the exported entities, and can be deleted.
func TestImportFiltered(t *testing.T) {
	orig := openMem(t)
	if _, err := orig.PutDocuments(richDocs()); err != nil {
		t.Fatal(err)
	}
	dump := export1(t, orig, "jsonl", export.Options{Filter: export.Filter{Types: []string{"PERSON"}}})
	s := openMem(t)
	if _, err := export.Import(s, bytes.NewReader(dump)); err != nil {
		t.Fatal(err)
	}
	if ms, _, err := s.Mentions(graph.IDOf(hostile), "", 0); err != nil || len(ms) != 4 {
		t.Fatalf("mentions of %q: %v %v, want 4", hostile, ms, err)
	}
	if ms, _, err := s.Mentions(graph.IDOf(acme), "", 0); err != nil || len(ms) != 0 {
		t.Fatalf("mentions of the unexported %q: %v %v", acme, ms, err)
	}
	for _, id := range []string{"doc/1 \"odd\" id", "doc2", "doc3", "doc4"} {
		if err := s.DeleteDocument(id); err != nil {
			t.Fatalf("delete %q: %v", id, err)
		}
	}
	if st, _ := s.Stats(); st != (graph.Stats{}) {
		t.Fatalf("stats after deleting every document: %+v", st)
	}
}

// Dumps of the first layout still import, without mentions; their
// documents are marked as such when dumped again, and cannot be deleted.
func TestImportVersion1(t *testing.T) {
	v1, err := os.ReadFile(filepath.Join("testdata", "small-v1.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	s := openMem(t)
	if _, err := export.Import(s, bytes.NewReader(v1)); err != nil {
		t.Fatal(err)
	}
	again := export1(t, s, "jsonl", export.Options{})
	if !bytes.Contains(again, []byte(`"noContribution":true`)) || bytes.Contains(again, []byte(`"mentions":[`)) {
		t.Fatalf("a version 1 import dumped again:\n%s", again)
	}
	s2 := openMem(t)
	if _, err := export.Import(s2, bytes.NewReader(again)); err != nil {
		t.Fatal(err)
	}
	if again2 := export1(t, s2, "jsonl", export.Options{}); !bytes.Equal(again, again2) {
		t.Fatalf("round trip of a version 1 import differs:\n%s", firstDiff(again, again2))
	}
	if err := s2.DeleteDocument("doc2"); !errors.Is(err, graph.ErrCorrupt) {
		t.Fatalf("delete: err = %v, want ErrCorrupt", err)
	}
}

// curate applies one curation of every kind to a store of richDocs, undoes
// one and ingests a document naming an entity by its curated name.
func curate(t *testing.T, s *graph.Store) {
	t.Helper()
	who := graph.CurationClient{Addr: "192.0.2.1:5", UserAgent: "curator"}
	h, z, n, c := graph.IDOf(hostile), graph.IDOf(zoe), graph.IDOf(numeric), graph.IDOf(control)
	steps := []func() (graph.Curation, error){
		func() (graph.Curation, error) {
			return s.SetEntityOverride(h, graph.CurationRename, "Ann Hostile", who)
		},
		func() (graph.Curation, error) {
			return s.SetEntityOverride(graph.IDOf(berlin), graph.CurationSetType, "CITY", who)
		},
		func() (graph.Curation, error) { return s.SuppressRelation(z, "WORKS_FOR", n, who) },
		func() (graph.Curation, error) { return s.MergeEntities(n, []graph.EntityID{c}, who) },
		func() (graph.Curation, error) {
			return s.SetEntityOverride(graph.IDOf(acme), graph.CurationSetType, "PERSON", who)
		},
	}
	var last graph.Curation
	for i, step := range steps {
		var err error
		if last, err = step(); err != nil {
			t.Fatalf("curation %d: %v", i, err)
		}
	}
	if _, err := s.UndoCuration(last.Seq, who); err != nil {
		t.Fatal(err)
	}
	later := mkDoc("doc5", "2024-01-01", []string{"Ann Hostile met " + zoe + "."},
		[]docMention{{"Ann Hostile", "PERSON", 0}, {zoe, "PERSON", 0}}, []docRel{{"MET_WITH", "", 0, 1, true, 0.9}})
	if _, err := s.PutDocuments([]graph.DocInput{later}); err != nil {
		t.Fatal(err)
	}
}

// atRE matches the time of a curation line: curations made on two stores
// after an import differ in it only.
var atRE = regexp.MustCompile(`"at":"[^"]*"`)

func TestImportCurated(t *testing.T) {
	orig := openMem(t)
	if _, err := orig.PutDocuments(richDocs()); err != nil {
		t.Fatal(err)
	}
	curate(t, orig)
	restored, first := importCopy(t, orig)
	if second := export1(t, restored, "jsonl", export.Options{}); !bytes.Equal(first, second) {
		t.Fatalf("export → import → export differs:\n%s", firstDiff(first, second))
	}
	for _, kind := range []string{"override", "redirect", "suppression", "merge", "curation"} {
		if !bytes.Contains(first, []byte(`{"kind":"`+kind+`"`)) {
			t.Errorf("the dump has no %s line", kind)
		}
	}
	if !bytes.Contains(first, []byte(`"held":{`)) {
		t.Error("the dump has no held record")
	}
	if e, err := restored.EntityByName("Ann Hostile"); err != nil || e.ID != graph.IDOf(hostile) || e.MentionCount != 5 {
		t.Fatalf("the renamed entity after import: %+v, %v", e, err)
	}
	who := graph.CurationClient{}
	sameAfterSteps(t, orig, restored, first, []storeStep{
		{"a document naming the curated name", func(s *graph.Store) error {
			d := mkDoc("doc6", "", []string{"Ann Hostile joined " + numeric + "."},
				[]docMention{{"Ann Hostile", "PERSON", 0}, {numeric, "ORG", 0}}, []docRel{{"WORKS_FOR", "", 0, 1, false, 0.9}})
			_, err := s.PutDocuments([]graph.DocInput{d})
			return err
		}},
		{"replacing a document with a suppressed statement", func(s *graph.Store) error {
			d := richDocs()[2]
			d.Doc.Hash = "h-doc3-v2"
			_, err := s.PutDocuments([]graph.DocInput{d})
			return err
		}},
		{"deleting a document of a merged entity", func(s *graph.Store) error { return s.DeleteDocument("doc2") }},
		{"putting it back", func(s *graph.Store) error { _, err := s.PutDocuments(richDocs()[1:2]); return err }},
		{"splitting", func(s *graph.Store) error { _, err := s.SplitEntity(graph.IDOf(numeric), who); return err }},
		{"undoing the suppression", func(s *graph.Store) error { _, err := s.UndoCuration(3, who); return err }},
		{"undoing the rename", func(s *graph.Store) error { _, err := s.UndoCuration(1, who); return err }},
	})
}

// storeStep is a change applied alike to two stores.
type storeStep struct {
	name string
	do   func(s *graph.Store) error
}

// sameAfterSteps applies each step to both stores and checks that their
// jsonl dumps (curation times aside) and mentions stay equal, and that each
// step changed the dump (else the comparison proves nothing); prev is the
// dump before the first step.
func sameAfterSteps(t *testing.T, orig, restored *graph.Store, prev []byte, steps []storeStep) {
	t.Helper()
	for _, step := range steps {
		for _, s := range []*graph.Store{orig, restored} {
			if err := step.do(s); err != nil {
				t.Fatalf("%s: %v", step.name, err)
			}
		}
		a := atRE.ReplaceAll(export1(t, orig, "jsonl", export.Options{}), []byte(`"at":""`))
		b := atRE.ReplaceAll(export1(t, restored, "jsonl", export.Options{}), []byte(`"at":""`))
		if !bytes.Equal(a, b) {
			t.Fatalf("%s: dumps differ:\n%s", step.name, firstDiff(a, b))
		}
		if bytes.Equal(a, prev) {
			t.Fatalf("%s changed nothing; the test would prove nothing", step.name)
		}
		prev = a
		if ma, mb := mentionsDump(t, orig), mentionsDump(t, restored); ma != mb {
			t.Fatalf("%s: mentions differ:\n%s\n---\n%s", step.name, ma, mb)
		}
	}
}

// Version 2 and 3 dumps (no curations, no acronyms) still import, and
// dump again as the current version with the same records.
func TestImportVersion2(t *testing.T) {
	v3 := export1(t, smallStore(t), "jsonl", export.Options{})
	for _, old := range []string{`"version":2`, `"version":3`} {
		t.Run(old, func(t *testing.T) { importOldVersion(t, v3, old) })
	}
}

func importOldVersion(t *testing.T, v3 []byte, old string) {
	v2 := bytes.Replace(v3, []byte(fmt.Sprintf(`"version":%d`, export.JSONLVersion)), []byte(old), 1)
	if bytes.Equal(v2, v3) {
		t.Fatal("no version in the header")
	}
	s := openMem(t)
	if _, err := export.Import(s, bytes.NewReader(v2)); err != nil {
		t.Fatal(err)
	}
	if again := export1(t, s, "jsonl", export.Options{}); !bytes.Equal(again, v3) {
		t.Fatalf("a version 2 dump imported and dumped again:\n%s", firstDiff(v3, again))
	}
}

// Every format shows entities as the query API does: with their curated
// names and types, and the type filter goes by the curated type.
func TestExportShowsCurations(t *testing.T) {
	s := openMem(t)
	if _, err := s.PutDocuments(richDocs()); err != nil {
		t.Fatal(err)
	}
	curate(t, s)
	for _, format := range []string{"graphml", "gexf", "cypher", "nquads", "jsonld", "dot", "jsonl"} {
		t.Run(format, func(t *testing.T) {
			out := export1(t, s, format, export.Options{})
			if !bytes.Contains(out, []byte("Ann Hostile")) || !bytes.Contains(out, []byte("CITY")) {
				t.Errorf("%s export lacks the curated name or type:\n%.2000s", format, out)
			}
		})
	}
	for _, tc := range []struct {
		types []string
		want  []string
	}{
		{[]string{"CITY"}, []string{berlin}},
		{[]string{"LOCATION"}, nil},
	} {
		names, _ := jsonlGraph(t, export1(t, s, "jsonl", export.Options{Filter: export.Filter{Types: tc.types}}))
		if !slices.Equal(names, tc.want) {
			t.Errorf("types %v: entities %q, want %q", tc.types, names, tc.want)
		}
	}
}
