package nlp

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"unicode/utf8"
)

// DocREDDocument is one document of a (Re-)DocRED JSON file: sentences of
// tokens, entities as clusters of mentions (token spans within a
// sentence) and document-level relations between entities, labelled with
// Wikidata properties ("P108").
type DocREDDocument struct {
	Title     string     `json:"title"`
	Sents     [][]string `json:"sents"`
	VertexSet [][]struct {
		Name   string `json:"name"`
		Pos    [2]int `json:"pos"`
		SentID int    `json:"sent_id"`
		Type   string `json:"type"`
	} `json:"vertexSet"`
	Labels []struct {
		R string `json:"r"`
		H int    `json:"h"`
		T int    `json:"t"`
	} `json:"labels"`
}

// ReadDocRED reads a DocRED or Re-DocRED JSON file (a list of documents).
func ReadDocRED(path string) ([]DocREDDocument, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []DocREDDocument
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for i, d := range out {
		for _, v := range d.VertexSet {
			for _, m := range v {
				if m.SentID < 0 || m.SentID >= len(d.Sents) || m.Pos[0] < 0 || m.Pos[1] > len(d.Sents[m.SentID]) || m.Pos[0] >= m.Pos[1] {
					return nil, fmt.Errorf("%s: document %d: mention %q out of range", path, i, m.Name)
				}
			}
		}
		for _, l := range d.Labels {
			if l.H < 0 || l.H >= len(d.VertexSet) || l.T < 0 || l.T >= len(d.VertexSet) {
				return nil, fmt.Errorf("%s: document %d: relation argument out of range", path, i)
			}
		}
	}
	return out, nil
}

// Text returns the document as kgraph reads it: tokens joined by single
// spaces, one sentence per line, and the code-point span of every
// entity's mentions (spans[e] for entity e).
func (d *DocREDDocument) Text() (text string, spans [][][2]int) {
	var b strings.Builder
	starts := make([][]int, len(d.Sents)) // code-point start of each token, plus the end
	pos := 0
	for si, s := range d.Sents {
		if si > 0 {
			b.WriteByte('\n')
			pos++
		}
		for ti, tok := range s {
			if ti > 0 {
				b.WriteByte(' ')
				pos++
			}
			starts[si] = append(starts[si], pos)
			b.WriteString(tok)
			pos += utf8.RuneCountInString(tok)
		}
		starts[si] = append(starts[si], pos+1) // end of the last token + 1
	}
	spans = make([][][2]int, len(d.VertexSet))
	for e, v := range d.VertexSet {
		for _, m := range v {
			st := starts[m.SentID]
			spans[e] = append(spans[e], [2]int{st[m.Pos[0]], st[m.Pos[1]] - 1})
		}
	}
	return b.String(), spans
}

// docREDProps maps kgraph's relation types to the Wikidata properties of
// (Re-)DocRED that state them; Reversed: the property's head is kgraph's
// object ("founded by" runs from the organization to the founder).
var docREDProps = map[string][]struct {
	P        string
	Reversed bool
}{
	"WORKS_FOR":  {{"P108", false}, {"P463", false}, {"P102", false}, {"P54", false}},
	"FOUNDED":    {{"P112", true}},
	"LEADS":      {{"P488", true}, {"P169", true}, {"P1037", true}, {"P35", true}, {"P6", true}},
	"ACQUIRED":   {{"P127", true}, {"P749", true}, {"P355", false}},
	"BASED_IN":   {{"P159", false}, {"P131", false}, {"P17", false}, {"P740", false}, {"P276", false}},
	"LIVES_IN":   {{"P551", false}, {"P19", false}, {"P20", false}, {"P27", false}},
	"LOCATED_IN": {{"P131", false}, {"P17", false}, {"P30", false}, {"P706", false}, {"P276", false}, {"P150", true}, {"P36", true}},
}

// DocREDScores counts, per kgraph relation type, the distinct entity pairs
// a document's relations connect, judged against (Re-)DocRED's
// document-level labels: Right when a label with a property of the type
// (docREDProps) holds between the pair, Wrong when none does, Unlinked
// when an argument is not an annotated entity (no annotated mention
// overlaps it); Gold counts the labelled pairs of the type, Found those
// of them the relations connect.
type DocREDScores struct {
	Types map[string]*DocREDCounts
	// Wrong lists the relations counted Wrong, in document order.
	Wrong []DocREDWrong
}

// DocREDWrong is one relation the labels do not confirm.
type DocREDWrong struct {
	Title           string // the document's title
	Type            string // the relation's type
	Subject, Object string // the arguments' text
	Sentence        string // the sentence that states it
	Extractor       string
	// Labels are the properties the document labels between the two
	// entities, either way ("P69" educated at, "<-P108"), none when it
	// labels nothing between them.
	Labels []string
}

// WriteWrong prints s.Wrong, one block per relation.
func (s *DocREDScores) WriteWrong(w io.Writer) {
	for _, e := range s.Wrong {
		labels := "nothing"
		if len(e.Labels) > 0 {
			labels = strings.Join(e.Labels, " ")
		}
		fmt.Fprintf(w, "%s(%q, %q) by %s; labelled between them: %s\n  [%s] %s\n", e.Type, e.Subject, e.Object,
			e.Extractor, labels, e.Title, e.Sentence)
	}
}

// DocREDCounts are the counts of one relation type; see DocREDScores.
type DocREDCounts struct{ Right, Wrong, Unlinked, Gold, Found int }

// Precision returns Right/(Right+Wrong): among relations between annotated
// entities, the share the labels confirm.
func (c DocREDCounts) Precision() float64 {
	if c.Right+c.Wrong == 0 {
		return 0
	}
	return float64(c.Right) / float64(c.Right+c.Wrong)
}

// Recall returns Found/Gold.
func (c DocREDCounts) Recall() float64 {
	if c.Gold == 0 {
		return 0
	}
	return float64(c.Found) / float64(c.Gold)
}

// EvalDocRED runs process (a Pipeline's Process) over each document's text
// and scores its typed relations against the document-level labels. A
// relation argument is the annotated entity with the most code points
// in common with it.
func EvalDocRED(process func(id, text string) (*Document, error), docs []DocREDDocument) (*DocREDScores, error) {
	s := &DocREDScores{Types: map[string]*DocREDCounts{}}
	for t := range docREDProps {
		s.Types[t] = &DocREDCounts{}
	}
	for i := range docs {
		d := &docs[i]
		text, spans := d.Text()
		doc, err := process(fmt.Sprint("docred-", i), text)
		if err != nil {
			return nil, err
		}
		labels := map[[3]any]bool{} // property, head, tail
		for _, l := range d.Labels {
			labels[[3]any{l.R, l.H, l.T}] = true
		}
		holds := func(typ string, subj, obj int) bool {
			for _, p := range docREDProps[typ] {
				h, t := subj, obj
				if p.Reversed {
					h, t = obj, subj
				}
				if labels[[3]any{p.P, h, t}] {
					return true
				}
			}
			return false
		}
		for typ, c := range s.Types {
			for a := range d.VertexSet {
				for b := range d.VertexSet {
					if a != b && holds(typ, a, b) {
						c.Gold++
					}
				}
			}
		}
		entity := func(m *Mention) int {
			best, most := -1, 0
			for e, ss := range spans {
				for _, sp := range ss {
					if n := min(sp[1], m.End) - max(sp[0], m.Start); n > most {
						best, most = e, n
					}
				}
			}
			return best
		}
		seen := map[[3]any]bool{}
		for _, r := range doc.Relations {
			c, ok := s.Types[r.Type]
			if !ok {
				continue
			}
			a, b := entity(&doc.Mentions[r.Subject]), entity(&doc.Mentions[r.Object])
			k := [3]any{r.Type, a, b}
			if seen[k] || (a == b && a >= 0) {
				continue
			}
			seen[k] = true
			switch {
			case a < 0 || b < 0:
				c.Unlinked++
			case holds(r.Type, a, b):
				c.Right++
				c.Found++
			default:
				c.Wrong++
				e := DocREDWrong{Title: d.Title, Type: r.Type, Extractor: r.Extractor,
					Subject: doc.Mentions[r.Subject].Text, Object: doc.Mentions[r.Object].Text}
				if r.Sentence < len(doc.Sentences) {
					sn := doc.Sentences[r.Sentence]
					e.Sentence = runeSlice(doc.Text, sn.Start, sn.End)
				}
				for _, l := range d.Labels {
					switch {
					case l.H == a && l.T == b:
						e.Labels = append(e.Labels, l.R)
					case l.H == b && l.T == a:
						e.Labels = append(e.Labels, "<-"+l.R)
					}
				}
				s.Wrong = append(s.Wrong, e)
			}
		}
	}
	return s, nil
}

// Write prints the scores as a table, types sorted, with the micro
// average over the types.
func (s *DocREDScores) Write(w io.Writer, title string) {
	fmt.Fprintf(w, "%s\n%-12s %9s %6s %6s %9s %9s %6s\n", title, "type", "precision", "right", "wrong", "unlinked", "recall", "gold")
	var types []string
	for t := range s.Types {
		types = append(types, t)
	}
	sort.Strings(types)
	var all DocREDCounts
	row := func(name string, c DocREDCounts) {
		fmt.Fprintf(w, "%-12s %9.3f %6d %6d %9d %9.3f %6d\n", name, c.Precision(), c.Right, c.Wrong, c.Unlinked, c.Recall(), c.Gold)
	}
	for _, t := range types {
		c := *s.Types[t]
		row(t, c)
		all.Right += c.Right
		all.Wrong += c.Wrong
		all.Unlinked += c.Unlinked
		all.Gold += c.Gold
		all.Found += c.Found
	}
	row("micro", all)
}
