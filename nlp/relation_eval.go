package nlp

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// RelPRF counts true positives, false positives and false negatives.
// Boundary counts the false positives that are a gold relation with an
// argument's span cut differently (WrongBoundary).
type RelPRF struct{ TP, FP, FN, Boundary int }

// OverlapPrecision returns (TP+Boundary)/(TP+FP): the precision when an
// argument may be cut differently from the gold span, so long as it
// overlaps it ("President Bush" for "Bush"); 0 when nothing was predicted.
func (s RelPRF) OverlapPrecision() float64 {
	if s.TP+s.FP == 0 {
		return 0
	}
	return float64(s.TP+s.Boundary) / float64(s.TP+s.FP)
}

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
	// Missed counts the gold relations not found by cause, Wrong the
	// relations found that are not gold by cause (see the Miss* and
	// Wrong* constants).
	Missed, Wrong map[string]int
	// Errors lists every missed and wrong relation with its sentence, in
	// the order the sentences were scored.
	Errors []RelError
	// Entities are the strict-span scores of the recognized PERSON, ORG
	// and LOCATION mentions against the gold Peop, Org and Loc entities
	// (end to end only; Other and MISC are not scored), EntityErrors the
	// gold entities missed and the mentions that are none.
	Entities     NERScores
	EntityErrors []EntityError
}

// EntityError is a gold entity the recognizer missed (Missed) or a
// recognized mention that is not a gold entity of its type.
type EntityError struct {
	Sentence int    // index of the sentence in the evaluated file
	Text     string // the sentence's text
	Missed   bool
	Type     string // PERSON, ORG or LOCATION
	Name     string // the entity's or mention's text
	// Found lists, for a missed entity, the mentions recognized over its
	// span ("text/TYPE"); for a wrong mention, the gold entities under it.
	Found []string
}

// RelError is one error of an evaluation: a gold relation missed or a
// relation found that is not gold.
type RelError struct {
	Sentence int    // index of the sentence in the evaluated file
	Text     string // the sentence's text
	Missed   bool   // a gold relation not found (else a wrong one)
	Cause    string // one of the Miss* or Wrong* constants
	Type     string // the relation's type
	Subject  string // the subject's text
	Object   string // the object's text
	// Confidence is the classifier's confidence of a wrong relation, 0
	// for a missed one.
	Confidence float64
	// Found lists the mentions recognized over either argument's span
	// ("text/TYPE"), when an argument was not recognized as such.
	Found []string
}

// WriteErrors prints s.Errors, one block per error.
func (s *RelScores) WriteErrors(w io.Writer) {
	for _, e := range s.Errors {
		kind := "WRONG "
		if e.Missed {
			kind = "MISSED"
		}
		fmt.Fprintf(w, "%s %s(%q, %q) [%s]", kind, e.Type, e.Subject, e.Object, e.Cause)
		if !e.Missed {
			fmt.Fprintf(w, " p=%.2f", e.Confidence)
		}
		if len(e.Found) > 0 {
			fmt.Fprintf(w, " found %s", strings.Join(e.Found, " · "))
		}
		fmt.Fprintf(w, "\n  #%d: %s\n", e.Sentence, e.Text)
	}
}

// Causes of a missed gold relation, the keys of RelScores.Missed.
const (
	MissSpan      = "an argument's span not recognized"
	MissType      = "an argument recognized with another type"
	MissOtherType = "arguments right, related with another type or direction"
	MissNone      = "arguments right, not related (below threshold or filtered)"
)

// Causes of a wrong relation, the keys of RelScores.Wrong.
const (
	WrongBoundary = "gold relation, an argument's span cut differently"
	WrongEntity   = "an argument is not (or only partly) a gold entity"
	WrongRelation = "both arguments gold entities, not so related"
)

func newRelScores() *RelScores {
	s := &RelScores{Types: map[string]*RelPRF{}, Missed: map[string]int{}, Wrong: map[string]int{}}
	for _, t := range defaultRelTypes {
		s.Types[t.Type] = &RelPRF{}
	}
	return s
}

// add scores one sentence's predicted relations against the gold ones;
// ents are the sentence's gold entities (code-point spans), used to tell
// the causes of errors apart.
func (s *RelScores) add(sent int, doc *Document, rels []Relation, gold map[relKey]bool, ents [][2]int) {
	pred := map[relKey]bool{}
	conf := map[relKey]float64{}
	related := map[[4]int]bool{} // spans related by any predicted relation
	for _, r := range rels {
		a, b := antecedentIn(doc, r.Subject), antecedentIn(doc, r.Object)
		related[[4]int{a.Start, a.End, b.Start, b.End}] = true
		if _, ok := s.Types[r.Type]; !ok {
			continue
		}
		k := relKey{r.Type, a.Start, a.End, b.Start, b.End}
		pred[k] = true
		conf[k] = max(conf[k], r.Confidence)
	}
	report := func(k relKey, missed bool, cause string) {
		e := RelError{Sentence: sent, Text: doc.Text, Missed: missed, Cause: cause,
			Type: k.Type, Subject: runeSlice(doc.Text, k.SubjStart, k.SubjEnd),
			Object: runeSlice(doc.Text, k.ObjStart, k.ObjEnd), Confidence: conf[k]}
		if cause == MissSpan || cause == MissType {
			for _, m := range doc.Mentions {
				if !m.Coref && (m.Start < k.SubjEnd && k.SubjStart < m.End || m.Start < k.ObjEnd && k.ObjStart < m.End) {
					e.Found = append(e.Found, runeSlice(doc.Text, m.Start, m.End)+"/"+m.Type)
				}
			}
		}
		s.Errors = append(s.Errors, e)
	}
	keys := make([]relKey, 0, len(pred))
	for k := range pred {
		keys = append(keys, k)
	}
	sortRelKeys(keys)
	for _, k := range keys {
		if gold[k] {
			s.Types[k.Type].TP++
			s.Micro.TP++
			continue
		}
		s.Types[k.Type].FP++
		s.Micro.FP++
		c := wrongCause(k, gold, ents)
		s.Wrong[c]++
		if c == WrongBoundary {
			s.Types[k.Type].Boundary++
			s.Micro.Boundary++
		}
		report(k, false, c)
	}
	types := map[[2]int]string{}
	for _, m := range doc.Mentions {
		if !m.Coref {
			types[[2]int{m.Start, m.End}] = m.Type
		}
	}
	gkeys := make([]relKey, 0, len(gold))
	for k := range gold {
		gkeys = append(gkeys, k)
	}
	sortRelKeys(gkeys)
	for _, k := range gkeys {
		if pred[k] {
			continue
		}
		s.Types[k.Type].FN++
		s.Micro.FN++
		ts, ok1 := types[[2]int{k.SubjStart, k.SubjEnd}]
		to, ok2 := types[[2]int{k.ObjStart, k.ObjEnd}]
		var c string
		switch {
		case !ok1 || !ok2:
			c = MissSpan
		case !relSignature(k.Type, ts, to):
			c = MissType
		case related[[4]int{k.SubjStart, k.SubjEnd, k.ObjStart, k.ObjEnd}] ||
			related[[4]int{k.ObjStart, k.ObjEnd, k.SubjStart, k.SubjEnd}]:
			c = MissOtherType
		default:
			c = MissNone
		}
		s.Missed[c]++
		report(k, true, c)
	}
}

// sortRelKeys orders relation keys by subject, object and type.
func sortRelKeys(ks []relKey) {
	sort.Slice(ks, func(i, j int) bool {
		a, b := ks[i], ks[j]
		if a.SubjStart != b.SubjStart {
			return a.SubjStart < b.SubjStart
		}
		if a.SubjEnd != b.SubjEnd {
			return a.SubjEnd < b.SubjEnd
		}
		if a.ObjStart != b.ObjStart {
			return a.ObjStart < b.ObjStart
		}
		if a.ObjEnd != b.ObjEnd {
			return a.ObjEnd < b.ObjEnd
		}
		return a.Type < b.Type
	})
}

// antecedentIn returns mention i, or for a coreferent mention ("his",
// "the company") the named mention of its entity nearest before it in
// the same sentence, where there is one: CoNLL04 relates the names, and
// kgraph's relation is about the entity ("Harrington ... died at his home
// in Larchmont" is Harrington LIVES_IN Larchmont).
func antecedentIn(doc *Document, i int) *Mention {
	m := &doc.Mentions[i]
	if !m.Coref {
		return m
	}
	var best *Mention
	for j := range doc.Mentions {
		n := &doc.Mentions[j]
		if !n.Coref && n.Sentence == m.Sentence && n.Entity == m.Entity && n.End <= m.Start &&
			(best == nil || n.Start > best.Start) {
			best = n
		}
	}
	if best == nil {
		return m
	}
	return best
}

// relSignature reports whether a relation of type typ may hold between a
// subject of type subj and an object of type obj.
func relSignature(typ, subj, obj string) bool {
	for _, c := range defaultRelTypes {
		if c.Type == typ {
			return c.SubjType == subj && c.ObjType == obj
		}
	}
	return false
}

// wrongCause tells why the predicted relation k is not gold.
func wrongCause(k relKey, gold map[relKey]bool, ents [][2]int) string {
	exact := func(a, b int) bool {
		for _, e := range ents {
			if e[0] == a && e[1] == b {
				return true
			}
		}
		return false
	}
	if exact(k.SubjStart, k.SubjEnd) && exact(k.ObjStart, k.ObjEnd) {
		return WrongRelation
	}
	overlap := func(a, b, c, d int) bool { return a < d && c < b }
	for g := range gold {
		if g.Type == k.Type && overlap(g.SubjStart, g.SubjEnd, k.SubjStart, k.SubjEnd) &&
			overlap(g.ObjStart, g.ObjEnd, k.ObjStart, k.ObjEnd) {
			return WrongBoundary
		}
	}
	return WrongEntity
}

// Write prints a table of the scores.
func (s *RelScores) Write(w io.Writer, title string) {
	fmt.Fprintf(w, "%s\n%-12s %9s %9s %9s %6s %6s %6s %10s\n", title, "type", "precision", "recall", "F1", "tp", "fp", "fn", "P(overlap)")
	var types []string
	for t := range s.Types {
		types = append(types, t)
	}
	sort.Strings(types)
	row := func(name string, c RelPRF) {
		fmt.Fprintf(w, "%-12s %9.3f %9.3f %9.3f %6d %6d %6d %10.3f\n", name, c.Precision(), c.Recall(), c.F1(), c.TP, c.FP, c.FN, c.OverlapPrecision())
	}
	for _, t := range types {
		row(t, *s.Types[t])
	}
	row("micro", s.Micro)
	causes := func(title string, m map[string]int, order ...string) {
		n := 0
		for _, c := range m {
			n += c
		}
		if n == 0 {
			return
		}
		fmt.Fprintf(w, "%s (%d):\n", title, n)
		for _, k := range order {
			if m[k] > 0 {
				fmt.Fprintf(w, "  %4d  %s\n", m[k], k)
			}
		}
	}
	causes("missed", s.Missed, MissSpan, MissType, MissOtherType, MissNone)
	causes("wrong", s.Wrong, WrongBoundary, WrongEntity, WrongRelation)
}

// EvalRelationsGold scores x on data with the gold entities as mentions.
func EvalRelationsGold(x *RelExtractor, data []CoNLL04Sentence) (*RelScores, error) {
	s := newRelScores()
	for i := range data {
		doc, err := data[i].GoldDocument(fmt.Sprint("eval-", i))
		if err != nil {
			return nil, err
		}
		s.add(i, doc, x.Extract(doc), data[i].goldRelations(), data[i].entitySpans())
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
		s.add(i, doc, doc.Relations, data[i].goldRelations(), data[i].entitySpans())
		s.addEntities(i, doc, &data[i])
	}
	return s, nil
}

// addEntities scores one sentence's recognized mentions against its gold
// entities (PERSON, ORG and LOCATION; strict code-point spans).
func (s *RelScores) addEntities(sent int, doc *Document, gs *CoNLL04Sentence) {
	type span struct{ a, b int }
	typeIndex := func(name string) int { // PERSON, ORG and LOCATION only
		if i := nerTypeIndex(name); i < 3 {
			return i
		}
		return -1
	}
	gold := map[span]int{}
	var golds []span
	var goldTypes []string
	for i, e := range gs.Entities {
		a, b := gs.EntitySpan(i)
		if t := typeIndex(conll04Types[e.Type]); t >= 0 {
			gold[span{a, b}] = t
			golds = append(golds, span{a, b})
			goldTypes = append(goldTypes, conll04Types[e.Type])
			s.Entities.ByType[t].Gold++
		}
	}
	pred := map[span]int{}
	for _, m := range doc.Mentions {
		if t := typeIndex(m.Type); t >= 0 && !m.Coref {
			sp := span{m.Start, m.End}
			pred[sp] = t
			s.Entities.ByType[t].Pred++
			if g, ok := gold[sp]; ok && g == t {
				s.Entities.ByType[t].TP++
				continue
			}
			e := EntityError{Sentence: sent, Text: doc.Text, Type: m.Type, Name: runeSlice(doc.Text, m.Start, m.End)}
			for i, g := range golds {
				if g.a < m.End && m.Start < g.b {
					e.Found = append(e.Found, runeSlice(doc.Text, g.a, g.b)+"/"+goldTypes[i])
				}
			}
			s.EntityErrors = append(s.EntityErrors, e)
		}
	}
	for _, g := range golds {
		if t, ok := pred[g]; ok && t == gold[g] {
			continue
		}
		e := EntityError{Sentence: sent, Text: doc.Text, Missed: true, Type: nerTypeNames[gold[g]], Name: runeSlice(doc.Text, g.a, g.b)}
		for _, m := range doc.Mentions {
			if !m.Coref && m.Start < g.b && g.a < m.End {
				e.Found = append(e.Found, runeSlice(doc.Text, m.Start, m.End)+"/"+m.Type)
			}
		}
		s.EntityErrors = append(s.EntityErrors, e)
	}
}

// WriteEntities prints the entity scores of an end-to-end evaluation.
func (s *RelScores) WriteEntities(w io.Writer, title string) {
	fmt.Fprintf(w, "%s\n%-18s %9s %9s %9s %7s %7s %7s\n", title, "type", "precision", "recall", "f1", "tp", "pred", "gold")
	row := func(name string, c NERCounts) {
		fmt.Fprintf(w, "%-18s %9.4f %9.4f %9.4f %7d %7d %7d\n", name, c.Precision(), c.Recall(), c.F1(), c.TP, c.Pred, c.Gold)
	}
	for i, n := range nerTypeNames[:3] {
		row(n, s.Entities.ByType[i])
	}
	row("PER/ORG/LOC micro", s.Entities.Micro3())
}

// WriteEntityErrors prints s.EntityErrors, one block per error.
func (s *RelScores) WriteEntityErrors(w io.Writer) {
	for _, e := range s.EntityErrors {
		kind := "WRONG "
		if e.Missed {
			kind = "MISSED"
		}
		fmt.Fprintf(w, "%s %s %q", kind, e.Type, e.Name)
		if len(e.Found) > 0 {
			fmt.Fprintf(w, " %s %s", map[bool]string{true: "found", false: "gold"}[e.Missed], strings.Join(e.Found, " · "))
		}
		fmt.Fprintf(w, "\n  #%d: %s\n", e.Sentence, e.Text)
	}
}

// entitySpans returns the code-point spans of the sentence's entities.
func (s *CoNLL04Sentence) entitySpans() [][2]int {
	out := make([][2]int, len(s.Entities))
	for i := range s.Entities {
		out[i][0], out[i][1] = s.EntitySpan(i)
	}
	return out
}
