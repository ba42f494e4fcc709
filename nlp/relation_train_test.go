package nlp

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// smallTrain is a toy CoNLL04 training set: "N , a manager at O , said it
// rained ." (WORKS_FOR) and "N criticized O yesterday ." (none).
func smallTrain() []CoNLL04Sentence {
	var out []CoNLL04Sentence
	names := []string{"Ann Lee", "Bo Chen", "Cy Diaz", "Di Evans", "Ed Fox", "Flo Gray"}
	orgs := []string{"Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay"}
	for i, n := range names {
		var s CoNLL04Sentence
		json := `{"tokens":["` + strings.Join(strings.Fields(n+" , a manager at "+orgs[i]+" , said it rained ."), `","`) +
			`"],"entities":[{"type":"Peop","start":0,"end":2},{"type":"Org","start":6,"end":7}],"relations":[{"type":"Work_For","head":0,"tail":1}]}`
		if err := jsonUnmarshal(json, &s); err != nil {
			panic(err)
		}
		out = append(out, s)
		var neg CoNLL04Sentence
		json = `{"tokens":["` + strings.Join(strings.Fields(n+" criticized "+orgs[i]+" yesterday ."), `","`) +
			`"],"entities":[{"type":"Peop","start":0,"end":2},{"type":"Org","start":3,"end":4}],"relations":[]}`
		if err := jsonUnmarshal(json, &neg); err != nil {
			panic(err)
		}
		out = append(out, neg)
	}
	return out
}

func TestTrainRunsAverage(t *testing.T) {
	train := smallTrain()
	one := func(seed int64) []float32 {
		x, err := TrainRelationModel(train, nil, RelTrainOptions{Epochs: 4, Bits: 12, Runs: 1, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		return x.model.w
	}
	w0, w1, w2 := one(0), one(1), one(2)
	differ := false
	for i := range w0 {
		if w0[i] != w1[i] {
			differ = true
			break
		}
	}
	if !differ {
		t.Fatal("runs with different seeds gave the same weights: the seed does not reach the shuffle")
	}
	x, err := TrainRelationModel(train, nil, RelTrainOptions{Epochs: 4, Bits: 12, Runs: 3})
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range x.model.w {
		avg := (w0[i] + w1[i] + w2[i]) / 3
		if math.Abs(float64(w-avg)) > 3e-4 {
			t.Fatalf("weight %d: %g, want the average of three runs %g", i, w, avg)
		}
	}
}

func TestChooseThreshold(t *testing.T) {
	sc := func(ps ...any) []relScored {
		var out []relScored
		for i := 0; i < len(ps); i += 2 {
			out = append(out, relScored{ps[i].(float64), ps[i+1].(bool)})
		}
		return out
	}
	tests := []struct {
		name           string
		ps             []relScored
		fixTP, fixN, g int
		minP           float64
		thr            float64
		ok             bool
	}{
		{"all right: lowest that keeps precision", sc(0.9, true, 0.8, true, 0.7, true, 0.6, false, 0.55, true), 0, 0, 4, 0.8, 0.55, true},
		{"precision floor cuts the tail", sc(0.9, true, 0.8, true, 0.7, true, 0.65, false, 0.6, false, 0.52, true), 0, 0, 6, 0.8, 0.7, true},
		{"never below 0.5", sc(0.9, true, 0.8, true, 0.4, true, 0.3, true), 0, 0, 4, 0.8, 0.5, true},
		{"fewer than 3 right: best F0.5, not ok", sc(0.9, true, 0.6, false), 0, 0, 2, 0.8, 0.9, false},
		{"nothing right: never", sc(0.9, false, 0.7, false), 0, 0, 3, 0.8, 1, false},
		{"patterns' relations count", sc(0.9, false, 0.8, true), 4, 4, 6, 0.8, 0.8, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			thr, _, ok := chooseThreshold(tc.ps, tc.fixTP, tc.fixN, tc.g, tc.minP)
			if thr != tc.thr || ok != tc.ok {
				t.Errorf("got threshold %g ok %t, want %g %t", thr, ok, tc.thr, tc.ok)
			}
		})
	}
}

func TestThresholdsPooled(t *testing.T) {
	train := smallTrain()
	// Dev alone has one relation, too few for a precision-qualified
	// threshold; with three folds of train the pooled predictions have six.
	dev := train[:2]
	line := func(folds int) string {
		var log strings.Builder
		if _, err := TrainRelationModel(train, dev, RelTrainOptions{Epochs: 4, Bits: 12, Runs: 1, CVFolds: folds, Log: &log}); err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(log.String(), "\n") {
			if strings.HasPrefix(l, "threshold WORKS_FOR") {
				return l
			}
		}
		t.Fatalf("no WORKS_FOR threshold in the log:\n%s", log.String())
		return ""
	}
	if l := line(-1); !strings.HasSuffix(l, "precision>=0.80: false)") {
		t.Errorf("dev alone: %s", l)
	}
	if l := line(3); !strings.HasSuffix(l, "precision>=0.80: true)") {
		t.Errorf("dev and 3 folds of train: %s", l)
	}
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

func TestRelInstancesPredicted(t *testing.T) {
	doc := markedDoc(t, "p", "[[Ann Lee|PERSON]] , a manager at [[Acme|ORG]] Corp , spoke on [[Monday|ORG]] .")
	i := strings.Index(doc.Text, "Ann Lee")
	j := strings.Index(doc.Text, "Acme Corp")
	ents := [][2]int{{i, i + len("Ann Lee")}, {j, j + len("Acme Corp")}}
	gold := map[relKey]bool{{"WORKS_FOR", ents[0][0], ents[0][1], ents[1][0], ents[1][1]}: true}
	m := newRelModel(12, defaultRelTypes)
	if all := relInstances(m, doc, gold, 40); len(all) != 2 {
		t.Fatalf("relInstances: %d pairs, want 2", len(all))
	}
	got := relInstancesPredicted(m, doc, gold, ents, 40)
	// "Acme" only partly matches "Acme Corp": its pair is left out; the
	// spurious "Monday" stays, as a pair in no relation.
	if len(got) != 1 || got[0].gold != 0 || got[0].b != "ORG" {
		t.Errorf("got %d pairs %+v, want the one with Monday, unrelated", len(got), got)
	}
}

func TestTrainDocsAcrossFolds(t *testing.T) {
	train := smallTrain()
	calls := make([]int, len(train))
	_, err := TrainRelationModel(train, train[:2], RelTrainOptions{Epochs: 2, Bits: 12, Runs: 1, CVFolds: 3,
		TrainDocs: func(i int) (*Document, error) {
			calls[i]++
			return train[i].GoldDocument("t")
		}})
	if err != nil {
		t.Fatal(err)
	}
	// Once for the model, and once in each of the two folds that train on it.
	for i, n := range calls {
		if n != 3 {
			t.Errorf("sentence %d: TrainDocs called %d times, want 3", i, n)
		}
	}
}

func TestCrossValidateRelations(t *testing.T) {
	train := smallTrain()
	if _, err := CrossValidateRelations(train, RelTrainOptions{}, 1); err == nil {
		t.Fatal("one fold: want an error")
	}
	s, err := CrossValidateRelations(train, RelTrainOptions{Epochs: 4, Bits: 12, Runs: 1}, 3)
	if err != nil {
		t.Fatal(err)
	}
	if s.EndToEnd != nil {
		t.Fatal("end-to-end scores without TrainDocs")
	}
	w := s.Gold.Types["WORKS_FOR"]
	if w.TP+w.FN != len(train)/2 {
		t.Fatalf("gold WORKS_FOR scored %d, want every held-out relation once (%d)", w.TP+w.FN, len(train)/2)
	}
	if w.TP == 0 {
		t.Fatalf("no held-out WORKS_FOR found: %+v", *w)
	}
	// End to end on the sentences' own gold mentions: the same relations.
	s, err = CrossValidateRelations(train, RelTrainOptions{Epochs: 4, Bits: 12, Runs: 1,
		TrainDocs: func(i int) (*Document, error) { return train[i].GoldDocument("t") }}, 3)
	if err != nil {
		t.Fatal(err)
	}
	if e := s.EndToEnd.Types["WORKS_FOR"]; e.TP+e.FN != len(train)/2 {
		t.Fatalf("end to end WORKS_FOR scored %d, want %d", e.TP+e.FN, len(train)/2)
	}
}
