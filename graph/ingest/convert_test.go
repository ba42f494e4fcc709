package ingest

import (
	"slices"
	"testing"

	"github.com/kgraph/kgraph/graph"
	"github.com/kgraph/kgraph/nlp"
)

func TestConvertAcronyms(t *testing.T) {
	nd := &nlp.Document{
		Sentences: []nlp.Sentence{{Start: 0, End: 36, Text: "Virtual Machine Interface (VMI). VMI"}},
		Mentions: []nlp.Mention{
			{Start: 0, End: 25, Text: "Virtual Machine Interface", Type: "ORG", Entity: "Virtual Machine Interface"},
			{Start: 27, End: 30, Text: "VMI", Type: "ORG", Entity: "Virtual Machine Interface", Acronym: true},
			{Start: 33, End: 36, Text: "VMI", Type: "ORG", Entity: "Virtual Machine Interface"},
		},
	}
	in := Convert(Doc{ID: "d", Text: nd.Sentences[0].Text}, nd)
	want := []graph.AcronymInput{{Acronym: "VMI", Name: "Virtual Machine Interface"}}
	if !slices.Equal(in.Acronyms, want) {
		t.Errorf("Acronyms = %+v, want %+v", in.Acronyms, want)
	}
}
