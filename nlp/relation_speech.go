package nlp

import "unicode"

// speechLemmas are the lemmas (Lemma) of verbs of saying: "said in
// Nashville" tells where someone spoke, not where they live.
var speechLemmas = map[string]bool{
	"say": true, "tell": true, "announc": true, "testify": true, "speak": true,
	"declar": true, "stat": true, "remark": true, "comment": true, "insist": true,
}

// spokeIn reports whether the place b is where the person a spoke: a verb
// of saying after the person, then up to two words (a day, "reporters",
// "on Monday") and "in" or "at" right before the place ("Craig Martin said
// Wednesday in Seattle", "told reporters in Bonn"), or a verb of saying
// right before the person and "in" between ("said Ms. Say in Nashville").
// The classifier took these for LIVES_IN.
func spokeIn(v *sentView, a, b *Mention) bool {
	lo, hi := a.TokEnd, b.TokStart
	if hi-lo < 1 || v.lower[hi-1] != "in" && v.lower[hi-1] != "at" {
		return false
	}
	if hi-lo == 1 {
		return a.TokStart > 0 && speechLemmas[v.lemma[a.TokStart-1]]
	}
	if hi-lo > 4 || !speechLemmas[v.lemma[lo]] {
		return false
	}
	for t := lo + 1; t < hi-1; t++ {
		if v.lower[t] == "," || v.lower[t] == "that" {
			return false // "said that ... in": the place belongs to what was said
		}
	}
	return true
}

// attributivePlace reports whether the place l is only a modifier of a
// noun phrase ("killed on a Howard Beach, Queens, parkway", "a Placerville
// jury", "in a Dallas gun shop") that does not describe the person p: l
// follows "a" or "an" and is followed (after an optional ", STATE ,") by a
// lowercase word other than "native" or "resident", and p is not in
// apposition to it ("Jan de Vries, a Netherlands businessman" lives
// there). In CoNLL04's training sentences such a place is where the
// person lives 3 times in 25, each time "a ... native".
func attributivePlace(v *sentView, p, l *Mention) bool {
	if l.TokStart < 1 || v.lower[l.TokStart-1] != "a" && v.lower[l.TokStart-1] != "an" {
		return false
	}
	if p.TokEnd == l.TokStart-2 && v.lower[p.TokEnd] == "," {
		return false // "PERSON, a PLACE noun"
	}
	k := l.TokEnd
	n := len(v.lower)
	if k+1 < n && v.lower[k] == "," {
		for _, mi := range v.ments {
			if m := &v.doc.Mentions[mi]; m.TokStart == k+1 && m.Type == "LOCATION" && !m.Coref {
				k = m.TokEnd
				if k < n && v.lower[k] == "," {
					k++
				}
				break
			}
		}
	}
	if k >= n {
		return false
	}
	w := v.toks[k].Text
	if w == "" || !unicode.IsLower([]rune(w)[0]) {
		return false
	}
	switch v.lemma[k] {
	case "native", "resident", "born", "nativ", "resid":
		return false
	}
	return true
}

// studiedAt reports whether the words right before the organization b
// (after the person a) say the person studied there: "educated at",
// "graduated from", "a graduate of", "studied at", "alumnus of", "student
// at". A school's students do not work for it.
func studiedAt(v *sentView, a, b *Mention) bool {
	lo, hi := a.TokEnd, b.TokStart
	if hi-lo < 2 || hi-lo > 8 {
		return false
	}
	prep := v.lower[hi-1]
	if prep == "the" && hi-lo >= 3 {
		hi--
		prep = v.lower[hi-1]
	}
	if prep != "at" && prep != "from" && prep != "of" && prep != "in" {
		return false
	}
	switch v.lemma[hi-2] {
	case "educat", "graduat", "study", "alumnus", "alumna", "alumni", "student", "enroll", "attend":
		return true
	}
	return false
}
