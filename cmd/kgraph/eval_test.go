package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEvalRel scores two sentences of our own in CoNLL04 JSON: both
// conventions are printed unless --convention is given, and --errors lists
// the end-to-end errors.
func TestEvalRel(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "mini.json")
	// Gold: Ann Smith works for General Motors (found by any sane extractor); Bo
	// Lund lives in Oslo, which nothing in the sentence states (a miss).
	data := `[
 {"tokens": ["Ann", "Smith", ",", "a", "spokeswoman", "for", "General", "Motors", ",", "said", "so", "."],
  "entities": [{"type": "Peop", "start": 0, "end": 2}, {"type": "Org", "start": 6, "end": 8}],
  "relations": [{"type": "Work_For", "head": 0, "tail": 1}]},
 {"tokens": ["Bo", "Lund", "wrote", "a", "song", "about", "rain", "and", "Oslo", "."],
  "entities": [{"type": "Peop", "start": 0, "end": 2}, {"type": "Loc", "start": 8, "end": 9}],
  "relations": [{"type": "Live_In", "head": 0, "tail": 1}]}
]`
	if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	errFile := filepath.Join(dir, "errors.txt")
	entFile := filepath.Join(dir, "entities.txt")
	code, out, stderr := kgraph(t, context.Background(), "", "eval", "rel", "--errors", errFile, "--entity-errors", entFile, file)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"GOLD entities", "END TO END (predicted entities, conll04 convention)",
		"END TO END (predicted entities, conll2003 convention)", "entities, END TO END", "PER/ORG/LOC micro"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if i, j := strings.Index(out, "conll04 convention"), strings.Index(out, "conll2003 convention"); i > j {
		t.Errorf("conll04 table should come first:\n%s", out)
	}
	listing, err := os.ReadFile(errFile)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(listing), `MISSED LIVES_IN("Bo Lund", "Oslo")`) ||
		!strings.Contains(string(listing), "#1: Bo Lund wrote a song") || strings.Contains(string(listing), "Ann Smith") {
		t.Errorf("error listing:\n%s", listing)
	}
	// The entity listing names only entities the recognizer got wrong;
	// every gold entity here is an ordinary name.
	if ents, err := os.ReadFile(entFile); err != nil {
		t.Fatal(err)
	} else if strings.Contains(string(ents), "Ann Smith") || strings.Contains(string(ents), "General Motors") {
		t.Errorf("entity error listing:\n%s", ents)
	}
	code, out, stderr = kgraph(t, context.Background(), "", "eval", "rel", "--convention", "conll2003", file)
	if code != 0 || strings.Contains(out, "conll04 convention") || !strings.Contains(out, "conll2003 convention") {
		t.Errorf("--convention conll2003: exit %d, %s %s", code, out, stderr)
	}
}

// TestTrainRelCV cross-validates on sentences of our own: --cv prints the
// gold-entity table (no end-to-end one without --fold-ner), writes no
// model, and --errors lists the held-out errors.
func TestTrainRelCV(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "train.json")
	var sents []string
	names := []string{"Ann Lee", "Bo Chen", "Cy Diaz", "Di Evans", "Ed Fox", "Flo Gray"}
	orgs := []string{"Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay"}
	for i, n := range names {
		toks := strings.Fields(n + " , a manager at " + orgs[i] + " , said it rained .")
		sents = append(sents, `{"tokens":["`+strings.Join(toks, `","`)+
			`"],"entities":[{"type":"Peop","start":0,"end":2},{"type":"Org","start":6,"end":7}],"relations":[{"type":"Work_For","head":0,"tail":1}]}`)
		toks = strings.Fields(n + " criticized " + orgs[i] + " yesterday .")
		sents = append(sents, `{"tokens":["`+strings.Join(toks, `","`)+
			`"],"entities":[{"type":"Peop","start":0,"end":2},{"type":"Org","start":3,"end":4}],"relations":[]}`)
	}
	if err := os.WriteFile(file, []byte("["+strings.Join(sents, ",\n")+"]"), 0o644); err != nil {
		t.Fatal(err)
	}
	errFile := filepath.Join(dir, "errors.txt")
	code, out, stderr := kgraph(t, context.Background(), "", "train", "rel", "--train", file, "--cv", "3", "--errors", errFile)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "3-fold cross-validation") || !strings.Contains(out, "cross-validation, gold entities") ||
		strings.Contains(out, "END TO END") || !strings.Contains(out, "WORKS_FOR") {
		t.Errorf("output:\n%s", out)
	}
	if _, err := os.Stat(errFile); err != nil {
		t.Errorf("no error listing: %v", err)
	}
	if code, _, _ := kgraph(t, context.Background(), "", "train", "rel", "--train", file); code == 0 {
		t.Error("neither --out nor --cv: want a failure")
	}
	// --errors lists cross-validation errors only: without --cv it would
	// be ignored, and the training run is refused before it starts.
	noCV := filepath.Join(dir, "nocv.txt")
	if code, _, _ := kgraph(t, context.Background(), "", "train", "rel", "--train", file, "--out", dir, "--errors", noCV); code == 0 {
		t.Error("--errors without --cv: want a failure")
	}
}
