package main

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/spf13/cobra"
)

func init() { extraCommands = append(extraCommands, newStatsCmd) }

func newStatsCmd(g *globals) *cobra.Command {
	var asJSON bool
	var server string
	cmd := &cobra.Command{
		Use:   "stats [--data DIR]",
		Short: "Print what the graph holds",
		Example: `  kgraph stats
  kgraph stats --json
  kgraph stats --server http://127.0.0.1:8080`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var out struct {
				Documents, Entities, Relations, Mentions int
				EntitiesByType                           map[string]int `json:"entitiesByType,omitempty"`
			}
			if server != "" {
				var r struct {
					Stats struct{ Documents, Entities, Relations, Mentions int }
				}
				if err := newClient(server, "").do(cmd.Context(), `{ stats { documents entities relations mentions } }`, nil, &r); err != nil {
					return err
				}
				out.Documents, out.Entities, out.Relations, out.Mentions = r.Stats.Documents, r.Stats.Entities, r.Stats.Relations, r.Stats.Mentions
			} else {
				store, err := openStore(g.data, true)
				if err != nil {
					return err
				}
				defer store.Close()
				st, err := store.Stats()
				if err != nil {
					return err
				}
				out.Documents, out.Entities, out.Relations, out.Mentions = st.Documents, st.Entities, st.Relations, st.Mentions
				if out.EntitiesByType, err = store.TypeCounts(); err != nil {
					return err
				}
			}
			if asJSON {
				enc := json.NewEncoder(g.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(out)
			}
			fmt.Fprintf(g.stdout, "documents  %d\nentities   %d\nrelations  %d\nmentions   %d\n", out.Documents, out.Entities, out.Relations, out.Mentions)
			types := make([]string, 0, len(out.EntitiesByType))
			for t := range out.EntitiesByType {
				types = append(types, t)
			}
			sort.Strings(types)
			for _, t := range types {
				fmt.Fprintf(g.stdout, "  %-9s %d\n", t, out.EntitiesByType[t])
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&server, "server", "", "ask a running kgraph server instead of opening --data")
	return cmd
}
