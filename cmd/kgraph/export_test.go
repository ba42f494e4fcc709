package main

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kgraph/kgraph/graph"
)

// curateOne renames the first entity of the store in dir, as a curator
// would through the server, so that dumps carry a curation.
func curateOne(t *testing.T, dir string) {
	t.Helper()
	s, err := graph.Open(graph.DefaultOptions(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	page, _, _, _, err := s.Entities(graph.EntityListOptions{Limit: 1})
	if err != nil || len(page) == 0 {
		t.Fatalf("entities: %v %v", page, err)
	}
	if _, err := s.SetEntityOverride(page[0].ID, graph.CurationSetType, "CURATED", graph.CurationClient{}); err != nil {
		t.Fatal(err)
	}
}

// TestExportImport runs export and import through the command line: a
// jsonl round trip is byte-identical, usage errors exit 2, and a server
// streams the same export at /export.
func TestExportImport(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	data, data2 := filepath.Join(dir, "data"), filepath.Join(dir, "data2")
	if code, _, stderr := kgraph(t, ctx, "", "ingest", "--data", data, "--no-progress", "demo"); code != 0 {
		t.Fatalf("ingest: %d %s", code, stderr)
	}
	curateOne(t, data)
	code, first, stderr := kgraph(t, ctx, "", "export", "--data", data, "--format", "jsonl")
	if code != 0 || !strings.HasPrefix(first, `{"kind":"kgraph"`) {
		t.Fatalf("export: %d %s %.200s", code, stderr, first)
	}
	if code, _, stderr := kgraph(t, ctx, first, "import", "--data", data2, "-"); code != 0 || !strings.Contains(stderr, ", 1 curations into") {
		t.Fatalf("import: %d %s", code, stderr)
	}
	out := filepath.Join(dir, "second.jsonl")
	if code, _, stderr := kgraph(t, ctx, "", "export", "--data", data2, "--format", "jsonl", "--out", out); code != 0 {
		t.Fatalf("export of the import: %d %s", code, stderr)
	}
	if second, _ := os.ReadFile(out); !bytes.Equal([]byte(first), second) {
		t.Fatalf("export → import → export is not byte-identical (%d vs %d bytes)", len(first), len(second))
	}
	// Importing again into the now full directory fails.
	if code, _, stderr := kgraph(t, ctx, first, "import", "--data", data2, "-"); code == 0 || !strings.Contains(stderr, "empty") {
		t.Errorf("second import: %d %s", code, stderr)
	}
	csvDir := filepath.Join(dir, "neo4j")
	if code, _, stderr := kgraph(t, ctx, "", "export", "--data", data, "--format", "neo4j-csv", "--out", csvDir); code != 0 {
		t.Fatalf("neo4j-csv: %d %s", code, stderr)
	}
	for _, f := range []string{"README.txt", "entities.csv", "relations.csv"} {
		if _, err := os.Stat(filepath.Join(csvDir, f)); err != nil {
			t.Error(err)
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"export", "--data", data, "--format", "xml"}, "unknown format"},
		{[]string{"export", "--data", data}, "format"},
		{[]string{"export", "--data", data, "--format", "neo4j-csv"}, "--out DIR"},
		{[]string{"export", "--data", data, "--format", "dot", "--hops", "2"}, "--around"},
		{[]string{"export", "--data", data, "--format", "jsonl", "--rules", "my.rules"}, "--types-agree"},
	} {
		if code, _, stderr := kgraph(t, ctx, "", tc.args...); code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
	if code, _, stderr := kgraph(t, ctx, "", "export", "--data", data, "--format", "dot", "--around", "Nobody At All"); code != 1 || !strings.Contains(stderr, "no such entity") {
		t.Errorf("--around unknown: exit %d, %q", code, stderr)
	}
	// --types-agree: the filter is applied and recorded; it only drops.
	code, agreeing, stderr := kgraph(t, ctx, "", "export", "--data", data, "--format", "jsonl", "--types-agree")
	if code != 0 || !strings.Contains(strings.SplitN(agreeing, "\n", 2)[0], `"typesAgree":true`) {
		t.Fatalf("export --types-agree: %d %s %.300s", code, stderr, agreeing)
	}
	if a, all := strings.Count(agreeing, `"kind":"relation"`), strings.Count(first, `"kind":"relation"`); a > all || all == 0 {
		t.Errorf("--types-agree kept %d relations of %d", a, all)
	}
	// With the rules file the graph was built with; a bad one is refused.
	rules := filepath.Join(dir, "my.rules")
	if err := os.WriteFile(rules, []byte("SUES: ORG [lemma=sue] ORG\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := kgraph(t, ctx, "", "export", "--data", data, "--format", "jsonl", "--types-agree", "--rules", rules); code != 0 {
		t.Errorf("--types-agree --rules: %d %s", code, stderr)
	}
	if err := os.WriteFile(rules, []byte("SUES ORG sue ORG\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := kgraph(t, ctx, "", "export", "--data", data, "--format", "jsonl", "--types-agree", "--rules", rules); code == 0 || !strings.Contains(stderr, "my.rules:1") {
		t.Errorf("a malformed rules file: exit %d, %q", code, stderr)
	}
	_, help, _ := kgraph(t, ctx, "", "export", "--help")
	for _, w := range []string{"graphml", "gexf", "neo4j-csv", "cypher", "nquads", "jsonld", "dot", "jsonl",
		"--types", "--relation-types", "--min-weight", "--around", "--hops", "--no-comentions", "--types-agree", "Examples:"} {
		if !strings.Contains(help, w) {
			t.Errorf("export --help does not mention %s", w)
		}
	}
	_, help, _ = kgraph(t, ctx, "", "import", "--help")
	if !strings.Contains(help, "jsonl") || !strings.Contains(help, "Examples:") {
		t.Errorf("import --help: %s", help)
	}

	// The server streams the same bytes.
	url := startServer(t, "--data", data2)
	resp, err := http.Get(url + "/export?format=jsonl")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/x-ndjson" ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), `filename="kgraph.jsonl"`) || string(body) != first {
		t.Errorf("GET /export?format=jsonl: %d %v, %d bytes", resp.StatusCode, resp.Header, len(body))
	}
	resp, err = http.Get(url + "/export?format=neo4j-csv&no-comentions=1")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil || resp.Header.Get("Content-Type") != "application/zip" || len(zr.File) != 3 {
		t.Errorf("neo4j-csv over HTTP: %v %v", err, resp.Header)
	}
	for _, q := range []string{"format=bogus", "format=dot&around=Nobody+At+All", "format=dot&min-weight=x"} {
		resp, err := http.Get(url + "/export?" + q)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("GET /export?%s: %d, want 400", q, resp.StatusCode)
		}
	}
}
