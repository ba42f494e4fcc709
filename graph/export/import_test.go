package export_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
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
