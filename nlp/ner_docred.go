package nlp

import (
	"fmt"
	"io"
)

// NERDocREDResult scores a recognizer's mentions on a (Re-)DocRED file,
// whose entity mentions all carry a type: PER, ORG, LOC and MISC are
// compared with PERSON, ORG, LOCATION and MISC; TIME and NUM mentions are
// not names and count for nothing (a predicted mention on one is a false
// positive). DocRED annotates the entities of Wikipedia lead sections, not
// every name, so precision is a floor.
type NERDocREDResult struct {
	Strict  NERScores // exact token span and type
	Overlap NERScores // a predicted mention right when it overlaps a gold one of its type; gold found when overlapped by one of its type
	// Confusion[g][p]: gold mentions of type g (nerTypeNames order) whose
	// most-overlapping predicted mention has type p; p == nerTypes: none.
	Confusion [nerTypes][nerTypes + 1]int
	Documents int
}

// TypeAccuracy is the share of the gold mentions overlapped by a predicted
// mention whose type is the gold one.
func (r *NERDocREDResult) TypeAccuracy() (right, found int) {
	for g := range r.Confusion {
		for p := 0; p < nerTypes; p++ {
			found += r.Confusion[g][p]
			if p == g {
				right += r.Confusion[g][p]
			}
		}
	}
	return right, found
}

// docREDNERType maps a DocRED entity type to a recognizer type index, -1
// for TIME, NUM and others.
func docREDNERType(t string) int {
	switch t {
	case "PER":
		return 0
	case "ORG":
		return 1
	case "LOC":
		return 2
	case "MISC":
		return 3
	}
	return -1
}

// EvalNERDocRED runs rec on every document of docs, given DocRED's tokens
// and sentences (tokens joined by single spaces, one sentence per line, as
// kgraph eval docred reads them; POS tags from prose), and scores its
// mentions against the annotated ones.
func EvalNERDocRED(rec *Recognizer, docs []DocREDDocument) *NERDocREDResult {
	res := &NERDocREDResult{Documents: len(docs)}
	type span struct{ s, a, b int } // sentence, token range
	for _, d := range docs {
		sents := make([]Sentence, len(d.Sents))
		off := 0
		for si, words := range d.Sents {
			sents[si] = spacedSentence(words, off)
			off = sents[si].End + 1
		}
		gold := map[span]int{} // type, -1 for TIME/NUM
		for _, v := range d.VertexSet {
			for _, m := range v {
				k := span{m.SentID, m.Pos[0], m.Pos[1]}
				t := docREDNERType(m.Type)
				if old, ok := gold[k]; ok && (old >= 0 || t < 0) {
					continue
				}
				gold[k] = t
			}
		}
		type pm struct {
			span
			t int
		}
		var pred []pm
		for _, m := range rec.Recognize(sents) {
			if t := nerTypeIndex(m.Type); t >= 0 {
				pred = append(pred, pm{span{m.Sentence, m.TokStart, m.TokEnd}, t})
			}
		}
		overlap := func(x, y span) int {
			if x.s != y.s {
				return 0
			}
			return max(0, min(x.b, y.b)-max(x.a, y.a))
		}
		for _, p := range pred {
			res.Strict.ByType[p.t].Pred++
			res.Overlap.ByType[p.t].Pred++
			if gt, ok := gold[p.span]; ok && gt == p.t {
				res.Strict.ByType[p.t].TP++
			}
			for g, gt := range gold {
				if gt == p.t && overlap(g, p.span) > 0 {
					res.Overlap.ByType[p.t].TP++
					break
				}
			}
		}
		for g, gt := range gold {
			if gt < 0 {
				continue
			}
			res.Strict.ByType[gt].Gold++
			res.Overlap.ByType[gt].Gold++
			best, bt := 0, nerTypes
			for _, p := range pred {
				if o := overlap(g, p.span); o > best {
					best, bt = o, p.t
				}
			}
			res.Confusion[gt][bt]++
		}
	}
	return res
}

// WriteNERDocRED prints a NERDocREDResult.
func WriteNERDocRED(w io.Writer, r *NERDocREDResult) {
	fmt.Fprintln(w, "STRICT (exact token span and type):")
	WriteNERScores(w, r.Strict)
	fmt.Fprintf(w, "%-18s %9.4f\n", "all four micro F1", r.Strict.Micro3().Add(r.Strict.ByType[3]).F1())
	fmt.Fprintln(w, "\nOVERLAP precision (a predicted mention overlaps a gold one of its type):")
	for i, n := range nerTypeNames {
		c := r.Overlap.ByType[i]
		fmt.Fprintf(w, "%-18s %9.4f %7d/%d\n", n, c.Precision(), c.TP, c.Pred)
	}
	fmt.Fprintln(w, "\nTYPES of gold mentions (rows) by the type of the predicted mention overlapping them most:")
	fmt.Fprintf(w, "%-10s", "gold")
	for _, n := range nerTypeNames {
		fmt.Fprintf(w, " %9s", n)
	}
	fmt.Fprintf(w, " %9s %9s %9s\n", "none", "found", "type acc")
	for g, n := range nerTypeNames {
		fmt.Fprintf(w, "%-10s", n)
		found := 0
		for p := 0; p <= nerTypes; p++ {
			fmt.Fprintf(w, " %9d", r.Confusion[g][p])
			if p < nerTypes {
				found += r.Confusion[g][p]
			}
		}
		fmt.Fprintf(w, " %9.4f %9.4f\n", nerRatio(found, found+r.Confusion[g][nerTypes]), nerRatio(r.Confusion[g][g], found))
	}
	right, found := r.TypeAccuracy()
	fmt.Fprintf(w, "type accuracy of found gold mentions: %.4f (%d/%d); PER/ORG/LOC only: %.4f\n",
		nerRatio(right, found), right, found, r.typeAcc3())
}

func (r *NERDocREDResult) typeAcc3() float64 {
	right, found := 0, 0
	for g := 0; g < 3; g++ {
		for p := 0; p < nerTypes; p++ {
			found += r.Confusion[g][p]
		}
		right += r.Confusion[g][g]
	}
	return nerRatio(right, found)
}
