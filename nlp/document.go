package nlp

// Token is one word or punctuation mark. Offsets are in Unicode code points
// from the start of the document, end exclusive.
type Token struct {
	Text  string
	Start int
	End   int
	Tag   string // Penn Treebank POS tag from prose
}

// Sentence is one sentence of a document with its tokens.
type Sentence struct {
	Start  int // code points
	End    int
	Text   string
	Tokens []Token
}

// Mention is an entity mention. Start/End are document code-point offsets;
// TokStart/TokEnd index the sentence's Tokens (end exclusive).
type Mention struct {
	Start, End       int
	Text             string  // surface text, equal to the document text at [Start, End)
	Type             string  // PERSON, ORG, LOCATION, MISC, ...
	Entity           string  // canonical name the mention resolves to
	Sentence         int     // index into Document.Sentences
	TokStart, TokEnd int     // token span within the sentence
	Confidence       float64 // recognizer confidence in (0, 1]
	// Coref marks a mention added by coreference (a pronoun or "the company")
	// whose Type and Entity are those of its named antecedent.
	Coref bool
	// Acronym marks an acronym the document resolves to a full name it
	// names: introduced in parentheses after it ("Virtual Machine
	// Interface (VMI)") or spelling the initials of an organization named
	// in the document ("Virtual Machine Interface, known as VMI"). Text is
	// the acronym, Entity the full name. A store links bare mentions of the
	// acronym in other documents to the full name's entity.
	Acronym bool
}

// Relation is a relation stated in one sentence between two mentions.
type Relation struct {
	Type       string // UPPER_SNAKE: WORKS_FOR, CO_MENTIONED, ...
	Role       string // stated role, e.g. "spokesman"; "" when none
	Subject    int    // index into Document.Mentions
	Object     int    // index into Document.Mentions
	Sentence   int    // sentence that states it
	Confidence float64
	Extractor  string // which extractor produced it: "comention", "classifier", "pattern:NAME", "rules:FILE:LINE"
	Symmetric  bool   // PARTNERS_WITH, COMPETES_WITH, WORKED_WITH, CO_MENTIONED
}

// Document is the result of running the pipeline over one text.
type Document struct {
	ID        string
	Text      string
	Sentences []Sentence
	Mentions  []Mention // sorted by Start
	Relations []Relation
}

// TokenCount returns the number of tokens in the document.
func (d *Document) TokenCount() int {
	n := 0
	for i := range d.Sentences {
		n += len(d.Sentences[i].Tokens)
	}
	return n
}
