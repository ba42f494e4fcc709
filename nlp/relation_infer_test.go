package nlp

import (
	"fmt"
	"slices"
	"testing"
)

func TestInferLocations(t *testing.T) {
	rel := func(typ string, s, o, sent int) Relation {
		return Relation{Type: typ, Subject: s, Object: o, Sentence: sent, Confidence: 0.9, Extractor: "classifier"}
	}
	show := func(rs []Relation) []string {
		var out []string
		for _, r := range rs {
			out = append(out, fmt.Sprintf("%s %d->%d s%d %.2f %s", r.Type, r.Subject, r.Object, r.Sentence, r.Confidence, r.Extractor))
		}
		return out
	}
	weak := rel("LOCATED_IN", 1, 2, 0)
	weak.Confidence = 0.6
	tests := []struct {
		name string
		in   []Relation
		want []string // the added relations
	}{
		{"lives in a town of a state", []Relation{rel("LIVES_IN", 0, 1, 0), weak},
			[]string{"LIVES_IN 0->2 s0 0.60 inference:located_in"}},
		{"based in", []Relation{rel("BASED_IN", 0, 1, 0), rel("LOCATED_IN", 1, 2, 0)},
			[]string{"BASED_IN 0->2 s0 0.90 inference:located_in"}},
		{"chain of three places", []Relation{rel("LOCATED_IN", 0, 1, 0), rel("LOCATED_IN", 1, 2, 0), rel("LOCATED_IN", 2, 3, 0)},
			[]string{"LOCATED_IN 0->2 s0 0.90 inference:located_in", "LOCATED_IN 1->3 s0 0.90 inference:located_in", "LOCATED_IN 0->3 s0 0.90 inference:located_in"}},
		{"works for is not carried", []Relation{rel("WORKS_FOR", 0, 1, 0), rel("LOCATED_IN", 1, 2, 0)}, nil},
		{"other sentence", []Relation{rel("LIVES_IN", 0, 1, 0), rel("LOCATED_IN", 1, 2, 1)}, nil},
		{"already there", []Relation{rel("LIVES_IN", 0, 1, 0), rel("LOCATED_IN", 1, 2, 0), rel("LIVES_IN", 0, 2, 0)}, nil},
		{"no cycle back", []Relation{rel("LOCATED_IN", 0, 1, 0), rel("LOCATED_IN", 1, 0, 0)}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := inferLocations(slices.Clone(tc.in))
			added := show(got[len(tc.in):])
			if !slices.Equal(added, tc.want) {
				t.Errorf("added\n got %q\nwant %q", added, tc.want)
			}
		})
	}
}

func TestPlaceKind(t *testing.T) {
	tests := []struct {
		text, typ, want string
	}{
		{"Japan", "LOCATION", placeCountry},
		{"the United States", "LOCATION", placeCountry},
		{"U.S .", "LOCATION", placeCountry},
		{"Conn.", "LOCATION", placeState},
		{"Minn .", "LOCATION", placeState},
		{"Soviet", "LOCATION", placeDemonym},
		{"Latin America", "LOCATION", placeRegion},
		{"Springfield", "LOCATION", placeOther},
		{"Japan", "ORG", ""},
	}
	for _, tc := range tests {
		m := Mention{Text: tc.text, Type: tc.typ}
		if got := placeKind(&m); got != tc.want {
			t.Errorf("placeKind(%q %s) = %q, want %q", tc.text, tc.typ, got, tc.want)
		}
	}
}

func TestWorldInNation(t *testing.T) {
	loc := func(text string) *Mention { return &Mention{Text: text, Type: "LOCATION"} }
	tests := []struct {
		subj, obj string
		want      bool
	}{
		{"Latin America", "Argentina", true}, // a part of the world is in no country
		{"Europe", "Bavaria", true},
		{"the Middle East", "Conn.", true},
		{"Indian Ocean", "Africa.", true}, // an ocean is in no continent
		{"the Pacific", "Asia", true},
		{"Argentina", "Latin America", false},
		{"Southeast Asia", "Asia", false}, // a part of a part of the world
		{"Indian Ocean", "Pacific Ocean", false},
		{"Springfield", "Illinois", false},
		{"Siberia", "Russia", false}, // a part of a country, not of the world
	}
	for _, tc := range tests {
		a, b := loc(tc.subj), loc(tc.obj)
		if got := worldInNation(a, b, true); got != tc.want {
			t.Errorf("LOCATED_IN(%s, %s): worldInNation = %v, want %v", tc.subj, tc.obj, got, tc.want)
		}
		// The same pair in the other sentence order.
		if got := worldInNation(b, a, false); got != tc.want {
			t.Errorf("LOCATED_IN(%s, %s), object first: worldInNation = %v, want %v", tc.subj, tc.obj, got, tc.want)
		}
	}
	// The place kinds used as features do not change.
	if k := placeKind(loc("Latin America")); k != placeRegion {
		t.Errorf("placeKind(Latin America) = %q, want region", k)
	}
}

func TestDropOpenWater(t *testing.T) {
	doc := &Document{Mentions: []Mention{
		{Text: "USAID", Type: "ORG"}, {Text: "Madagascar", Type: "LOCATION"},
		{Text: "Indian Ocean", Type: "LOCATION"}, {Text: "the Pacific", Type: "LOCATION"},
		{Text: "Sea World", Type: "ORG"}, {Text: "Ann Lee", Type: "PERSON"},
	}}
	rels := []Relation{
		{Type: "BASED_IN", Subject: 0, Object: 1},   // kept
		{Type: "BASED_IN", Subject: 0, Object: 2},   // an ocean
		{Type: "LIVES_IN", Subject: 5, Object: 3},   // an ocean
		{Type: "LOCATED_IN", Subject: 1, Object: 2}, // not a residence or a base
		{Type: "WORKS_FOR", Subject: 5, Object: 4},  // "Sea World" is an ORG
	}
	var got []string
	for _, r := range dropOpenWater(doc, rels) {
		got = append(got, r.Type+" "+doc.Mentions[r.Object].Text)
	}
	if want := []string{"BASED_IN Madagascar", "LOCATED_IN Indian Ocean", "WORKS_FOR Sea World"}; !slices.Equal(got, want) {
		t.Errorf("dropOpenWater kept %q, want %q", got, want)
	}
}

// TestOpenWater: a place is an ocean or a sea when "Ocean" or "Sea" is
// its head ("Indian Ocean", "Sea of Japan"), not when it names a town or
// county after the sea ("Ocean City", "Sea Girt"), where people live.
func TestOpenWater(t *testing.T) {
	tests := []struct {
		text, typ string
		want      bool
	}{
		{"Indian Ocean", "LOCATION", true},
		{"the Black Sea.", "LOCATION", true},
		{"Sea of Japan", "LOCATION", true},
		{"the Ocean", "LOCATION", true},
		{"the Pacific", "LOCATION", true},
		{"Mediterranean", "LOCATION", true},
		{"Ocean City", "LOCATION", false},
		{"Ocean County", "LOCATION", false},
		{"Sea Girt", "LOCATION", false},
		{"Sea Island", "LOCATION", false},
		{"Ocean Springs", "LOCATION", false},
		{"Seattle", "LOCATION", false},
		{"", "LOCATION", false},
		{"Indian Ocean", "ORG", false},
	}
	for _, tc := range tests {
		if got := openWater(&Mention{Text: tc.text, Type: tc.typ}); got != tc.want {
			t.Errorf("openWater(%q %s) = %v, want %v", tc.text, tc.typ, got, tc.want)
		}
	}
}
