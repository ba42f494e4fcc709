package nlp

import (
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
)

// NERTrainOptions configures TrainNER.
type NERTrainOptions struct {
	Train     string  // CoNLL-2003 column file to train on
	Dev       string  // optional CoNLL file scored after each epoch (progress only)
	WikiANN   string  // optional WikiANN directory (files train, dev) for gazetteers
	Epochs    int     // passes over the training data; 0 means 12
	OneStage  bool    // skip the second, document-level stage
	CorpusPOS bool    // use the corpus POS column instead of prose's tags
	MinCount  int     // keep features seen at least this often; 0 means 1
	Prune     float64 // drop averaged weights below this magnitude; 0 means 0.05
	Seed      uint64  // shuffling seed
	// CaseAugment adds, for every CaseAugment-th training document, a
	// lower-cased copy and an upper-cased copy (re-tagged), so that the
	// model learns to find names in text without case cues. 0 disables.
	CaseAugment int
	// WikiANNTrain adds the WikiANN train sentences (silver labels) to the
	// training data when WikiANN is set.
	WikiANNTrain bool
	// WikiANNAugment puts the WikiANN train sentences (WikiANNTrain)
	// under a convention of their own (feature augmentation, as CoNLL04
	// without CoNLL04Separate): every feature is emitted as is and
	// conjoined with it, so the conjoined copies absorb how the silver
	// labels differ (no MISC) and the shared ones learn what they agree on.
	WikiANNAugment bool
	// WikiANNEvery keeps only every WikiANNEvery-th WikiANN train
	// sentence (0 or 1: all).
	WikiANNEvery int
	// TrainGazetteer adds the training corpus's names to the gazetteer.
	TrainGazetteer bool
	// CoNLL04 is an optional CoNLL04 JSON file whose entities are added
	// to the training data under ConventionCoNLL04 (see CoNLL04NERDocuments
	// for the mapping), so that the recognizer can reproduce that corpus's
	// span boundaries when asked to without changing its default ones.
	CoNLL04 string
	// CoNLL04Holdout, when Folds > 1, leaves out the CoNLL04 sentences
	// whose index i has i mod Folds == Fold, so that the recognizer can
	// tag them as unseen text (cross-training for kgraph train rel
	// --fold-ner).
	CoNLL04Holdout struct{ Fold, Folds int }
	// CoNLL04Separate trains each stage on the CoNLL-2003 documents
	// alone, exactly as without CoNLL04, and then adapts it to the CoNLL04
	// sentences through their convention-conjoined features only (shared
	// features and transitions frozen): the default convention, and so
	// the pipeline's output, is that of the model trained without
	// CoNLL04; only ConventionCoNLL04 changes.
	CoNLL04Separate bool
	// Lists are name list files (one name a line, see ner_lists.go)
	// whose hits are features; at most 8.
	Lists []string
	// ListsCoNLL04Only emits the list features only under a non-default
	// convention, so that the default output does not change.
	ListsCoNLL04Only bool
	// CoNLL04Gazetteer adds the CoNLL04 training names as four more name
	// lists (PER, ORG, LOC, MISC), used only under the conll04 convention
	// (it implies ListsCoNLL04Only); while training, each CoNLL04 sentence
	// sees only the names of the other half of the sentences.
	CoNLL04Gazetteer bool
	// CoNLL04Epochs is the number of adaptation epochs in separate mode;
	// 0 means Epochs.
	CoNLL04Epochs int
	// CoNLL04Seed is added to Seed for the adaptation's shuffling only.
	CoNLL04Seed uint64
	// Runs > 1 trains Runs times, run i with seed Seed+i (prose's tagger
	// adds its own variation), and returns the average of the runs'
	// weights (AverageRecognizers, pruned at Prune) with the confidence
	// temperature fitted again on Dev when it is set. 0 or 1: one run.
	Runs   int
	Logger *slog.Logger // progress; nil means slog.Default()
}

// nerCorpus is a corpus prepared for training: tokens, tags, gold labels and
// extracted feature keys.
type nerCorpus struct {
	docs    []CoNLLDocument
	tags    [][][]string
	gold    [][]uint8 // per document, all its tokens
	sentOff [][]int   // per document
	docTok  []int     // global index of each document's first token
	origin  []int     // the document each one was copied from (itself if not a copy)
	conv    []uint64  // span convention of each document
	feats   []uint64  // flat feature keys of all tokens
	fOff    []int32   // token i has feats[fOff[i]:fOff[i+1]]
	// separate: documents under a non-default convention update only
	// their conjoined features (frozen marks the others) and not the
	// transitions, so the default convention is learned from the
	// default-convention documents alone.
	separate bool
	frozen   []bool
	ntok     int
	listsOf  func(doc int) *nerU8Tab // name lists per document, nil: none
	listMode uint8
}

// nerLoadNERData reads a CoNLL file and tags it with prose (or keeps the
// corpus tags).
func nerLoadNERData(path string, corpusPOS bool) (*nerCorpus, error) {
	docs, err := ReadCoNLL(path)
	if err != nil {
		return nil, err
	}
	nd := &nerCorpus{}
	nd.addDocs(docs, corpusPOS)
	return nd, nil
}

// augmentCase appends lower- and upper-cased copies of every k-th document.
func (nd *nerCorpus) augmentCase(k int) {
	var extra []CoNLLDocument
	var from []int
	for i := 0; i < len(nd.docs); i += k {
		for _, conv := range []func(string) string{strings.ToLower, strings.ToUpper} {
			var d CoNLLDocument
			for _, s := range nd.docs[i].Sentences {
				w := make([]string, len(s.Words))
				for j, x := range s.Words {
					w[j] = conv(x)
				}
				d.Sentences = append(d.Sentences, CoNLLSentence{Words: w, POS: s.POS, Labels: s.Labels})
			}
			extra = append(extra, d)
			from = append(from, nd.origin[i])
		}
	}
	first := len(nd.docs)
	nd.addDocs(extra, false)
	copy(nd.origin[first:], from)
	for i, o := range from {
		nd.conv[first+i] = nd.conv[o]
	}
}

// addDocs appends documents, tagging them with prose unless corpusPOS.
func (nd *nerCorpus) addDocs(docs []CoNLLDocument, corpusPOS bool) {
	first := len(nd.docs)
	for i := range docs {
		nd.origin = append(nd.origin, first+i)
		nd.conv = append(nd.conv, nerConvDefault)
	}
	nd.docs = append(nd.docs, docs...)
	for i := range docs {
		nd.tags = append(nd.tags, make([][]string, len(docs[i].Sentences)))
	}
	tags := nd.tags[first:]
	if corpusPOS {
		for i, d := range docs {
			for j, s := range d.Sentences {
				tags[i][j] = s.POS
			}
		}
	} else {
		var wg sync.WaitGroup
		next := make(chan int)
		for w := 0; w < runtime.GOMAXPROCS(0); w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					for j, s := range docs[i].Sentences {
						tags[i][j] = TagTokens(s.Words)
					}
				}
			}()
		}
		for i := range docs {
			next <- i
		}
		close(next)
		wg.Wait()
	}
	for _, d := range docs {
		nd.docTok = append(nd.docTok, nd.ntok)
		off := []int{0}
		var gold []uint8
		for _, s := range d.Sentences {
			gold = append(gold, nerBilou(s.Labels)...)
			off = append(off, len(gold))
		}
		nd.gold = append(nd.gold, gold)
		nd.sentOff = append(nd.sentOff, off)
		nd.ntok += len(gold)
	}
}

// nerBilou converts IOB2 labels to BILOU nerLabel ids.
func nerBilou(labels []string) []uint8 {
	out := make([]uint8, len(labels))
	for _, sp := range IOBSpans(labels) {
		t := nerShortType(sp.Type)
		if t < 0 {
			continue
		}
		if sp.End-sp.Start == 1 {
			out[sp.Start] = nerLabel(t, nerPosU)
			continue
		}
		out[sp.Start] = nerLabel(t, nerPosB)
		for k := sp.Start + 1; k < sp.End-1; k++ {
			out[k] = nerLabel(t, nerPosI)
		}
		out[sp.End-1] = nerLabel(t, nerPosL)
	}
	return out
}

func nerShortType(s string) int {
	for i, n := range nerShortNames {
		if n == s {
			return i
		}
	}
	return -1
}

// extract computes feature keys for every token. labels, when not nil,
// are first-stage labels per document used for second-stage votes.
func (nd *nerCorpus) extract(gazOf func(doc int) *nerU8Tab, labels [][]uint8) {
	nd.feats = nd.feats[:0]
	nd.frozen = nd.frozen[:0]
	nd.fOff = append(nd.fOff[:0], 0)
	var d nerDocFeatures
	var counts nerU8Tab
	for i, doc := range nd.docs {
		gaz := gazOf(i)
		d.reset()
		d.conv = nd.conv[i]
		d.lists, d.listMode = nil, nd.listMode
		if nd.listsOf != nil {
			d.lists = nd.listsOf(i)
		}
		for j, s := range doc.Sentences {
			d.addSentence(s.Words, nd.tags[i][j])
		}
		d.prepare(gaz)
		if labels != nil {
			nerComputeVotes(&d, labels[i], &counts)
		}
		d.extract(gaz, labels != nil)
		for t := range d.words {
			st := d.stride()
			nd.feats = append(nd.feats, d.feats[t*st:t*st+int(d.nf[t])]...)
			nd.fOff = append(nd.fOff, int32(len(nd.feats)))
			if nd.separate {
				for j := 0; j < int(d.nf[t]); j++ {
					own := j >= int(d.conjA[t]) && j < int(d.conjA[t])+int(d.conjN[t])
					nd.frozen = append(nd.frozen, nd.conv[i] == nerConvCoNLL04 && !own)
				}
			}
		}
	}
}

// nerPerceptron is the float training model of one stage.
type nerPerceptron struct {
	dict   map[uint64]int32
	w, u   []float32
	tw, tu [nerNLabels * nerNLabels]float32
	c      float32
}

func nerNewPerceptron(nd *nerCorpus, docs []int, minCount int) *nerPerceptron {
	counts := make(map[uint64]int32, 1<<20)
	for _, di := range docs {
		a := nd.docTok[di]
		b := a + len(nd.gold[di])
		for _, f := range nd.feats[nd.fOff[a]:nd.fOff[b]] {
			counts[f]++
		}
	}
	p := &nerPerceptron{dict: make(map[uint64]int32, len(counts))}
	for f, c := range counts {
		if int(c) >= minCount {
			p.dict[f] = int32(len(p.dict))
		}
	}
	p.w = make([]float32, len(p.dict)*nerNLabels)
	p.u = make([]float32, len(p.dict)*nerNLabels)
	p.c = 1
	return p
}

// ids maps the feature keys of nd to this nerPerceptron's ids (-1 unknown).
func (p *nerPerceptron) ids(nd *nerCorpus) []int32 {
	out := make([]int32, len(nd.feats))
	for i, f := range nd.feats {
		if id, ok := p.dict[f]; ok {
			out[i] = id
		} else {
			out[i] = -1
		}
	}
	return out
}

func (p *nerPerceptron) emissions(nd *nerCorpus, ids []int32, a, b int, emit []float32) {
	for i := a; i < b; i++ {
		e := emit[(i-a)*nerNLabels : (i-a+1)*nerNLabels]
		clear(e)
		for _, id := range ids[nd.fOff[i]:nd.fOff[i+1]] {
			if id < 0 {
				continue
			}
			row := p.w[int(id)*nerNLabels : int(id)*nerNLabels+nerNLabels]
			for l := range e {
				e[l] += row[l]
			}
		}
	}
}

// train runs epochs over the sentences of docs.
func (p *nerPerceptron) train(nd *nerCorpus, ids []int32, docs []int, epochs int, seed uint64,
	dev *nerCorpus, devIDs []int32, log *slog.Logger, name string) {
	type sent struct {
		a, b   int
		frozen bool // transitions not updated (nerCorpus.separate)
	}
	var sents []sent
	for _, di := range docs {
		off := nd.sentOff[di]
		fz := nd.separate && nd.conv[di] == nerConvCoNLL04
		for k := 0; k+1 < len(off); k++ {
			sents = append(sents, sent{nd.docTok[di] + off[k], nd.docTok[di] + off[k+1], fz})
		}
	}
	rng := rand.New(rand.NewPCG(seed, 0x6b67))
	var emit []float32
	var back, pred []uint8
	gold := make([]uint8, 0, 256)
	for ep := 1; ep <= epochs; ep++ {
		start := time.Now()
		rng.Shuffle(len(sents), func(i, j int) { sents[i], sents[j] = sents[j], sents[i] })
		errs := 0
		for _, s := range sents {
			n := s.b - s.a
			emit = nerGrowSlice(emit, n*nerNLabels)
			back = nerGrowSlice(back, n*nerNLabels)
			pred = nerGrowSlice(pred, n)
			p.emissions(nd, ids, s.a, s.b, emit)
			nerViterbi(emit, n, &p.tw, pred, back)
			gold = nd.goldRange(s.a, s.b, gold[:0])
			for i := 0; i < n; i++ {
				g, q := gold[i], pred[i]
				if g != q {
					errs++
					fa := int(nd.fOff[s.a+i])
					for j, id := range ids[fa:nd.fOff[s.a+i+1]] {
						if id < 0 || s.frozen && nd.frozen[fa+j] {
							continue
						}
						p.w[int(id)*nerNLabels+int(g)]++
						p.u[int(id)*nerNLabels+int(g)] += p.c
						p.w[int(id)*nerNLabels+int(q)]--
						p.u[int(id)*nerNLabels+int(q)] -= p.c
					}
				}
				if i > 0 && !s.frozen && (g != q || gold[i-1] != pred[i-1]) {
					gt := int(gold[i-1])*nerNLabels + int(g)
					pt := int(pred[i-1])*nerNLabels + int(q)
					if gt != pt {
						p.tw[gt]++
						p.tu[gt] += p.c
						p.tw[pt]--
						p.tu[pt] -= p.c
					}
				}
			}
			p.c++
		}
		attrs := []any{"stage", name, "epoch", ep, "token_errors", errs, "secs", time.Since(start).Seconds()}
		if dev != nil && (ep == epochs || ep%3 == 0) {
			avg := p.averaged()
			labels := avg.predict(dev, devIDs, nerAllDocs(dev))
			sc := nerScoreLabels(dev, labels)
			attrs = append(attrs, "dev_f1_per_org_loc", fmt.Sprintf("%.4f", sc.Micro3().F1()),
				"dev_f1_per_org", fmt.Sprintf("%.4f", sc.Micro2().F1()))
		}
		log.Info("ner train", attrs...)
	}
}

// goldRange returns the gold labels of global tokens [a, b).
func (nd *nerCorpus) goldRange(a, b int, out []uint8) []uint8 {
	// Find the document holding token a (documents are contiguous).
	lo, hi := 0, len(nd.docTok)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if nd.docTok[mid] <= a {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	base := nd.docTok[lo]
	return append(out, nd.gold[lo][a-base:b-base]...)
}

func nerAllDocs(nd *nerCorpus) []int {
	out := make([]int, len(nd.docs))
	for i := range out {
		out[i] = i
	}
	return out
}

// averaged returns a copy of p with averaged weights.
func (p *nerPerceptron) averaged() *nerPerceptron {
	a := &nerPerceptron{dict: p.dict, w: make([]float32, len(p.w)), c: p.c}
	for i := range p.w {
		a.w[i] = p.w[i] - p.u[i]/p.c
	}
	for i := range p.tw {
		a.tw[i] = p.tw[i] - p.tu[i]/p.c
	}
	return a
}

// adapt returns p averaged after further training on the documents docs
// (under a non-default convention) in which only their conjoined features
// learn: the other features and the transitions keep the weights averaged
// before, so the default convention is unchanged. Without docs it is
// p.averaged().
func (p *nerPerceptron) adapt(nd *nerCorpus, ids []int32, docs []int, epochs int, seed uint64, log *slog.Logger, name string) *nerPerceptron {
	a := p.averaged()
	if len(docs) == 0 {
		return a
	}
	own := make(map[int32]bool)
	for _, di := range docs {
		x, y := nd.fOff[nd.docTok[di]], nd.fOff[nd.docTok[di]+len(nd.gold[di])]
		for k := x; k < y; k++ {
			if id := ids[k]; id >= 0 && !nd.frozen[k] {
				own[id] = true
			}
		}
	}
	// Start from the averaged weights, as at inference.
	q := &nerPerceptron{dict: p.dict, w: append([]float32(nil), a.w...), u: make([]float32, len(a.w)), tw: a.tw, c: 1}
	q.train(nd, ids, docs, epochs, seed, nil, nil, log, name+"-conll04")
	b := q.averaged()
	for id := range own {
		copy(a.w[int(id)*nerNLabels:int(id+1)*nerNLabels], b.w[int(id)*nerNLabels:int(id+1)*nerNLabels])
	}
	return a
}

// predict labels the tokens of the given documents (per document, nil for
// the others).
func (p *nerPerceptron) predict(nd *nerCorpus, ids []int32, docs []int) [][]uint8 {
	out := make([][]uint8, len(nd.docs))
	var emit []float32
	var back []uint8
	for _, di := range docs {
		labels := make([]uint8, len(nd.gold[di]))
		off := nd.sentOff[di]
		for k := 0; k+1 < len(off); k++ {
			a, b := nd.docTok[di]+off[k], nd.docTok[di]+off[k+1]
			n := b - a
			emit = nerGrowSlice(emit, n*nerNLabels)
			back = nerGrowSlice(back, n*nerNLabels)
			p.emissions(nd, ids, a, b, emit)
			nerViterbi(emit, n, &p.tw, labels[off[k]:off[k+1]], back)
		}
		out[di] = labels
	}
	return out
}

// quantize turns averaged float weights into a compact stage, dropping
// weights below prune.
func (p *nerPerceptron) quantize(prune float32) *nerWeights {
	var maxAbs float32
	for _, v := range p.w {
		if a := float32(math.Abs(float64(v))); a > maxAbs {
			maxAbs = a
		}
	}
	st := &nerWeights{trans: p.tw}
	if maxAbs == 0 {
		maxAbs = 1
	}
	st.scale = maxAbs / 32767
	type kr struct {
		key uint64
		id  int32
	}
	var keep []kr
	for k, id := range p.dict {
		row := p.w[int(id)*nerNLabels : int(id)*nerNLabels+nerNLabels]
		for _, v := range row {
			if v >= prune || v <= -prune {
				keep = append(keep, kr{k, id})
				break
			}
		}
	}
	st.alloc(len(keep))
	for i, x := range keep {
		row := p.w[int(x.id)*nerNLabels : int(x.id)*nerNLabels+nerNLabels]
		for l, v := range row {
			if v >= prune || v <= -prune {
				st.w[i*nerNLabels+l] = int16(math.Round(float64(v / st.scale)))
			}
		}
		j := x.key & st.mask
		for st.slots[j].key != 0 {
			j = (j + 1) & st.mask
		}
		st.slots[j] = nerWslot{key: x.key, row: int32(i)}
	}
	return st
}

// TrainNER trains a recognizer on a CoNLL file as configured by opts.
func TrainNER(opts NERTrainOptions) (*Recognizer, error) {
	if opts.Runs <= 1 {
		return trainNEROnce(opts)
	}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	if opts.Prune <= 0 {
		opts.Prune = 0.05
	}
	recs := make([]*Recognizer, opts.Runs)
	for i := range recs {
		o := opts
		o.Runs = 0
		o.Seed = opts.Seed + uint64(i)
		log.Info("ner run", "run", i+1, "of", opts.Runs, "seed", o.Seed)
		rec, err := trainNEROnce(o)
		if err != nil {
			return nil, err
		}
		recs[i] = rec
	}
	avg, err := AverageRecognizers(recs, opts.Prune)
	if err != nil {
		return nil, err
	}
	if opts.Dev != "" {
		if avg, err = avg.Calibrated(opts.Dev, opts.CorpusPOS); err != nil {
			return nil, err
		}
		log.Info("ner confidence temperature", "temp", avg.temp)
	}
	return avg, nil
}

// Calibrated returns a recognizer sharing r's model whose confidence
// temperature is fitted (by log loss, around r's) on the PERSON, ORG and
// LOCATION mentions it finds in a CoNLL-2003 file, tagged with prose or,
// with corpusPOS, by the file's POS column.
func (r *Recognizer) Calibrated(conllFile string, corpusPOS bool) (*Recognizer, error) {
	nd, err := nerLoadNERData(conllFile, corpusPOS)
	if err != nil {
		return nil, err
	}
	c := &Recognizer{stages: r.stages, gaz: r.gaz, conv: r.conv, lists: r.lists, listMode: r.listMode}
	c.temp = r.calibrateOn(nd, r.temp)
	return c, nil
}

// trainNEROnce is TrainNER for one run.
func trainNEROnce(opts NERTrainOptions) (*Recognizer, error) {
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	if opts.Epochs <= 0 {
		opts.Epochs = 12
	}
	if opts.MinCount <= 0 {
		opts.MinCount = 1
	}
	if opts.Prune <= 0 {
		opts.Prune = 0.05
	}
	start := time.Now()
	train, err := nerLoadNERData(opts.Train, opts.CorpusPOS)
	if err != nil {
		return nil, err
	}
	if opts.CaseAugment > 0 {
		train.augmentCase(opts.CaseAugment)
	}
	// CoNLL04 sentences are not case-augmented: they weigh less than
	// the main corpus on the features the conventions share.
	conv04First, conv04End := -1, -1 // the CoNLL04 documents
	if opts.CoNLL04 != "" {
		sents, err := ReadCoNLL04(opts.CoNLL04)
		if err != nil {
			return nil, err
		}
		if h := opts.CoNLL04Holdout; h.Folds > 1 {
			sents = conll04Holdout(sents, h.Fold, h.Folds)
		}
		first := len(train.docs)
		conv04First = first
		train.addDocs(CoNLL04NERDocuments(sents), false)
		conv04End = len(train.docs)
		for i := first; i < len(train.docs); i++ {
			train.conv[i] = nerConvCoNLL04
		}
		train.separate = opts.CoNLL04Separate
	}
	if opts.WikiANNTrain && opts.WikiANN != "" {
		sents, err := ReadWikiANN(filepath.Join(opts.WikiANN, "train"))
		if err != nil {
			return nil, err
		}
		var docs []CoNLLDocument
		for i, s := range sents {
			if opts.WikiANNEvery > 1 && i%opts.WikiANNEvery != 0 {
				continue
			}
			docs = append(docs, CoNLLDocument{Sentences: []CoNLLSentence{s}})
		}
		first := len(train.docs)
		train.addDocs(docs, false)
		if opts.WikiANNAugment {
			for i := first; i < len(train.docs); i++ {
				train.conv[i] = nerConvWikiANN
			}
		}
	}
	var dev *nerCorpus
	if opts.Dev != "" {
		if dev, err = nerLoadNERData(opts.Dev, opts.CorpusPOS); err != nil {
			return nil, err
		}
	}
	log.Info("ner data loaded", "train_tokens", train.ntok, "secs", time.Since(start).Seconds())
	gb := newGazetteerBuilder()
	if opts.WikiANN != "" {
		if err := gb.addWikiANN(opts.WikiANN); err != nil {
			return nil, err
		}
	}
	// Names of the training corpus enter the shipped gazetteer; while
	// training, each document sees only the names of the other fold, so
	// that the model learns how far to trust a gazetteer hit on a name it
	// has not seen labeled.
	var gaz *nerU8Tab
	gazOf := func(int) *nerU8Tab { return gaz }
	if opts.TrainGazetteer {
		var fold [2]*nerGazBuilder
		for f := range fold {
			fold[f] = gb.clone()
		}
		for di, doc := range train.docs {
			// CoNLL04 names (titles inside person names, "Hartford ,
			// Conn" as one location) would teach the default convention
			// the other corpus's boundaries; they stay out.
			if train.origin[di] != di || train.conv[di] != nerConvDefault {
				continue
			}
			fold[di%2].addSentences(doc.Sentences)
			gb.addSentences(doc.Sentences)
		}
		g0, g1 := fold[0].build(), fold[1].build()
		gazOf = func(di int) *nerU8Tab {
			if train.origin[di]%2 == 0 {
				return g1
			}
			return g0
		}
	}
	if !gb.empty() {
		gaz = gb.build()
		log.Info("ner gazetteer", "entries", gaz.n)
	}
	var lists *nerU8Tab
	var listMode uint8
	if len(opts.Lists) > 0 || opts.CoNLL04Gazetteer && conv04First >= 0 {
		lb := newListBuilder()
		for _, path := range opts.Lists {
			if err := lb.addFile(path); err != nil {
				return nil, err
			}
		}
		if opts.ListsCoNLL04Only || opts.CoNLL04Gazetteer {
			listMode = listsConvOnly
		}
		listsOf := func(int) *nerU8Tab { return lists }
		if opts.CoNLL04Gazetteer && conv04First >= 0 {
			if lb.n+nerTypes > nerMaxLists {
				return nil, fmt.Errorf("%w: at most %d name lists with the CoNLL04 gazetteer", ErrBadCorpus, nerMaxLists-nerTypes)
			}
			// Fold-aware, as the CoNLL++ names in the gazetteer.
			var fold [2]*nerListBuilder
			for f := range fold {
				fold[f] = lb.clone()
			}
			for di := conv04First; di < conv04End; di++ {
				fold[(di-conv04First)%2].addLabeled(lb.n, train.docs[di:di+1])
			}
			lb.addLabeled(lb.n, train.docs[conv04First:conv04End])
			t0, t1 := fold[0].tab, fold[1].tab
			listsOf = func(di int) *nerU8Tab {
				switch {
				case di < conv04First || di >= conv04End:
					return lists
				case (di-conv04First)%2 == 0:
					return t1
				}
				return t0
			}
			lb.n += nerTypes
		}
		lists = lb.tab
		train.listsOf = listsOf
		train.listMode = listMode
		log.Info("ner name lists", "lists", lb.n, "entries", lists.n)
	}
	if dev != nil && lists != nil {
		dev.listsOf = func(int) *nerU8Tab { return lists }
		dev.listMode = listMode
	}
	train.extract(gazOf, nil)
	devGaz := func(int) *nerU8Tab { return gaz }
	var devIDs []int32
	if dev != nil {
		dev.extract(devGaz, nil)
	}
	all := nerAllDocs(train)
	// With CoNLL04Separate the stages train on the default-convention
	// documents (main) and adapt to the others (conv) afterwards.
	main, conv := all, []int(nil)
	if train.separate {
		main = nil
		for _, di := range all {
			if train.conv[di] != nerConvCoNLL04 {
				main = append(main, di)
			} else {
				conv = append(conv, di)
			}
		}
	}
	p1 := nerNewPerceptron(train, all, opts.MinCount)
	log.Info("ner stage 1", "features", len(p1.dict))
	ids := p1.ids(train)
	if dev != nil {
		devIDs = p1.ids(dev)
	}
	p1.train(train, ids, main, opts.Epochs, opts.Seed, dev, devIDs, log, "1")
	if opts.CoNLL04Epochs <= 0 {
		opts.CoNLL04Epochs = opts.Epochs
	}
	a1 := p1.adapt(train, ids, conv, opts.CoNLL04Epochs, opts.Seed+opts.CoNLL04Seed+11, log, "1")
	rec := &Recognizer{gaz: gaz, lists: lists, listMode: listMode, stages: []*nerWeights{a1.quantize(float32(opts.Prune))}}
	if !opts.OneStage {
		// First-stage labels for the training documents come from models
		// that did not see them (two folds), as they would at inference.
		labels := make([][]uint8, len(train.docs))
		for fold := 0; fold < 2; fold++ {
			var in, out []int
			for _, di := range main {
				if train.origin[di]%2 == fold {
					out = append(out, di)
				} else {
					in = append(in, di)
				}
			}
			pf := nerNewPerceptron(train, in, opts.MinCount)
			fids := pf.ids(train)
			pf.train(train, fids, in, opts.Epochs, opts.Seed+uint64(fold)+1, nil, nil, log, fmt.Sprintf("fold%d", fold))
			// CoNLL04 documents (separate mode) get labels from a
			// model that never trained on them.
			if fold == 0 {
				out = append(out, conv...)
			}
			for di, l := range pf.averaged().predict(train, fids, out) {
				if l != nil {
					labels[di] = l
				}
			}
		}
		p1 = nil
		train.extract(gazOf, labels)
		var devLabels [][]uint8
		if dev != nil {
			devLabels = a1.predict(dev, devIDs, nerAllDocs(dev))
			dev.extract(devGaz, devLabels)
		}
		p2 := nerNewPerceptron(train, all, opts.MinCount)
		log.Info("ner stage 2", "features", len(p2.dict))
		ids = p2.ids(train)
		if dev != nil {
			devIDs = p2.ids(dev)
		}
		p2.train(train, ids, main, opts.Epochs, opts.Seed+7, dev, devIDs, log, "2")
		rec.stages = append(rec.stages, p2.adapt(train, ids, conv, opts.CoNLL04Epochs, opts.Seed+opts.CoNLL04Seed+13, log, "2").quantize(float32(opts.Prune)))
	}
	rec.temp = 1
	rec.temp = rec.calibrate(train)
	if dev != nil {
		rec.temp = rec.calibrateOn(dev, rec.temp)
		log.Info("ner confidence temperature", "temp", rec.temp)
	}
	log.Info("ner trained", "secs", time.Since(start).Seconds())
	return rec, nil
}

// calibrate returns a confidence temperature: the mean emission margin of
// the entity tokens the recognizer labels in a sample of documents.
func (r *Recognizer) calibrate(nd *nerCorpus) float32 {
	s := &nerScratch{}
	var sum float64
	var n int
	for i := 0; i < len(nd.docs) && i < 200; i++ {
		if nd.conv[i] != nerConvDefault {
			continue // the pipeline's convention only
		}
		s.d.reset()
		for j, sent := range nd.docs[i].Sentences {
			s.d.addSentence(sent.Words, nd.tags[i][j])
		}
		r.label(s)
		for t, l := range s.labels {
			if l == 0 {
				continue
			}
			e := s.emit[t*nerNLabels : (t+1)*nerNLabels]
			other := float32(math.Inf(-1))
			for c, v := range e {
				if uint8(c) != l && v > other {
					other = v
				}
			}
			sum += float64(e[l] - other)
			n++
		}
	}
	if n == 0 || sum <= 0 {
		return 1
	}
	return float32(sum / float64(n) / 2)
}

func nerAnyUpper(ws []string) bool {
	for _, w := range ws {
		for _, r := range w {
			if unicode.IsUpper(r) {
				return true
			}
		}
	}
	return false
}

func nerHasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// calibrateOn picks the confidence temperature that minimizes the log loss
// of the PERSON/ORG/LOCATION mentions found in nd (right when their span
// and type match a gold mention), searching around t0.
func (r *Recognizer) calibrateOn(nd *nerCorpus, t0 float32) float32 {
	type ment struct {
		emit []float32 // per token, nerNLabels scores
		lab  []uint8
		ok   bool
	}
	var ms []ment
	s := &nerScratch{}
	for i := range nd.docs {
		s.d.reset()
		for j, sent := range nd.docs[i].Sentences {
			s.d.addSentence(sent.Words, nd.tags[i][j])
		}
		r.label(s)
		gold := map[[3]int]bool{}
		nerForSpans(nd.gold[i], func(a, b, t int) { gold[[3]int{a, b, t}] = true })
		nerForSpans(s.labels[:len(s.d.words)], func(a, b, t int) {
			if t >= 3 {
				return
			}
			ms = append(ms, ment{
				emit: slices.Clone(s.emit[a*nerNLabels : b*nerNLabels]),
				lab:  slices.Clone(s.labels[a:b]),
				ok:   gold[[3]int{a, b, t}],
			})
		})
	}
	if len(ms) == 0 {
		return t0
	}
	best, bestLoss := t0, math.Inf(1)
	for k := -12; k <= 12; k++ {
		t := t0 * float32(math.Pow(1.25, float64(k)))
		probe := &Recognizer{temp: t}
		var loss float64
		for _, m := range ms {
			ps := &nerScratch{emit: m.emit, labels: m.lab}
			c := probe.confidence(ps, 0, len(m.lab))
			c = min(max(c, 1e-4), 1-1e-4)
			if m.ok {
				loss -= math.Log(c)
			} else {
				loss -= math.Log(1 - c)
			}
		}
		if loss < bestLoss {
			best, bestLoss = t, loss
		}
	}
	return best
}

// conll04Holdout returns the sentences whose index mod folds is not fold.
func conll04Holdout(sents []CoNLL04Sentence, fold, folds int) []CoNLL04Sentence {
	var out []CoNLL04Sentence
	for i := range sents {
		if i%folds != fold {
			out = append(out, sents[i])
		}
	}
	return out
}

// CoNLL04NERDocuments turns CoNLL04 sentences into NER training documents
// (one sentence each) with IOB2 labels: Peop, Org and Loc become PER, ORG
// and LOC. Other becomes MISC only when it looks like a name (starts with
// a capital letter, has no digit, is not a month or weekday name); dates,
// numbers and measures, which CoNLL04 also calls Other, are left outside.
func CoNLL04NERDocuments(sents []CoNLL04Sentence) []CoNLLDocument {
	out := make([]CoNLLDocument, 0, len(sents))
	for _, s := range sents {
		labels := make([]string, len(s.Tokens))
		for i := range labels {
			labels[i] = "O"
		}
		for _, e := range s.Entities {
			var t string
			switch e.Type {
			case "Peop":
				t = "PER"
			case "Org":
				t = "ORG"
			case "Loc":
				t = "LOC"
			case "Other":
				if !conll04NameLike(s.Tokens[e.Start:e.End]) {
					continue
				}
				t = "MISC"
			default:
				continue
			}
			for k := e.Start; k < e.End; k++ {
				p := "I-"
				if k == e.Start {
					p = "B-"
				}
				labels[k] = p + t
			}
		}
		words := slices.Clone(s.Tokens)
		out = append(out, CoNLLDocument{Sentences: []CoNLLSentence{{
			Words: words, POS: make([]string, len(words)), Labels: labels}}})
	}
	return out
}

// conll04NameLike reports whether a CoNLL04 Other span looks like a name.
func conll04NameLike(toks []string) bool {
	if len(toks) == 0 {
		return false
	}
	first := []rune(toks[0])
	if len(first) == 0 || !unicode.IsUpper(first[0]) {
		return false
	}
	for _, t := range toks {
		if strings.ContainsFunc(t, unicode.IsDigit) {
			return false
		}
	}
	switch strings.ToLower(strings.TrimSuffix(toks[0], ".")) {
	case "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june",
		"jul", "july", "aug", "august", "sep", "sept", "september", "oct", "october", "nov", "november",
		"dec", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday":
		return false
	}
	return true
}
