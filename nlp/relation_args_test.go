package nlp

import (
	"strings"
	"testing"
)

func TestArgumentTypes(t *testing.T) {
	rs, err := ParseRules(strings.NewReader(
		"SUES symmetric: ORG [lemma=sue] PERSON\n"+
			"MENTIONS: obj:ENTITY [lemma=be] [lemma=mention] by subj:PERSON\n"), "my.rules")
	if err != nil {
		t.Fatal(err)
	}
	x := mustDefault(t).WithRules(rs)
	p, err := New(Options{Relations: x})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []ArgumentTypes{x.ArgumentTypes(), p.ArgumentTypes()} {
		for _, c := range []struct {
			rel, subj, obj string
			want           bool
		}{
			{"WORKS_FOR", "PERSON", "ORG", true},
			{"WORKS_FOR", "ORG", "PERSON", false}, // directed
			{"WORKS_FOR", "PERSON", "", false},    // "" is MISC
			{"LIVES_IN", "PERSON", "LOCATION", true},
			{"LIVES_IN", "PERSON", "ORG", false}, // "Chris Wright of Red Hat" read as a place
			{"LOCATED_IN", "LOCATION", "LOCATION", true},
			{"LEADS", "PERSON", "ORG", true},
			{"LEADS", "PERSON", "MISC", true}, // a project
			{"LEADS", "ORG", "PERSON", false},
			{"PARTNERS_WITH", "ORG", "ORG", true},
			{"WORKED_WITH", "PERSON", "PERSON", true},
			{"WORKED_WITH", "PERSON", "ORG", false},
			{"SUES", "PERSON", "ORG", true}, // symmetric: either side
			{"SUES", "ORG", "PERSON", true},
			{"SUES", "LOCATION", "PERSON", false},
			{"MENTIONS", "PERSON", "LOCATION", true}, // ENTITY admits any type
			{"MENTIONS", "ORG", "LOCATION", false},
			{"CO_MENTIONED", "ORG", "LOCATION", true}, // not a typed relation
			{"UNKNOWN_TYPE", "ORG", "ORG", true},
		} {
			if got := a.Fit(c.rel, c.subj, c.obj); got != c.want {
				t.Errorf("Fit(%s, %s, %s) = %v, want %v (%+v)", c.rel, c.subj, c.obj, got, c.want, a[c.rel])
			}
		}
	}
	var none ArgumentTypes
	if !none.Fit("LIVES_IN", "PERSON", "ORG") {
		t.Error("a nil ArgumentTypes should fit anything")
	}
}
