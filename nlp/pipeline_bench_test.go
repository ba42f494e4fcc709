package nlp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkPipeline runs the whole default pipeline (analysis, NER, name
// resolution, typed relations, co-mentions) over the golden NER texts,
// which are news, blog and Wikipedia-style prose written for kgraph.
// Run on one core: go test -bench Pipeline -cpu 1 ./nlp/
func BenchmarkPipeline(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join("testdata", "ner", "*.txt"))
	if len(files) == 0 {
		b.Skip("no texts under testdata/ner")
	}
	var texts []string
	for _, f := range files {
		t, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(t))
	}
	text := strings.Join(texts, "\n\n")
	rec, err := DefaultRecognizer()
	if err != nil {
		b.Fatal(err)
	}
	rel, err := DefaultRelationExtractor()
	if err != nil {
		b.Fatal(err)
	}
	opts := DefaultOptions()
	opts.Recognizer, opts.Relations = rec, rel
	p, err := New(opts)
	if err != nil {
		b.Fatal(err)
	}
	doc, err := p.Process("bench", text)
	if err != nil {
		b.Fatal(err)
	}
	n := doc.TokenCount()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := p.Process("bench", text); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "tokens/s")
}
