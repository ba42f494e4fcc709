package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestCLIMessages checks the messages a user gets for common mistakes.
func TestCLIMessages(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nothing-here")
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"stats", "--data", missing}, 1, "no kgraph data in " + missing},
		{[]string{"export", "--data", missing, "--format", "dot"}, 1, "ingest documents first"},
		{[]string{"serve", "--addr", "0.0.0.0:0", "--data", missing}, 1, "without --token"},
		{[]string{"export", "--data", missing, "--format", "bogus"}, 2, `unknown format "bogus"`},
		{[]string{"nosuchcommand"}, 2, "unknown command"},
	}
	for _, tt := range tests {
		code, _, stderr := kgraph(t, context.Background(), "", tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.want) || strings.Contains(stderr, "goroutine") {
			t.Errorf("kgraph %v: exit %d, stderr %q; want exit %d and %q", tt.args, code, stderr, tt.code, tt.want)
		}
	}
}
