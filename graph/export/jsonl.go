package export

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"

	"github.com/kgraph/kgraph/graph"
)

// JSONLVersion is the version of the jsonl dump layout written in its
// header line.
const JSONLVersion = 2

// The jsonl dump is one JSON object per line, each with a "kind":
//
//	{"kind":"kgraph","version":2,"relationTypes":[{"name":"CO_MENTIONED","symmetric":true},...],"extractors":[…],"roles":[…]}
//	{"kind":"entity","id":"…","key":"…","name":"…","type":"PERSON","typeCounts":{"PERSON":3},"aliases":[…],"mentions":3,
//	  "aliasCounts":{"Ann":2,"Ann Lee":1},"nameCounts":{…},"typeVotes":{"PERSON":270}}
//	{"kind":"document","id":"…","title":"…","date":"2024-01-02",…,"sentenceList":[{"start":0,"end":31,"text":"…"}],
//	  "mentions":[{"index":0,"entity":"…","start":0,"end":3,"text":"Ann","type":"PERSON","sentence":0}],
//	  "entities":[{"id":"…","aliases":{"Ann":1},"votes":{"PERSON":90}}]}
//	{"kind":"relation","subject":"…","object":"…","type":"WORKS_FOR","weight":2,…,"evidence":[{"doc":"…","sentence":0,"text":"…",…}]}
//
// The header comes first, then entities (by ID), documents (by ID) and
// relations (by subject, type, object). Relation types, extractors and roles
// are listed in the store's registration order so that a restored store gives
// them the same internal codes and orders relations the same way: export,
// import, export again gives the same bytes, and a restored store holds the
// same keys and values as the original.
//
// Version 2 added what makes a restored store behave like the original: the
// entity tallies (alias, name and confidence-weighted type vote counts), and
// per document all its sentences, its mentions and per entity what it added
// ("nameCounts" and a document entity's "names" are left out when equal to
// the aliases). The record of which evidence a document added is rebuilt on
// import. A document without that record in the store is marked
// "noContribution". Version 1 dumps still import, as before: without
// mentions, and with documents that cannot be deleted.

type jsonlHeader struct {
	Kind          string          `json:"kind"`
	Version       int             `json:"version"`
	RelationTypes []jsonlRelType  `json:"relationTypes"`
	Extractors    []string        `json:"extractors,omitempty"`
	Roles         []string        `json:"roles,omitempty"`
	Filter        *jsonlFilterMsg `json:"filter,omitempty"`
}

type jsonlFilterMsg struct {
	Types         []string `json:"types,omitempty"`
	RelationTypes []string `json:"relationTypes,omitempty"`
	MinWeight     int      `json:"minWeight,omitempty"`
	Around        string   `json:"around,omitempty"`
	Hops          int      `json:"hops,omitempty"`
	NoCoMentions  bool     `json:"noCoMentions,omitempty"`
}

type jsonlRelType struct {
	Name      string `json:"name"`
	Symmetric bool   `json:"symmetric"`
}

type jsonlEntity struct {
	Kind       string         `json:"kind"`
	ID         string         `json:"id"`
	Key        string         `json:"key"`
	Name       string         `json:"name"`
	Type       string         `json:"type"`
	TypeCounts map[string]int `json:"typeCounts"`
	Aliases    []string       `json:"aliases"`
	Mentions   int            `json:"mentions"`
	// Version 2: the tallies.
	AliasCounts map[string]int `json:"aliasCounts,omitempty"`
	NameCounts  map[string]int `json:"nameCounts,omitempty"`
	TypeVotes   map[string]int `json:"typeVotes,omitempty"`
}

type jsonlDocument struct {
	Kind      string `json:"kind"`
	ID        string `json:"id"`
	Title     string `json:"title,omitempty"`
	Date      string `json:"date,omitempty"`
	URL       string `json:"url,omitempty"`
	Hash      string `json:"hash"`
	Tokens    int    `json:"tokens,omitempty"`
	Sentences int    `json:"sentences,omitempty"`
	Added     int64  `json:"added,omitempty"`
	// Version 2.
	SentenceList   []jsonlSentence  `json:"sentenceList,omitempty"`
	Mentions       []jsonlMention   `json:"mentions,omitempty"`
	Entities       []jsonlDocEntity `json:"entities,omitempty"`
	NoContribution bool             `json:"noContribution,omitempty"`
}

type jsonlSentence struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

type jsonlMention struct {
	Index    int    `json:"index"`
	Entity   string `json:"entity"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Text     string `json:"text"`
	Type     string `json:"type"`
	Sentence int    `json:"sentence"`
}

type jsonlDocEntity struct {
	ID      string         `json:"id"`
	Aliases map[string]int `json:"aliases"`
	Names   map[string]int `json:"names,omitempty"`
	Votes   map[string]int `json:"votes"`
}

// namesOrNil is names, or nil when it equals aliases (the common case).
func namesOrNil(names, aliases map[string]int) map[string]int {
	if maps.Equal(names, aliases) {
		return nil
	}
	return names
}

// orAliases is names, or aliases when names was left out.
func orAliases(names, aliases map[string]int) map[string]int {
	if len(names) == 0 {
		return aliases
	}
	return names
}

type jsonlRelation struct {
	Kind       string          `json:"kind"`
	Subject    string          `json:"subject"`
	Object     string          `json:"object"`
	Type       string          `json:"type"`
	Role       string          `json:"role,omitempty"`
	Weight     int             `json:"weight"`
	Confidence float64         `json:"confidence"`
	Extractor  string          `json:"extractor,omitempty"`
	FirstSeen  string          `json:"firstSeen,omitempty"`
	LastSeen   string          `json:"lastSeen,omitempty"`
	Evidence   []jsonlEvidence `json:"evidence,omitempty"`
}

type jsonlEvidence struct {
	Doc          string  `json:"doc"`
	Sentence     int     `json:"sentence"`
	Text         string  `json:"text"`
	Start        int     `json:"start"`
	End          int     `json:"end"`
	SubjectStart int     `json:"subjectStart"`
	SubjectEnd   int     `json:"subjectEnd"`
	ObjectStart  int     `json:"objectStart"`
	ObjectEnd    int     `json:"objectEnd"`
	Confidence   float64 `json:"confidence"`
	Extractor    string  `json:"extractor,omitempty"`
	Role         string  `json:"role,omitempty"`
	Date         string  `json:"date,omitempty"`
}

func (x *exporter) jsonl() error {
	enc := json.NewEncoder(x.w)
	enc.SetEscapeHTML(false)
	h := jsonlHeader{Kind: "kgraph", Version: JSONLVersion, RelationTypes: []jsonlRelType{}}
	for _, t := range x.sel.tx.RelationTypeList() {
		h.RelationTypes = append(h.RelationTypes, jsonlRelType{t.Name, t.Symmetric})
	}
	h.Extractors, h.Roles = x.sel.tx.ExtractorList(), x.sel.tx.RoleList()
	if f := x.sel.f; !f.IsZero() {
		h.Filter = &jsonlFilterMsg{f.Types, f.RelationTypes, f.MinWeight, f.Around, f.Hops, f.NoCoMentions}
	}
	if err := enc.Encode(h); err != nil {
		return err
	}
	err := x.sel.entityRecords(func(e graph.Entity, t graph.EntityTallies) error {
		if err := x.tick(); err != nil {
			return err
		}
		return enc.Encode(jsonlEntity{"entity", e.ID.String(), e.Key, e.Name, e.Type, e.TypeCounts, e.Aliases, e.MentionCount,
			t.Aliases, namesOrNil(t.Names, t.Aliases), t.Votes})
	})
	if err != nil {
		return err
	}
	var jd jsonlDocument
	err = x.sel.documentRecords(func(d graph.DocumentRecord) error {
		if err := x.tick(); err != nil {
			return err
		}
		jd = jsonlDocument{Kind: "document", ID: d.ID, Title: d.Title, Date: d.Date, URL: d.URL, Hash: d.Hash,
			Tokens: d.Tokens, Sentences: d.Sentences, Added: d.Added, NoContribution: !d.HasContribution,
			SentenceList: jd.SentenceList[:0], Mentions: jd.Mentions[:0], Entities: jd.Entities[:0]}
		for _, s := range d.SentenceList {
			jd.SentenceList = append(jd.SentenceList, jsonlSentence{s.Start, s.End, s.Text})
		}
		for _, m := range d.Mentions {
			jd.Mentions = append(jd.Mentions, jsonlMention{m.Index, m.Entity.String(), m.Start, m.End, m.Text, m.Type, m.Sentence})
		}
		for _, e := range d.Entities {
			jd.Entities = append(jd.Entities, jsonlDocEntity{e.ID.String(), e.Aliases, namesOrNil(e.Names, e.Aliases), e.Votes})
		}
		return enc.Encode(&jd)
	})
	if err != nil {
		return err
	}
	var evs []jsonlEvidence
	return x.sel.relations(true, func(r graph.Relation, es []graph.EvidenceRecord) error {
		if err := x.tick(); err != nil {
			return err
		}
		evs = evs[:0]
		for _, e := range es {
			evs = append(evs, jsonlEvidence{e.DocID, e.SentenceIndex, e.Sentence, e.Start, e.End,
				e.SubjectStart, e.SubjectEnd, e.ObjectStart, e.ObjectEnd, e.Confidence, e.Extractor, e.Role, e.Date})
		}
		return enc.Encode(jsonlRelation{"relation", r.Subject.String(), r.Object.String(), r.Type, r.Role, r.Weight,
			r.Confidence, r.Extractor, r.FirstSeen, r.LastSeen, evs})
	})
}

// ImportStats counts what Import wrote.
type ImportStats struct {
	Entities, Documents, Relations, Evidence int
}

// Import reads a jsonl dump (as written by Write with format "jsonl") into
// s, which must be empty. Malformed input fails with ErrBadImport and the
// line number; what was read before stays in the store. It streams: memory
// holds one record at a time.
func Import(s *graph.Store, r io.Reader) (ImportStats, error) {
	var st ImportStats
	rs, err := s.NewRestorer()
	if err != nil {
		return st, err
	}
	defer rs.Cancel()
	dec := json.NewDecoder(bufio.NewReaderSize(r, 256<<10))
	line := 0
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: record %d: %s", ErrBadImport, line, fmt.Sprintf(format, a...))
	}
	var kind struct {
		Kind string `json:"kind"`
	}
	var raw json.RawMessage
	var evs []graph.EvidenceRecord
	version := 0
	for {
		raw = raw[:0]
		if err := dec.Decode(&raw); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return st, bad("%v", err)
		}
		line++
		kind.Kind = ""
		if err := json.Unmarshal(raw, &kind); err != nil {
			return st, bad("%v", err)
		}
		if line == 1 && kind.Kind != "kgraph" {
			return st, bad(`the first record must be the {"kind":"kgraph",...} header; is this a kgraph jsonl export?`)
		}
		switch kind.Kind {
		case "kgraph":
			if line != 1 {
				return st, bad("a second header")
			}
			var h jsonlHeader
			if err := json.Unmarshal(raw, &h); err != nil {
				return st, bad("%v", err)
			}
			if h.Version < 1 || h.Version > JSONLVersion {
				return st, bad("version %d; this kgraph reads versions 1 to %d", h.Version, JSONLVersion)
			}
			version = h.Version
			for _, t := range h.RelationTypes {
				if err := rs.AddRelationType(t.Name, t.Symmetric); err != nil {
					return st, bad("%v", err)
				}
			}
			for _, n := range h.Extractors {
				if err := rs.AddName("extractor", n); err != nil {
					return st, bad("%v", err)
				}
			}
			for _, n := range h.Roles {
				if err := rs.AddName("role", n); err != nil {
					return st, bad("%v", err)
				}
			}
		case "entity":
			var e jsonlEntity
			if err := json.Unmarshal(raw, &e); err != nil {
				return st, bad("%v", err)
			}
			id, err := graph.ParseEntityID(e.ID)
			if err != nil {
				return st, bad("%v", err)
			}
			err = rs.AddEntityRecord(graph.Entity{ID: id, Key: e.Key, Name: e.Name, Type: e.Type, TypeCounts: e.TypeCounts,
				Aliases: e.Aliases, MentionCount: e.Mentions},
				graph.EntityTallies{Aliases: e.AliasCounts, Names: orAliases(e.NameCounts, e.AliasCounts), Votes: e.TypeVotes})
			if err != nil {
				return st, bad("%v", err)
			}
			st.Entities++
		case "document":
			var d jsonlDocument
			if err := json.Unmarshal(raw, &d); err != nil {
				return st, bad("%v", err)
			}
			dr, err := documentRecord(&d, version)
			if err != nil {
				return st, bad("%v", err)
			}
			if err := rs.AddDocumentRecord(dr); err != nil {
				return st, bad("%v", err)
			}
			st.Documents++
		case "relation":
			var jr jsonlRelation
			if err := json.Unmarshal(raw, &jr); err != nil {
				return st, bad("%v", err)
			}
			subj, err1 := graph.ParseEntityID(jr.Subject)
			obj, err2 := graph.ParseEntityID(jr.Object)
			if err := errors.Join(err1, err2); err != nil {
				return st, bad("%v", err)
			}
			evs = evs[:0]
			for _, e := range jr.Evidence {
				evs = append(evs, graph.EvidenceRecord{
					Evidence: graph.Evidence{DocID: e.Doc, Sentence: e.Text, Start: e.Start, End: e.End,
						SubjectStart: e.SubjectStart, SubjectEnd: e.SubjectEnd, ObjectStart: e.ObjectStart, ObjectEnd: e.ObjectEnd,
						Confidence: e.Confidence, Extractor: e.Extractor},
					SentenceIndex: e.Sentence, Role: e.Role, Date: e.Date,
				})
			}
			err := rs.AddRelation(graph.Relation{Subject: subj, Object: obj, Type: jr.Type, Role: jr.Role, Weight: jr.Weight,
				Confidence: jr.Confidence, Extractor: jr.Extractor, FirstSeen: jr.FirstSeen, LastSeen: jr.LastSeen}, evs)
			if err != nil {
				return st, bad("%v", err)
			}
			st.Relations++
			st.Evidence += len(evs)
		default:
			return st, bad("unknown kind %q", kind.Kind)
		}
	}
	if line == 0 {
		return st, fmt.Errorf("%w: empty input", ErrBadImport)
	}
	return st, rs.Close()
}

// documentRecord converts a document line.
func documentRecord(d *jsonlDocument, version int) (graph.DocumentRecord, error) {
	r := graph.DocumentRecord{
		Document: graph.Document{ID: d.ID, Title: d.Title, Date: d.Date, URL: d.URL, Hash: d.Hash,
			Tokens: d.Tokens, Sentences: d.Sentences, Added: d.Added},
		HasContribution: version >= 2 && !d.NoContribution,
	}
	for _, s := range d.SentenceList {
		r.SentenceList = append(r.SentenceList, graph.SentenceInput{Start: s.Start, End: s.End, Text: s.Text})
	}
	for _, m := range d.Mentions {
		id, err := graph.ParseEntityID(m.Entity)
		if err != nil {
			return r, err
		}
		r.Mentions = append(r.Mentions, graph.MentionRecord{Index: m.Index, Mention: graph.Mention{Entity: id, DocID: d.ID,
			Start: m.Start, End: m.End, Text: m.Text, Type: m.Type, Sentence: m.Sentence}})
	}
	for _, e := range d.Entities {
		id, err := graph.ParseEntityID(e.ID)
		if err != nil {
			return r, err
		}
		r.Entities = append(r.Entities, graph.DocumentEntity{ID: id,
			EntityTallies: graph.EntityTallies{Aliases: e.Aliases, Names: orAliases(e.Names, e.Aliases), Votes: e.Votes}})
	}
	return r, nil
}
