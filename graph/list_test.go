package graph

import (
	"encoding/base64"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
)

// manyDoc builds a document with n people, all co-mentioned with a hub
// person, half of them also WORKS_FOR an org.
func manyDoc(id string, n int) DocInput {
	var sents []string
	var ms []mention
	var rs []rel
	for i := range n {
		p := fmt.Sprintf("Person %03d", i)
		sents = append(sents, "Hub Person met "+p+" of Acme.")
		ms = append(ms, mention{"Hub Person", "", "PERSON", i}, mention{p, "", []string{"PERSON", "ORG", "LOCATION"}[i%3], i}, mention{"Acme", "", "ORG", i})
		rs = append(rs, rel{typ: "CO_MENTIONED", subj: 3 * i, obj: 3*i + 1, conf: 0.5, sym: true})
		if i%2 == 0 {
			rs = append(rs, rel{typ: "WORKS_FOR", subj: 3*i + 1, obj: 3*i + 2, conf: 0.7})
		}
	}
	return mkDoc(id, "h", "2021-01-01", sents, ms, rs)
}

func TestEntityPagination(t *testing.T) {
	s := openMem(t)
	mustPut(t, s, manyDoc("d", 100)) // 102 entities
	tests := []struct {
		opts      EntityListOptions
		wantTotal int
	}{
		{EntityListOptions{Limit: 7}, 102},
		{EntityListOptions{Limit: 1}, 102},
		{EntityListOptions{Limit: 500}, 102},
		{EntityListOptions{Type: "ORG", Limit: 5}, 33 + 1},
		{EntityListOptions{Prefix: "person 0", Limit: 3}, 100},
		{EntityListOptions{Prefix: "PERSON 09", Limit: 4}, 10},
		{EntityListOptions{Prefix: "person", Type: "LOCATION", Limit: 6}, 33},
		{EntityListOptions{Prefix: "nobody"}, 0},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%+v", tt.opts), func(t *testing.T) {
			seen := map[EntityID]bool{}
			var keys []string
			o := tt.opts
			pages := 0
			for {
				page, next, hasNext, total, err := s.Entities(o)
				if err != nil {
					t.Fatal(err)
				}
				if total != tt.wantTotal {
					t.Fatalf("total %d want %d", total, tt.wantTotal)
				}
				if len(page) > max(o.Limit, 1) || (hasNext && len(page) != o.Limit) {
					t.Fatalf("page of %d with limit %d, hasNext %v", len(page), o.Limit, hasNext)
				}
				for _, e := range page {
					if seen[e.ID] {
						t.Fatalf("duplicate %s", e.Name)
					}
					seen[e.ID] = true
					keys = append(keys, e.Key)
					if tt.opts.Type != "" && e.Type != tt.opts.Type {
						t.Fatalf("type filter: %+v", e)
					}
				}
				pages++
				if !hasNext {
					break
				}
				o.After = next
			}
			if len(seen) != tt.wantTotal {
				t.Fatalf("listed %d want %d", len(seen), tt.wantTotal)
			}
			if tt.opts.Prefix == "" && !slices.IsSorted(keys) {
				t.Fatalf("not in key order: %v", keys)
			}
		})
	}
}

func TestBadCursor(t *testing.T) {
	s := openMem(t)
	mustPut(t, s, manyDoc("d", 10))
	_, typeCursor, _, _, err := s.Entities(EntityListOptions{Type: "ORG", Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	hub := IDOf("Hub Person")
	_, relCursor, _, err := s.Neighbors(hub, NeighborOptions{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	bad := []string{"!!!", "%%%", base64.RawURLEncoding.EncodeToString([]byte{0x77, 1, 2}), typeCursor + "x", relCursor[:4]}
	for _, c := range bad {
		if _, _, _, _, err := s.Entities(EntityListOptions{After: c}); !errors.Is(err, ErrBadCursor) {
			t.Errorf("Entities(%q): %v", c, err)
		}
		if _, _, _, err := s.Neighbors(hub, NeighborOptions{After: c}); !errors.Is(err, ErrBadCursor) {
			t.Errorf("Neighbors(%q): %v", c, err)
		}
		if _, _, _, err := s.Documents(c, 1); !errors.Is(err, ErrBadCursor) {
			t.Errorf("Documents(%q): %v", c, err)
		}
		if _, _, err := s.Mentions(hub, c, 1); !errors.Is(err, ErrBadCursor) {
			t.Errorf("Mentions(%q): %v", c, err)
		}
	}
	// A cursor of one listing is refused by another.
	if _, _, _, _, err := s.Entities(EntityListOptions{Type: "PERSON", After: typeCursor}); !errors.Is(err, ErrBadCursor) {
		t.Errorf("foreign type cursor: %v", err)
	}
	if _, _, _, err := s.Neighbors(IDOf("Acme"), NeighborOptions{After: relCursor}); !errors.Is(err, ErrBadCursor) {
		t.Errorf("cursor of another entity: %v", err)
	}
	if _, err := s.RelationByID("***"); !errors.Is(err, ErrBadID) {
		t.Errorf("bad relation id: %v", err)
	}
}

func TestNeighborPagination(t *testing.T) {
	s := openMem(t)
	mustPut(t, s, manyDoc("d", 60))
	tests := []struct {
		id   EntityID
		opts NeighborOptions
		want int
	}{
		{IDOf("Hub Person"), NeighborOptions{Limit: 7}, 60},
		{IDOf("Hub Person"), NeighborOptions{Limit: 7, Direction: Out}, 60},
		{IDOf("Hub Person"), NeighborOptions{Limit: 7, Direction: In}, 60},
		{IDOf("Acme"), NeighborOptions{Limit: 4}, 30},
		{IDOf("Acme"), NeighborOptions{Limit: 4, Direction: Out}, 0},
		{IDOf("Acme"), NeighborOptions{Limit: 4, Types: []string{"WORKS_FOR", "CO_MENTIONED"}}, 30},
		{IDOf("Acme"), NeighborOptions{Limit: 4, Types: []string{"CO_MENTIONED"}}, 0},
		{IDOf("Person 002"), NeighborOptions{Limit: 1}, 2},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %+v", tt.id, tt.opts), func(t *testing.T) {
			o := tt.opts
			seen := map[string]bool{}
			for {
				rels, next, hasNext, err := s.Neighbors(tt.id, o)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range rels {
					if seen[r.ID()] {
						t.Fatalf("duplicate %+v", r)
					}
					seen[r.ID()] = true
					if r.Subject != tt.id && r.Object != tt.id {
						t.Fatalf("foreign relation %+v", r)
					}
				}
				if !hasNext {
					break
				}
				o.After = next
			}
			if len(seen) != tt.want {
				t.Fatalf("got %d relations want %d", len(seen), tt.want)
			}
		})
	}
}

func TestDocumentAndEvidencePagination(t *testing.T) {
	s := openMem(t)
	var docs []DocInput
	for i := range 25 {
		d := docObama()
		d.Doc.ID, d.Doc.Hash = fmt.Sprintf("doc%02d", i), fmt.Sprint(i)
		docs = append(docs, d)
	}
	mustPut(t, s, docs...)
	r, err := s.Relation(IDOf("Josh Earnest"), "WORKS_FOR", IDOf("White House"))
	if err != nil || r.Weight != 25 {
		t.Fatalf("%+v %v", r, err)
	}
	var ids []string
	for after := ""; ; {
		evs, next, err := s.Evidence(r, 4, after)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range evs {
			ids = append(ids, e.DocID)
		}
		if next == "" {
			break
		}
		after = next
	}
	var docIDs []string
	for after := ""; ; {
		page, next, total, err := s.Documents(after, 6)
		if err != nil || total != 25 {
			t.Fatal(total, err)
		}
		for _, d := range page {
			docIDs = append(docIDs, d.ID)
		}
		if next == "" {
			break
		}
		after = next
	}
	var entDocs []string
	for after := ""; ; {
		page, next, err := s.EntityDocuments(IDOf("Barack Obama"), after, 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range page {
			entDocs = append(entDocs, d.ID)
		}
		if next == "" {
			break
		}
		after = next
	}
	var want []string
	for _, d := range docs {
		want = append(want, d.Doc.ID)
	}
	for name, got := range map[string][]string{"evidence": ids, "documents": docIDs, "entity documents": entDocs} {
		if !slices.Equal(got, want) {
			t.Errorf("%s: %v", name, got)
		}
	}
}

func TestLocked(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(DefaultOptions(dir).WithLogger(quiet))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = Open(DefaultOptions(dir).WithLogger(quiet))
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("want ErrLocked, got %v", err)
	}
	if !errorsContains(err, dir) {
		t.Fatalf("error does not name the directory: %v", err)
	}
	// Another process too.
	if os.Getenv("KGRAPH_LOCK_CHILD") != "" {
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^TestLockedChild$")
	cmd.Env = append(os.Environ(), "KGRAPH_LOCK_CHILD="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
}

// TestLockedChild runs in a child process of TestLocked: the directory is
// locked by the parent.
func TestLockedChild(t *testing.T) {
	dir := os.Getenv("KGRAPH_LOCK_CHILD")
	if dir == "" {
		t.Skip("only run by TestLocked")
	}
	_, err := Open(DefaultOptions(dir).WithLogger(quiet))
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("want ErrLocked, got %v", err)
	}
}

func errorsContains(err error, s string) bool { return err != nil && strings.Contains(err.Error(), s) }

func TestCountersEqualRecount(t *testing.T) {
	s := openMem(t)
	rng := rand.New(rand.NewPCG(1, 2))
	names := []string{"Alpha Corp", "alpha", "Beta", "Gamma Ltd", "Delta", "Epsilon", "Zeta", "Eta"}
	types := []string{"PERSON", "ORG", "LOCATION"}
	stored := map[string]bool{}
	for step := range 120 {
		id := fmt.Sprint("doc", rng.IntN(15))
		if stored[id] && rng.IntN(3) == 0 {
			if err := s.DeleteDocument(id); err != nil {
				t.Fatal(err)
			}
			delete(stored, id)
		} else {
			var ms []mention
			var rs []rel
			for i := range 2 + rng.IntN(5) {
				ms = append(ms, mention{names[rng.IntN(len(names))], "", types[rng.IntN(3)], 0})
				if i > 0 {
					rs = append(rs, rel{typ: []string{"A", "B"}[rng.IntN(2)], subj: i - 1, obj: i, conf: rng.Float64(), sym: rng.IntN(2) == 0})
				}
			}
			text := ""
			for _, m := range ms {
				text += m.name + " "
			}
			mustPut(t, s, mkDoc(id, fmt.Sprint(step), fmt.Sprintf("2020-01-%02d", 1+rng.IntN(28)), []string{text}, ms, rs))
			stored[id] = true
		}
		checkCounters(t, s)
	}
}

func checkCounters(t *testing.T, s *Store) {
	t.Helper()
	err := s.View(func(tx *Tx) error {
		st, err := tx.Stats()
		if err != nil {
			return err
		}
		tc, err := tx.TypeCounts()
		if err != nil {
			return err
		}
		var re Stats
		rtc := map[string]int{}
		err = tx.ForEachEntity(func(e Entity) error {
			re.Entities++
			rtc[e.Type]++
			re.Mentions += e.MentionCount
			return nil
		})
		if err != nil {
			return err
		}
		err = tx.ForEachRelation(func(Relation) error { re.Relations++; return nil })
		if err != nil {
			return err
		}
		docs, _, _, err := tx.Documents("", MaxLimit)
		re.Documents = len(docs)
		if st != re {
			t.Fatalf("counters %+v, recount %+v", st, re)
		}
		if fmt.Sprint(tc) != fmt.Sprint(rtc) {
			t.Fatalf("type counters %v, recount %v", tc, rtc)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestConcurrentReadersAndWriter(t *testing.T) {
	s := openMem(t)
	mustPut(t, s, manyDoc("base", 20))
	var wg sync.WaitGroup
	stop := make(chan struct{})
	errs := make(chan error, 8)
	for r := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				err := s.View(func(tx *Tx) error {
					st, err := tx.Stats()
					if err != nil {
						return err
					}
					n := 0
					if err := tx.ForEachRelation(func(Relation) error { n++; return nil }); err != nil {
						return err
					}
					if n != st.Relations { // one snapshot: counters match content
						return fmt.Errorf("reader %d: %d relations, counter %d", r, n, st.Relations)
					}
					_, _, _, err = tx.Neighbors(IDOf("Hub Person"), NeighborOptions{Limit: 5})
					if err == nil {
						_, _, _, _, err = tx.Entities(EntityListOptions{Prefix: "person", Limit: 5})
					}
					return err
				})
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := range 30 {
		d := manyDoc(fmt.Sprint("w", i), 3+i%5)
		d.Doc.Hash = fmt.Sprint(i)
		mustPut(t, s, d)
		if i%3 == 0 {
			if err := s.DeleteDocument(fmt.Sprint("w", i)); err != nil {
				t.Fatal(err)
			}
		}
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	checkCounters(t, s)
}

func TestClosed(t *testing.T) {
	s, err := Open(DefaultOptions("").WithInMemory(true).WithLogger(quiet))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal("second close:", err)
	}
	if _, err := s.Stats(); !errors.Is(err, ErrClosed) {
		t.Fatalf("want ErrClosed, got %v", err)
	}
	if _, err := s.PutDocuments([]DocInput{docObama()}); !errors.Is(err, ErrClosed) {
		t.Fatalf("want ErrClosed, got %v", err)
	}
}
