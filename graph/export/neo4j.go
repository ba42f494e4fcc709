package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/kgraph/kgraph/graph"
)

// Neo4jImportCommand is the command that loads a neo4j-csv export
// directory into Neo4j 5 (run it in that directory, with Neo4j stopped).
const Neo4jImportCommand = `neo4j-admin database import full --overwrite-destination --multiline-fields=true --array-delimiter=";" --nodes=entities.csv --relationships=relations.csv neo4j`

// The headers of the neo4j-csv files, in neo4j-admin's format: ":ID" and
// ":START_ID"/":END_ID" in the Entity ID space, ":LABEL" and ":TYPE", and
// typed property columns (arrays split on ";").
var (
	Neo4jEntityHeader   = []string{"id:ID(Entity)", ":LABEL", "name", "key", "type", "aliases:string[]", "mentions:int", "typeCounts:string[]"}
	Neo4jRelationHeader = []string{":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", "role", "weight:int", "confidence:float",
		"extractor", "symmetric:boolean", "firstSeen", "lastSeen", "evidenceDocs:string[]", "evidence:string[]"}
)

const neo4jReadme = Neo4jImportCommand + `

kgraph export in neo4j-admin import format. Run the command above in this
directory with the Neo4j server stopped (Neo4j 4: neo4j-admin import
--database=neo4j --multiline-fields=true --nodes=entities.csv
--relationships=relations.csv), then start Neo4j.

entities.csv   one row per entity: id (the kgraph entity ID), labels Entity
               and the entity type, name, key, type, aliases, mentions,
               typeCounts ("TYPE=n").
relations.csv  one row per relation: start and end entity IDs, type, role,
               weight (supporting sentences), confidence, extractor,
               symmetric, firstSeen, lastSeen, and the evidence sentences
               with their document IDs.

Array columns are split on ";", so a ";" inside an alias or a sentence is
written as ",". Fields may span lines (hence --multiline-fields=true).
`

// neo4jArray joins array elements with ";", replacing ";" inside them.
func neo4jArray(vs []string) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = strings.ReplaceAll(v, ";", ",")
	}
	return strings.Join(parts, ";")
}

// neo4jLabel makes an entity type usable as a label in the ";"-separated
// :LABEL column.
func neo4jLabel(t string) string { return strings.ReplaceAll(t, ";", "_") }

// csvRow writes one record with every field valid UTF-8.
func csvRow(w *csv.Writer, rec []string) error {
	for i, v := range rec {
		rec[i] = validUTF8(v)
	}
	return w.Write(rec)
}

func (x *exporter) neo4j(create fileCreator) error {
	readme, done, err := create("README.txt")
	if err != nil {
		return err
	}
	if _, err := io.WriteString(readme, neo4jReadme); err != nil {
		return err
	}
	if err := done(); err != nil {
		return err
	}
	f, done, err := create("entities.csv")
	if err != nil {
		return err
	}
	cw := csv.NewWriter(f)
	if err := cw.Write(Neo4jEntityHeader); err != nil {
		return err
	}
	err = x.sel.entities(func(e graph.Entity) error {
		if err := x.tick(); err != nil {
			return err
		}
		return csvRow(cw, []string{e.ID.String(), "Entity;" + neo4jLabel(e.Type), e.Name, e.Key, e.Type,
			neo4jArray(e.Aliases), strconv.Itoa(e.MentionCount), neo4jArray(typeCountList(e.TypeCounts))})
	})
	if err != nil {
		return err
	}
	if cw.Flush(); cw.Error() != nil {
		return cw.Error()
	}
	if err := done(); err != nil {
		return err
	}
	f, done, err = create("relations.csv")
	if err != nil {
		return err
	}
	cw = csv.NewWriter(f)
	if err := cw.Write(Neo4jRelationHeader); err != nil {
		return err
	}
	var docs, sents []string
	err = x.sel.relations(true, func(r graph.Relation, evs []graph.EvidenceRecord) error {
		if err := x.tick(); err != nil {
			return err
		}
		docs, sents = docs[:0], sents[:0]
		for _, e := range evs {
			docs = append(docs, e.DocID)
			sents = append(sents, e.Sentence)
		}
		return csvRow(cw, []string{r.Subject.String(), r.Object.String(), r.Type, r.Role, strconv.Itoa(r.Weight),
			formatFloat(r.Confidence), r.Extractor, strconv.FormatBool(x.sel.symmetric[r.Type]), r.FirstSeen, r.LastSeen,
			neo4jArray(docs), neo4jArray(sents)})
	})
	if err != nil {
		return err
	}
	if cw.Flush(); cw.Error() != nil {
		return fmt.Errorf("export: relations.csv: %w", cw.Error())
	}
	return done()
}
