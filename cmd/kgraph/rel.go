package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/kgraph/kgraph/nlp"
)

// newTrainRelCmd returns "train rel": it trains the relation classifier on
// a CoNLL04 JSON train file, tunes its thresholds on a dev file and writes
// DIR/relation.model.
func newTrainRelCmd() *cobra.Command {
	var train, dev, out, nerDir, conv, errFile string
	var foldNER []string
	var epochs, cv int
	var seed int64
	var minP float64
	cmd := &cobra.Command{
		Use:   "rel --train FILE (--dev FILE --out DIR | --cv K) [--ner DIR] [--fold-ner DIR0,DIR1]",
		Short: "Train the relation classifier on CoNLL04 JSON",
		Long: `Train the relation classifier (WORKS_FOR, BASED_IN, LIVES_IN, LOCATED_IN)
on a CoNLL04 JSON file and tune its per-type thresholds on the dev file,
favouring precision. Writes DIR/relation.model; to make it the default,
copy it to nlp/relmodel/relation.model and rebuild.

With --fold-ner DIR0,...,DIRk-1 the classifier also trains on the
recognizers' entities for the train sentences: sentence i gets recognizer
DIR(i mod k), which should have been trained without those sentences
(kgraph train ner --conll04 FILE --conll04-holdout i/k); pairs with a
mention that only partly matches a gold entity are left out. The embedded
model is trained so, with five recognizers (docs/rules.md has the commands).
Five runs are averaged; thresholds are tuned with gold entities over dev
and 5-fold out-of-fold predictions on train, never below 0.5.

With --ner the thresholds are tuned END TO END instead: on the dev
sentences with that recognizer's entities (in --convention), patterns
included, strict spans.

With --cv K nothing is written: the classifier is cross-validated on the
train file instead (K models, each trained without the sentences i with
i mod K == k and scored on them) and two tables are printed: with the
gold entities, and, with --fold-ner, END TO END on the held-out
sentences' recognized entities (from the recognizer that did not see
them). Thresholds are chosen as training chooses them, over the pooled
out-of-fold predictions. Use it to compare features and options on five
times the relations dev has; --errors FILE lists the errors (end to end
with --fold-ner, else with gold entities) as "eval rel --errors" does.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if train == "" || out == "" && cv == 0 {
				return errors.New("--train and --out (or --cv) are required")
			}
			if errFile != "" && cv == 0 {
				return errors.New("--errors lists cross-validation errors: it needs --cv")
			}
			w := cmd.ErrOrStderr()
			tr, err := nlp.ReadCoNLL04(train)
			if err != nil {
				return err
			}
			var dv []nlp.CoNLL04Sentence
			if dev != "" {
				if dv, err = nlp.ReadCoNLL04(dev); err != nil {
					return err
				}
			}
			opts := nlp.RelTrainOptions{Epochs: epochs, Seed: seed, Log: w, MinPrecision: minP}
			if nerDir != "" {
				p, err := recognizerPipeline(nerDir, nlp.NERConvention(conv))
				if err != nil {
					return err
				}
				opts.DevDocs = func(i int) (*nlp.Document, error) {
					return p.Process(fmt.Sprint("dev-", i), dv[i].Text())
				}
			}
			if len(foldNER) > 0 {
				ps := make([]*nlp.Pipeline, len(foldNER))
				for k, d := range foldNER {
					if ps[k], err = recognizerPipeline(d, nlp.NERConvention(conv)); err != nil {
						return err
					}
				}
				// Each sentence is recognized once, however many models train on it.
				docs := make([]*nlp.Document, len(tr))
				opts.TrainDocs = func(i int) (*nlp.Document, error) {
					if docs[i] == nil {
						d, err := ps[i%len(ps)].Process(fmt.Sprint("train-", i), tr[i].Text())
						if err != nil {
							return nil, err
						}
						docs[i] = d
					}
					return docs[i], nil
				}
			}
			if cv != 0 {
				start := time.Now()
				s, err := nlp.CrossValidateRelations(tr, opts, cv)
				if err != nil {
					return err
				}
				o := cmd.OutOrStdout()
				fmt.Fprintf(o, "%d-fold cross-validation on %s; thresholds", cv, train)
				for _, t := range []string{"WORKS_FOR", "BASED_IN", "LIVES_IN", "LOCATED_IN"} {
					fmt.Fprintf(o, " %s %.3f", t, s.Thresholds[t])
				}
				fmt.Fprintln(o)
				s.Gold.Write(o, "cross-validation, gold entities, classifier only")
				if s.EndToEnd != nil {
					fmt.Fprintln(o)
					s.EndToEnd.Write(o, fmt.Sprintf("cross-validation, END TO END (held-out recognizers' entities, %s convention)", conv))
				}
				if errFile != "" {
					// The end-to-end errors when there are any, else the gold-entity ones.
					e := s.EndToEnd
					if e == nil {
						e = s.Gold
					}
					var b bytes.Buffer
					e.WriteErrors(&b)
					if err := os.WriteFile(errFile, b.Bytes(), 0o644); err != nil {
						return fmt.Errorf("writing the error listing: %w", err)
					}
				}
				fmt.Fprintf(w, "cross-validated in %s\n", time.Since(start).Round(time.Millisecond))
				return nil
			}
			start := time.Now()
			x, err := nlp.TrainRelationModel(tr, dv, opts)
			if err != nil {
				return err
			}
			if err := x.Save(out); err != nil {
				return err
			}
			fmt.Fprintf(w, "trained in %s; wrote %s/%s\n", time.Since(start).Round(time.Millisecond), out, nlp.RelModelFile)
			if len(dv) > 0 {
				s, err := nlp.EvalRelationsGold(x.WithoutPatterns().WithCoref(false).WithDatelineAgencies(true), dv)
				if err != nil {
					return err
				}
				s.Write(cmd.OutOrStdout(), "dev, gold entities, classifier only")
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&train, "train", "", "CoNLL04 JSON training file")
	cmd.Flags().StringVar(&dev, "dev", "", "CoNLL04 JSON dev file for thresholds")
	cmd.Flags().StringVar(&out, "out", "", "output model directory")
	cmd.Flags().StringVar(&nerDir, "ner", "", "NER model directory: tune the thresholds end to end on dev with its entities")
	cmd.Flags().StringSliceVar(&foldNER, "fold-ner", nil, "NER model directories DIR0,DIR1,...: also train on their entities (sentence i gets DIR(i mod k))")
	cmd.Flags().StringVar(&conv, "convention", string(nlp.ConventionCoNLL04), "NER span convention for --ner and --fold-ner")
	cmd.Flags().Float64Var(&minP, "min-precision", 0.8, "dev precision each type's threshold must reach (negative: best F1)")
	cmd.Flags().IntVar(&epochs, "epochs", 12, "training epochs")
	cmd.Flags().Int64Var(&seed, "seed", 0, "shuffling seed")
	cmd.Flags().StringVar(&errFile, "errors", "", "with --cv: write every cross-validation error (end to end with --fold-ner, else with gold entities), its cause and sentence, to this file")
	cmd.Flags().IntVar(&cv, "cv", 0, "K: cross-validate on --train in K folds and print the scores instead of training (with --fold-ner, also end to end)")
	return cmd
}

// newEvalRelCmd returns "eval rel": it scores relation extraction on a
// CoNLL04 JSON file, with gold entities and end to end from raw text with
// the recognizer's entities.
func newEvalRelCmd() *cobra.Command {
	var model, nerDir, rulesFile, conv, errFile, entErrFile string
	var noPatterns bool
	cmd := &cobra.Command{
		Use:   "rel [--model DIR] FILE",
		Short: "Score relation extraction on CoNLL04 JSON",
		Long: `Score relation extraction on a CoNLL04 JSON file (Work_For, OrgBased_In,
Live_In, Located_In mapped to WORKS_FOR, BASED_IN, LIVES_IN, LOCATED_IN; Kill
ignored; a dateline's agency may be related to its place, as CoNLL04
annotates). Prints per-type precision, recall and F1: with the gold
entities as mentions, and END TO END from the sentence text (tokens joined
by single spaces) with the recognizer's entities, where a relation counts
when its type and both argument spans match exactly. End to end, the
recognizer draws entity boundaries in the --convention given: conll04 (the
default here: the CoNLL04 corpus's own boundaries, with titles inside
person names and its annotation of datelines and places, as "extract
--convention conll04" draws them) or conll2003 (names without titles, what
extract, ingest and serve output by default). Without --convention both
end-to-end tables are printed, conll04 first. Each end-to-end table is
followed by the recognizer's entity scores (PERSON, ORG, LOCATION against
Peop, Org, Loc; strict spans). --errors FILE lists every end-to-end
relation error (of the first table) with its cause and sentence,
--entity-errors FILE every missed or wrong entity with what was found over
it.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			data, err := nlp.ReadCoNLL04(args[0])
			if err != nil {
				return err
			}
			extractor := func(conv nlp.NERConvention) (*nlp.RelExtractor, error) {
				x, err := evalExtractor(model, rulesFile, conv)
				if err != nil || !noPatterns {
					return x, err
				}
				return x.WithoutPatterns(), nil
			}
			x, err := extractor(nlp.NERConvention(conv))
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			s, err := nlp.EvalRelationsGold(x, data)
			if err != nil {
				return err
			}
			s.Write(out, fmt.Sprintf("%s: %d sentences, GOLD entities", args[0], len(data)))
			fmt.Fprintln(out)
			if err := evalRelEndToEnd(out, cmd.ErrOrStderr(), x, nerDir, nlp.NERConvention(conv), args[0], data, errFile, entErrFile); err != nil {
				return err
			}
			if cmd.Flags().Changed("convention") {
				return nil
			}
			if x, err = extractor(nlp.ConventionCoNLL2003); err != nil {
				return err
			}
			fmt.Fprintln(out)
			return evalRelEndToEnd(out, cmd.ErrOrStderr(), x, nerDir, nlp.ConventionCoNLL2003, args[0], data, "", "")
		},
	}
	cmd.Flags().StringVar(&model, "model", "", "relation model directory (default: the embedded model)")
	cmd.Flags().StringVar(&nerDir, "ner", "", "NER model directory (default: the embedded recognizer)")
	cmd.Flags().StringVar(&rulesFile, "rules", "", "extra rules file (docs/rules.md)")
	cmd.Flags().StringVar(&conv, "convention", string(nlp.ConventionCoNLL04),
		"NER span convention end to end: conll04 (CoNLL04's own boundaries, as extract --convention conll04 draws them) or conll2003 (the default of extract, ingest and serve); unset, both are scored")
	cmd.Flags().BoolVar(&noPatterns, "no-patterns", false, "classifier only: leave out the built-in patterns")
	cmd.Flags().StringVar(&errFile, "errors", "", "write every end-to-end error (missed or wrong relation, its cause and sentence) to this file")
	cmd.Flags().StringVar(&entErrFile, "entity-errors", "", "write every end-to-end entity error (missed or wrong PERSON, ORG or LOCATION, what was found over it) to this file")
	return cmd
}

// recognizerPipeline returns a pipeline that finds entities with the
// recognizer in dir (in convention conv) and no relations.
func recognizerPipeline(dir string, conv nlp.NERConvention) (*nlp.Pipeline, error) {
	rec, err := nlp.LoadRecognizer(dir)
	if err != nil {
		return nil, err
	}
	if rec, err = rec.WithConvention(conv); err != nil {
		return nil, err
	}
	o := nlp.DefaultOptions()
	o.Recognizer = rec
	o.CoMentions = false
	return nlp.New(o)
}

// evalRelEndToEnd runs the whole pipeline over each sentence's text.
func evalRelEndToEnd(out, errw io.Writer, x *nlp.RelExtractor, nerDir string, conv nlp.NERConvention, name string, data []nlp.CoNLL04Sentence, errFile, entErrFile string) error {
	p, err := evalPipeline(x, nerDir, conv)
	if err != nil {
		return err
	}
	start := time.Now()
	s, err := nlp.EvalRelationsEndToEnd(p.Process, data)
	if err != nil {
		return err
	}
	s.Write(out, fmt.Sprintf("%s: %d sentences, END TO END (predicted entities, %s convention)", name, len(data), conv))
	s.WriteEntities(out, "entities, END TO END (strict spans; Other and MISC not scored)")
	fmt.Fprintf(errw, "end to end in %s\n", time.Since(start).Round(time.Millisecond))
	for _, f := range []struct {
		path  string
		write func(io.Writer)
	}{{errFile, s.WriteErrors}, {entErrFile, s.WriteEntityErrors}} {
		if f.path == "" {
			continue
		}
		var b bytes.Buffer
		f.write(&b)
		if err := os.WriteFile(f.path, b.Bytes(), 0o644); err != nil {
			return fmt.Errorf("writing the error listing: %w", err)
		}
	}
	return nil
}

// newEvalDocREDCmd returns "eval docred": the precision of every typed
// relation kgraph extracts, judged by a (Re-)DocRED file's document-level
// Wikidata labels.
func newEvalDocREDCmd() *cobra.Command {
	var modelDir, nerDir, conv, rules, errFile string
	cmd := &cobra.Command{
		Use:   "docred [--model DIR] FILE",
		Short: "Judge extracted relations by DocRED's document-level labels",
		Long: `Run the whole pipeline (what "kgraph extract" does: recognizer, classifier,
patterns, coreference) over each document of a DocRED or Re-DocRED JSON file
(tokens joined by spaces, one sentence per line) and judge every typed
relation by the document's labels, which are Wikidata properties between
annotated entities: WORKS_FOR by employer, member of, member of political
party or sports team (P108, P463, P102, P54); FOUNDED by founded by (P112);
LEADS by chairperson, CEO, director, head of state or government (P488,
P169, P1037, P35, P6); ACQUIRED by owned by, parent organization, subsidiary
(P127, P749, P355); BASED_IN by headquarters, administrative entity,
country, location of formation, location (P159, P131, P17, P740, P276);
LIVES_IN by residence, place of birth or death, citizenship (P551, P19,
P20, P27); LOCATED_IN by administrative entity, country, continent,
terrain, location, contains, capital (P131, P17, P30, P706, P276, P150,
P36). A relation counts once per pair of entities and type; an argument is
the annotated entity it overlaps most, "unlinked" when none. Precision is
right/(right+wrong). The symmetric types (PARTNERS_WITH, COMPETES_WITH,
WORKED_WITH) have no such property and are not judged. DocRED's labels are
about Wikipedia text, not news, and leave out what Wikidata lacks, so this
precision is a floor; recall is low by design (most labels are stated
across sentences or not as kgraph's types).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			docs, err := nlp.ReadDocRED(args[0])
			if err != nil {
				return err
			}
			x, err := evalExtractor(modelDir, rules, nlp.NERConvention(conv))
			if err != nil {
				return err
			}
			p, err := evalPipeline(x, nerDir, nlp.NERConvention(conv))
			if err != nil {
				return err
			}
			start := time.Now()
			s, err := nlp.EvalDocRED(p.Process, docs)
			if err != nil {
				return err
			}
			s.Write(cmd.OutOrStdout(), fmt.Sprintf("%s: %d documents, relations judged by the document's labels (%s convention)", args[0], len(docs), conv))
			fmt.Fprintf(cmd.ErrOrStderr(), "in %s\n", time.Since(start).Round(time.Millisecond))
			if errFile == "" {
				return nil
			}
			var b bytes.Buffer
			s.WriteWrong(&b)
			if err := os.WriteFile(errFile, b.Bytes(), 0o644); err != nil {
				return fmt.Errorf("writing the error listing: %w", err)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&modelDir, "model", "", "relation model directory (default: the embedded model)")
	cmd.Flags().StringVar(&nerDir, "ner", "", "NER model directory (default: the embedded recognizer)")
	cmd.Flags().StringVar(&rules, "rules", "", "extra rules file (docs/rules.md)")
	cmd.Flags().StringVar(&conv, "convention", string(nlp.ConventionCoNLL2003), "NER span convention: conll2003 (what extract, ingest and serve use) or conll04")
	cmd.Flags().StringVar(&errFile, "errors", "", "write every relation the labels do not confirm (with the properties labelled between its arguments and its sentence) to this file")
	return cmd
}

// evalExtractor returns the relation extractor the eval commands score:
// the model in dir (the embedded one when dir is ""), with the rules of
// rulesFile when given, in convention conv (CoNLL04 annotates a dateline's
// agency as based in its place, and a few constructions of its own,
// nlp/relmodel/convention04.rules, as "extract --convention conll04" does).
func evalExtractor(dir, rulesFile string, conv nlp.NERConvention) (*nlp.RelExtractor, error) {
	var x *nlp.RelExtractor
	var err error
	if dir != "" {
		x, err = nlp.LoadRelationExtractor(dir)
	} else {
		x, err = nlp.DefaultRelationExtractor()
	}
	if err != nil {
		return nil, err
	}
	if rulesFile != "" {
		f, err := os.Open(rulesFile)
		if err != nil {
			return nil, err
		}
		rs, err := nlp.ParseRules(f, rulesFile)
		f.Close()
		if err != nil {
			return nil, err
		}
		x = x.WithRules(rs)
	}
	return x.WithConvention(conv)
}

// evalPipeline returns the pipeline the eval commands run end to end: the
// recognizer in nerDir (the embedded one when "") in convention conv, x
// for relations, no co-mentions.
func evalPipeline(x *nlp.RelExtractor, nerDir string, conv nlp.NERConvention) (*nlp.Pipeline, error) {
	rec, err := nlp.RecognizerFrom(nerDir)
	if err != nil {
		return nil, fmt.Errorf("end to end needs a recognizer: %w", err)
	}
	if rec, err = rec.WithConvention(conv); err != nil {
		return nil, err
	}
	o := nlp.DefaultOptions()
	o.Recognizer, o.Relations, o.CoMentions = rec, x, false
	return nlp.New(o)
}
