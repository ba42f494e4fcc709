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
type DocumentConnection struct {
	edges []*DocumentEdge
	info  *PageInfo
	total int
}

// Edges resolves DocumentConnection.edges.
func (c *DocumentConnection) Edges() []*DocumentEdge {
	if c.edges == nil {
		return []*DocumentEdge{}
	}
	return c.edges
}

// PageInfo resolves DocumentConnection.pageInfo.
func (c *DocumentConnection) PageInfo() *PageInfo { return c.info }

// TotalCount resolves DocumentConnection.totalCount.
func (c *DocumentConnection) TotalCount() int32 { return int32(c.total) }

// DocumentEdge resolves the DocumentEdge type.
type DocumentEdge struct {
	cursor string
	node   *DocumentResolver
}

// Cursor resolves DocumentEdge.cursor.
func (e *DocumentEdge) Cursor() string { return e.cursor }

// Node resolves DocumentEdge.node.
func (e *DocumentEdge) Node() *DocumentResolver { return e.node }

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
