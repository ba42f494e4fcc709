package nlp

import (
	"reflect"
	"slices"
	"testing"
)

func TestNERListTokens(t *testing.T) {
	for in, want := range map[string][]string{
		"Sant Julià de Lòria":   {"Sant", "Julià", "de", "Lòria"},
		"Washington, D.C.":      {"Washington", ",", "D.C."},
		"  Bonaire (Caribbean)": {"Bonaire", "(", "Caribbean", ")"},
		"":                      nil,
	} {
		if got := NERListTokens(in); !slices.Equal(got, want) {
			t.Errorf("NERListTokens(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCoNLL04GazetteerAndLists trains a tiny recognizer with name lists
// and the CoNLL04 names under the conll04 convention only: the default
// convention must give exactly the mentions of the model without them,
// the list hits must reach the features of the conll04 convention, and a
// saved and reloaded model must agree.
func TestCoNLL04GazetteerAndLists(t *testing.T) {
	train, c04 := tinyCoNLL04Corpus(t)
	places := writeTemp(t, "places.txt", "# a comment\nLisbon\tPT\nPorto\nSant Julià de Lòria\n\n")
	base, err := TrainNER(NERTrainOptions{Train: train, Epochs: 6, CorpusPOS: true, CoNLL04: c04, CoNLL04Separate: true})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := TrainNER(NERTrainOptions{Train: train, Epochs: 6, CorpusPOS: true, CoNLL04: c04, CoNLL04Separate: true,
		Lists: []string{places}, CoNLL04Gazetteer: true, CoNLL04Epochs: 8})
	if err != nil {
		t.Fatal(err)
	}
	if rec.lists == nil || rec.listMode != listsConvOnly {
		t.Fatalf("lists %v, mode %d: want a conll04-only table", rec.lists, rec.listMode)
	}
	doc, err := Analyze("t", "Actress Jo Kim visited Lisbon. Alice Walker joined Zentrix Labs in Lisbon.")
	if err != nil {
		t.Fatal(err)
	}
	if a, b := base.Recognize(doc.Sentences), rec.Recognize(doc.Sentences); !reflect.DeepEqual(a, b) {
		t.Errorf("default convention changed by the lists:\n%+v\nwant\n%+v", b, a)
	}
	c, err := rec.WithConvention(ConventionCoNLL04)
	if err != nil {
		t.Fatal(err)
	}
	// "Lisbon" is in the places list (list 0) and a CoNLL04 location
	// (list 1 + LOC).
	var d nerDocFeatures
	d.reset()
	d.conv = nerConvCoNLL04
	d.lists, d.listMode = c.lists, c.listMode
	d.addSentence([]string{"to", "Lisbon", "."}, []string{"TO", "NNP", "."})
	d.prepare(c.gaz)
	if got := d.listPos[1*nerMaxLists : 2*nerMaxLists]; got[0] != 4 || got[1+2] != 4 || got[1] != 0 {
		t.Errorf("list positions of Lisbon = %v, want U (4) in lists 0 and 3", got)
	}
	got := c.Recognize(doc.Sentences)
	back := saveAndReload(t, rec)
	if back.lists == nil || back.lists.n != rec.lists.n || back.listMode != rec.listMode {
		t.Fatalf("reloaded lists: %d entries, mode %d", back.lists.n, back.listMode)
	}
	bc, _ := back.WithConvention(ConventionCoNLL04)
	if again := bc.Recognize(doc.Sentences); !reflect.DeepEqual(again, got) {
		t.Errorf("reloaded model: %+v, want %+v", again, got)
	}
}
