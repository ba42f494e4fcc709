package export

import "errors"

// Sentinel errors returned (wrapped with %w) by the package. Check them with
// errors.Is.
var (
	// ErrUnknownFormat means the format name is not one of Formats().
	ErrUnknownFormat = errors.New("export: unknown format")
	// ErrBadFilter means a filter option is invalid (negative hops or
	// weight, or an --around entity that does not exist).
	ErrBadFilter = errors.New("export: bad filter")
	// ErrNeedsDir means the format writes several files: use WriteDir or
	// WriteZip instead of Write.
	ErrNeedsDir = errors.New("export: format writes a directory")
	// ErrBadImport means the import input is not a kgraph jsonl dump.
	ErrBadImport = errors.New("export: malformed import file")
)
