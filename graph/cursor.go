package graph

import (
	"bytes"
	"encoding/base64"
	"fmt"
)

// Cursors are opaque to callers: the base64url (unpadded) form of the store
// key of the last item of a page. A page after a cursor starts at the first
// key greater than it, so items added or removed between two page reads
// neither shift nor repeat the items that remain.

// Default and maximum page sizes of the listing methods.
const (
	DefaultLimit = 100   // used when a Limit is 0 or negative
	MaxLimit     = 10000 // larger Limits are reduced to this
)

func pageLimit(n int) int {
	switch {
	case n <= 0:
		return DefaultLimit
	case n > MaxLimit:
		return MaxLimit
	}
	return n
}

func encodeCursor(key []byte) string { return base64.RawURLEncoding.EncodeToString(key) }

// decodeCursor decodes a cursor that must lie under one of the prefixes;
// "" decodes to nil. It returns the first key to read: just after the
// cursor's key.
func decodeCursor(c string, prefixes ...[]byte) ([]byte, error) {
	if c == "" {
		return nil, nil
	}
	k, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadCursor, err)
	}
	for _, p := range prefixes {
		if len(k) > len(p) && bytes.HasPrefix(k, p) {
			return append(k, 0), nil
		}
	}
	return nil, fmt.Errorf("%w: cursor does not belong to this listing", ErrBadCursor)
}
