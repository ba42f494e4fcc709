package schema

import (
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/kgraph/kgraph/graph"
)

// DocumentResolver resolves the Document type.
type DocumentResolver struct{ d graph.Document }

// ID resolves Document.id.
func (d *DocumentResolver) ID() graphql.ID { return globalID(kindDocument, d.d.ID) }

// DocumentID resolves Document.documentId: the id given at ingest.
func (d *DocumentResolver) DocumentID() string { return d.d.ID }

// Title resolves Document.title.
func (d *DocumentResolver) Title() *string { return strPtr(d.d.Title) }

// Date resolves Document.date.
func (d *DocumentResolver) Date() *string { return strPtr(d.d.Date) }

// URL resolves Document.url.
func (d *DocumentResolver) URL() *string { return strPtr(d.d.URL) }

// Tokens resolves Document.tokens.
func (d *DocumentResolver) Tokens() int32 { return int32(d.d.Tokens) }

// Sentences resolves Document.sentences.
func (d *DocumentResolver) Sentences() int32 { return int32(d.d.Sentences) }

// DocumentConnection resolves the DocumentConnection type.
type DocumentConnection = connection[*DocumentEdge]

// DocumentEdge resolves the DocumentEdge type.
type DocumentEdge = edge[*DocumentResolver]

// StatsResolver resolves the Stats type.
type StatsResolver struct{ s graph.Stats }

// Documents resolves Stats.documents.
func (s *StatsResolver) Documents() int32 { return int32(s.s.Documents) }

// Entities resolves Stats.entities.
func (s *StatsResolver) Entities() int32 { return int32(s.s.Entities) }

// Relations resolves Stats.relations.
func (s *StatsResolver) Relations() int32 { return int32(s.s.Relations) }

// Mentions resolves Stats.mentions.
func (s *StatsResolver) Mentions() int32 { return int32(s.s.Mentions) }
