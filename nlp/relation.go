package nlp

import (
	"bytes"
	_ "embed"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// Embedded defaults: the classifier trained on CoNLL04 (kgraph train rel)
// and the built-in patterns, themselves a rules file.
var (
	//go:embed relmodel/relation.model
	embeddedRelModel []byte
	//go:embed relmodel/builtin.rules
	embeddedRules []byte
	//go:embed relmodel/convention04.rules
	embeddedCoNLL04Rules []byte
)

// RelModelFile is the file name of a relation model inside a model
// directory (kgraph train rel --out DIR writes DIR/RelModelFile).
const RelModelFile = "relation.model"

// RelExtractor finds typed, directed relations between the mentions of a
// sentence with a trained classifier (WORKS_FOR, BASED_IN, LIVES_IN,
// LOCATED_IN), built-in patterns (all types, including FOUNDED, LEADS,
// ACQUIRED, PARTNERS_WITH, COMPETES_WITH, WORKED_WITH) and optional user
// rules, after linking pronouns and "the company" to named mentions. It
// satisfies the pipeline's RelationExtractor interface and is safe for
// concurrent use.
type RelExtractor struct {
	model   *relModel  // nil: no classifier
	rules   []*RuleSet // built-in patterns first, then user rules
	coref   bool
	maxDist int // largest token gap between the mentions of a classified pair
	// datelines: the classifier may relate a dateline's agency to its
	// place ("BANGKOK, Thailand (AP)"), as CoNLL04 annotates (BASED_IN).
	datelines bool
}

var defaultRel struct {
	once sync.Once
	x    *RelExtractor
	err  error
}

// builtinRules parses the embedded patterns once.
var builtinRulesOnce struct {
	once sync.Once
	rs   *RuleSet
	err  error
}

// BuiltinRules returns the built-in patterns (nlp/relmodel/builtin.rules).
func BuiltinRules() (*RuleSet, error) {
	builtinRulesOnce.once.Do(func() {
		rs, err := ParseRules(bytes.NewReader(embeddedRules), "builtin.rules")
		if err == nil {
			rs.builtin = true
		}
		builtinRulesOnce.rs, builtinRulesOnce.err = rs, err
	})
	return builtinRulesOnce.rs, builtinRulesOnce.err
}

// DefaultRelationExtractor returns the extractor with the embedded model and
// built-in patterns, loaded once per process.
func DefaultRelationExtractor() (*RelExtractor, error) {
	defaultRel.once.Do(func() {
		m, err := readRelModel(bytes.NewReader(embeddedRelModel))
		if err != nil {
			defaultRel.err = fmt.Errorf("embedded relation model: %w", err)
			return
		}
		defaultRel.x, defaultRel.err = newRelExtractor(m)
	})
	return defaultRel.x, defaultRel.err
}

var conll04RulesOnce struct {
	once sync.Once
	rs   *RuleSet
	err  error
}

// CoNLL04Rules returns the patterns that apply under ConventionCoNLL04 only
// (nlp/relmodel/convention04.rules).
func CoNLL04Rules() (*RuleSet, error) {
	conll04RulesOnce.once.Do(func() {
		rs, err := ParseRules(bytes.NewReader(embeddedCoNLL04Rules), "convention04.rules")
		if err == nil {
			rs.builtin = true
		}
		conll04RulesOnce.rs, conll04RulesOnce.err = rs, err
	})
	return conll04RulesOnce.rs, conll04RulesOnce.err
}

// WithConvention returns a copy of x that extracts relations as the
// convention c annotates them. ConventionCoNLL2003 (the default) is x with
// WithDatelineAgencies(false) and without the CoNLL04-only patterns. ConventionCoNLL04 turns
// on WithDatelineAgencies and adds the CoNLL04-only patterns (CoNLL04Rules)
// after the built-in ones; WithoutPatterns leaves both out.
func (x *RelExtractor) WithConvention(c NERConvention) (*RelExtractor, error) {
	rs, err := CoNLL04Rules()
	if err != nil {
		return nil, err
	}
	switch c {
	case ConventionCoNLL2003, "":
		y := x.WithDatelineAgencies(false)
		y.rules = nil
		for _, r := range x.rules {
			if r != rs {
				y.rules = append(y.rules, r)
			}
		}
		return y, nil
	case ConventionCoNLL04:
		y := x.WithDatelineAgencies(true)
		y.rules = nil
		added := false
		for _, r := range x.rules {
			if r == rs {
				added = true
			}
		}
		for _, r := range x.rules {
			y.rules = append(y.rules, r)
			if r.builtin && !added {
				y.rules = append(y.rules, rs)
				added = true
			}
		}
		return y, nil
	}
	return nil, fmt.Errorf("nlp: unknown convention %q (want %s or %s)", c, ConventionCoNLL2003, ConventionCoNLL04)
}

// LoadRelationExtractor returns an extractor with the model in dir (written
// by kgraph train rel) and the built-in patterns.
func LoadRelationExtractor(dir string) (*RelExtractor, error) {
	f, err := os.Open(filepath.Join(dir, RelModelFile))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := readRelModel(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, RelModelFile), err)
	}
	return newRelExtractor(m)
}

func newRelExtractor(m *relModel) (*RelExtractor, error) {
	b, err := BuiltinRules()
	if err != nil {
		return nil, err
	}
	return &RelExtractor{model: m, rules: []*RuleSet{b}, coref: true, maxDist: 40}, nil
}

// WithRules returns a copy of x that also applies the given rules.
func (x *RelExtractor) WithRules(rs ...*RuleSet) *RelExtractor {
	y := *x
	y.rules = append(append([]*RuleSet(nil), x.rules...), rs...)
	return &y
}

// WithoutPatterns returns a copy of x without the built-in patterns (user
// rules added later still apply).
func (x *RelExtractor) WithoutPatterns() *RelExtractor {
	y := *x
	y.rules = nil
	for _, r := range x.rules {
		if !r.builtin {
			y.rules = append(y.rules, r)
		}
	}
	return &y
}

// WithoutClassifier returns a copy of x that uses patterns and rules only.
func (x *RelExtractor) WithoutClassifier() *RelExtractor {
	y := *x
	y.model = nil
	return &y
}

// WithDatelineAgencies returns a copy of x whose classifier may relate the
// news agency of a dateline to the dateline's place ("BANGKOK, Thailand
// (AP)": AP BASED_IN Bangkok), as the CoNLL04 corpus annotates; by default
// (off) it does not, since the place is where the story was filed.
func (x *RelExtractor) WithDatelineAgencies(on bool) *RelExtractor {
	y := *x
	y.datelines = on
	return &y
}

// WithCoref returns a copy of x with coreference on or off (default on).
func (x *RelExtractor) WithCoref(on bool) *RelExtractor {
	y := *x
	y.coref = on
	return &y
}

// Extract returns the typed relations stated in doc's sentences. doc must
// have Sentences with tokens and POS tags and Mentions sorted by Start.
// Coreferent mentions (Coref true) that some relation uses are added to
// doc.Mentions, which stays sorted by Start (longer first on ties); indexes
// in doc.Relations are remapped accordingly.
func (x *RelExtractor) Extract(doc *Document) []Relation {
	base := len(doc.Mentions)
	if x.coref {
		doc.Mentions = append(doc.Mentions, corefMentions(doc)...)
	}
	views := sentenceViews(doc)
	var rels []Relation
	var buf []uint64
	var p []float64
	for i := range views {
		v := &views[i]
		if x.model != nil {
			rels, buf, p = x.classify(v, rels, buf, p)
		}
		for _, rs := range x.rules {
			rels = rs.applyView(v, rels)
		}
	}
	rels = dropOpenWater(doc, inferLocations(dedupeRelations(rels)))
	return finishMentions(doc, base, rels)
}

// classify appends the classifier's relations for one sentence.
func (x *RelExtractor) classify(v *sentView, rels []Relation, buf []uint64, p []float64) ([]Relation, []uint64, []float64) {
	m := x.model
	ms := v.ments
	group := coordGroups(v)
	dateline := datelineEnd(v)
	for i := 0; i < len(ms); i++ {
		a := &v.doc.Mentions[ms[i]]
		if a.Coref {
			continue
		}
		for j := i + 1; j < len(ms); j++ {
			b := &v.doc.Mentions[ms[j]]
			if b.Coref || b.TokStart < a.TokEnd {
				continue
			}
			if b.TokStart-a.TokEnd > x.maxDist {
				break
			}
			if !m.candidate(a.Type, b.Type) || sameEntity(a, b) {
				continue
			}
			if group[i] >= 0 && group[i] == group[j] && !cityState(v, a, b) {
				continue // conjuncts of one list: "IBM, Red Hat and XenSource"
			}
			if attachedToNearer(v, i, j) {
				continue // "Russell worked with Fitzhardinge of XenSource"
			}
			if !x.datelines && (datelineAgency(v, a, b) || datelineAgency(v, b, a)) {
				continue // "BERLIN, March 3 (Reuters) -": not where Reuters is based
			}
			if !x.datelines && a.TokEnd <= dateline && b.TokStart >= dateline {
				continue // "BERLIN, March 3 (Reuters) - ... Joe Kaeser": filed there, not living there or working for Reuters
			}
			buf = pairFeatures(v, a, b, buf[:0])
			p = m.probs(buf, a.Type, b.Type, p)
			best := 0
			for c := 1; c < len(p); c++ {
				if p[c] > p[best] || best == 0 && p[c] > 0 {
					best = c
				}
			}
			if best == 0 {
				continue
			}
			cl := &m.classes[best]
			if cl.Type == "WORKS_FOR" && a.Type == "PERSON" && studiedAt(v, a, b) {
				continue // "educated at Los Angeles Community College"
			}
			if cl.Type == "LIVES_IN" && a.Type == "PERSON" && spokeIn(v, a, b) {
				continue // "Craig Martin said Wednesday in Seattle": where he spoke
			}
			if cl.Type == "LIVES_IN" && (a.Type == "PERSON" && attributivePlace(v, a, b) || b.Type == "PERSON" && attributivePlace(v, b, a)) {
				continue // "mother of a man killed on a Howard Beach parkway"
			}
			if cl.Type == "LOCATED_IN" && worldInNation(a, b, cl.Forward) {
				continue // "affluent in Latin America ... made Argentina": not Latin America in Argentina
			}
			if p[best] < m.thr[cl.Type] || !hasCue(v, cl.Type, a, b) ||
				min(a.Confidence, b.Confidence) < minClassifierMentionConf {
				continue
			}
			r := Relation{Type: cl.Type, Subject: ms[i], Object: ms[j], Sentence: v.si,
				Confidence: p[best], Extractor: "classifier"}
			if !cl.Forward {
				r.Subject, r.Object = r.Object, r.Subject
			}
			rels = append(rels, r)
		}
	}
	return rels, buf, p
}

// finishMentions keeps the coreferent mentions (from index base on) that a
// relation uses, drops the others, sorts doc.Mentions and remaps the
// indexes of doc.Relations and rels.
func finishMentions(doc *Document, base int, rels []Relation) []Relation {
	if len(doc.Mentions) == base {
		return rels
	}
	used := make([]bool, len(doc.Mentions)-base)
	for _, r := range rels {
		if r.Subject >= base {
			used[r.Subject-base] = true
		}
		if r.Object >= base {
			used[r.Object-base] = true
		}
	}
	order := make([]int, 0, len(doc.Mentions))
	for i := range doc.Mentions {
		if i < base || used[i-base] {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := &doc.Mentions[order[i]], &doc.Mentions[order[j]]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.End > b.End
	})
	newIdx := make([]int, len(doc.Mentions))
	ms := make([]Mention, len(order))
	for k, old := range order {
		newIdx[old] = k
		ms[k] = doc.Mentions[old]
	}
	doc.Mentions = ms
	for i := range doc.Relations {
		doc.Relations[i].Subject = newIdx[doc.Relations[i].Subject]
		doc.Relations[i].Object = newIdx[doc.Relations[i].Object]
	}
	for i := range rels {
		rels[i].Subject = newIdx[rels[i].Subject]
		rels[i].Object = newIdx[rels[i].Object]
	}
	return rels
}

// minClassifierMentionConf is the recognizer confidence both mentions of a
// pair need for the classifier to relate them: on CoNLL04 dev end to end it
// raises precision (0.31 to 0.36) without lowering F1, since relations
// between doubtful mentions are mostly relations between wrong spans.
const minClassifierMentionConf = 0.5

// attachedToNearer reports whether the second mention of a pair (by
// position in v.ments), an organization or location, hangs on another
// person right before it ("Fitzhardinge of XenSource", "Wright at Red
// Hat", "Amsden, VMware") while the first is a different person: in
// "Russell worked with Jeremy Fitzhardinge of XenSource" XenSource belongs
// to Fitzhardinge, not to Russell.
func attachedToNearer(v *sentView, i, j int) bool {
	a, b := &v.doc.Mentions[v.ments[i]], &v.doc.Mentions[v.ments[j]]
	if a.Type != "PERSON" || b.Type == "PERSON" {
		return false
	}
	k := j - 1
	for k > i && v.doc.Mentions[v.ments[k]].Coref {
		k--
	}
	if k <= i {
		return false
	}
	c := &v.doc.Mentions[v.ments[k]]
	if c.Type != "PERSON" || sameEntity(a, c) || c.TokEnd >= b.TokStart {
		return false
	}
	gap := v.lower[c.TokEnd:b.TokStart]
	if len(gap) == 2 && gap[1] == "the" {
		gap = gap[:1]
	}
	return len(gap) == 1 && (gap[0] == "of" || gap[0] == "at" || gap[0] == ",")
}

// datelineEnd returns the index of the first token after the sentence's
// dateline ("BERLIN, March 3 (Reuters) -": after the agency's closing
// parenthesis), or a number past the sentence's end when it has none.
func datelineEnd(v *sentView) int {
	var place *Mention
	for _, mi := range v.ments {
		m := &v.doc.Mentions[mi]
		if m.Coref {
			continue
		}
		if place == nil {
			if m.Type != "LOCATION" {
				break
			}
			place = m
			continue
		}
		if datelineAgency(v, m, place) {
			return m.TokEnd + 1
		}
	}
	return math.MaxInt
}

// datelineAgency reports whether org is the news agency credited in a
// dateline, "BERLIN, March 3 (Reuters) -" or "BANGKOK, Thailand (AP)", and
// loc a place of that dateline: the sentence starts with a location
// (after an optional "(Text)") and the organization stands in parentheses
// before the dash that ends the dateline, or ends the sentence. The place
// is where the story was filed, not where the agency is based.
func datelineAgency(v *sentView, org, loc *Mention) bool {
	if org.Type != "ORG" || loc.Type != "LOCATION" || loc.TokStart > org.TokStart {
		return false
	}
	n := len(v.lower)
	if org.TokStart < 1 || v.lower[org.TokStart-1] != "(" || org.TokEnd >= n || v.lower[org.TokEnd] != ")" {
		return false
	}
	if e := org.TokEnd + 1; e < n {
		switch v.lower[e] {
		case "-", "--", "—", "–":
		default:
			return false
		}
	}
	first := 0
	if n > 3 && v.lower[0] == "(" && v.lower[2] == ")" {
		first = 3 // "( Text ) Lisbon , May 2 ( LNA ) --"
	}
	for _, mi := range v.ments {
		m := &v.doc.Mentions[mi]
		if m.Coref {
			continue
		}
		return m.Type == "LOCATION" && m.TokStart == first
	}
	return false
}

// cityState reports whether the place b follows the place a with only a
// comma between and names the state or country a is in: "Jackson, Wyo."
// inside the list "at Jackson, Wyo., and Gunnison, Colo.".
func cityState(v *sentView, a, b *Mention) bool {
	if a.Type != "LOCATION" || b.Type != "LOCATION" || b.TokStart != a.TokEnd+1 || v.lower[a.TokEnd] != "," {
		return false
	}
	if placeKind(a) != placeOther {
		return false
	}
	k := placeKind(b)
	return k == placeState || k == placeCountry
}

// coordGroups assigns the mentions of a sentence (by position in v.ments)
// to coordinated lists: mentions separated only by ",", "and", "or" or "&"
// form a group when some separator is a conjunction. It returns each
// mention's group number, -1 for mentions in no list. Members of one list
// are not related to each other by the classifier ("Boston and Chicago"
// are not located in each other; "Springfield, Illinois" is no list).
func coordGroups(v *sentView) []int {
	ms := v.ments
	group := make([]int, len(ms))
	start, conj, g := 0, false, 0
	flush := func(end int) {
		for k := start; k < end; k++ {
			group[k] = -1
			if conj && end-start >= 2 {
				group[k] = g
			}
		}
		g++
	}
	for i := 1; i <= len(ms); i++ {
		if i < len(ms) {
			a, b := &v.doc.Mentions[ms[i-1]], &v.doc.Mentions[ms[i]]
			if b.TokStart > a.TokEnd {
				onlySep, hasConj := true, false
				for t := a.TokEnd; t < b.TokStart; t++ {
					switch v.lower[t] {
					case "and", "or", "&":
						hasConj = true
					case ",":
					default:
						onlySep = false
					}
				}
				if onlySep {
					conj = conj || hasConj
					continue
				}
			}
		}
		flush(i)
		start, conj = i, false
	}
	return group
}

// relCues are words of which at least one must occur between the two
// mentions of a classified pair, or within two tokens around them, for the
// type to be emitted. CoNLL04 pairs nearly always stand in a relation, so
// the classifier learned that a person next to an organization works there;
// on other text, a cue keeps "Contamine, born 1932 in Metz" from becoming
// WORKS_FOR when Metz is mistaken for an organization.
var relCues = map[string]map[string]bool{
	"WORKS_FOR": setOf("of", "at", "for", "with", "'s", "’s", "from", "by", "join", "work", "employ",
		"hire", "lead", "head", "run", "serve", "operate", "own", "play", "represent", "teach", "chair", "direct", "manage",
		"spokesman", "spokeswoman", "spokesperson", "professor", "researcher", "scientist", "engineer",
		"analyst", "economist", "director", "manager", "executive", "officer", "vp", "president",
		"vice", "employee", "editor", "reporter", "correspondent", "lawyer", "attorney", "counsel",
		"adviser", "advisor", "consultant", "chief", "head", "chairman", "chairwoman", "ceo", "cto",
		"cfo", "coo", "member", "secretary", "official", "minister", "governor", "senator",
		"ambassador", "leader", "founder", "co-founder", "commander", "general", "coach", "player",
		"captain", "dean", "lecturer", "staff", "staffer", "fellow", "representative", "agent",
		"aide", "partner", "owner", "chancellor", "treasurer", "trustee", "administrator",
		"commissioner", "inspector", "deputy", "assistant", "associate", "sen.", "rep.", "gov."),
}

func setOf(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[Lemma(w)] = true
		m[w] = true
	}
	return m
}

// hasCue reports whether a pair has a cue word for the type (types without
// a cue list always pass).
func hasCue(v *sentView, typ string, a, b *Mention) bool {
	cues, ok := relCues[typ]
	if !ok {
		return true
	}
	// "National Football League placekicker Mark Moseley": a title made of
	// nouns and adjectives between an organization and a person.
	if a.Type == "ORG" && b.Type == "PERSON" && b.TokStart > a.TokEnd && b.TokStart-a.TokEnd <= 3 {
		title := true
		for t := a.TokEnd; t < b.TokStart; t++ {
			if tag := v.toks[t].Tag; !strings.HasPrefix(tag, "NN") && !strings.HasPrefix(tag, "JJ") {
				title = false
			}
		}
		if title {
			return true
		}
	}
	lo, hi := a.TokStart-2, b.TokEnd+2
	if lo < 0 {
		lo = 0
	}
	if hi > len(v.toks) {
		hi = len(v.toks)
	}
	for t := lo; t < hi; t++ {
		if (t >= a.TokStart && t < a.TokEnd) || (t >= b.TokStart && t < b.TokEnd) {
			continue
		}
		if cues[v.lemma[t]] || cues[v.lower[t]] {
			return true
		}
	}
	return false
}
