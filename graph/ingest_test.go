package graph

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestCanonicalMerging(t *testing.T) {
	tests := []struct {
		name        string
		mentions    []mention
		lookup      string
		wantName    string
		wantType    string
		wantAliases []string
		wantCount   int
		wantEnts    int
	}{
		{
			name: "legal suffix and case merge",
			mentions: []mention{
				{"VMware Inc.", "VMware Inc.", "ORG", 0}, {"VMware", "VMware", "ORG", 0}, {"VMWARE", "VMWARE", "PERSON", 0},
				{"VMware", "VMware's", "ORG", 0},
			},
			lookup: "vmware", wantName: "VMware", wantType: "ORG",
			wantAliases: []string{"VMWARE", "VMware", "VMware Inc."}, wantCount: 4, wantEnts: 1,
		},
		{
			name: "name ties break to the smallest string",
			mentions: []mention{
				{"VMware Inc.", "VMware Inc.", "ORG", 0}, {"VMware", "VMware", "ORG", 0}, {"VMWARE", "VMWARE", "PERSON", 0},
			},
			lookup: "VMware, Inc.", wantName: "VMWARE", wantType: "ORG",
			wantAliases: []string{"VMWARE", "VMware", "VMware Inc."}, wantCount: 3, wantEnts: 1,
		},
		{
			name: "type tie breaks to smallest name",
			mentions: []mention{
				{"Jordan", "Jordan", "PERSON", 0}, {"Jordan", "Jordan", "LOCATION", 0},
			},
			lookup: "JORDAN", wantName: "Jordan", wantType: "LOCATION", wantAliases: []string{"Jordan"}, wantCount: 2, wantEnts: 1,
		},
		{
			name: "most frequent surface form with the entity key is the name",
			mentions: []mention{
				{"Barack Obama", "Obama", "PERSON", 0}, {"Barack Obama", "barack obama", "PERSON", 0},
				{"Barack Obama", "BARACK OBAMA", "PERSON", 0}, {"Barack Obama", "BARACK OBAMA", "PERSON", 0},
			},
			lookup: "Obama", wantName: "BARACK OBAMA", wantType: "PERSON",
			wantAliases: []string{"BARACK OBAMA", "Obama", "barack obama"}, wantCount: 4, wantEnts: 1,
		},
		{
			name: "name falls back to the resolved name when no surface form has its key",
			mentions: []mention{
				{"Barack Obama", "Obama", "PERSON", 0}, {"Barack Obama", "the president", "PERSON", 0},
			},
			lookup: "the president", wantName: "Barack Obama", wantType: "PERSON",
			wantAliases: []string{"Barack Obama", "Obama", "the president"}, wantCount: 2, wantEnts: 1,
		},
		{
			name: "possessive is one entity",
			mentions: []mention{
				{"Reuters", "Reuters'", "ORG", 0}, {"Reuters", "Reuters", "ORG", 0}, {"Angela Merkel", "Merkel's", "PERSON", 0},
			},
			lookup: "reuters", wantName: "Reuters", wantType: "ORG", wantAliases: []string{"Reuters"}, wantCount: 2, wantEnts: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openMem(t)
			text := "x"
			for _, m := range tt.mentions {
				text += " " + m.text
			}
			mustPut(t, s, mkDoc("d", "h", "", []string{text}, tt.mentions, nil))
			e, err := s.EntityByName(tt.lookup)
			if err != nil {
				t.Fatal(err)
			}
			if e.Name != tt.wantName || e.Type != tt.wantType || e.MentionCount != tt.wantCount || !slices.Equal(e.Aliases, tt.wantAliases) {
				t.Fatalf("got %+v\nwant name %q type %q aliases %q count %d", e, tt.wantName, tt.wantType, tt.wantAliases, tt.wantCount)
			}
			if e.ID != IDOf(e.Key) || e.ID != IDOf(tt.wantName) {
				t.Fatalf("ID %s is not the hash of the key %q", e.ID, e.Key)
			}
			st, _ := s.Stats()
			if st.Entities != tt.wantEnts {
				t.Fatalf("entities %d want %d", st.Entities, tt.wantEnts)
			}
		})
	}
}

func TestEntitiesByNameSharedAlias(t *testing.T) {
	s := openMem(t)
	// "Washington" is an alias of two entities; the state has more mentions.
	mustPut(t, s, mkDoc("d", "h", "", []string{"Washington Washington Washington"}, []mention{
		{"George Washington", "Washington", "PERSON", 0},
		{"Washington State", "Washington", "LOCATION", 0},
		{"Washington State", "Washington", "LOCATION", 0},
	}, nil))
	es, err := s.EntitiesByName("washington")
	if err != nil || len(es) != 2 {
		t.Fatalf("%v %v", es, err)
	}
	if es[0].Name != "Washington State" || es[1].Name != "George Washington" {
		t.Fatalf("order %q %q", es[0].Name, es[1].Name)
	}
	e, err := s.EntityByName("Washington")
	if err != nil || e.ID != es[0].ID {
		t.Fatalf("%v %v", e, err)
	}
}

func TestSymmetricStoredOnce(t *testing.T) {
	s := openMem(t)
	a, b := "Angela Merkel", "Barack Obama"
	if IDOf(a) < IDOf(b) { // state it from the larger ID so the pair must be reordered
		a, b = b, a
	}
	mustPut(t, s, mkDoc("d", "h", "2020-01-01", []string{a + " met " + b + ".", b + " met " + a + " again."},
		[]mention{{a, "", "PERSON", 0}, {b, "", "PERSON", 0}, {b, "", "PERSON", 1}, {a, "", "PERSON", 1}},
		[]rel{
			{typ: "MET_WITH", subj: 0, obj: 1, conf: 0.8, sym: true},
			{typ: "MET_WITH", subj: 2, obj: 3, conf: 0.6, sym: true},
			{typ: "CRITICIZED", subj: 0, obj: 1, conf: 0.7},
		}))
	st, _ := s.Stats()
	if st.Relations != 2 {
		t.Fatalf("relations %d want 2", st.Relations)
	}
	r1, err := s.Relation(IDOf(a), "MET_WITH", IDOf(b))
	if err != nil {
		t.Fatal(err)
	}
	r2, err := s.Relation(IDOf(b), "MET_WITH", IDOf(a))
	if err != nil || r1 != r2 || r1.Weight != 2 || r1.Subject > r1.Object || r1.Confidence != 0.8 {
		t.Fatalf("%+v %+v %v", r1, r2, err)
	}
	// Evidence spans follow the stored orientation.
	evs, _, err := s.Evidence(r1, 0, "")
	if err != nil || len(evs) != 2 {
		t.Fatalf("%v %v", evs, err)
	}
	subjName := a
	if r1.Subject == IDOf(b) {
		subjName = b
	}
	for _, ev := range evs {
		if got := []rune(strings.Repeat(" ", 0) + docText(ev))[ev.SubjectStart-ev.Start : ev.SubjectEnd-ev.Start]; string(got) != subjName {
			t.Fatalf("subject span %q want %q", string(got), subjName)
		}
	}
	tests := []struct {
		from EntityID
		dir  Direction
		want []string // relation types
	}{
		{IDOf(a), Both, []string{"CRITICIZED", "MET_WITH"}},
		{IDOf(b), Both, []string{"CRITICIZED", "MET_WITH"}},
		{IDOf(a), Out, []string{"CRITICIZED", "MET_WITH"}},
		{IDOf(b), Out, []string{"MET_WITH"}},
		{IDOf(a), In, []string{"MET_WITH"}},
		{IDOf(b), In, []string{"CRITICIZED", "MET_WITH"}},
	}
	for _, tt := range tests {
		rels, _, _, err := s.Neighbors(tt.from, NeighborOptions{Direction: tt.dir})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rels {
			got = append(got, r.Type)
		}
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("from %s dir %d: %v want %v", tt.from, tt.dir, got, tt.want)
		}
	}
	rels, _, _, _ := s.Neighbors(IDOf(a), NeighborOptions{Types: []string{"MET_WITH"}, MinWeight: 3})
	if len(rels) != 0 {
		t.Fatalf("MinWeight ignored: %v", rels)
	}
	rels, _, _, _ = s.Neighbors(IDOf(a), NeighborOptions{Types: []string{"MET_WITH", "NOPE"}, MinWeight: 2})
	if len(rels) != 1 {
		t.Fatalf("type filter: %v", rels)
	}
}

// docText returns the sentence of an evidence; spans are relative to the
// document, the sentence starts at ev.Start.
func docText(ev Evidence) string { return ev.Sentence }

func TestPutUnchanged(t *testing.T) {
	s := openMem(t)
	d := docObama()
	mustPut(t, s, d)
	before := dump(t, s)
	d.Doc.Title = "changed title, same hash"
	if st := mustPut(t, s, d); st[0] != Unchanged {
		t.Fatalf("status %v", st[0])
	}
	if after := dump(t, s); !slices.Equal(before, after) {
		t.Fatal("store changed by an unchanged document")
	}
}

// docB overlaps docObama: same entities and relations with other types,
// aliases, roles, extractors, higher confidences and other dates, new
// entities and relations, and a type flip.
func docB(id, hash string) DocInput {
	return mkDoc(id, hash, "2019-05-05",
		[]string{"Merkel praised Obama in Paris.", "Earnest, press secretary of the White House, met Merkel.",
			"Josh Earnest joined the White House.", "Berlin Inc said Berlin Inc is Berlin Inc."},
		[]mention{
			{"Angela Merkel", "Merkel", "PERSON", 0}, {"Barack Obama", "Obama", "PERSON", 0}, {"Paris", "", "LOCATION", 0},
			{"Josh Earnest", "Earnest", "PERSON", 1}, {"White House", "", "ORG", 1}, {"Angela Merkel", "Merkel", "PERSON", 1},
			{"Josh Earnest", "", "PERSON", 2}, {"White House", "", "ORG", 2},
			{"Berlin Inc", "Berlin Inc", "ORG", 3}, {"Berlin Inc", "Berlin Inc", "ORG", 3},
		},
		[]rel{
			{typ: "MET_WITH", subj: 0, obj: 1, conf: 0.95, extractor: "classifier", sym: true},
			{typ: "MET_WITH", subj: 0, obj: 1, conf: 0.95, extractor: "aaa", sym: true},
			{typ: "PRAISED", subj: 0, obj: 1, conf: 0.6, extractor: "rules"},
			{typ: "CO_MENTIONED", subj: 1, obj: 2, conf: 0.3, extractor: "cooc", sym: true},
			{typ: "WORKS_FOR", role: "press secretary", subj: 3, obj: 4, conf: 0.9, extractor: "classifier"},
			{typ: "WORKS_FOR", role: "press secretary", subj: 6, obj: 7, conf: 0.7, extractor: "rules"},
			{typ: "MET_WITH", subj: 3, obj: 5, conf: 0.5, extractor: "rules", sym: true},
			{typ: "CO_MENTIONED", subj: 8, obj: 0, conf: 0.2, extractor: "cooc", sym: true, sentOverride: 3},
		})
}

func TestDeleteExact(t *testing.T) {
	tests := []struct {
		name string
		a    []DocInput
		b    []DocInput
	}{
		{"overlapping document", []DocInput{docObama()}, []DocInput{docB("b", "hb")}},
		{"two overlapping documents", []DocInput{docObama()}, []DocInput{docB("b1", "x"), docB("b2", "y")}},
		{"into an empty store", nil, []DocInput{docObama(), docB("b", "hb")}},
		{"b before a's date", []DocInput{docB("a", "ha")}, []DocInput{docObama()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openMem(t)
			if len(tt.a) > 0 {
				mustPut(t, s, tt.a...)
			}
			before := dump(t, s)
			beforeQ := queryDump(t, s)
			mustPut(t, s, tt.b...)
			if slices.Equal(before, dump(t, s)) {
				t.Fatal("B changed nothing; the test would prove nothing")
			}
			for _, d := range tt.b {
				if err := s.DeleteDocument(d.Doc.ID); err != nil {
					t.Fatal(err)
				}
			}
			if after := dump(t, s); !slices.Equal(before, after) {
				t.Fatalf("store differs after delete:\n%s", diff(before, after))
			}
			if afterQ := queryDump(t, s); afterQ != beforeQ {
				t.Fatalf("queries differ:\n%s\n---\n%s", beforeQ, afterQ)
			}
		})
	}
}

func diff(a, b []string) string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, "- "+x)
		}
	}
	for _, x := range b {
		if !slices.Contains(a, x) {
			out = append(out, "+ "+x)
		}
	}
	return strings.Join(out, "\n")
}

// queryDump renders what the public read API returns for the whole store.
func queryDump(t testing.TB, s *Store) string {
	t.Helper()
	var b strings.Builder
	err := s.View(func(tx *Tx) error {
		st, err := tx.Stats()
		if err != nil {
			return err
		}
		tc, err := tx.TypeCounts()
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%+v %v\n", st, tc)
		err = tx.ForEachEntity(func(e Entity) error {
			fmt.Fprintf(&b, "%+v\n", e)
			ms, _, err := tx.Mentions(e.ID, "", MaxLimit)
			fmt.Fprintf(&b, "  %+v\n", ms)
			rels, _, _, err2 := tx.Neighbors(e.ID, NeighborOptions{Limit: MaxLimit})
			fmt.Fprintf(&b, "  %+v\n", rels)
			return errors.Join(err, err2)
		})
		if err != nil {
			return err
		}
		return tx.ForEachRelation(func(r Relation) error {
			evs, _, err := tx.Evidence(r, MaxLimit, "")
			fmt.Fprintf(&b, "%+v %+v\n", r, evs)
			return err
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestReplaceExact(t *testing.T) {
	v1 := docB("doc", "v1")
	v2 := docObama()
	v2.Doc.ID, v2.Doc.Hash = "doc", "v2"

	// Codes in a fresh store differ (v1's types came first elsewhere), so
	// compare query results with it, and raw content with a store that
	// saw v1 come and go.
	fresh := openMem(t)
	mustPut(t, fresh, v2)
	wantQ := queryDump(t, fresh)
	base := openMem(t)
	mustPut(t, base, v1)
	if err := base.DeleteDocument("doc"); err != nil {
		t.Fatal(err)
	}
	mustPut(t, base, v2)
	want := dump(t, base)
	if got := queryDump(t, base); got != wantQ {
		t.Fatalf("delete and put differs from a fresh put:\n%s\n---\n%s", wantQ, got)
	}

	s := openMem(t)
	mustPut(t, s, v1)
	if st := mustPut(t, s, v2); st[0] != Replaced {
		t.Fatalf("status %v", st[0])
	}
	if got := dump(t, s); !slices.Equal(got, want) {
		t.Fatalf("replace differs from delete and put:\n%s", diff(want, got))
	}
	if got := queryDump(t, s); got != wantQ {
		t.Fatalf("replace differs from a fresh put:\n%s\n---\n%s", wantQ, got)
	}
	// Replacing within one batch works too.
	s2 := openMem(t)
	st := mustPut(t, s2, v1, v2)
	if st[0] != Added || st[1] != Replaced {
		t.Fatalf("statuses %v", st)
	}
	if got := queryDump(t, s2); got != wantQ {
		t.Fatalf("in-batch replace differs:\n%s\n---\n%s", wantQ, got)
	}
	if got := dump(t, s2); !slices.Equal(got, want) {
		t.Fatalf("in-batch replace differs:\n%s", diff(want, got))
	}
}

func TestEntitiesDisappear(t *testing.T) {
	s := openMem(t)
	mustPut(t, s, docObama(), docB("b", "hb"))
	if _, err := s.EntityByName("Paris"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteDocument("b"); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"Paris", "Merkel", "Earnest"} {
		if _, err := s.EntityByName(n); !errors.Is(err, ErrEntityNotFound) {
			t.Errorf("%s: want ErrEntityNotFound, got %v", n, err)
		}
	}
	if _, err := s.Entity(IDOf("Paris")); !errors.Is(err, ErrEntityNotFound) {
		t.Errorf("want ErrEntityNotFound, got %v", err)
	}
	if _, err := s.Relation(IDOf("Barack Obama"), "PRAISED", IDOf("Angela Merkel")); !errors.Is(err, ErrRelationNotFound) {
		t.Errorf("want ErrRelationNotFound, got %v", err)
	}
	if err := s.DeleteDocument("b"); !errors.Is(err, ErrDocumentNotFound) {
		t.Errorf("second delete: %v", err)
	}
	if err := s.DeleteDocument("d1"); err != nil {
		t.Fatal(err)
	}
	if d := dump(t, s); len(d) != 0 {
		t.Fatalf("store not empty after deleting everything:\n%s", strings.Join(d, "\n"))
	}
	if st, _ := s.Stats(); st != (Stats{}) {
		t.Fatalf("stats %+v", st)
	}
}

func TestInvalidInput(t *testing.T) {
	good := docObama
	tests := []struct {
		name string
		mod  func(*DocInput)
	}{
		{"no id", func(d *DocInput) { d.Doc.ID = "" }},
		{"no hash", func(d *DocInput) { d.Doc.Hash = "" }},
		{"nul in id", func(d *DocInput) { d.Doc.ID = "a\x00b" }},
		{"long id", func(d *DocInput) { d.Doc.ID = strings.Repeat("x", 2000) }},
		{"relation mention out of range", func(d *DocInput) { d.Relations[0].Object = 99 }},
		{"relation sentence out of range", func(d *DocInput) { d.Relations[0].Sentence = 5 }},
		{"relation without type", func(d *DocInput) { d.Relations[0].Type = " " }},
		{"negative span", func(d *DocInput) { d.Mentions[0].Start = -1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openMem(t)
			d := good()
			tt.mod(&d)
			if _, err := s.PutDocuments([]DocInput{docB("ok", "h"), d}); !errors.Is(err, ErrInvalidInput) {
				t.Fatalf("want ErrInvalidInput, got %v", err)
			}
			if len(dump(t, s)) != 0 {
				t.Fatal("a failed batch wrote something")
			}
		})
	}
}

func TestTxnTooBig(t *testing.T) {
	s, err := Open(DefaultOptions("").WithInMemory(true).WithLogger(quiet).WithMemTableSize(1 << 20))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	big := func(id string, sentences int) DocInput {
		var sents []string
		var ms []mention
		var rs []rel
		for i := range sentences {
			sents = append(sents, fmt.Sprintf("Person%d met Person%d. %s", i, i+1, strings.Repeat("filler ", 40)))
			ms = append(ms, mention{fmt.Sprintf("Person%d", i), "", "PERSON", i}, mention{fmt.Sprintf("Person%d", i+1), "", "PERSON", i})
			rs = append(rs, rel{typ: "MET_WITH", subj: 2 * i, obj: 2*i + 1, conf: 0.5, sym: true})
		}
		return mkDoc(id, "h", "", sents, ms, rs)
	}
	// Each document fits in a transaction, the batch does not.
	var batch []DocInput
	for i := range 8 {
		batch = append(batch, big(fmt.Sprint("doc", i), 60))
	}
	st, err := s.PutDocuments(batch)
	if err != nil {
		t.Fatal(err)
	}
	if len(st) != 8 || slices.ContainsFunc(st, func(x PutStatus) bool { return x != Added }) {
		t.Fatalf("statuses %v", st)
	}
	if stats, _ := s.Stats(); stats.Documents != 8 {
		t.Fatalf("stats %+v", stats)
	}
	_, err = s.PutDocuments([]DocInput{big("huge", 2000)})
	if !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), "document too large") {
		t.Fatalf("want document too large, got %v", err)
	}
}
