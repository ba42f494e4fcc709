package nlp

// Light coreference: pronouns and definite descriptions that refer back to a
// named mention become extra mentions (Coref true) with the antecedent's
// Type and Entity, so that "He joined IBM" relates the person named before.

// corefLookback is how many sentences before the current one are searched
// for an antecedent.
const corefLookback = 2

// personPronouns refer to the most recent PERSON.
var personPronouns = map[string]bool{"he": true, "she": true, "him": true, "his": true, "her": true}

// corefNouns are the heads of definite descriptions and the antecedent kind
// they need.
var corefNouns = map[string]string{
	"company": "ORG", "firm": "ORG", "corporation": "ORG", "group": "ORG",
	"organization": "ORG", "organisation": "ORG", "startup": "ORG",
	"project": "PROJECT", "effort": "PROJECT", "initiative": "PROJECT",
	"program": "PROJECT", "programme": "PROJECT", "consortium": "PROJECT",
}

// corefMentions returns the coreferent mentions of doc, in document order.
// doc.Mentions must be sorted by Start; it is not changed.
func corefMentions(doc *Document) []Mention {
	var out []Mention
	// Named mentions per sentence, in order.
	per := make([][]int, len(doc.Sentences))
	all := make([][]int, len(doc.Sentences)) // with earlier coreferent mentions
	for i := range doc.Mentions {
		m := &doc.Mentions[i]
		if m.Sentence < 0 || m.Sentence >= len(per) {
			continue
		}
		all[m.Sentence] = append(all[m.Sentence], i)
		if !m.Coref {
			per[m.Sentence] = append(per[m.Sentence], i)
		}
	}
	for si := range doc.Sentences {
		toks := doc.Sentences[si].Tokens
		in := coveredTokens(doc, all[si], len(toks))
		for t := 0; t < len(toks); t++ {
			if in[t] {
				continue
			}
			w := toLowerASCII(toks[t].Text)
			kind, end := "", t+1
			switch {
			case personPronouns[w]:
				kind = "PERSON"
			case (w == "the" || w == "this" || w == "that") && t+1 < len(toks):
				k, ok := corefNouns[toLowerASCII(toks[t+1].Text)]
				if !ok || in[t+1] {
					continue
				}
				if w != "the" && k != "PROJECT" {
					continue // "this company" is often cataphoric or generic
				}
				// "the company's" is fine, "the company X" names a new one.
				if t+2 < len(toks) && isCapitalized(toks[t+2].Text) {
					continue
				}
				kind, end = k, t+2
			default:
				continue
			}
			ante := findAntecedent(doc, per, si, t, kind)
			if ante < 0 {
				continue
			}
			a := &doc.Mentions[ante]
			out = append(out, Mention{
				Start: toks[t].Start, End: toks[end-1].End,
				Text: relRuneSlice(doc.Text, toks[t].Start, toks[end-1].End),
				Type: a.Type, Entity: a.Entity, Sentence: si,
				TokStart: t, TokEnd: end, Confidence: a.Confidence * 0.8,
				Coref: true,
			})
			t = end - 1
		}
	}
	return out
}

// coveredTokens reports, for each of a sentence's n tokens, whether it lies
// inside one of the mentions ms.
func coveredTokens(doc *Document, ms []int, n int) []bool {
	in := make([]bool, n)
	for _, i := range ms {
		m := &doc.Mentions[i]
		for t := max(m.TokStart, 0); t < min(m.TokEnd, n); t++ {
			in[t] = true
		}
	}
	return in
}

// findAntecedent returns the most recent named mention of the kind before
// token t of sentence si, looking back corefLookback sentences, or -1. A
// pronoun does not corefer with a person in its own clause right before it
// when that person is the only candidate and the pronoun is an object
// ("Smith hired him"): only possessives and subjects are resolved inside
// the sentence.
func findAntecedent(doc *Document, per [][]int, si, t int, kind string) int {
	for s := si; s >= 0 && s >= si-corefLookback; s-- {
		ms := per[s]
		for k := len(ms) - 1; k >= 0; k-- {
			m := &doc.Mentions[ms[k]]
			if s == si && m.TokEnd > t {
				continue
			}
			switch kind {
			case "PROJECT":
				if isProjectMention(m) {
					return ms[k]
				}
			case "PERSON":
				if m.Type == "PERSON" {
					if s == si && toLowerASCII(doc.Sentences[si].Tokens[t].Text) == "him" {
						return -1
					}
					return ms[k]
				}
			default:
				if m.Type == kind {
					return ms[k]
				}
			}
		}
	}
	return -1
}

func toLowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

func isCapitalized(s string) bool {
	return s != "" && s[0] >= 'A' && s[0] <= 'Z'
}
