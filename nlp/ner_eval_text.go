package nlp

import (
	"strings"
	"time"
	"unicode/utf8"
)

// EvalNERText scores the whole pipeline p the way its users and the
// project's scoring convention see it: each CoNLL document becomes one text
// (tokens joined by single spaces, sentences by newlines), p.Process splits,
// tokenizes, tags, recognizes and resolves it, and a predicted mention
// counts when its character span and type equal a gold entity's. Unlike
// EvalNER it does not hand the recognizer the gold tokens and sentences, so
// tokenization and sentence-splitting errors count. Coreferent mentions are
// not scored. It returns the scores, the number of gold tokens and the
// time Process took.
func EvalNERText(p *Pipeline, path string) (NERScores, int, time.Duration, error) {
	var sc NERScores
	docs, err := ReadCoNLL(path)
	if err != nil {
		return sc, 0, 0, err
	}
	type key struct{ a, b, t int }
	tokens := 0
	var elapsed time.Duration
	for di, d := range docs {
		var text strings.Builder
		gold := map[key]bool{}
		off := 0
		for si, s := range d.Sentences {
			if si > 0 {
				text.WriteByte('\n')
				off++
			}
			starts := make([]int, len(s.Words))
			ends := make([]int, len(s.Words))
			for i, w := range s.Words {
				if i > 0 {
					text.WriteByte(' ')
					off++
				}
				text.WriteString(w)
				starts[i] = off
				off += utf8.RuneCountInString(w)
				ends[i] = off
			}
			tokens += len(s.Words)
			for _, sp := range IOBSpans(s.Labels) {
				if t := nerShortType(sp.Type); t >= 0 {
					gold[key{starts[sp.Start], ends[sp.End-1], t}] = true
					sc.ByType[t].Gold++
				}
			}
		}
		t0 := time.Now()
		doc, err := p.Process(itoaID(di), text.String())
		elapsed += time.Since(t0)
		if err != nil {
			return sc, tokens, elapsed, err
		}
		for _, m := range doc.Mentions {
			if m.Coref {
				continue
			}
			t := nerTypeIndex(m.Type)
			if t < 0 {
				continue
			}
			sc.ByType[t].Pred++
			if gold[key{m.Start, m.End, t}] {
				sc.ByType[t].TP++
			}
		}
	}
	return sc, tokens, elapsed, nil
}

func itoaID(i int) string {
	var b [20]byte
	n := len(b)
	for {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
		if i == 0 {
			return "doc" + string(b[n:])
		}
	}
}
