package main

import (
	"github.com/spf13/cobra"

	"github.com/kgraph/kgraph/nlp"
)

// modelFlags selects the models every extracting command uses.
type modelFlags struct {
	model string // NER model directory; "" is the embedded model, "prose" prose's own
	rules string // relation rules file
}

func (m *modelFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&m.model, "model", "", `NER model directory from "kgraph train ner" (default: the embedded model; "prose" uses prose's own recognizer)`)
	cmd.Flags().StringVar(&m.rules, "rules", "", "relation rules file adding user-defined relation types (see docs/rules.md)")
}

// pipeline builds the extraction pipeline: analysis, entities, relations,
// co-mentions.
func (m *modelFlags) pipeline() (*nlp.Pipeline, error) {
	opts := nlp.DefaultOptions()
	opts.Recognizer = nlp.ProseRecognizer{}
	return nlp.New(opts)
}
