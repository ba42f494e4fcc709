package nlp

import "errors"

// Sentinel errors of package nlp. Check them with errors.Is.
var (
	// ErrInternal reports a failure inside the pipeline (a recovered panic
	// in a model); the document is skipped, the process goes on.
	ErrInternal = errors.New("nlp: internal error while processing document")
	// ErrTooLarge reports a text larger than Options.MaxTextBytes.
	ErrTooLarge = errors.New("nlp: text too large")
	// ErrBadModel reports a model file or directory that cannot be loaded.
	ErrBadModel = errors.New("nlp: malformed model")
)

// Sentinel errors of the named-entity recognizer (nlp/ner*.go).
var (
	// ErrBadCorpus reports an NER corpus file that cannot be read or parsed.
	ErrBadCorpus = errors.New("nlp: malformed NER corpus")
	// ErrNoModel reports that no trained NER model is available.
	ErrNoModel = errors.New("nlp: no NER model")
)

// Sentinel errors of relation extraction (nlp/relation*.go, nlp/rules*.go).
var (
	// ErrBadRule reports a relation rules file that cannot be parsed; the
	// wrapping error names the file, the line and what is wrong.
	ErrBadRule = errors.New("nlp: bad relation rule")
)
