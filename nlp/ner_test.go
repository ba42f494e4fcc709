package nlp

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// The golden files under testdata/ner are rewritten with -update (a flag
// shared with the other golden tests of the package).
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files")
	}
}

func nerUpdate() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// nerSharedData returns the shared data directory or skips the test.
func nerSharedData(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("KGRAPH_SHARED_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "data")
	}
	if _, err := os.Stat(filepath.Join(dir, "conll2003", "conllpp_dev.txt")); err != nil {
		t.Skipf("shared data not available: %v", err)
	}
	return dir
}

func TestIOBSpans(t *testing.T) {
	tests := []struct {
		labels []string
		want   []CoNLLSpan
	}{
		{[]string{"O", "O"}, nil},
		{[]string{"B-PER", "I-PER", "O"}, []CoNLLSpan{{0, 2, "PER"}}},
		{[]string{"B-PER", "B-PER"}, []CoNLLSpan{{0, 1, "PER"}, {1, 2, "PER"}}},
		{[]string{"I-ORG", "I-ORG", "I-LOC"}, []CoNLLSpan{{0, 2, "ORG"}, {2, 3, "LOC"}}},
		{[]string{"B-LOC", "O", "I-LOC"}, []CoNLLSpan{{0, 1, "LOC"}, {2, 3, "LOC"}}},
		{[]string{"O", "B-MISC", "I-MISC", "I-MISC"}, []CoNLLSpan{{1, 4, "MISC"}}},
	}
	for _, tt := range tests {
		if got := IOBSpans(tt.labels); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("IOBSpans(%v) = %v, want %v", tt.labels, got, tt.want)
		}
	}
}

func TestBILOURoundTrip(t *testing.T) {
	tests := [][]string{
		{"B-PER", "I-PER", "I-PER", "O", "B-ORG"},
		{"B-LOC", "B-LOC", "I-LOC", "O"},
		{"O", "O"},
		{"B-MISC"},
	}
	for _, labels := range tests {
		var got []CoNLLSpan
		nerForSpans(nerBilou(labels), func(a, b, typ int) {
			got = append(got, CoNLLSpan{a, b, nerShortNames[typ]})
		})
		if want := IOBSpans(labels); !reflect.DeepEqual(got, want) {
			t.Errorf("%v: BILOU spans %v, want %v", labels, got, want)
		}
	}
}

// TestViterbiValid checks that decoding yields valid BILOU sequences
// whatever the scores.
func TestViterbiValid(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var trans [nerNLabels * nerNLabels]float32
	for i := range trans {
		trans[i] = float32(rng.NormFloat64())
	}
	for trial := 0; trial < 500; trial++ {
		n := 1 + rng.IntN(12)
		emit := make([]float32, n*nerNLabels)
		for i := range emit {
			emit[i] = float32(rng.NormFloat64() * 5)
		}
		out := make([]uint8, n)
		nerViterbi(emit, n, &trans, out, make([]uint8, n*nerNLabels))
		if !nerCanStart(int(out[0])) || !nerCanEnd(int(out[n-1])) {
			t.Fatalf("invalid start or end: %v", out)
		}
		for i := 1; i < n; i++ {
			if !nerAllowed[int(out[i-1])*nerNLabels+int(out[i])] {
				t.Fatalf("invalid transition at %d: %v", i, out)
			}
		}
	}
	// With transitions all zero the best path is the best valid one:
	// strong U-PER emissions on one token must be decoded as U-PER.
	clear(trans[:])
	emit := make([]float32, 3*nerNLabels)
	emit[1*nerNLabels+int(nerLabel(0, nerPosU))] = 10
	out := make([]uint8, 3)
	nerViterbi(emit, 3, &trans, out, make([]uint8, 3*nerNLabels))
	if out[1] != nerLabel(0, nerPosU) || out[0] != 0 || out[2] != 0 {
		t.Errorf("got %v, want [0 U-PER 0]", out)
	}
}

const nerTinyCorpus = `-DOCSTART- -X- -X- O

Alice NNP B-NP B-PER
Walker NNP I-NP I-PER
joined VBD B-VP O
Zentrix NNP B-NP B-ORG
Labs NNPS I-NP I-ORG
in IN B-PP O
Lisbon NNP B-NP B-LOC
. . O O

The DT B-NP O
Zentrix NNP I-NP B-ORG
team NN I-NP O
likes VBZ B-VP O
Alice NNP B-NP B-PER
. . O O

-DOCSTART- -X- -X- O

Bruno NNP B-NP B-PER
Costa NNP I-NP I-PER
visited VBD B-VP O
Porto NNP B-NP B-LOC
with IN B-PP O
Quorra NNP B-NP B-ORG
Systems NNPS I-NP I-ORG
staff NN I-NP O
. . O O
`

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadCoNLL(t *testing.T) {
	p := writeTemp(t, "tiny.txt", nerTinyCorpus)
	docs, err := ReadCoNLL(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || len(docs[0].Sentences) != 2 || len(docs[1].Sentences) != 1 {
		t.Fatalf("got %d docs", len(docs))
	}
	s := docs[0].Sentences[0]
	if s.Words[3] != "Zentrix" || s.POS[3] != "NNP" || s.Labels[4] != "I-ORG" {
		t.Errorf("sentence = %+v", s)
	}
	if _, err := ReadCoNLL(filepath.Join(t.TempDir(), "missing")); !errors.Is(err, ErrBadCorpus) {
		t.Errorf("missing file: err = %v, want ErrBadCorpus", err)
	}
	if _, err := ReadCoNLL(writeTemp(t, "bad.txt", "oneword\n")); !errors.Is(err, ErrBadCorpus) {
		t.Errorf("one column: err = %v, want ErrBadCorpus", err)
	}
}

func TestReadWikiANN(t *testing.T) {
	p := writeTemp(t, "train", "en:Grace\tB-PER\nen:Hopper\tI-PER\nen:coded\tO\n\nen:Paris\tB-LOC\n")
	sents, err := ReadWikiANN(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(sents) != 2 || sents[0].Words[1] != "Hopper" || sents[1].Labels[0] != "B-LOC" {
		t.Errorf("got %+v", sents)
	}
}

func TestLoadRecognizerErrors(t *testing.T) {
	if _, err := LoadRecognizer(t.TempDir()); !errors.Is(err, ErrNoModel) {
		t.Errorf("empty dir: err = %v, want ErrNoModel", err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, nerModelFile), []byte("not a model"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadRecognizer(dir); !errors.Is(err, ErrBadModel) {
		t.Errorf("garbage: err = %v, want ErrBadModel", err)
	}
	good, _ := os.ReadFile(filepath.Join("model", nerModelFile))
	if len(good) > 100 {
		if err := os.WriteFile(filepath.Join(dir, nerModelFile), good[:len(good)/2], 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadRecognizer(dir); !errors.Is(err, ErrBadModel) {
			t.Errorf("truncated: err = %v, want ErrBadModel", err)
		}
	}
}

// sentencesOf builds analyzer-style sentences from space-separated words
// with the given POS tags.
func sentencesOf(words [][]string, tags [][]string) []Sentence {
	var out []Sentence
	off := 0
	for i, ws := range words {
		s := Sentence{Start: off}
		for j, w := range ws {
			if j > 0 {
				off++
			}
			s.Tokens = append(s.Tokens, Token{Text: w, Start: off, End: off + len(w), Tag: tags[i][j]})
			off += len(w)
		}
		s.End = off
		s.Text = strings.Join(ws, " ")
		off++
		out = append(out, s)
	}
	return out
}

// TestTrainTinySaveLoad trains on a tiny corpus, checks that it learned
// its training sentences and that a saved and reloaded model agrees.
func TestTrainTinySaveLoad(t *testing.T) {
	var corpus strings.Builder
	for i := 0; i < 5; i++ {
		corpus.WriteString(nerTinyCorpus)
	}
	p := writeTemp(t, "train.txt", corpus.String())
	rec, err := TrainNER(NERTrainOptions{Train: p, Epochs: 6, CorpusPOS: true})
	if err != nil {
		t.Fatal(err)
	}
	sents := conllDocSentences(t, p, 1)
	got := rec.Recognize(sents)
	var spans []string
	for _, m := range got {
		spans = append(spans, fmt.Sprintf("%s:%d-%d", m.Type, m.TokStart, m.TokEnd))
		if m.Confidence <= 0 || m.Confidence > 1 {
			t.Errorf("confidence %v out of (0, 1]", m.Confidence)
		}
	}
	want := []string{"PERSON:0-2", "LOCATION:3-4", "ORG:5-7"}
	if !reflect.DeepEqual(spans, want) {
		t.Errorf("trained model found %v, want %v", spans, want)
	}
	back := saveAndReload(t, rec)
	if again := back.Recognize(sents); !reflect.DeepEqual(again, got) {
		t.Errorf("reloaded model: %+v, want %+v", again, got)
	}
	if ms := rec.Recognize(nil); len(ms) != 0 {
		t.Errorf("no sentences: %v", ms)
	}
	if ms := rec.Recognize([]Sentence{{}}); len(ms) != 0 {
		t.Errorf("empty sentence: %v", ms)
	}
}

// BenchmarkRecognizerLoad measures decoding the embedded model (the
// target is <= 300 ms, once per process):
// go test -run XXX -bench RecognizerLoad -cpu 1 ./nlp/
func BenchmarkRecognizerLoad(b *testing.B) {
	m, err := embeddedModel.ReadFile("model/" + nerModelFile)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		if _, err := decodeRecognizer(m); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/load")
}

func TestDefaultRecognizerLoad(t *testing.T) {
	b, err := embeddedModel.ReadFile("model/" + nerModelFile)
	if err != nil {
		t.Fatalf("embedded model missing: %v", err)
	}
	if len(b) > 25<<20 {
		t.Errorf("embedded model is %d bytes, want < 25 MB", len(b))
	}
	r1, err := DefaultRecognizer()
	if err != nil {
		t.Fatal(err)
	}
	if r2, _ := DefaultRecognizer(); r2 != r1 {
		t.Error("DefaultRecognizer loaded twice")
	}
}

// analyzeForNER runs the analyzer over text for the recognizer.
func analyzeForNER(t testing.TB, text string) *Document {
	t.Helper()
	doc, err := Analyze("ner-test", text)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestRecognizeExamples(t *testing.T) {
	rec, err := DefaultRecognizer()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		want []string // "TYPE text"
	}{
		{"VMware's Steve Herrod met XenSource and IBM engineers; Rusty Russell proposed paravirt-ops for the Linux kernel, and Microsoft shipped Virtual Server.",
			[]string{"PERSON Steve Herrod", "ORG XenSource", "ORG IBM", "PERSON Rusty Russell", "ORG Microsoft"}},
		{"Shares of General Motors fell in New York after Mary Barra spoke.",
			[]string{"ORG General Motors", "LOCATION New York", "PERSON Mary Barra"}},
	}
	for _, tt := range tests {
		doc := analyzeForNER(t, tt.text)
		rs := []rune(doc.Text)
		got := map[string]bool{}
		for _, m := range rec.Recognize(doc.Sentences) {
			got[m.Type+" "+string(rs[m.Start:m.End])] = true
		}
		for _, w := range tt.want {
			if !got[w] {
				t.Errorf("%q: missing %q (got %v)", tt.text, w, got)
			}
		}
	}
}

func TestRecognizeConcurrent(t *testing.T) {
	rec, err := DefaultRecognizer()
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{
		"Angela Merkel met Emmanuel Macron in Berlin on Tuesday.",
		"Siemens and Alstom agreed to merge their rail businesses, a Siemens spokesman said.",
		"the quick brown fox jumps over the lazy dog.",
	}
	var docs []*Document
	var want [][]Mention
	for _, tx := range texts {
		d := analyzeForNER(t, tx)
		docs = append(docs, d)
		want = append(want, rec.Recognize(d.Sentences))
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for k := 0; k < 50; k++ {
				i := (g + k) % len(docs)
				if got := rec.Recognize(docs[i].Sentences); !reflect.DeepEqual(got, want[i]) {
					errs <- fmt.Sprintf("doc %d: %v, want %v", i, got, want[i])
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// nerGoldenMention is one line of a *.golden.json file.
type nerGoldenMention struct {
	Text       string  `json:"text"`
	Type       string  `json:"type"`
	Start      int     `json:"start"`
	End        int     `json:"end"`
	Confidence float64 `json:"confidence"`
}

// TestNERGolden runs the analyzer and the embedded recognizer over the
// texts in testdata/ner and compares with the *.golden.json files
// (rewrite them with -update after checking the differences).
func TestNERGolden(t *testing.T) {
	rec, err := DefaultRecognizer()
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "ner", "*.txt"))
	if len(files) == 0 {
		t.Fatal("no golden texts")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			text, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			doc := analyzeForNER(t, string(text))
			rs := []rune(doc.Text)
			got := []nerGoldenMention{}
			for _, m := range rec.Recognize(doc.Sentences) {
				got = append(got, nerGoldenMention{Text: string(rs[m.Start:m.End]), Type: m.Type,
					Start: m.Start, End: m.End, Confidence: float64(int(m.Confidence*100)) / 100})
			}
			var buf bytes.Buffer
			buf.WriteString("[\n")
			for i, m := range got {
				b, _ := json.Marshal(m)
				buf.Write(b)
				if i < len(got)-1 {
					buf.WriteByte(',')
				}
				buf.WriteByte('\n')
			}
			buf.WriteString("]\n")
			golden := strings.TrimSuffix(f, ".txt") + ".golden.json"
			if nerUpdate() {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			var wantMs []nerGoldenMention
			if err := json.Unmarshal(want, &wantMs); err != nil {
				t.Fatal(err)
			}
			// Spans and types must match exactly; confidence within 0.05.
			if len(wantMs) != len(got) {
				t.Fatalf("got %d mentions, want %d:\n%s", len(got), len(wantMs), buf.String())
			}
			for i := range got {
				g, w := got[i], wantMs[i]
				if g.Text != w.Text || g.Type != w.Type || g.Start != w.Start || g.End != w.End ||
					g.Confidence-w.Confidence > 0.05 || w.Confidence-g.Confidence > 0.05 {
					t.Errorf("mention %d = %+v, want %+v", i, g, w)
				}
			}
		})
	}
}

// TestNERDevTargets scores the embedded model on CoNLL++ dev (skipped
// without the shared data).
func TestNERDevTargets(t *testing.T) {
	dir := nerSharedData(t)
	rec, err := DefaultRecognizer()
	if err != nil {
		t.Fatal(err)
	}
	res, err := EvalNER(rec, filepath.Join(dir, "conll2003", "conllpp_dev.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	WriteNEREval(&buf, res)
	t.Log("\n" + buf.String())
	if f := res.Scores.Micro2().F1(); f < 0.90 {
		t.Errorf("PERSON+ORG micro F1 = %.4f, want >= 0.90", f)
	}
	if f := res.Scores.Micro3().F1(); f < 0.88 {
		t.Errorf("PER/ORG/LOC micro F1 = %.4f, want >= 0.88", f)
	}
}

// TestRetrainEmbeddedNER rebuilds model/ner.model from the shared data
// when KGRAPH_NER_RETRAIN=1 (see ner_doc.go).
func TestRetrainEmbeddedNER(t *testing.T) {
	if os.Getenv("KGRAPH_NER_RETRAIN") != "1" {
		t.Skip("set KGRAPH_NER_RETRAIN=1 to rebuild the embedded model")
	}
	dir := nerSharedData(t)
	rec, err := TrainNER(ShippedNEROptions(dir))
	if err != nil {
		t.Fatal(err)
	}
	if err := rec.Save("model"); err != nil {
		t.Fatal(err)
	}
	res, err := EvalNER(rec, filepath.Join(dir, "conll2003", "conllpp_dev.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	WriteNEREval(&buf, res)
	t.Log("\n" + buf.String())
}

// BenchmarkRecognize measures the recognizer alone on analyzed text (the
// golden texts, or CoNLL++ dev when the shared data is present).
func BenchmarkRecognize(b *testing.B) {
	rec, err := DefaultRecognizer()
	if err != nil {
		b.Fatal(err)
	}
	var docs [][]Sentence
	ntok := 0
	files, _ := filepath.Glob(filepath.Join("testdata", "ner", "*.txt"))
	for _, f := range files {
		text, _ := os.ReadFile(f)
		d := analyzeForNER(b, string(text))
		docs = append(docs, d.Sentences)
		ntok += d.TokenCount()
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			rec.Recognize(d)
		}
	}
	b.ReportMetric(float64(ntok)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// TestNEROutOfDomain scores the recognizer on the hand-annotated texts in
// testdata/ner (*.expected.json: PERSON, ORG and LOCATION mentions; MISC
// and products are not annotated, as in the CoNLL scoring convention).
// Matching is by type and surface text, as multisets. Set KGRAPH_NER_MODEL
// to a model directory to score another model.
func TestNEROutOfDomain(t *testing.T) {
	rec, err := DefaultRecognizer()
	if dir := os.Getenv("KGRAPH_NER_MODEL"); dir != "" {
		rec, err = LoadRecognizer(dir)
	}
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "ner", "*.expected.json"))
	if len(files) == 0 {
		t.Fatal("no expected files")
	}
	var total NERCounts
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var exp []nerGoldenMention
		if err := json.Unmarshal(b, &exp); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		text, err := os.ReadFile(strings.TrimSuffix(f, ".expected.json") + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{}
		var c NERCounts
		for _, m := range exp {
			want[m.Type+" "+m.Text]++
			c.Gold++
		}
		doc := analyzeForNER(t, string(text))
		rs := []rune(doc.Text)
		var wrong []string
		for _, m := range rec.Recognize(doc.Sentences) {
			if m.Type == "MISC" {
				continue
			}
			k := m.Type + " " + string(rs[m.Start:m.End])
			c.Pred++
			if want[k] > 0 {
				want[k]--
				c.TP++
			} else {
				wrong = append(wrong, k)
			}
		}
		var missed []string
		for k, n := range want {
			for ; n > 0; n-- {
				missed = append(missed, k)
			}
		}
		t.Logf("%s: P %.2f R %.2f F1 %.2f; spurious %q; missed %q", filepath.Base(f),
			c.Precision(), c.Recall(), c.F1(), wrong, missed)
		total = total.Add(c)
	}
	t.Logf("all: P %.3f R %.3f F1 %.3f (%d gold)", total.Precision(), total.Recall(), total.F1(), total.Gold)
	if total.F1() < 0.75 {
		t.Errorf("out-of-domain F1 %.3f < 0.75", total.F1())
	}
}

// BenchmarkLoadRecognizer measures decoding the embedded model.
func BenchmarkLoadRecognizer(b *testing.B) {
	data, err := embeddedModel.ReadFile("model/" + nerModelFile)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		if _, err := decodeRecognizer(data); err != nil {
			b.Fatal(err)
		}
	}
}

// saveAndReload saves rec to a temporary directory and loads it back.
func saveAndReload(t *testing.T, rec *Recognizer) *Recognizer {
	t.Helper()
	dir := t.TempDir()
	if err := rec.Save(dir); err != nil {
		t.Fatal(err)
	}
	back, err := LoadRecognizer(dir)
	if err != nil {
		t.Fatal(err)
	}
	return back
}

// conllDocSentences returns document i of the CoNLL file at path as
// sentences with the file's tokens and POS tags.
func conllDocSentences(t *testing.T, path string, i int) []Sentence {
	t.Helper()
	docs, err := ReadCoNLL(path)
	if err != nil || len(docs) <= i {
		t.Fatalf("reading %s: %d documents, %v", path, len(docs), err)
	}
	var words, tags [][]string
	for _, s := range docs[i].Sentences {
		words = append(words, s.Words)
		tags = append(tags, s.POS)
	}
	return sentencesOf(words, tags)
}
