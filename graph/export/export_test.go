package export_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/kgraph/kgraph/graph"
	"github.com/kgraph/kgraph/graph/export"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// Hostile names: quotes, commas, a newline, XML markup, non-ASCII, a name
// that looks like a number, a control character, a semicolon (the Neo4j
// array delimiter) and a backslash.
const (
	hostile  = "A \"quoted\", name\nwith <xml> & ünïcödé"
	numeric  = "12345"
	control  = "Bell\x07Labs; R\\D"
	acme     = "Acme Corp"
	zoe      = "Zoë O'Brien"
	berlin   = "Berlin"
	roleText = "chief \"exec\", <ops>"
)

// doc builds one document: each sentence lists the names it mentions.
type docMention struct {
	name, typ string
	sent      int
}

type docRel struct {
	typ, role string
	subj, obj int // mention indexes
	sym       bool
	conf      float64
}

func mkDoc(id, date string, sents []string, ms []docMention, rs []docRel) graph.DocInput {
	d := graph.DocInput{Doc: graph.Document{ID: id, Hash: "h-" + id, Date: date, Title: "Title of " + id, URL: "https://example.com/" + id, Added: 1700000000}}
	off := 0
	for _, s := range sents {
		n := len([]rune(s))
		d.Sentences = append(d.Sentences, graph.SentenceInput{Start: off, End: off + n, Text: s})
		off += n + 1
	}
	for _, m := range ms {
		s := d.Sentences[m.sent]
		i := strings.Index(s.Text, m.name)
		if i < 0 {
			i = 0
		}
		st := s.Start + len([]rune(s.Text[:i]))
		d.Mentions = append(d.Mentions, graph.MentionInput{Name: m.name, Text: m.name, Type: m.typ,
			Start: st, End: st + len([]rune(m.name)), Sentence: m.sent})
	}
	for _, r := range rs {
		conf := r.conf
		if conf == 0 {
			conf = 0.75
		}
		d.Relations = append(d.Relations, graph.RelationInput{Type: r.typ, Role: r.role, Subject: r.subj, Object: r.obj,
			Sentence: d.Mentions[r.subj].Sentence, Confidence: conf, Extractor: "rules", Symmetric: r.sym})
	}
	return d
}

// smallDocs is the test graph: six entities, relations of three types (one
// symmetric), dates, roles and evidence with hostile text.
func smallDocs() []graph.DocInput {
	return []graph.DocInput{
		mkDoc("doc/1 \"odd\" id", "2021-03-04",
			[]string{hostile + " works for " + acme + ".", zoe + " met " + hostile + " in " + berlin + "."},
			[]docMention{{hostile, "PERSON", 0}, {acme, "ORG", 0}, {zoe, "PERSON", 1}, {hostile, "PERSON", 1}, {berlin, "LOCATION", 1}},
			[]docRel{{"WORKS_FOR", roleText, 0, 1, false, 0.9}, {"CO_MENTIONED", "", 0, 1, true, 0.5},
				{"CO_MENTIONED", "", 2, 3, true, 0.5}, {"LOCATED_IN", "", 1, 4, false, 0.6}}),
		mkDoc("doc2", "2022-11-30",
			[]string{numeric + " sued " + control + " and " + acme + ".", hostile + " left " + acme + "."},
			[]docMention{{numeric, "ORG", 0}, {control, "ORG", 0}, {acme, "ORG", 0}, {hostile, "PERSON", 1}, {acme, "ORG", 1}},
			[]docRel{{"CO_MENTIONED", "", 0, 1, true, 0.5}, {"CO_MENTIONED", "", 0, 2, true, 0.5},
				{"WORKS_FOR", "", 3, 4, false, 0.8}, {"CO_MENTIONED", "", 3, 4, true, 0.5}}),
		mkDoc("doc3", "",
			[]string{zoe + " joined " + numeric + " from ACME."},
			[]docMention{{zoe, "PERSON", 0}, {numeric, "ORG", 0}, {"ACME", "ORG", 0}}, // an alias of Acme Corp
			[]docRel{{"WORKS_FOR", "analyst", 0, 1, false, 0.7}}),
	}
}

func openMem(t testing.TB) *graph.Store {
	t.Helper()
	s, err := graph.Open(graph.DefaultOptions("").WithInMemory(true).WithLogger(quiet).WithMemTableSize(8 << 20))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func smallStore(t testing.TB) *graph.Store {
	t.Helper()
	s := openMem(t)
	if _, err := s.PutDocuments(smallDocs()); err != nil {
		t.Fatal(err)
	}
	return s
}

func export1(t testing.TB, s *graph.Store, format string, o export.Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := export.Write(context.Background(), s, format, &b, o); err != nil {
		t.Fatalf("export %s: %v", format, err)
	}
	return b.Bytes()
}

// golden compares got with testdata/name, rewriting it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n%s", name, firstDiff(want, got))
	}
}

func firstDiff(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n want " + w + "\n got  " + g
		}
	}
	return "(no line differs)"
}

// graphCounts returns the number of entities and relations of s.
func graphCounts(t testing.TB, s *graph.Store) (ents, rels int) {
	t.Helper()
	st, err := s.Stats()
	if err != nil {
		t.Fatal(err)
	}
	return st.Entities, st.Relations
}

func TestUnknownFormat(t *testing.T) {
	s := smallStore(t)
	for _, f := range []string{"", "xml", "GraphML", "neo4j"} {
		err := export.Write(context.Background(), s, f, io.Discard, export.Options{})
		if !errors.Is(err, export.ErrUnknownFormat) {
			t.Errorf("Write(%q) = %v, want ErrUnknownFormat", f, err)
		}
	}
	if _, err := export.Lookup("nope"); !errors.Is(err, export.ErrUnknownFormat) {
		t.Errorf("Lookup = %v", err)
	}
}

func TestBadFilter(t *testing.T) {
	s := smallStore(t)
	for _, f := range []export.Filter{{Around: "Nobody Here"}, {MinWeight: -1}, {Around: acme, Hops: -2}} {
		err := export.Write(context.Background(), s, "jsonl", io.Discard, export.Options{Filter: f})
		if !errors.Is(err, export.ErrBadFilter) {
			t.Errorf("filter %+v: err = %v, want ErrBadFilter", f, err)
		}
	}
}
