package export

import (
	"fmt"

	"github.com/kgraph/kgraph/graph"
)

// gexf writes GEXF 1.3. The graph is dynamic with dates: a relation with
// ISO dates gets start (FirstSeen) and end (LastSeen), so Gephi's timeline
// shows when it was reported; entities are always present. Symmetric
// relations carry symmetric=true rather than type="undirected", which
// readers of a directed graph (networkx) reject.
func (x *exporter) gexf() error {
	w := x.w
	w.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">
  <meta><creator>kgraph</creator><description>knowledge graph of entities and relations extracted from documents</description></meta>
  <graph defaultedgetype="directed" mode="dynamic" timeformat="date">
    <attributes class="node" mode="static">
`)
	for _, k := range nodeKeys[1:] { // the name is the node label
		fmt.Fprintf(w, "      <attribute id=\"%s\" title=\"%s\" type=\"%s\"/>\n", k.id, k.name, gexfType(k.typ))
	}
	w.WriteString("    </attributes>\n    <attributes class=\"edge\" mode=\"static\">\n")
	for _, k := range edgeKeys {
		fmt.Fprintf(w, "      <attribute id=\"%s\" title=\"%s\" type=\"%s\"/>\n", k.id, k.name, gexfType(k.typ))
	}
	w.WriteString("    </attributes>\n    <nodes>\n")
	err := x.sel.entities(func(e graph.Entity) error {
		if err := x.tick(); err != nil {
			return err
		}
		fmt.Fprintf(w, "      <node id=\"%s\" label=\"%s\"><attvalues>", e.ID, xmlAttr(e.Name))
		for i, v := range nodeValues(e)[1:] {
			gexfValue(x, nodeKeys[i+1].id, v)
		}
		w.WriteString("</attvalues></node>\n")
		return nil
	})
	if err != nil {
		return err
	}
	w.WriteString("    </nodes>\n    <edges>\n")
	n := 0
	err = x.sel.relations(true, func(r graph.Relation, evs []graph.EvidenceRecord) error {
		if err := x.tick(); err != nil {
			return err
		}
		n++
		fmt.Fprintf(w, "      <edge id=\"%d\" source=\"%s\" target=\"%s\" label=\"%s\" weight=\"%d\"", n, r.Subject, r.Object, xmlAttr(r.Type), r.Weight)
		if isoDate(r.FirstSeen) && isoDate(r.LastSeen) && r.FirstSeen <= r.LastSeen {
			fmt.Fprintf(w, " start=\"%s\" end=\"%s\"", r.FirstSeen, r.LastSeen)
		}
		w.WriteString("><attvalues>")
		for i, v := range edgeValues(r, x.sel.symmetric[r.Type], evs) {
			gexfValue(x, edgeKeys[i].id, v)
		}
		w.WriteString("</attvalues></edge>\n")
		return nil
	})
	if err != nil {
		return err
	}
	_, err = w.WriteString("    </edges>\n  </graph>\n</gexf>\n")
	return err
}

func gexfType(t string) string {
	if t == "int" {
		return "integer"
	}
	return t
}

func gexfValue(x *exporter, key, v string) {
	if v == "" {
		return
	}
	fmt.Fprintf(x.w, "<attvalue for=\"%s\" value=\"%s\"/>", key, xmlAttr(v))
}
