package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kgraph/kgraph/graph"
	"github.com/kgraph/kgraph/graph/export"
)

// The tests in this file run the tools users load our files with. CI
// installs them (.ci/run: python3-networkx, raptor2-utils, graphviz); when
// one is missing the test skips and says which package provides it.

func needTool(t *testing.T, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s not found (Debian package %s; .ci/run installs it): skipping", name, pkg)
	}
	return p
}

// networkxScript reads a GraphML or GEXF file with networkx and prints its
// nodes and edges with their attributes as JSON. networkx before 3.3 knows
// GEXF only up to 1.2draft: the script then reads our 1.3 file under the
// 1.2draft namespace, which has the same elements for what we write.
const networkxScript = `
import json, sys
import networkx as nx
import networkx.readwrite.gexf as gexf
fmt, path = sys.argv[1], sys.argv[2]
if fmt == "graphml":
    g = nx.read_graphml(path, node_type=str)
else:
    if "1.3" in gexf.GEXF.versions:
        g = nx.read_gexf(path, node_type=str, version="1.3")
    else:
        import tempfile
        data = open(path, encoding="utf-8").read().replace('xmlns="http://gexf.net/1.3"', 'xmlns="http://www.gexf.net/1.2draft"').replace('version="1.3"', 'version="1.2"')
        tmp = tempfile.NamedTemporaryFile("w", suffix=".gexf", delete=False, encoding="utf-8")
        tmp.write(data); tmp.close()
        g = nx.read_gexf(tmp.name, node_type=str, version="1.2draft")
edges = []
for e in (g.edges(data=True, keys=True) if g.is_multigraph() else g.edges(data=True)):
    edges.append({"source": e[0], "target": e[1], "attrs": e[-1]})
json.dump({"directed": g.is_directed(), "nodes": {n: d for n, d in g.nodes(data=True)}, "edges": edges}, sys.stdout, default=str)
`

type nxGraph struct {
	Directed bool                      `json:"directed"`
	Nodes    map[string]map[string]any `json:"nodes"`
	Edges    []struct {
		Source, Target string
		Attrs          map[string]any
	} `json:"edges"`
}

func readNetworkx(t *testing.T, format, path string) nxGraph {
	t.Helper()
	py := needTool(t, "python3", "python3-networkx")
	if err := exec.Command(py, "-c", "import networkx").Run(); err != nil {
		t.Skip("python3 cannot import networkx (Debian package python3-networkx; .ci/run installs it): skipping")
	}
	out, err := exec.Command(py, "-c", networkxScript, format, path).Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("networkx cannot read the %s file: %v\n%s", format, err, stderr)
	}
	var g nxGraph
	if err := json.Unmarshal(out, &g); err != nil {
		t.Fatal(err)
	}
	return g
}

func num(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case string:
		f, _ := strconv.ParseFloat(x, 64)
		return f
	}
	return math.NaN()
}

// checkNetworkx compares what networkx read with the store: every entity
// with its name, type, aliases and mention count, every relation with its
// type, weight, confidence and dates.
func checkNetworkx(t *testing.T, s *graph.Store, format string, data []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "g."+format)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	g := readNetworkx(t, format, path)
	ents, rels := graphCounts(t, s)
	if len(g.Nodes) != ents || len(g.Edges) != rels {
		t.Fatalf("networkx read %d nodes and %d edges, want %d and %d", len(g.Nodes), len(g.Edges), ents, rels)
	}
	err := s.ForEachEntity(func(e graph.Entity) error {
		n, ok := g.Nodes[e.ID.String()]
		if !ok {
			t.Errorf("node %s (%q) missing", e.ID, e.Name)
			return nil
		}
		var aliases []string
		_ = json.Unmarshal([]byte(n["aliases"].(string)), &aliases)
		if n["name"] != xmlSafe(e.Name) || n["type"] != e.Type || num(n["mentions"]) != float64(e.MentionCount) || len(aliases) != len(e.Aliases) || aliases[0] != e.Aliases[0] {
			t.Errorf("node %s: networkx read %v, want name %q type %s mentions %d aliases %q", e.ID, n, e.Name, e.Type, e.MentionCount, e.Aliases)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	type edgeKey struct{ s, o, typ string }
	got := map[edgeKey]map[string]any{}
	for _, e := range g.Edges {
		typ, _ := e.Attrs["type"].(string)
		got[edgeKey{e.Source, e.Target, typ}] = e.Attrs
	}
	err = s.ForEachRelation(func(r graph.Relation) error {
		a, ok := got[edgeKey{r.Subject.String(), r.Object.String(), r.Type}]
		switch {
		case !ok:
			t.Errorf("edge %s %s %s missing", r.Subject, r.Type, r.Object)
		case num(a["weight"]) != float64(r.Weight) || num(a["confidence"]) != r.Confidence || a["firstSeen"] != nilIfEmpty(r.FirstSeen):
			t.Errorf("edge %s %s %s: networkx read %v, want %+v", r.Subject, r.Type, r.Object, a, r)
		case r.Role != "" && a["role"] != xmlSafe(r.Role):
			t.Errorf("edge role %v, want %q", a["role"], r.Role)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// xmlSafe is s as XML 1.0 can carry it: forbidden control characters
// become U+FFFD.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' {
			return '\uFFFD'
		}
		return r
	}, s)
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func TestGraphML(t *testing.T) {
	s := smallStore(t)
	out := export1(t, s, "graphml", export.Options{})
	golden(t, "small.graphml", out)
	checkNetworkx(t, s, "graphml", out)
}

func TestGEXF(t *testing.T) {
	s := smallStore(t)
	out := export1(t, s, "gexf", export.Options{})
	golden(t, "small.gexf", out)
	if !bytes.Contains(out, []byte(`start="2021-03-04" end="2022-11-30"`)) {
		t.Error("no edge carries start/end dates for Gephi's timeline")
	}
	checkNetworkx(t, s, "gexf", out)
}

func TestNQuads(t *testing.T) {
	s := smallStore(t)
	out := export1(t, s, "nquads", export.Options{})
	golden(t, "small.nq", out)
	schema := export1(t, s, "nquads", export.Options{DgraphSchema: true})
	golden(t, "small.dgraph.schema", schema)
	if !bytes.Contains(schema, []byte("<urn:kgraph:rel:WORKS_FOR>: [uid]")) {
		t.Error("Dgraph schema lacks the relation predicates")
	}
	// Evidence quads are in the graph of their document, whose ID needs
	// escaping to be an IRI.
	if !bytes.Contains(out, []byte(`<urn:kgraph:document:doc/1%20%22odd%22%20id> .`)) {
		t.Error("no evidence quad names the escaped document graph")
	}
	rapper := needTool(t, "rapper", "raptor2-utils")
	path := filepath.Join(t.TempDir(), "g.nq")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(rapper, "-i", "nquads", "-o", "nquads", path, "urn:kgraph:base")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	parsed, err := cmd.Output()
	if err != nil || strings.Contains(stderr.String(), "Error") || strings.Contains(stderr.String(), "Warning") {
		t.Fatalf("rapper: %v\n%s", err, stderr.String())
	}
	want := bytes.Count(out, []byte("\n"))
	if got := bytes.Count(parsed, []byte("\n")); got != want {
		t.Errorf("rapper parsed %d quads, we wrote %d\n%s", got, want, stderr.String())
	}
	// The hostile name survives: rapper writes it back escaped the same way.
	if !bytes.Contains(parsed, []byte(`"A \"quoted\", name with <xml> & \u00FCn\u00EFc\u00F6d\u00E9"`)) &&
		!bytes.Contains(parsed, []byte(`"A \"quoted\", name with <xml> & ünïcödé"`)) {
		t.Errorf("rapper output lacks the hostile name:\n%s", parsed)
	}
}

func TestDOT(t *testing.T) {
	s := smallStore(t)
	out := export1(t, s, "dot", export.Options{})
	golden(t, "small.dot", out)
	dot := needTool(t, "dot", "graphviz")
	cmd := exec.Command(dot, "-Tsvg")
	cmd.Stdin = bytes.NewReader(out)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	svg, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("dot -Tsvg: %v\n%s", err, stderr.String())
	}
	ents, rels := graphCounts(t, s)
	if n := bytes.Count(svg, []byte(`class="node"`)); n != ents {
		t.Errorf("svg has %d nodes, want %d", n, ents)
	}
	if n := bytes.Count(svg, []byte(`class="edge"`)); n != rels {
		t.Errorf("svg has %d edges, want %d", n, rels)
	}
	if !bytes.Contains(svg, []byte("ünïcödé")) || !bytes.Contains(svg, []byte("&lt;xml&gt;")) {
		t.Error("svg lacks the hostile name")
	}
}

func TestNeo4jCSV(t *testing.T) {
	s := smallStore(t)
	dir := t.TempDir()
	if err := export.WriteDir(context.Background(), s, "neo4j-csv", dir, export.Options{}); err != nil {
		t.Fatal(err)
	}
	ents, rels := graphCounts(t, s)
	readme, err := os.ReadFile(filepath.Join(dir, "README.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if first, _, _ := strings.Cut(string(readme), "\n"); first != export.Neo4jImportCommand ||
		!strings.HasPrefix(first, "neo4j-admin database import full ") ||
		!strings.Contains(first, "--nodes=entities.csv") || !strings.Contains(first, "--relationships=relations.csv") {
		t.Errorf("README.txt does not start with the import command: %q", first)
	}
	// neo4j-admin's header format: name:type with a known type, or one of
	// the special columns; exactly one :ID (or :START_ID and :END_ID).
	header := regexp.MustCompile(`^([A-Za-z][A-Za-z0-9_]*)?(:(ID\(Entity\)|START_ID\(Entity\)|END_ID\(Entity\)|LABEL|TYPE|int|long|float|double|boolean|string|date|datetime)(\[\])?)?$`)
	for _, tc := range []struct {
		file    string
		rows    int
		special []string
	}{
		{"entities.csv", ents, []string{"id:ID(Entity)", ":LABEL"}},
		{"relations.csv", rels, []string{":START_ID(Entity)", ":END_ID(Entity)", ":TYPE"}},
	} {
		b, err := os.ReadFile(filepath.Join(dir, tc.file))
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "small."+tc.file, b)
		recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if len(recs)-1 != tc.rows {
			t.Errorf("%s: %d rows, want %d", tc.file, len(recs)-1, tc.rows)
		}
		for _, h := range recs[0] {
			if !header.MatchString(h) {
				t.Errorf("%s: header %q is not in neo4j-admin format", tc.file, h)
			}
		}
		for _, sp := range tc.special {
			if !slices.Contains(recs[0], sp) {
				t.Errorf("%s: header lacks %s", tc.file, sp)
			}
		}
		for _, want := range []string{"weight:int", "confidence:float", "aliases:string[]", "mentions:int"} {
			if tc.file == "relations.csv" && !strings.HasPrefix(want, "weight") && !strings.HasPrefix(want, "confidence") {
				continue
			}
			if tc.file == "entities.csv" && (strings.HasPrefix(want, "weight") || strings.HasPrefix(want, "confidence")) {
				continue
			}
			if !slices.Contains(recs[0], want) {
				t.Errorf("%s: header lacks %s", tc.file, want)
			}
		}
	}
	ents2, err := os.ReadFile(filepath.Join(dir, "entities.csv"))
	if err != nil {
		t.Fatal(err)
	}
	recs, _ := csv.NewReader(bytes.NewReader(ents2)).ReadAll()
	found := false
	for _, r := range recs[1:] {
		if strings.Contains(r[2], "ünïcödé") && strings.Contains(r[2], `"quoted"`) {
			found = true
		}
		if strings.Contains(r[5], "Bell") && r[5] != "Bell\x07Labs, R\\D" {
			t.Errorf("aliases with ';' not escaped: %q", r[5])
		}
	}
	if !found {
		t.Error("entities.csv lacks the hostile name")
	}
}

func TestJSONLD(t *testing.T) {
	s := smallStore(t)
	out := export1(t, s, "jsonld", export.Options{})
	golden(t, "small.jsonld", out)
	var doc struct {
		Context map[string]any   `json:"@context"`
		Graph   []map[string]any `json:"@graph"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("JSON-LD is not JSON: %v", err)
	}
	if doc.Context["@vocab"] == nil || doc.Context["weight"] == nil {
		t.Errorf("@context: %v", doc.Context)
	}
	ents, rels := graphCounts(t, s)
	var ne, nr, nev int
	for _, n := range doc.Graph {
		switch n["@type"] {
		case "Entity":
			ne++
		case "Relation":
			nr++
			ev, _ := n["evidence"].([]any)
			nev += len(ev)
		}
		if id, _ := n["@id"].(string); !strings.HasPrefix(id, "urn:kgraph:") {
			t.Errorf("node without an urn:kgraph: @id: %v", n)
		}
	}
	if ne != ents || nr != rels || nev == 0 {
		t.Errorf("@graph has %d entities, %d relations, %d evidence; want %d, %d, some", ne, nr, nev, ents, rels)
	}
	if py, err := exec.LookPath("python3"); err == nil {
		// A second, independent JSON parser.
		cmd := exec.Command(py, "-c", "import json,sys; d=json.load(sys.stdin); assert '@context' in d and d['@graph']")
		cmd.Stdin = bytes.NewReader(out)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("python json: %v %s", err, b)
		}
	}
}

func TestCypher(t *testing.T) {
	s := smallStore(t)
	out := export1(t, s, "cypher", export.Options{BatchSize: 2})
	golden(t, "small.cypher", out)
	stmts := cypherStatements(t, string(out))
	if len(stmts) == 0 || !strings.HasPrefix(stmts[0], "CREATE CONSTRAINT") {
		t.Fatalf("the first statement is not the constraint: %.100q", stmts)
	}
	ents, rels := graphCounts(t, s)
	var rows, relRows int
	seenRel := false
	for _, st := range stmts[1:] {
		if !strings.HasPrefix(st, "UNWIND [") {
			t.Errorf("statement does not UNWIND: %.80q", st)
		}
		n := strings.Count(st, "\n  {")
		if n > 2 {
			t.Errorf("batch of %d rows, want at most 2", n)
		}
		if strings.Contains(st, "MERGE (e:Entity") {
			if seenRel {
				t.Error("an entity statement after a relation statement")
			}
			rows += n
		} else if strings.Contains(st, "MERGE (a)-[r:") {
			seenRel = true
			relRows += n
		}
	}
	if rows != ents || relRows != rels {
		t.Errorf("%d entity rows and %d relation rows, want %d and %d", rows, relRows, ents, rels)
	}
}

// cypherStatements splits a script on the semicolons outside string
// literals, backtick names and comments, failing on an unterminated
// literal: a check that our escaping keeps every literal closed.
func cypherStatements(t *testing.T, s string) []string {
	t.Helper()
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '`':
			j := i + 1
			for ; j < len(s) && s[j] != c; j++ {
				if c == '"' && s[j] == '\\' {
					j++
				}
				if c == '"' && (s[j] == '\n' || s[j] == '\r') {
					t.Fatalf("raw newline inside a string literal at byte %d", j)
				}
			}
			if j >= len(s) {
				t.Fatalf("unterminated %c at byte %d", c, i)
			}
			i = j
		case '/':
			if strings.HasPrefix(s[i:], "//") {
				nl := strings.IndexByte(s[i:], '\n')
				i += nl
				start = i + 1
			}
		case ';':
			out = append(out, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
	}
	if rest := strings.TrimSpace(s[start:]); rest != "" {
		t.Errorf("text after the last statement: %q", rest)
	}
	return out
}
