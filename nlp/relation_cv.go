package nlp

import "fmt"

// RelCVScores are the scores of a k-fold cross-validation of the relation
// classifier on a training file (CrossValidateRelations).
type RelCVScores struct {
	// Thresholds are the per-type thresholds chosen, as TrainRelationModel
	// chooses them, over the out-of-fold predictions of all folds (gold
	// entities): the best F1 with precision >= MinPrecision.
	Thresholds map[string]float64
	// Gold scores the classifier alone with the gold entities as mentions,
	// each sentence by the model that did not train on it, at Thresholds.
	Gold *RelScores
	// EndToEnd scores the whole extractor (patterns of the CoNLL04
	// convention included) on the recognizer's mentions of each held-out
	// sentence (RelTrainOptions.TrainDocs), at Thresholds; nil without
	// TrainDocs.
	EndToEnd *RelScores
}

// CrossValidateRelations trains the classifier folds times, each time on
// the train sentences i with i mod folds != k (and, with opts.TrainDocs,
// their recognized mentions), and scores it on the held-out ones: with
// gold entities and, when opts.TrainDocs is set, end to end on the
// recognized mentions TrainDocs gives for the held-out sentences (which
// should come from recognizers that did not see them either). Thresholds
// are chosen over the pooled out-of-fold predictions, so the scores
// measure the features and training, not a threshold tuned on the data
// scored.
func CrossValidateRelations(train []CoNLL04Sentence, opts RelTrainOptions, folds int) (*RelCVScores, error) {
	if folds < 2 {
		return nil, fmt.Errorf("nlp: cross-validation needs at least 2 folds, not %d", folds)
	}
	if opts.MinPrecision == 0 {
		opts.MinPrecision = 0.8
	}
	logf := func(format string, args ...any) {
		if opts.Log != nil {
			fmt.Fprintf(opts.Log, format, args...)
		}
	}
	models := make([]*RelExtractor, folds)
	held := make([][]int, folds)
	preds, goldN := map[string][]relScored{}, map[string]int{}
	for k := 0; k < folds; k++ {
		y, ho, heldIdx, err := trainFold(train, opts, folds, k)
		if err != nil {
			return nil, err
		}
		held[k] = heldIdx
		if err := y.goldPredictions(ho, preds, goldN); err != nil {
			return nil, err
		}
		models[k] = y
		logf("fold %d/%d trained\n", k+1, folds)
	}
	out := &RelCVScores{Thresholds: map[string]float64{}, Gold: newRelScores()}
	for typ := range models[0].model.thr {
		thr, _, _ := chooseThreshold(preds[typ], 0, 0, goldN[typ], opts.MinPrecision)
		out.Thresholds[typ] = thr
	}
	if opts.TrainDocs != nil {
		out.EndToEnd = newRelScores()
	}
	for k, y := range models {
		for typ, t := range out.Thresholds {
			y.model.thr[typ] = t
		}
		g := y.WithoutPatterns().WithCoref(false).WithDatelineAgencies(true)
		e2e, err := y.WithConvention(ConventionCoNLL04)
		if err != nil {
			return nil, err
		}
		for _, i := range held[k] {
			doc, err := train[i].GoldDocument(fmt.Sprint("cv-", i))
			if err != nil {
				return nil, err
			}
			out.Gold.add(i, doc, g.Extract(doc), train[i].goldRelations(), train[i].entitySpans())
			if out.EndToEnd == nil {
				continue
			}
			pd, err := opts.TrainDocs(i)
			if err != nil {
				return nil, err
			}
			c := *pd
			c.Mentions = append([]Mention(nil), pd.Mentions...)
			c.Relations = append([]Relation(nil), pd.Relations...)
			c.Relations = append(c.Relations, e2e.Extract(&c)...)
			out.EndToEnd.add(i, &c, c.Relations, train[i].goldRelations(), train[i].entitySpans())
		}
	}
	return out, nil
}
