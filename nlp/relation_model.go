package nlp

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"

	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// relClass is one output of the relation classifier: a relation type whose
// subject is the first (Forward) or the second mention of a pair in
// sentence order. Class 0 of a model is "no relation".
type relClass struct {
	Type     string
	SubjType string
	ObjType  string
	Forward  bool
}

// relModel is a multinomial logistic regression over hashed features of a
// mention pair. It is read-only after loading and safe for concurrent use.
type relModel struct {
	bits    uint
	classes []relClass // classes[0] is the "none" class
	w       []float32  // (1<<bits) rows of len(classes) weights
	thr     map[string]float64
}

// relModelMagic starts a serialized relation model.
const relModelMagic = "KGRELM1\n"

// defaultRelTypes are the types the classifier learns from CoNLL04, with
// their argument types.
var defaultRelTypes = []relClass{
	{Type: "WORKS_FOR", SubjType: "PERSON", ObjType: "ORG"},
	{Type: "BASED_IN", SubjType: "ORG", ObjType: "LOCATION"},
	{Type: "LIVES_IN", SubjType: "PERSON", ObjType: "LOCATION"},
	{Type: "LOCATED_IN", SubjType: "LOCATION", ObjType: "LOCATION"},
}

// newRelModel returns an empty model with both directions of each type.
func newRelModel(bits uint, types []relClass) *relModel {
	m := &relModel{bits: bits, thr: map[string]float64{}}
	m.classes = append(m.classes, relClass{Type: "NONE"})
	for _, t := range types {
		f, r := t, t
		f.Forward, r.Forward = true, false
		m.classes = append(m.classes, f, r)
		m.thr[t.Type] = 0.5
	}
	m.w = make([]float32, (1<<bits)*len(m.classes))
	return m
}

// allowed reports whether class c fits a pair whose first mention has type
// a and second type b.
func (c *relClass) allowed(a, b string) bool {
	if c.Forward {
		return c.SubjType == a && c.ObjType == b
	}
	return c.SubjType == b && c.ObjType == a
}

// candidateTypes reports whether any class of the model relates mentions of
// these types in this order.
func (m *relModel) candidate(a, b string) bool {
	for i := 1; i < len(m.classes); i++ {
		if m.classes[i].allowed(a, b) {
			return true
		}
	}
	return false
}

// probs fills p with the softmax over the classes allowed for the pair
// (others get 0) and returns p.
func (m *relModel) probs(feats []uint64, a, b string, p []float64) []float64 {
	nc := len(m.classes)
	p = p[:0]
	for c := 0; c < nc; c++ {
		p = append(p, 0)
	}
	mask := uint64(1)<<m.bits - 1
	for _, f := range feats {
		row := m.w[int(f&mask)*nc : int(f&mask)*nc+nc]
		for c := range p {
			p[c] += float64(row[c])
		}
	}
	max := math.Inf(-1)
	for c := range p {
		if c > 0 && !m.classes[c].allowed(a, b) {
			p[c] = math.Inf(-1)
			continue
		}
		if p[c] > max {
			max = p[c]
		}
	}
	sum := 0.0
	for c := range p {
		if math.IsInf(p[c], -1) {
			p[c] = 0
			continue
		}
		p[c] = math.Exp(p[c] - max)
		sum += p[c]
	}
	for c := range p {
		p[c] /= sum
	}
	return p
}

// write serializes the model: magic, header lines, then the non-zero
// weights as (uint32 index, float32 weight) pairs, all gzip-compressed.
func (m *relModel) write(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	fmt.Fprintf(bw, "%sbits %d\nclasses %d\n", relModelMagic, m.bits, len(m.classes)-1)
	for _, c := range m.classes[1:] {
		fmt.Fprintf(bw, "%s %s %s %t\n", c.Type, c.SubjType, c.ObjType, c.Forward)
	}
	fmt.Fprintf(bw, "thresholds %d\n", len(m.thr))
	for _, c := range m.classes[1:] {
		if c.Forward {
			fmt.Fprintf(bw, "%s %g\n", c.Type, m.thr[c.Type])
		}
	}
	n := 0
	for _, x := range m.w {
		if x != 0 {
			n++
		}
	}
	fmt.Fprintf(bw, "weights %d\n", n)
	var buf [8]byte
	for i, x := range m.w {
		if x == 0 {
			continue
		}
		binary.LittleEndian.PutUint32(buf[:4], uint32(i))
		binary.LittleEndian.PutUint32(buf[4:], math.Float32bits(x))
		bw.Write(buf[:])
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// readRelModel reads a model written by write.
func readRelModel(r io.Reader) (*relModel, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadModel, err)
	}
	br := bufio.NewReader(zr)
	magic := make([]byte, len(relModelMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != relModelMagic {
		return nil, fmt.Errorf("%w: bad magic", ErrBadModel)
	}
	line := func() ([]string, error) {
		s, err := br.ReadString('\n')
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrBadModel, err)
		}
		return strings.Fields(s), nil
	}
	num := func(f []string, key string) (int, error) {
		if len(f) != 2 || f[0] != key {
			return 0, fmt.Errorf("%w: want %q line", ErrBadModel, key)
		}
		return strconv.Atoi(f[1])
	}
	f, err := line()
	if err != nil {
		return nil, err
	}
	bits, err := num(f, "bits")
	if err != nil || bits < 8 || bits > 26 {
		return nil, fmt.Errorf("%w: bits", ErrBadModel)
	}
	if f, err = line(); err != nil {
		return nil, err
	}
	nc, err := num(f, "classes")
	if err != nil || nc < 1 || nc > 64 {
		return nil, fmt.Errorf("%w: classes", ErrBadModel)
	}
	m := &relModel{bits: uint(bits), thr: map[string]float64{}}
	m.classes = append(m.classes, relClass{Type: "NONE"})
	for i := 0; i < nc; i++ {
		if f, err = line(); err != nil {
			return nil, err
		}
		if len(f) != 4 {
			return nil, fmt.Errorf("%w: class line", ErrBadModel)
		}
		m.classes = append(m.classes, relClass{Type: f[0], SubjType: f[1], ObjType: f[2], Forward: f[3] == "true"})
	}
	if f, err = line(); err != nil {
		return nil, err
	}
	nt, err := num(f, "thresholds")
	if err != nil {
		return nil, fmt.Errorf("%w: thresholds", ErrBadModel)
	}
	for i := 0; i < nt; i++ {
		if f, err = line(); err != nil {
			return nil, err
		}
		if len(f) != 2 {
			return nil, fmt.Errorf("%w: threshold line", ErrBadModel)
		}
		t, err := strconv.ParseFloat(f[1], 64)
		if err != nil {
			return nil, fmt.Errorf("%w: threshold %q", ErrBadModel, f[1])
		}
		m.thr[f[0]] = t
	}
	if f, err = line(); err != nil {
		return nil, err
	}
	nw, err := num(f, "weights")
	if err != nil {
		return nil, fmt.Errorf("%w: weights", ErrBadModel)
	}
	m.w = make([]float32, (1<<m.bits)*len(m.classes))
	var buf [8]byte
	for i := 0; i < nw; i++ {
		if _, err := io.ReadFull(br, buf[:]); err != nil {
			return nil, fmt.Errorf("%w: truncated weights", ErrBadModel)
		}
		idx := binary.LittleEndian.Uint32(buf[:4])
		if int(idx) >= len(m.w) {
			return nil, fmt.Errorf("%w: weight index out of range", ErrBadModel)
		}
		m.w[idx] = math.Float32frombits(binary.LittleEndian.Uint32(buf[4:]))
	}
	return m, nil
}
