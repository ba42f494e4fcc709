package schema

import (
	"fmt"
	"io"
	"log/slog"
	"testing"

	"github.com/kgraph/kgraph/graph"
	"github.com/kgraph/kgraph/nlp"
)

// TestRelationTypesAgree: one sentence read "Red Hat" as a place and gave
// LIVES_IN; two others made Red Hat an ORG, so that relation's types no
// longer agree, while WORKS_FOR to Red Hat does.
func TestRelationTypesAgree(t *testing.T) {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := graph.Open(graph.DefaultOptions("").WithInMemory(true).WithLogger(quiet))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	doc := func(i int, relType, redHatType string) graph.DocInput {
		text := "Chris Wright of Red Hat reviewed it."
		return graph.DocInput{
			Doc:       graph.Document{ID: fmt.Sprint("d", i), Hash: fmt.Sprint("h", i)},
			Sentences: []graph.SentenceInput{{Start: 0, End: len(text), Text: text}},
			Mentions: []graph.MentionInput{
				{Text: "Chris Wright", Type: "PERSON", Start: 0, End: 12},
				{Text: "Red Hat", Type: redHatType, Start: 16, End: 23},
			},
			Relations: []graph.RelationInput{{Type: relType, Subject: 0, Object: 1, Confidence: 0.8, Extractor: "classifier"},
				{Type: "CO_MENTIONED", Subject: 0, Object: 1, Confidence: 1, Extractor: "comention", Symmetric: true}},
		}
	}
	if _, err := s.PutDocuments([]graph.DocInput{doc(0, "LIVES_IN", "LOCATION"), doc(1, "WORKS_FOR", "ORG"), doc(2, "WORKS_FOR", "ORG")}); err != nil {
		t.Fatal(err)
	}
	x, err := nlp.DefaultRelationExtractor()
	if err != nil {
		t.Fatal(err)
	}
	q := gql(`{ entity(name: "Chris Wright") { relations { edges { node { type object { name type } typesAgree } } } } }`)
	for _, c := range []struct {
		name string
		args nlp.ArgumentTypes
		want map[string]bool
	}{
		{"with the extractor's argument types", x.ArgumentTypes(), map[string]bool{"LIVES_IN": false, "WORKS_FOR": true, "CO_MENTIONED": true}},
		{"without (nil)", nil, map[string]bool{"LIVES_IN": true, "WORKS_FOR": true, "CO_MENTIONED": true}},
	} {
		opts := DefaultOptions(s)
		opts.ArgumentTypes, opts.Logger = c.args, quiet
		r := post(t, newTestServer(t, opts).URL, q)
		if len(r.Errors) > 0 {
			t.Fatalf("%s: %+v", c.name, r.Errors)
		}
		got := map[string]bool{}
		for _, e := range r.Data["entity"].(map[string]any)["relations"].(map[string]any)["edges"].([]any) {
			n := e.(map[string]any)["node"].(map[string]any)
			if o := n["object"].(map[string]any); n["type"] != "CO_MENTIONED" && o["type"] != "ORG" {
				t.Errorf("%s: object %v, want Red Hat as an ORG", c.name, o)
			}
			got[n["type"].(string)] = n["typesAgree"].(bool)
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s: typesAgree %v, want %v", c.name, got, c.want)
		}
	}
}
