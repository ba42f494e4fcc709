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
	// ErrRebuildPending: a write committed (a document, or a curation,
	// which is in the log), but the follow-up transactions writing again
	// the documents it affects (see doc.go, "Rebuild queue") did not
	// finish, so the store is not yet exactly what its documents and
	// curations say. The next write, Open or Store.FinishRebuilds finishes
	// them; until then every write fails with it, writing nothing.
	ErrRebuildPending = errors.New("graph: documents still to be written again")
	// ErrRelinkPending is the former name of ErrRebuildPending, from when
	// only acronym relinks used follow-up transactions.
	//
	// Deprecated: use ErrRebuildPending (the same error).
	ErrRelinkPending = ErrRebuildPending
)

// Sentinel errors of the exploration queries (paths, collaborators,
// curation).
var (
	ErrBudget     = errors.New("graph: search budget exceeded")
	ErrCurated    = errors.New("graph: curation conflict")
	ErrNoCuration = errors.New("graph: curation not found")
)
