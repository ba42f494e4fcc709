package nlp

import (
	"sort"
	"testing"
)

func TestCorefMentions(t *testing.T) {
	tests := []struct {
		marked string
		want   []string // "surface=entity/TYPE"
	}{
		{"[[Jane Doe|PERSON]] is an engineer. She joined [[IBM|ORG]] in 2010.", []string{"She=jane doe/PERSON"}},
		{"[[Jane Doe|PERSON]] met [[Bo Li|PERSON]] on Monday. His team grew.", []string{"His=bo li/PERSON"}},
		{"[[Globex|ORG]] grew. Later the company hired [[Hank|PERSON]].", []string{"the company=globex/ORG"}},
		{"[[Anna Lee|PERSON]] started the [[OpenGrid Project|MISC]]. This effort grew.", []string{"This effort=opengrid project/MISC"}},
		// No antecedent: nothing.
		{"He joined [[IBM|ORG]].", nil},
		// "the company Initech" introduces a new name, not a reference.
		{"[[Globex|ORG]] grew. The company Initech did not.", nil},
		// Too far back (more than two sentences).
		{"[[Jane Doe|PERSON]] spoke. It rained. It snowed. It hailed. She left.", nil},
		// "the project" needs a project, not any organization.
		{"[[Globex|ORG]] grew. The project failed.", nil},
	}
	for _, tc := range tests {
		doc := markedDoc(t, "c", tc.marked)
		var got []string
		for _, m := range corefMentions(doc) {
			if !m.Coref {
				t.Errorf("%q: mention %q without Coref", doc.Text, m.Text)
			}
			if m.Text != relRuneSlice(doc.Text, m.Start, m.End) {
				t.Errorf("%q: mention text %q does not match its span", doc.Text, m.Text)
			}
			got = append(got, m.Text+"="+m.Entity+"/"+m.Type)
		}
		if len(got) != len(tc.want) {
			t.Errorf("%q: got %q, want %q", doc.Text, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%q: got %q, want %q", doc.Text, got, tc.want)
			}
		}
	}
}

func TestExtractKeepsMentionsSortedAndRemaps(t *testing.T) {
	x := mustDefault(t)
	doc := markedDoc(t, "s", "[[Jane Doe|PERSON]] is an engineer. She joined [[IBM|ORG]] in 2010 and met [[Bo Li|PERSON]] there.")
	// A relation added earlier by another stage must keep pointing at the
	// same mentions after coreferent mentions are inserted.
	doc.Relations = []Relation{{Type: "CO_MENTIONED", Subject: 1, Object: 2, Symmetric: true}}
	before := [2]string{doc.Mentions[1].Text, doc.Mentions[2].Text}
	rels := x.Extract(doc)
	if !sort.SliceIsSorted(doc.Mentions, func(i, j int) bool { return doc.Mentions[i].Start < doc.Mentions[j].Start }) {
		t.Errorf("mentions not sorted by Start: %+v", doc.Mentions)
	}
	after := [2]string{doc.Mentions[doc.Relations[0].Subject].Text, doc.Mentions[doc.Relations[0].Object].Text}
	if before != after {
		t.Errorf("existing relation now relates %v, was %v", after, before)
	}
	var found bool
	for _, r := range rels {
		s := &doc.Mentions[r.Subject]
		if r.Type == "WORKS_FOR" && s.Coref && s.Text == "She" && s.Entity == "jane doe" && doc.Mentions[r.Object].Text == "IBM" {
			found = true
		}
	}
	if !found {
		t.Errorf("no WORKS_FOR She(=jane doe) -> IBM in %v", describeAll(doc, rels, true))
	}
	// A second Extract adds no second mention for the same pronoun.
	n := len(doc.Mentions)
	x.Extract(doc)
	if len(doc.Mentions) != n {
		t.Errorf("second Extract changed the mentions from %d to %d", n, len(doc.Mentions))
	}
	// Coreferent mentions that no relation uses are not kept.
	coref := 0
	for _, m := range doc.Mentions {
		if m.Coref {
			coref++
		}
	}
	if coref != 1 {
		t.Errorf("%d coreferent mentions kept, want 1", coref)
	}
}

// TestSentenceTexts: mention texts sliced through the per-sentence index
// equal runeSlice's, in ASCII and non-ASCII sentences.
func TestSentenceTexts(t *testing.T) {
	doc, err := Analyze("d", "Zoë Müller met Ann Lee in Zürich. Bo Lund met Al Fox.")
	if err != nil {
		t.Fatal(err)
	}
	x := sentenceTexts{doc: doc}
	n := 0
	for si, s := range doc.Sentences {
		for _, tok := range s.Tokens {
			m := Mention{Start: tok.Start, End: tok.End, Sentence: si}
			want := runeSlice(s.Text, tok.Start-s.Start, tok.End-s.Start)
			if got := x.mention(&m); got != want || got != tok.Text {
				t.Errorf("sentence %d token %q: got %q, want %q", si, tok.Text, got, want)
			}
			n++
		}
	}
	if n < 10 || x.ascii[0] != -1 || x.ascii[1] != 1 {
		t.Errorf("%d tokens, ascii flags %v", n, x.ascii)
	}
}
