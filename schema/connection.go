package schema

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"github.com/kgraph/kgraph/graph"
)

// Page sizes.
const (
	// MaxPage caps every first argument.
	MaxPage = 100
)

// cursor is the opaque position of one edge: the store's continuation token
// for the page it came from and how many items of that page precede and
// include it. Encoded as base64url("v1:" + skip + ":" + token).
type cursor struct {
	token string
	skip  int
}

func (c cursor) String() string {
	return base64.RawURLEncoding.EncodeToString([]byte("v1:" + strconv.Itoa(c.skip) + ":" + c.token))
}

func parseCursor(s *string) (cursor, error) {
	if s == nil || *s == "" {
		return cursor{}, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(*s)
	if err != nil {
		return cursor{}, badCursor(*s)
	}
	parts := strings.SplitN(string(b), ":", 3)
	if len(parts) != 3 || parts[0] != "v1" {
		return cursor{}, badCursor(*s)
	}
	n, err := strconv.Atoi(parts[1])
	if err != nil || n < 0 || n > 1<<20 {
		return cursor{}, badCursor(*s)
	}
	return cursor{token: parts[2], skip: n}, nil
}

func badCursor(s string) error {
	return &Error{Code: CodeBadCursor, Err: fmt.Errorf("%w: %q", graph.ErrBadCursor, s)}
}

// pageSize validates first (the schema gives its default): negative is an
// error, above MaxPage is capped.
func pageSize(first int32) (int, error) {
	if first < 0 {
		return 0, badArg("first must not be negative, got %d", first)
	}
	return min(int(first), MaxPage), nil
}

// PageInfo resolves the Relay PageInfo type.
type PageInfo struct {
	hasNext    bool
	hasPrev    bool
	start, end *string
}

// HasNextPage resolves PageInfo.hasNextPage.
func (p *PageInfo) HasNextPage() bool { return p.hasNext }

// HasPreviousPage resolves PageInfo.hasPreviousPage.
func (p *PageInfo) HasPreviousPage() bool { return p.hasPrev }

// StartCursor resolves PageInfo.startCursor.
func (p *PageInfo) StartCursor() *string { return p.start }

// EndCursor resolves PageInfo.endCursor.
func (p *PageInfo) EndCursor() *string { return p.end }

// page fetches one page of items through fetch, which reads up to limit
// items after a store token and returns the token after its last item. The
// cursor's skip is applied by fetching skip extra items and dropping them.
type pageResult[T any] struct {
	items   []T
	cursors []string
	hasNext bool
}

func fetchPage[T any](after *string, first int, fetch func(token string, limit int) ([]T, string, bool, error)) (pageResult[T], error) {
	c, err := parseCursor(after)
	if err != nil {
		return pageResult[T]{}, err
	}
	if first == 0 {
		_, _, more, err := fetch(c.token, c.skip+1)
		return pageResult[T]{hasNext: more}, err
	}
	items, next, more, err := fetch(c.token, c.skip+first)
	if err != nil {
		return pageResult[T]{}, err
	}
	if c.skip > len(items) {
		items = nil
	} else {
		items = items[c.skip:]
	}
	r := pageResult[T]{items: items, hasNext: more, cursors: make([]string, len(items))}
	for i := range items {
		r.cursors[i] = cursor{token: c.token, skip: c.skip + i + 1}.String()
	}
	if n := len(items); n > 0 && next != "" {
		r.cursors[n-1] = cursor{token: next}.String()
	}
	return r, nil
}

func (r pageResult[T]) pageInfo(after *string) *PageInfo {
	p := &PageInfo{hasNext: r.hasNext, hasPrev: after != nil && *after != ""}
	if n := len(r.cursors); n > 0 {
		p.start, p.end = &r.cursors[0], &r.cursors[n-1]
	}
	return p
}

// connection resolves a Relay connection type: edges, pageInfo and
// totalCount (for the types whose schema has it).
type connection[E any] struct {
	edges []E
	info  *PageInfo
	total int
}

// Edges resolves the connection's edges; never null.
func (c *connection[E]) Edges() []E {
	if c.edges == nil {
		return []E{}
	}
	return c.edges
}

// PageInfo resolves the connection's pageInfo.
func (c *connection[E]) PageInfo() *PageInfo { return c.info }

// TotalCount resolves the connection's totalCount.
func (c *connection[E]) TotalCount() int32 { return int32(c.total) }

// edge resolves a Relay edge type whose fields are cursor and node.
type edge[N any] struct {
	cursor string
	node   N
}

// Cursor resolves the edge's cursor.
func (e *edge[N]) Cursor() string { return e.cursor }

// Node resolves the edge's node.
func (e *edge[N]) Node() N { return e.node }

// pages adapts a store listing whose next cursor is "" on the last page
// (and otherwise the cursor of its last item) to fetchPage.
func pages[T any](list func(token string, limit int) ([]T, string, error)) func(string, int) ([]T, string, bool, error) {
	return func(token string, limit int) ([]T, string, bool, error) {
		items, next, err := list(token, limit)
		return items, next, next != "", err
	}
}
