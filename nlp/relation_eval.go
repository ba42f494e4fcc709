package nlp

import (
	"fmt"
	"io"
	"sort"
)

// RelPRF counts true positives, false positives and false negatives.
type RelPRF struct{ TP, FP, FN int }

// Precision returns TP/(TP+FP), 0 when nothing was predicted.
func (s RelPRF) Precision() float64 {
	if s.TP+s.FP == 0 {
		return 0
	}
	return float64(s.TP) / float64(s.TP+s.FP)
}

// Recall returns TP/(TP+FN), 0 when there is no gold relation.
func (s RelPRF) Recall() float64 {
	if s.TP+s.FN == 0 {
		return 0
	}
	return float64(s.TP) / float64(s.TP+s.FN)
}

// F1 returns the harmonic mean of precision and recall.
func (s RelPRF) F1() float64 { return fbeta(s.Precision(), s.Recall(), 1) }

// RelScores are per-type and micro-averaged relation scores over the types
// CoNLL04 annotates (WORKS_FOR, BASED_IN, LIVES_IN, LOCATED_IN).
type RelScores struct {
	Types map[string]*RelPRF
	Micro RelPRF
}

func newRelScores() *RelScores {
	s := &RelScores{Types: map[string]*RelPRF{}}
	for _, t := range defaultRelTypes {
		s.Types[t.Type] = &RelPRF{}
	}
	return s
}

// add scores one sentence's predicted relations against the gold ones.
func (s *RelScores) add(doc *Document, rels []Relation, gold map[relKey]bool) {
	pred := map[relKey]bool{}
	for _, r := range rels {
		if _, ok := s.Types[r.Type]; !ok {
			continue
		}
		a, b := &doc.Mentions[r.Subject], &doc.Mentions[r.Object]
		pred[relKey{r.Type, a.Start, a.End, b.Start, b.End}] = true
	}
	for k := range pred {
		if gold[k] {
			s.Types[k.Type].TP++
			s.Micro.TP++
		} else {
			s.Types[k.Type].FP++
			s.Micro.FP++
		}
	}
	for k := range gold {
		if !pred[k] {
			s.Types[k.Type].FN++
			s.Micro.FN++
		}
	}
}

// Write prints a table of the scores.
func (s *RelScores) Write(w io.Writer, title string) {
	fmt.Fprintf(w, "%s\n%-12s %9s %9s %9s %6s %6s %6s\n", title, "type", "precision", "recall", "F1", "tp", "fp", "fn")
	var types []string
	for t := range s.Types {
		types = append(types, t)
	}
	sort.Strings(types)
	row := func(name string, c RelPRF) {
		fmt.Fprintf(w, "%-12s %9.3f %9.3f %9.3f %6d %6d %6d\n", name, c.Precision(), c.Recall(), c.F1(), c.TP, c.FP, c.FN)
	}
	for _, t := range types {
		row(t, *s.Types[t])
	}
	row("micro", s.Micro)
}

// EvalRelationsGold scores x on data with the gold entities as mentions.
func EvalRelationsGold(x *RelExtractor, data []CoNLL04Sentence) (*RelScores, error) {
	s := newRelScores()
	for i := range data {
		doc, err := data[i].GoldDocument(fmt.Sprint("eval-", i))
		if err != nil {
			return nil, err
		}
		s.add(doc, x.Extract(doc), data[i].goldRelations())
	}
	return s, nil
}

// EvalRelationsEndToEnd scores relations found by process (normally a
// Pipeline's Process with a recognizer and x as its extractor) from the raw
// text of each sentence: a relation counts when its type and both argument
// spans match.
func EvalRelationsEndToEnd(process func(id, text string) (*Document, error), data []CoNLL04Sentence) (*RelScores, error) {
	s := newRelScores()
	for i := range data {
		doc, err := process(fmt.Sprint("eval-", i), data[i].Text())
		if err != nil {
			return nil, err
		}
		s.add(doc, doc.Relations, data[i].goldRelations())
	}
	return s, nil
}
