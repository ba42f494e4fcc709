package nlp

import (
	"fmt"
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
	p := benchPipeline(b)
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

// BenchmarkLongSentence runs the whole pipeline over texts that are one
// sentence of n words, a third of them names: tokens/s should not fall
// with n (the pattern matcher, coreference, pair features and mention texts
// index each sentence's mentions instead of scanning them per token).
// go test -run XXX -bench LongSentence -cpu 1 ./nlp/
func BenchmarkLongSentence(b *testing.B) {
	names := []string{"John Smith", "IBM", "Paris", "Mary Jones", "Red Hat", "Berlin", "Acme Corp.", "Tom Lee", "London", "XenSource"}
	words := []string{"and", "the", "met", "with", "of", "in", "said", "at", "for", "a"}
	p := benchPipeline(b)
	for _, n := range []int{2000, 8000, 32000} {
		var sb strings.Builder
		for i := 0; i < n; i++ {
			if i > 0 {
				sb.WriteByte(' ')
			}
			if i%3 == 0 {
				sb.WriteString(names[(i*7)%len(names)])
			} else {
				sb.WriteString(words[(i*5)%len(words)])
			}
		}
		text := sb.String()
		b.Run(fmt.Sprint(n, "words"), func(b *testing.B) {
			doc, err := p.Process("long", text)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := p.Process("long", text); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(doc.TokenCount()*b.N)/b.Elapsed().Seconds(), "tokens/s")
		})
	}
}

// benchPipeline returns the default pipeline with the embedded recognizer
// and relation extractor.
func benchPipeline(b *testing.B) *Pipeline {
	b.Helper()
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
	return p
}
