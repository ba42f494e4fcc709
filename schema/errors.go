package schema

import (
	"context"
	"errors"
	"fmt"

	"github.com/kgraph/kgraph/graph"
)

// Error codes carried in GraphQL errors as extensions.code.
const (
	CodeNotFound        = "NOT_FOUND"
	CodeBadInput        = "BAD_USER_INPUT"
	CodeBadCursor       = "BAD_CURSOR"
	CodeInternal        = "INTERNAL"
	CodeTimeout         = "TIMEOUT"
	CodeUnauthenticated = "UNAUTHENTICATED"
	CodeValidation      = "GRAPHQL_VALIDATION_FAILED"
	CodeParse           = "GRAPHQL_PARSE_FAILED"
	CodeTooComplex      = "QUERY_TOO_COMPLEX"
	CodeUnavailable     = "UNAVAILABLE"
	CodeConflict        = "CONFLICT" // a curation conflicts with another (graph.ErrCurated)
	// CodeRebuildPending: a write (a curation, an ingest, a delete)
	// committed but the documents it affects are not all written again yet
	// (graph.ErrRebuildPending), or an earlier such failure blocks this
	// write, which then wrote nothing. The next write, or a restart,
	// finishes the work.
	CodeRebuildPending = "REBUILD_PENDING"
)

// Sentinel errors of package schema.
var (
	// ErrUnauthenticated reports a mutation without the required bearer token.
	ErrUnauthenticated = errors.New("schema: a valid bearer token is required")
	// ErrNoIngester reports an ingest mutation on a server built without one.
	ErrNoIngester = errors.New("schema: this server does not ingest documents")
	// ErrBadArgument reports an argument out of range.
	ErrBadArgument = errors.New("schema: bad argument")
)

// Error is a GraphQL error with a machine-readable code in
// extensions.code.
type Error struct {
	Code string
	Err  error
}

// Error returns the message.
func (e *Error) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Extensions implements graphql-go's ResolverError interface.
func (e *Error) Extensions() map[string]any { return map[string]any{"code": e.Code} }

// gqlError maps store and context errors to coded GraphQL errors.
func gqlError(err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	code := CodeInternal
	switch {
	case errors.Is(err, graph.ErrNotFound), errors.Is(err, graph.ErrEntityNotFound),
		errors.Is(err, graph.ErrDocumentNotFound), errors.Is(err, graph.ErrRelationNotFound),
		errors.Is(err, graph.ErrNoCuration):
		code = CodeNotFound
	case errors.Is(err, graph.ErrBadCursor):
		code = CodeBadCursor
	case errors.Is(err, graph.ErrBadID), errors.Is(err, graph.ErrInvalidInput), errors.Is(err, ErrBadArgument):
		code = CodeBadInput
	case errors.Is(err, graph.ErrCurated):
		code = CodeConflict
	case errors.Is(err, graph.ErrRebuildPending):
		code = CodeRebuildPending
	case errors.Is(err, graph.ErrBudget):
		code = CodeTooComplex
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		code = CodeTimeout
	case errors.Is(err, ErrUnauthenticated):
		code = CodeUnauthenticated
	case errors.Is(err, ErrNoIngester):
		code = CodeUnavailable
	}
	return &Error{Code: code, Err: err}
}

func badArg(format string, a ...any) error {
	return &Error{Code: CodeBadInput, Err: fmt.Errorf("%w: "+format, append([]any{ErrBadArgument}, a...)...)}
}
