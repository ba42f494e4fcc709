package export

import (
	"fmt"
	"strconv"

	"github.com/kgraph/kgraph/graph"
)

// graphKey is one typed attribute declared in GraphML and GEXF.
type graphKey struct {
	id, name, typ string // typ: string, int, double, boolean
}

// Node and edge attributes shared by GraphML and GEXF. Lists (aliases,
// evidence) and maps (typeCounts) are JSON text in a string attribute.
var (
	nodeKeys = []graphKey{
		{"label", "label", "string"},
		{"name", "name", "string"},
		{"key", "key", "string"},
		{"type", "type", "string"},
		{"aliases", "aliases", "string"},
		{"mentions", "mentions", "int"},
		{"typeCounts", "typeCounts", "string"},
	}
	edgeKeys = []graphKey{
		{"relType", "type", "string"},
		{"role", "role", "string"},
		{"weight", "weight", "int"},
		{"confidence", "confidence", "double"},
		{"extractor", "extractor", "string"},
		{"symmetric", "symmetric", "boolean"},
		{"firstSeen", "firstSeen", "string"},
		{"lastSeen", "lastSeen", "string"},
		{"evidence", "evidence", "string"},
	}
)

// evidenceItem is the compact evidence of the graph formats.
type evidenceItem struct {
	Doc      string `json:"doc"`
	Sentence string `json:"sentence"`
}

func evidenceJSON(evs []graph.EvidenceRecord) string {
	if len(evs) == 0 {
		return ""
	}
	items := make([]evidenceItem, len(evs))
	for i, e := range evs {
		items[i] = evidenceItem{e.DocID, e.Sentence}
	}
	return jsonString(items)
}

// nodeValues returns the values of nodeKeys for an entity ("" omits one).
func nodeValues(e graph.Entity) []string {
	return []string{e.Name, e.Name, e.Key, e.Type, jsonString(e.Aliases), strconv.Itoa(e.MentionCount), jsonString(e.TypeCounts)}
}

// edgeValues returns the values of edgeKeys for a relation.
func edgeValues(r graph.Relation, sym bool, evs []graph.EvidenceRecord) []string {
	return []string{r.Type, r.Role, strconv.Itoa(r.Weight), formatFloat(r.Confidence), r.Extractor,
		strconv.FormatBool(sym), r.FirstSeen, r.LastSeen, evidenceJSON(evs)}
}

func (x *exporter) graphml() error {
	w := x.w
	w.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
`)
	for _, k := range nodeKeys {
		fmt.Fprintf(w, "  <key id=\"n_%s\" for=\"node\" attr.name=\"%s\" attr.type=\"%s\"/>\n", k.id, k.name, k.typ)
	}
	for _, k := range edgeKeys {
		fmt.Fprintf(w, "  <key id=\"e_%s\" for=\"edge\" attr.name=\"%s\" attr.type=\"%s\"/>\n", k.id, k.name, k.typ)
	}
	w.WriteString("  <graph id=\"kgraph\" edgedefault=\"directed\">\n")
	err := x.sel.entities(func(e graph.Entity) error {
		if err := x.tick(); err != nil {
			return err
		}
		fmt.Fprintf(w, "    <node id=\"%s\">", e.ID)
		for i, v := range nodeValues(e) {
			graphmlData(x, "n_"+nodeKeys[i].id, v)
		}
		w.WriteString("</node>\n")
		return nil
	})
	if err != nil {
		return err
	}
	n := 0
	err = x.sel.relations(true, func(r graph.Relation, evs []graph.EvidenceRecord) error {
		if err := x.tick(); err != nil {
			return err
		}
		n++
		fmt.Fprintf(w, "    <edge id=\"e%d\" source=\"%s\" target=\"%s\">", n, r.Subject, r.Object)
		for i, v := range edgeValues(r, x.sel.symmetric[r.Type], evs) {
			graphmlData(x, "e_"+edgeKeys[i].id, v)
		}
		w.WriteString("</edge>\n")
		return nil
	})
	if err != nil {
		return err
	}
	_, err = w.WriteString("  </graph>\n</graphml>\n")
	return err
}

func graphmlData(x *exporter, key, v string) {
	if v == "" {
		return
	}
	fmt.Fprintf(x.w, "<data key=\"%s\">", key)
	xmlText(x.w, v)
	x.w.WriteString("</data>")
}
