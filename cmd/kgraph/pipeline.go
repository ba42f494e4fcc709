package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/kgraph/kgraph/nlp"
)

// modelFlags selects the models every extracting command uses.
type modelFlags struct {
	model      string // NER model directory; "" is the embedded model, "prose" prose's own
	rules      string // relation rules file
	convention string // NER span convention
}

func (m *modelFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&m.model, "model", "", `NER model directory from "kgraph train ner" (default: the embedded model; "prose" uses prose's own recognizer)`)
	cmd.Flags().StringVar(&m.rules, "rules", "", "relation rules file adding user-defined relation types (see docs/rules.md)")
	cmd.Flags().StringVar(&m.convention, "convention", string(nlp.ConventionCoNLL2003),
		`entity span convention: "conll2003" (names without titles) or "conll04" (titles inside person names, `+
			`"Hartford, Conn" as one place, datelines' agencies based in their place, as the CoNLL04 corpus annotates)`)
}

// recognizer returns the entity recognizer --model selects.
func (m *modelFlags) recognizer() (nlp.EntityRecognizer, error) {
	if m.model == "prose" {
		return nlp.ProseRecognizer{}, nil
	}
	rec, err := nlp.RecognizerFrom(m.model)
	if err != nil {
		return nil, err
	}
	return rec.WithConvention(nlp.NERConvention(m.convention))
}

// pipeline builds the extraction pipeline: analysis, entities, typed
// relations (with --rules), co-mentions.
func (m *modelFlags) pipeline() (*nlp.Pipeline, error) {
	opts := nlp.DefaultOptions()
	rec, err := m.recognizer()
	if err != nil {
		return nil, fmt.Errorf("loading NER model: %w", err)
	}
	opts.Recognizer = rec
	x, err := nlp.DefaultRelationExtractor()
	if err != nil {
		return nil, fmt.Errorf("loading relation model: %w", err)
	}
	if m.rules != "" {
		f, err := os.Open(m.rules)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		rs, err := nlp.ParseRules(f, m.rules)
		if err != nil {
			return nil, err
		}
		x = x.WithRules(rs)
	}
	// CoNLL04 annotates a dateline's agency as based in its place, and a
	// few constructions of its own (nlp/relmodel/convention04.rules).
	if opts.Relations, err = x.WithConvention(nlp.NERConvention(m.convention)); err != nil {
		return nil, err
	}
	return nlp.New(opts)
}
