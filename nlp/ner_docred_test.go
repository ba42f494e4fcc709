package nlp

import (
	"os"
	"path/filepath"
	"testing"
)

func TestEvalNERDocRED(t *testing.T) {
	dir := os.Getenv("KGRAPH_SHARED_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "data")
	}
	path := filepath.Join(dir, "re-docred", "dev_revised.json")
	if _, err := os.Stat(path); err != nil {
		t.Skip("no Re-DocRED dev file")
	}
	docs, err := ReadDocRED(path)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := DefaultRecognizer()
	if err != nil {
		t.Fatal(err)
	}
	res := EvalNERDocRED(rec, docs[:100])
	right, found := res.TypeAccuracy()
	f1 := res.Strict.Micro3().F1()
	t.Logf("100 documents: PER/ORG/LOC strict F1 %.3f, type accuracy %.3f (%d/%d)", f1, float64(right)/float64(found), right, found)
	if f1 < 0.5 || found == 0 || float64(right)/float64(found) < 0.6 {
		t.Errorf("Re-DocRED dev typing below floor")
	}
}
