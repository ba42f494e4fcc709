package nlp

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kgraph/kgraph/nlp/canon"
)

// titles are honorifics dropped before matching a short person name
// ("Mr. Herrod" is Steve Herrod).
var titles = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "dr": true, "prof": true,
	"sir": true, "dame": true, "lord": true, "lady": true, "rev": true,
}

// acronymSkip are words an acronym usually leaves out.
var acronymSkip = map[string]bool{"of": true, "and": true, "the": true, "for": true, "&": true, "de": true, "in": true}

// resolve fills each mention's Text and Entity (its canonical name in this
// document) and gives all mentions of one entity its majority type:
//
//   - names are cleaned: white space folded, possessives and legal-form
//     suffixes of organizations dropped ("VMware Inc.'s" is VMware);
//   - a person's short form ("Herrod", "Steve", "Mr. Herrod") resolves to the
//     nearest full name containing it, preferring earlier mentions; two
//     different full names are never merged;
//   - a name written with a legal-form suffix anywhere in the document is an
//     organization in all its mentions;
//   - an acronym introduced in parentheses ("Open Source Development Labs
//     (OSDL)"), or matching the initials of an organization named in the
//     document, resolves to the full name.
func resolve(doc *Document) {
	texts := sentenceTexts{doc: doc}
	for i := range doc.Mentions {
		m := &doc.Mentions[i]
		if m.Text == "" {
			m.Text = texts.mention(m)
		}
		name := canon.Clean(m.Text)
		if m.Type == "ORG" {
			name = canon.StripOrgSuffix(name)
		}
		if name == "" {
			name = m.Text
		}
		m.Entity = name
	}
	legalFormIsOrg(doc)
	introduceAcronyms(doc)
	resolveShortNames(doc)
	resolveAcronyms(doc)
	majorityTypes(doc)
}

// legalFormIsOrg makes every mention of a name that appears in the document
// with a legal-form suffix ("VMware Inc.", "Acme Corp.") an organization,
// with the confidence such a suffix deserves.
func legalFormIsOrg(doc *Document) {
	orgs := map[string]bool{}
	for _, m := range doc.Mentions {
		if m.Type == "ORG" && canon.StripOrgSuffix(canon.Clean(m.Text)) != canon.Clean(m.Text) {
			orgs[canon.Key(m.Entity)] = true
		}
	}
	if len(orgs) == 0 {
		return
	}
	for i := range doc.Mentions {
		m := &doc.Mentions[i]
		if orgs[canon.Key(m.Entity)] {
			m.Type = "ORG"
			m.Confidence = max(m.Confidence, 0.95)
		}
	}
}

// sentenceTexts slices mention texts out of their sentences, indexing each
// non-ASCII sentence's code points once, so that the texts of a long
// sentence's many mentions cost linear, not quadratic, time.
type sentenceTexts struct {
	doc   *Document
	ascii []int8    // per sentence: 0 unknown, 1 ASCII, -1 not
	runes [][]int32 // per non-ASCII sentence: byte offset of each code point, and the length
}

// mention returns the text of m in its sentence.
func (x *sentenceTexts) mention(m *Mention) string {
	if x.ascii == nil {
		x.ascii = make([]int8, len(x.doc.Sentences))
		x.runes = make([][]int32, len(x.doc.Sentences))
	}
	si := m.Sentence
	s := &x.doc.Sentences[si]
	from, to := m.Start-s.Start, m.End-s.Start
	if x.ascii[si] == 0 {
		x.ascii[si] = -1
		if isASCII(s.Text) {
			x.ascii[si] = 1
		} else {
			offs := make([]int32, 0, len(s.Text)+1)
			for b := range s.Text {
				offs = append(offs, int32(b))
			}
			x.runes[si] = append(offs, int32(len(s.Text)))
		}
	}
	if x.ascii[si] == 1 {
		if from < 0 || to > len(s.Text) || from > to {
			return runeSlice(s.Text, from, to)
		}
		return s.Text[from:to]
	}
	offs := x.runes[si]
	if from < 0 || to >= len(offs) || from > to {
		return runeSlice(s.Text, from, to)
	}
	return s.Text[offs[from]:offs[to]]
}

// runeSlice returns s[from:to] counted in code points.
func runeSlice(s string, from, to int) string {
	if isASCII(s) {
		return s[from:to]
	}
	b, i := 0, 0
	start := len(s)
	for b < len(s) {
		if i == from {
			start = b
		}
		if i == to {
			return s[start:b]
		}
		_, n := utf8.DecodeRuneInString(s[b:])
		b += n
		i++
	}
	if i == from {
		start = b
	}
	return s[start:]
}

func nameWords(name string) []string {
	ws := strings.Fields(name)
	for len(ws) > 1 && titles[strings.ToLower(strings.TrimSuffix(ws[0], "."))] {
		ws = ws[1:]
	}
	return ws
}

func resolveShortNames(doc *Document) {
	// Full names (two words or more) indexed by their first word and by the
	// key of their last word; each list holds mention indexes in order.
	type index struct {
		at       []int
		entities map[string]bool
	}
	byWord := map[string]*index{}
	add := func(w string, i int) {
		x := byWord[w]
		if x == nil {
			x = &index{entities: map[string]bool{}}
			byWord[w] = x
		}
		if n := len(x.at); n == 0 || x.at[n-1] != i {
			x.at = append(x.at, i)
		}
		x.entities[doc.Mentions[i].Entity] = true
	}
	for i, m := range doc.Mentions {
		if m.Type != "PERSON" {
			continue
		}
		if ws := nameWords(m.Entity); len(ws) >= 2 {
			add(canon.Key(ws[0]), i)
			add(canon.Key(ws[len(ws)-1]), i)
		}
	}
	if len(byWord) == 0 {
		return
	}
	for i := range doc.Mentions {
		m := &doc.Mentions[i]
		if m.Type != "PERSON" && m.Type != "MISC" && m.Type != "ORG" {
			continue
		}
		ws := nameWords(m.Entity)
		if len(ws) != 1 {
			continue
		}
		x := byWord[canon.Key(ws[0])]
		if x == nil {
			continue
		}
		// An ORG-tagged single word matching a person ("Herrod said") is
		// taken as the person only when the name is unambiguous.
		if m.Type == "ORG" && len(x.entities) > 1 {
			continue
		}
		// The nearest full name before the mention, else the first after.
		j := sort.SearchInts(x.at, i)
		best := x.at[min(j, len(x.at)-1)]
		if j > 0 {
			best = x.at[j-1]
		}
		m.Entity = doc.Mentions[best].Entity
		m.Type = "PERSON"
	}
}

// introduceAcronyms finds "Long Name (ACR)" and makes sure ACR is an ORG
// mention resolving to Long Name, marked as the acronym's definition
// (Mention.Acronym).
func introduceAcronyms(doc *Document) {
	var added []Mention
	for i, m := range doc.Mentions {
		if m.Type != "ORG" {
			continue
		}
		s := &doc.Sentences[m.Sentence]
		t := m.TokEnd
		if t+2 >= len(s.Tokens) || s.Tokens[t].Text != "(" || s.Tokens[t+2].Text != ")" {
			continue
		}
		acr := s.Tokens[t+1]
		if !isAcronymOf(acr.Text, m.Entity) {
			continue
		}
		if j := mentionAt(doc, acr.Start); j >= 0 {
			doc.Mentions[j].Entity = m.Entity
			doc.Mentions[j].Type = "ORG"
			doc.Mentions[j].Acronym = true
			continue
		}
		added = append(added, Mention{
			Start: acr.Start, End: acr.End, Text: acr.Text, Type: "ORG", Entity: m.Entity,
			Sentence: m.Sentence, TokStart: t + 1, TokEnd: t + 2, Confidence: doc.Mentions[i].Confidence,
			Acronym: true,
		})
	}
	if len(added) > 0 {
		doc.Mentions = append(doc.Mentions, added...)
		sortMentions(doc.Mentions)
	}
}

// resolveAcronyms maps single-token all-caps mentions that spell the
// initials of an organization named in the document to that organization,
// marked as the document's use of the acronym for it (Mention.Acronym).
func resolveAcronyms(doc *Document) {
	acr := map[string]string{} // acronym key -> full name
	for _, m := range doc.Mentions {
		if m.Type != "ORG" || len(strings.Fields(m.Entity)) < 2 {
			continue
		}
		if a := initials(m.Entity); len(a) >= 2 {
			if prev, ok := acr[a]; ok && prev != m.Entity {
				acr[a] = "" // ambiguous
				continue
			}
			acr[a] = m.Entity
		}
	}
	for i := range doc.Mentions {
		m := &doc.Mentions[i]
		if strings.ContainsRune(m.Entity, ' ') || !isUpperWord(m.Entity) {
			continue
		}
		if full := acr[strings.ToLower(strings.ReplaceAll(m.Entity, ".", ""))]; full != "" {
			m.Entity = full
			m.Type = "ORG"
			m.Acronym = true
		}
	}
}

func mentionAt(doc *Document, start int) int {
	for i, m := range doc.Mentions {
		if m.Start == start {
			return i
		}
	}
	return -1
}

func isUpperWord(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n >= 2
}

// initials returns the lower-case initials of the significant words of name
// ("Open Source Development Labs" gives "osdl").
func initials(name string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '-' }) {
		if acronymSkip[strings.ToLower(w)] {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

func isAcronymOf(acr, name string) bool {
	if !isUpperWord(acr) {
		return false
	}
	a := strings.ToLower(strings.ReplaceAll(acr, ".", ""))
	if a == initials(name) {
		return true
	}
	// Also allow the acronym to keep the small words ("DoD", "AT&T" aside).
	var all strings.Builder
	for _, w := range strings.Fields(name) {
		r, _ := utf8.DecodeRuneInString(w)
		all.WriteRune(unicode.ToLower(r))
	}
	return a == all.String()
}

// majorityTypes gives every mention of one entity the type most of its
// mentions have (ties: the higher summed confidence, then the first seen).
func majorityTypes(doc *Document) {
	type tally struct {
		count map[string]float64
		first string
	}
	by := map[string]*tally{}
	for _, m := range doc.Mentions {
		k := canon.Key(m.Entity)
		t := by[k]
		if t == nil {
			t = &tally{count: map[string]float64{}, first: m.Type}
			by[k] = t
		}
		t.count[m.Type] += 1 + m.Confidence/2
	}
	for i := range doc.Mentions {
		t := by[canon.Key(doc.Mentions[i].Entity)]
		best, bestN := t.first, t.count[t.first]
		for typ, n := range t.count {
			if n > bestN || (n == bestN && typ < best) {
				best, bestN = typ, n
			}
		}
		doc.Mentions[i].Type = best
	}
}
