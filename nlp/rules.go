package nlp

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// RuleSet is a parsed relation rules file (format in docs/rules.md). It is
// read-only after parsing and safe for concurrent use.
type RuleSet struct {
	rules   []*relRule
	builtin bool // built-in rules report Extractor "pattern:NAME"
	// Anchor index: the anchors (by id) that a word or lemma satisfies.
	wordAnch, lemmaAnch map[string][]int
	nAnch               int
}

// relRule is one line of a rules file.
type relRule struct {
	typ       string
	symmetric bool
	conf      float64
	name      string
	file      string
	line      int
	elems     []relElem
	anchors   []relCond // conditions some token of the sentence must meet
	anchorIDs []int     // ids of anchors in the RuleSet's index
	nEnts     int       // entity elements (1 for a symmetric list rule)
}

const (
	elemToken = iota
	elemEntity
	elemGroup
)

const (
	labelNone = iota
	labelSubj
	labelObj
)

// relElem is one element of a rule pattern.
type relElem struct {
	kind     int
	conds    []relCond // token: all must hold
	noEnt    bool      // token: must not lie inside a mention ("...")
	types    []string  // entity: accepted types; nil accepts any
	list     bool      // entity: a coordinated list "A, B and C"
	label    int       // entity: subject or object
	role     bool      // token or group: captures the role
	min, max int
	group    []relElem
}

// relCond is one key=value|value test on a token.
type relCond struct {
	key  string // word, lemma, pos
	vals []string
	set  map[string]bool // vals of word and lemma tests
	neg  bool
}

// knownEntityTypes are the entity types a rule may name.
var knownEntityTypes = map[string]bool{
	"PERSON": true, "ORG": true, "LOCATION": true, "MISC": true,
	"PROJECT": true, "ENTITY": true,
}

// ParseRules reads a rules file (see docs/rules.md). filename is used in
// error messages and in the Extractor of the relations the rules produce
// ("rules:FILE:LINE"). Errors wrap ErrBadRule and name file, line and the
// problem.
func ParseRules(r io.Reader, filename string) (*RuleSet, error) {
	rs := &RuleSet{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		rule, err := parseRule(text)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w: %s", filename, line, ErrBadRule, err.Error())
		}
		rule.file, rule.line = filename, line
		if rule.name == "" {
			rule.name = strings.ToLower(rule.typ) + "_" + strconv.Itoa(line)
		}
		rs.rules = append(rs.rules, rule)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w: %v", filename, line+1, ErrBadRule, err)
	}
	rs.index()
	return rs, nil
}

// index builds the anchor index used to skip rules whose required words
// are absent from a sentence.
func (rs *RuleSet) index() {
	rs.wordAnch, rs.lemmaAnch = map[string][]int{}, map[string][]int{}
	for _, r := range rs.rules {
		r.anchorIDs = r.anchorIDs[:0]
		for _, c := range r.anchors {
			id := rs.nAnch
			rs.nAnch++
			r.anchorIDs = append(r.anchorIDs, id)
			m := rs.wordAnch
			if c.key == "lemma" {
				m = rs.lemmaAnch
			}
			for _, v := range c.vals {
				m[v] = append(m[v], id)
			}
		}
	}
}

// Len returns the number of rules in the set.
func (rs *RuleSet) Len() int {
	if rs == nil {
		return 0
	}
	return len(rs.rules)
}

// ruleErr is a parse problem, wrapped with file and line by ParseRules.
type ruleErr string

// Error returns the problem.
func (e ruleErr) Error() string { return string(e) }

func ruleErrf(format string, args ...any) error { return ruleErr(fmt.Sprintf(format, args...)) }

func parseRule(text string) (*relRule, error) {
	colon := strings.IndexByte(text, ':')
	if colon < 0 {
		return nil, ruleErrf("missing ':' after the relation type (want \"TYPE [symmetric] [conf=0.9] [name=NAME]: PATTERN\")")
	}
	head := strings.Fields(text[:colon])
	if len(head) == 0 {
		return nil, ruleErrf("missing relation type before ':'")
	}
	r := &relRule{typ: head[0], conf: 0.9}
	if !isUpperSnake(r.typ) {
		return nil, ruleErrf("relation type %q is not UPPER_SNAKE (like WORKS_FOR)", r.typ)
	}
	for _, opt := range head[1:] {
		switch {
		case opt == "symmetric":
			r.symmetric = true
		case strings.HasPrefix(opt, "conf="):
			f, err := strconv.ParseFloat(opt[5:], 64)
			if err != nil || f <= 0 || f > 1 {
				return nil, ruleErrf("confidence %q must be a number in (0, 1]", opt[5:])
			}
			r.conf = f
		case strings.HasPrefix(opt, "name="):
			r.name = opt[5:]
			if r.name == "" {
				return nil, ruleErrf("empty name=")
			}
		default:
			return nil, ruleErrf("unknown option %q (want symmetric, conf=N or name=NAME)", opt)
		}
	}
	p := &patParser{s: text[colon+1:]}
	elems, err := p.seq(0)
	if err != nil {
		return nil, err
	}
	if len(elems) == 0 {
		return nil, ruleErrf("empty pattern")
	}
	r.elems = elems
	if err := r.check(); err != nil {
		return nil, err
	}
	return r, nil
}

// check validates the entity elements and role captures of a rule and
// computes its anchors.
func (r *relRule) check() error {
	var ents []*relElem
	roles := 0
	for i := range r.elems {
		e := &r.elems[i]
		if e.kind == elemEntity {
			ents = append(ents, e)
		}
		roles += countRoles(e)
		if e.kind == elemToken && e.min >= 1 && !e.noEnt {
			for _, c := range e.conds {
				if !c.neg && (c.key == "word" || c.key == "lemma") {
					r.anchors = append(r.anchors, c)
				}
			}
		}
	}
	if roles > 1 {
		return ruleErrf("more than one role: capture")
	}
	r.nEnts = len(ents)
	switch len(ents) {
	case 2:
		a, b := ents[0], ents[1]
		switch {
		case a.label == labelNone && b.label == labelNone:
			a.label, b.label = labelSubj, labelObj
		case a.label == b.label:
			return ruleErrf("both entities are labelled %s", labelName(a.label))
		case a.label == labelNone:
			a.label = labelSubj + labelObj - b.label
		case b.label == labelNone:
			b.label = labelSubj + labelObj - a.label
		}
	case 1:
		if !ents[0].list || !r.symmetric {
			return ruleErrf("a pattern needs two entities, or one list (TYPE+) in a symmetric rule")
		}
		ents[0].label = labelSubj
	case 0:
		return ruleErrf("pattern has no entity (PERSON, ORG, LOCATION, ...)")
	default:
		var subj, obj int
		for _, e := range ents {
			switch e.label {
			case labelSubj:
				subj++
			case labelObj:
				obj++
			}
		}
		if subj != 1 || obj != 1 {
			return ruleErrf("pattern has %d entities: label exactly one subj: and one obj: (the others are context)", len(ents))
		}
		r.nEnts = 2
	}
	return nil
}

func countRoles(e *relElem) int {
	n := b2i(e.role)
	for i := range e.group {
		n += countRoles(&e.group[i])
	}
	return n
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func labelName(l int) string {
	if l == labelSubj {
		return "subj"
	}
	return "obj"
}

func isUpperSnake(s string) bool {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// patParser parses the pattern part of a rule.
type patParser struct {
	s     string
	pos   int
	depth int
}

func (p *patParser) skipSpace() {
	for p.pos < len(p.s) && (p.s[p.pos] == ' ' || p.s[p.pos] == '\t') {
		p.pos++
	}
}

// seq parses elements until the end of the pattern or a closing ')'.
func (p *patParser) seq(depth int) ([]relElem, error) {
	var out []relElem
	for {
		p.skipSpace()
		if p.pos >= len(p.s) {
			if depth > 0 {
				return nil, ruleErrf("missing ')'")
			}
			return out, nil
		}
		if p.s[p.pos] == ')' {
			if depth == 0 {
				return nil, ruleErrf("unexpected ')' at column %d", p.pos+1)
			}
			return out, nil
		}
		e, err := p.elem(depth)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
}

func (p *patParser) elem(depth int) (relElem, error) {
	e := relElem{min: 1, max: 1}
	// Prefixes: role:, subj:, obj:
	for _, pre := range []string{"role:", "subj:", "obj:"} {
		if strings.HasPrefix(p.s[p.pos:], pre) {
			p.pos += len(pre)
			switch pre {
			case "role:":
				e.role = true
			case "subj:":
				e.label = labelSubj
			case "obj:":
				e.label = labelObj
			}
			break
		}
	}
	if p.pos >= len(p.s) || p.s[p.pos] == ' ' || p.s[p.pos] == '\t' {
		return e, ruleErrf("nothing after a label prefix at column %d", p.pos)
	}
	switch p.s[p.pos] {
	case '[':
		end := strings.IndexByte(p.s[p.pos:], ']')
		if end < 0 {
			return e, ruleErrf("missing ']' for '[' at column %d", p.pos+1)
		}
		body := p.s[p.pos+1 : p.pos+end]
		p.pos += end + 1
		e.kind = elemToken
		conds, err := parseConds(body)
		if err != nil {
			return e, err
		}
		e.conds = conds
	case '(':
		p.pos++
		g, err := p.seq(depth + 1)
		if err != nil {
			return e, err
		}
		p.pos++ // ')'
		if len(g) == 0 {
			return e, ruleErrf("empty group ()")
		}
		for i := range g {
			if g[i].kind == elemEntity {
				return e, ruleErrf("entities cannot be inside a group ( )")
			}
		}
		e.kind, e.group = elemGroup, g
	default:
		start := p.pos
		for p.pos < len(p.s) && !strings.ContainsRune(" \t[()", rune(p.s[p.pos])) {
			p.pos++
		}
		word := p.s[start:p.pos]
		// Entity types and "..." take a quantifier suffix; literals too
		// when longer than the quantifier itself.
		q := ""
		if i := strings.IndexByte(word, '{'); i > 0 && strings.HasSuffix(word, "}") {
			q, word = word[i:], word[:i]
		} else if n := len(word); n > 1 && strings.ContainsRune("?*+", rune(word[n-1])) && word != "..." {
			q, word = word[n-1:], word[:n-1]
		}
		p.pos -= len(q)
		switch {
		case word == "...":
			e.kind, e.noEnt, e.min, e.max = elemToken, true, 0, 4
		case isEntityWord(word):
			e.kind = elemEntity
			for _, t := range strings.Split(word, "|") {
				if !knownEntityTypes[t] {
					return e, ruleErrf("unknown entity type %q (want PERSON, ORG, LOCATION, MISC, PROJECT or ENTITY)", t)
				}
				if t != "ENTITY" {
					e.types = append(e.types, t)
				}
			}
			if q != "" {
				if q != "+" {
					return e, ruleErrf("entity %s takes only '+' (a list), not %q", word, q)
				}
				e.list = true
				p.pos += len(q)
			}
			if e.role {
				return e, ruleErrf("role: cannot capture an entity")
			}
			if depth > 0 {
				return e, ruleErrf("entities cannot be inside a group ( )")
			}
			return e, nil
		case strings.Contains(word, "|") && word != "|":
			return e, ruleErrf("alternatives %q need brackets: [word=%s]", word, word)
		default:
			if utf8.RuneCountInString(word) == 0 {
				return e, ruleErrf("empty element at column %d", start+1)
			}
			e.kind = elemToken
			w := strings.ToLower(word)
			e.conds = []relCond{{key: "word", vals: []string{w}, set: map[string]bool{w: true}}}
		}
	}
	if e.label != labelNone && e.kind != elemEntity {
		return e, ruleErrf("subj:/obj: label on something that is not an entity")
	}
	if err := p.quant(&e); err != nil {
		return e, err
	}
	return e, nil
}

// isEntityWord reports whether a bare word names entity types: capital
// letters, underscores and '|'.
func isEntityWord(w string) bool {
	if w == "" || w[0] < 'A' || w[0] > 'Z' {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if !(c >= 'A' && c <= 'Z' || c == '_' || c == '|') {
			return false
		}
	}
	return true
}

// quant parses an optional quantifier after an element.
func (p *patParser) quant(e *relElem) error {
	if p.pos >= len(p.s) {
		return nil
	}
	switch p.s[p.pos] {
	case '?':
		e.min, e.max = 0, 1
	case '*':
		e.min, e.max = 0, 8
	case '+':
		e.min, e.max = 1, 8
	case '{':
		end := strings.IndexByte(p.s[p.pos:], '}')
		if end < 0 {
			return ruleErrf("missing '}' at column %d", p.pos+1)
		}
		body := p.s[p.pos+1 : p.pos+end]
		lo, hi, ok := strings.Cut(body, ",")
		if !ok {
			hi = lo
		}
		a, err1 := strconv.Atoi(strings.TrimSpace(lo))
		b, err2 := strconv.Atoi(strings.TrimSpace(hi))
		if err1 != nil || err2 != nil || a < 0 || b < a || b > 20 {
			return ruleErrf("bad repeat {%s}: want {MIN,MAX} with 0 <= MIN <= MAX <= 20", body)
		}
		e.min, e.max = a, b
		p.pos += end + 1
		return nil
	default:
		return nil
	}
	p.pos++
	return nil
}

// parseConds parses the inside of [ ]: space-separated key=v1|v2 or
// key!=v1|v2 tests. An empty body matches any token.
func parseConds(body string) ([]relCond, error) {
	var out []relCond
	for _, f := range strings.Fields(body) {
		c := relCond{}
		var k, v string
		if i := strings.Index(f, "!="); i > 0 {
			k, v, c.neg = f[:i], f[i+2:], true
		} else if i := strings.IndexByte(f, '='); i > 0 {
			k, v = f[:i], f[i+1:]
		} else {
			return nil, ruleErrf("token test %q is not key=value (keys: word, lemma, pos)", f)
		}
		if v == "" {
			return nil, ruleErrf("token test %q has no value", f)
		}
		c.key = k
		for _, x := range strings.Split(v, "|") {
			if x == "" {
				return nil, ruleErrf("empty alternative in %q", f)
			}
			switch k {
			case "word":
				x = strings.ToLower(x)
			case "lemma":
				x = Lemma(x)
			case "pos":
			default:
				return nil, ruleErrf("unknown token key %q (want word, lemma or pos)", k)
			}
			c.vals = append(c.vals, x)
		}
		if k != "pos" {
			c.set = make(map[string]bool, len(c.vals))
			for _, x := range c.vals {
				c.set[x] = true
			}
		}
		out = append(out, c)
	}
	return out, nil
}
