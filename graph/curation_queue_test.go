package graph

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
)

// Curations over more documents than one transaction holds: the curation
// commits alone and its documents are written again in follow-up
// transactions (see doc.go, "Rebuild queue").

// curStep is one curation of the big-curation tests; seqs holds the
// sequence numbers of the curations made so far, by step name.
type curStep struct {
	name    string
	minDocs int // documents the follow-ups write at least
	run     func(s *Store, seqs map[string]uint64) (Curation, error)
}

func curSteps(n int) []curStep {
	none := CurationClient{}
	smith, un, eu := IDOf("Smith"), IDOf("United Nations"), IDOf("European Union")
	rename := func(id EntityID, kind, v string) func(*Store, map[string]uint64) (Curation, error) {
		return func(s *Store, _ map[string]uint64) (Curation, error) { return s.SetEntityOverride(id, kind, v, none) }
	}
	undo := func(step string) func(*Store, map[string]uint64) (Curation, error) {
		return func(s *Store, seqs map[string]uint64) (Curation, error) { return s.UndoCuration(seqs[step], none) }
	}
	return []curStep{
		{"merge", n, func(s *Store, _ map[string]uint64) (Curation, error) {
			return s.MergeEntities(eu, []EntityID{un}, none)
		}},
		{"undo merge", n, undo("merge")},
		{"rename", 0, rename(smith, CurationRename, "Mr Smith")},
		{"rename again", n, rename(smith, CurationRename, "John Smith")}, // the "mr smith" redirect goes
		{"set type", 0, rename(smith, CurationSetType, "POLITICIAN")},
		{"suppress", n, func(s *Store, _ map[string]uint64) (Curation, error) {
			return s.SuppressRelation(smith, "CRITICIZED", un, none)
		}},
		{"undo suppress", n, undo("suppress")},
		{"undo rename again", n, undo("rename again")},
		{"split", n, func(s *Store, _ map[string]uint64) (Curation, error) { // unlinks UN from United Nations
			return s.SplitEntity(un, none)
		}},
	}
}

// curCorpus is the corpus of the big-curation tests: n documents where
// Smith criticizes the UN, linked to United Nations by a definition.
func curCorpus(n int) []DocInput { return append([]DocInput{relinkDef()}, relinkBare(n)...) }

// curRef returns, after each step, the data dump of a store that applies
// the steps with every document of a follow-up in one transaction.
func curRef(t *testing.T, docs []DocInput, steps []curStep) (plain []string, after [][]string) {
	t.Helper()
	s, _ := openRelink(t, 1<<20, 64<<20)
	mustPut(t, s, docs...)
	plain = dataDump(t, s)
	seqs := map[string]uint64{}
	for _, st := range steps {
		c, err := st.run(s, seqs)
		if err != nil {
			t.Fatalf("reference %s: %v", st.name, err)
		}
		seqs[st.name] = c.Seq
		after = append(after, dataDump(t, s))
	}
	return plain, after
}

func queueRecords(t *testing.T, s *Store) []string {
	t.Helper()
	return dumpPrefixes(t, s, []byte{pRebuild, pRebuildData}, func(k, v []byte) string { return fmt.Sprintf("%x@%s", k, v) })
}

// openSmallDisk opens a store in dir whose transactions hold about ten
// documents written again, with follow-ups of batch documents.
func openSmallDisk(t *testing.T, dir string, batch int) *Store {
	t.Helper()
	s, err := Open(DefaultOptions(dir).WithLogger(quiet).WithSyncWrites(false).WithGCInterval(0).
		WithMemTableSize(1 << 20).WithRelinkBatch(batch))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// putInBatches puts docs a few at a time, as a small store needs.
func putInBatches(t *testing.T, s *Store, docs []DocInput) {
	t.Helper()
	for i := 0; i < len(docs); i += 20 {
		mustPut(t, s, docs[i:min(len(docs), i+20)]...)
	}
}

// Every curation over more documents than one transaction holds works,
// in follow-ups of at most RelinkBatch documents, and leaves the store
// key for key as a store that applied it in one go; undoing the merge
// leaves the store as the documents alone say.
func TestCurationBounded(t *testing.T) {
	const n = 80 // with a 1 MiB memtable, one transaction holds about 10 documents written again
	docs := curCorpus(n)
	steps := curSteps(n)
	plain, want := curRef(t, docs, steps)
	for _, batch := range []int{1, 2, 7, 0} {
		t.Run(fmt.Sprint("batch", batch), func(t *testing.T) {
			s, sizes := openRelink(t, batch, 1<<20)
			putInBatches(t, s, docs)
			seqs := map[string]uint64{}
			for i, st := range steps {
				*sizes = nil
				c, err := st.run(s, seqs)
				if err != nil {
					t.Fatalf("%s: %v", st.name, err)
				}
				seqs[st.name] = c.Seq
				checkFollowUps(t, st.name, *sizes, batch, st.minDocs)
				if c.Documents < st.minDocs {
					t.Fatalf("%s: the log says %d documents, want at least %d", st.name, c.Documents, st.minDocs)
				}
				if r := queueRecords(t, s); len(r) != 0 {
					t.Fatalf("%s: queue records left: %v", st.name, r)
				}
				sameDump(t, st.name, dataDump(t, s), want[i])
				if st.name == "undo merge" {
					sameDump(t, st.name+" (documents only)", dataDump(t, s), plain)
				}
			}
			cs, _, err := s.Curations("", 0)
			if err != nil || len(cs) != len(steps) {
				t.Fatalf("curation log: %d entries, %v", len(cs), err)
			}
		})
	}
}

// A crash after the curation's commit, or part of the way through its
// follow-ups, loses nothing: the next Open finishes the queue.
func TestCurationAfterCrash(t *testing.T) {
	const n = 40
	docs := curCorpus(n)
	steps := curSteps(n)[:2] // merge, undo merge
	_, want := curRef(t, docs, steps)
	for _, tc := range []struct {
		name  string
		steps int // follow-ups that commit before the crash; -1: none runs
	}{
		{"after the curation's commit", -1},
		{"mid-way", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			open := func() *Store { t.Helper(); return openSmallDisk(t, dir, 4) }
			s := open()
			putInBatches(t, s, docs)
			seqs := map[string]uint64{}
			for i, st := range steps {
				calls := 0
				if tc.steps < 0 {
					s.skipRebuilds = true // the process dies after the curation's commit
				} else {
					s.rebuildFault = func() error { // ... or after some follow-ups
						if calls++; calls > tc.steps {
							return errors.New("killed")
						}
						return nil
					}
				}
				c, err := st.run(s, seqs)
				if tc.steps >= 0 && !errors.Is(err, ErrRebuildPending) || tc.steps < 0 && err != nil {
					t.Fatalf("%s: %v", st.name, err)
				}
				if c.Seq == 0 {
					t.Fatalf("%s: the committed curation was not returned", st.name)
				}
				seqs[st.name] = c.Seq
				if len(queueRecords(t, s)) == 0 {
					t.Fatalf("%s: no queue record", st.name)
				}
				if slices.Equal(dataDump(t, s), want[i]) {
					t.Fatalf("%s: the follow-ups were not cut short", st.name)
				}
				if err := s.Close(); err != nil {
					t.Fatal(err)
				}
				s = open()
				if r := queueRecords(t, s); len(r) != 0 {
					t.Fatalf("%s: queue records left after Open: %v", st.name, r)
				}
				sameDump(t, st.name+", reopened", dataDump(t, s), want[i])
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// A follow-up that fails leaves the curation committed and says so; until
// its documents can be written, every write fails with ErrRebuildPending
// and writes nothing; then the next write finishes them first.
func TestCurationFailure(t *testing.T) {
	const n = 30
	none := CurationClient{}
	docs := curCorpus(n)
	other := mkDoc("z", "hz", "2020-04-01", []string{"Jones met Brown."},
		[]mention{{"Jones", "", "PERSON", 0}, {"Brown", "", "PERSON", 0}},
		[]rel{{typ: "CRITICIZED", subj: 0, obj: 1, conf: 0.6, extractor: "rules"}})
	ref, _ := openRelink(t, 0, 64<<20)
	mustPut(t, ref, docs...)
	if _, err := ref.MergeEntities(IDOf("European Union"), []EntityID{IDOf("United Nations")}, none); err != nil {
		t.Fatal(err)
	}
	mustPut(t, ref, other)

	s, _ := openRelink(t, 3, 1<<20)
	putInBatches(t, s, docs)
	boom := errors.New("disk on fire")
	calls := 0
	s.rebuildFault = func() error {
		if calls++; calls > 2 {
			return boom
		}
		return nil
	}
	c, err := s.MergeEntities(IDOf("European Union"), []EntityID{IDOf("United Nations")}, none)
	if !errors.Is(err, ErrRebuildPending) || !errors.Is(err, boom) || c.Seq != 1 || c.Kind != CurationMerge {
		t.Fatalf("failed follow-up: %+v %v", c, err)
	}
	if cs, _, err := s.Curations("", 0); err != nil || len(cs) != 1 || cs[0].Seq != c.Seq {
		t.Fatalf("the committed merge is not in the log: %+v %v", cs, err)
	}
	before := dump(t, s)
	for _, w := range []struct {
		name  string
		write func() error
	}{
		{"put", func() error { _, err := s.PutDocuments([]DocInput{other}); return err }},
		{"delete", func() error { return s.DeleteDocument("n00001") }},
		{"rename", func() error {
			_, err := s.SetEntityOverride(IDOf("Smith"), CurationRename, "John Smith", none)
			return err
		}},
		{"undo", func() error { _, err := s.UndoCuration(c.Seq, none); return err }},
		{"finish", s.FinishRebuilds},
		{"bulk load", func() error { _, err := s.NewBulkLoader(); return err }},
	} {
		if err := w.write(); !errors.Is(err, ErrRebuildPending) {
			t.Fatalf("%s while the merge's documents cannot be written: %v", w.name, err)
		}
		if !slices.Equal(before, dump(t, s)) {
			t.Fatalf("%s wrote something while the merge's documents could not be written", w.name)
		}
	}
	s.rebuildFault = nil
	mustPut(t, s, other)
	if r := queueRecords(t, s); len(r) != 0 {
		t.Fatalf("queue records left: %v", r)
	}
	sameDump(t, "after recovery", dataDump(t, s), dataDump(t, ref))
}

// Writers running while a big curation writes its documents again do not
// come between its follow-ups: the store ends as if the documents had
// been put first and the merge made then (run with -race).
func TestCurationConcurrentWrites(t *testing.T) {
	const n = 60
	none := CurationClient{}
	docs := curCorpus(n)
	var more []DocInput // more documents naming both entities of the merge
	for i := 0; i < 20; i++ {
		more = append(more, mkDoc(fmt.Sprintf("m%03d", i), "h", "2021-01-01",
			[]string{"The United Nations and the European Union met Smith."},
			[]mention{{"United Nations", "", "ORG", 0}, {"European Union", "", "ORG", 0}, {"Smith", "", "PERSON", 0}},
			[]rel{{typ: "MET_WITH", subj: 0, obj: 2, conf: 0.7, extractor: "rules"}}))
	}
	ref, _ := openRelink(t, 0, 64<<20)
	mustPut(t, ref, append(slices.Clone(docs), more...)...)
	if _, err := ref.MergeEntities(IDOf("European Union"), []EntityID{IDOf("United Nations")}, none); err != nil {
		t.Fatal(err)
	}

	s, _ := openRelink(t, 2, 1<<20)
	putInBatches(t, s, docs)
	var wg sync.WaitGroup
	errs := make(chan error, 3+len(more))
	wg.Add(3)
	go func() {
		defer wg.Done()
		_, err := s.MergeEntities(IDOf("European Union"), []EntityID{IDOf("United Nations")}, none)
		errs <- err
	}()
	go func() {
		defer wg.Done()
		for _, d := range more {
			_, err := s.PutDocuments([]DocInput{d})
			errs <- err
		}
	}()
	go func() { // readers see some documents written again, never an error
		defer wg.Done()
		for i := 0; i < 50; i++ {
			if _, err := s.EntityByName("European Union"); err != nil {
				errs <- err
				return
			}
			if _, _, err := s.Curations("", 0); err != nil {
				errs <- err
				return
			}
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	sameDump(t, "concurrent", dataDump(t, s), dataDump(t, ref))
}

// A merge recorded before held records (its record carries the merged
// entity's documents as they were and its mention indexes) is split in
// follow-ups too: the split keeps what the record held (key 5b) until
// its last follow-up.
func TestCurationLegacySplit(t *testing.T) {
	const n = 40
	none := CurationClient{}
	docs := curCorpus(n)
	un, eu := IDOf("United Nations"), IDOf("European Union")
	s := openSmallDisk(t, t.TempDir(), 3)
	defer s.Close()
	putInBatches(t, s, docs)
	plain := dataDump(t, s)
	// What a merge wrote before held records: the documents as they were
	// and the merged mentions.
	legacy := mergeInfo{Name: "United Nations", Mentions: map[string][]int{}, Docs: map[string]DocInput{}}
	err := s.View(func(tx *Tx) error {
		ds, err := tx.docsOf(un)
		if err != nil {
			return err
		}
		for _, d := range ds {
			in, err := tx.docInput(d, nil)
			if err != nil {
				return err
			}
			legacy.Docs[d] = in
			for i, m := range in.Mentions {
				if IDOf(m.Name) == un {
					legacy.Mentions[d] = append(legacy.Mentions[d], i)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.MergeEntities(eu, []EntityID{un}, none)
	if err != nil {
		t.Fatal(err)
	}
	err = s.Update(func(tx *Tx) error {
		b, err := json.Marshal(legacy)
		if err != nil {
			return err
		}
		return tx.set(mergedKey(eu, un), b)
	})
	if err != nil {
		t.Fatal(err)
	}
	s.skipRebuilds = true // keep the queue to look at it
	if _, err := s.UndoCuration(m.Seq, none); err != nil {
		t.Fatal(err)
	}
	if r := queueRecords(t, s); len(r) != 2 {
		t.Fatalf("queue records %d, want the curation's and its split data", len(r))
	}
	s.skipRebuilds = false
	if err := s.FinishRebuilds(); err != nil {
		t.Fatal(err)
	}
	if r := queueRecords(t, s); len(r) != 0 {
		t.Fatalf("queue records left: %d", len(r))
	}
	sameDump(t, "legacy split", dataDump(t, s), plain)
}
