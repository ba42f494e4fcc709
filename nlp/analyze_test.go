package nlp

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// checkOffsets verifies that every token and sentence's offsets address its
// text in the document.
func checkOffsets(t *testing.T, doc *Document) {
	t.Helper()
	runes := []rune(doc.Text)
	for si, s := range doc.Sentences {
		if got := string(runes[s.Start:s.End]); got != s.Text {
			t.Errorf("sentence %d: text at [%d,%d) = %q, want %q", si, s.Start, s.End, got, s.Text)
		}
		for _, tok := range s.Tokens {
			if tok.Start < s.Start || tok.End > s.End || tok.Start >= tok.End {
				t.Errorf("token %q [%d,%d) outside sentence [%d,%d)", tok.Text, tok.Start, tok.End, s.Start, s.End)
				continue
			}
			if got := string(runes[tok.Start:tok.End]); got != tok.Text {
				t.Errorf("token at [%d,%d) = %q, want %q", tok.Start, tok.End, got, tok.Text)
			}
			if tok.Tag == "" {
				t.Errorf("token %q has no POS tag", tok.Text)
			}
		}
	}
}

func tokenTexts(doc *Document) [][]string {
	var out [][]string
	for _, s := range doc.Sentences {
		var ws []string
		for _, tok := range s.Tokens {
			ws = append(ws, tok.Text)
		}
		out = append(out, ws)
	}
	return out
}

func TestAnalyze(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		sents []string // token texts joined by "|"
	}{
		{"simple", "VMware's Steve Herrod spoke. XenSource agreed.",
			[]string{"VMware|'s|Steve|Herrod|spoke|.", "XenSource|agreed|."}},
		{"curly quotes", "“It works,” said Rusty Russell’s team.",
			[]string{"“|It|works|,|”|said|Rusty|Russell|’s|team|."}},
		{"headline then body", "VMware opens VMI\n\nPALO ALTO -- VMware Inc. said on Monday it would publish VMI.",
			[]string{"VMware|opens|VMI", "PALO|ALTO|--|VMware|Inc.|said|on|Monday|it|would|publish|VMI|."}},
		{"line per sentence", "Peter Blackburn\nBRUSSELS 1996-08-22\nThe European Commission said so .",
			[]string{"Peter|Blackburn", "BRUSSELS|1996-08-22", "The|European|Commission|said|so|."}},
		{"wrapped line", "The hypervisor interface was proposed by\nengineers at IBM and VMware.",
			[]string{"The|hypervisor|interface|was|proposed|by|engineers|at|IBM|and|VMware|."}},
		{"non-ASCII", "Zoë Müller joined Société Générale in Zürich.",
			[]string{"Zoë|Müller|joined|Société|Générale|in|Zürich|."}},
		{"abbreviations", "He moved to Hartford, Conn., and joined Acme Corp. in May. It was John F. Kennedy's idea.",
			[]string{"He|moved|to|Hartford|,|Conn.|,|and|joined|Acme|Corp.|in|May|.", "It|was|John|F.|Kennedy|'s|idea|."}},
		{"final period", "Brian Stevens works at Red Hat.", []string{"Brian|Stevens|works|at|Red|Hat|."}},
		{"state before comma", "The plant in Hartford, Conn., with 300 workers closed.",
			[]string{"The|plant|in|Hartford|,|Conn.|,|with|300|workers|closed|."}},
		{"state then courtesy title", "The boy vanished near Grants, N.M. Ms. Calico, then 19, vanished later.",
			[]string{"The|boy|vanished|near|Grants|,|N.M.", "Ms.|Calico|,|then|19|,|vanished|later|."}},
		{"dotted state then title", "She moved to Washington, D.C. Dr. Ruiz stayed in Dover.",
			[]string{"She|moved|to|Washington|,|D.C.", "Dr.|Ruiz|stayed|in|Dover|."}},
		{"rank after the country", "The murder of U.S. Sen. Robert Kennedy shocked Calif. Gov. Reagan.",
			[]string{"The|murder|of|U.S.|Sen.|Robert|Kennedy|shocked|Calif.|Gov.|Reagan|."}},
		{"title before a name", "He met Rev. Martin Luther King Jr. there. Msgr. John Ryan came.",
			[]string{"He|met|Rev.|Martin|Luther|King|Jr.|there|.", "Msgr.|John|Ryan|came|."}},
		{"empty", "", nil},
		{"only space", " \n\t\n ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Analyze("d", tt.text)
			if err != nil {
				t.Fatal(err)
			}
			checkOffsets(t, doc)
			var got []string
			for _, ws := range tokenTexts(doc) {
				got = append(got, strings.Join(ws, "|"))
			}
			if strings.Join(got, "\n") != strings.Join(tt.sents, "\n") {
				t.Errorf("sentences:\n got %q\nwant %q", got, tt.sents)
			}
		})
	}
}

func TestStateTitleBreak(t *testing.T) {
	for s, want := range map[string]int{
		"near Grants, N.M. Ms. Calico said": len("near Grants, N.M. "),
		"in Salem, Ore. Mr. Lee":            len("in Salem, Ore. "),
		"in Salem, Ore. Mr. lee":            0, // no name after the title
		"in Salem, Ore. Mr.":                0,
		"in Salem, Ore Mr. Lee":             0, // no period
		"the U.S. Sen. Bob Dole":            0, // a rank, not a courtesy title
		"Mrs. N.M. Ms.":                     0,
		"":                                  0,
		"N.M.":                              0,
		" \u00a0N.M.\u00a0Ms.\u00a0Calico":  len(" \u00a0N.M.\u00a0"),
		"\xff N.M. Ms. Calico":              len("\xff N.M. "),
	} {
		if got := stateTitleBreak(s); got != want {
			t.Errorf("stateTitleBreak(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestEndsWithTitle(t *testing.T) {
	for s, want := range map[string]bool{
		"He met Rev.": true, "Msgr.": true, "a\tSen.": true, "He lives on Elm Dr.": false, "Main St.": false,
		"He met Rev": false, "Rev. Smith": false, "": false, " ": false, "\xffRev.": false,
	} {
		if got := endsWithTitle(s); got != want {
			t.Errorf("endsWithTitle(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestAnalyzeInvalidUTF8(t *testing.T) {
	doc, err := Analyze("d", "IBM \xff\xfe said \x00 hello.")
	if err != nil {
		t.Fatal(err)
	}
	if !utf8.ValidString(doc.Text) {
		t.Fatal("document text is not valid UTF-8")
	}
	checkOffsets(t, doc)
	if doc.TokenCount() == 0 {
		t.Fatal("no tokens")
	}
}

func TestAnalyzeConcurrent(t *testing.T) {
	text := "Rusty Russell proposed paravirt-ops. VMware and XenSource agreed to work with IBM."
	want, err := Analyze("a", text)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan []string, 8)
	for i := 0; i < 8; i++ {
		go func() {
			d, err := Analyze("b", text)
			if err != nil {
				done <- nil
				return
			}
			var tags []string
			for _, s := range d.Sentences {
				for _, tok := range s.Tokens {
					tags = append(tags, tok.Text+"/"+tok.Tag)
				}
			}
			done <- tags
		}()
	}
	var ref []string
	for _, s := range want.Sentences {
		for _, tok := range s.Tokens {
			ref = append(ref, tok.Text+"/"+tok.Tag)
		}
	}
	for i := 0; i < 8; i++ {
		if got := <-done; strings.Join(got, " ") != strings.Join(ref, " ") {
			t.Errorf("concurrent result differs:\n%v\n%v", got, ref)
		}
	}
}

func BenchmarkAnalyze(b *testing.B) {
	text := strings.Repeat("VMware's Steve Herrod said on Monday that the company would publish its Virtual Machine Interface, and XenSource and IBM engineers agreed to work on paravirt-ops with Rusty Russell. ", 50)
	doc, err := Analyze("d", text)
	if err != nil {
		b.Fatal(err)
	}
	n := doc.TokenCount()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Analyze("d", text); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "tokens/s")
}
