package schema

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/kgraph/kgraph/graph"
)

// Store errors, however wrapped, map to their extensions.code.
func TestErrorCodes(t *testing.T) {
	for _, tc := range []struct {
		err  error
		code string
	}{
		{graph.ErrEntityNotFound, CodeNotFound},
		{graph.ErrNoCuration, CodeNotFound},
		{graph.ErrInvalidInput, CodeBadInput},
		{graph.ErrCurated, CodeConflict},
		{fmt.Errorf("%w: %w", graph.ErrRebuildPending, errors.New("disk full")), CodeRebuildPending},
		{graph.ErrRelinkPending, CodeRebuildPending},
		{context.DeadlineExceeded, CodeTimeout},
		{errors.New("boom"), CodeInternal},
	} {
		var e *Error
		if !errors.As(gqlError(tc.err), &e) || e.Code != tc.code {
			t.Errorf("%v: code %v, want %s", tc.err, e, tc.code)
		}
	}
}
