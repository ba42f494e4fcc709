package graph

import (
	"fmt"
	"strconv"
)

// EntityID identifies an entity. It is derived from the entity's canonical key
// (see canon.Key), so the same name always gets the same ID in every store.
type EntityID uint64

// String returns the ID as 16 lower-case hex digits.
func (id EntityID) String() string { return fmt.Sprintf("%016x", uint64(id)) }

// ParseEntityID parses the form produced by EntityID.String.
func ParseEntityID(s string) (EntityID, error) {
	v, err := strconv.ParseUint(s, 16, 64)
	if err != nil || len(s) != 16 {
		return 0, fmt.Errorf("%w: %q", ErrBadID, s)
	}
	return EntityID(v), nil
}

// Entity is one real-world person, organization, location or other named
// thing, merged over all its mentions.
type Entity struct {
	ID           EntityID
	Key          string         // canonical lookup key (canon.Key of Name)
	Name         string         // display name: the most frequent full surface form
	Type         string         // majority type over mentions (PERSON, ORG, LOCATION, MISC, ...)
	TypeCounts   map[string]int // mentions per type
	Aliases      []string       // surface forms seen, Name included, sorted
	MentionCount int            // mentions over all documents
}

// Document is the metadata of one ingested document.
type Document struct {
	ID        string
	Title     string
	Date      string // as given (ISO 8601 preferred), "" when unknown
	URL       string
	Hash      string // content hash; re-ingesting the same hash is a no-op
	Tokens    int
	Sentences int
	Added     int64 // Unix seconds when stored
}

// Relation is a directed (or, for symmetric types, unordered) typed edge
// between two entities, aggregated over all the sentences that support it.
// For symmetric types Subject < Object.
type Relation struct {
	Subject    EntityID
	Object     EntityID
	Type       string  // UPPER_SNAKE: CO_MENTIONED, WORKS_FOR, ...
	Role       string  // e.g. "spokesman" for WORKS_FOR; most frequent stated role
	Weight     int     // number of supporting sentences
	Confidence float64 // highest confidence of any supporting sentence
	Extractor  string  // extractor of the highest-confidence support
	FirstSeen  string  // earliest document date among supports, "" if none
	LastSeen   string  // latest document date among supports
}

// Evidence is one sentence that supports a relation.
type Evidence struct {
	DocID    string
	Sentence string // the sentence text
	Start    int    // sentence start in the document, Unicode code points
	End      int    // sentence end (exclusive)
	// Argument spans, document offsets in code points.
	SubjectStart, SubjectEnd int
	ObjectStart, ObjectEnd   int
	Confidence               float64
	Extractor                string
}

// Mention is one occurrence of an entity in a document.
type Mention struct {
	Entity   EntityID
	DocID    string
	Start    int // code points, end exclusive
	End      int
	Text     string // surface form
	Type     string
	Sentence int // sentence index in the document
}

// Stats counts what the store holds.
type Stats struct {
	Documents int
	Entities  int
	Relations int // typed and co-mention edges
	Mentions  int
}

// DocInput is everything extraction produced for one document. The store
// writes it atomically: after a crash it is either wholly present or absent.
type DocInput struct {
	Doc       Document // Hash must be set
	Sentences []SentenceInput
	Mentions  []MentionInput
	Relations []RelationInput
	// Acronyms are the acronyms the document defines ("Virtual Machine
	// Interface (VMI)"); bare mentions of them in any document link to the
	// entity of the full name (see the package documentation).
	Acronyms []AcronymInput `json:",omitempty"`
}

// SentenceInput is one sentence of a document.
type SentenceInput struct {
	Start, End int // code points
	Text       string
}

// MentionInput is one entity mention of a document.
type MentionInput struct {
	Name     string // canonical name the mention resolves to (display form)
	Text     string // surface form
	Type     string
	Start    int
	End      int
	Sentence int
	// Confidence of the recognizer in (0, 1]; 0 means unknown and counts as
	// 1. An entity's type is the one with the most confidence-weighted
	// mentions.
	Confidence float64
}

// RelationInput is one relation stated in one sentence. Subject and Object
// index DocInput.Mentions.
type RelationInput struct {
	Type       string
	Role       string
	Subject    int
	Object     int
	Sentence   int
	Confidence float64
	Extractor  string
	Symmetric  bool // stored once per unordered pair, answered from both ends
}

// PutStatus says what happened to one document in PutDocuments.
type PutStatus int

// PutStatus values.
const (
	Added     PutStatus = iota // new document
	Unchanged                  // same ID and hash already stored; nothing written
	Replaced                   // same ID, new content: old contribution removed first
)

// String returns "added", "unchanged" or "replaced".
func (s PutStatus) String() string {
	switch s {
	case Added:
		return "added"
	case Unchanged:
		return "unchanged"
	case Replaced:
		return "replaced"
	}
	return "unknown"
}

// Direction selects edges by orientation relative to an entity.
type Direction int

// Direction values.
const (
	Both Direction = iota
	Out
	In
)
