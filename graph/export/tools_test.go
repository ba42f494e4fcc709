package export_test

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
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
