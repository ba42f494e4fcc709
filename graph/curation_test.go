package graph

import (
	"bytes"
	"encoding/hex"
	"slices"
	"testing"
)

// docObama2 mentions Obama in a second document, with another entity that
// the curations below do not touch.
func docObama2(hash string) DocInput {
	return mkDoc("d2", hash, "2024-03-02",
		[]string{"Barack Obama visited Paris."},
		[]mention{{"Barack Obama", "", "PERSON", 0}, {"Paris", "", "LOCATION", 0}},
		nil)
}

// indexDump returns the entries of the indexes curations change: type
// counters (05), name index (11), type index (12) and typo index (40).
func indexDump(t *testing.T, s *Store) []string {
	t.Helper()
	return dumpPrefixes(t, s, []byte{pTypeCount, pName, pTypeIdx, pSearch}, func(k, v []byte) string {
		return hex.EncodeToString(k) + "=" + hex.EncodeToString(v)
	})
}

// hasIndexEntryOf reports whether an index entry names the entity.
func hasIndexEntryOf(t *testing.T, s *Store, id EntityID) bool {
	t.Helper()
	suffix := appendID(nil, id)
	found := false
	dumpPrefixes(t, s, []byte{pName, pTypeIdx, pSearch}, func(k, _ []byte) string {
		found = found || bytes.HasSuffix(k, suffix)
		return ""
	})
	return found
}

func mustOverride(t *testing.T, s *Store, id EntityID, kind, value string) {
	t.Helper()
	if _, err := s.SetEntityOverride(id, kind, value, CurationClient{}); err != nil {
		t.Fatal(err)
	}
}

// checkCurated checks that Obama is found by its curated name and listed
// under its curated type, and that the extracted names still find it.
func checkCurated(t *testing.T, s *Store, when, name, typ string, personsBefore int) {
	t.Helper()
	id := IDOf("Barack Obama")
	for _, q := range []string{name, "Barack Obama", "obama"} {
		e, err := s.EntityByName(q)
		if err != nil || e.ID != id || e.Name != name || e.Type != typ {
			t.Errorf("%s: EntityByName(%q) = %s %q %q, %v; want the curated entity", when, q, e.ID, e.Name, e.Type, err)
		}
	}
	rs, err := s.Search("Barak Husein Obama", nil, 5) // a typo in two words
	if err != nil || len(rs) == 0 || rs[0].Entity.ID != id {
		t.Errorf("%s: search with typos: %+v, %v", when, rs, err)
	}
	page, _, _, total, err := s.Entities(EntityListOptions{Prefix: "barack huss"})
	if err != nil || total != 1 || len(page) != 1 || page[0].ID != id {
		t.Errorf("%s: entities with the new name's prefix: %d %+v, %v", when, total, page, err)
	}
	page, _, _, total, err = s.Entities(EntityListOptions{Type: typ})
	if err != nil || total != 1 || len(page) != 1 || page[0].ID != id {
		t.Errorf("%s: entities of type %s: %d %+v, %v", when, typ, total, page, err)
	}
	page, _, _, _, err = s.Entities(EntityListOptions{Type: "PERSON"})
	if err != nil || slices.ContainsFunc(page, func(e Entity) bool { return e.ID == id }) {
		t.Errorf("%s: still listed as PERSON (%v)", when, err)
	}
	page, _, _, total, err = s.Entities(EntityListOptions{Type: typ, Prefix: "obama"})
	if err != nil || total != 1 || len(page) != 1 {
		t.Errorf("%s: entities of type %s by alias prefix: %d, %v", when, typ, total, err)
	}
	tc, err := s.TypeCounts()
	if err != nil || tc[typ] != 1 || tc["PERSON"] != personsBefore-1 {
		t.Errorf("%s: TypeCounts %v, %v; want %s 1 and PERSON %d", when, tc, err, typ, personsBefore-1)
	}
}

// A rename makes the new name a lookup key everywhere, the extracted names
// stay lookup keys, a set type moves the entity in the type index and
// counters, and both survive re-ingest and deleting and re-adding the
// entity's documents.
func TestCuratedNameAndTypeIndexed(t *testing.T) {
	s := openMem(t)
	mustPut(t, s, docObama(), docObama2("h2"))
	tc, err := s.TypeCounts()
	if err != nil {
		t.Fatal(err)
	}
	persons := tc["PERSON"]
	id := IDOf("Barack Obama")
	mustOverride(t, s, id, CurationRename, "Barack Hussein Obama")
	mustOverride(t, s, id, CurationSetType, "POLITICIAN")
	checkCurated(t, s, "after curating", "Barack Hussein Obama", "POLITICIAN", persons)
	curated := dump(t, s)

	// Re-ingest: both documents come again with new hashes.
	st := mustPut(t, s, func() DocInput { d := docObama(); d.Doc.Hash = "h1b"; return d }(), docObama2("h2b"))
	if st[0] != Replaced || st[1] != Replaced {
		t.Fatalf("statuses %v", st)
	}
	checkCurated(t, s, "after re-ingest", "Barack Hussein Obama", "POLITICIAN", persons)

	// Delete every document of the entity: it leaves no index entry and no
	// count behind; adding them back brings the curated entity back.
	for _, d := range []string{"d1", "d2"} {
		if err := s.DeleteDocument(d); err != nil {
			t.Fatal(err)
		}
	}
	if hasIndexEntryOf(t, s, id) {
		t.Error("index entries of the deleted entity remain")
	}
	if tc, _ := s.TypeCounts(); tc["POLITICIAN"] != 0 {
		t.Errorf("TypeCounts after delete: %v", tc)
	}
	if _, err := s.EntityByName("Barack Hussein Obama"); err == nil {
		t.Error("the curated name finds a deleted entity")
	}
	mustPut(t, s, docObama(), docObama2("h2"))
	checkCurated(t, s, "after delete and re-add", "Barack Hussein Obama", "POLITICIAN", persons)
	if got := dump(t, s); !slices.Equal(got, curated) {
		t.Error("delete and re-add of the curated entity's documents did not restore the store exactly")
	}
}

// A second rename or type replaces the first's index entries exactly: the
// indexes are those of a store that only ever saw the second.
func TestSecondCurationReplacesFirst(t *testing.T) {
	twice, once := openMem(t), openMem(t)
	mustPut(t, twice, docObama(), docObama2("h2"))
	mustPut(t, once, docObama(), docObama2("h2"))
	id := IDOf("Barack Obama")
	mustOverride(t, twice, id, CurationRename, "Barack Hussein Obama")
	mustOverride(t, twice, id, CurationSetType, "POLITICIAN")
	mustOverride(t, twice, id, CurationRename, "Mr President")
	mustOverride(t, twice, id, CurationSetType, "ORG")
	mustOverride(t, once, id, CurationRename, "Mr President")
	mustOverride(t, once, id, CurationSetType, "ORG")
	if a, b := indexDump(t, twice), indexDump(t, once); !slices.Equal(a, b) {
		t.Errorf("indexes after two curations differ from one:\n%v\n%v", a, b)
	}
	if _, err := twice.EntityByName("Barack Hussein Obama"); err == nil {
		t.Error("the replaced curated name still finds the entity")
	}
	if rs, _ := twice.Search("Hussein", nil, 5); len(rs) != 0 {
		t.Errorf("search finds the replaced curated name: %+v", rs)
	}
	if e, err := twice.EntityByName("mr president"); err != nil || e.ID != id || e.Type != "ORG" {
		t.Errorf("new curated name: %+v, %v", e, err)
	}
	// Setting the extracted type back as a curation restores the original
	// type index and counters.
	fresh := openMem(t)
	mustPut(t, fresh, docObama(), docObama2("h2"))
	mustOverride(t, fresh, id, CurationRename, "Mr President")
	mustOverride(t, once, id, CurationSetType, "PERSON")
	if a, b := indexDump(t, once), indexDump(t, fresh); !slices.Equal(a, b) {
		t.Error("setting the extracted type back does not restore the type indexes")
	}
}

// ForEachEntity gives curated names and types in read and write
// transactions alike.
func TestForEachEntityCurated(t *testing.T) {
	s := openMem(t)
	mustPut(t, s, docObama(), docB("b", "hb"))
	id := IDOf("Barack Obama")
	mustOverride(t, s, id, CurationRename, "Barack Hussein Obama")
	mustOverride(t, s, IDOf("Angela Merkel"), CurationSetType, "CHANCELLOR")
	for _, tc := range []struct {
		name string
		run  func(func(*Tx) error) error
	}{
		{"view", s.View},
		{"update", s.Update},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := map[string]string{}
			err := tc.run(func(tx *Tx) error {
				return tx.ForEachEntity(func(e Entity) error { got[e.Name] = e.Type; return nil })
			})
			if err != nil {
				t.Fatal(err)
			}
			if got["Barack Hussein Obama"] != "PERSON" || got["Angela Merkel"] != "CHANCELLOR" || got["Paris"] != "LOCATION" {
				t.Errorf("entities: %v", got)
			}
		})
	}
}
