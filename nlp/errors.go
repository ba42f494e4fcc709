package nlp

import "errors"

// Sentinel errors returned (wrapped) by the nlp package. Check them with
// errors.Is.
var (
	// ErrBadRule reports a relation rules file that cannot be parsed; the
	// wrapping error names the file, the line and what is wrong.
	ErrBadRule = errors.New("bad relation rule")
)
