package graph

import "errors"

// Sentinel errors returned (wrapped) by the store. Check them with errors.Is.
var (
	ErrNotFound         = errors.New("graph: not found")
	ErrEntityNotFound   = errors.New("graph: entity not found")
	ErrDocumentNotFound = errors.New("graph: document not found")
	ErrRelationNotFound = errors.New("graph: relation not found")
	ErrBadID            = errors.New("graph: malformed id")
	ErrBadCursor        = errors.New("graph: malformed cursor")
	ErrLocked           = errors.New("graph: data directory is in use by another process")
	ErrClosed           = errors.New("graph: store is closed")
	ErrInvalidInput     = errors.New("graph: invalid input")
	ErrCorrupt          = errors.New("graph: corrupt record")
	ErrReadOnly         = errors.New("graph: store is read-only")
	// ErrRelinkPending: a write committed, but writing again the documents
	// whose acronym link it changed did not finish; the next write, Open
	// or Store.FinishRelinks finishes it.
	ErrRelinkPending = errors.New("graph: acronym relinking unfinished")
)

// Sentinel errors of the exploration queries (paths, collaborators,
// curation).
var (
	ErrBudget     = errors.New("graph: search budget exceeded")
	ErrCurated    = errors.New("graph: curation conflict")
	ErrNoCuration = errors.New("graph: curation not found")
)
