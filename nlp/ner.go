package nlp

import (
	"bufio"
	"bytes"
	"compress/flate"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// The recognizer labels tokens with BILOU tags over four types and decodes
// the best valid tag sequence of each sentence with Viterbi, so every
// output is a well-formed span. Scores come from an averaged structured
// nerPerceptron over hashed features (features.go). An optional second stage
// adds document-level votes from the first stage's output (a name tagged
// in one sentence is evidence for the same word elsewhere).

const (
	nerTypes   = 4
	nerNLabels = 1 + 4*nerTypes
)

// nerTypeNames are kgraph's type names, indexed by type number.
var nerTypeNames = [nerTypes]string{"PERSON", "ORG", "LOCATION", "MISC"}

// nerTypeIndex returns the index of an entity type in nerTypeNames, -1
// for types the recognizer does not produce.
func nerTypeIndex(typ string) int {
	for i, n := range nerTypeNames {
		if n == typ {
			return i
		}
	}
	return -1
}

// nerShortNames are the corpus type names, indexed by type number.
var nerShortNames = [nerTypes]string{"PER", "ORG", "LOC", "MISC"}

// BILOU positions within a type's block of labels.
const (
	nerPosB = iota
	nerPosI
	nerPosL
	nerPosU
)

func nerLabel(t, pos int) uint8 { return uint8(1 + 4*t + pos) }

func nerLabelType(l uint8) int { return (int(l) - 1) / 4 }

func nerLabelPos(l uint8) int { return (int(l) - 1) % 4 }

// nerAllowed[p*nerNLabels+c] reports whether label c may follow label p.
var nerAllowed = func() (a [nerNLabels * nerNLabels]bool) {
	for p := 0; p < nerNLabels; p++ {
		open := p != 0 && (nerLabelPos(uint8(p)) == nerPosB || nerLabelPos(uint8(p)) == nerPosI)
		for c := 0; c < nerNLabels; c++ {
			if open {
				a[p*nerNLabels+c] = c != 0 && nerLabelType(uint8(c)) == nerLabelType(uint8(p)) &&
					(nerLabelPos(uint8(c)) == nerPosI || nerLabelPos(uint8(c)) == nerPosL)
			} else {
				a[p*nerNLabels+c] = c == 0 || nerLabelPos(uint8(c)) == nerPosB || nerLabelPos(uint8(c)) == nerPosU
			}
		}
	}
	return a
}()

// nerPrevs[c] lists the labels that may precede label c.
var nerPrevs = func() (ps [nerNLabels][]uint8) {
	for c := 0; c < nerNLabels; c++ {
		for p := 0; p < nerNLabels; p++ {
			if nerAllowed[p*nerNLabels+c] {
				ps[c] = append(ps[c], uint8(p))
			}
		}
	}
	return ps
}()

// nerNexts[p] lists the labels that may follow label p.
var nerNexts = func() (ns [nerNLabels][]uint8) {
	for p := 0; p < nerNLabels; p++ {
		for c := 0; c < nerNLabels; c++ {
			if nerAllowed[p*nerNLabels+c] {
				ns[p] = append(ns[p], uint8(c))
			}
		}
	}
	return ns
}()

// nerCanStart and nerCanEnd report the labels nerAllowed first and last.
func nerCanStart(c int) bool {
	return c == 0 || nerLabelPos(uint8(c)) == nerPosB || nerLabelPos(uint8(c)) == nerPosU
}
func nerCanEnd(c int) bool {
	return c == 0 || nerLabelPos(uint8(c)) == nerPosL || nerLabelPos(uint8(c)) == nerPosU
}

// nerViterbi finds the best valid nerLabel sequence for n tokens given emission
// scores emit[i*nerNLabels+l] and transition scores trans[p*nerNLabels+c]. It
// writes the labels to out. back is scratch of at least n*nerNLabels.
func nerViterbi(emit []float32, n int, trans *[nerNLabels * nerNLabels]float32, out []uint8, back []uint8) {
	if n == 0 {
		return
	}
	negInf := float32(math.Inf(-1))
	var cur, prev [nerNLabels]float32
	for c := 0; c < nerNLabels; c++ {
		if nerCanStart(c) {
			prev[c] = emit[c]
		} else {
			prev[c] = negInf
		}
	}
	for i := 1; i < n; i++ {
		e := emit[i*nerNLabels : (i+1)*nerNLabels]
		bk := back[i*nerNLabels : (i+1)*nerNLabels]
		for c := 0; c < nerNLabels; c++ {
			best, arg := negInf, 0
			for _, p := range nerPrevs[c] {
				if s := prev[p] + trans[int(p)*nerNLabels+c]; s > best {
					best, arg = s, int(p)
				}
			}
			cur[c] = best + e[c]
			bk[c] = uint8(arg)
		}
		prev = cur
	}
	best, arg := negInf, 0
	for c := 0; c < nerNLabels; c++ {
		if nerCanEnd(c) && prev[c] > best {
			best, arg = prev[c], c
		}
	}
	out[n-1] = uint8(arg)
	for i := n - 1; i > 0; i-- {
		out[i-1] = back[i*nerNLabels+int(out[i])]
	}
}

// nerWslot is one slot of a weight table: a feature key and its row.
type nerWslot struct {
	key uint64
	row int32
}

// alloc makes room for n features: an open-addressing slot table at
// most half full (a power of two, at least 16) and n rows of weights.
func (m *nerWeights) alloc(n int) {
	size := 16
	for size < 2*n {
		size <<= 1
	}
	m.slots = make([]nerWslot, size)
	m.mask = uint64(size - 1)
	m.w = make([]int16, n*nerNLabels)
}

// nerWeights is one stage's quantized weights.
type nerWeights struct {
	slots []nerWslot
	mask  uint64
	w     []int16 // rows * nerNLabels
	scale float32
	trans [nerNLabels * nerNLabels]float32
}

func (m *nerWeights) lookup(k uint64) int32 {
	for i := k & m.mask; ; i = (i + 1) & m.mask {
		s := &m.slots[i]
		if s.key == k {
			return s.row
		}
		if s.key == 0 {
			return -1
		}
	}
}

// emissions computes emit[i*nerNLabels+l] for every token of d.
func (m *nerWeights) emissions(d *nerDocFeatures, emit []float32) {
	n := len(d.words)
	var rows [2 * nerMaxFeats]int32
	st := d.stride()
	for i := 0; i < n; i++ {
		// Resolve all rows first: the table probes are independent loads
		// the CPU can overlap, then accumulate.
		k := 0
		for _, f := range d.feats[i*st : i*st+int(d.nf[i])] {
			if r := m.lookup(f); r >= 0 {
				rows[k] = r
				k++
			}
		}
		var acc [nerNLabels]int32
		for _, r := range rows[:k] {
			row := m.w[int(r)*nerNLabels : int(r)*nerNLabels+nerNLabels]
			for l := range acc {
				acc[l] += int32(row[l])
			}
		}
		e := emit[i*nerNLabels : (i+1)*nerNLabels]
		for l := range acc {
			e[l] = float32(acc[l]) * m.scale
		}
	}
}

// Recognizer is a trained named-entity recognizer for PERSON, ORG,
// LOCATION and MISC. It is immutable after loading and safe for concurrent
// use.
type Recognizer struct {
	stages []*nerWeights // one or two
	gaz    *nerU8Tab
	temp   float32 // confidence temperature
	conv   uint64  // span convention (nerConvDefault or a corpus's)
	// lists are the name lists (see ner_lists.go; nil: none) and
	// listMode where their features are emitted.
	lists    *nerU8Tab
	listMode uint8
	pool     sync.Pool
}

// NERConvention names a span convention of the recognizer's output. The
// recognizer is trained on corpora that draw entity boundaries differently;
// a convention selects which corpus's boundaries to reproduce.
type NERConvention string

// Span conventions.
const (
	// ConventionCoNLL2003 is the default: names without titles ("Carter"
	// in "President Carter"), "Hartford, Conn." as two locations.
	ConventionCoNLL2003 NERConvention = "conll2003"
	// ConventionCoNLL04 follows the CoNLL04 relation corpus: person spans
	// may include titles ("President Carter"), "Hartford, Conn." is one
	// location. It is learned from the CoNLL04 training entities when the
	// model was trained with them (NERTrainOptions.CoNLL04); otherwise it
	// gives the default output.
	ConventionCoNLL04 NERConvention = "conll04"
)

// WithConvention returns a recognizer sharing r's model that produces
// spans in convention c, or an error wrapping ErrBadModel for an unknown
// convention.
func (r *Recognizer) WithConvention(c NERConvention) (*Recognizer, error) {
	var conv uint64
	switch c {
	case ConventionCoNLL2003, "":
		conv = nerConvDefault
	case ConventionCoNLL04:
		conv = nerConvCoNLL04
	default:
		return nil, fmt.Errorf("%w: unknown NER convention %q (want %s or %s)", ErrBadModel, c, ConventionCoNLL2003, ConventionCoNLL04)
	}
	return &Recognizer{stages: r.stages, gaz: r.gaz, temp: r.temp, conv: conv, lists: r.lists, listMode: r.listMode}, nil
}

// nerScratch is the per-call working memory of Recognize.
type nerScratch struct {
	d      nerDocFeatures
	emit   []float32
	back   []uint8
	labels []uint8
	counts nerU8Tab
	fwd    []float32
}

func (r *Recognizer) scratch() *nerScratch {
	if s, ok := r.pool.Get().(*nerScratch); ok {
		return s
	}
	return &nerScratch{}
}

// Recognize finds the entity mentions in the sentences of one document.
// It fills Start, End (document code points, from token offsets), Type,
// Sentence, TokStart, TokEnd and Confidence; Text is left empty for the
// caller to fill from the document text. Mentions are in document order.
func (r *Recognizer) Recognize(sents []Sentence) []Mention {
	s := r.scratch()
	defer r.pool.Put(s)
	d := &s.d
	d.reset()
	d.conv = r.conv
	for i := range sents {
		d.addTokens(sents[i].Tokens)
	}
	r.label(s)
	var out []Mention
	for si := range sents {
		a, b := d.sentOff[si], d.sentOff[si+1]
		toks := sents[si].Tokens
		nerForSpans(s.labels[a:b], func(ts, te, typ int) {
			conf := r.confidence(s, a+ts, a+te)
			if r.conv == nerConvDefault && nerTypeNames[typ] == "PERSON" && te-ts >= 2 && ts > 0 &&
				s.labels[a+ts-1] == 0 && isInitialDot(toks[ts].Text) && firstNameBefore(toks[ts-1]) {
				ts-- // "Ulf D. Merbold": the model left out "Ulf"
			}
			out = append(out, Mention{
				Start: toks[ts].Start, End: mentionEnd(r.conv, toks, ts, te, nerTypeNames[typ]),
				Type: nerTypeNames[typ], Sentence: si, TokStart: ts, TokEnd: te,
				Confidence: conf,
			})
		})
	}
	switch r.conv {
	case nerConvDefault:
		out = applySpanRules(sents, out, r.conv, nerRulesDefault)
		nerEncyclopedicTypes(sents, out)
	case nerConvCoNLL04:
		out = applySpanRules(sents, out, r.conv, nerRulesCoNLL04)
	}
	return out
}

// mentionEnd returns the end (a code-point offset) of a mention of type
// typ over tokens [ts, te) of a sentence in convention conv.
func mentionEnd(conv uint64, toks []Token, ts, te int, typ string) int {
	end := toks[te-1].End
	switch {
	case conv == nerConvCoNLL04:
		// CoNLL04 spans keep a sentence-final period glued to
		// the name ("born in Hartford, Conn." ends with "Conn."),
		// and the period after a lone state abbreviation even
		// when its tokenization split it off ("in Mich ." is
		// one location 13 times in CoNLL04 train, 3 times not).
		if te == len(toks)-1 && toks[te].Text == "." && (toks[te].Start == end ||
			te-ts == 1 && typ == "LOCATION" && conll04StateAbbrev(toks[ts].Text)) {
			end = toks[te].End
		}
	case te == len(toks) && strayPeriod(toks[te-1].Text):
		end-- // "... of Red Hat." ends the sentence, not the name
	}
	return end
}

// conll04StateAbbrev reports an abbreviation of a US state or of the
// country, written as CoNLL04's news text abbreviates them, without the
// final period ("Mich", "N.Y", "U.S").
func conll04StateAbbrev(w string) bool {
	switch w {
	case "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan", "Ky", "La",
		"Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "Okla", "Ore", "Pa", "Tenn", "Tex",
		"Vt", "Va", "Wash", "Wis", "Wyo":
		return true
	}
	// Dotted initials: N.Y, S.C, U.S.
	if len(w) < 3 || len(w)%2 == 0 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if c := w[i]; i%2 == 0 && (c < 'A' || c > 'Z') || i%2 == 1 && c != '.' {
			return false
		}
	}
	return true
}

// strayPeriod reports a sentence-final token such as "Hat." that the
// tokenizer left with the sentence's period attached, unlike abbreviations
// such as "Inc." or "Jr." whose period belongs to the name.
func strayPeriod(w string) bool {
	if len(w) < 3 || w[len(w)-1] != '.' || strings.Count(w, ".") > 1 {
		return false
	}
	if conll04StateAbbrev(w[:len(w)-1]) {
		return false // "born in Amherst, Mass.": the period is the abbreviation's
	}
	switch strings.ToLower(w[:len(w)-1]) {
	case "inc", "co", "corp", "ltd", "jr", "sr", "st", "bros", "mt", "ft", "plc", "llc", "dr", "mr", "mrs", "ms", "gen", "col", "sen", "rep", "gov", "no", "ave", "av":
		return false
	}
	return true
}

// label runs the stages over the document in s.d and leaves the labels of
// all its tokens in s.labels.
func (r *Recognizer) label(s *nerScratch) {
	d := &s.d
	d.lists, d.listMode = r.lists, r.listMode
	d.prepare(r.gaz)
	n := len(d.words)
	s.emit = nerGrowSlice(s.emit, n*nerNLabels)
	s.back = nerGrowSlice(s.back, n*nerNLabels)
	s.labels = nerGrowSlice(s.labels, n)
	for k, st := range r.stages {
		if k == 0 {
			d.extract(r.gaz, false)
		} else {
			nerComputeVotes(d, s.labels, &s.counts)
			d.appendVotes()
		}
		st.emissions(d, s.emit)
		last := k == len(r.stages)-1
		for si := 0; si+1 < len(d.sentOff); si++ {
			a, b := d.sentOff[si], d.sentOff[si+1]
			e := s.emit[a*nerNLabels : b*nerNLabels]
			nerViterbi(e, b-a, &st.trans, s.labels[a:b], s.back)
			if last && slices.ContainsFunc(s.labels[a:b], func(l uint8) bool { return l != 0 }) {
				s.fwd = nerGrowSlice(s.fwd, len(e))
				nerMaxMarginals(e, b-a, &st.trans, s.fwd)
			}
		}
	}
}

// nerMaxMarginals replaces emit (n tokens) by max-marginals: entry (i, c)
// becomes the score of the best valid path that gives token i label c.
// fwd is scratch of the same length.
func nerMaxMarginals(emit []float32, n int, trans *[nerNLabels * nerNLabels]float32, fwd []float32) {
	negInf := float32(math.Inf(-1))
	for c := 0; c < nerNLabels; c++ {
		fwd[c] = negInf
		if nerCanStart(c) {
			fwd[c] = emit[c]
		}
	}
	for i := 1; i < n; i++ {
		prev, cur := fwd[(i-1)*nerNLabels:i*nerNLabels], fwd[i*nerNLabels:(i+1)*nerNLabels]
		for c := 0; c < nerNLabels; c++ {
			best := negInf
			for _, p := range nerPrevs[c] {
				best = max(best, prev[p]+trans[int(p)*nerNLabels+c])
			}
			cur[c] = best + emit[i*nerNLabels+c]
		}
	}
	// Walk backwards keeping the best completion from each label, and
	// overwrite emit with fwd + completion (fwd already includes emit).
	var next, cur [nerNLabels]float32
	for c := 0; c < nerNLabels; c++ {
		next[c] = negInf
		if nerCanEnd(c) {
			next[c] = 0
		}
	}
	for i := n - 1; i >= 0; i-- {
		row := emit[i*nerNLabels : (i+1)*nerNLabels]
		// next holds the best completion after token i for each label of i.
		var e [nerNLabels]float32
		copy(e[:], row)
		for c := 0; c < nerNLabels; c++ {
			row[c] = fwd[i*nerNLabels+c] + next[c]
		}
		if i == 0 {
			break
		}
		for p := 0; p < nerNLabels; p++ {
			best := negInf
			for _, c := range nerNexts[p] {
				best = max(best, trans[p*nerNLabels+int(c)]+e[c]+next[c])
			}
			cur[p] = best
		}
		next = cur
	}
}

// confidence is the mean over tokens [a, b) of the softmax probability
// (max-marginal path scores divided by the model's temperature) of all
// labels of the chosen entity type, clamped to [0.01, 1].
func (r *Recognizer) confidence(s *nerScratch, a, b int) float64 {
	var sum float64
	for i := a; i < b; i++ {
		e := s.emit[i*nerNLabels : (i+1)*nerNLabels]
		t := nerLabelType(s.labels[i])
		mx := e[0]
		for _, v := range e {
			mx = max(mx, v)
		}
		var z, in float64
		for c, v := range e {
			p := math.Exp(float64(v-mx) / float64(r.temp))
			z += p
			if c > 0 && nerLabelType(uint8(c)) == t {
				in += p
			}
		}
		sum += in / z
	}
	return max(0.01, min(1, sum/float64(b-a)))
}

// nerForSpans calls fn for each entity span (token start, end, type) in a
// valid BILOU nerLabel sequence.
func nerForSpans(labels []uint8, fn func(start, end, typ int)) {
	start := -1
	for i, l := range labels {
		if l == 0 {
			start = -1
			continue
		}
		switch nerLabelPos(l) {
		case nerPosU:
			fn(i, i+1, nerLabelType(l))
			start = -1
		case nerPosB:
			start = i
		case nerPosL:
			if start >= 0 {
				fn(start, i+1, nerLabelType(l))
			}
			start = -1
		}
	}
}

// nerComputeVotes fills d.votes from first-stage labels: for each token, the
// types that other occurrences of the same (lower-cased) word received.
func nerComputeVotes(d *nerDocFeatures, labels []uint8, counts *nerU8Tab) {
	n := len(d.words)
	counts.reset(n)
	for i := 0; i < n; i++ {
		if labels[i] != 0 {
			k := nerMix(d.info[i].lower, uint64(nerLabelType(labels[i])))
			if c := counts.get(k); c < 255 {
				counts.put(k, c+1)
			}
		}
	}
	for i := 0; i < n; i++ {
		var v uint8
		if d.info[i].flags&tfPunct == 0 {
			own := -1
			if labels[i] != 0 {
				own = nerLabelType(labels[i])
			}
			for t := 0; t < nerTypes; t++ {
				c := int(counts.get(nerMix(d.info[i].lower, uint64(t))))
				if t == own {
					c--
				}
				if c > 0 {
					v |= 1 << t
				}
			}
		}
		d.votes[i] = v
	}
}

// Model file format.
const nerModelFile = "ner.model"

var nerMagic = []byte("KGNER\x01")

//go:embed model
var embeddedModel embed.FS

var defaultNER struct {
	once sync.Once
	r    *Recognizer
	err  error
}

// DefaultRecognizer returns the recognizer embedded in the binary, loaded
// once per process.
func DefaultRecognizer() (*Recognizer, error) {
	defaultNER.once.Do(func() {
		b, err := fs.ReadFile(embeddedModel, "model/"+nerModelFile)
		if err != nil {
			defaultNER.err = fmt.Errorf("%w: embedded model: %w", ErrNoModel, err)
			return
		}
		defaultNER.r, defaultNER.err = decodeRecognizer(b)
	})
	return defaultNER.r, defaultNER.err
}

// RecognizerFrom returns the recognizer saved in dir (LoadRecognizer), or
// the embedded one (DefaultRecognizer) when dir is "".
func RecognizerFrom(dir string) (*Recognizer, error) {
	if dir == "" {
		return DefaultRecognizer()
	}
	return LoadRecognizer(dir)
}

// LoadRecognizer loads a trained model directory written by TrainNER.
func LoadRecognizer(dir string) (*Recognizer, error) {
	b, err := os.ReadFile(filepath.Join(dir, nerModelFile))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w: %w", ErrNoModel, err)
		}
		return nil, fmt.Errorf("%w: %w", ErrBadModel, err)
	}
	return decodeRecognizer(b)
}

// Save writes the recognizer to dir/ner.model, creating dir.
func (r *Recognizer) Save(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := r.encode(&buf); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, nerModelFile), buf.Bytes(), 0o644)
}

func (r *Recognizer) encode(w io.Writer) error {
	if _, err := w.Write(nerMagic); err != nil {
		return err
	}
	zw, err := flate.NewWriter(w, flate.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	var tmp [binary.MaxVarintLen64]byte
	uv := func(v uint64) { bw.Write(tmp[:binary.PutUvarint(tmp[:], v)]) }
	sv := func(v int64) { bw.Write(tmp[:binary.PutVarint(tmp[:], v)]) }
	f32 := func(f float32) { uv(uint64(math.Float32bits(f))) }
	uv(uint64(len(r.stages)))
	f32(r.temp)
	for _, st := range r.stages {
		f32(st.scale)
		for _, t := range st.trans {
			f32(t)
		}
		type kr struct {
			key uint64
			row int32
		}
		var rows []kr
		for _, s := range st.slots {
			if s.key != 0 {
				rows = append(rows, kr{s.key, s.row})
			}
		}
		slices.SortFunc(rows, func(a, b kr) int {
			if a.key < b.key {
				return -1
			}
			return 1
		})
		uv(uint64(len(rows)))
		var last uint64
		for _, x := range rows {
			uv(x.key - last)
			last = x.key
			row := st.w[int(x.row)*nerNLabels : int(x.row)*nerNLabels+nerNLabels]
			var nz uint32
			for l, v := range row {
				if v != 0 {
					nz |= 1 << l
				}
			}
			uv(uint64(nz))
			for _, v := range row {
				if v != 0 {
					sv(int64(v))
				}
			}
		}
	}
	// Gazetteer.
	var keys []uint64
	if r.gaz != nil {
		for _, k := range r.gaz.keys {
			if k != 0 {
				keys = append(keys, k)
			}
		}
	}
	slices.Sort(keys)
	uv(uint64(len(keys)))
	var last uint64
	for _, k := range keys {
		uv(k - last)
		last = k
		bw.WriteByte(r.gaz.get(k))
	}
	// Optional sections (older models end here): a tag byte, then a
	// table. 'L': name lists (after the tag, the list mode byte).
	table := func(t *nerU8Tab) {
		keys = keys[:0]
		for _, k := range t.keys {
			if k != 0 {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		uv(uint64(len(keys)))
		last = 0
		for _, k := range keys {
			uv(k - last)
			last = k
			bw.WriteByte(t.get(k))
		}
	}
	if r.lists != nil {
		bw.WriteByte('L')
		bw.WriteByte(r.listMode)
		table(r.lists)
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

func decodeRecognizer(b []byte) (*Recognizer, error) {
	if !bytes.HasPrefix(b, nerMagic) {
		return nil, fmt.Errorf("%w: not an NER model", ErrBadModel)
	}
	raw, err := io.ReadAll(flate.NewReader(bytes.NewReader(b[len(nerMagic):])))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadModel, err)
	}
	pos := 0
	errShort := errors.New("truncated")
	uv := func() uint64 {
		if err != nil {
			return 0
		}
		v, n := binary.Uvarint(raw[pos:])
		if n <= 0 {
			err = errShort
			return 0
		}
		pos += n
		return v
	}
	sv := func() int64 {
		if err != nil {
			return 0
		}
		v, n := binary.Varint(raw[pos:])
		if n <= 0 {
			err = errShort
			return 0
		}
		pos += n
		return v
	}
	f32 := func() float32 { return math.Float32frombits(uint32(uv())) }
	r := &Recognizer{}
	ns := uv()
	if ns < 1 || ns > 2 {
		return nil, fmt.Errorf("%w: %d stages", ErrBadModel, ns)
	}
	r.temp = f32()
	for k := uint64(0); k < ns && err == nil; k++ {
		st := &nerWeights{scale: f32()}
		for i := range st.trans {
			st.trans[i] = f32()
		}
		n := uv()
		if n > 1<<26 {
			return nil, fmt.Errorf("%w: %d rows", ErrBadModel, n)
		}
		st.alloc(int(n))
		var key uint64
		for i := 0; i < int(n) && err == nil; i++ {
			key += uv()
			nz := uv()
			row := st.w[i*nerNLabels : i*nerNLabels+nerNLabels]
			for l := range row {
				if nz&(1<<l) != 0 {
					row[l] = int16(sv())
				}
			}
			j := key & st.mask
			for st.slots[j].key != 0 {
				j = (j + 1) & st.mask
			}
			st.slots[j] = nerWslot{key: key, row: int32(i)}
		}
		r.stages = append(r.stages, st)
	}
	ng := uv()
	if ng > 1<<26 {
		err = fmt.Errorf("%d gazetteer entries", ng)
	}
	if err == nil && ng > 0 {
		r.gaz = nerNewU8Tab(int(ng))
		var key uint64
		for i := uint64(0); i < ng && err == nil; i++ {
			key += uv()
			if pos >= len(raw) {
				err = errShort
				break
			}
			r.gaz.or(key, raw[pos])
			pos++
		}
	}
	table := func() *nerU8Tab {
		n := uv()
		if n > 1<<26 {
			err = fmt.Errorf("%d table entries", n)
			return nil
		}
		t := nerNewU8Tab(int(n))
		var key uint64
		for i := uint64(0); i < n && err == nil; i++ {
			key += uv()
			if pos >= len(raw) {
				err = errShort
				break
			}
			t.or(key, raw[pos])
			pos++
		}
		return t
	}
	for err == nil && pos < len(raw) {
		tag := raw[pos]
		pos++
		switch tag {
		case 'L':
			if pos >= len(raw) {
				err = errShort
				break
			}
			r.listMode = raw[pos]
			pos++
			r.lists = table()
		default:
			err = fmt.Errorf("unknown section %q", tag)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadModel, err)
	}
	return r, nil
}
