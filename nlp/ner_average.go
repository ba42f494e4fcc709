package nlp

import (
	"fmt"
	"math"
	"slices"
)

// AverageRecognizers returns a recognizer whose weights are the mean of
// those of recs: for every stage, every feature key in any of them gets
// the mean of its rows (a key a recognizer lacks counts as zero), the
// transitions and the confidence temperature are averaged, and the result
// is quantized again, dropping averaged weights of magnitude below prune
// (<= 0: none). The recognizers must share their feature space: the same
// number of stages, the same gazetteer, name lists and convention, as
// retrains of one set of options (TrainNER with different seeds) have;
// otherwise the error wraps ErrBadModel. recs are not modified.
func AverageRecognizers(recs []*Recognizer, prune float64) (*Recognizer, error) {
	if len(recs) == 0 {
		return nil, fmt.Errorf("%w: no recognizers to average", ErrBadModel)
	}
	r0 := recs[0]
	for i, r := range recs[1:] {
		switch {
		case len(r.stages) != len(r0.stages):
			return nil, fmt.Errorf("%w: recognizer %d has %d stages, recognizer 0 %d", ErrBadModel, i+1, len(r.stages), len(r0.stages))
		case !nerU8TabEqual(r.gaz, r0.gaz):
			return nil, fmt.Errorf("%w: recognizer %d has another gazetteer", ErrBadModel, i+1)
		case !nerU8TabEqual(r.lists, r0.lists) || r.listMode != r0.listMode:
			return nil, fmt.Errorf("%w: recognizer %d has other name lists", ErrBadModel, i+1)
		case r.conv != r0.conv:
			return nil, fmt.Errorf("%w: recognizer %d has another convention", ErrBadModel, i+1)
		}
	}
	out := &Recognizer{gaz: r0.gaz, lists: r0.lists, listMode: r0.listMode, conv: r0.conv}
	var temp float64
	for _, r := range recs {
		temp += float64(r.temp)
	}
	out.temp = float32(temp / float64(len(recs)))
	for s := range r0.stages {
		stages := make([]*nerWeights, len(recs))
		for i, r := range recs {
			stages[i] = r.stages[s]
		}
		out.stages = append(out.stages, nerAverageWeights(stages, float32(prune)))
	}
	return out, nil
}

// nerAverageWeights averages quantized stages (see AverageRecognizers).
func nerAverageWeights(sts []*nerWeights, prune float32) *nerWeights {
	n := float32(len(sts))
	sum := make(map[uint64]*[nerNLabels]float32)
	var trans [nerNLabels * nerNLabels]float32
	for _, st := range sts {
		for i, t := range st.trans {
			trans[i] += t / n
		}
		for _, sl := range st.slots {
			if sl.key == 0 {
				continue
			}
			acc := sum[sl.key]
			if acc == nil {
				acc = new([nerNLabels]float32)
				sum[sl.key] = acc
			}
			row := st.w[int(sl.row)*nerNLabels : int(sl.row+1)*nerNLabels]
			for l, v := range row {
				acc[l] += float32(v) * st.scale / n
			}
		}
	}
	// Keys in order, so that the result does not depend on map order.
	keys := make([]uint64, 0, len(sum))
	var maxAbs float32
	for k, row := range sum {
		keep := false
		for l, v := range row {
			a := float32(math.Abs(float64(v)))
			if a < prune {
				row[l] = 0
				continue
			}
			keep = keep || v != 0
			maxAbs = max(maxAbs, a)
		}
		if keep {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	if maxAbs == 0 {
		maxAbs = 1
	}
	st := &nerWeights{trans: trans, scale: maxAbs / 32767}
	st.alloc(len(keys))
	for i, k := range keys {
		for l, v := range sum[k] {
			st.w[i*nerNLabels+l] = int16(math.Round(float64(v / st.scale)))
		}
		j := k & st.mask
		for st.slots[j].key != 0 {
			j = (j + 1) & st.mask
		}
		st.slots[j] = nerWslot{key: k, row: int32(i)}
	}
	return st
}

// nerU8TabEqual reports whether a and b hold the same keys and values
// (nil equals an empty table).
func nerU8TabEqual(a, b *nerU8Tab) bool {
	na, nb := 0, 0
	if a != nil {
		na = a.n
	}
	if b != nil {
		nb = b.n
	}
	if na != nb {
		return false
	}
	if na == 0 {
		return true
	}
	for i, k := range a.keys {
		if k != 0 && b.get(k) != a.vals[i] {
			return false
		}
	}
	return true
}
