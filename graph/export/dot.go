package export

import (
	"fmt"
	"hash/fnv"
	"math"
	"strconv"
	"strings"

	"github.com/kgraph/kgraph/graph"
)

// typeColors are the fill colors of the common entity types; other types
// get a palette color chosen by a hash of their name.
var typeColors = map[string]string{
	"PERSON":   "#a6cee3",
	"ORG":      "#b2df8a",
	"LOCATION": "#fdbf6f",
	"MISC":     "#d9d9d9",
}

var palette = []string{"#fb9a99", "#cab2d6", "#ffff99", "#8dd3c7", "#bebada", "#fccde5", "#ccebc5", "#ffed6f"}

func typeColor(t string) string {
	if c, ok := typeColors[t]; ok {
		return c
	}
	h := fnv.New32a()
	h.Write([]byte(t))
	return palette[h.Sum32()%uint32(len(palette))]
}

// dotQuote returns s as a DOT double-quoted string. Backslashes are
// doubled (Graphviz reads "\\" as one), quotes escaped, a newline becomes
// the label line break \n, a tab a space, and other control characters
// are dropped.
func dotQuote(s string) string {
	if strings.ContainsAny(s, "\t\r") {
		s = dotSpaces.Replace(s)
	}
	var b strings.Builder
	b.WriteByte('"')
	escapeQuoted(&b, s, false)
	b.WriteByte('"')
	return b.String()
}

var dotSpaces = strings.NewReplacer("\t", " ", "\r", "")

// penWidth grows with the logarithm of the weight, from 1 to 8.
func penWidth(w int) string {
	return strconv.FormatFloat(math.Min(8, 1+math.Log2(float64(max(w, 1)))), 'f', 2, 64)
}

func (x *exporter) dot() error {
	w := x.w
	w.WriteString(`digraph kgraph {
  graph [overlap=false, splines=true];
  node [shape=box, style="rounded,filled", fontname="Helvetica"];
  edge [fontname="Helvetica", fontsize=9];
`)
	err := x.sel.entities(func(e graph.Entity) error {
		if err := x.tick(); err != nil {
			return err
		}
		tip := fmt.Sprintf("%s, %d mentions; aliases: %s", e.Type, e.MentionCount, strings.Join(e.Aliases, " | "))
		fmt.Fprintf(w, "  %q [label=%s, fillcolor=%q, tooltip=%s, kg_type=%s, kg_mentions=%d, kg_aliases=%s];\n",
			e.ID.String(), dotQuote(e.Name), typeColor(e.Type), dotQuote(tip), dotQuote(e.Type), e.MentionCount, dotQuote(jsonString(e.Aliases)))
		return nil
	})
	if err != nil {
		return err
	}
	err = x.sel.relations(false, func(r graph.Relation, _ []graph.EvidenceRecord) error {
		if err := x.tick(); err != nil {
			return err
		}
		label := r.Type
		if r.Role != "" {
			label += " (" + r.Role + ")"
		}
		fmt.Fprintf(w, "  %q -> %q [label=%s, penwidth=%s, weight=%d, kg_type=%s, kg_role=%s, kg_weight=%d, kg_confidence=%s",
			r.Subject.String(), r.Object.String(), dotQuote(label), penWidth(r.Weight), r.Weight, dotQuote(r.Type), dotQuote(r.Role),
			r.Weight, formatFloat(r.Confidence))
		if r.FirstSeen != "" {
			fmt.Fprintf(w, ", kg_first_seen=%s, kg_last_seen=%s", dotQuote(r.FirstSeen), dotQuote(r.LastSeen))
		}
		if x.sel.symmetric[r.Type] {
			w.WriteString(", dir=none")
		}
		w.WriteString("];\n")
		return nil
	})
	if err != nil {
		return err
	}
	_, err = w.WriteString("}\n")
	return err
}
