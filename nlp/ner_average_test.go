package nlp

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

// nerTestWeights builds a stage from float rows (label l of key k).
func nerTestWeights(rows map[uint64][nerNLabels]float32, trans float32) *nerWeights {
	p := &nerPerceptron{dict: map[uint64]int32{}}
	for k, row := range rows {
		p.dict[k] = int32(len(p.dict))
		p.w = append(p.w, row[:]...)
	}
	for i := range p.tw {
		p.tw[i] = trans
	}
	return p.quantize(1e-6)
}

// nerTestRow returns the dequantized row of key k (nil when absent).
func nerTestRow(st *nerWeights, k uint64) []float32 {
	r := st.lookup(k)
	if r < 0 {
		return nil
	}
	out := make([]float32, nerNLabels)
	for l := range out {
		out[l] = float32(st.w[int(r)*nerNLabels+l]) * st.scale
	}
	return out
}

func TestAverageRecognizers(t *testing.T) {
	row := func(vs ...float32) (r [nerNLabels]float32) {
		copy(r[:], vs)
		return r
	}
	a := &Recognizer{temp: 1, stages: []*nerWeights{nerTestWeights(map[uint64][nerNLabels]float32{
		10: row(1, -1), 20: row(0, 0.08), 30: row(2, 0, 0, 4)}, 1)}}
	b := &Recognizer{temp: 3, stages: []*nerWeights{nerTestWeights(map[uint64][nerNLabels]float32{
		10: row(3, 1), 40: row(0, -0.5), 30: row(2, 0, 0, 4)}, 3)}}
	for _, tc := range []struct {
		name  string
		recs  []*Recognizer
		prune float64
		temp  float32
		trans float32
		want  map[uint64][]float32 // nil: key absent
	}{
		{"itself", []*Recognizer{a, a, a}, 0, 1, 1, map[uint64][]float32{
			10: {1, -1}, 20: {0, 0.08}, 30: {2, 0, 0, 4}, 40: nil}},
		{"two", []*Recognizer{a, b}, 0, 2, 2, map[uint64][]float32{
			10: {2, 0}, 20: {0, 0.04}, 30: {2, 0, 0, 4}, 40: {0, -0.25}}},
		{"two pruned", []*Recognizer{a, b}, 0.05, 2, 2, map[uint64][]float32{
			10: {2, 0}, 20: nil, 30: {2, 0, 0, 4}, 40: {0, -0.25}}},
		{"pruned harder", []*Recognizer{a, b}, 0.3, 2, 2, map[uint64][]float32{
			10: {2, 0}, 20: nil, 30: {2, 0, 0, 4}, 40: nil}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := AverageRecognizers(tc.recs, tc.prune)
			if err != nil {
				t.Fatal(err)
			}
			if got.temp != tc.temp {
				t.Errorf("temperature %v, want %v", got.temp, tc.temp)
			}
			st := got.stages[0]
			if st.trans[5] != tc.trans {
				t.Errorf("transition %v, want %v", st.trans[5], tc.trans)
			}
			for k, want := range tc.want {
				r := nerTestRow(st, k)
				if want == nil {
					if r != nil {
						t.Errorf("key %d: %v, want absent", k, r)
					}
					continue
				}
				if r == nil {
					t.Errorf("key %d absent, want %v", k, want)
					continue
				}
				for l, v := range r {
					var w float32
					if l < len(want) {
						w = want[l]
					}
					if math.Abs(float64(v-w)) > 1e-3 {
						t.Errorf("key %d label %d: %v, want %v", k, l, v, w)
					}
				}
			}
		})
	}
}

func TestAverageRecognizersMismatch(t *testing.T) {
	st := nerTestWeights(map[uint64][nerNLabels]float32{1: {1}}, 0)
	one := &Recognizer{temp: 1, stages: []*nerWeights{st}}
	two := &Recognizer{temp: 1, stages: []*nerWeights{st, st}}
	gaz := nerNewU8Tab(1)
	gaz.or(7, 1)
	withGaz := &Recognizer{temp: 1, stages: []*nerWeights{st}, gaz: gaz}
	lists := nerNewU8Tab(1)
	lists.or(7, 2)
	withLists := &Recognizer{temp: 1, stages: []*nerWeights{st}, lists: lists}
	conv, err := one.WithConvention(ConventionCoNLL04)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		recs []*Recognizer
		want string // "" for success
	}{
		{"none", nil, "no recognizers"},
		{"stages", []*Recognizer{one, two}, "stages"},
		{"gazetteer", []*Recognizer{one, withGaz}, "gazetteer"},
		{"lists", []*Recognizer{withLists, one}, "name lists"},
		{"convention", []*Recognizer{one, conv}, "convention"},
		{"same gazetteer", []*Recognizer{withGaz, withGaz}, ""},
		{"one", []*Recognizer{two}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := AverageRecognizers(tc.recs, 0)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("error %v", err)
			case tc.want != "" && (!errors.Is(err, ErrBadModel) || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v, want ErrBadModel with %q", err, tc.want)
			}
		})
	}
}

// TestTrainNERRuns trains three runs on the tiny corpus and averages them:
// the average finds what one run finds and survives saving, and averaging
// saved runs of the same options gives the same model.
func TestTrainNERRuns(t *testing.T) {
	var corpus strings.Builder
	for i := 0; i < 5; i++ {
		corpus.WriteString(nerTinyCorpus)
	}
	p := writeTemp(t, "train.txt", corpus.String())
	rec, err := TrainNER(NERTrainOptions{Train: p, Epochs: 6, CorpusPOS: true, Runs: 3, Seed: 4, Dev: p})
	if err != nil {
		t.Fatal(err)
	}
	var runs []*Recognizer
	for s := uint64(4); s < 7; s++ {
		r, err := TrainNER(NERTrainOptions{Train: p, Epochs: 6, CorpusPOS: true, Seed: s})
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, r)
	}
	again, err := AverageRecognizers(runs, 0.05)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again.stages, rec.stages) {
		t.Error("averaging the runs one by one gives other weights than Runs: 3")
	}
	sents := conllDocSentences(t, p, 1)
	want := runs[0].Recognize(sents)
	got := rec.Recognize(sents)
	if len(got) != len(want) {
		t.Fatalf("averaged model found %d mentions, one run %d", len(got), len(want))
	}
	for i := range got {
		if got[i].Type != want[i].Type || got[i].TokStart != want[i].TokStart || got[i].TokEnd != want[i].TokEnd {
			t.Errorf("mention %d: %+v, one run %+v", i, got[i], want[i])
		}
	}
	back := saveAndReload(t, rec)
	if b := back.Recognize(sents); !reflect.DeepEqual(b, got) {
		t.Errorf("reloaded averaged model: %+v, want %+v", b, got)
	}
}
