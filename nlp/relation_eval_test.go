package nlp

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func TestRelScoresCauses(t *testing.T) {
	// Gold: Ann Lee WORKS_FOR Acme Corp; Bo Chen LIVES_IN Oslo; Di Fox
	// LIVES_IN Bergen; Ed Gray WORKS_FOR Initech Labs; Flo Hill LIVES_IN Rome.
	doc := markedDoc(t, "d", "[[Ann Lee|PERSON]] of [[Acme|ORG]] Corp met [[Bo Chen|PERSON]] of [[Oslo|ORG]] and "+
		"[[Di Fox|PERSON]] of [[Bergen|LOCATION]] and [[Ed Gray|PERSON]] of [[Initech Labs|ORG]] and [[Flo Hill|PERSON]] of [[Rome|LOCATION]].")
	span := func(text string) [2]int {
		i := strings.Index(doc.Text, text)
		if i < 0 {
			t.Fatalf("%q not in text", text)
		}
		return [2]int{i, i + len(text)}
	}
	key := func(typ, s, o string) relKey {
		a, b := span(s), span(o)
		return relKey{typ, a[0], a[1], b[0], b[1]}
	}
	gold := map[relKey]bool{
		key("WORKS_FOR", "Ann Lee", "Acme Corp"):    true, // Acme Corp not recognized: missed (span)
		key("LIVES_IN", "Bo Chen", "Oslo"):          true, // Oslo typed ORG: missed (type)
		key("LIVES_IN", "Di Fox", "Bergen"):         true, // nothing predicted between them
		key("WORKS_FOR", "Ed Gray", "Initech Labs"): true, // found
		key("LIVES_IN", "Flo Hill", "Rome"):         true, // found with the wrong type: another type
	}
	var ents [][2]int
	for _, e := range []string{"Ann Lee", "Acme Corp", "Bo Chen", "Oslo", "Di Fox", "Bergen", "Ed Gray", "Initech Labs", "Flo Hill", "Rome"} {
		ents = append(ents, span(e))
	}
	idx := func(text string) int {
		for i, m := range doc.Mentions {
			if m.Text == text {
				return i
			}
		}
		t.Fatalf("no mention %q", text)
		return -1
	}
	rels := []Relation{
		{Type: "WORKS_FOR", Subject: idx("Ann Lee"), Object: idx("Acme")},         // boundary
		{Type: "WORKS_FOR", Subject: idx("Ed Gray"), Object: idx("Initech Labs")}, // right
		{Type: "LOCATED_IN", Subject: idx("Rome"), Object: idx("Flo Hill")},       // gold entities, not so related
		{Type: "WORKS_FOR", Subject: idx("Bo Chen"), Object: idx("Oslo")},         // gold entities, not so related
		{Type: "LIVES_IN", Subject: idx("Di Fox"), Object: idx("Ann Lee")},        // ...
	}
	rels[4].Type = "WORKS_FOR"
	rels[4].Object = idx("Acme") // Di Fox -> Acme: Acme is only part of a gold entity
	rels[1].Confidence = 0.9
	rels[3].Confidence = 0.75
	s := newRelScores()
	s.add(7, doc, rels, gold, ents)
	wantMissed := map[string]int{MissSpan: 1, MissType: 1, MissOtherType: 1, MissNone: 1}
	wantWrong := map[string]int{WrongBoundary: 1, WrongEntity: 1, WrongRelation: 2}
	for k, v := range wantMissed {
		if s.Missed[k] != v {
			t.Errorf("missed %q: %d, want %d (all %v)", k, s.Missed[k], v, s.Missed)
		}
	}
	for k, v := range wantWrong {
		if s.Wrong[k] != v {
			t.Errorf("wrong %q: %d, want %d (all %v)", k, s.Wrong[k], v, s.Wrong)
		}
	}
	if s.Micro != (RelPRF{TP: 1, FP: 4, FN: 4, Boundary: 1}) {
		t.Errorf("micro %+v, want tp 1 fp 4 fn 4, 1 boundary", s.Micro)
	}
	if p := s.Micro.OverlapPrecision(); p != 0.4 {
		t.Errorf("overlap precision %.3f, want 2/5", p)
	}
	var out strings.Builder
	s.Write(&out, "t")
	if !strings.Contains(out.String(), "missed (4):") || !strings.Contains(out.String(), "wrong (4):") {
		t.Errorf("report lacks the causes:\n%s", out.String())
	}
	// The listing: every error once, in span order, with its cause.
	var got []string
	for _, e := range s.Errors {
		if e.Sentence != 7 || e.Text != doc.Text {
			t.Errorf("error %+v: wrong sentence", e)
		}
		got = append(got, fmt.Sprintf("%v %s(%s,%s) %s %v", e.Missed, e.Type, e.Subject, e.Object, e.Cause, e.Found))
	}
	want := []string{
		"false WORKS_FOR(Ann Lee,Acme) " + WrongBoundary + " []",
		"false WORKS_FOR(Bo Chen,Oslo) " + WrongRelation + " []",
		"false WORKS_FOR(Di Fox,Acme) " + WrongEntity + " []",
		"false LOCATED_IN(Rome,Flo Hill) " + WrongRelation + " []",
		"true WORKS_FOR(Ann Lee,Acme Corp) " + MissSpan + " [Ann Lee/PERSON Acme/ORG]",
		"true LIVES_IN(Bo Chen,Oslo) " + MissType + " [Bo Chen/PERSON Oslo/ORG]",
		"true LIVES_IN(Di Fox,Bergen) " + MissNone + " []",
		"true LIVES_IN(Flo Hill,Rome) " + MissOtherType + " []",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("error listing:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	out.Reset()
	s.WriteErrors(&out)
	if !strings.Contains(out.String(), `WRONG  WORKS_FOR("Bo Chen", "Oslo") [`+WrongRelation+`] p=0.75`) ||
		!strings.Contains(out.String(), "#7: "+doc.Text) {
		t.Errorf("WriteErrors:\n%s", out.String())
	}
}

// TestRelScoresEntities scores recognized mentions against a sentence's
// gold entities: exact spans and types count, a cut name is both a wrong
// mention and a missed entity, Other and MISC are not scored.
func TestRelScoresEntities(t *testing.T) {
	var sent CoNLL04Sentence
	if err := json.Unmarshal([]byte(`{"tokens": ["Ann", "Lee", "of", "Acme", "Corp", "met", "Bo", "Chen", "in", "Oslo", "on", "Tuesday", "with", "Zed", "."],
		"entities": [{"type": "Peop", "start": 0, "end": 2}, {"type": "Org", "start": 3, "end": 5},
		{"type": "Peop", "start": 6, "end": 8}, {"type": "Loc", "start": 9, "end": 10}, {"type": "Other", "start": 11, "end": 12}]}`), &sent); err != nil {
		t.Fatal(err)
	}
	doc := markedDoc(t, "d", "[[Ann Lee|PERSON]] of [[Acme|ORG]] Corp met [[Bo Chen|ORG]] in [[Oslo|LOCATION]] on [[Tuesday|MISC]] with [[Zed|PERSON]] .")
	if doc.Text != sent.Text() {
		t.Fatalf("text %q, want %q", doc.Text, sent.Text())
	}
	s := newRelScores()
	s.addEntities(3, doc, &sent)
	want := [3]NERCounts{{TP: 1, Pred: 2, Gold: 2}, {TP: 0, Pred: 2, Gold: 1}, {TP: 1, Pred: 1, Gold: 1}}
	for i, w := range want {
		if got := s.Entities.ByType[i]; got != w {
			t.Errorf("%s: %+v, want %+v", nerTypeNames[i], got, w)
		}
	}
	var got []string
	for _, e := range s.EntityErrors {
		got = append(got, fmt.Sprintf("%v %s %s %v", e.Missed, e.Type, e.Name, e.Found))
	}
	wantErr := []string{
		"false ORG Acme [Acme Corp/ORG]",
		"false ORG Bo Chen [Bo Chen/PERSON]",
		"false PERSON Zed []",
		"true ORG Acme Corp [Acme/ORG]",
		"true PERSON Bo Chen [Bo Chen/ORG]",
	}
	if strings.Join(got, "\n") != strings.Join(wantErr, "\n") {
		t.Errorf("entity errors:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantErr, "\n"))
	}
	var out strings.Builder
	s.WriteEntities(&out, "t")
	s.WriteEntityErrors(&out)
	for _, w := range []string{"PER/ORG/LOC micro", `MISSED ORG "Acme Corp" found Acme/ORG`, `WRONG  PERSON "Zed"`, "#3: Ann Lee"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("report lacks %q:\n%s", w, out.String())
		}
	}
}

// TestRelScoresCorefArgument: a relation on a pronoun counts as one on the
// named mention of its entity earlier in the sentence.
func TestRelScoresCorefArgument(t *testing.T) {
	doc := markedDoc(t, "d", "[[Harrington|PERSON]] died at his home in [[Larchmont|LOCATION]] and [[Bo Lund|PERSON]] wept.")
	i := strings.Index(doc.Text, "his")
	doc.Mentions = append(doc.Mentions, Mention{Start: i, End: i + 3, Text: "his", Type: "PERSON",
		Entity: doc.Mentions[0].Entity, Coref: true})
	his := len(doc.Mentions) - 1
	span := func(m Mention) (int, int) { return m.Start, m.End }
	hs, he := span(doc.Mentions[0])
	ls, le := span(doc.Mentions[1])
	bs, be := span(doc.Mentions[2])
	gold := map[relKey]bool{{"LIVES_IN", hs, he, ls, le}: true, {"LIVES_IN", bs, be, ls, le}: true}
	ents := [][2]int{{hs, he}, {ls, le}, {bs, be}}
	s := newRelScores()
	s.add(0, doc, []Relation{{Type: "LIVES_IN", Subject: his, Object: 1}}, gold, ents)
	if s.Micro != (RelPRF{TP: 1, FN: 1}) {
		t.Errorf("micro %+v, want the pronoun's relation counted as Harrington's (tp 1, fn 1)", s.Micro)
	}
	// A pronoun whose entity has no named mention before it in the
	// sentence stays itself.
	doc.Mentions[his].Entity = "someone else"
	s = newRelScores()
	s.add(0, doc, []Relation{{Type: "LIVES_IN", Subject: his, Object: 1}}, gold, ents)
	if s.Micro != (RelPRF{FP: 1, FN: 2}) {
		t.Errorf("micro %+v, want fp 1 fn 2", s.Micro)
	}
}
