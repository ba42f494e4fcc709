package nlp

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"unicode"
)

// Name lists: open-licensed lists of general knowledge (world places,
// given names, surnames) that the model uses as features. Each list has a
// number (its bit); a hit on a list is a feature of its own, so the model
// learns from the training data how far to trust each list and in which
// contexts. Lists are matched on lower-cased tokens, longest phrase first,
// like the gazetteer, and stored in the model as phrase hashes.

// nerMaxLists is the number of name lists a model can hold (bits of a
// nerU8Tab value).
const nerMaxLists = 8

// listPhraseSeed namespaces the list phrase hashes.
const listPhraseSeed uint64 = 0x6c69_7374_7068_7261

// Where list features are emitted (Recognizer.listMode).
const (
	// listsAll: under every convention (the default's output changes).
	listsAll uint8 = iota
	// listsConvOnly: only under a non-default convention, so the
	// default output is that of the model without lists.
	listsConvOnly
)

// NERListTokens splits a list entry into tokens as the analyzer would for
// simple names: at spaces, with commas and parentheses as tokens of their
// own.
func NERListTokens(name string) []string {
	var out []string
	for _, f := range strings.Fields(name) {
		for f != "" {
			i := strings.IndexAny(f, ",()")
			if i < 0 {
				out = append(out, f)
				break
			}
			if i > 0 {
				out = append(out, f[:i])
			}
			out = append(out, f[i:i+1])
			f = f[i+1:]
		}
	}
	return out
}

// nerListBuilder collects the entries of name lists.
type nerListBuilder struct {
	tab *nerU8Tab
	n   int // lists added
	buf []byte
}

func newListBuilder() *nerListBuilder {
	return &nerListBuilder{tab: nerNewU8Tab(1 << 16)}
}

// clone returns an independent copy.
func (b *nerListBuilder) clone() *nerListBuilder {
	t := nerNewU8Tab(b.tab.n)
	for i, k := range b.tab.keys {
		if k != 0 {
			t.or(k, b.tab.vals[i])
		}
	}
	return &nerListBuilder{tab: t, n: b.n}
}

// addName adds one entry to list k.
func (b *nerListBuilder) addName(k int, name string) bool {
	return b.addTokens(k, NERListTokens(name))
}

// addTokens adds one tokenized entry to list k.
func (b *nerListBuilder) addTokens(k int, toks []string) bool {
	if len(toks) == 0 || len(toks) > nerMaxGazLen || !nerAnyUpper(toks) && !nerHasLetterAny(toks) {
		return false
	}
	h := listPhraseSeed
	for _, t := range toks {
		var x uint64
		x, b.buf = nerLowerHash(t, b.buf)
		h = nerMix(h, x)
	}
	b.tab.or(h, 1<<k)
	return true
}

func nerHasLetterAny(ws []string) bool {
	for _, w := range ws {
		if nerHasLetter(w) {
			return true
		}
	}
	return false
}

// addFile adds a list file: one entry a line, the name before the first
// tab; empty lines and lines starting with # are skipped.
func (b *nerListBuilder) addFile(path string) error {
	if b.n >= nerMaxLists {
		return fmt.Errorf("%w: more than %d name lists", ErrBadCorpus, nerMaxLists)
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	n := 0
	for sc.Scan() {
		line := strings.TrimRightFunc(sc.Text(), unicode.IsSpace)
		if i := strings.IndexByte(line, '\t'); i >= 0 {
			line = line[:i]
		}
		if line == "" || line[0] == '#' {
			continue
		}
		if b.addName(b.n, line) {
			n++
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if n == 0 {
		return fmt.Errorf("%w: no names in list %s", ErrBadCorpus, path)
	}
	b.n++
	return nil
}

// addLabeled adds the names of labeled documents to lists first+t, t
// the type (PER, ORG, LOC, MISC).
func (b *nerListBuilder) addLabeled(first int, docs []CoNLLDocument) {
	for _, d := range docs {
		for _, s := range d.Sentences {
			for _, sp := range IOBSpans(s.Labels) {
				if t := nerShortType(sp.Type); t >= 0 && first+t < nerMaxLists {
					b.addTokens(first+t, s.Words[sp.Start:sp.End])
				}
			}
		}
	}
}

// matchLists marks, per list, list phrases found in tokens [a, b) with
// BILOU positions 1..4 (greedy longest match from the left).
func (d *nerDocFeatures) matchLists(a, b int) {
	var best [nerMaxLists]int
	var cover [nerMaxLists]int
	for t := range cover {
		cover[t] = a
	}
	for i := a; i < b; i++ {
		if d.info[i].flags&tfPunct != 0 {
			continue
		}
		best = [nerMaxLists]int{}
		any := false
		h := listPhraseSeed
		for L := 1; L <= nerMaxGazLen && i+L <= b; L++ {
			h = nerMix(h, d.info[i+L-1].lower)
			m := d.lists.get(h)
			for t := 0; m != 0; t++ {
				if m&1 != 0 {
					best[t] = L
					any = true
				}
				m >>= 1
			}
		}
		if !any {
			continue
		}
		for t := 0; t < nerMaxLists; t++ {
			L := best[t]
			if L == 0 || i < cover[t] {
				continue
			}
			if L == 1 {
				d.listPos[i*nerMaxLists+t] = 4
			} else {
				d.listPos[i*nerMaxLists+t] = 1
				for k := i + 1; k < i+L-1; k++ {
					d.listPos[k*nerMaxLists+t] = 2
				}
				d.listPos[(i+L-1)*nerMaxLists+t] = 3
			}
			cover[t] = i + L
		}
	}
}

// listsOn reports whether list features are emitted for this document.
func (d *nerDocFeatures) listsOn() bool {
	return d.lists != nil && (d.listMode == listsAll || d.conv != nerConvDefault && d.conv != nerConvWikiANN)
}

// listFeatures writes the list features of token i (t0 its info, m1 the
// previous token's) into f from index k and returns the new k.
func (d *nerDocFeatures) listFeatures(f []uint64, k, i int, t0, m1 *nerTokInfo, cc uint64) int {
	pos := d.listPos[i*nerMaxLists : (i+1)*nerMaxLists]
	cap := nerBoolU(t0.capLike())
	var set uint64
	for t, g := range pos {
		if g != 0 {
			f[k] = nerMix(ftList, uint64(t)<<8|uint64(g)<<2|cap<<1|nerBoolU(cc == ccNormal))
			k++
			set |= uint64(g) << (3 * t)
		}
	}
	if set != 0 {
		f[k] = nerMix(ftListSet, set<<1|cap)
		f[k+1] = nerMix(ftListPrev, nerMix(set<<1|cap, m1.norm))
		k += 2
	}
	return k
}
