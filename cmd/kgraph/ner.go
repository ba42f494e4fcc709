package main

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/kgraph/kgraph/nlp"
	"github.com/spf13/cobra"
)

// newTrainNERCmd returns `kgraph train ner`, which trains the named-entity
// recognizer on a CoNLL-2003 column file and writes a model directory.
func newTrainNERCmd() *cobra.Command {
	var opts nlp.NERTrainOptions
	var out, holdout string
	cmd := &cobra.Command{
		Use:   "ner --train FILE --out DIR",
		Short: "Train the named-entity recognizer on a CoNLL-2003 file",
		Long: `Train the PERSON/ORG/LOCATION/MISC recognizer (averaged structured
perceptron over BILOU tags, two stages) on a CoNLL-2003 column file and write
the model to --out. POS tags come from prose, as at inference. See
nlp/ner_doc.go for the command that rebuilds the embedded model.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Logger = slog.Default()
			if holdout != "" {
				h := &opts.CoNLL04Holdout
				if _, err := fmt.Sscanf(holdout, "%d/%d", &h.Fold, &h.Folds); err != nil || h.Folds < 2 || h.Fold < 0 || h.Fold >= h.Folds {
					return fmt.Errorf("--conll04-holdout %q: want K/N with 0 <= K < N, N >= 2", holdout)
				}
			}
			rec, err := nlp.TrainNER(opts)
			if err != nil {
				return err
			}
			if err := rec.Save(out); err != nil {
				return err
			}
			slog.Info("ner model written", "dir", out)
			if opts.Dev != "" {
				res, err := nlp.EvalNER(rec, opts.Dev)
				if err != nil {
					return err
				}
				nlp.WriteNEREval(cmd.OutOrStdout(), res)
			}
			return nil
		},
	}
	def := nlp.ShippedNEROptions("")
	f := cmd.Flags()
	f.StringVar(&opts.Train, "train", "", "CoNLL-2003 training file (required)")
	f.StringVar(&opts.Dev, "dev", "", "CoNLL-2003 development file, scored during and after training")
	f.StringVar(&opts.WikiANN, "wikiann", "", "WikiANN directory (files train, dev) for gazetteers")
	f.StringVar(&opts.CoNLL04, "conll04", "", "CoNLL04 JSON train file whose entities are added under the conll04 span convention")
	f.BoolVar(&opts.CoNLL04Separate, "conll04-separate", def.CoNLL04Separate, "the --conll04 sentences train only the conll04 convention's own features, leaving the default convention as without them")
	f.StringVar(&holdout, "conll04-holdout", "", "K/N: leave out the --conll04 sentences i with i mod N == K (cross-training)")
	f.StringSliceVar(&opts.Lists, "list", nil, "name list file (one name a line) whose hits are features; repeatable, at most 8")
	f.BoolVar(&opts.ListsCoNLL04Only, "lists-conll04-only", false, "emit the --list features only under the conll04 convention (default output unchanged)")
	f.BoolVar(&opts.CoNLL04Gazetteer, "conll04-gazetteer", def.CoNLL04Gazetteer, "add the --conll04 training names as name lists used under the conll04 convention only (fold-aware while training)")
	f.IntVar(&opts.CoNLL04Epochs, "conll04-epochs", def.CoNLL04Epochs, "adaptation epochs on the --conll04 sentences in separate mode (0: --epochs)")
	f.Uint64Var(&opts.Seed, "seed", 0, "shuffling seed")
	f.Uint64Var(&opts.CoNLL04Seed, "conll04-seed", 0, "added to --seed for the shuffling of the --conll04 adaptation only")
	f.StringVar(&out, "out", "", "model directory to write (required)")
	f.IntVar(&opts.Epochs, "epochs", def.Epochs, "training epochs per stage")
	f.IntVar(&opts.CaseAugment, "case-augment", def.CaseAugment, "add lower/upper-cased copies of every Nth document (0: none)")
	f.BoolVar(&opts.OneStage, "one-stage", false, "skip the document-level second stage")
	f.BoolVar(&opts.CorpusPOS, "corpus-pos", false, "use the corpus POS column instead of prose's tags")
	f.BoolVar(&opts.TrainGazetteer, "train-gazetteer", def.TrainGazetteer, "add the training corpus names to the gazetteer (fold-aware)")
	f.BoolVar(&opts.WikiANNTrain, "wikiann-train", false, "also train on WikiANN silver sentences")
	f.BoolVar(&opts.WikiANNAugment, "wikiann-augment", false, "with --wikiann-train, put the WikiANN sentences under a convention of their own (feature augmentation)")
	f.IntVar(&opts.WikiANNEvery, "wikiann-every", 0, "with --wikiann-train, keep every Nth WikiANN sentence only")
	f.Float64Var(&opts.Prune, "prune", def.Prune, "drop averaged weights smaller than this")
	f.IntVar(&opts.Runs, "average-runs", def.Runs, "train N times (seeds --seed to --seed+N-1) and average the weights (0 or 1: one run)")
	_ = cmd.MarkFlagRequired("train")
	_ = cmd.MarkFlagRequired("out")
	return cmd
}

// newTrainNERAverageCmd returns `kgraph train ner-average`, which
// averages the weights of recognizers trained with the same options.
func newTrainNERAverageCmd() *cobra.Command {
	var out, dev string
	var prune float64
	var corpusPOS bool
	cmd := &cobra.Command{
		Use:   "ner-average --out DIR DIR...",
		Short: "Average the weights of recognizers trained with the same options",
		Long: `Write to --out the recognizer whose weights are the mean of those of the
model directories given (written by "kgraph train ner" with the same options
and data, for instance different --seed values; their gazetteers and name
lists must agree). Averaged weights below --prune are dropped. With --dev the
confidence temperature is fitted on that CoNLL-2003 file, which is then
scored; otherwise it is the mean of the models'. "kgraph train ner
--average-runs N" trains and averages in one step.`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			recs := make([]*nlp.Recognizer, len(args))
			for i, dir := range args {
				rec, err := nlp.LoadRecognizer(dir)
				if err != nil {
					return fmt.Errorf("%s: %w", dir, err)
				}
				recs[i] = rec
			}
			rec, err := nlp.AverageRecognizers(recs, prune)
			if err != nil {
				return err
			}
			if dev != "" {
				if rec, err = rec.Calibrated(dev, corpusPOS); err != nil {
					return err
				}
			}
			if err := rec.Save(out); err != nil {
				return err
			}
			slog.Info("ner model written", "dir", out, "averaged", len(recs))
			if dev != "" {
				res, err := nlp.EvalNER(rec, dev)
				if err != nil {
					return err
				}
				nlp.WriteNEREval(cmd.OutOrStdout(), res)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&out, "out", "", "model directory to write (required)")
	f.StringVar(&dev, "dev", "", "CoNLL-2003 file to fit the confidence temperature on and score")
	f.Float64Var(&prune, "prune", nlp.ShippedNEROptions("").Prune, "drop averaged weights smaller than this")
	f.BoolVar(&corpusPOS, "corpus-pos", false, "with --dev, use the file's POS column instead of prose's tags")
	_ = cmd.MarkFlagRequired("out")
	return cmd
}

// newEvalNERCmd returns `kgraph eval ner`, which scores a recognizer on a
// CoNLL-2003 file with strict character spans.
func newEvalNERCmd() *cobra.Command {
	var model string
	var noText bool
	cmd := &cobra.Command{
		Use:   "ner [--model DIR] FILE",
		Short: "Score the named-entity recognizer on a CoNLL-2003 file",
		Long: `Print precision, recall and F1 per type (strict character spans over
the tokens joined by spaces, sentences by newlines), PERSON+ORG and
PER/ORG/LOC micro averages, and throughput — first for the recognizer given
the gold tokens and sentences, then END TO END for the whole pipeline run
on each document's text (what "kgraph extract" does), where tokenization and
sentence splitting count too. Without --model the embedded model is used.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			t := time.Now()
			rec, err := nlp.RecognizerFrom(model)
			if err != nil {
				return err
			}
			load := time.Since(t)
			res, err := nlp.EvalNER(rec, args[0])
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			fmt.Fprintln(w, "RECOGNIZER on the gold tokens and sentences:")
			nlp.WriteNEREval(w, res)
			fmt.Fprintf(w, "model load: %.3fs\n", load.Seconds())
			if noText {
				return nil
			}
			opts := nlp.DefaultOptions()
			opts.Recognizer = rec
			p, err := nlp.New(opts)
			if err != nil {
				return err
			}
			sc, tokens, took, err := nlp.EvalNERText(p, args[0])
			if err != nil {
				return err
			}
			fmt.Fprintln(w, "\nEND TO END: the pipeline (sentences, tokens, POS, NER, name resolution) on each document's text:")
			nlp.WriteNERScores(w, sc)
			fmt.Fprintf(w, "pipeline without relations: %.0f tokens/s (%.3fs, one goroutine)\n", float64(tokens)/took.Seconds(), took.Seconds())
			return nil
		},
	}
	cmd.Flags().StringVar(&model, "model", "", "model directory (default: the embedded model)")
	cmd.Flags().BoolVar(&noText, "no-text", false, "skip the end-to-end score of the whole pipeline on the text")
	return cmd
}

// newEvalNERDocREDCmd returns `kgraph eval ner-docred`, which scores the
// recognizer's types on a (Re-)DocRED file.
func newEvalNERDocREDCmd() *cobra.Command {
	var model string
	cmd := &cobra.Command{
		Use:   "ner-docred [--model DIR] FILE",
		Short: "Score the named-entity recognizer's mentions and types on a (Re-)DocRED file",
		Long: `Run the recognizer on each document of a DocRED or Re-DocRED JSON file
(its tokens and sentences, prose POS tags) and compare its mentions with the
annotated ones, whose types PER, ORG, LOC and MISC correspond to PERSON, ORG,
LOCATION and MISC (TIME and NUM are not names): strict precision, recall and
F1 per type, overlap precision, and the types given to the gold mentions
(confusion matrix, type accuracy). DocRED annotates the entities of Wikipedia
lead sections, not every name, so precision is a floor.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			rec, err := nlp.RecognizerFrom(model)
			if err != nil {
				return err
			}
			docs, err := nlp.ReadDocRED(args[0])
			if err != nil {
				return err
			}
			nlp.WriteNERDocRED(cmd.OutOrStdout(), nlp.EvalNERDocRED(rec, docs))
			return nil
		},
	}
	cmd.Flags().StringVar(&model, "model", "", "model directory (default: the embedded model)")
	return cmd
}
