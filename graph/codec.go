package graph

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Values are encoded as a sequence of unsigned varints and length-prefixed
// strings, in a fixed field order per record kind. There are no field tags:
// a new field may only be appended at the end of a record, and decoders treat
// a missing trailing field as zero.

// enc appends fields to a byte slice.
type enc struct{ b []byte }

func (e *enc) uv(v uint64)  { e.b = binary.AppendUvarint(e.b, v) }
func (e *enc) int(v int)    { e.uv(uint64(max(v, 0))) }
func (e *enc) str(s string) { e.uv(uint64(len(s))); e.b = append(e.b, s...) }
func (e *enc) id(id EntityID) {
	e.b = appendID(e.b, id)
}

// dec reads fields; the first error sticks and later reads return zero
// values, so callers check err once at the end.
type dec struct {
	b   []byte
	err error
}

func (d *dec) fail() {
	if d.err == nil {
		d.err = fmt.Errorf("%w: truncated value", ErrCorrupt)
	}
	d.b = nil
}

func (d *dec) uv() uint64 {
	if len(d.b) == 0 {
		d.fail()
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

// opt reads a trailing optional varint: 0 when the record ends.
func (d *dec) opt() uint64 {
	if len(d.b) == 0 {
		return 0
	}
	return d.uv()
}

func (d *dec) int() int {
	v := d.uv()
	if v > math.MaxInt32 {
		d.fail()
		return 0
	}
	return int(v)
}

func (d *dec) str() string {
	n := d.uv()
	if n > uint64(len(d.b)) {
		d.fail()
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *dec) id() EntityID {
	if len(d.b) < 8 {
		d.fail()
		return 0
	}
	v := binary.BigEndian.Uint64(d.b)
	d.b = d.b[8:]
	return EntityID(v)
}

// count reads a list length, bounded by the bytes left so that a corrupt
// length cannot make a decoder allocate wildly.
func (d *dec) count() int {
	n := d.uv()
	if n > uint64(len(d.b)) {
		d.fail()
		return 0
	}
	return int(n)
}

// --- confidence and dates ---

// confScale is the fixed-point scale of stored confidences: they keep four
// decimal digits.
const confScale = 10000

func quantConf(c float64) uint64 {
	if !(c > 0) { // also NaN
		return 0
	}
	if c > 1e6 {
		c = 1e6
	}
	return uint64(math.Round(c * confScale))
}

func unquantConf(q uint64) float64 { return float64(q) / confScale }

// Dates: 0 is "", an odd value is a YYYY-MM-DD date packed as
// (y*512+m*32+d)<<1|1, 2 is followed by the date as a string.
func (e *enc) date(s string) {
	if s == "" {
		e.uv(0)
		return
	}
	if p, ok := packDate(s); ok {
		e.uv(p<<1 | 1)
		return
	}
	e.uv(2)
	e.str(s)
}

func (d *dec) date() string {
	v := d.uv()
	switch {
	case v == 0:
		return ""
	case v&1 == 1:
		p := v >> 1
		return fmt.Sprintf("%04d-%02d-%02d", p/512, p/32%16, p%32)
	case v == 2:
		return d.str()
	}
	d.fail()
	return ""
}

func packDate(s string) (uint64, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	y, err1 := strconv.Atoi(s[:4])
	m, err2 := strconv.Atoi(s[5:7])
	d, err3 := strconv.Atoi(s[8:])
	if err1 != nil || err2 != nil || err3 != nil || y < 0 || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, false
	}
	if fmt.Sprintf("%04d-%02d-%02d", y, m, d) != s { // "+123-..." and such
		return 0, false
	}
	return uint64(y*512 + m*32 + d), true
}

// --- string counts ---

// count is a string with a number of occurrences.
type count struct {
	S string
	N int
}

// counts is a list of counts sorted by S with distinct S and N > 0.
type counts []count

func (c counts) total() int {
	t := 0
	for _, x := range c {
		t += x.N
	}
	return t
}

// add adds n (which may be negative) to s, keeping the list sorted and
// dropping entries that reach zero.
func (c counts) add(s string, n int) counts {
	i, found := slices.BinarySearchFunc(c, s, func(x count, s string) int { return strings.Compare(x.S, s) })
	if found {
		c[i].N += n
		if c[i].N <= 0 {
			c = slices.Delete(c, i, i+1)
		}
		return c
	}
	if n <= 0 {
		return c
	}
	return slices.Insert(c, i, count{s, n})
}

// merge adds every count of o (times sign) to c.
func (c counts) merge(o counts, sign int) counts {
	for _, x := range o {
		c = c.add(x.S, sign*x.N)
	}
	return c
}

// best returns the string with the highest count, ties to the smallest
// string, among those accepted by ok (nil accepts all).
func (c counts) best(ok func(string) bool) (string, bool) {
	bi := -1
	for i, x := range c {
		if ok != nil && !ok(x.S) {
			continue
		}
		if bi < 0 || x.N > c[bi].N { // sorted by S: the first of a tie is smallest
			bi = i
		}
	}
	if bi < 0 {
		return "", false
	}
	return c[bi].S, true
}

// count returns the count of s (0 when absent).
func (c counts) count(s string) int {
	i, found := slices.BinarySearchFunc(c, s, func(x count, s string) int { return strings.Compare(x.S, s) })
	if !found {
		return 0
	}
	return c[i].N
}

func (c counts) equal(o counts) bool { return slices.Equal(c, o) }

func (e *enc) counts(c counts) {
	e.uv(uint64(len(c)))
	for _, x := range c {
		e.str(x.S)
		e.int(x.N)
	}
}

func (d *dec) counts() counts {
	n := d.count()
	if n == 0 {
		return nil
	}
	c := make(counts, 0, n)
	for range n {
		s := d.str()
		c = append(c, count{s, d.int()})
	}
	return c
}

// --- entity record ---

// entityRec is the stored form of an entity. MentionCount is Types.total().
type entityRec struct {
	Key     string
	Types   counts // mentions per type
	Aliases counts // surface forms
	Names   counts // MentionInput.Name values, the fallback display names
	Votes   counts // type votes weighted by recognizer confidence (see typeVote)
}

func (r *entityRec) encode() []byte {
	e := enc{b: make([]byte, 0, 16+len(r.Key)*4)}
	e.str(r.Key)
	e.counts(r.Types)
	e.counts(r.Aliases)
	if r.Names.equal(r.Aliases) {
		e.uv(0) // flag: names are the aliases (the common case)
	} else {
		e.uv(1)
		e.counts(r.Names)
	}
	e.counts(r.Votes)
	return e.b
}

func decodeEntity(b []byte) (entityRec, error) {
	d := dec{b: b}
	var r entityRec
	r.Key = d.str()
	r.Types = d.counts()
	r.Aliases = d.counts()
	if d.uv() == 0 {
		r.Names = slices.Clone(r.Aliases)
	} else {
		r.Names = d.counts()
	}
	if len(d.b) > 0 { // records written before votes existed end here
		r.Votes = d.counts()
	}
	return r, d.err
}

// indexKeys returns the sorted lookup keys of the entity: its canonical key
// and the canonical key of every alias.
func (r *entityRec) indexKeys() []string {
	ks := []string{r.Key}
	for _, a := range r.Aliases {
		if k := keyOf(a.S); k != "" {
			ks = append(ks, k)
		}
	}
	slices.Sort(ks)
	return slices.Compact(ks)
}

// ownKey returns the canonical key of entity id as its tallies give it,
// whatever order its mentions came in: the key of one of its names that
// is the entity's own (whose ID is id), else, for an entity only
// mentions sent to it by a curation or acronym link name, the smallest key
// of its names; "" when no name has a usable key.
func (r *entityRec) ownKey(id EntityID) string {
	best, own := "", false
	for _, n := range r.Names {
		k := keyOf(n.S)
		if k == "" || len(k) > maxKeyLen {
			continue
		}
		o := idOfKey(k) == id
		if best == "" || (o && !own) || (o == own && k < best) {
			best, own = k, o
		}
	}
	return best
}

// typ is the majority type, ties to the smallest type name.
// typ is the entity's type: the one with the most confidence-weighted
// votes, so that a few confident mentions ("VMware Inc.") outweigh several
// doubtful ones; records without votes fall back to mention counts.
func (r *entityRec) typ() string {
	if t, ok := r.Votes.best(nil); ok {
		return t
	}
	t, _ := r.Types.best(nil)
	return t
}

// typeVote is the weight of one mention's type vote: its confidence in
// hundredths, at least 1; an unknown confidence (0) counts fully.
func typeVote(conf float64) int {
	if conf <= 0 || conf > 1 {
		return 100
	}
	return max(1, int(conf*100+0.5))
}

// entity builds the public Entity.
func (r *entityRec) entity(id EntityID) Entity {
	name, ok := r.Aliases.best(func(s string) bool { return keyOf(s) == r.Key })
	if !ok {
		name, _ = r.Names.best(nil)
	}
	e := Entity{
		ID:           id,
		Key:          r.Key,
		Name:         name,
		Type:         r.typ(),
		TypeCounts:   make(map[string]int, len(r.Types)),
		Aliases:      make([]string, 0, len(r.Aliases)+1),
		MentionCount: r.Types.total(),
	}
	for _, t := range r.Types {
		e.TypeCounts[t.S] = t.N
	}
	for _, a := range r.Aliases {
		e.Aliases = append(e.Aliases, a.S)
	}
	if i, found := slices.BinarySearch(e.Aliases, name); !found {
		e.Aliases = slices.Insert(e.Aliases, i, name)
	}
	return e
}

// --- relation record ---

// codeCount is a registry code with a count.
type codeCount struct {
	Code uint64
	N    int
}

// relRec is the stored aggregate of a relation; it is a pure function of the
// relation's evidence records (see aggregate), so deleting a document and
// recomputing gives the same bytes as never having added it.
type relRec struct {
	Weight    int
	Conf      uint64 // quantized, see quantConf
	Extractor uint64 // registry code, 0 = none
	Role      uint64 // registry code of the most frequent role, 0 = none
	First     string
	Last      string
	Roles     []codeCount // per role code, sorted by code
}

func (r *relRec) encode() []byte {
	e := enc{b: make([]byte, 0, 16)}
	e.int(r.Weight)
	e.uv(r.Conf)
	e.uv(r.Extractor)
	e.uv(r.Role)
	e.date(r.First)
	e.date(r.Last)
	e.uv(uint64(len(r.Roles)))
	for _, c := range r.Roles {
		e.uv(c.Code)
		e.int(c.N)
	}
	return e.b
}

func decodeRel(b []byte) (relRec, error) {
	d := dec{b: b}
	var r relRec
	r.Weight = d.int()
	r.Conf = d.uv()
	r.Extractor = d.uv()
	r.Role = d.uv()
	r.First = d.date()
	r.Last = d.date()
	if n := d.count(); n > 0 {
		r.Roles = make([]codeCount, 0, n)
		for range n {
			c := d.uv()
			r.Roles = append(r.Roles, codeCount{c, d.int()})
		}
	}
	return r, d.err
}

// --- evidence record ---

// evRec is one supporting sentence of a relation; document and sentence
// index are in the key, the sentence text in the sentence record.
type evRec struct {
	SS, SE, OS, OE int // argument spans, document code points
	Conf           uint64
	Extractor      uint64
	Role           uint64
	Date           string // document date
}

func (r *evRec) encode() []byte {
	e := enc{b: make([]byte, 0, 20)}
	e.int(r.SS)
	e.int(r.SE - r.SS)
	e.int(r.OS)
	e.int(r.OE - r.OS)
	e.uv(r.Conf)
	e.uv(r.Extractor)
	e.uv(r.Role)
	e.date(r.Date)
	return e.b
}

func decodeEvidence(b []byte) (evRec, error) {
	d := dec{b: b}
	var r evRec
	r.SS = d.int()
	r.SE = r.SS + d.int()
	r.OS = d.int()
	r.OE = r.OS + d.int()
	r.Conf = d.uv()
	r.Extractor = d.uv()
	r.Role = d.uv()
	r.Date = d.date()
	return r, d.err
}

// --- mention, sentence and document records ---

func encodeMention(m *MentionInput, typ string) []byte {
	e := enc{b: make([]byte, 0, 16+len(m.Text))}
	e.int(m.Start)
	e.int(m.End - m.Start)
	e.str(m.Text)
	e.str(typ)
	e.int(m.Sentence)
	return e.b
}

func decodeMention(b []byte, m *Mention) error {
	d := dec{b: b}
	m.Start = d.int()
	m.End = m.Start + d.int()
	m.Text = d.str()
	m.Type = d.str()
	m.Sentence = d.int()
	return d.err
}

func encodeSentence(s *SentenceInput) []byte {
	e := enc{b: make([]byte, 0, 8+len(s.Text))}
	e.int(s.Start)
	e.int(s.End - s.Start)
	e.str(s.Text)
	return e.b
}

func decodeSentence(b []byte) (SentenceInput, error) {
	d := dec{b: b}
	var s SentenceInput
	s.Start = d.int()
	s.End = s.Start + d.int()
	s.Text = d.str()
	return s, d.err
}

func encodeDoc(doc *Document) []byte {
	e := enc{b: make([]byte, 0, 32+len(doc.Title)+len(doc.URL)+len(doc.Hash))}
	e.str(doc.Title)
	e.str(doc.Date)
	e.str(doc.URL)
	e.str(doc.Hash)
	e.int(doc.Tokens)
	e.int(doc.Sentences)
	e.uv(uint64(doc.Added))
	return e.b
}

func decodeDoc(id string, b []byte) (Document, error) {
	d := dec{b: b}
	doc := Document{ID: id}
	doc.Title = d.str()
	doc.Date = d.str()
	doc.URL = d.str()
	doc.Hash = d.str()
	doc.Tokens = d.int()
	doc.Sentences = d.int()
	doc.Added = int64(d.uv())
	return doc, d.err
}

// docHash reads only the hash of a document record.
func docHash(b []byte) (string, error) {
	d := dec{b: b}
	d.str()
	d.str()
	d.str()
	h := d.str()
	return h, d.err
}

// --- contribution record ---

// contribEntity is what one document added to one entity.
type contribEntity struct {
	ID       EntityID
	Types    counts
	Aliases  counts
	Names    counts
	Votes    counts
	Mentions []int // mention indexes in the document, ascending
}

// contribRel is what one document added to one relation: one evidence
// record per listed sentence.
type contribRel struct {
	Key   relKey
	Sents []int // ascending
}

// contrib is everything a document added, so that deleting it is exact and
// needs no scan.
type contrib struct {
	Sentences int             // sentence records 0..Sentences-1
	Entities  []contribEntity // sorted by ID
	Rels      []contribRel    // sorted by key
}

func (e *enc) ints(v []int) {
	e.uv(uint64(len(v)))
	prev := 0
	for _, x := range v { // ascending: store deltas
		e.int(x - prev)
		prev = x
	}
}

func (d *dec) ints() []int {
	n := d.count()
	v := make([]int, 0, n)
	prev := 0
	for range n {
		prev += d.int()
		v = append(v, prev)
	}
	return v
}

func (c *contrib) encode() []byte {
	e := enc{b: make([]byte, 0, 64*(len(c.Entities)+len(c.Rels)))}
	e.int(c.Sentences)
	e.uv(uint64(len(c.Entities)))
	for i := range c.Entities {
		x := &c.Entities[i]
		e.id(x.ID)
		e.counts(x.Types)
		e.counts(x.Aliases)
		e.counts(x.Names)
		e.counts(x.Votes)
		e.ints(x.Mentions)
	}
	e.uv(uint64(len(c.Rels)))
	for _, r := range c.Rels {
		e.id(r.Key.S)
		e.uv(uint64(r.Key.Code))
		e.id(r.Key.O)
		e.ints(r.Sents)
	}
	return e.b
}

func decodeContrib(b []byte) (contrib, error) {
	d := dec{b: b}
	var c contrib
	c.Sentences = d.int()
	n := d.count()
	for range n {
		var x contribEntity
		x.ID = d.id()
		x.Types = d.counts()
		x.Aliases = d.counts()
		x.Names = d.counts()
		x.Votes = d.counts()
		x.Mentions = d.ints()
		c.Entities = append(c.Entities, x)
	}
	n = d.count()
	for range n {
		var r contribRel
		r.Key.S = d.id()
		code := d.uv()
		if code > math.MaxUint16 {
			d.fail()
		}
		r.Key.Code = uint16(code)
		r.Key.O = d.id()
		r.Sents = d.ints()
		c.Rels = append(c.Rels, r)
	}
	return c, d.err
}

// --- name index value ---

func encodeNameVal(flags byte, typ string) []byte {
	return append([]byte{flags}, typ...)
}

func decodeNameVal(b []byte) (flags byte, typ string, err error) {
	if len(b) == 0 {
		return 0, "", fmt.Errorf("%w: empty name index value", ErrCorrupt)
	}
	return b[0], string(b[1:]), nil
}
