package nlp

import (
	"fmt"
	"strings"
	"testing"
)

// ruleToks tokenizes s at spaces, with code-point offsets.
func ruleToks(s string) []Token {
	var out []Token
	pos := 0
	for _, w := range strings.Split(s, " ") {
		n := len([]rune(w))
		if w != "" {
			out = append(out, Token{Text: w, Start: pos, End: pos + n})
		}
		pos += n + 1
	}
	return out
}

// ruleMentions marks mentions in a space-tokenized sentence written as
// "[Black Sea|LOCATION] Fleet": it returns the tokens and the mentions.
func ruleMentions(t *testing.T, si int, marked string) ([]Token, []Mention) {
	t.Helper()
	var words []string
	var ms []Mention
	for _, part := range strings.SplitAfter(strings.ReplaceAll(marked, "[", "\x00["), "]") {
		for _, seg := range strings.Split(part, "\x00") {
			if strings.HasPrefix(seg, "[") && strings.HasSuffix(seg, "]") {
				body := strings.Trim(seg, "[]")
				bar := strings.LastIndexByte(body, '|')
				ws := strings.Fields(body[:bar])
				ms = append(ms, Mention{Type: body[bar+1:], Sentence: si, TokStart: len(words), TokEnd: len(words) + len(ws)})
				words = append(words, ws...)
				continue
			}
			words = append(words, strings.Fields(seg)...)
		}
	}
	toks := ruleToks(strings.Join(words, " "))
	for i := range ms {
		ms[i].Start, ms[i].End = toks[ms[i].TokStart].Start, toks[ms[i].TokEnd-1].End
	}
	return toks, ms
}

func describeSpans(toks []Token, spans []nerSpan) string {
	ms := make([]Mention, len(spans))
	for i, s := range spans {
		ms[i] = Mention{TokStart: s.start, TokEnd: s.end, Type: s.typ}
	}
	return describeRuleMentions(toks, ms)
}

func describeRuleMentions(toks []Token, ms []Mention) string {
	var out []string
	for _, m := range ms {
		var ws []string
		for _, tk := range toks[m.TokStart:m.TokEnd] {
			ws = append(ws, tk.Text)
		}
		out = append(out, fmt.Sprintf("%s/%s", strings.Join(ws, " "), m.Type))
	}
	return strings.Join(out, " | ")
}

func TestSpanRules(t *testing.T) {
	tests := []struct {
		rule   nerSpanRule
		marked string
		want   string
	}{
		// Datelines.
		{datelineSpans, "[BRISBANE|ORG] , [Australia|LOCATION] ( [AP|ORG] )", "BRISBANE/LOCATION | Australia/LOCATION | AP/ORG"},
		{datelineSpans, "[Moscow|LOCATION] March 5 ( ITAR-TASS ) -- Papers wrote .", "Moscow/LOCATION | ITAR-TASS/ORG"},
		{datelineSpans, "( Text ) Saint-Gall , [Switzerland|LOCATION] , Feb 2 ( AFP ) -- A plane fell .",
			"Saint-Gall/LOCATION | Switzerland/LOCATION | AFP/ORG"},
		{datelineSpans, "( Text ) Hefei , 11 February ( XINHUA ) --", "Hefei/LOCATION | XINHUA/ORG"},
		{datelineSpans, "SANTA FE ( UPI ) _ The rain came .", "SANTA FE/LOCATION | UPI/ORG"},
		{datelineSpans, "[John Smith|PERSON] ( D-NY ) -- said no .", ""},     // a name and a party: no date, not in capitals
		{datelineSpans, "[Oslo|LOCATION] , May 2 ( Reuters ) -- Rain .", ""}, // agency not in capitals
		{datelineSpans, "[Oslo|LOCATION] , May 2 ( AP ) said he .", ""},      // no dash after the agency
		{datelineSpans, "The Very Long Place Name Here ( AP ) --", ""},       // a place of more than four words
		{datelineSpans, "[Oslo|LOCATION] ( AP", ""},                          // unclosed
		{datelineSpans, "( AP )", ""},                                        // no place
		{datelineSpans, "", ""},
		// People 's.
		{peoplesSpans, "the People 's [Republic of China|LOCATION] and [Mongolia|LOCATION]", "People 's Republic of China/LOCATION"},
		{peoplesSpans, "the Democratic People 's [Republic of Korea|LOCATION]", "Democratic People 's Republic of Korea/LOCATION"},
		{peoplesSpans, "[People|ORG] 's [Daily|ORG] said", "People 's Daily/ORG"},
		{peoplesSpans, "[People 's Daily|ORG] said", ""},      // already whole
		{peoplesSpans, "People 's [Ann Lee|PERSON] said", ""}, // not a person's name
		{peoplesSpans, "the people 's [Congress|ORG]", ""},    // lower case
		{peoplesSpans, "People 's", ""},
		// Military units.
		{unitSpans, "the [U.S.|LOCATION] 6th [Fleet|LOCATION] sailed", "6th Fleet/ORG"},
		{unitSpans, "the 12th [Brigade|MISC] in [Botoa|LOCATION]", "12th Brigade/ORG"},
		{unitSpans, "the [Jarama 1st Cavalry Brigade|MISC] left", "Jarama 1st Cavalry Brigade/ORG"},
		{unitSpans, "[Black Sea|LOCATION] Fleet Commander [Eduard Baltin|PERSON]", "Black Sea Fleet/ORG"},
		{unitSpans, "the [82nd Airborne Division|ORG] landed", "82nd Airborne Division/ORG"}, // kept as it is
		{unitSpans, "the [Black Sea Fleet Command|ORG] met", ""},                             // a longer name
		{unitSpans, "the Brigade left , and the [Division|ORG] stayed", ""},                  // no ordinal, no place
		{unitSpans, "Fleet", ""},
		// A nation's adjective and an institution of the state.
		{stateBodySpans, "the [Haitian|MISC] Parliament 's vote", "Haitian Parliament/ORG"},
		{stateBodySpans, "a [Chinese|MISC] [Foreign Ministry|ORG] briefing", "Chinese Foreign Ministry/ORG"},
		{stateBodySpans, "the [South Korean Government|ORG] agreed", "South Korean Government/ORG"},
		{stateBodySpans, "the [German Embassy Third Secretary Ernst vom Rath|PERSON]", ""}, // a longer name
		{stateBodySpans, "the [U.S.|LOCATION] [Navy|ORG] said", ""},                        // a country, not an adjective
		{stateBodySpans, "the French cooking Army", ""},                                    // a lower-case word between
		{stateBodySpans, "Government", ""},
		// Two names of one type side by side.
		{adjacentSpans, "in [California|LOCATION] 's [Sierra|LOCATION] [Nevada|LOCATION] foothills", "Sierra Nevada/LOCATION"},
		{adjacentSpans, "[Ann|PERSON] [Lee|PERSON] [Bo|PERSON] met", "Ann Lee/PERSON"},
		{adjacentSpans, "in [Soviet|LOCATION] [Armenia|LOCATION] today", ""}, // a nation's adjective
		{adjacentSpans, "[Oslo|LOCATION] , [Norway|LOCATION]", ""},
		{adjacentSpans, "[Acme|ORG] [Paris|LOCATION]", ""},
		{adjacentSpans, "the [English|MISC] [Premier League|MISC]", ""},
		{adjacentSpans, "", ""},
		// A head noun the model left out of a place's name.
		{placeHeadSpans, "at the [Savannah River|LOCATION] Plant , in [Aiken|LOCATION]", "Savannah River Plant/LOCATION"},
		{placeHeadSpans, "in the southern [Chiapas|LOCATION] State .", "Chiapas State/LOCATION"},
		{placeHeadSpans, "the [Parkland Memorial|ORG] Hospital said", "Parkland Memorial Hospital/ORG"},
		{placeHeadSpans, "home of [Nelson|PERSON] Street 's clubs", "Nelson Street/LOCATION"},
		{placeHeadSpans, "[Ann Lee|PERSON] Hospital", ""},                      // a person's name before a facility
		{placeHeadSpans, "the [U.S.|LOCATION] District Court ruled", ""},       // a longer name goes on
		{placeHeadSpans, "the [U.S.|LOCATION] [District Court|ORG] ruled", ""}, // the head is in a mention
		{placeHeadSpans, "[Jazz|MISC] Center", ""},
		{placeHeadSpans, "[Oslo|LOCATION] city", ""}, // lower case
		{placeHeadSpans, "[Oslo|LOCATION]", ""},
		{placeHeadSpans, "on [U.S.|LOCATION] Highway 49 .", ""}, // a number goes on
		// An institution's name that goes on with "of".
		{ofSpans, "at the [American University|ORG] of [Beirut|LOCATION] when", "American University of Beirut/ORG"},
		{ofSpans, "the [Department|ORG] of [Forestry|MISC] said", "Department of Forestry/ORG"},
		{ofSpans, "the [Bank|ORG] of [Japan|LOCATION] and the [Bank|ORG] of [England|LOCATION]", "Bank of Japan/ORG | Bank of England/ORG"},
		{ofSpans, "a professor at [Acme Labs|ORG] of [Oslo|LOCATION]", ""}, // not an institution's head
		{ofSpans, "the [University|ORG] of [Ann Lee|PERSON]", ""},          // a person
		{ofSpans, "the [University|ORG] of the [South|LOCATION]", ""},      // not right after "of"
		{ofSpans, "the [University|ORG] , of [Oslo|LOCATION]", ""},
		{ofSpans, "the [University|ORG] of", ""},
		// A nation's adjective before "Republic ...".
		{republicSpans, "of the Croatian [Republic of Herceg-Bosna|LOCATION] ,", "Croatian Republic of Herceg-Bosna/LOCATION"},
		{republicSpans, "the [Croatian Republic of Herceg-Bosna|LOCATION]", ""},
		{republicSpans, "the Former [Republic of Macedonia|LOCATION]", ""}, // not a nation's adjective
		{republicSpans, "the Croatian [Republican Party|ORG]", ""},         // not a republic
		{republicSpans, "[Republic of Macedonia|LOCATION]", ""},
		// An organization's head noun begins or ends only organizations.
		{orgTypeSpans, "director of the [Foundation on Economic Trends|MISC] and", "Foundation on Economic Trends/ORG"},
		{orgTypeSpans, "the [Haitian Labor Party|PERSON] and [Labor Party|ORG]", "Haitian Labor Party/ORG"},
		{orgTypeSpans, "the [Acme Corp.|MISC] [Party|MISC] [Foundation Day|LOCATION]", ""}, // one word, a place
		{orgTypeSpans, "the [Central Bank.|MISC]", "Central Bank./ORG"},
		// A place's head noun ends only places.
		{geoTypeSpans, "in [Beijing|LOCATION] 's [Tiananmen Square|ORG] on", "Tiananmen Square/LOCATION"},
		{geoTypeSpans, "[Hudson River|PERSON] and [Red River|LOCATION]", "Hudson River/LOCATION"},
		{geoTypeSpans, "in [Louisiana|LOCATION] 's [Cameron Parish|PERSON] ( county )", "Cameron Parish/LOCATION"},
		// An epithet in quotation marks is no person's name.
		{epithetSpans, "known as the ` ` [Slum Angel|PERSON] of [Bangkok|LOCATION] . ' '", "Slum Angel/MISC"},
		{epithetSpans, `the " [Iron Lady|PERSON] "`, "Iron Lady/MISC"},
		{epithetSpans, `said " [John Smith|PERSON] " was`, ""}, // no "the"
		{epithetSpans, `the [John Smith|PERSON] case`, ""},     // no quotation mark
		// A name split at an apostrophe goes on.
		{apostropheSpans, "I met [Sultan Qabus Bin-Sa|PERSON] 'id of [Oman|LOCATION] .", "Sultan Qabus Bin-Sa 'id/PERSON"},
		{apostropheSpans, "I met [Sultan Qabus Bin-Sa|PERSON] ’id there", "Sultan Qabus Bin-Sa ’id/PERSON"},
		{apostropheSpans, "[John|PERSON] ’ll go", ""},                                // a clitic
		{apostropheSpans, "[John|PERSON] 're here", ""},                              // a clitic
		{apostropheSpans, "[Bo Lund|PERSON] 'S band", ""},                            // not lowercase
		{apostropheSpans, "[Bo Lund|ORG] 'id", ""},                                   // not a person
		{geoTypeSpans, "the [River|ORG] , [Square One|ORG] and [Square|PERSON]", ""}, // one word, or another head
	}
	for _, tt := range tests {
		toks, ms := ruleMentions(t, 0, tt.marked)
		if got := describeSpans(toks, tt.rule(toks, ms)); got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.marked, got, tt.want)
		}
	}
}

func TestApplySpanRules(t *testing.T) {
	toks0, ms0 := ruleMentions(t, 0, "[BRISBANE|ORG] , [Australia|LOCATION] ( [AP|ORG] )")
	toks1, ms1 := ruleMentions(t, 1, "The [U.S.|LOCATION] 6th [Fleet|LOCATION] and the [Haitian|MISC] Parliament met [Ann Lee|PERSON] .")
	toks2, ms2 := ruleMentions(t, 2, "No names here .")
	toks3, ms3 := ruleMentions(t, 3, "[Oslo|LOCATION] is cold .")
	sents := []Sentence{{Tokens: toks0}, {Tokens: toks1}, {Tokens: toks2}, {Tokens: toks3}}
	ms0[1].Confidence = 0.42 // kept as it is: the rule draws exactly it
	in := append(append(append(ms0, ms1...), ms2...), ms3...)
	got := applySpanRules(sents, in, nerConvCoNLL04, nerRulesCoNLL04)
	var desc []string
	for si, toks := range [][]Token{toks0, toks1, toks2, toks3} {
		var own []Mention
		for _, m := range got {
			if m.Sentence == si {
				own = append(own, m)
			}
		}
		desc = append(desc, describeRuleMentions(toks, own))
	}
	want := []string{
		"BRISBANE/LOCATION | Australia/LOCATION | AP/ORG",
		"U.S./LOCATION | 6th Fleet/ORG | Haitian Parliament/ORG | Ann Lee/PERSON",
		"",
		"Oslo/LOCATION",
	}
	if strings.Join(desc, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(desc, "\n"), strings.Join(want, "\n"))
	}
	for i := 1; i < len(got); i++ {
		if got[i].Sentence < got[i-1].Sentence || got[i].Sentence == got[i-1].Sentence && got[i].TokStart < got[i-1].TokStart {
			t.Errorf("mentions out of order at %d: %+v", i, got)
		}
	}
	for _, m := range got {
		switch {
		case m.Sentence == 0 && m.TokStart == 2:
			if m.Confidence != 0.42 {
				t.Errorf("Australia: confidence %.2f, want the kept 0.42", m.Confidence)
			}
		case m.Sentence == 1 && m.TokStart == 2:
			if m.Confidence != nerRuleConfidence || m.Start != toks1[2].Start || m.End != toks1[3].End {
				t.Errorf("6th Fleet: %+v", m)
			}
		}
	}
	// Default convention: only "People 's".
	toks, ms := ruleMentions(t, 0, "the People 's [Republic of China|LOCATION] and the 6th [Fleet|ORG]")
	if got := describeRuleMentions(toks, applySpanRules([]Sentence{{Tokens: toks}}, ms, nerConvDefault, nerRulesDefault)); got !=
		"People 's Republic of China/LOCATION | Fleet/ORG" {
		t.Errorf("default rules: %q", got)
	}
	if got := applySpanRules(nil, nil, nerConvCoNLL04, nerRulesCoNLL04); len(got) != 0 {
		t.Errorf("no sentences: %+v", got)
	}
}

// TestSpanRulesRecognize runs the embedded recognizer on sentences of our
// own: the rules' spans come out under the convention they belong to.
func TestSpanRulesRecognize(t *testing.T) {
	rec, err := DefaultRecognizer()
	if err != nil {
		t.Fatal(err)
	}
	c04, err := rec.WithConvention(ConventionCoNLL04)
	if err != nil {
		t.Fatal(err)
	}
	text := "OSLO , Norway ( NTB ) -- The U.S. 6th Fleet sailed past the Black Sea Fleet. " +
		"The Haitian Parliament met envoys of the People's Republic of China."
	doc, err := Analyze("d", text)
	if err != nil {
		t.Fatal(err)
	}
	names := func(r *Recognizer) map[string]bool {
		out := map[string]bool{}
		for _, m := range r.Recognize(doc.Sentences) {
			out[runeSlice(doc.Text, m.Start, m.End)+"/"+m.Type] = true
		}
		return out
	}
	got := names(c04)
	for _, w := range []string{"OSLO/LOCATION", "Norway/LOCATION", "NTB/ORG", "6th Fleet/ORG", "Black Sea Fleet./ORG",
		"Haitian Parliament/ORG", "People's Republic of China./LOCATION"} {
		if !got[w] {
			t.Errorf("conll04 convention: no %s in %v", w, got)
		}
	}
	if got := names(rec); !got["People's Republic of China/LOCATION"] || got["6th Fleet/ORG"] {
		t.Errorf("default convention: %v", got)
	}
	// Odd input never panics.
	for _, odd := range []string{"( AP )", "( ( ) ) --", "People 's", "People's", "Fleet", "6th", "Haitian",
		"OSLO ( AP", "of of of", "University of", "Plant", "\u00a0( X ) --", "A B C D E F ( AP ) --"} {
		d, err := Analyze("odd", odd)
		if err != nil {
			t.Fatal(err)
		}
		c04.Recognize(d.Sentences)
		rec.Recognize(d.Sentences)
	}
}

// TestApplySpanRulesNoOverlap: when one rule draws spans that overlap
// each other (two unit nouns in a row give "6th Fleet" and "6th Fleet
// Brigade"), the longer one is kept and the sentence's mentions never
// overlap.
func TestApplySpanRulesNoOverlap(t *testing.T) {
	tests := []struct {
		marked string
		conv   uint64
		rules  []nerSpanRule
		want   string
	}{
		{"the 6th Fleet Brigade left", nerConvCoNLL04, nerRulesCoNLL04, "6th Fleet Brigade/ORG"},
		{"6th Fleet Fleet", nerConvCoNLL04, nerRulesCoNLL04, "6th Fleet Fleet/ORG"},
		{"the [U.S.|LOCATION] 6th Fleet Corps and [Ann Lee|PERSON]", nerConvCoNLL04, nerRulesCoNLL04,
			"U.S./LOCATION | 6th Fleet Corps/ORG | Ann Lee/PERSON"},
		{"the 6th Fleet left", nerConvCoNLL04, nerRulesCoNLL04, "6th Fleet/ORG"},
		{"the People 's [Daily|ORG] of [Beijing|LOCATION]", nerConvDefault, nerRulesDefault, "People 's Daily/ORG | Beijing/LOCATION"},
	}
	for _, tt := range tests {
		toks, ms := ruleMentions(t, 0, tt.marked)
		got := applySpanRules([]Sentence{{Tokens: toks}}, ms, tt.conv, tt.rules)
		if d := describeRuleMentions(toks, got); d != tt.want {
			t.Errorf("%q: got %q, want %q", tt.marked, d, tt.want)
		}
		for i := 1; i < len(got); i++ {
			if got[i-1].TokEnd > got[i].TokStart {
				t.Errorf("%q: mentions overlap: %+v", tt.marked, got)
			}
		}
	}
}
