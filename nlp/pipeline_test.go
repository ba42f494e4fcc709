package nlp

import (
	"sort"
	"strings"
	"testing"
)

// dictRecognizer tags the longest token sequences found in a dictionary; it
// lets pipeline tests control the recognizer's output exactly.
type dictRecognizer map[string]string

func (d dictRecognizer) Recognize(sents []Sentence) []Mention {
	var out []Mention
	for si, s := range sents {
		for i := 0; i < len(s.Tokens); {
			found := 0
			for j := len(s.Tokens); j > i; j-- {
				var ws []string
				for _, t := range s.Tokens[i:j] {
					ws = append(ws, t.Text)
				}
				if typ, ok := d[strings.Join(ws, " ")]; ok {
					out = append(out, Mention{Start: s.Tokens[i].Start, End: s.Tokens[j-1].End, Type: typ,
						Sentence: si, TokStart: i, TokEnd: j, Confidence: 0.9})
					found = j - i
					break
				}
			}
			i += max(found, 1)
		}
	}
	return out
}

func TestPipelineResolve(t *testing.T) {
	dict := dictRecognizer{
		"Steve Herrod": "PERSON", "Herrod": "PERSON", "Steve": "PERSON", "Mr. Herrod": "PERSON",
		"VMware": "ORG", "VMware Inc.": "ORG", "XenSource": "PERSON", "XenSource Inc.": "ORG",
		"Open Source Development Labs": "ORG", "OSDL": "ORG", "Rusty Russell": "PERSON", "Rusty": "PERSON",
		"Steve Jobs": "PERSON", "Jobs": "PERSON",
	}
	text := "VMware Inc.'s Steve Herrod met XenSource. Herrod said XenSource Inc. and VMware agree.\n\n" +
		"Open Source Development Labs (OSDL) hosted Rusty Russell. OSDL thanked Rusty and Mr. Herrod.\n\n" +
		"Steve Jobs did not comment. Jobs was away."
	p, err := New(Options{Recognizer: dict, CoMentions: true})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := p.Process("d1", text)
	if err != nil {
		t.Fatal(err)
	}
	runes := []rune(doc.Text)
	got := map[string]string{} // surface@start -> entity/type
	for _, m := range doc.Mentions {
		if string(runes[m.Start:m.End]) != m.Text {
			t.Errorf("mention %q does not match text at [%d,%d)", m.Text, m.Start, m.End)
		}
		got[m.Text+"@"+itoa(m.Start)] = m.Entity + "/" + m.Type
	}
	want := map[string]string{
		"VMware Inc.@0":                   "VMware/ORG",
		"Steve Herrod@14":                 "Steve Herrod/PERSON",
		"XenSource@31":                    "XenSource/ORG", // majority over three mentions
		"Herrod@42":                       "Steve Herrod/PERSON",
		"XenSource Inc.@54":               "XenSource/ORG",
		"VMware@73":                       "VMware/ORG",
		"Open Source Development Labs@88": "Open Source Development Labs/ORG",
		"OSDL@118":                        "Open Source Development Labs/ORG",
		"Rusty Russell@131":               "Rusty Russell/PERSON",
		"OSDL@146":                        "Open Source Development Labs/ORG",
		"Rusty@159":                       "Rusty Russell/PERSON",
		"Mr. Herrod@169":                  "Steve Herrod/PERSON",
		"Steve Jobs@182":                  "Steve Jobs/PERSON",
		"Jobs@210":                        "Steve Jobs/PERSON",
	}
	keys := make([]string, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if got[k] != want[k] {
			t.Errorf("%s: got %q, want %q", k, got[k], want[k])
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d mentions, want %d: %v", len(got), len(want), got)
	}
	// The acronyms resolved to a full name are marked, the one in
	// parentheses and the later one matching its initials.
	for _, m := range doc.Mentions {
		if def := m.Text == "OSDL"; m.Acronym != def {
			t.Errorf("%s@%d: Acronym = %v", m.Text, m.Start, m.Acronym)
		}
	}
	// Co-mentions: one per distinct pair and sentence.
	pairs := map[string]int{}
	for _, r := range doc.Relations {
		if r.Type != CoMentioned || !r.Symmetric {
			t.Errorf("unexpected relation %+v", r)
		}
		a, b := doc.Mentions[r.Subject].Entity, doc.Mentions[r.Object].Entity
		if a == b {
			t.Errorf("self co-mention of %s", a)
		}
		if a > b {
			a, b = b, a
		}
		pairs[a+"|"+b]++
	}
	wantPairs := map[string]int{
		"Steve Herrod|VMware": 2, "Steve Herrod|XenSource": 2, "VMware|XenSource": 2,
		"Open Source Development Labs|Rusty Russell": 2, "Open Source Development Labs|Steve Herrod": 1,
		"Rusty Russell|Steve Herrod": 1,
	}
	for k, n := range wantPairs {
		if pairs[k] != n {
			t.Errorf("co-mentions %s = %d, want %d", k, pairs[k], n)
		}
	}
	if len(pairs) != len(wantPairs) {
		t.Errorf("pairs = %v", pairs)
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

func TestProcessTooLarge(t *testing.T) {
	p, err := New(Options{MaxTextBytes: 10})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Process("big", strings.Repeat("x", 11)); err == nil {
		t.Fatal("no error for a text over the limit")
	}
}

type panicky struct{}

func (panicky) Recognize([]Sentence) []Mention { panic("boom") }

func TestProcessRecoversPanics(t *testing.T) {
	p, err := New(Options{Recognizer: panicky{}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.Process("x", "Some text.")
	if err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("err = %v", err)
	}
}
