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

// TestTrainNERAverage trains recognizers on a tiny corpus of our own and
// averages them: ner-average writes and scores the average, refuses models
// of different shapes and a single model, and train ner --average-runs
// trains and averages in one step.
func TestTrainNERAverage(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "train.txt")
	var b strings.Builder
	for i, n := range []string{"Ann Lee", "Bo Chen", "Cy Diaz", "Di Evans"} {
		b.WriteString("-DOCSTART- -X- -X- O\n\n")
		w := strings.Fields(n)
		b.WriteString(w[0] + " NNP B-NP B-PER\n" + w[1] + " NNP I-NP I-PER\njoined VBD B-VP O\n")
		b.WriteString([]string{"Acme", "Globex", "Initech", "Hooli"}[i] + " NNP B-NP B-ORG\nin IN B-PP O\n")
		b.WriteString([]string{"Lisbon", "Oslo", "Paris", "Rome"}[i] + " NNP B-NP B-LOC\n. . O O\n\n")
	}
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	train := func(out string, extra ...string) {
		t.Helper()
		args := append([]string{"train", "ner", "--train", file, "--corpus-pos", "--epochs", "3", "--out", out}, extra...)
		if code, _, stderr := kgraph(t, context.Background(), "", args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
	}
	m1, m2, m3 := filepath.Join(dir, "m1"), filepath.Join(dir, "m2"), filepath.Join(dir, "one")
	train(m1, "--seed", "1")
	train(m2, "--seed", "2")
	train(m3, "--one-stage")
	avg := filepath.Join(dir, "avg")
	code, out, stderr := kgraph(t, context.Background(), "", "train", "ner-average", "--dev", file, "--corpus-pos", "--out", avg, m1, m2)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "PERSON+ORG micro") {
		t.Errorf("output:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(avg, "ner.model")); err != nil {
		t.Errorf("no averaged model: %v", err)
	}
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"different stages", []string{m1, m3}},
		{"one model", []string{m1}},
		{"missing model", []string{m1, filepath.Join(dir, "none")}},
	} {
		args := append([]string{"train", "ner-average", "--out", filepath.Join(dir, "bad")}, tc.args...)
		if code, _, _ := kgraph(t, context.Background(), "", args...); code == 0 {
			t.Errorf("%s: want a failure", tc.name)
		}
	}
	train(filepath.Join(dir, "runs"), "--average-runs", "2", "--seed", "1")
	if _, err := os.Stat(filepath.Join(dir, "runs", "ner.model")); err != nil {
		t.Errorf("--average-runs wrote no model: %v", err)
	}
}
