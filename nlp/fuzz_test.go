package nlp

import (
	"errors"
	"strings"
	"sync"
	"testing"
)

// spanFuzzWords are the words the span rules look for, so that random
// byte strings reach every rule.
var spanFuzzWords = []string{
	"(", ")", "--", ",", ".", "of", "the", "\"", "``", "People", "'s", "Democratic", "6th", "Fleet",
	"Brigade", "Haitian", "Parliament", "River", "Plant", "County", "Square", "University", "Foundation",
	"Republic", "'id", "AP", "March", "5", "OSLO", "Norway", "Ann", "Lee", "D.", "a", "in", "said", "",
}

// fuzzSentence turns data into a sentence of tokens from spanFuzzWords and
// mentions over them, in the order the recognizer gives them (by start,
// not overlapping); odd bytes make up words of their own.
func fuzzSentence(data []byte) ([]Token, []Mention) {
	var toks []Token
	var ms []Mention
	types := []string{"PERSON", "ORG", "LOCATION", "MISC"}
	pos := 0
	for i := 0; i+1 < len(data); i += 2 {
		w := spanFuzzWords[int(data[i])%len(spanFuzzWords)]
		if data[i] >= 0xf0 {
			w = string(data[i : i+2])
		}
		toks = append(toks, Token{Text: w, Start: pos, End: pos + len([]rune(w)), Tag: "NNP"})
		pos += len([]rune(w)) + 1
		// The second byte: mention over the last few tokens?
		if b := data[i+1]; b&1 == 1 {
			n := int(b>>1)%3 + 1
			start := len(toks) - n
			if start < 0 {
				start = 0
			}
			for len(ms) > 0 && ms[len(ms)-1].TokEnd > start {
				ms = ms[:len(ms)-1]
			}
			ms = append(ms, Mention{Start: toks[start].Start, End: toks[len(toks)-1].End, Type: types[int(b>>3)%4],
				TokStart: start, TokEnd: len(toks), Confidence: 0.5})
		}
	}
	return toks, ms
}

// FuzzSpanRules runs both conventions' span rules over odd sentences: they
// never panic, and the mentions they return are in order, within the
// sentence, and never overlap.
func FuzzSpanRules(f *testing.F) {
	for _, seed := range []string{
		"", "\x00", "\x00\x01\x02\x03", "\x01\x03\x02\x05\x03\x07\x04\x09",
		"\x06\x01\x07\x01\x08\x01\x0c\x00\x0d\x01\x0e\x00",
		"\x0c\x00\x0d\x01\x0d\x03",
		"\xf0\x9f\x98\x80\x01\x01",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		toks, ms := fuzzSentence(data)
		for _, rules := range []struct {
			conv  uint64
			rules []nerSpanRule
		}{{nerConvDefault, nerRulesDefault}, {nerConvCoNLL04, nerRulesCoNLL04}} {
			in := append([]Mention(nil), ms...)
			got := applySpanRules([]Sentence{{Tokens: toks}}, in, rules.conv, rules.rules)
			for i, m := range got {
				if m.TokStart < 0 || m.TokEnd > len(toks) || m.TokStart >= m.TokEnd {
					t.Fatalf("mention %d out of the sentence: %+v (%d tokens)", i, m, len(toks))
				}
				if i > 0 && got[i-1].TokEnd > m.TokStart {
					t.Fatalf("mentions overlap or are out of order: %+v then %+v\n%s", got[i-1], m, describeRuleMentions(toks, got))
				}
			}
		}
	})
}

var fuzzPipeline struct {
	once sync.Once
	ps   []*Pipeline
	err  error
}

// FuzzProcess runs the whole pipeline (recognizer in both conventions,
// relation extractor, co-mentions) over odd text: no panic (ErrInternal),
// and every mention and relation points inside the document.
func FuzzProcess(f *testing.F) {
	if testing.Short() {
		f.Skip("loads the models")
	}
	for _, seed := range []string{
		"", ".", "( AP ) --", "OSLO , Norway ( NTB ) -- The U.S. 6th Fleet sailed.",
		"People's", "Ann Lee said Monday in Oslo.", "Ulf D. Merbold flew.", "the \"Iron Duke\" won",
		"Sultan Ali Bin-Sa 'id met a Springfield lawyer.", "He was educated at Oxford University.",
		"at Jackson, Wyo., and Gunnison, Colo.", "Ocean City", "\x00\xff\xfe", "Ａｎｎ Ｌｅｅ ｓａｉｄ",
		"A. B. C. D.", "' ' ' '", "Mr.", "the", "Fleet", "\u202e\u0301Ann",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		fuzzPipeline.once.Do(func() {
			rec, err := DefaultRecognizer()
			if err != nil {
				fuzzPipeline.err = err
				return
			}
			rels, err := DefaultRelationExtractor()
			if err != nil {
				fuzzPipeline.err = err
				return
			}
			c04, err := rec.WithConvention(ConventionCoNLL04)
			if err != nil {
				fuzzPipeline.err = err
				return
			}
			for _, r := range []*Recognizer{rec, c04} {
				opts := DefaultOptions()
				opts.Recognizer, opts.Relations = r, rels
				p, err := New(opts)
				if err != nil {
					fuzzPipeline.err = err
					return
				}
				fuzzPipeline.ps = append(fuzzPipeline.ps, p)
			}
		})
		if fuzzPipeline.err != nil {
			t.Fatal(fuzzPipeline.err)
		}
		for _, p := range fuzzPipeline.ps {
			doc, err := p.Process("fuzz", text)
			if errors.Is(err, ErrInternal) {
				t.Fatalf("%q: %v", text, err)
			}
			if err != nil {
				continue
			}
			n := len([]rune(doc.Text))
			for _, m := range doc.Mentions {
				if m.Start < 0 || m.End > n || m.Start > m.End || m.Sentence < 0 || m.Sentence >= len(doc.Sentences) {
					t.Fatalf("%q: mention outside the text: %+v", text, m)
				}
				if !m.Coref && strings.TrimSpace(m.Text) == "" {
					t.Fatalf("%q: mention without text: %+v", text, m)
				}
			}
			for _, r := range doc.Relations {
				if r.Subject < 0 || r.Subject >= len(doc.Mentions) || r.Object < 0 || r.Object >= len(doc.Mentions) {
					t.Fatalf("%q: relation outside the mentions: %+v", text, r)
				}
			}
		}
	})
}
