package graph_test

import (
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/kgraph/kgraph/graph"
	"github.com/kgraph/kgraph/graph/synth"
)

// typoQueries returns, for some synthetic entities, queries with a
// transposition in the first (rare) word, in both word orders, and a
// prefix of the name.
func typoQueries(n int) []string {
	var qs []string
	for i := range n {
		name := synth.EntityName(i*53 + 7)
		b := []byte(name)
		j := 1 + i%4
		b[j], b[j+1] = b[j+1], b[j]
		ws := strings.Fields(string(b))
		qs = append(qs, string(b), ws[1]+" "+ws[0], name[:4])
	}
	return qs
}

// The first page of a search is the start of a longer one: the search stops
// reading candidates once they cannot reach the page, and must not drop one
// that ties with the last result.
func TestSearchPageIsPrefixOfLongerSearch(t *testing.T) {
	s := synthStore(t, 5000, 15000)
	for _, q := range typoQueries(60) {
		for _, k := range []int{1, 3, 10} {
			short, err := s.Search(q, nil, k)
			if err != nil {
				t.Fatal(err)
			}
			long, err := s.Search(q, nil, 100)
			if err != nil {
				t.Fatal(err)
			}
			if len(long) > k {
				long = long[:k]
			}
			if fmt.Sprint(short) != fmt.Sprint(long) {
				t.Errorf("search %q limit %d:\n got %v\nwant %v", q, k, short, long)
			}
		}
	}
}

// A typo in the rare word is found whichever word comes first, although
// the common word's scans are cut short.
func TestSearchTypoInRareWordEitherOrder(t *testing.T) {
	s := synthStore(t, 5000, 15000)
	for i := range 40 {
		want := synth.EntityID(i*53 + 7)
		qs := typoQueries(i + 1)
		for _, q := range qs[3*i : 3*i+2] {
			res, err := s.Search(q, nil, 10)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, r := range res {
				found = found || r.Entity.ID == want
			}
			if !found {
				t.Errorf("search %q: %s not among %v", q, synth.EntityName(i*53+7), res)
			}
		}
	}
}

// Candidates of the rarest word come in tiers of a lower bound of their
// closeness; the search may stop at a tier only when its bound exceeds the
// closeness of the last result so far, not when it equals it: here the
// tier of one-edit matches (bound 4) holds C, which ties with A (found
// earlier with closeness 4) and has more mentions.
func TestSearchKeepsTiesWithTheLastResult(t *testing.T) {
	s, err := graph.Open(graph.DefaultOptions("").WithInMemory(true).
		WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	bl, err := s.NewBulkLoader()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []graph.BulkEntity{
		{Name: "Kubernetes Clustr", Mentions: 1},    // A: exact + one edit: 2+0+2
		{Name: "Kubernetesio Cluster", Mentions: 1}, // B: prefix + exact: 2+1+0
		{Name: "Kubernetis Cluster", Mentions: 9},   // C: one edit + exact: 2+2+0
		{Name: "Kubermetis Cluster", Mentions: 9},   // D: two edits + exact: 2+3+0
		{Name: "Docker Cluster", Mentions: 1},
		{Name: "Cluster Admin", Mentions: 1},
		{Name: "Cluster Cluster", Mentions: 1},
	} {
		if _, err := bl.AddEntity(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := bl.Close(); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"kubernetes cluster", "cluster kubernetes"} {
		res, err := s.Search(q, nil, 2)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range res {
			got = append(got, fmt.Sprintf("%s/%d", r.Entity.Name, r.Closeness))
		}
		if want := "[Kubernetesio Cluster/3 Kubernetis Cluster/4]"; fmt.Sprint(got) != want {
			t.Errorf("search %q: got %v, want %s", q, got, want)
		}
	}
}
