package export

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"time"

	"github.com/kgraph/kgraph/graph"
)

// JSONLVersion is the version of the jsonl dump layout written in its
// header line.
const JSONLVersion = 4

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
//	{"kind":"override","entity":"…","name":"Ann B. Lee","type":"POLITICIAN"}
//	{"kind":"redirect","from":"…","into":"…","rename":true}
//	{"kind":"suppression","subject":"…","object":"…","type":"WORKS_FOR"}
//	{"kind":"merge","into":"…","from":"…","name":"…","mentions":{"doc-1":[0,3]},"documents":{"doc-1":{…}}}
//	{"kind":"curation","seq":1,"op":"RENAME","target":"…","value":"Ann B. Lee","at":"2024-…Z","client":"…",…}
//	{"kind":"acronymUnlink","acronym":"vmi","from":"…"}
//
// The header comes first, then entities (by ID), documents (by ID),
// relations (by subject, type, object) and the curations: the curated
// names and types, the redirects of merges and renames, the suppressed
// relations, the merge records (what splitEntity restores) and the log,
// oldest first. Relation types, extractors and roles
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
//
// Version 3 added the curations (the lines above and, in a document,
// "held": the statements curations held back and the names of the
// mentions a merge or rename sent elsewhere), so that a restored store
// holds them and goes on applying them exactly as the original. A
// filtered dump carries all of them. Version 1 and 2 dumps, which have
// none, still import.
//
// Version 4 added acronyms: in a document (and in a merge record's
// documents), "acronyms", the acronyms it defines
// ([{"acronym":"VMI","name":"Virtual Machine Interface"}]), and the
// "acronymUnlink" lines, acronyms a split separated for good from the
// entity (by lookup key). The index of bare acronym mentions is rebuilt
// on import. Version 3 dumps, which have none, still import.

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
	TypesAgree    bool     `json:"typesAgree,omitempty"`
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

// jsonlDocHead is a graph.Document as the dump writes it, at the head of
// a document line and of a merge record's documents.
type jsonlDocHead struct {
	ID        string `json:"id"`
	Title     string `json:"title,omitempty"`
	Date      string `json:"date,omitempty"`
	URL       string `json:"url,omitempty"`
	Hash      string `json:"hash"`
	Tokens    int    `json:"tokens,omitempty"`
	Sentences int    `json:"sentences,omitempty"`
	Added     int64  `json:"added,omitempty"`
}

func docHead(d graph.Document) jsonlDocHead {
	return jsonlDocHead{ID: d.ID, Title: d.Title, Date: d.Date, URL: d.URL, Hash: d.Hash,
		Tokens: d.Tokens, Sentences: d.Sentences, Added: d.Added}
}

func (h *jsonlDocHead) document() graph.Document {
	return graph.Document{ID: h.ID, Title: h.Title, Date: h.Date, URL: h.URL, Hash: h.Hash,
		Tokens: h.Tokens, Sentences: h.Sentences, Added: h.Added}
}

type jsonlDocument struct {
	Kind string `json:"kind"`
	jsonlDocHead
	// Version 2.
	SentenceList   []jsonlSentence  `json:"sentenceList,omitempty"`
	Mentions       []jsonlMention   `json:"mentions,omitempty"`
	Entities       []jsonlDocEntity `json:"entities,omitempty"`
	NoContribution bool             `json:"noContribution,omitempty"`
	// Version 3.
	Held *jsonlHeld `json:"held,omitempty"`
	// Version 4.
	Acronyms []jsonlAcronym `json:"acronyms,omitempty"`
}

// Version 4: acronyms.

type jsonlAcronym struct {
	Acronym string `json:"acronym"`
	Name    string `json:"name"`
}

type jsonlAcronymUnlink struct {
	Kind    string `json:"kind"`
	Acronym string `json:"acronym"`
	From    string `json:"from"`
}

func toAcronyms(as []graph.AcronymInput) []jsonlAcronym {
	var out []jsonlAcronym
	for _, a := range as {
		out = append(out, jsonlAcronym{a.Acronym, a.Name})
	}
	return out
}

func fromAcronyms(js []jsonlAcronym) []graph.AcronymInput {
	var out []graph.AcronymInput
	for _, a := range js {
		out = append(out, graph.AcronymInput{Acronym: a.Acronym, Name: a.Name})
	}
	return out
}

// Version 3: curations.

type jsonlHeld struct {
	Statements []jsonlStatement `json:"statements,omitempty"`
	Names      map[int]string   `json:"names,omitempty"`
}

// jsonlStatement is a graph.RelationInput: Subject and Object are mention
// indexes.
type jsonlStatement struct {
	Type       string  `json:"type"`
	Role       string  `json:"role,omitempty"`
	Subject    int     `json:"subject"`
	Object     int     `json:"object"`
	Sentence   int     `json:"sentence"`
	Confidence float64 `json:"confidence"`
	Extractor  string  `json:"extractor,omitempty"`
	Symmetric  bool    `json:"symmetric,omitempty"`
}

type jsonlOverride struct {
	Kind   string `json:"kind"`
	Entity string `json:"entity"`
	Name   string `json:"name,omitempty"`
	Type   string `json:"type,omitempty"`
}

type jsonlRedirect struct {
	Kind   string `json:"kind"`
	From   string `json:"from"`
	Into   string `json:"into"`
	Rename bool   `json:"rename,omitempty"`
}

type jsonlSuppression struct {
	Kind    string `json:"kind"`
	Subject string `json:"subject"`
	Object  string `json:"object"`
	Type    string `json:"type"`
}

type jsonlMerge struct {
	Kind      string                   `json:"kind"`
	Into      string                   `json:"into"`
	From      string                   `json:"from"`
	Name      string                   `json:"name"`
	Mentions  map[string][]int         `json:"mentions"`
	Documents map[string]jsonlDocInput `json:"documents"`
	Held      bool                     `json:"held,omitempty"`
}

// jsonlDocInput is a graph.DocInput: a document as a merge found it.
type jsonlDocInput struct {
	jsonlDocHead
	Sents     []jsonlSentence     `json:"sentenceList,omitempty"`
	Mentions  []jsonlMentionInput `json:"mentions,omitempty"`
	Relations []jsonlStatement    `json:"relations,omitempty"`
	Acronyms  []jsonlAcronym      `json:"acronyms,omitempty"` // version 4
}

type jsonlMentionInput struct {
	Name       string  `json:"name,omitempty"`
	Text       string  `json:"text"`
	Type       string  `json:"type,omitempty"`
	Start      int     `json:"start"`
	End        int     `json:"end"`
	Sentence   int     `json:"sentence"`
	Confidence float64 `json:"confidence,omitempty"`
}

type jsonlCuration struct {
	Kind      string    `json:"kind"`
	Seq       uint64    `json:"seq"`
	Op        string    `json:"op"`
	Target    string    `json:"target"`
	Sources   []string  `json:"sources,omitempty"`
	Value     string    `json:"value,omitempty"`
	At        time.Time `json:"at"`
	Client    string    `json:"client,omitempty"`
	UserAgent string    `json:"userAgent,omitempty"`
	Documents int       `json:"documents"`
	Undoes    uint64    `json:"undoes,omitempty"`
}

func toStatements(rs []graph.RelationInput) []jsonlStatement {
	var out []jsonlStatement
	for _, r := range rs {
		out = append(out, jsonlStatement{r.Type, r.Role, r.Subject, r.Object, r.Sentence, r.Confidence, r.Extractor, r.Symmetric})
	}
	return out
}

func fromStatements(js []jsonlStatement) []graph.RelationInput {
	var out []graph.RelationInput
	for _, r := range js {
		out = append(out, graph.RelationInput{Type: r.Type, Role: r.Role, Subject: r.Subject, Object: r.Object,
			Sentence: r.Sentence, Confidence: r.Confidence, Extractor: r.Extractor, Symmetric: r.Symmetric})
	}
	return out
}

func toDocInput(d graph.DocInput) jsonlDocInput {
	j := jsonlDocInput{jsonlDocHead: docHead(d.Doc), Relations: toStatements(d.Relations),
		Acronyms: toAcronyms(d.Acronyms)}
	for _, s := range d.Sentences {
		j.Sents = append(j.Sents, jsonlSentence{s.Start, s.End, s.Text})
	}
	for _, m := range d.Mentions {
		j.Mentions = append(j.Mentions, jsonlMentionInput{m.Name, m.Text, m.Type, m.Start, m.End, m.Sentence, m.Confidence})
	}
	return j
}

func fromDocInput(j jsonlDocInput) graph.DocInput {
	d := graph.DocInput{Doc: j.document(), Relations: fromStatements(j.Relations),
		Acronyms: fromAcronyms(j.Acronyms)}
	for _, s := range j.Sents {
		d.Sentences = append(d.Sentences, graph.SentenceInput{Start: s.Start, End: s.End, Text: s.Text})
	}
	for _, m := range j.Mentions {
		d.Mentions = append(d.Mentions, graph.MentionInput{Name: m.Name, Text: m.Text, Type: m.Type, Start: m.Start,
			End: m.End, Sentence: m.Sentence, Confidence: m.Confidence})
	}
	return d
}

// curations writes the curation lines of a dump.
func (x *exporter) curations(enc *json.Encoder) error {
	tx := x.sel.tx
	steps := []func() error{
		func() error {
			return tx.ForEachOverride(func(o graph.EntityOverride) error {
				return enc.Encode(jsonlOverride{"override", o.Entity.String(), o.Name, o.Type})
			})
		},
		func() error {
			return tx.ForEachRedirect(func(r graph.Redirect) error {
				return enc.Encode(jsonlRedirect{"redirect", r.From.String(), r.Into.String(), r.Rename})
			})
		},
		func() error {
			return tx.ForEachSuppression(func(s graph.Suppression) error {
				return enc.Encode(jsonlSuppression{"suppression", s.Subject.String(), s.Object.String(), s.Type})
			})
		},
		func() error {
			return tx.ForEachMergeRecord(func(m graph.MergeRecord) error {
				j := jsonlMerge{Kind: "merge", Into: m.Into.String(), From: m.From.String(), Name: m.Name,
					Mentions: m.Mentions, Held: m.Held}
				if m.Docs != nil {
					j.Documents = make(map[string]jsonlDocInput, len(m.Docs))
					for id, d := range m.Docs {
						j.Documents[id] = toDocInput(d)
					}
				}
				return enc.Encode(j)
			})
		},
		func() error {
			return tx.ForEachCuration(func(c graph.Curation) error {
				if err := x.tick(); err != nil {
					return err
				}
				return enc.Encode(jsonlCuration{"curation", c.Seq, c.Kind, c.Target, c.Sources, c.Value, c.At,
					c.Client, c.UserAgent, c.Documents, c.Undoes})
			})
		},
		func() error {
			return tx.ForEachAcronymUnlink(func(u graph.AcronymUnlink) error {
				return enc.Encode(jsonlAcronymUnlink{"acronymUnlink", u.Acronym, u.From.String()})
			})
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
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
		h.Filter = &jsonlFilterMsg{f.Types, f.RelationTypes, f.MinWeight, f.Around, f.Hops, f.NoCoMentions, f.TypesAgree != nil}
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
		jd = jsonlDocument{Kind: "document", jsonlDocHead: docHead(d.Document), NoContribution: !d.HasContribution,
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
		if !d.Held.IsZero() {
			jd.Held = &jsonlHeld{toStatements(d.Held.Statements), d.Held.Names}
		}
		jd.Acronyms = toAcronyms(d.Acronyms)
		return enc.Encode(&jd)
	})
	if err != nil {
		return err
	}
	var evs []jsonlEvidence
	err = x.sel.relations(true, func(r graph.Relation, es []graph.EvidenceRecord) error {
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
	if err != nil {
		return err
	}
	return x.curations(enc)
}

// ImportStats counts what Import wrote.
type ImportStats struct {
	Entities, Documents, Relations, Evidence int
	Curations                                int // entries of the curation log
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
		case "override", "redirect", "suppression", "merge", "curation", "acronymUnlink":
			if err := importCuration(rs, kind.Kind, raw); err != nil {
				return st, bad("%v", err)
			}
			if kind.Kind == "curation" {
				st.Curations++
			}
		default:
			return st, bad("unknown kind %q", kind.Kind)
		}
	}
	if line == 0 {
		return st, fmt.Errorf("%w: empty input", ErrBadImport)
	}
	return st, rs.Close()
}

// importCuration restores one curation line.
func importCuration(rs *graph.Restorer, kind string, raw []byte) error {
	switch kind {
	case "override":
		o, id, err := decodeCuration(raw, func(o *jsonlOverride) []string { return []string{o.Entity} })
		if err != nil {
			return err
		}
		return rs.AddOverride(graph.EntityOverride{Entity: id[0], Name: o.Name, Type: o.Type})
	case "redirect":
		r, id, err := decodeCuration(raw, func(r *jsonlRedirect) []string { return []string{r.From, r.Into} })
		if err != nil {
			return err
		}
		return rs.AddRedirect(graph.Redirect{From: id[0], Into: id[1], Rename: r.Rename})
	case "suppression":
		s, id, err := decodeCuration(raw, func(s *jsonlSuppression) []string { return []string{s.Subject, s.Object} })
		if err != nil {
			return err
		}
		return rs.AddSuppression(graph.Suppression{Subject: id[0], Object: id[1], Type: s.Type})
	case "merge":
		m, id, err := decodeCuration(raw, func(m *jsonlMerge) []string { return []string{m.Into, m.From} })
		if err != nil {
			return err
		}
		mr := graph.MergeRecord{Into: id[0], From: id[1], Name: m.Name, Mentions: m.Mentions, Held: m.Held}
		if m.Documents != nil {
			mr.Docs = make(map[string]graph.DocInput, len(m.Documents))
			for k, d := range m.Documents {
				mr.Docs[k] = fromDocInput(d)
			}
		}
		return rs.AddMergeRecord(mr)
	case "acronymUnlink":
		u, id, err := decodeCuration(raw, func(u *jsonlAcronymUnlink) []string { return []string{u.From} })
		if err != nil {
			return err
		}
		return rs.AddAcronymUnlink(graph.AcronymUnlink{Acronym: u.Acronym, From: id[0]})
	default: // "curation"
		c, _, err := decodeCuration(raw, func(*jsonlCuration) []string { return nil })
		if err != nil {
			return err
		}
		return rs.AddCuration(graph.Curation{Seq: c.Seq, Kind: c.Op, Target: c.Target, Sources: c.Sources, Value: c.Value,
			At: c.At, Client: c.Client, UserAgent: c.UserAgent, Documents: c.Documents, Undoes: c.Undoes})
	}
}

// decodeCuration decodes a curation line into a T and parses the entity
// IDs that ids names in it, in order.
func decodeCuration[T any](raw []byte, ids func(*T) []string) (T, []graph.EntityID, error) {
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		return v, nil, err
	}
	var out []graph.EntityID
	for _, s := range ids(&v) {
		id, err := graph.ParseEntityID(s)
		if err != nil {
			return v, nil, err
		}
		out = append(out, id)
	}
	return v, out, nil
}

// documentRecord converts a document line.
func documentRecord(d *jsonlDocument, version int) (graph.DocumentRecord, error) {
	r := graph.DocumentRecord{
		Document:        d.document(),
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
	if d.Held != nil {
		r.Held = graph.HeldRecord{Statements: fromStatements(d.Held.Statements), Names: d.Held.Names}
	}
	r.Acronyms = fromAcronyms(d.Acronyms)
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
