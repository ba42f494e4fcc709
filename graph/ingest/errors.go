package ingest

import "errors"

// Sentinel errors of package ingest. Check them with errors.Is.
var (
	// ErrBinary reports a file that is not text.
	ErrBinary = errors.New("ingest: binary file, not text")
	// ErrEmpty reports a file or document with no text.
	ErrEmpty = errors.New("ingest: empty document")
	// ErrBadJSON reports a JSON line that cannot be parsed.
	ErrBadJSON = errors.New("ingest: malformed JSON line")
)
