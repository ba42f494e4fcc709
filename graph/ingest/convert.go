package ingest

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/kgraph/kgraph/graph"
	"github.com/kgraph/kgraph/nlp"
)

// Hash returns the content hash of a document: its title, date, URL and
// text. Re-ingesting a document with the same ID and hash changes nothing.
func Hash(d Doc) string {
	h := sha256.New()
	for _, s := range []string{d.Title, d.Date, d.URL, d.Text} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// Convert turns a pipeline result into the store's input for one document.
// Coreferent mentions ("he", "the company") keep the entity's name as their
// text so that pronouns never become aliases. Acronyms the document
// introduces (nlp.Mention.Acronym) become its DocInput.Acronyms.
func Convert(d Doc, nd *nlp.Document) graph.DocInput {
	in := graph.DocInput{
		Doc: graph.Document{
			ID: d.ID, Title: d.Title, Date: d.Date, URL: d.URL, Hash: Hash(d),
			Tokens: nd.TokenCount(), Sentences: len(nd.Sentences),
		},
		Sentences: make([]graph.SentenceInput, len(nd.Sentences)),
		Mentions:  make([]graph.MentionInput, len(nd.Mentions)),
		Relations: make([]graph.RelationInput, len(nd.Relations)),
	}
	for i, s := range nd.Sentences {
		in.Sentences[i] = graph.SentenceInput{Start: s.Start, End: s.End, Text: s.Text}
	}
	for i, m := range nd.Mentions {
		text := m.Text
		if m.Coref {
			text = m.Entity
		}
		in.Mentions[i] = graph.MentionInput{Name: m.Entity, Text: text, Type: m.Type,
			Start: m.Start, End: m.End, Sentence: m.Sentence, Confidence: m.Confidence}
		if m.Acronym && !m.Coref {
			in.Acronyms = append(in.Acronyms, graph.AcronymInput{Acronym: m.Text, Name: m.Entity})
		}
	}
	for i, r := range nd.Relations {
		in.Relations[i] = graph.RelationInput{Type: r.Type, Role: r.Role, Subject: r.Subject, Object: r.Object,
			Sentence: r.Sentence, Confidence: r.Confidence, Extractor: r.Extractor, Symmetric: r.Symmetric}
	}
	return in
}
