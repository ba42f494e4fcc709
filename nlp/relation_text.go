package nlp

import (
	"sort"
	"strings"
)

// irregularLemmas maps irregular inflections that matter for relation cues to
// their base forms; everything else goes through the suffix rules of Lemma.
var irregularLemmas = map[string]string{
	"bought": "buy", "led": "lead", "was": "be", "were": "be", "is": "be",
	"are": "be", "am": "be", "been": "be", "being": "be", "has": "have",
	"had": "have", "having": "have", "sold": "sell", "took": "take",
	"taken": "take", "became": "become", "began": "begin", "begun": "begin",
	"left": "leave", "went": "go", "gone": "go", "made": "make",
	"said": "say", "says": "say", "won": "win", "met": "meet", "ran": "run",
	"built": "build", "set": "set", "children": "child", "men": "man",
	"women": "woman", "people": "people", "news": "news", "lives": "live",
	"did": "do", "does": "do", "done": "do", "fought": "fight",
	"spoke": "speak", "spoken": "speak", "grew": "grow", "grown": "grow",
	"held": "hold", "chose": "choose", "chosen": "choose", "wrote": "write",
	"written": "write", "told": "tell", "hired": "hire", "teamed": "team",
	"its": "its", "his": "his", "this": "this", "us": "us", "as": "as",
	"less": "less", "unless": "unless", "across": "across",
}

// Lemma returns a crude lemma of a word: lower case, irregular forms mapped
// to their base, then inflectional suffixes (-s, -es, -ed, -ing) and a final
// silent -e removed, so that "acquire", "acquires", "acquired" and
// "acquiring" all give "acquir". Rules compare lemmas of both sides, so the
// result only needs to be consistent, not a dictionary word.
func Lemma(word string) string {
	w := strings.ToLower(word)
	if l, ok := irregularLemmas[w]; ok {
		if l != w && len(l) > 3 && l[len(l)-1] == 'e' && l[len(l)-2] != 'e' {
			// The base form, normalized as Lemma normalizes it: "hired"
			// and "hire" both give "hir", "had" and "have" "hav".
			l = l[:len(l)-1]
		}
		return l
	}
	n := len(w)
	if n <= 3 {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ies") && n > 4:
		w = w[:n-3] + "y"
	case strings.HasSuffix(w, "ied") && n > 4:
		w = w[:n-3] + "y"
	case strings.HasSuffix(w, "ing") && n > 5:
		w = undouble(w[:n-3])
	case strings.HasSuffix(w, "ed") && n > 4:
		w = undouble(w[:n-2])
	case strings.HasSuffix(w, "ss") || strings.HasSuffix(w, "us") || strings.HasSuffix(w, "is"):
	case strings.HasSuffix(w, "s") && n > 3:
		w = w[:n-1]
	}
	if len(w) > 3 && w[len(w)-1] == 'e' && w[len(w)-2] != 'e' {
		w = w[:len(w)-1]
	}
	return w
}

// undouble drops a doubled final consonant left by removing -ed or -ing
// ("stopped" → "stop"), keeping ll, ss and zz ("called", "passed").
func undouble(w string) string {
	n := len(w)
	if n >= 3 && w[n-1] == w[n-2] && !strings.ContainsRune("aeioulsz", rune(w[n-1])) {
		return w[:n-1]
	}
	return w
}

// sentView is the per-sentence view shared by the rules and the classifier:
// lower-cased words, lemmas and the mentions of the sentence in token order.
type sentView struct {
	doc    *Document
	si     int
	toks   []Token
	lower  []string
	lemma  []string
	ments  []int // indexes into doc.Mentions, sorted by TokStart then TokEnd
	counts *[5]int
	// firstAt[p] is the position in ments of the first mention starting
	// at token p or later (len(toks)+1 entries); inside[p] whether token
	// p lies in a mention. Built by index, for the pattern matcher.
	firstAt []int32
	inside  []bool
}

// index builds v.firstAt and v.inside once.
func (v *sentView) index() {
	if v.firstAt != nil {
		return
	}
	n := len(v.toks)
	v.firstAt = make([]int32, n+1)
	v.inside = make([]bool, n)
	k := 0
	for p := 0; p <= n; p++ {
		for k < len(v.ments) && v.doc.Mentions[v.ments[k]].TokStart < p {
			k++
		}
		v.firstAt[p] = int32(k)
	}
	for _, mi := range v.ments {
		m := &v.doc.Mentions[mi]
		for t := m.TokStart; t < m.TokEnd && t < n; t++ {
			v.inside[t] = true
		}
	}
}

// mentionsAt returns the mentions (indexes into doc.Mentions) starting at
// token p, shortest first.
func (v *sentView) mentionsAt(p int) []int {
	if p < 0 || p >= len(v.toks) {
		return nil
	}
	return v.mentionsFrom(p, p+1)
}

// mentionsFrom returns the mentions starting at tokens lo to hi-1, in the
// order of v.ments.
func (v *sentView) mentionsFrom(lo, hi int) []int {
	lo, hi = max(lo, 0), min(hi, len(v.toks))
	if lo >= hi {
		return nil
	}
	v.index()
	return v.ments[v.firstAt[lo]:v.firstAt[hi]]
}

// typeCounts returns how many named (not coreferent) mentions of each type
// (typeIndex) the sentence has, counted once per sentence.
func (v *sentView) typeCounts() [5]int {
	if v.counts == nil {
		v.counts = new([5]int)
		for _, mi := range v.ments {
			if m := &v.doc.Mentions[mi]; !m.Coref {
				v.counts[typeIndex(m.Type)]++
			}
		}
	}
	return *v.counts
}

// sentenceViews builds one sentView per sentence of doc.
func sentenceViews(doc *Document) []sentView {
	views := make([]sentView, len(doc.Sentences))
	for i := range doc.Sentences {
		s := &doc.Sentences[i]
		v := &views[i]
		v.doc, v.si, v.toks = doc, i, s.Tokens
		v.lower = make([]string, len(s.Tokens))
		v.lemma = make([]string, len(s.Tokens))
		for j, t := range s.Tokens {
			v.lower[j] = strings.ToLower(t.Text)
			v.lemma[j] = Lemma(t.Text)
		}
	}
	for mi := range doc.Mentions {
		m := &doc.Mentions[mi]
		if m.Sentence < 0 || m.Sentence >= len(views) {
			continue
		}
		if m.TokStart < 0 || m.TokEnd > len(views[m.Sentence].toks) || m.TokStart >= m.TokEnd {
			continue
		}
		views[m.Sentence].ments = append(views[m.Sentence].ments, mi)
	}
	for i := range views {
		ms := views[i].ments
		sort.SliceStable(ms, func(a, b int) bool {
			x, y := &doc.Mentions[ms[a]], &doc.Mentions[ms[b]]
			if x.TokStart != y.TokStart {
				return x.TokStart < y.TokStart
			}
			return x.TokEnd < y.TokEnd
		})
	}
	return views
}
