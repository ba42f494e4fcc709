package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/kgraph/kgraph/nlp"
)

// The extract contract marks an acronym's definition, and only it.
func TestExtractJSONAcronym(t *testing.T) {
	doc := &nlp.Document{ID: "a", Mentions: []nlp.Mention{
		{Start: 0, End: 25, Text: "Virtual Machine Interface", Type: "ORG", Entity: "Virtual Machine Interface"},
		{Start: 27, End: 30, Text: "VMI", Type: "ORG", Entity: "Virtual Machine Interface", Acronym: true},
	}}
	b, err := json.Marshal(toExtractJSON(doc))
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	if !strings.Contains(got, `"text":"VMI","type":"ORG","entity":"Virtual Machine Interface","acronym":true}`) ||
		strings.Count(got, `"acronym"`) != 1 {
		t.Errorf("extract JSON: %s", got)
	}
}
