package nlp

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// CoNLL04Sentence is one sentence of a CoNLL04 JSON file: tokens, entities
// as token spans (end exclusive) and relations between entities.
type CoNLL04Sentence struct {
	Tokens   []string `json:"tokens"`
	Entities []struct {
		Type  string `json:"type"`
		Start int    `json:"start"`
		End   int    `json:"end"`
	} `json:"entities"`
	Relations []struct {
		Type string `json:"type"`
		Head int    `json:"head"`
		Tail int    `json:"tail"`
	} `json:"relations"`
}

// conll04Types maps CoNLL04 entity and relation types to kgraph's; Kill
// has no counterpart and is ignored.
var conll04Types = map[string]string{
	"Peop": "PERSON", "Org": "ORG", "Loc": "LOCATION", "Other": "MISC",
	"Work_For": "WORKS_FOR", "OrgBased_In": "BASED_IN", "Live_In": "LIVES_IN",
	"Located_In": "LOCATED_IN",
}

// ReadCoNLL04 reads a CoNLL04 JSON file (a list of sentences).
func ReadCoNLL04(path string) ([]CoNLL04Sentence, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []CoNLL04Sentence
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for i, s := range out {
		for _, e := range s.Entities {
			if e.Start < 0 || e.End > len(s.Tokens) || e.Start >= e.End {
				return nil, fmt.Errorf("%s: sentence %d: entity span [%d,%d) out of range", path, i, e.Start, e.End)
			}
		}
		for _, r := range s.Relations {
			if r.Head < 0 || r.Head >= len(s.Entities) || r.Tail < 0 || r.Tail >= len(s.Entities) {
				return nil, fmt.Errorf("%s: sentence %d: relation argument out of range", path, i)
			}
		}
	}
	return out, nil
}

// Text returns the sentence as scored: tokens joined by single spaces.
func (s *CoNLL04Sentence) Text() string { return strings.Join(s.Tokens, " ") }

// EntitySpan returns the code-point span of entity i in Text().
func (s *CoNLL04Sentence) EntitySpan(i int) (start, end int) {
	pos := 0
	e := s.Entities[i]
	for t, tok := range s.Tokens {
		if t == e.Start {
			start = pos
		}
		pos += utf8.RuneCountInString(tok)
		if t == e.End-1 {
			end = pos
		}
		pos++
	}
	return start, end
}

// relKey identifies a relation by type and argument spans for scoring.
type relKey struct {
	Type               string
	SubjStart, SubjEnd int
	ObjStart, ObjEnd   int
}

// goldRelations returns the mapped gold relations of s.
func (s *CoNLL04Sentence) goldRelations() map[relKey]bool {
	out := map[relKey]bool{}
	for _, r := range s.Relations {
		t, ok := conll04Types[r.Type]
		if !ok {
			continue
		}
		a, b := s.EntitySpan(r.Head)
		c, d := s.EntitySpan(r.Tail)
		out[relKey{t, a, b, c, d}] = true
	}
	return out
}

// GoldDocument analyzes the sentence's text and adds its gold entities as
// mentions (those that do not align with the analyzer's tokens or cross its
// sentence boundaries are dropped).
func (s *CoNLL04Sentence) GoldDocument(id string) (*Document, error) {
	doc, err := Analyze(id, s.Text())
	if err != nil {
		return nil, err
	}
	for i, e := range s.Entities {
		start, end := s.EntitySpan(i)
		si, ts, te := findTokenSpan(doc, start, end)
		if si < 0 {
			continue
		}
		text := relRuneSlice(doc.Text, start, end)
		doc.Mentions = append(doc.Mentions, Mention{
			Start: start, End: end, Text: text, Type: conll04Types[e.Type],
			Entity: strings.ToLower(text), Sentence: si, TokStart: ts, TokEnd: te,
			Confidence: 1,
		})
	}
	sort.SliceStable(doc.Mentions, func(i, j int) bool {
		if doc.Mentions[i].Start != doc.Mentions[j].Start {
			return doc.Mentions[i].Start < doc.Mentions[j].Start
		}
		return doc.Mentions[i].End > doc.Mentions[j].End
	})
	return doc, nil
}

// findTokenSpan finds the sentence and token span exactly covering the
// code-point span [start, end), or -1.
func findTokenSpan(doc *Document, start, end int) (int, int, int) {
	for si := range doc.Sentences {
		s := &doc.Sentences[si]
		if start < s.Start || end > s.End {
			continue
		}
		ts, te := -1, -1
		for ti, t := range s.Tokens {
			if t.Start == start {
				ts = ti
			}
			if t.End == end {
				te = ti + 1
			}
		}
		if ts >= 0 && te > ts {
			return si, ts, te
		}
	}
	return -1, -1, -1
}

// relInstance is one training pair.
type relInstance struct {
	feats []uint64
	a, b  string // types of the first and second mention
	gold  int
}

// relInstances builds the classifier's candidate pairs of a document with
// gold mentions, labelled from gold (keys over mention spans).
func relInstances(m *relModel, doc *Document, gold map[relKey]bool, maxDist int) []relInstance {
	return relInstancesKeep(m, doc, gold, maxDist, nil)
}

// relInstancesPredicted builds the pairs of a document with the
// recognizer's mentions: a pair with a mention that only partly matches a
// gold entity is left out (its label would punish a boundary, not a
// relation); pairs of exact or spurious mentions are kept.
func relInstancesPredicted(m *relModel, doc *Document, gold map[relKey]bool, ents [][2]int, maxDist int) []relInstance {
	partial := func(x *Mention) bool {
		for _, e := range ents {
			if e[0] == x.Start && e[1] == x.End {
				return false
			}
		}
		for _, e := range ents {
			if e[0] < x.End && x.Start < e[1] {
				return true
			}
		}
		return false
	}
	return relInstancesKeep(m, doc, gold, maxDist, func(a, b *Mention) bool {
		return !partial(a) && !partial(b)
	})
}

// relInstancesKeep is relInstances keeping only the pairs keep accepts
// (nil: all).
func relInstancesKeep(m *relModel, doc *Document, gold map[relKey]bool, maxDist int, keep func(a, b *Mention) bool) []relInstance {
	var out []relInstance
	views := sentenceViews(doc)
	for vi := range views {
		v := &views[vi]
		ms := v.ments
		for i := 0; i < len(ms); i++ {
			a := &doc.Mentions[ms[i]]
			for j := i + 1; j < len(ms); j++ {
				b := &doc.Mentions[ms[j]]
				if b.TokStart < a.TokEnd {
					continue
				}
				if b.TokStart-a.TokEnd > maxDist {
					break
				}
				if !m.candidate(a.Type, b.Type) || sameEntity(a, b) || keep != nil && !keep(a, b) {
					continue
				}
				label := 0
				for c := 1; c < len(m.classes); c++ {
					cl := &m.classes[c]
					if !cl.allowed(a.Type, b.Type) {
						continue
					}
					k := relKey{cl.Type, a.Start, a.End, b.Start, b.End}
					if !cl.Forward {
						k = relKey{cl.Type, b.Start, b.End, a.Start, a.End}
					}
					if gold[k] {
						label = c
						break
					}
				}
				f := pairFeatures(v, a, b, nil)
				out = append(out, relInstance{feats: f, a: a.Type, b: b.Type, gold: label})
			}
		}
	}
	return out
}

// RelTrainOptions configures TrainRelationModel.
type RelTrainOptions struct {
	Epochs int     // passes over the training data; default 12
	Bits   uint    // log2 of the hashed feature rows; default 18
	Rate   float64 // initial learning rate; default 0.2
	L2     float64 // L2 penalty on updated rows; default 1e-6
	Seed   int64
	// Runs is how many models, trained on differently shuffled data
	// (seeds Seed, Seed+1, ...), are averaged into the one returned;
	// default 5. Averaging removes most of the variance that the order of
	// the training pairs causes (5-fold CV on CoNLL04 train, gold entities:
	// best-threshold F1 0.765 with one run, 0.772 with five).
	Runs int
	// CVFolds is how many folds of train add out-of-fold predictions to
	// dev's when the thresholds are tuned with gold entities; default 5,
	// negative for dev alone.
	CVFolds int
	Log     io.Writer // progress; nil for none

	// TrainDocs, when set, returns train sentence i as a document with the
	// recognizer's mentions (Pipeline.Process without relations). Its
	// pairs are trained on besides the gold-entity pairs, labelled by exact
	// span match with the gold relations, so the classifier sees the
	// recognizer's boundaries and errors. The recognizer should not have
	// seen sentence i (cross-training, see docs/rules.md).
	TrainDocs func(i int) (*Document, error)
	// DevDocs, when set, returns dev sentence i with the recognizer's
	// mentions; the thresholds are then tuned end to end (patterns and
	// classifier together, strict spans) instead of with gold entities.
	DevDocs func(i int) (*Document, error)
	// MinPrecision is the dev precision a type's threshold must reach
	// (the threshold maximizes F1 among those that do, else F0.5);
	// default 0.8, negative for plain F1.
	MinPrecision float64
}

// TrainRelationModel trains the relation classifier on train and tunes its
// per-type thresholds on dev (gold entities), favouring precision: the
// threshold maximizes F1 among those with precision >= 0.8, else F0.5.
func TrainRelationModel(train, dev []CoNLL04Sentence, opts RelTrainOptions) (*RelExtractor, error) {
	if opts.Epochs <= 0 {
		opts.Epochs = 12
	}
	if opts.Bits == 0 {
		opts.Bits = 18
	}
	if opts.Rate <= 0 {
		opts.Rate = 0.2
	}
	if opts.L2 == 0 {
		opts.L2 = 1e-6
	}
	if opts.MinPrecision == 0 {
		opts.MinPrecision = 0.8
	}
	if opts.Runs <= 0 {
		opts.Runs = 5
	}
	if opts.CVFolds == 0 {
		opts.CVFolds = 5
	}
	logf := func(format string, args ...any) {
		if opts.Log != nil {
			fmt.Fprintf(opts.Log, format, args...)
		}
	}
	m := newRelModel(opts.Bits, defaultRelTypes)
	const maxDist = 40
	var data []relInstance
	for i := range train {
		doc, err := train[i].GoldDocument(fmt.Sprint("train-", i))
		if err != nil {
			return nil, err
		}
		data = append(data, relInstances(m, doc, train[i].goldRelations(), maxDist)...)
		if opts.TrainDocs != nil {
			pd, err := opts.TrainDocs(i)
			if err != nil {
				return nil, err
			}
			data = append(data, relInstancesPredicted(m, pd, train[i].goldRelations(), train[i].entitySpans(), maxDist)...)
		}
	}
	pos := 0
	for _, d := range data {
		if d.gold != 0 {
			pos++
		}
	}
	logf("training on %d pairs (%d related), %d epochs, %d runs averaged\n", len(data), pos, opts.Epochs, opts.Runs)
	sum := make([]float32, len(m.w))
	for run := 0; run < opts.Runs; run++ {
		clear(m.w)
		m.trainRun(data, opts, opts.Seed+int64(run), logf)
		for i, w := range m.w {
			sum[i] += w / float32(opts.Runs)
		}
	}
	for i, w := range sum {
		if w > -1e-4 && w < 1e-4 {
			w = 0
		}
		m.w[i] = w
	}
	x, err := newRelExtractor(m)
	if err != nil {
		return nil, err
	}
	switch {
	case len(dev) > 0 && opts.DevDocs != nil:
		if err := x.tuneThresholdsEndToEnd(dev, opts.DevDocs, opts.MinPrecision, logf); err != nil {
			return nil, err
		}
	case len(dev) > 0:
		if err := x.tuneThresholds(train, dev, opts, opts.CVFolds, logf); err != nil {
			return nil, err
		}
	}
	return x, nil
}

// trainRun fits m.w (zeroed) to data by averaged SGD on the log loss, the
// data shuffled with seed.
func (m *relModel) trainRun(data []relInstance, opts RelTrainOptions, seed int64, logf func(string, ...any)) {
	data = slices.Clone(data) // each run shuffles from the same order
	nc := len(m.classes)
	// Averaged SGD: avg = w - u/t.
	u := make([]float32, len(m.w))
	mask := uint64(1)<<m.bits - 1
	rng := rand.New(rand.NewSource(seed + 1))
	p := make([]float64, nc)
	t := 1.0
	for ep := 0; ep < opts.Epochs; ep++ {
		rng.Shuffle(len(data), func(i, j int) { data[i], data[j] = data[j], data[i] })
		rate := opts.Rate / (1 + 0.5*float64(ep))
		loss := 0.0
		for _, d := range data {
			p = m.probs(d.feats, d.a, d.b, p)
			loss -= logp(p[d.gold])
			for _, f := range d.feats {
				row := int(f&mask) * nc
				for c := 0; c < nc; c++ {
					if p[c] == 0 && c != d.gold {
						continue
					}
					g := p[c]
					if c == d.gold {
						g -= 1
					}
					g += opts.L2 * float64(m.w[row+c])
					delta := float32(-rate * g)
					m.w[row+c] += delta
					u[row+c] += float32(t) * delta
				}
			}
			t++
		}
		logf("epoch %d: loss %.4f\n", ep+1, loss/float64(len(data)))
	}
	for i := range m.w {
		m.w[i] -= u[i] / float32(t)
	}
}

func logp(p float64) float64 {
	if p < 1e-12 {
		p = 1e-12
	}
	return ln(p)
}

// relScored is one prediction of the classifier while tuning thresholds:
// its probability and whether it is a gold relation.
type relScored struct {
	p  float64
	ok bool
}

// goldPredictions adds to preds the classifier's predictions (above a
// floor of 0.05) on data with gold entities, and to goldN the number of
// gold relations per type.
func (x *RelExtractor) goldPredictions(data []CoNLL04Sentence, preds map[string][]relScored, goldN map[string]int) error {
	m := x.model
	c := x.WithoutPatterns().WithCoref(false).WithDatelineAgencies(true) // CoNLL04's annotation
	saved := m.thr
	m.thr = map[string]float64{}
	for k := range saved {
		m.thr[k] = 0.05
	}
	defer func() { m.thr = saved }()
	for i := range data {
		doc, err := data[i].GoldDocument(fmt.Sprint("tune-", i))
		if err != nil {
			return err
		}
		gold := data[i].goldRelations()
		for k := range gold {
			goldN[k.Type]++
		}
		for _, r := range c.Extract(doc) {
			s, o := &doc.Mentions[r.Subject], &doc.Mentions[r.Object]
			k := relKey{r.Type, s.Start, s.End, o.Start, o.End}
			preds[r.Type] = append(preds[r.Type], relScored{r.Confidence, gold[k]})
		}
	}
	return nil
}

// tuneThresholds picks each type's probability threshold with gold
// entities and the classifier alone: the threshold with the best F1 among
// those whose precision reaches minP (else the best F0.5), over the
// predictions on dev pooled with out-of-fold predictions on train (models
// trained as x was, on train less one of folds parts), so that thresholds
// rest on five times the relations dev alone has. folds < 2: dev only.
func (x *RelExtractor) tuneThresholds(train, dev []CoNLL04Sentence, opts RelTrainOptions, folds int, logf func(string, ...any)) error {
	preds, goldN := map[string][]relScored{}, map[string]int{}
	if err := x.goldPredictions(dev, preds, goldN); err != nil {
		return err
	}
	if folds >= 2 {
		for k := 0; k < folds; k++ {
			y, held, _, err := trainFold(train, opts, folds, k)
			if err != nil {
				return err
			}
			if err := y.goldPredictions(held, preds, goldN); err != nil {
				return err
			}
		}
	}
	m := x.model
	for typ := range m.thr {
		thr, score, ok := chooseThreshold(preds[typ], 0, 0, goldN[typ], opts.MinPrecision)
		m.thr[typ] = thr
		logf("threshold %-10s %.3f (gold entities, dev + %d-fold train: score %.3f, precision>=%.2f: %t)\n", typ, thr, folds, score, opts.MinPrecision, ok)
	}
	return nil
}

// tuneThresholdsEndToEnd picks each type's threshold on dev documents with
// the recognizer's mentions, scoring what the extractor outputs: the
// patterns' relations (fixed) plus the classifier's above the threshold,
// strict spans. The objective is the same as tuneThresholds'.
func (x *RelExtractor) tuneThresholdsEndToEnd(dev []CoNLL04Sentence, docs func(int) (*Document, error), minP float64, logf func(string, ...any)) error {
	m := x.model
	saved := m.thr
	m.thr = map[string]float64{}
	for k := range saved {
		m.thr[k] = 0.05
	}
	y := x.WithDatelineAgencies(true) // CoNLL04's annotation
	pats, cls := y.WithoutClassifier(), y.WithoutPatterns()
	preds := map[string][]relScored{}
	fixedTP, fixedN, goldN := map[string]int{}, map[string]int{}, map[string]int{}
	for i := range dev {
		doc, err := docs(i)
		if err != nil {
			return err
		}
		gold := dev[i].goldRelations()
		for k := range gold {
			goldN[k.Type]++
		}
		keys := func(rels []Relation, d *Document) map[relKey]float64 {
			out := map[relKey]float64{}
			for _, r := range rels {
				s, o := &d.Mentions[r.Subject], &d.Mentions[r.Object]
				k := relKey{r.Type, s.Start, s.End, o.Start, o.End}
				out[k] = max(out[k], r.Confidence)
			}
			return out
		}
		c := *doc
		c.Mentions = append([]Mention(nil), doc.Mentions...)
		fixed := keys(pats.Extract(&c), &c)
		for k := range fixed {
			fixedN[k.Type]++
			if gold[k] {
				fixedTP[k.Type]++
			}
		}
		c = *doc
		c.Mentions = append([]Mention(nil), doc.Mentions...)
		for k, p := range keys(cls.Extract(&c), &c) {
			if _, dup := fixed[k]; !dup {
				preds[k.Type] = append(preds[k.Type], relScored{p, gold[k]})
			}
		}
	}
	for typ := range saved {
		thr, score, ok := chooseThreshold(preds[typ], fixedTP[typ], fixedN[typ], goldN[typ], minP)
		m.thr[typ] = thr
		logf("threshold %-10s %.3f (dev, end to end: score %.3f, precision>=%.2f: %t)\n", typ, thr, score, minP, ok)
	}
	return nil
}

// chooseThreshold returns the probability threshold for one relation type
// given the classifier's scored predictions ps (sorted here), the
// relations other extractors contribute regardless (fixedTP right of
// fixedN) and the number of gold relations: the threshold with the best F1
// among those whose precision reaches minP with at least 3 right (ok),
// else the one with the best F0.5; never below 0.5, since a relation is
// stated only when the classifier finds it more likely than not (tuned
// with gold entities, a lower threshold lets the recognizer's errors
// through: CoNLL04 dev end to end, WORKS_FOR at 0.2 has precision 0.74).
// A type nothing predicts right gets 1: the classifier never states it.
func chooseThreshold(ps []relScored, fixedTP, fixedN, gold int, minP float64) (thr, score float64, ok bool) {
	sort.Slice(ps, func(i, j int) bool { return ps[i].p > ps[j].p })
	thr, score = 1.0, -1.0
	tp, n := fixedTP, fixedN
	for i := -1; i < len(ps); i++ {
		t := 1.0
		if i >= 0 {
			if ps[i].ok {
				tp++
			}
			n++
			if i+1 < len(ps) && ps[i+1].p == ps[i].p {
				continue
			}
			t = ps[i].p
		}
		prec := float64(tp) / float64(max(n, 1))
		rec := float64(tp) / float64(max(gold, 1))
		good := prec >= minP && tp >= 3
		sc := fbeta(prec, rec, 1)
		if !good {
			sc = fbeta(prec, rec, 0.5)
		}
		if good && !ok || good == ok && sc > score {
			thr, score, ok = t, sc, good
		}
	}
	return max(thr, 0.5), score, ok
}

func fbeta(p, r, beta float64) float64 {
	if p == 0 || r == 0 {
		return 0
	}
	b2 := beta * beta
	return (1 + b2) * p * r / (b2*p + r)
}

// Save writes the extractor's classifier to dir/RelModelFile.
func (x *RelExtractor) Save(dir string) error {
	if x.model == nil {
		return fmt.Errorf("%w: no classifier to save", ErrBadModel)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	path := filepath.Join(dir, RelModelFile)
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if err := x.model.write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func ln(x float64) float64 { return math.Log(x) }

// trainFold trains the classifier on the train sentences i with
// i mod folds != k (and, with opts.TrainDocs, on their recognized
// mentions), without thresholds tuning or logging, and returns it with
// the held-out sentences and their indexes in train.
func trainFold(train []CoNLL04Sentence, opts RelTrainOptions, folds, k int) (*RelExtractor, []CoNLL04Sentence, []int, error) {
	var tr, held []CoNLL04Sentence
	var idx, heldIdx []int // train index of tr[j] and held[j]
	for i := range train {
		if i%folds == k {
			held = append(held, train[i])
			heldIdx = append(heldIdx, i)
		} else {
			tr = append(tr, train[i])
			idx = append(idx, i)
		}
	}
	o := opts
	o.Log, o.CVFolds = nil, -1
	if opts.TrainDocs != nil {
		o.TrainDocs = func(j int) (*Document, error) { return opts.TrainDocs(idx[j]) }
	}
	y, err := TrainRelationModel(tr, nil, o)
	return y, held, heldIdx, err
}
