package nlp

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

func TestParseRulesErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"no colon", "ACQUIRED ORG [lemma=buy] ORG", "my.rules:1: nlp: bad relation rule: missing ':'"},
		{"lower type", "# comment\nacquired: ORG [lemma=buy] ORG", "my.rules:2: nlp: bad relation rule: relation type \"acquired\" is not UPPER_SNAKE"},
		{"unknown option", "ACQUIRED fast: ORG [lemma=buy] ORG", "my.rules:1: nlp: bad relation rule: unknown option \"fast\""},
		{"bad conf", "ACQUIRED conf=1.5: ORG [lemma=buy] ORG", "confidence \"1.5\" must be a number in (0, 1]"},
		{"unknown entity type", "ACQUIRED: ORGANISATION [lemma=buy] ORG", "unknown entity type \"ORGANISATION\""},
		{"unknown key", "ACQUIRED: ORG [stem=buy] ORG", "unknown token key \"stem\""},
		{"no value", "ACQUIRED: ORG [lemma=] ORG", "token test \"lemma=\" has no value"},
		{"not key=value", "ACQUIRED: ORG [buy] ORG", "token test \"buy\" is not key=value"},
		{"unclosed bracket", "ACQUIRED: ORG [lemma=buy ORG", "missing ']'"},
		{"unclosed group", "ACQUIRED: ORG [lemma=buy] ORG (of the", "missing ')'"},
		{"stray paren", "ACQUIRED: ORG of) ORG", "unexpected ')'"},
		{"one entity", "ACQUIRED: ORG [lemma=buy] the company", "needs two entities"},
		{"three entities", "ACQUIRED: ORG [lemma=buy] ORG and ORG", "label exactly one subj: and one obj:"},
		{"same labels", "ACQUIRED: subj:ORG [lemma=buy] subj:ORG", "both entities are labelled subj"},
		{"no entity", "ACQUIRED: [lemma=buy]", "pattern has no entity"},
		{"empty pattern", "ACQUIRED:   ", "empty pattern"},
		{"entity in group", "ACQUIRED: ORG ([lemma=buy] ORG)", "entities cannot be inside a group"},
		{"bad repeat", "ACQUIRED: ORG []{3,1} ORG", "bad repeat {3,1}"},
		{"entity quantifier", "ACQUIRED: ORG? [lemma=buy] ORG", "takes only '+'"},
		{"two roles", "WORKS_FOR: PERSON role:[pos=NN] role:[pos=NN] ORG", "more than one role"},
		{"role on entity", "WORKS_FOR: role:PERSON [pos=NN] ORG", "role: cannot capture an entity"},
		{"bare alternatives", "ACQUIRED: ORG buy|bought ORG", "need brackets"},
		{"list needs symmetric", "PARTNERS_WITH: ORG+ [lemma=cooperate]", "one list (TYPE+) in a symmetric rule"},
		{"error on later line", "ACQUIRED: ORG [lemma=buy] ORG\n\nLEADS: PERSON [lemma=lead] FOO", "my.rules:3:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rs, err := ParseRules(strings.NewReader(tc.src), "my.rules")
			if err == nil {
				t.Fatalf("ParseRules(%q) = %d rules, want error containing %q", tc.src, rs.Len(), tc.want)
			}
			if !errors.Is(err, ErrBadRule) {
				t.Errorf("error %v does not wrap ErrBadRule", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
			if !strings.HasPrefix(err.Error(), "my.rules:") {
				t.Errorf("error %q does not start with file:line", err)
			}
		})
	}
}

func TestParseRulesValid(t *testing.T) {
	src := `# comments and blank lines are skipped

ACQUIRED conf=0.7 name=buy: ORG [lemma=acquire|buy|purchase] the? ORG
PARTNERS_WITH symmetric: ORG+ [lemma=be]? [lemma=cooperate]
WORKS_FOR: obj:ORG 's? role:([pos=JJ*|NN*]{0,2} [word=engineer]) subj:PERSON
`
	rs, err := ParseRules(strings.NewReader(src), "ok.rules")
	if err != nil {
		t.Fatal(err)
	}
	if rs.Len() != 3 {
		t.Fatalf("Len = %d, want 3", rs.Len())
	}
	b, err := BuiltinRules()
	if err != nil {
		t.Fatalf("built-in rules: %v", err)
	}
	if b.Len() < 30 {
		t.Errorf("built-in rules: %d, want at least 30", b.Len())
	}
}

func TestRulesApply(t *testing.T) {
	src := `ACQUIRED conf=0.7: ORG [lemma=acquire|buy|purchase] the? ORG
PARTNERS_WITH symmetric: ORG+ [lemma=be]? [lemma=cooperate]
WORKS_FOR: obj:ORG 's? role:([pos=JJ*|NN*]{0,2} [word=engineer]) subj:PERSON
LIVES_IN conf=0.6: PERSON ... [lemma=live] in LOCATION
`
	rs, err := ParseRules(strings.NewReader(src), "user.rules")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		marked string
		want   []string // describeRelation + " by=EXTRACTOR conf=C"
	}{
		{"[[Acme|ORG]] bought [[Widgets Inc|ORG]] on Monday.",
			[]string{"ACQUIRED Acme -> Widgets Inc by=rules:user.rules:1 conf=0.70"}},
		{"[[Acme|ORG]] bought the [[Widgets Inc|ORG]] unit.",
			[]string{"ACQUIRED Acme -> Widgets Inc by=rules:user.rules:1 conf=0.70"}},
		{"[[Acme|ORG]] buys shares of [[Widgets Inc|ORG]] every year.", nil},
		{"[[A1|ORG]], [[B2|ORG]] and [[C3|ORG]] are cooperating.", []string{
			"PARTNERS_WITH A1 <-> B2 by=rules:user.rules:2 conf=0.90",
			"PARTNERS_WITH A1 <-> C3 by=rules:user.rules:2 conf=0.90",
			"PARTNERS_WITH B2 <-> C3 by=rules:user.rules:2 conf=0.90"}},
		{"[[Acme|ORG]]'s senior software engineer [[Bo Li|PERSON]] spoke.",
			[]string{`WORKS_FOR Bo Li -> Acme role="senior software engineer" by=rules:user.rules:3 conf=0.90`}},
		{"[[Bo Li|PERSON]] has long lived in [[Paris|LOCATION]].",
			[]string{"LIVES_IN Bo Li -> Paris by=rules:user.rules:4 conf=0.60"}},
		// "..." does not skip over another entity.
		{"[[Bo Li|PERSON]] met [[Ann Wu|PERSON]] who lived in [[Paris|LOCATION]].",
			[]string{"LIVES_IN Ann Wu -> Paris by=rules:user.rules:4 conf=0.60"}},
	}
	for _, tc := range tests {
		doc := markedDoc(t, "r", tc.marked)
		var got []string
		for _, r := range rs.Apply(doc) {
			got = append(got, fmt.Sprintf("%s by=%s conf=%.2f", describeRelation(doc, r), r.Extractor, r.Confidence))
		}
		sort.Strings(got)
		sort.Strings(tc.want)
		if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("%s:\n got %q\nwant %q", doc.Text, got, tc.want)
		}
	}
}

// TestDocsRulesExamples parses the examples block of docs/rules.md so that
// the documentation stays valid.
func TestDocsRulesExamples(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "docs", "rules.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	i := strings.Index(doc, "## Examples")
	if i < 0 {
		t.Fatal("docs/rules.md has no Examples section")
	}
	block := doc[i:]
	start := strings.Index(block, "```\n")
	end := strings.Index(block[start+4:], "```")
	if start < 0 || end < 0 {
		t.Fatal("no code block in the Examples section")
	}
	src := block[start+4 : start+4+end]
	rs, err := ParseRules(strings.NewReader(src), "docs/rules.md")
	if err != nil {
		t.Fatal(err)
	}
	if rs.Len() != 5 {
		t.Errorf("parsed %d example rules, want 5", rs.Len())
	}
}

// TestLemmaIrregularConsistent checks that an irregular form and its base
// get the same lemma, as rules compare lemmas of both sides ("has joined"
// must match [lemma=have], "hired" [lemma=hire]).
func TestLemmaIrregularConsistent(t *testing.T) {
	for form, base := range irregularLemmas {
		if form == base {
			continue
		}
		if Lemma(form) != Lemma(base) {
			t.Errorf("Lemma(%q) = %q, Lemma(%q) = %q", form, Lemma(form), base, Lemma(base))
		}
	}
	for _, p := range [][2]string{{"hired", "hiring"}, {"had", "having"}, {"acquired", "acquires"}, {"wrote", "writes"}} {
		if Lemma(p[0]) != Lemma(p[1]) {
			t.Errorf("Lemma(%q) = %q, Lemma(%q) = %q", p[0], Lemma(p[0]), p[1], Lemma(p[1]))
		}
	}
}
