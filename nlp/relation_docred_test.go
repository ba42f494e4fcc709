package nlp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A two-sentence document of our own in DocRED's layout.
const docredSample = `[{"title":"Nordvik","sents":[["Ingrid","Dahl","works","for","Nordvik","Energy","in","Bergen","."],["She","lives","in","Oslo","."]],
"vertexSet":[[{"name":"Ingrid Dahl","pos":[0,2],"sent_id":0,"type":"PER"}],[{"name":"Nordvik Energy","pos":[4,6],"sent_id":0,"type":"ORG"}],
[{"name":"Bergen","pos":[7,8],"sent_id":0,"type":"LOC"}],[{"name":"Oslo","pos":[3,4],"sent_id":1,"type":"LOC"}]],
"labels":[{"r":"P108","h":0,"t":1},{"r":"P159","h":1,"t":2},{"r":"P551","h":0,"t":3},{"r":"P112","h":1,"t":0}]}]`

func TestDocRED(t *testing.T) {
	path := filepath.Join(t.TempDir(), "d.json")
	if err := os.WriteFile(path, []byte(docredSample), 0o644); err != nil {
		t.Fatal(err)
	}
	docs, err := ReadDocRED(path)
	if err != nil {
		t.Fatal(err)
	}
	text, spans := docs[0].Text()
	if want := "Ingrid Dahl works for Nordvik Energy in Bergen .\nShe lives in Oslo ."; text != want {
		t.Fatalf("text %q, want %q", text, want)
	}
	for e, name := range []string{"Ingrid Dahl", "Nordvik Energy", "Bergen", "Oslo"} {
		if sp := spans[e][0]; relRuneSlice(text, sp[0], sp[1]) != name {
			t.Errorf("entity %d span %v is %q, want %q", e, sp, relRuneSlice(text, sp[0], sp[1]), name)
		}
	}
	// The process under test: fixed mentions and relations, so that every
	// case of the judgement is exercised.
	process := func(id, text string) (*Document, error) {
		doc, err := Analyze(id, text)
		if err != nil {
			return nil, err
		}
		add := func(s, typ string) int {
			i := strings.Index(text, s)
			doc.Mentions = append(doc.Mentions, Mention{Start: i, End: i + len(s), Text: s, Type: typ})
			return len(doc.Mentions) - 1
		}
		ingrid, nordvik, bergen, works := add("Ingrid Dahl", "PERSON"), add("Nordvik", "ORG"), add("Bergen", "LOCATION"), add("works", "ORG")
		oslo := add("Oslo", "LOCATION")
		doc.Relations = []Relation{
			{Type: "WORKS_FOR", Subject: ingrid, Object: nordvik},   // right (P108), argument overlapping
			{Type: "WORKS_FOR", Subject: ingrid, Object: nordvik},   // the same pair: counted once
			{Type: "BASED_IN", Subject: nordvik, Object: bergen},    // right (P159)
			{Type: "LIVES_IN", Subject: ingrid, Object: bergen},     // wrong: no label
			{Type: "WORKS_FOR", Subject: ingrid, Object: works},     // unlinked: "works" is no entity
			{Type: "FOUNDED", Subject: ingrid, Object: nordvik},     // right (P112 reversed)
			{Type: "PARTNERS_WITH", Subject: nordvik, Object: oslo}, // not judged
		}
		return doc, nil
	}
	s, err := EvalDocRED(process, docs)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]DocREDCounts{
		"WORKS_FOR": {Right: 1, Unlinked: 1, Gold: 1, Found: 1},
		"BASED_IN":  {Right: 1, Gold: 1, Found: 1},
		"LIVES_IN":  {Wrong: 1, Gold: 1},
		"FOUNDED":   {Right: 1, Gold: 1, Found: 1},
	}
	for typ, c := range s.Types {
		if *c != want[typ] {
			t.Errorf("%s: %+v, want %+v", typ, *c, want[typ])
		}
	}
	if _, ok := s.Types["PARTNERS_WITH"]; ok {
		t.Error("PARTNERS_WITH judged; DocRED has no property for it")
	}
	var b strings.Builder
	s.Write(&b, "t")
	if !strings.Contains(b.String(), "micro            0.750      3      1         1     0.750      4") {
		t.Errorf("table:\n%s", b.String())
	}
	// The one wrong relation is listed with what the labels say between
	// its arguments (Ingrid Dahl and Bergen: nothing).
	if len(s.Wrong) != 1 || s.Wrong[0].Type != "LIVES_IN" || s.Wrong[0].Subject != "Ingrid Dahl" ||
		s.Wrong[0].Object != "Bergen" || len(s.Wrong[0].Labels) != 0 || !strings.HasPrefix(s.Wrong[0].Sentence, "Ingrid Dahl works for") {
		t.Errorf("wrong relations: %+v", s.Wrong)
	}
	b.Reset()
	s.WriteWrong(&b)
	if !strings.Contains(b.String(), `LIVES_IN("Ingrid Dahl", "Bergen")`) || !strings.Contains(b.String(), "labelled between them: nothing") {
		t.Errorf("listing:\n%s", b.String())
	}
}

func TestReadDocREDErrors(t *testing.T) {
	for name, body := range map[string]string{
		"not json":             `{`,
		"mention out of range": `[{"sents":[["a"]],"vertexSet":[[{"name":"a","pos":[0,2],"sent_id":0}]],"labels":[]}]`,
		"label out of range":   `[{"sents":[["a"]],"vertexSet":[[{"name":"a","pos":[0,1],"sent_id":0}]],"labels":[{"r":"P1","h":0,"t":3}]}]`,
	} {
		path := filepath.Join(t.TempDir(), "d.json")
		os.WriteFile(path, []byte(body), 0o644)
		if _, err := ReadDocRED(path); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
