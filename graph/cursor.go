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

// scanPage reads up to limit items (DefaultLimit when 0) under prefix p,
// after the cursor after, decoding each key and value with decode. next is
// the cursor of the last item when more follow, else "".
func scanPage[T any](tx *Tx, p []byte, after string, limit int, decode func(k, v []byte) (T, error)) (items []T, next string, err error) {
	limit = pageLimit(limit)
	from, err := decodeCursor(after, p)
	if err != nil {
		return nil, "", err
	}
	var last []byte
	more := false
	err = tx.scan(p, from, func(k, v []byte) (bool, error) {
		if len(items) == limit {
			more = true
			return false, nil
		}
		x, err := decode(k, v)
		if err != nil {
			return false, err
		}
		items = append(items, x)
		last = append(last[:0], k...)
		return true, nil
	})
	if err != nil {
		return nil, "", err
	}
	if more {
		next = encodeCursor(last)
	}
	return items, next, nil
}
