package nlp

import (
	"strings"
	"sync"

	"github.com/jdkato/prose/v2"
)

// ProseRecognizer is prose v2's own maximum-entropy entity recognizer behind
// the EntityRecognizer interface. It is slow (about 20k tokens/s) and weak on
// organizations; kgraph keeps it as a baseline for `kgraph eval ner --model
// prose`. Its model loads once, on first use.
type ProseRecognizer struct{}

var proseNER struct {
	once  sync.Once
	model *prose.Model
}

// proseTypes maps prose's labels to kgraph's entity types.
var proseTypes = map[string]string{
	"PERSON": "PERSON", "ORG": "ORG", "GPE": "LOCATION", "LOC": "LOCATION",
	"FAC": "LOCATION", "NORP": "MISC", "PRODUCT": "PRODUCT", "EVENT": "EVENT",
	"WORK_OF_ART": "MISC", "LAW": "MISC", "LANGUAGE": "MISC",
}

// Recognize implements EntityRecognizer.
func (ProseRecognizer) Recognize(sents []Sentence) []Mention {
	proseNER.once.Do(func() { proseNER.model = prose.ModelFromData("prose-default") })
	var out []Mention
	for si, s := range sents {
		pd, err := prose.NewDocument(s.Text, prose.UsingModel(proseNER.model), prose.WithSegmentation(false))
		if err != nil {
			continue
		}
		// Map prose tokens back to ours by their position in the sentence.
		labels := make([]string, len(s.Tokens))
		byteStart := make(map[int]int, len(s.Tokens))
		cur := 0
		for ti := range s.Tokens {
			b, e := alignToken(s.Text, cur, s.Tokens[ti].Text)
			if b >= 0 {
				byteStart[b] = ti
				cur = e
			}
		}
		cur = 0
		for _, pt := range pd.Tokens() {
			b, e := alignToken(s.Text, cur, pt.Text)
			if b < 0 {
				continue
			}
			cur = e
			if ti, ok := byteStart[b]; ok {
				labels[ti] = pt.Label
			}
		}
		for i := 0; i < len(labels); {
			typ, ok := proseTypes[strings.TrimPrefix(strings.TrimPrefix(labels[i], "B-"), "I-")]
			if !ok || labels[i] == "" || labels[i] == "O" {
				i++
				continue
			}
			j := i + 1
			for j < len(labels) && strings.HasPrefix(labels[j], "I-") {
				j++
			}
			out = append(out, Mention{
				Start: s.Tokens[i].Start, End: s.Tokens[j-1].End, Type: typ,
				Sentence: si, TokStart: i, TokEnd: j, Confidence: 0.5,
			})
			i = j
		}
	}
	return out
}
