package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for a writer goroutine and a reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// kgraph runs one command line in-process and returns its exit status and
// output.
func kgraph(t *testing.T, ctx context.Context, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb syncBuffer
	g := &globals{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb}
	code := runWith(ctx, g, args)
	return code, out.String(), errb.String()
}

// startServer runs "kgraph serve" until the test ends and returns its URL.
func startServer(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- runWith(ctx, &globals{stdin: strings.NewReader(""), stdout: &out, stderr: &errb},
			append([]string{"serve", "--addr", "127.0.0.1:0"}, args...))
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("serve exited with %d: %s", code, errb.String())
			}
		case <-time.After(15 * time.Second):
			t.Error("serve did not shut down")
		}
	})
	re := regexp.MustCompile(`serving GraphQL at (http://\S+)/graphql`)
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := re.FindStringSubmatch(errb.String()); m != nil {
			return m[1]
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited with %d: %s", code, errb.String())
		default:
		}
	}
	t.Fatalf("server did not start: %s", errb.String())
	return ""
}

type gqlResp struct {
	Data   map[string]any `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

func query(t *testing.T, url, q string, vars map[string]any) gqlResp {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	resp, err := http.Post(url+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r gqlResp
	b, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("%s: %s", resp.Status, b)
	}
	return r
}

// must returns the data of a response that has no errors.
func must(t *testing.T, r gqlResp) map[string]any {
	t.Helper()
	if len(r.Errors) > 0 {
		t.Fatalf("GraphQL errors: %+v", r.Errors)
	}
	return r.Data
}

// path walks decoded JSON: path(v, "entity", "relations", "edges").
func path(v any, keys ...any) any {
	for _, k := range keys {
		switch k := k.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			a, _ := v.([]any)
			if k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

func num(v any) int { f, _ := v.(float64); return int(f) }

// writeCorpus writes the demo corpus plus bad inputs and returns the
// directory and the number of good documents.
func writeCorpus(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "corpus")
	if err := writeDemoCorpus(dir); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"bad/binary.txt":   {0x7f, 'E', 'L', 'F', 0, 1, 2, 3, 0, 0},
		"bad/latin1.txt":   []byte("M\xfcller of Soci\xe9t\xe9 G\xe9n\xe9rale met Diane Greene of VMware in Z\xfcrich."),
		"bad/empty.txt":    nil,
		"bad/broken.jsonl": []byte("{\"id\":\"ok-1\",\"text\":\"IBM and Red Hat agreed to cooperate.\"}\n{\"id\": broken\n"),
		"bad/invalid.md":   []byte("# Bad bytes\n\nVMware \xff\xfe said \xc3 nothing."),
	}
	for name, b := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test in -short mode")
	}
	ctx := context.Background()
	data := filepath.Join(t.TempDir(), "data")
	corpus := writeCorpus(t)

	// Ingest: good documents in, bad ones reported, exit status 3.
	code, _, stderr := kgraph(t, ctx, "", "ingest", "--data", data, "--no-progress", corpus)
	if code != 3 {
		t.Fatalf("ingest exit %d, want 3 (some inputs failed):\n%s", code, stderr)
	}
	for _, want := range []string{"binary.txt", "broken.jsonl:2", "empty.txt", "10 added", "2 failed", "1 empty skipped"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("ingest summary lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine") {
		t.Fatalf("ingest panicked:\n%s", stderr)
	}
	_, statsBefore, _ := kgraph(t, ctx, "", "stats", "--data", data, "--json")

	// Re-ingest: nothing changes.
	code, _, stderr = kgraph(t, ctx, "", "ingest", "--data", data, "--no-progress", corpus)
	if code != 3 || !strings.Contains(stderr, "0 added, 0 replaced, 10 unchanged") {
		t.Errorf("re-ingest: exit %d:\n%s", code, stderr)
	}
	if _, statsAfter, _ := kgraph(t, ctx, "", "stats", "--data", data, "--json"); statsAfter != statsBefore {
		t.Errorf("re-ingest changed the graph:\n%s\n%s", statsBefore, statsAfter)
	}

	url := startServer(t, "--data", data)

	// The directory is locked while the server runs: a clear message, no trace.
	code, _, stderr = kgraph(t, ctx, "", "ingest", "--data", data, "--no-progress", corpus)
	if code != 1 || !strings.Contains(stderr, "in use by another kgraph process") || !strings.Contains(stderr, "--server") {
		t.Errorf("locked directory: exit %d:\n%s", code, stderr)
	}

	var st struct{ Documents, Entities, Relations, Mentions int }
	json.Unmarshal([]byte(statsBefore), &st)
	d := must(t, query(t, url, `{ stats { documents entities relations mentions } }`, nil))
	if num(path(d, "stats", "documents")) != st.Documents || num(path(d, "stats", "entities")) != st.Entities || st.Documents != 10 {
		t.Errorf("stats over GraphQL %v, CLI %+v", d["stats"], st)
	}

	// Entities: case-insensitive lookup, canonical merging, majority type.
	d = must(t, query(t, url, `{ entity(name: "vmware inc.") { id name type aliases mentionCount } }`, nil))
	if path(d, "entity", "name") != "VMware" || path(d, "entity", "type") != "ORG" || num(path(d, "entity", "mentionCount")) < 10 {
		t.Errorf("VMware: %v", d["entity"])
	}
	d = must(t, query(t, url, `{ entity(name: "Herrod") { name type } }`, nil))
	if path(d, "entity", "name") != "Steve Herrod" || path(d, "entity", "type") != "PERSON" {
		t.Errorf("short form Herrod: %v", d["entity"])
	}
	d = must(t, query(t, url, `{ entity(name: "No Such Entity") { name } }`, nil))
	if d["entity"] != nil {
		t.Errorf("unknown entity: %v", d["entity"])
	}

	// Relations with evidence: a typed WORKS_FOR and co-mentions, each
	// sentence naming both ends at the given offsets.
	d = must(t, query(t, url, `{ entity(name: "Rusty Russell") { relations(first: 100) { totalCount edges { node {
		type subject { name } object { name } weight confidence
		evidence(first: 3) { sentence start end subjectStart subjectEnd objectStart objectEnd document { id title date } } } } } } }`, nil))
	edges, _ := path(d, "entity", "relations", "edges").([]any)
	if len(edges) == 0 || num(path(d, "entity", "relations", "totalCount")) != len(edges) {
		t.Fatalf("Rusty Russell relations: %v", d)
	}
	types := map[string]bool{}
	for _, e := range edges {
		n := path(e, "node")
		types[path(n, "type").(string)] = true
		evs, _ := path(n, "evidence").([]any)
		if len(evs) == 0 || num(path(n, "weight")) < len(evs) {
			t.Errorf("relation without evidence: %v", n)
		}
		for _, ev := range evs {
			s := path(ev, "sentence").(string)
			rs := []rune(s)
			off := num(path(ev, "start"))
			if num(path(ev, "end"))-off != len(rs) {
				t.Errorf("evidence span [%v,%v) does not fit %q", path(ev, "start"), path(ev, "end"), s)
				continue
			}
			subj := string(rs[num(path(ev, "subjectStart"))-off : num(path(ev, "subjectEnd"))-off])
			obj := string(rs[num(path(ev, "objectStart"))-off : num(path(ev, "objectEnd"))-off])
			if subj == "" || obj == "" || path(ev, "document", "title") == nil {
				t.Errorf("evidence %v: subject %q object %q", ev, subj, obj)
			}
		}
	}
	if !types["CO_MENTIONED"] || !types["WORKS_FOR"] {
		t.Errorf("Rusty Russell relation types %v, want CO_MENTIONED and WORKS_FOR", types)
	}

	// Pagination: pages of 4 cover every entity exactly once.
	seen := map[string]bool{}
	var after any
	total := -1
	for pages := 0; pages < 100; pages++ {
		d = must(t, query(t, url, `query($after: String) { entities(first: 4, after: $after) {
			totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }`, map[string]any{"after": after}))
		total = num(path(d, "entities", "totalCount"))
		es, _ := path(d, "entities", "edges").([]any)
		for _, e := range es {
			id := path(e, "node", "id").(string)
			if seen[id] {
				t.Fatalf("entity %s on two pages", id)
			}
			seen[id] = true
		}
		if path(d, "entities", "pageInfo", "hasNextPage") != true {
			break
		}
		after = path(d, "entities", "pageInfo", "endCursor")
	}
	if len(seen) != total || total != st.Entities {
		t.Errorf("paged %d entities, totalCount %d, stats %d", len(seen), total, st.Entities)
	}
	// A cursor from the middle of a page continues right after its edge.
	d = must(t, query(t, url, `{ entities(first: 5) { edges { cursor node { id } } } }`, nil))
	c2 := path(d, "entities", "edges", 1, "cursor")
	id3 := path(d, "entities", "edges", 2, "node", "id")
	d = must(t, query(t, url, `query($a: String) { entities(first: 1, after: $a) { edges { node { id } } } }`, map[string]any{"a": c2}))
	if got := path(d, "entities", "edges", 0, "node", "id"); got != id3 {
		t.Errorf("after the second cursor came %v, want %v", got, id3)
	}

	// Delete a document: exactly its contribution goes.
	novell := "corpus/04-novell-sles.html"
	d = must(t, query(t, url, `query($id: ID!) { document(id: $id) { title date url } }`, map[string]any{"id": novell}))
	if path(d, "document", "title") != "Novell ships Xen in SUSE Linux Enterprise Server 10" || path(d, "document", "date") != "2006-07-18" {
		t.Errorf("document: %v", d)
	}
	d = must(t, query(t, url, `{ entity(name: "Jeff Jaffe") { name } }`, nil))
	if path(d, "entity", "name") != "Jeff Jaffe" {
		t.Errorf("Jeff Jaffe before delete: %v", d)
	}
	d = must(t, query(t, url, `mutation($id: ID!) { deleteDocument(id: $id) }`, map[string]any{"id": novell}))
	if d["deleteDocument"] != true {
		t.Errorf("deleteDocument: %v", d)
	}
	d = must(t, query(t, url, `{ entity(name: "Jeff Jaffe") { name } stats { documents } }`, nil))
	if d["entity"] != nil || num(path(d, "stats", "documents")) != st.Documents-1 {
		t.Errorf("after delete: %v", d)
	}
	// Sending it again through the running server restores the graph exactly.
	code, _, stderr = kgraph(t, ctx, "", "ingest", "--server", url, filepath.Join(corpus, "04-novell-sles.html"))
	if code != 0 {
		t.Fatalf("ingest --server: exit %d\n%s", code, stderr)
	}
	// The file named directly gets its path as id; delete it and re-add
	// under the directory's id to compare stats exactly.
	must(t, query(t, url, `mutation($id: ID!) { deleteDocument(id: $id) }`, map[string]any{"id": filepath.ToSlash(filepath.Join(corpus, "04-novell-sles.html"))}))
	code, _, stderr = kgraph(t, ctx, "", "ingest", "--server", url, corpus)
	if code != 3 || !strings.Contains(stderr, "1 added") {
		t.Errorf("ingest --server corpus: exit %d\n%s", code, stderr)
	}
	d = must(t, query(t, url, `{ stats { documents entities relations mentions } }`, nil))
	if got := fmt.Sprint(num(path(d, "stats", "documents")), num(path(d, "stats", "entities")), num(path(d, "stats", "relations")), num(path(d, "stats", "mentions"))); got != fmt.Sprint(st.Documents, st.Entities, st.Relations, st.Mentions) {
		t.Errorf("after delete and re-ingest stats %s, want %+v", got, st)
	}
}
