package graph

import (
	"encoding/hex"
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
