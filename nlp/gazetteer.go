package nlp

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
)

// nerGazCounts counts how often a phrase or word was seen per type; the
// last slot counts a word's occurrences outside names.
type nerGazCounts [nerTypes + 1]int32

// nerGazBuilder collects names for the gazetteer stored in the model:
// whole names keyed by their lower-cased phrase hash and, for words mostly
// seen inside names, the types of names they occur in.
type nerGazBuilder struct {
	phrases map[uint64]*nerGazCounts
	words   map[uint64]*nerGazCounts
	buf     []byte
}

func newGazetteerBuilder() *nerGazBuilder {
	return &nerGazBuilder{phrases: map[uint64]*nerGazCounts{}, words: map[uint64]*nerGazCounts{}}
}

func (g *nerGazBuilder) empty() bool { return len(g.phrases) == 0 }

// clone returns an independent copy.
func (g *nerGazBuilder) clone() *nerGazBuilder {
	c := newGazetteerBuilder()
	cp := func(dst, src map[uint64]*nerGazCounts) {
		for k, v := range src {
			x := *v
			dst[k] = &x
		}
	}
	cp(c.phrases, g.phrases)
	cp(c.words, g.words)
	return c
}

func (g *nerGazBuilder) count(m map[uint64]*nerGazCounts, k uint64, slot int) {
	c := m[k]
	if c == nil {
		c = new(nerGazCounts)
		m[k] = c
	}
	c[slot]++
}

// addSentences adds the names of labeled sentences (MISC names are kept
// as a type of their own).
func (g *nerGazBuilder) addSentences(sents []CoNLLSentence) {
	for _, s := range sents {
		hs := make([]uint64, len(s.Words))
		for i, w := range s.Words {
			hs[i], g.buf = nerLowerHash(w, g.buf)
		}
		inside := make([]bool, len(s.Words))
		for _, sp := range IOBSpans(s.Labels) {
			t := nerShortType(sp.Type)
			if t < 0 || sp.End-sp.Start > nerMaxGazLen || !nerAnyUpper(s.Words[sp.Start:sp.End]) {
				continue
			}
			h := gazPhraseSeed
			for k := sp.Start; k < sp.End; k++ {
				h = nerMix(h, hs[k])
				inside[k] = true
				if nerHasLetter(s.Words[k]) {
					g.count(g.words, hs[k], t)
				}
			}
			g.count(g.phrases, h, t)
		}
		for k, in := range inside {
			if !in {
				g.count(g.words, hs[k], nerTypes)
			}
		}
	}
}

// addWikiANN adds the names of the WikiANN files train and dev in dir.
func (g *nerGazBuilder) addWikiANN(dir string) error {
	found := 0
	for _, name := range []string{"train", "dev"} {
		path := filepath.Join(dir, name)
		if _, err := os.Stat(path); err != nil {
			continue
		}
		found++
		sents, err := ReadWikiANN(path)
		if err != nil {
			return err
		}
		g.addSentences(sents)
	}
	if found == 0 {
		return fmt.Errorf("%w: no WikiANN train or dev file in %s", ErrBadCorpus, dir)
	}
	return nil
}

// build returns the gazetteer table: phrase keys map to the bit of their
// most frequent type; word keys (namespaced) to the types making up at
// least 30% of their name occurrences, for words seen in names at least
// as often as outside them.
func (g *nerGazBuilder) build() *nerU8Tab {
	t := nerNewU8Tab(len(g.phrases) + len(g.words)/2)
	for _, h := range sortedKeys(g.phrases) {
		c := g.phrases[h]
		best := 0
		for k := 1; k < nerTypes; k++ {
			if c[k] > c[best] {
				best = k
			}
		}
		t.or(h, 1<<best)
	}
	for _, h := range sortedKeys(g.words) {
		c := g.words[h]
		var tot int32
		for k := 0; k < nerTypes; k++ {
			tot += c[k]
		}
		if tot == 0 || tot < c[nerTypes] {
			continue
		}
		var m uint8
		for k := 0; k < nerTypes; k++ {
			if c[k] > 0 && 10*c[k] >= 3*tot {
				m |= 1 << k
			}
		}
		if m != 0 {
			t.or(nerMix(gazTokenSeed, h), m)
		}
	}
	return t
}

func sortedKeys(m map[uint64]*nerGazCounts) []uint64 {
	ks := make([]uint64, 0, len(m))
	for k := range maps.Keys(m) {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
