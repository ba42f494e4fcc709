package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/kgraph/kgraph/graph/synth"
)

func init() { extraCommands = append(extraCommands, newSynthCmd) }

// newSynthCmd is the hidden "synth" command: it generates the synthetic
// benchmark graph (graph/synth) into an empty data directory, for load
// tests.
func newSynthCmd(g *globals) *cobra.Command {
	var cfg synth.Config
	cmd := &cobra.Command{
		Use:    "synth --data DIR [--entities 1000000] [--relations 10000000]",
		Short:  "Generate the synthetic benchmark graph into an empty data directory",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg.Progress = func(n int) { fmt.Fprintf(g.stderr, "kgraph: %d relations\n", n) }
			res, err := synth.GenerateDir(g.data, cfg)
			if err != nil {
				return err
			}
			fmt.Fprintf(g.stdout, "generated %d entities, %d relations (max out-degree %d) in %s\n",
				res.Entities, res.Relations, res.MaxOutDegree, res.Elapsed.Round(1e6))
			return nil
		},
	}
	cmd.Flags().IntVar(&cfg.Entities, "entities", 1_000_000, "number of entities")
	cmd.Flags().IntVar(&cfg.Relations, "relations", 10_000_000, "number of relations")
	cmd.Flags().Uint64Var(&cfg.Seed, "seed", 1, "random seed")
	return cmd
}
