package nlp

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
