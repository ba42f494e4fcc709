package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/kgraph/kgraph/nlp"
)

func newExtractCmd(g *globals) *cobra.Command {
	var mf modelFlags
	var jsonl bool
	var workers int
	cmd := &cobra.Command{
		Use:   "extract [--jsonl] [FILE|-]",
		Short: "Run the extraction pipeline without a store and print entities and relations as JSON",
		Long: `extract runs the pipeline over a text and prints what it finds.

Without --jsonl the whole input (a file, or standard input when FILE is "-" or
absent) is one document and one JSON object is printed. With --jsonl each
input line is a JSON object {"id","text"} and one JSON line is printed per
input line, in input order:

  {"id":"a1","entities":[{"start":0,"end":12,"text":"Steve Herrod","type":"PERSON","entity":"Steve Herrod"}],
   "relations":[{"type":"WORKS_FOR","subject":{"start":0,"end":12},"object":{"start":17,"end":23},"confidence":0.93}]}

Offsets count Unicode code points, end exclusive. An acronym the text
resolves to a full name it names (in parentheses after it, "Virtual
Machine Interface (VMI)", or spelling its initials) is an entity with
"acronym":true whose "entity" is the full name; the field is left out
otherwise. A malformed line yields
{"id":"","error":"..."} in its place.`,
		Example: `  echo '{"id":"1","text":"VMware'"'"'s Steve Herrod met Rusty Russell."}' | kgraph extract --jsonl
  kgraph extract article.txt`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := mf.pipeline()
			if err != nil {
				return err
			}
			out := bufio.NewWriterSize(g.stdout, 64<<10)
			defer out.Flush()
			if !jsonl {
				src := "-"
				if len(args) == 1 {
					src = args[0]
				}
				return extractDocument(cmd.Context(), p, src, g.stdin, out, workers)
			}
			in := g.stdin
			if len(args) == 1 && args[0] != "-" {
				f, err := os.Open(args[0])
				if err != nil {
					return err
				}
				defer f.Close()
				in = f
			}
			return extractJSONL(p, in, out, workers)
		},
	}
	mf.register(cmd)
	cmd.Flags().BoolVar(&jsonl, "jsonl", false, `read JSON lines {"id","text"} and write one result line per input line`)
	cmd.Flags().IntVar(&workers, "workers", runtime.GOMAXPROCS(0), "documents processed in parallel (default: the usable cores)")
	return cmd
}

type spanJSON struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

type entityJSON struct {
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Text   string `json:"text"`
	Type   string `json:"type"`
	Entity string `json:"entity"`
	// Acronym marks an acronym the text defines ("Virtual Machine
	// Interface (VMI)": text "VMI", entity the full name).
	Acronym bool `json:"acronym,omitempty"`
}

type relationJSON struct {
	Type       string   `json:"type"`
	Subject    spanJSON `json:"subject"`
	Object     spanJSON `json:"object"`
	Confidence float64  `json:"confidence"`
	Role       string   `json:"role,omitempty"`
	Extractor  string   `json:"extractor,omitempty"`
}

type extractJSON struct {
	ID        string         `json:"id"`
	Error     string         `json:"error,omitempty"`
	Entities  []entityJSON   `json:"entities"`
	Relations []relationJSON `json:"relations"`
}

// toExtractJSON renders a document in the extract contract. Coreferent
// mentions (pronouns) are not listed as entities but may anchor relations.
func toExtractJSON(doc *nlp.Document) extractJSON {
	r := extractJSON{ID: doc.ID, Entities: []entityJSON{}, Relations: []relationJSON{}}
	for _, m := range doc.Mentions {
		if m.Coref {
			continue
		}
		r.Entities = append(r.Entities, entityJSON{Start: m.Start, End: m.End, Text: m.Text, Type: m.Type, Entity: m.Entity,
			Acronym: m.Acronym})
	}
	for _, rel := range doc.Relations {
		s, o := doc.Mentions[rel.Subject], doc.Mentions[rel.Object]
		r.Relations = append(r.Relations, relationJSON{
			Type: rel.Type, Subject: spanJSON{s.Start, s.End}, Object: spanJSON{o.Start, o.End},
			Confidence: rel.Confidence, Role: rel.Role, Extractor: rel.Extractor,
		})
	}
	return r
}

// extractJSONL processes lines in parallel and writes results in input
// order.
func extractJSONL(p *nlp.Pipeline, in io.Reader, out io.Writer, workers int) error {
	br := bufio.NewReaderSize(in, 256<<10)
	next := func() ([]byte, bool, error) {
		for {
			line, err := br.ReadBytes('\n')
			if len(bytes.TrimSpace(line)) > 0 {
				return line, true, nil
			}
			if err == io.EOF {
				return nil, false, nil
			}
			if err != nil {
				return nil, false, err
			}
		}
	}
	return orderedMap(workers, next, func(line []byte) []byte { return extractLine(p, line) },
		func(b []byte) error { _, err := out.Write(b); return err })
}

// extractLine processes one JSON line and returns the output line.
func extractLine(p *nlp.Pipeline, line []byte) []byte {
	var in struct {
		ID   json.RawMessage `json:"id"`
		Text string          `json:"text"`
	}
	var res extractJSON
	if err := json.Unmarshal(line, &in); err != nil {
		res = extractJSON{Error: fmt.Sprintf("malformed JSON line: %v", err), Entities: []entityJSON{}, Relations: []relationJSON{}}
	} else {
		id := string(in.ID)
		var s string
		if json.Unmarshal(in.ID, &s) == nil {
			id = s
		}
		doc, err := p.Process(id, in.Text)
		if err != nil {
			res = extractJSON{ID: id, Error: err.Error(), Entities: []entityJSON{}, Relations: []relationJSON{}}
		} else {
			res = toExtractJSON(doc)
			res.ID = id
		}
	}
	b, _ := json.Marshal(res)
	return append(b, '\n')
}
