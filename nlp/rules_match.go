package nlp

import (
	"strconv"
	"strings"
)

// Apply runs the rules over every sentence of doc and returns the relations
// they state. Subject and Object index doc.Mentions.
func (rs *RuleSet) Apply(doc *Document) []Relation {
	if rs == nil || len(rs.rules) == 0 {
		return nil
	}
	views := sentenceViews(doc)
	var out []Relation
	for i := range views {
		out = rs.applyView(&views[i], out)
	}
	return dedupeRelations(out)
}

// applyView appends the relations the rules find in one sentence.
func (rs *RuleSet) applyView(v *sentView, out []Relation) []Relation {
	if len(v.ments) == 0 {
		return out
	}
	m := ruleMatcher{v: v}
	hits := rs.anchorHits(v, nil)
	for _, r := range rs.rules {
		if r.nEnts == 2 && len(v.ments) < 2 {
			continue
		}
		if !r.anchored(hits) {
			continue
		}
		m.r = r
		first := &r.elems[0]
		for p := 0; p < len(v.toks); p++ {
			if first.kind == elemEntity && !m.mentionStartsAt(p) {
				continue
			}
			m.reset()
			if m.seq(r.elems, p, func(int) bool { return true }) {
				out = m.emit(rs, out)
			}
		}
	}
	return out
}

// anchorHits marks the anchors of the RuleSet that some token of the
// sentence satisfies.
func (rs *RuleSet) anchorHits(v *sentView, hits []bool) []bool {
	if cap(hits) < rs.nAnch {
		hits = make([]bool, rs.nAnch)
	}
	hits = hits[:rs.nAnch]
	clear(hits)
	for i := range v.toks {
		for _, id := range rs.wordAnch[v.lower[i]] {
			hits[id] = true
		}
		for _, id := range rs.lemmaAnch[v.lemma[i]] {
			hits[id] = true
		}
	}
	return hits
}

// anchored reports whether every required word or lemma of the rule occurs
// in the sentence (hits from anchorHits).
func (r *relRule) anchored(hits []bool) bool {
	for _, id := range r.anchorIDs {
		if !hits[id] {
			return false
		}
	}
	return true
}

// holds reports whether token t of the sentence passes the test.
func (c *relCond) holds(v *sentView, t int) bool {
	switch c.key {
	case "word":
		return c.set[v.lower[t]] != c.neg
	case "lemma":
		return c.set[v.lemma[t]] != c.neg
	}
	s := v.toks[t].Tag
	hit := false
	for _, x := range c.vals {
		if strings.HasSuffix(x, "*") {
			if strings.HasPrefix(s, x[:len(x)-1]) {
				hit = true
				break
			}
		} else if s == x {
			hit = true
			break
		}
	}
	return hit != c.neg
}

// ruleMatcher is the backtracking state of one rule at one start token.
type ruleMatcher struct {
	v            *sentView
	r            *relRule
	subj, obj    []int
	roleS, roleE int
}

func (m *ruleMatcher) reset() {
	m.subj, m.obj = m.subj[:0], m.obj[:0]
	m.roleS, m.roleE = -1, -1
}

func (m *ruleMatcher) mentionStartsAt(p int) bool { return len(m.v.mentionsAt(p)) > 0 }

func (m *ruleMatcher) inMention(p int) bool {
	if p < 0 || p >= len(m.v.toks) {
		return false
	}
	m.v.index()
	return m.v.inside[p]
}

// seq matches elems starting at token p and calls k with the end position;
// it backtracks until k accepts.
func (m *ruleMatcher) seq(elems []relElem, p int, k func(int) bool) bool {
	if len(elems) == 0 {
		return k(p)
	}
	e := &elems[0]
	rest := elems[1:]
	next := func(q int) bool { return m.seq(rest, q, k) }
	if e.kind == elemEntity {
		return m.entity(e, p, next)
	}
	if e.role {
		inner := next
		next = func(q int) bool {
			s0, e0 := m.roleS, m.roleE
			m.roleS, m.roleE = p, q
			if q > p && inner(q) {
				return true
			}
			m.roleS, m.roleE = s0, e0
			return false
		}
	}
	return m.rep(e, p, 0, next)
}

// rep matches e between e.min and e.max times, greedily.
func (m *ruleMatcher) rep(e *relElem, p, count int, k func(int) bool) bool {
	if count < e.max {
		ok := m.once(e, p, func(q int) bool {
			return q > p && m.rep(e, q, count+1, k)
		})
		if ok {
			return true
		}
	}
	return count >= e.min && k(p)
}

// once matches one repetition of a token element or group.
func (m *ruleMatcher) once(e *relElem, p int, k func(int) bool) bool {
	if e.kind == elemGroup {
		return m.seq(e.group, p, k)
	}
	if p >= len(m.v.toks) {
		return false
	}
	if e.noEnt && m.inMention(p) {
		return false
	}
	for i := range e.conds {
		if !e.conds[i].holds(m.v, p) {
			return false
		}
	}
	return k(p + 1)
}

// entity matches a mention (or a coordinated list of mentions) at p.
func (m *ruleMatcher) entity(e *relElem, p int, k func(int) bool) bool {
	for _, mi := range m.v.mentionsAt(p) {
		x := &m.v.doc.Mentions[mi]
		if !typeOK(e.types, x) {
			continue
		}
		list := []int{mi}
		ends := []int{x.TokEnd}
		if e.list {
			list, ends = m.extendList(e, list, ends)
		}
		// Longest list first.
		for n := len(list); n >= 1; n-- {
			if m.bind(e, list[:n], ends[n-1], k) {
				return true
			}
		}
	}
	return false
}

func (m *ruleMatcher) bind(e *relElem, ms []int, end int, k func(int) bool) bool {
	if e.label == labelNone {
		return k(end)
	}
	dst := &m.subj
	if e.label == labelObj {
		dst = &m.obj
	}
	saved := *dst
	*dst = append([]int(nil), ms...)
	if k(end) {
		return true
	}
	*dst = saved
	return false
}

// extendList follows ", B", ", and B", "and B", "or B", "& B" after the first
// member of a list.
func (m *ruleMatcher) extendList(e *relElem, list, ends []int) ([]int, []int) {
	v := m.v
	for {
		q := ends[len(ends)-1]
		if q >= len(v.toks) {
			break
		}
		w := v.lower[q]
		if w != "," && w != "and" && w != "or" && w != "&" {
			break
		}
		q++
		if w == "," && q < len(v.toks) && (v.lower[q] == "and" || v.lower[q] == "or") {
			q++
		}
		found := -1
		for _, mi := range v.mentionsAt(q) {
			if typeOK(e.types, &v.doc.Mentions[mi]) {
				found = mi
				break
			}
		}
		if found < 0 {
			break
		}
		list = append(list, found)
		ends = append(ends, v.doc.Mentions[found].TokEnd)
	}
	return list, ends
}

func typeOK(types []string, m *Mention) bool {
	if types == nil {
		return true
	}
	for _, x := range types {
		if x == m.Type || x == "PROJECT" && isProjectMention(m) {
			return true
		}
	}
	return false
}

// projectWords end the names of projects, programs and initiatives.
var projectWords = map[string]bool{
	"project": true, "projects": true, "initiative": true, "program": true,
	"programme": true, "effort": true, "consortium": true, "alliance": true,
	"foundation": false, "mission": true, "campaign": true,
}

// isProjectMention reports whether a mention names a project: its type is
// PROJECT, or it is an ORG or MISC whose name has a project word ("the
// OpenDaylight Project", "Human Genome Project").
func isProjectMention(m *Mention) bool {
	if m.Type == "PROJECT" {
		return true
	}
	if m.Type != "ORG" && m.Type != "MISC" {
		return false
	}
	for _, w := range strings.Fields(strings.ToLower(m.Text)) {
		if projectWords[w] {
			return true
		}
	}
	return false
}

// emit turns the current match into relations.
func (m *ruleMatcher) emit(rs *RuleSet, out []Relation) []Relation {
	r := m.r
	doc := m.v.doc
	rel := Relation{
		Type:       r.typ,
		Sentence:   m.v.si,
		Confidence: r.conf,
		Symmetric:  r.symmetric,
	}
	if rs.builtin {
		rel.Extractor = "pattern:" + r.name
	} else {
		rel.Extractor = "rules:" + r.file + ":" + strconv.Itoa(r.line)
	}
	if m.roleS >= 0 && m.roleE > m.roleS {
		rel.Role = tokenSpanText(doc, m.v.toks, m.roleS, m.roleE)
	}
	add := func(s, o int) {
		if s == o || sameEntity(&doc.Mentions[s], &doc.Mentions[o]) {
			return
		}
		x := rel
		x.Subject, x.Object = s, o
		out = append(out, x)
	}
	if r.nEnts == 1 {
		ms := m.subj
		if len(ms) == 0 {
			ms = m.obj
		}
		for i := 0; i < len(ms); i++ {
			for j := i + 1; j < len(ms); j++ {
				add(ms[i], ms[j])
			}
		}
		return out
	}
	for _, s := range m.subj {
		for _, o := range m.obj {
			add(s, o)
		}
	}
	return out
}

// sameEntity reports whether two mentions name the same entity.
func sameEntity(a, b *Mention) bool {
	if a.Entity != "" && a.Entity == b.Entity {
		return true
	}
	return a.Start == b.Start && a.End == b.End
}

// tokenSpanText returns the document text covered by tokens [i, j).
func tokenSpanText(doc *Document, toks []Token, i, j int) string {
	return relRuneSlice(doc.Text, toks[i].Start, toks[j-1].End)
}

// runeSlice returns s[start:end] in code points.
func relRuneSlice(s string, start, end int) string {
	if end <= len(s) && relASCIIPrefix(s, end) {
		return s[start:end]
	}
	b0, b1, n := -1, len(s), 0
	for i := range s {
		if n == start {
			b0 = i
		}
		if n == end {
			b1 = i
			break
		}
		n++
	}
	if b0 < 0 {
		return ""
	}
	return s[b0:b1]
}

func relASCIIPrefix(s string, n int) bool {
	for i := 0; i < n; i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// dedupeRelations merges repeated (type, subject, object) triples:
// symmetric pairs are compared in both orders; the merged relation has the
// highest confidence (and its extractor) and the first non-empty role.
func dedupeRelations(rels []Relation) []Relation {
	type key struct {
		t    string
		s, o int
	}
	best := make(map[key]int, len(rels))
	out := rels[:0]
	for _, r := range rels {
		k := key{r.Type, r.Subject, r.Object}
		if r.Symmetric && k.s > k.o {
			k.s, k.o = k.o, k.s
		}
		i, ok := best[k]
		if !ok {
			best[k] = len(out)
			out = append(out, r)
			continue
		}
		role := out[i].Role
		if role == "" {
			role = r.Role
		}
		if r.Confidence > out[i].Confidence {
			out[i] = r
		}
		out[i].Role = role
	}
	return out
}
