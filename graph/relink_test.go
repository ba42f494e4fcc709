package graph

import (
	"errors"
	"fmt"
	"slices"
	"testing"
)

// Relink test corpus: n documents use "UN" bare (every third also "EU"),
// "def" defines both, "def2" defines UN as something else.
func relinkBare(n int) []DocInput {
	var out []DocInput
	for i := 0; i < n; i++ {
		ms := []mention{{"Smith", "", "PERSON", 0}, {"UN", "", "ORG", 0}}
		sent := "Smith criticized the UN."
		if i%3 == 0 {
			sent = "Smith criticized the UN and the EU."
			ms = append(ms, mention{"EU", "", "ORG", 0})
		}
		out = append(out, mkDoc(fmt.Sprintf("n%05d", i), "h", "2020-01-01", []string{sent}, ms,
			[]rel{{typ: "CRITICIZED", subj: 0, obj: 1, conf: 0.6, extractor: "rules"}}))
	}
	return out
}

func relinkDef() DocInput {
	d := mkDoc("def", "hdef", "2020-02-01",
		[]string{"The United Nations (UN) and the European Union (EU) met."},
		[]mention{{"United Nations", "", "ORG", 0}, {"United Nations", "UN", "ORG", 0},
			{"European Union", "", "ORG", 0}, {"European Union", "EU", "ORG", 0}},
		nil)
	d.Acronyms = []AcronymInput{{Acronym: "UN", Name: "United Nations"}, {Acronym: "EU", Name: "European Union"}}
	return d
}

func relinkDef2() DocInput {
	d := mkDoc("def2", "hdef2", "2020-03-01",
		[]string{"Unidad Nacional (UN) won."},
		[]mention{{"Unidad Nacional", "", "ORG", 0}, {"Unidad Nacional", "UN", "ORG", 0}}, nil)
	d.Acronyms = []AcronymInput{{Acronym: "UN", Name: "Unidad Nacional"}}
	return d
}

// openRelink opens an in-memory store writing at most batch documents
// per follow-up transaction, and records the size of each.
func openRelink(t *testing.T, batch int, memTable int64) (*Store, *[]int) {
	t.Helper()
	s, err := Open(DefaultOptions("").WithInMemory(true).WithLogger(quiet).
		WithMemTableSize(memTable).WithRelinkBatch(batch))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	var steps []int
	s.rebuildHook = func(n int) { steps = append(steps, n) }
	return s, &steps
}

// relinkFresh is the dump of a store that saw only docs, in one batch.
func relinkFresh(t *testing.T, docs ...DocInput) []string {
	t.Helper()
	s, _ := openRelink(t, 0, 64<<20)
	mustPut(t, s, docs...)
	return dump(t, s)
}

func relinkRecords(t *testing.T, s *Store) []string {
	t.Helper()
	var out []string
	err := s.View(func(tx *Tx) error {
		return tx.scan([]byte{pRebuild}, nil, func(k, v []byte) (bool, error) {
			out = append(out, string(k[1:])+"@"+string(v))
			return true, nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameDump(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		diff := 0
		for _, g := range got {
			if _, ok := slices.BinarySearch(want, g); !ok {
				diff++
			}
		}
		t.Fatalf("%s: store differs from a store that saw only the final documents (%d vs %d keys, %d not expected)",
			what, len(got), len(want), diff)
	}
}

// checkFollowUps checks the sizes of the follow-up transactions of one
// write against the batch option (0: the default) and that they wrote at
// least minDocs documents, and returns how many they wrote.
func checkFollowUps(t *testing.T, what string, sizes []int, batch, minDocs int) int {
	t.Helper()
	limit := batch
	if limit == 0 {
		limit = DefaultRelinkBatch
	}
	total := 0
	for _, k := range sizes {
		if k > limit {
			t.Fatalf("%s: a follow-up wrote %d documents, limit %d", what, k, limit)
		}
		total += k
	}
	if total < minDocs {
		t.Fatalf("%s: follow-ups wrote %d documents, want at least %d", what, total, minDocs)
	}
	return total
}

// A definition that relinks many documents commits alone; the documents
// are written again in follow-up transactions of at most RelinkBatch, and
// the store ends exactly as a store that saw only the final documents.
func TestRelinkBounded(t *testing.T) {
	const n = 120
	bare := relinkBare(n)
	withDef := append([]DocInput{relinkDef()}, bare...)
	both := append(slices.Clone(withDef), relinkDef2())
	wantDef, wantBoth, wantBare := relinkFresh(t, withDef...), relinkFresh(t, both...), relinkFresh(t, bare...)
	un, unitedNations := IDOf("UN"), IDOf("United Nations")
	for _, batch := range []int{1, 2, 7, 0} {
		t.Run(fmt.Sprint("batch", batch), func(t *testing.T) {
			s, steps := openRelink(t, batch, 8<<20)
			check := func(what string, want []string, minDocs int) {
				t.Helper()
				checkFollowUps(t, what, *steps, batch, minDocs)
				*steps = nil
				if r := relinkRecords(t, s); len(r) != 0 {
					t.Fatalf("%s: relink records left: %v", what, r)
				}
				sameDump(t, what, dump(t, s), want)
			}
			mustPut(t, s, bare...)
			check("bare", wantBare, 0)
			mustPut(t, s, relinkDef()) // links UN (n documents) and EU (n/3)
			check("definition", wantDef, n)
			if id, ok, _ := s.AcronymTarget("UN"); !ok || id != unitedNations {
				t.Fatalf("UN -> %v %v", id, ok)
			}
			mustPut(t, s, relinkDef2()) // ambiguous: UN unlinks
			check("second definition", wantBoth, n)
			if id, ok, _ := s.AcronymTarget("UN"); ok {
				t.Fatalf("ambiguous UN -> %v", id)
			}
			if err := s.DeleteDocument("def2"); err != nil { // links again
				t.Fatal(err)
			}
			check("delete second", wantDef, n)
			if err := s.DeleteDocument("def"); err != nil { // the only definer: both unlink
				t.Fatal(err)
			}
			check("delete definer", wantBare, n)
			if e, err := s.EntityByName("UN"); err != nil || e.ID != un {
				t.Fatalf("UN entity %v %v", e.ID, err)
			}
		})
	}
}

// Targets that change several times within one batch, with documents
// that use them put between the changes, end as the last one says.
func TestRelinkWithinBatch(t *testing.T) {
	bare := relinkBare(40)
	batch := slices.Concat(bare[:15], []DocInput{relinkDef()}, bare[15:30], []DocInput{relinkDef2()}, bare[30:])
	want := relinkFresh(t, append([]DocInput{relinkDef(), relinkDef2()}, bare...)...)
	for _, limit := range []int{1, 3} {
		s, _ := openRelink(t, limit, 8<<20)
		mustPut(t, s, batch...)
		sameDump(t, fmt.Sprint("batch, limit ", limit), dump(t, s), want)
		if err := s.Update(func(tx *Tx) error { return tx.DeleteDocument("def2") }); err != nil {
			t.Fatal(err)
		}
		sameDump(t, fmt.Sprint("delete in Update, limit ", limit), dump(t, s), relinkFresh(t, append([]DocInput{relinkDef()}, bare...)...))
	}
}

// A crash between the document's commit and the follow-ups loses
// nothing: the relink record is found and finished at the next Open; a
// read-only Open cannot finish it and says so.
func TestRelinkAfterCrash(t *testing.T) {
	bare := relinkBare(30)
	want := relinkFresh(t, append([]DocInput{relinkDef()}, bare...)...)
	dir := t.TempDir()
	open := func(ro bool) *Store {
		t.Helper()
		s, err := Open(DefaultOptions(dir).WithLogger(quiet).WithSyncWrites(false).WithGCInterval(0).
			WithReadOnly(ro).WithRelinkBatch(4))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	s := open(false)
	mustPut(t, s, bare...)
	s.skipRebuilds = true // the process dies after the definition's commit
	mustPut(t, s, relinkDef())
	if r := relinkRecords(t, s); !slices.Equal(r, []string{"eu@", "un@"}) {
		t.Fatalf("relink records %q", r)
	}
	if slices.Equal(dump(t, s), want) {
		t.Fatal("the follow-ups were not skipped")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	ro := open(true)
	if err := ro.FinishRelinks(); !errors.Is(err, ErrRelinkPending) || !errors.Is(err, ErrReadOnly) {
		t.Fatalf("FinishRelinks on a read-only store: %v", err)
	}
	if err := ro.Close(); err != nil {
		t.Fatal(err)
	}

	s = open(false)
	defer s.Close()
	if r := relinkRecords(t, s); len(r) != 0 {
		t.Fatalf("relink records left after Open: %v", r)
	}
	sameDump(t, "reopened", dump(t, s), want)
	if err := s.FinishRelinks(); err != nil {
		t.Fatal(err)
	}
}

// Relink records left by a failed follow-up are finished by the next
// write, whatever it is.
func TestRelinkNextWrite(t *testing.T) {
	bare := relinkBare(20)
	other := mkDoc("z", "hz", "2020-04-01", []string{"Jones met Brown."},
		[]mention{{"Jones", "", "PERSON", 0}, {"Brown", "", "PERSON", 0}},
		[]rel{{typ: "CRITICIZED", subj: 0, obj: 1, conf: 0.6, extractor: "rules"}})
	want := relinkFresh(t, slices.Concat(bare, []DocInput{relinkDef(), other})...)
	s, _ := openRelink(t, 3, 8<<20)
	mustPut(t, s, bare...)
	s.skipRebuilds = true
	mustPut(t, s, relinkDef())
	s.skipRebuilds = false
	if len(relinkRecords(t, s)) == 0 {
		t.Fatal("no relink record")
	}
	mustPut(t, s, other)
	sameDump(t, "after the next write", dump(t, s), want)

	// FinishRelinks (the exporters call it before a dump) does it too.
	s2, _ := openRelink(t, 3, 8<<20)
	mustPut(t, s2, bare...)
	s2.skipRebuilds = true
	mustPut(t, s2, relinkDef(), other)
	if len(relinkRecords(t, s2)) == 0 {
		t.Fatal("no relink record")
	}
	if err := s2.FinishRelinks(); err != nil {
		t.Fatal(err)
	}
	if r := relinkRecords(t, s2); len(r) != 0 {
		t.Fatalf("relink records left: %v", r)
	}
	sameDump(t, "after FinishRelinks", dump(t, s2), want)
}

// One definition relinking more documents than one transaction holds
// (before the follow-ups, PutDocuments rejected it as "document too
// large").
func TestRelinkManyDocs(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	const n = 1500
	bare := relinkBare(n)
	s, steps := openRelink(t, 0, 2<<20) // badger holds about 300 KB per transaction
	for i := 0; i < n; i += 100 {
		mustPut(t, s, bare[i:i+100]...)
	}
	mustPut(t, s, relinkDef())
	total := 0
	for _, k := range *steps {
		total += k
	}
	if total < n {
		t.Fatalf("follow-ups wrote %d documents, want at least %d", total, n)
	}
	sameDump(t, "many", dump(t, s), relinkFresh(t, append([]DocInput{relinkDef()}, bare...)...))
	t.Logf("%d documents relinked in %d follow-up transactions", total, len(*steps))
}

// A curation after a failed follow-up sees the store exactly as its
// documents say: the pending relinks are finished before it runs (a merge
// records the mentions of the merged entity as they are).
func TestRelinkBeforeCuration(t *testing.T) {
	bare := relinkBare(20)
	merge := func(s *Store) {
		t.Helper()
		if _, err := s.MergeEntities(IDOf("European Union"), []EntityID{IDOf("United Nations")}, CurationClient{}); err != nil {
			t.Fatal(err)
		}
	}
	fresh, _ := openRelink(t, 0, 8<<20)
	mustPut(t, fresh, append([]DocInput{relinkDef()}, bare...)...)
	merge(fresh)

	s, _ := openRelink(t, 3, 8<<20)
	mustPut(t, s, bare...)
	s.skipRebuilds = true
	mustPut(t, s, relinkDef())
	s.skipRebuilds = false
	merge(s)
	if r := relinkRecords(t, s); len(r) != 0 {
		t.Fatalf("relink records left: %v", r)
	}
	sameDump(t, "merge after a failed follow-up", dataDump(t, s), dataDump(t, fresh))
}

// A follow-up that fails leaves the document committed and says so; until
// the relinks can be finished writes fail without writing anything; then
// the next write finishes them.
func TestRelinkFailure(t *testing.T) {
	bare := relinkBare(10)
	other := mkDoc("z", "hz", "2020-04-01", []string{"Jones met Brown."},
		[]mention{{"Jones", "", "PERSON", 0}, {"Brown", "", "PERSON", 0}},
		[]rel{{typ: "CRITICIZED", subj: 0, obj: 1, conf: 0.6, extractor: "rules"}})
	s, _ := openRelink(t, 2, 8<<20)
	mustPut(t, s, bare...)
	boom := errors.New("disk on fire")
	calls := 0
	s.rebuildFault = func() error { // three follow-ups commit (EU, then part of UN), then they fail
		if calls++; calls > 3 {
			return boom
		}
		return nil
	}
	st, err := s.PutDocuments([]DocInput{relinkDef()})
	if !errors.Is(err, ErrRelinkPending) || !errors.Is(err, boom) || !slices.Equal(st, []PutStatus{Added}) {
		t.Fatalf("failed follow-up: %v %v", st, err)
	}
	if _, err := s.Document("def"); err != nil {
		t.Fatalf("the definition was not committed: %v", err)
	}
	if r := relinkRecords(t, s); !slices.Equal(r, []string{"un@n00001"}) {
		t.Fatalf("relink records %q: want UN advanced past n00001", r)
	}
	st, err = s.PutDocuments([]DocInput{other})
	if !errors.Is(err, ErrRelinkPending) || st != nil {
		t.Fatalf("write while relinks cannot finish: %v %v", st, err)
	}
	if _, err := s.Document("z"); !errors.Is(err, ErrDocumentNotFound) {
		t.Fatalf("a write went through while relinks were pending: %v", err)
	}
	if err := s.DeleteDocument("n00001"); !errors.Is(err, ErrRelinkPending) {
		t.Fatalf("delete while relinks cannot finish: %v", err)
	}
	s.rebuildFault = nil
	mustPut(t, s, other)
	sameDump(t, "after recovery", dump(t, s), relinkFresh(t, slices.Concat(bare, []DocInput{relinkDef(), other})...))
}
