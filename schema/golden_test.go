package schema

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/kgraph/kgraph/graph"
	"github.com/kgraph/kgraph/graph/ingest"
	"github.com/kgraph/kgraph/nlp"
)

var update = flag.Bool("update", false, "rewrite the *.golden.json files of schema/testdata")

var pipe struct {
	once sync.Once
	p    *nlp.Pipeline
	err  error
}

func testPipeline(t *testing.T) *nlp.Pipeline {
	t.Helper()
	pipe.once.Do(func() {
		opts := nlp.DefaultOptions()
		rec, err := nlp.DefaultRecognizer()
		if err != nil {
			pipe.err = err
			return
		}
		x, err := nlp.DefaultRelationExtractor()
		if err != nil {
			pipe.err = err
			return
		}
		opts.Recognizer, opts.Relations = rec, x
		pipe.p, pipe.err = nlp.New(opts)
	})
	if pipe.err != nil {
		t.Fatal(pipe.err)
	}
	return pipe.p
}

// corpusServer ingests testdata/corpus into a fresh in-memory store through
// the real pipeline and serves it.
func corpusServer(t *testing.T, token string) *httptest.Server {
	t.Helper()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := graph.Open(graph.DefaultOptions("").WithInMemory(true).WithMemTableSize(16 << 20).WithLogger(quiet))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ing := ingest.New(testPipeline(t), s, ingest.Options{Logger: quiet})
	res, err := ing.Run(context.Background(), []string{"testdata/corpus"}, nil)
	if err != nil || res.Failed > 0 || res.Added == 0 {
		t.Fatalf("ingest: %+v %v", res, err)
	}
	opts := DefaultOptions(s)
	opts.Ingester, opts.Token, opts.Logger = ing, token, quiet
	h, err := NewHandler(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// gqlPost sends one GraphQL request and returns the raw JSON response.
func gqlPost(t *testing.T, url, token, query string, vars map[string]any) []byte {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, url+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "kgraph-golden-test")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestGolden runs every testdata/*.graphql file against a freshly ingested
// corpus and compares the responses with testdata/*.golden.json (rewrite
// them with -update). A file holds one or more operations separated by
// lines "# ---"; each runs in order against the same server, so mutation
// files can check their effects. A first line "# token: T" serves with
// bearer token T required for mutations and sends no token.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.graphql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden queries: %v", err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".graphql")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			token := ""
			if first, _, _ := strings.Cut(string(src), "\n"); strings.HasPrefix(first, "# token: ") {
				token = strings.TrimSpace(strings.TrimPrefix(first, "# token: "))
			}
			srv := corpusServer(t, token)
			var got []json.RawMessage
			for _, op := range strings.Split(string(src), "\n# ---\n") {
				raw := gqlPost(t, srv.URL, "", op, nil)
				var v any
				if err := json.Unmarshal(raw, &v); err != nil {
					t.Fatalf("response is not JSON: %s", raw)
				}
				b, _ := json.MarshalIndent(v, "  ", "  ")
				got = append(got, b)
			}
			out, _ := json.MarshalIndent(got, "", "  ")
			out = append(out, '\n')
			golden := filepath.Join("testdata", name+".golden.json")
			if *update {
				if err := os.WriteFile(golden, out, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./schema -run TestGolden -update)", err)
			}
			if !bytes.Equal(want, out) {
				t.Errorf("%s differs from %s:\n%s", f, golden, out)
			}
		})
	}
}

// TestCurationRecordsClient checks that a curation records the client's
// address and User-Agent and needs the token when one is set.
func TestCurationRecordsClient(t *testing.T) {
	srv := corpusServer(t, "tok")
	const m = `mutation { renameEntity(id: "RW50aXR5OmQ4NjM2NDA3ZGZmMWI0ZWE", name: "A. Morton") { seq } }`
	if b := gqlPost(t, srv.URL, "", m, nil); !bytes.Contains(b, []byte("UNAUTHENTICATED")) {
		t.Fatalf("without token: %s", b)
	}
	if b := gqlPost(t, srv.URL, "tok", m, nil); !bytes.Contains(b, []byte(`"seq":1`)) {
		t.Fatalf("with token: %s", b)
	}
	var resp struct {
		Data struct {
			Curations struct {
				Edges []struct {
					Node struct{ Client, UserAgent, At, Kind string }
				}
			}
		}
	}
	b := gqlPost(t, srv.URL, "", `{ curations { edges { node { client userAgent at kind } } } }`, nil)
	if err := json.Unmarshal(b, &resp); err != nil || len(resp.Data.Curations.Edges) != 1 {
		t.Fatalf("curations: %s", b)
	}
	n := resp.Data.Curations.Edges[0].Node
	if !strings.HasPrefix(n.Client, "127.0.0.1:") || n.UserAgent != "kgraph-golden-test" || n.Kind != "RENAME" || len(n.At) < 20 {
		t.Errorf("curation record: %+v", n)
	}
}
