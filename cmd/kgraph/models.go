package main

import "github.com/spf13/cobra"

func init() { extraCommands = append(extraCommands, newTrainCmd, newEvalCmd) }

func newTrainCmd(*globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "train {ner|ner-average|rel}",
		Short: "Train a model on annotated data (NER: CoNLL-2003 columns; relations: CoNLL04 JSON)",
		Example: `  kgraph train ner --train ../shared/data/conll2003/conllpp_train.txt --dev ../shared/data/conll2003/conllpp_dev.txt --out mymodel
  kgraph train rel --train ../shared/data/conll04/conll04_train.json --dev ../shared/data/conll04/conll04_dev.json --out myrel`,
	}
	cmd.AddCommand(newTrainNERCmd(), newTrainNERAverageCmd(), newTrainRelCmd())
	return cmd
}

func newEvalCmd(*globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "eval {ner|ner-docred|rel|docred}",
		Short: "Score a model on annotated data: per-type precision, recall and F1 with strict spans, and speed",
		Example: `  kgraph eval ner ../shared/data/conll2003/conllpp_dev.txt
  kgraph eval ner-docred ../shared/data/re-docred/dev_revised.json
  kgraph eval rel ../shared/data/conll04/conll04_dev.json
  kgraph eval docred ../shared/data/re-docred/dev_revised.json`,
	}
	cmd.AddCommand(newEvalNERCmd(), newEvalNERDocREDCmd(), newEvalRelCmd(), newEvalDocREDCmd())
	return cmd
}
