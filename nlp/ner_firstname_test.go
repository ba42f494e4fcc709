package nlp

import "testing"

func TestFirstNameBefore(t *testing.T) {
	for _, c := range []struct {
		text, tag string
		want      bool
	}{
		{"Ulf", "NNP", true},
		{"Vernon", "NNP", true},
		{"Zoë", "NNP", true},
		{"Ambassador", "NNP", false}, // a title
		{"Dr", "NNP", false},
		{"Bank", "NNP", false}, // a company word
		{"U.S.", "NNP", false},
		{"IBM", "NNP", false},
		{"Monday", "NNP", false},
		{"Yesterday", "NN", false},
		{"ulf", "NNP", false},
		{"X", "NNP", false},
	} {
		if got := firstNameBefore(Token{Text: c.text, Tag: c.tag}); got != c.want {
			t.Errorf("firstNameBefore(%s/%s) = %v, want %v", c.text, c.tag, got, c.want)
		}
	}
	for w, want := range map[string]bool{"D.": true, "A.": true, "D": false, "Dr.": false, "d.": false, "..": false} {
		if got := isInitialDot(w); got != want {
			t.Errorf("isInitialDot(%q) = %v, want %v", w, got, want)
		}
	}
}

// TestRecognizeFirstNameBeforeInitial: the whole name, also where the
// model alone leaves the first name out.
func TestRecognizeFirstNameBeforeInitial(t *testing.T) {
	rec, err := DefaultRecognizer()
	if err != nil {
		t.Fatal(err)
	}
	p, err := New(Options{Recognizer: rec})
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]string{
		"Ulf D. Merbold said it was fine.":                                    "Ulf D. Merbold",
		"On Friday, U.S. Ambassador Vernon A. Walters displayed photographs.": "Vernon A. Walters",
		"John F. Kennedy was shot in Dallas.":                                 "John F. Kennedy",
	} {
		doc, err := p.Process("d", text)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range doc.Mentions {
			if m.Type == "PERSON" {
				got = append(got, runeSlice(doc.Text, m.Start, m.End))
			}
		}
		if len(got) != 1 || got[0] != want {
			t.Errorf("%q: persons %q, want [%q]", text, got, want)
		}
	}
}

func TestStrayPeriod(t *testing.T) {
	for w, want := range map[string]bool{
		"Hat.":   true, // "... works at Red Hat." (when the tokenizer glues the period)
		"Inc.":   false,
		"Jr.":    false,
		"Mass.":  false, // "born in Amherst, Mass."
		"Calif.": false,
		"N.Y.":   false,
		"Hat":    false,
	} {
		if got := strayPeriod(w); got != want {
			t.Errorf("strayPeriod(%q) = %v, want %v", w, got, want)
		}
	}
}
