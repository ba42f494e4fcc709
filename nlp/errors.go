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
