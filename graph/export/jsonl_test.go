package export_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/kgraph/kgraph/graph"
	"github.com/kgraph/kgraph/graph/export"
)

func TestJSONLRoundTrip(t *testing.T) {
	s := smallStore(t)
	first := export1(t, s, "jsonl", export.Options{})
	golden(t, "small.jsonl", first)

	s2 := openMem(t)
	st, err := export.Import(s2, bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	ents, rels := graphCounts(t, s)
	if st.Entities != ents || st.Relations != rels || st.Documents != 3 || st.Evidence == 0 {
		t.Errorf("import stats %+v, want %d entities, %d relations, 3 documents, some evidence", st, ents, rels)
	}
	second := export1(t, s2, "jsonl", export.Options{})
	if !bytes.Equal(first, second) {
		t.Fatalf("export → import → export differs:\n%s", firstDiff(first, second))
	}
	// The restored store answers the query API like the original.
	for _, name := range []string{hostile, numeric, acme} {
		a, err1 := s.EntityByName(name)
		b, err2 := s2.EntityByName(name)
		if err1 != nil || err2 != nil || a.ID != b.ID || a.Name != b.Name || !slices.Equal(a.Aliases, b.Aliases) {
			t.Errorf("EntityByName(%q): %+v %v vs restored %+v %v", name, a, err1, b, err2)
		}
	}
	st1, _ := s.Stats()
	st2, _ := s2.Stats()
	if st1.Entities != st2.Entities || st1.Relations != st2.Relations || st1.Documents != st2.Documents {
		t.Errorf("stats %+v vs restored %+v", st1, st2)
	}
	id := graph.IDOf(hostile)
	n1, _, _, _ := s.Neighbors(id, graph.NeighborOptions{})
	n2, _, _, _ := s2.Neighbors(id, graph.NeighborOptions{})
	if len(n1) == 0 || !slices.Equal(n1, n2) {
		t.Errorf("Neighbors differ: %v vs %v", n1, n2)
	}
	e1, _, _ := s.Evidence(n1[0], 0, "")
	e2, _, _ := s2.Evidence(n2[0], 0, "")
	if len(e1) == 0 || !slices.Equal(e1, e2) {
		t.Errorf("Evidence differs: %v vs %v", e1, e2)
	}
}

func TestImportErrors(t *testing.T) {
	good := export1(t, smallStore(t), "jsonl", export.Options{})
	lines := strings.SplitAfter(string(good), "\n")
	for _, tc := range []struct{ name, in string }{
		{"empty", ""},
		{"no header", strings.Join(lines[1:], "")},
		{"not json", "hello\n"},
		{"graphml", `<?xml version="1.0"?><graphml/>`},
		{"bad version", `{"kind":"kgraph","version":99,"relationTypes":[]}` + "\n"},
		{"bad id", lines[0] + `{"kind":"entity","id":"xyz","key":"a","name":"A","type":"PERSON"}` + "\n"},
		{"unknown kind", lines[0] + `{"kind":"banana"}` + "\n"},
		{"second header", lines[0] + lines[0]},
		{"bad redirect id", lines[0] + `{"kind":"redirect","from":"xyz","into":"0000000000000001"}` + "\n"},
		{"redirect to itself", lines[0] + `{"kind":"redirect","from":"0000000000000001","into":"0000000000000001"}` + "\n"},
		{"curation without seq", lines[0] + `{"kind":"curation","op":"RENAME","target":"0000000000000001"}` + "\n"},
		{"empty override", lines[0] + `{"kind":"override","entity":"0000000000000001"}` + "\n"},
		{"held record without contribution", lines[0] + `{"kind":"document","id":"d","hash":"h","noContribution":true,"held":{"names":{"0":"A"}}}` + "\n"},
	} {
		_, err := export.Import(openMem(t), strings.NewReader(tc.in))
		if !errors.Is(err, export.ErrBadImport) {
			t.Errorf("%s: err = %v, want ErrBadImport", tc.name, err)
		}
	}
	// Importing into a store that holds data is refused.
	if _, err := export.Import(smallStore(t), bytes.NewReader(good)); !errors.Is(err, graph.ErrInvalidInput) {
		t.Errorf("import into a non-empty store: err = %v, want ErrInvalidInput", err)
	}
}

// jsonlGraph parses a jsonl export into entity names and relation
// "subject-name TYPE object-name" strings.
func jsonlGraph(t *testing.T, b []byte) (names, rels []string) {
	t.Helper()
	byID := map[string]string{}
	var relLines []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatal(err)
		}
		switch m["kind"] {
		case "entity":
			byID[m["id"].(string)] = m["name"].(string)
			names = append(names, m["name"].(string))
		case "relation":
			relLines = append(relLines, m)
		}
	}
	for _, m := range relLines {
		s, ok1 := byID[m["subject"].(string)]
		o, ok2 := byID[m["object"].(string)]
		if !ok1 || !ok2 {
			t.Errorf("relation %v has an end that is not exported", m)
		}
		rels = append(rels, s+" "+m["type"].(string)+" "+o)
	}
	slices.Sort(names)
	slices.Sort(rels)
	return names, rels
}

func TestFilters(t *testing.T) {
	s := smallStore(t)
	// canon.Clean may normalize names: use the stored display names.
	name := func(n string) string {
		e, err := s.EntityByName(n)
		if err != nil {
			t.Fatal(err)
		}
		return e.Name
	}
	H, N, C, A, Z, B := name(hostile), name(numeric), name(control), name(acme), name(zoe), name(berlin)
	pair := func(a, typ, b string) string { // symmetric relations are stored from the smaller ID
		if typ == "CO_MENTIONED" && graph.IDOf(a) > graph.IDOf(b) {
			a, b = b, a
		}
		return a + " " + typ + " " + b
	}
	sorted := func(v ...string) []string { slices.Sort(v); return v }
	agree := func(typ, subj, obj string) bool {
		return typ != "LOCATED_IN" || subj == "LOCATION" && obj == "LOCATION"
	}
	for _, tc := range []struct {
		name  string
		f     export.Filter
		names []string
		rels  []string
	}{
		{"all", export.Filter{}, sorted(H, N, C, A, Z, B),
			sorted(H+" WORKS_FOR "+A, pair(H, "CO_MENTIONED", A), pair(Z, "CO_MENTIONED", H), A+" LOCATED_IN "+B,
				pair(N, "CO_MENTIONED", C), pair(N, "CO_MENTIONED", A), Z+" WORKS_FOR "+N)},
		{"persons", export.Filter{Types: []string{"person"}}, sorted(H, Z), sorted(pair(Z, "CO_MENTIONED", H))},
		{"persons and orgs, comma list", export.Filter{Types: []string{"PERSON,ORG"}}, sorted(H, N, C, A, Z),
			sorted(H+" WORKS_FOR "+A, pair(H, "CO_MENTIONED", A), pair(Z, "CO_MENTIONED", H),
				pair(N, "CO_MENTIONED", C), pair(N, "CO_MENTIONED", A), Z+" WORKS_FOR "+N)},
		{"relation types", export.Filter{RelationTypes: []string{"works_for"}}, sorted(H, N, C, A, Z, B),
			sorted(H+" WORKS_FOR "+A, Z+" WORKS_FOR "+N)},
		{"no co-mentions", export.Filter{NoCoMentions: true}, sorted(H, N, C, A, Z, B),
			sorted(H+" WORKS_FOR "+A, A+" LOCATED_IN "+B, Z+" WORKS_FOR "+N)},
		{"min weight 2", export.Filter{MinWeight: 2}, sorted(H, N, C, A, Z, B),
			sorted(H+" WORKS_FOR "+A, pair(H, "CO_MENTIONED", A))},
		{"around 0 hops", export.Filter{Around: acme}, sorted(A), nil},
		{"around 1 hop", export.Filter{Around: acme, Hops: 1}, sorted(H, N, A, B),
			sorted(H+" WORKS_FOR "+A, pair(H, "CO_MENTIONED", A), A+" LOCATED_IN "+B, pair(N, "CO_MENTIONED", A))},
		{"around by ID, 2 hops, no co-mentions", export.Filter{Around: graph.IDOf(berlin).String(), Hops: 2, NoCoMentions: true},
			sorted(H, A, B), sorted(H+" WORKS_FOR "+A, A+" LOCATED_IN "+B)},
		{"around 2 hops, orgs only", export.Filter{Around: numeric, Hops: 2, Types: []string{"ORG"}}, sorted(N, C, A),
			sorted(pair(N, "CO_MENTIONED", C), pair(N, "CO_MENTIONED", A))},
		// Acme (an ORG) LOCATED_IN Berlin: a type that takes places only.
		{"types agree", export.Filter{TypesAgree: agree}, sorted(H, N, C, A, Z, B),
			sorted(H+" WORKS_FOR "+A, pair(H, "CO_MENTIONED", A), pair(Z, "CO_MENTIONED", H),
				pair(N, "CO_MENTIONED", C), pair(N, "CO_MENTIONED", A), Z+" WORKS_FOR "+N)},
		{"around 1 hop, types agree", export.Filter{Around: acme, Hops: 1, TypesAgree: agree}, sorted(H, N, A),
			sorted(H+" WORKS_FOR "+A, pair(H, "CO_MENTIONED", A), pair(N, "CO_MENTIONED", A))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			names, rels := jsonlGraph(t, export1(t, s, "jsonl", export.Options{Filter: tc.f}))
			if !slices.Equal(names, tc.names) {
				t.Errorf("entities\n got %q\nwant %q", names, tc.names)
			}
			if !slices.Equal(rels, tc.rels) {
				t.Errorf("relations\n got %q\nwant %q", rels, tc.rels)
			}
		})
	}
}
