package nlp

import (
	"strings"
	"testing"
)

func TestEncyclopedicTypes(t *testing.T) {
	rec, err := DefaultRecognizer()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		want []string // TYPE text, for the mentions checked
	}{
		{"Fingerpori is a Finnish comic strip by Pertti Jarla . Fingerpori appears in Helsingin Sanomat .",
			[]string{"MISC Fingerpori"}},
		{"Leonessa is a town in the province of Rieti . Leonessa has about 2,500 inhabitants .",
			[]string{"LOCATION Leonessa"}},
		{"Phillip Noyce ( born 29 April 1950 ) is an Australian film director . Noyce directed Dead Calm .",
			[]string{"PERSON Phillip Noyce", "PERSON Noyce"}},
		{"In 1977 the band released the album ABBA Live in Europe .", []string{"MISC ABBA Live"}},
		{`The band recorded " Dancing Queen " in 1975 .`, []string{"MISC Dancing Queen"}},
		{"They landed at Vienna International Airport and flew on .", []string{"LOCATION Vienna International Airport"}},
		// News stays as it was.
		{"Russia was an OSCE member and it was not the organisation 's policy to challenge members .",
			[]string{"LOCATION Russia"}},
	}
	for _, tc := range tests {
		doc := analyzeForNER(t, tc.text)
		rs := []rune(doc.Text)
		got := map[string]bool{}
		for _, m := range rec.Recognize(doc.Sentences) {
			got[m.Type+" "+string(rs[m.Start:m.End])] = true
		}
		for _, w := range tc.want {
			if !got[w] {
				t.Errorf("%q: no %s in %v", tc.text, w, got)
			}
		}
	}
}

func TestCopulaType(t *testing.T) {
	toks := func(s string) []Token {
		ws := strings.Fields(s)
		tags := TagTokens(ws)
		out := make([]Token, len(ws))
		for i, w := range ws {
			out[i] = Token{Text: w, Tag: tags[i]}
		}
		return out
	}
	for _, tc := range []struct {
		s    string
		want int
	}{
		{"is a 2009 American comedy film directed by", 3},
		{"( born 1930 ) was an Italian film composer and conductor", 0},
		{"is a village in", 2},
		{"is the largest company in", 1},
		{"was an OSCE member and it was not the organisation", -1},
		{"said the film", -1},
	} {
		if got := nerCopulaType(toks(tc.s), 0); got != tc.want {
			t.Errorf("%q: %d, want %d", tc.s, got, tc.want)
		}
	}
}
