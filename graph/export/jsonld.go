package export

import (
	"bytes"
	"encoding/json"
	"net/url"

	"github.com/kgraph/kgraph/graph"
)

// IRIs of the things an export names. Entities and relations use their
// store IDs, documents their percent-escaped ID.
const (
	nsKG      = "urn:kgraph:"
	nsEntity  = "urn:kgraph:entity:"
	nsRel     = "urn:kgraph:relation:"
	nsDoc     = "urn:kgraph:document:"
	nsXSD     = "http://www.w3.org/2001/XMLSchema#"
	jsonldCtx = `{"@version":1.1,"@vocab":"urn:kgraph:","xsd":"http://www.w3.org/2001/XMLSchema#",` +
		`"subject":{"@type":"@id"},"object":{"@type":"@id"},"document":{"@type":"@id"},` +
		`"aliases":{"@container":"@set"},"typeCounts":{"@type":"@json"},` +
		`"mentions":{"@type":"xsd:integer"},"weight":{"@type":"xsd:integer"},"confidence":{"@type":"xsd:double"},` +
		`"firstSeen":{"@type":"xsd:date"},"lastSeen":{"@type":"xsd:date"}}`
)

// docIRI returns the IRI of a document: its ID percent-escaped so that any
// ID makes a valid IRI.
func docIRI(id string) string { return nsDoc + url.PathEscape(id) }

type ldEntity struct {
	ID         string         `json:"@id"`
	Type       string         `json:"@type"`
	Name       string         `json:"name"`
	EntityType string         `json:"entityType"`
	Aliases    []string       `json:"aliases"`
	Mentions   int            `json:"mentions"`
	TypeCounts map[string]int `json:"typeCounts"`
}

type ldRelation struct {
	ID            string       `json:"@id"`
	Type          string       `json:"@type"`
	Subject       string       `json:"subject"`
	Object        string       `json:"object"`
	RelationType  string       `json:"relationType"`
	Symmetric     bool         `json:"symmetric"`
	Role          string       `json:"role,omitempty"`
	Weight        int          `json:"weight"`
	Confidence    float64      `json:"confidence"`
	Extractor     string       `json:"extractor,omitempty"`
	FirstSeen     string       `json:"firstSeen,omitempty"`
	LastSeen      string       `json:"lastSeen,omitempty"`
	FirstSeenText string       `json:"firstSeenText,omitempty"`
	LastSeenText  string       `json:"lastSeenText,omitempty"`
	Evidence      []ldEvidence `json:"evidence,omitempty"`
}

type ldEvidence struct {
	Document string `json:"document"`
	Sentence string `json:"sentence"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
}

// jsonld writes one JSON-LD document: the @context, then an @graph array
// with one object per entity (@type Entity) and per relation (@type
// Relation, reified so it can carry weight, dates and evidence). Dates
// that are not YYYY-MM-DD are left out of firstSeen/lastSeen (typed
// xsd:date) and kept in firstSeenText/lastSeenText.
func (x *exporter) jsonld() error {
	w := x.w
	w.WriteString(`{"@context":` + jsonldCtx + ",\n\"@graph\":[")
	first := true
	sep := func() {
		if !first {
			w.WriteByte(',')
		}
		first = false
		w.WriteString("\n")
	}
	enc := newLineEncoder()
	put := func(v any) error {
		b, err := enc.encode(v)
		if err == nil {
			_, err = w.Write(b)
		}
		return err
	}
	err := x.sel.entities(func(e graph.Entity) error {
		if err := x.tick(); err != nil {
			return err
		}
		sep()
		return put(ldEntity{nsEntity + e.ID.String(), "Entity", e.Name, e.Type, e.Aliases, e.MentionCount, e.TypeCounts})
	})
	if err != nil {
		return err
	}
	var evs []ldEvidence
	err = x.sel.relations(true, func(r graph.Relation, es []graph.EvidenceRecord) error {
		if err := x.tick(); err != nil {
			return err
		}
		evs = evs[:0]
		for _, e := range es {
			evs = append(evs, ldEvidence{docIRI(e.DocID), e.Sentence, e.Start, e.End})
		}
		rel := ldRelation{nsRel + r.ID(), "Relation", nsEntity + r.Subject.String(), nsEntity + r.Object.String(), r.Type,
			x.sel.symmetric[r.Type], r.Role, r.Weight, r.Confidence, r.Extractor, "", "", "", "", evs}
		if isoDate(r.FirstSeen) && isoDate(r.LastSeen) {
			rel.FirstSeen, rel.LastSeen = r.FirstSeen, r.LastSeen
		} else {
			rel.FirstSeenText, rel.LastSeenText = r.FirstSeen, r.LastSeen
		}
		sep()
		return put(rel)
	})
	if err != nil {
		return err
	}
	_, err = w.WriteString("\n]}\n")
	return err
}

// lineEncoder encodes JSON values without HTML escaping and without the
// trailing newline of json.Encoder.
type lineEncoder struct {
	buf bytes.Buffer
	enc *json.Encoder
}

func newLineEncoder() *lineEncoder {
	l := &lineEncoder{}
	l.enc = json.NewEncoder(&l.buf)
	l.enc.SetEscapeHTML(false)
	return l
}

func (l *lineEncoder) encode(v any) ([]byte, error) {
	l.buf.Reset()
	err := l.enc.Encode(v)
	return bytes.TrimSuffix(l.buf.Bytes(), []byte("\n")), err
}
