// Package schema serves kgraph's graph over GraphQL: the schema
// (schema.graphql, embedded, with descriptions), one resolver type per
// GraphQL type, Relay connections with opaque cursors, and the HTTP handler
// with request limits and an offline GraphiQL page.
//
// Usage:
//
//	store, _ := graph.Open(graph.DefaultOptions(dir))
//	h, err := schema.NewHandler(schema.DefaultOptions(store))
//	http.ListenAndServe("127.0.0.1:8080", h)
//
// Errors carry a machine-readable extensions.code: NOT_FOUND,
// BAD_USER_INPUT, BAD_CURSOR, TIMEOUT, UNAUTHENTICATED, QUERY_TOO_COMPLEX,
// GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, CONFLICT,
// REBUILD_PENDING (a write committed but the documents it affects are not
// all written again yet; see graph.ErrRebuildPending), INTERNAL; HTTP-level
// refusals (413 for bodies over 1 MiB, 400 for malformed JSON) carry
// PAYLOAD_TOO_LARGE and BAD_REQUEST in the same shape.
package schema
