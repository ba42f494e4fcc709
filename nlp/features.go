package nlp

import (
	"unicode"
	"unicode/utf8"
)

// This file turns the tokens of a document into hashed feature ids for
// the NER model. Nothing here builds strings: every feature is a uint64
// made by mixing a template id with hashes of the token's pieces, and
// per-token word features are computed once per document.

const (
	nerFnvOffset = 14695981039346656037
	nerFnvPrime  = 1099511628211
)

// nerHashBytes is FNV-1a over b.
func nerHashBytes(b []byte) uint64 {
	h := uint64(nerFnvOffset)
	for _, c := range b {
		h ^= uint64(c)
		h *= nerFnvPrime
	}
	return h
}

// nerHashString is FNV-1a over s.
func nerHashString(s string) uint64 {
	h := uint64(nerFnvOffset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= nerFnvPrime
	}
	return h
}

// nerMix combines two hashes (a splitmix64-style finalizer over a*K ^ b).
func nerMix(a, b uint64) uint64 {
	h := a*0x9E3779B97F4A7C15 ^ b
	h ^= h >> 31
	h *= 0xBF58476D1CE4E5B9
	h ^= h >> 29
	h *= 0x94D049BB133111EB
	h ^= h >> 32
	return h
}

// Token flags.
const (
	tfCapInit  = 1 << iota // first letter upper case
	tfAllCaps              // has letters, none lower case
	tfHasLower             // has a lower-case letter
	tfHasDigit             // has a digit
	tfAllDigit             // only digits and , . : - /
	tfHyphen               // has a hyphen
	tfPeriod               // has a period
	tfPunct                // no letter or digit
	tfMixed                // an upper-case letter after a lower-case one (VMware, iPhone)
	tfHasUpper             // has an upper-case letter
)

// nerTokInfo holds the hashed word-level properties of one token.
type nerTokInfo struct {
	word, lower, norm, shape, short, pos uint64
	pre, suf                             [4]uint64
	flags                                uint16
	nrunes                               uint16
}

// capLike reports whether the token looks like part of a name by case.
func (t *nerTokInfo) capLike() bool {
	return t.flags&(tfCapInit|tfMixed) != 0
}

// nerShapeClass maps a rune to its shape character.
func nerShapeClass(r rune) rune {
	switch {
	case r >= 'A' && r <= 'Z':
		return 'X'
	case r >= 'a' && r <= 'z':
		return 'x'
	case r >= '0' && r <= '9':
		return 'd'
	case r < 128:
		return r
	case unicode.IsUpper(r):
		return 'X'
	case unicode.IsLower(r) || unicode.IsLetter(r):
		return 'x'
	case unicode.IsDigit(r):
		return 'd'
	}
	return '*'
}

// nerComputeTokInfo fills the word features of word (POS tag tag). buf is
// scratch space for the lower-cased word and is returned for reuse.
func nerComputeTokInfo(word, tag string, buf []byte) (nerTokInfo, []byte) {
	var ti nerTokInfo
	buf = buf[:0]
	var ends [64]uint16 // byte end of each rune in buf, first 64 runes
	hShape, hShort := uint64(nerFnvOffset), uint64(nerFnvOffset)
	var prevClass rune = -1
	var flags uint16 = tfAllCaps | tfPunct
	allDigit := true
	nerHasLetter := false
	prevLower := false
	n := 0
	for i, r := range word {
		cls := nerShapeClass(r)
		if unicode.IsLetter(r) {
			nerHasLetter = true
			flags &^= tfPunct
			if unicode.IsUpper(r) {
				flags |= tfHasUpper
				if i == 0 {
					flags |= tfCapInit
				}
				if prevLower {
					flags |= tfMixed
				}
				prevLower = false
			} else {
				flags |= tfHasLower
				flags &^= tfAllCaps
				prevLower = true
			}
			allDigit = false
		} else if unicode.IsDigit(r) {
			flags |= tfHasDigit
			flags &^= tfPunct
		} else {
			switch r {
			case '-':
				flags |= tfHyphen
			case '.':
				flags |= tfPeriod
			}
			if r != ',' && r != '.' && r != ':' && r != '-' && r != '/' {
				allDigit = false
			}
		}
		lr := r
		if r < 128 {
			if r >= 'A' && r <= 'Z' {
				lr = r + 32
			}
			buf = append(buf, byte(lr))
		} else {
			lr = unicode.ToLower(r)
			buf = utf8.AppendRune(buf, lr)
		}
		if n < len(ends) {
			ends[n] = uint16(len(buf))
		}
		n++
		c := uint64(cls)
		hShape = (hShape ^ c) * nerFnvPrime
		if cls != prevClass {
			hShort = (hShort ^ c) * nerFnvPrime
			prevClass = cls
		}
	}
	if !nerHasLetter {
		flags &^= tfAllCaps
	}
	if allDigit && flags&tfHasDigit != 0 {
		flags |= tfAllDigit
	}
	ti.flags = flags
	if n > 65535 {
		n = 65535
	}
	ti.nrunes = uint16(n)
	ti.word = nerHashString(word)
	ti.lower = nerHashBytes(buf)
	ti.norm = ti.lower
	if len(buf) > 1 && buf[len(buf)-1] == '.' {
		ti.norm = nerHashBytes(buf[:len(buf)-1])
	}
	ti.shape = hShape
	ti.short = hShort
	ti.pos = nerHashString(tag)
	m := n
	if m > len(ends) {
		m = len(ends)
	}
	for k := 0; k < 4; k++ {
		if k < m {
			ti.pre[k] = nerHashBytes(buf[:ends[k]])
		} else {
			ti.pre[k] = ti.lower
		}
		if k < n && n <= len(ends) {
			start := 0
			if j := n - k - 2; j >= 0 {
				start = int(ends[j])
			}
			ti.suf[k] = nerHashBytes(buf[start:])
		} else if k < n {
			// Long word: take bytes from the end (approximate for non-ASCII).
			s := len(buf) - (k + 1)
			for s > 0 && !utf8.RuneStart(buf[s]) {
				s--
			}
			ti.suf[k] = nerHashBytes(buf[s:])
		} else {
			ti.suf[k] = ti.lower
		}
	}
	return ti, buf
}

// nerLowerHash is the hash of the lower-cased word, as in nerTokInfo.lower.
func nerLowerHash(word string, buf []byte) (uint64, []byte) {
	buf = buf[:0]
	for _, r := range word {
		if r < 128 {
			if r >= 'A' && r <= 'Z' {
				r += 32
			}
			buf = append(buf, byte(r))
		} else {
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
		}
	}
	return nerHashBytes(buf), buf
}

// Feature templates. Values are mixed into every feature hash; their
// numbers are part of the model format, so only append.
const (
	ftBias uint64 = iota + 1
	ftWord
	ftLower
	ftShape
	ftShort
	ftPre
	ftSuf
	ftPOS
	ftPOSm1
	ftPOSp1
	ftPOSm2
	ftPOSp2
	ftLowm1
	ftLowp1
	ftLowm2
	ftLowp2
	ftShortm1
	ftShortp1
	ftBiLow
	ftBiLowNext
	ftBiPOS
	ftBiPOSNext
	ftTriPOS
	ftBiShort
	ftBiShortNext
	ftCaseCtx
	ftDocCase
	ftRunPos
	ftRunAfter
	ftRunAfter2
	ftRunBefore
	ftRunBefore2
	ftRunLast
	ftRunFirst
	ftGaz
	ftGazTok
	ftCue
	ftCuePrev
	ftCueNext
	ftAcronym
	ftWordPOS
	ftFlags
	ftDocVote
	ftDocPhrase // reserved
	ftRunCue
	ftList     // a name list hit: list, BILOU position, case
	ftListSet  // the lists hit at the token
	ftListPrev // the lists hit at the token and the word before it
)

// Span conventions (see Recognizer.WithConvention): the default one is
// CoNLL-2003's; nerConvCoNLL04 is mixed into the conjoined features of text
// annotated as CoNLL04 is.
const (
	nerConvDefault uint64 = 0
	nerConvCoNLL04 uint64 = 0x6b67_636f_6e6c_3034
	// nerConvWikiANN marks WikiANN's silver training sentences (training
	// only: NERTrainOptions.WikiANNAugment).
	nerConvWikiANN uint64 = 0x6b67_7769_6b69_616e
)

// Case contexts of a sentence.
const (
	ccNormal = iota
	ccHeadline
	ccLower
)

// Cue classes of words (see nerCueWords).
const (
	cueOrgSuffix = 1 << iota
	cuePersonTitle
	cueOrgContext
	cueConnector
)

// nerCueWords are small closed classes of words that signal names around
// them: company suffixes, person titles, organization contexts. They give
// the model a way to generalize beyond the words seen in training.
var nerCueWords = map[string]uint8{}

func init() {
	add := func(c uint8, ws ...string) {
		for _, w := range ws {
			nerCueWords[w] |= c
		}
	}
	add(cueOrgSuffix, "inc", "corp", "corporation", "co", "company", "ltd", "llc", "plc", "gmbh", "ag",
		"sa", "nv", "bv", "lp", "llp", "labs", "lab", "laboratories", "software", "source", "systems",
		"technologies", "technology", "tech", "group", "holdings", "networks", "network", "bank",
		"communications", "media", "studios", "games", "pharmaceuticals", "partners", "capital",
		"ventures", "solutions", "semiconductor", "electronics", "computer", "computers",
		"microsystems", "research", "foundation", "institute", "university", "college", "association",
		"council", "party", "agency", "ministry", "club", "fc", "airlines", "airways", "motors",
		"industries", "international", "enterprises", "consortium", "alliance", "federation",
		"league", "committee", "commission", "union", "project", "organization", "organisation",
		"society", "services", "securities", "insurance", "energy", "oil", "petroleum", "telecom",
		"press", "times", "news", "journal", "post", "herald", "daily", "magazine")
	add(cuePersonTitle, "mr", "mrs", "ms", "dr", "prof", "professor", "sir", "president", "ceo",
		"cto", "cfo", "coo", "chairman", "chairwoman", "minister", "senator", "sen", "rep", "gov",
		"governor", "gen", "general", "col", "capt", "coach", "director", "founder", "cofounder",
		"co-founder", "engineer", "developer", "spokesman", "spokeswoman", "spokesperson", "analyst",
		"executive", "officer", "manager", "chief", "vp", "maintainer", "author", "architect",
		"programmer", "researcher", "scientist", "leader", "king", "queen", "prince", "pope",
		"judge", "lawyer", "striker", "midfielder", "defender", "goalkeeper", "captain", "player",
		"chancellor", "premier", "mayor", "secretary", "ambassador", "envoy", "head", "hacker")
	add(cueOrgContext, "shares", "stock", "spokesman", "spokeswoman", "spokesperson", "subsidiary",
		"unit", "acquired", "acquire", "acquisition", "bought", "shipped", "ships", "released",
		"announced", "employees", "engineers", "headquarters", "hq", "'s", "at", "startup",
		"rival", "rivals", "competitor", "vendor", "firm", "company's", "products")
	add(cueConnector, "of", "&", "and", "de", "van", "von", "der", "da", "di", "la", "le", "du",
		"del", "bin", "al", "el", "y", "for", "the")
}

// nerCueTab is nerCueWords keyed by word hash, built once at init.
var nerCueTab = func() *nerU8Tab {
	t := nerNewU8Tab(2 * len(nerCueWords))
	for w, c := range nerCueWords {
		t.put(nerHashString(w), c)
	}
	return t
}()

// nerU8Tab is an open-addressing table from uint64 keys to small bit sets.
// Key 0 is stored as 1.
type nerU8Tab struct {
	keys []uint64
	vals []uint8
	mask uint64
	n    int
}

func nerNewU8Tab(n int) *nerU8Tab {
	size := 16
	for size < 2*n {
		size <<= 1
	}
	return &nerU8Tab{keys: make([]uint64, size), vals: make([]uint8, size), mask: uint64(size - 1)}
}

// reset empties the table, growing it to hold n keys.
func (t *nerU8Tab) reset(n int) {
	if 2*n > len(t.keys) {
		*t = *nerNewU8Tab(n)
		return
	}
	clear(t.keys)
	clear(t.vals)
	t.n = 0
}

func (t *nerU8Tab) get(k uint64) uint8 {
	if k == 0 {
		k = 1
	}
	for i := k & t.mask; ; i = (i + 1) & t.mask {
		switch t.keys[i] {
		case k:
			return t.vals[i]
		case 0:
			return 0
		}
	}
}

// or sets bits v on key k.
func (t *nerU8Tab) or(k uint64, v uint8) {
	if k == 0 {
		k = 1
	}
	if 2*(t.n+1) > len(t.keys) {
		t.grow()
	}
	for i := k & t.mask; ; i = (i + 1) & t.mask {
		switch t.keys[i] {
		case k:
			t.vals[i] |= v
			return
		case 0:
			t.keys[i] = k
			t.vals[i] = v
			t.n++
			return
		}
	}
}

func (t *nerU8Tab) put(k uint64, v uint8) {
	t.or(k, 0)
	if k == 0 {
		k = 1
	}
	for i := k & t.mask; ; i = (i + 1) & t.mask {
		if t.keys[i] == k {
			t.vals[i] = v
			return
		}
	}
}

func (t *nerU8Tab) grow() {
	old := *t
	*t = *nerNewU8Tab(2 * len(old.keys))
	for i, k := range old.keys {
		if k != 0 {
			t.or(k, old.vals[i])
		}
	}
}

// stride is the room for one token's features in feats: twice
// nerMaxFeats under a non-default convention (features are duplicated).
func (d *nerDocFeatures) stride() int {
	if d.conv != nerConvDefault {
		return 2 * nerMaxFeats
	}
	return nerMaxFeats
}

// nerMaxFeats bounds the number of features of one token (under the
// default convention).
const nerMaxFeats = 64

// nerMaxGazLen is the longest gazetteer phrase in tokens.
const nerMaxGazLen = 6

// Gazetteer key namespaces.
const (
	gazPhraseSeed uint64 = 0x6761_7a70_6872_6173
	gazTokenSeed  uint64 = 0x6761_7a74_6f6b_656e
)

// nerDocFeatures is the per-document scratch of feature extraction. It is
// reused across documents through a sync.Pool.
type nerDocFeatures struct {
	words   []string
	tags    []string
	sentOff []int // sentence i has tokens [sentOff[i], sentOff[i+1])
	info    []nerTokInfo
	cc      []uint8 // case context per sentence
	feats   []uint64
	nf      []uint8
	conjA   []uint8 // token i's conjoined copies are feats[conjA[i]:conjA[i]+conjN[i]] of its stride
	conjN   []uint8
	buf     []byte
	docTab  nerU8Tab // lower hash -> doc case bits
	acr     nerU8Tab // acronyms defined in the document
	gazPos  [nerTypes][]uint8
	runA    []int32 // start of the capitalized run containing token, -1
	runB    []int32
	votes   []uint8 // stage-two document votes per token (type bits)
	// conv is the span convention of the text (nerConvDefault or a
	// corpus's); when not default, convention-bearing features are also
	// emitted conjoined with it, so that a corpus with other conventions
	// can be trained on without changing the default ones.
	conv uint64
	// lists are the name lists of the model (nil: none), listMode where
	// their features are emitted, listPos per token and list the BILOU
	// position of a list hit (0 none).
	lists    *nerU8Tab
	listMode uint8
	listPos  []uint8
}

// Document case bits.
const (
	dcCapMid   = 1 << iota // seen capitalized, not sentence-initial, in normal text
	dcLowerMid             // seen lower case in normal text
	dcInRun                // seen inside a run of >= 2 capitalized tokens in normal text
	dcSeenAny              // seen in normal text at all
)

// reset prepares for a new document.
func (d *nerDocFeatures) reset() {
	d.words = d.words[:0]
	d.tags = d.tags[:0]
	d.sentOff = append(d.sentOff[:0], 0)
	d.cc = d.cc[:0]
	d.conv = nerConvDefault
}

// addSentence appends one sentence's words and POS tags.
func (d *nerDocFeatures) addSentence(words, tags []string) {
	d.words = append(d.words, words...)
	d.tags = append(d.tags, tags...)
	d.sentOff = append(d.sentOff, len(d.words))
}

// addTokens appends one sentence given as nlp Tokens.
func (d *nerDocFeatures) addTokens(toks []Token) {
	for i := range toks {
		d.words = append(d.words, toks[i].Text)
		d.tags = append(d.tags, toks[i].Tag)
	}
	d.sentOff = append(d.sentOff, len(d.words))
}

func nerGrowSlice[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// prepare computes token info, sentence case contexts, document tables and
// gazetteer matches for the document collected so far.
func (d *nerDocFeatures) prepare(gaz *nerU8Tab) {
	n := len(d.words)
	d.info = nerGrowSlice(d.info, n)
	for i := 0; i < n; i++ {
		d.info[i], d.buf = nerComputeTokInfo(d.words[i], d.tags[i], d.buf)
	}
	ns := len(d.sentOff) - 1
	d.cc = nerGrowSlice(d.cc, ns)
	d.runA = nerGrowSlice(d.runA, n)
	d.runB = nerGrowSlice(d.runB, n)
	d.docTab.reset(n)
	d.acr.reset(8)
	for s := 0; s < ns; s++ {
		a, b := d.sentOff[s], d.sentOff[s+1]
		upper, lower, letters := 0, 0, 0
		for i := a; i < b; i++ {
			f := d.info[i].flags
			if f&tfHasLower != 0 {
				lower++
			}
			if f&tfHasUpper != 0 {
				upper++
			}
			if f&tfPunct == 0 && f&tfAllDigit == 0 {
				letters++
			}
		}
		switch {
		case letters >= 2 && lower == 0:
			d.cc[s] = ccHeadline
		case letters >= 3 && upper == 0:
			d.cc[s] = ccLower
		default:
			d.cc[s] = ccNormal
		}
		d.findRuns(a, b)
		if d.cc[s] != ccNormal {
			continue
		}
		for i := a; i < b; i++ {
			ti := &d.info[i]
			if ti.flags&tfPunct != 0 {
				continue
			}
			var bits uint8 = dcSeenAny
			if ti.capLike() {
				if i > a && !nerIsOpener(d.words[i-1]) {
					bits |= dcCapMid
				}
				if d.runA[i] >= 0 && d.runB[i]-d.runA[i] >= 2 {
					bits |= dcInRun
				}
			} else if ti.flags&tfHasLower != 0 && i > a {
				bits |= dcLowerMid
			}
			d.docTab.or(ti.lower, bits)
		}
		d.findAcronyms(a, b)
	}
	for t := 0; t < nerTypes; t++ {
		d.gazPos[t] = nerGrowSlice(d.gazPos[t], n)
		clear(d.gazPos[t])
	}
	if gaz != nil {
		for s := 0; s < ns; s++ {
			d.matchGaz(gaz, d.sentOff[s], d.sentOff[s+1])
		}
	}
	if d.listsOn() {
		d.listPos = nerGrowSlice(d.listPos, n*nerMaxLists)
		clear(d.listPos)
		for s := 0; s < ns; s++ {
			d.matchLists(d.sentOff[s], d.sentOff[s+1])
		}
	}
	d.votes = nerGrowSlice(d.votes, n)
	clear(d.votes)
}

// nerIsOpener reports tokens after which a capital letter is expected.
func nerIsOpener(w string) bool {
	switch w {
	case "\"", "'", "(", "[", ":", "-", "--", "``", "`", ".", "?", "!", ";", "*":
		return true
	}
	return false
}

// findRuns marks maximal runs of capitalized tokens in [a, b), allowing a
// connector (of, &, de, ...) between two capitalized tokens.
func (d *nerDocFeatures) findRuns(a, b int) {
	for i := a; i < b; i++ {
		d.runA[i], d.runB[i] = -1, -1
	}
	for i := a; i < b; {
		if !d.info[i].capLike() {
			i++
			continue
		}
		j := i + 1
		for j < b {
			if d.info[j].capLike() {
				j++
				continue
			}
			if j+1 < b && d.info[j+1].capLike() && nerCueTab.get(d.info[j].lower)&cueConnector != 0 &&
				d.words[j] != "and" && d.words[j] != "the" {
				j += 2
				continue
			}
			break
		}
		for k := i; k < j; k++ {
			d.runA[k], d.runB[k] = int32(i), int32(j)
		}
		i = j
	}
}

// findAcronyms records acronyms introduced as "Open Source Development Labs
// (OSDL)": an all-caps token in parentheses right after a capitalized run
// whose initials it spells.
func (d *nerDocFeatures) findAcronyms(a, b int) {
	for i := a + 2; i+1 < b; i++ {
		if d.words[i-1] != "(" || d.words[i+1] != ")" || d.info[i].flags&tfAllCaps == 0 {
			continue
		}
		ra := d.runA[i-2]
		if ra < 0 {
			continue
		}
		acr := d.words[i]
		k := 0
		for j := int(ra); j < i-1 && k < len(acr); j++ {
			w := d.words[j]
			if w == "" {
				continue
			}
			if nerCueTab.get(d.info[j].lower)&cueConnector != 0 && w[0] >= 'a' && w[0] <= 'z' {
				continue
			}
			if w[0] == acr[k] {
				k++
			}
		}
		if k >= 2 && k >= len(acr)-1 {
			d.acr.or(d.info[i].word, 1)
			d.acr.or(nerMix(d.info[i-2].lower, 0xac), 2) // marks the run's last word
		}
	}
}

// matchGaz marks, per type, gazetteer phrases found in tokens [a, b) with
// BILOU positions 1..4 (greedy longest match from the left).
func (d *nerDocFeatures) matchGaz(gaz *nerU8Tab, a, b int) {
	var best [nerTypes]int
	var cover [nerTypes]int
	for t := range cover {
		cover[t] = a
	}
	for i := a; i < b; i++ {
		if d.info[i].flags&tfPunct != 0 {
			continue
		}
		best = [nerTypes]int{}
		h := gazPhraseSeed
		for L := 1; L <= nerMaxGazLen && i+L <= b; L++ {
			h = nerMix(h, d.info[i+L-1].lower)
			m := gaz.get(h)
			for t := 0; t < nerTypes; t++ {
				if m&(1<<t) != 0 {
					best[t] = L
				}
			}
		}
		for t := 0; t < nerTypes; t++ {
			L := best[t]
			if L == 0 || i < cover[t] {
				continue
			}
			if L == 1 {
				d.gazPos[t][i] = 4
			} else {
				d.gazPos[t][i] = 1
				for k := i + 1; k < i+L-1; k++ {
					d.gazPos[t][k] = 2
				}
				d.gazPos[t][i+L-1] = 3
			}
			cover[t] = i + L
		}
	}
}

// extract computes the features of every token of the document into
// d.feats (stride nerMaxFeats) and d.nf. gaz may be nil.
func (d *nerDocFeatures) extract(gaz *nerU8Tab, stage2 bool) {
	n := len(d.words)
	d.feats = nerGrowSlice(d.feats, n*d.stride())
	d.nf = nerGrowSlice(d.nf, n)
	d.conjA = nerGrowSlice(d.conjA, n)
	d.conjN = nerGrowSlice(d.conjN, n)
	ns := len(d.sentOff) - 1
	for s := 0; s < ns; s++ {
		a, b := d.sentOff[s], d.sentOff[s+1]
		for i := a; i < b; i++ {
			d.tokenFeatures(gaz, s, a, b, i, stage2)
		}
	}
}

var nerPadInfo = func() nerTokInfo {
	ti, _ := nerComputeTokInfo("<PAD>", "<PAD>", nil)
	ti.flags = tfPunct
	return ti
}()

// tokenFeatures writes the features of token i of sentence s ([a, b)).
func (d *nerDocFeatures) tokenFeatures(gaz *nerU8Tab, s, a, b, i int, stage2 bool) {
	st := d.stride()
	f := d.feats[i*st : (i+1)*st : (i+1)*st]
	k := 0
	put := func(tmpl, v uint64) {
		f[k] = nerMix(tmpl, v)
		k++
	}
	at := func(j int) *nerTokInfo {
		if j < a || j >= b {
			return &nerPadInfo
		}
		return &d.info[j]
	}
	t0 := &d.info[i]
	m1, p1, m2, p2 := at(i-1), at(i+1), at(i-2), at(i+2)
	cc := uint64(d.cc[s])
	initial := uint64(0)
	if i == a || (i > a && nerIsOpener(d.words[i-1])) {
		initial = 1
	}
	put(ftBias, 0)
	put(ftWord, t0.word)
	put(ftLower, t0.lower)
	put(ftShape, t0.shape)
	put(ftShort, t0.short)
	for j := 0; j < 4; j++ {
		put(ftPre+uint64(j)<<8, t0.pre[j])
		put(ftSuf+uint64(j)<<8, t0.suf[j])
	}
	put(ftPOS, t0.pos)
	put(ftPOSm1, m1.pos)
	put(ftPOSp1, p1.pos)
	put(ftPOSm2, m2.pos)
	put(ftPOSp2, p2.pos)
	put(ftLowm1, m1.lower)
	put(ftLowp1, p1.lower)
	put(ftLowm2, m2.lower)
	put(ftLowp2, p2.lower)
	put(ftShortm1, m1.short)
	put(ftShortp1, p1.short)
	put(ftBiLow, nerMix(m1.lower, t0.lower))
	put(ftBiLowNext, nerMix(t0.lower, p1.lower))
	put(ftBiPOS, nerMix(m1.pos, t0.pos))
	put(ftBiPOSNext, nerMix(t0.pos, p1.pos))
	put(ftTriPOS, nerMix(nerMix(m1.pos, t0.pos), p1.pos))
	put(ftBiShort, nerMix(m1.short, t0.short))
	put(ftBiShortNext, nerMix(t0.short, p1.short))
	put(ftWordPOS, nerMix(t0.lower, t0.pos))
	put(ftFlags, uint64(t0.flags)<<4|cc<<1|initial)
	put(ftCaseCtx, nerMix(t0.short, cc<<1|initial))
	// Document case evidence for this word.
	if t0.flags&tfPunct == 0 {
		db := uint64(d.docTab.get(t0.lower))
		cap := uint64(0)
		if t0.capLike() {
			cap = 1
		}
		put(ftDocCase, db<<4|cc<<2|initial<<1|cap)
	}
	// Capitalized run.
	if ra := d.runA[i]; ra >= 0 {
		rb := int(d.runB[i])
		L := rb - int(ra)
		pos := uint64(2)
		switch {
		case L == 1:
			pos = 4
		case i == int(ra):
			pos = 1
		case i == rb-1:
			pos = 3
		}
		lb := uint64(L)
		if lb > 4 {
			lb = 4
		}
		rinit := uint64(0)
		if int(ra) == a || nerIsOpener(d.words[ra-1]) {
			rinit = 1
		}
		put(ftRunPos, pos<<8|lb<<4|rinit<<2|cc)
		put(ftRunAfter, at(rb).norm)
		put(ftRunAfter2, nerMix(at(rb).norm, at(rb+1).norm))
		put(ftRunBefore, at(int(ra)-1).norm)
		put(ftRunBefore2, nerMix(at(int(ra)-2).norm, at(int(ra)-1).norm))
		put(ftRunLast, at(rb-1).norm)
		put(ftRunFirst, at(int(ra)).norm)
		rc := uint64(nerCueTab.get(at(rb-1).norm))<<8 | uint64(nerCueTab.get(at(rb).norm))<<4 |
			uint64(nerCueTab.get(at(int(ra)-1).norm))
		put(ftRunCue, rc<<2|pos>>1)
	}
	if gaz != nil {
		cap := uint64(0)
		if t0.capLike() {
			cap = 1
		}
		for t := 0; t < nerTypes; t++ {
			if g := d.gazPos[t][i]; g != 0 {
				put(ftGaz, uint64(t)<<8|uint64(g)<<2|cap<<1|nerBoolU(cc == ccNormal))
			}
		}
		if m := gaz.get(nerMix(gazTokenSeed, t0.lower)); m != 0 {
			put(ftGazTok, uint64(m)<<2|cap<<1|nerBoolU(cc == ccNormal))
		}
	}
	if d.listsOn() {
		k = d.listFeatures(f, k, i, t0, m1, cc)
	}
	put(ftCue, uint64(nerCueTab.get(t0.norm)))
	put(ftCuePrev, uint64(nerCueTab.get(m1.norm)))
	put(ftCueNext, uint64(nerCueTab.get(p1.norm)))
	if av := d.acr.get(t0.word); av != 0 {
		put(ftAcronym, uint64(av))
	}
	d.conjA[i], d.conjN[i] = uint8(k), 0
	if d.conv != nerConvDefault {
		// Every feature also conjoined with the convention: the shared
		// copy learns what the corpora agree on, the conjoined copy how
		// this convention differs.
		for j, n := 0, k; j < n && k < st-1; j++ {
			f[k] = nerMix(f[j], d.conv)
			k++
		}
		d.conjN[i] = uint8(k - int(d.conjA[i]))
	}
	for j := 0; j < k; j++ {
		if f[j] == 0 {
			f[j] = 1
		}
	}
	d.nf[i] = uint8(k)
	if stage2 {
		d.appendVote(i)
	}
}

// appendVotes adds the second-stage document votes to the features
// already extracted for the first stage.
func (d *nerDocFeatures) appendVotes() {
	for i := range d.words {
		d.appendVote(i)
	}
}

func (d *nerDocFeatures) appendVote(i int) {
	k := i*d.stride() + int(d.nf[i])
	f := nerMix(ftDocVote, uint64(d.votes[i])<<1|nerBoolU(d.info[i].capLike()))
	if f == 0 {
		f = 1
	}
	d.feats[k] = f
	d.nf[i]++
}

func nerBoolU(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
