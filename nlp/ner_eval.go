package nlp

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"
	"unicode/utf8"
)

// NERCounts are the strict-span counts of one entity type: true positives,
// predicted and gold mentions.
type NERCounts struct {
	TP, Pred, Gold int
}

// Add returns the sum of two counts.
func (c NERCounts) Add(o NERCounts) NERCounts {
	return NERCounts{c.TP + o.TP, c.Pred + o.Pred, c.Gold + o.Gold}
}

// Precision is TP / Pred (0 when nothing was predicted).
func (c NERCounts) Precision() float64 { return nerRatio(c.TP, c.Pred) }

// Recall is TP / Gold (0 when there is no gold mention).
func (c NERCounts) Recall() float64 { return nerRatio(c.TP, c.Gold) }

// F1 is the harmonic mean of precision and recall.
func (c NERCounts) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func nerRatio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// NERScores holds counts per entity type, indexed like NERTypes.
type NERScores struct {
	ByType [nerTypes]NERCounts
}

// NERTypes are the entity types the recognizer outputs, in score order.
var NERTypes = nerTypeNames

// Type returns the counts of the named type (PERSON, ORG, LOCATION, MISC).
func (s NERScores) Type(name string) NERCounts {
	if i := nerTypeIndex(name); i >= 0 {
		return s.ByType[i]
	}
	return NERCounts{}
}

// Micro2 is the micro-average over PERSON and ORG.
func (s NERScores) Micro2() NERCounts { return s.ByType[0].Add(s.ByType[1]) }

// Micro3 is the micro-average over PERSON, ORG and LOCATION.
func (s NERScores) Micro3() NERCounts { return s.Micro2().Add(s.ByType[2]) }

// nerScoreLabels compares predicted BILOU labels with the gold labels of nd
// (token spans; equal to character spans over space-joined tokens).
func nerScoreLabels(nd *nerCorpus, pred [][]uint8) NERScores {
	var sc NERScores
	type key struct{ a, b, t int }
	for di := range nd.docs {
		if pred[di] == nil {
			continue
		}
		gold := map[key]bool{}
		nerForSpans(nd.gold[di], func(a, b, t int) {
			gold[key{a, b, t}] = true
			sc.ByType[t].Gold++
		})
		nerForSpans(pred[di], func(a, b, t int) {
			sc.ByType[t].Pred++
			if gold[key{a, b, t}] {
				sc.ByType[t].TP++
			}
		})
	}
	return sc
}

// NEREvalResult is the outcome of EvalNER.
type NEREvalResult struct {
	Scores        NERScores
	Tokens        int
	Documents     int
	TagTime       time.Duration // prose POS tagging of the corpus
	RecognizeTime time.Duration // Recognize alone, on one goroutine
	RecognizeCPU  time.Duration // process CPU time during RecognizeTime (robust to a busy machine)
	// ByConfidence counts PERSON/ORG/LOCATION predictions (Pred) and the
	// correct ones (TP) by confidence decile, to check calibration.
	ByConfidence [10]NERCounts
}

// RecognizerTokensPerSec is the recognizer's throughput.
func (r *NEREvalResult) RecognizerTokensPerSec() float64 {
	return float64(r.Tokens) / r.RecognizeTime.Seconds()
}

// PipelineTokensPerSec is the throughput of POS tagging plus recognition.
func (r *NEREvalResult) PipelineTokensPerSec() float64 {
	return float64(r.Tokens) / (r.RecognizeTime + r.TagTime).Seconds()
}

// EvalNER scores rec on a CoNLL file following the corpus README: each
// document's text is its tokens joined by single spaces and its sentences
// joined by newlines; a mention counts when its character span and type
// match a gold one exactly. POS tags come from prose, as at inference.
func EvalNER(rec *Recognizer, path string) (*NEREvalResult, error) {
	docs, err := ReadCoNLL(path)
	if err != nil {
		return nil, err
	}
	res := &NEREvalResult{Documents: len(docs)}
	// Build documents with prose tags (timed on one goroutine).
	runtime.GC()
	t0 := time.Now()
	tagged := make([][]Sentence, len(docs))
	type span struct{ a, b, t int }
	golds := make([]map[span]bool, len(docs))
	for di, d := range docs {
		off := 0
		gold := map[span]bool{}
		for _, s := range d.Sentences {
			sent := spacedSentence(s.Words, off)
			off = sent.End + 1 // newline between sentences
			for _, sp := range IOBSpans(s.Labels) {
				if t := nerShortType(sp.Type); t >= 0 {
					gold[span{sent.Tokens[sp.Start].Start, sent.Tokens[sp.End-1].End, t}] = true
					res.Scores.ByType[t].Gold++
				}
			}
			res.Tokens += len(s.Words)
			tagged[di] = append(tagged[di], sent)
		}
		golds[di] = gold
	}
	res.TagTime = time.Since(t0)
	// Warm up (model load, scratch buffers), then time recognition.
	if len(tagged) > 0 {
		rec.Recognize(tagged[0])
	}
	t1, c1 := time.Now(), nerCPUTime()
	mentions := make([][]Mention, len(docs))
	for di := range tagged {
		mentions[di] = rec.Recognize(tagged[di])
	}
	res.RecognizeTime = time.Since(t1)
	res.RecognizeCPU = nerCPUTime() - c1
	for di, ms := range mentions {
		for _, m := range ms {
			t := nerTypeIndex(m.Type)
			if t < 0 {
				continue
			}
			res.Scores.ByType[t].Pred++
			ok := golds[di][span{m.Start, m.End, t}]
			if ok {
				res.Scores.ByType[t].TP++
			}
			if t < 3 {
				b := min(9, int(m.Confidence*10))
				res.ByConfidence[b].Pred++
				if ok {
					res.ByConfidence[b].TP++
				}
			}
		}
	}
	return res, nil
}

// WriteNERScores prints per-type precision, recall and F1 and the two
// micro averages as a table.
func WriteNERScores(w io.Writer, sc NERScores) {
	fmt.Fprintf(w, "%-18s %9s %9s %9s %7s %7s %7s\n", "type", "precision", "recall", "f1", "tp", "pred", "gold")
	row := func(name string, c NERCounts) {
		fmt.Fprintf(w, "%-18s %9.4f %9.4f %9.4f %7d %7d %7d\n", name, c.Precision(), c.Recall(), c.F1(), c.TP, c.Pred, c.Gold)
	}
	for i, n := range nerTypeNames {
		row(n, sc.ByType[i])
	}
	row("PERSON+ORG micro", sc.Micro2())
	row("PER/ORG/LOC micro", sc.Micro3())
}

// WriteNEREval prints an evaluation as a table.
func WriteNEREval(w io.Writer, res *NEREvalResult) {
	WriteNERScores(w, res.Scores)
	fmt.Fprintf(w, "precision by confidence (PER/ORG/LOC):")
	for b, c := range res.ByConfidence {
		if c.Pred > 0 {
			fmt.Fprintf(w, " [%.1f,%.1f) %.2f n=%d;", float64(b)/10, float64(b+1)/10, c.Precision(), c.Pred)
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "documents %d, tokens %d\n", res.Documents, res.Tokens)
	fmt.Fprintf(w, "recognizer only: %.0f tokens/s (%.3fs wall, one goroutine)", res.RecognizerTokensPerSec(), res.RecognizeTime.Seconds())
	if res.RecognizeCPU > 0 {
		fmt.Fprintf(w, "; %.0f tokens per CPU-second (%.3fs CPU)", float64(res.Tokens)/res.RecognizeCPU.Seconds(), res.RecognizeCPU.Seconds())
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "with prose POS tagging: %.0f tokens/s (tagging %.3fs)\n", res.PipelineTokensPerSec(), res.TagTime.Seconds())
}

// spacedSentence returns the sentence of words joined by single spaces,
// starting at code point off of its document, with prose's POS tags: the
// text the NER evaluations give the recognizer.
func spacedSentence(words []string, off int) Sentence {
	tags := TagTokens(words)
	sent := Sentence{Start: off, Tokens: make([]Token, len(words))}
	var sb strings.Builder
	for i, w := range words {
		if i > 0 {
			sb.WriteByte(' ')
			off++
		}
		sb.WriteString(w)
		n := utf8.RuneCountInString(w)
		sent.Tokens[i] = Token{Text: w, Start: off, End: off + n, Tag: tags[i]}
		off += n
	}
	sent.End = off
	sent.Text = sb.String()
	return sent
}
