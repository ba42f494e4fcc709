// Package explorer serves kgraph's graph explorer: a single browser page at
// "/" that searches entities, draws their neighbourhood as a node-link
// diagram (cytoscape.js), finds how two entities are connected, lists a
// person's collaborators and shows the evidence sentences of every relation.
//
// The page talks to the server only through the GraphQL API at /graphql, and
// works offline: its HTML, JavaScript and CSS and the vendored, gzip-compressed
// cytoscape.js build are embedded in the binary (docs/vendor.md says how the
// vendored file was obtained and how to update it).
//
// Usage:
//
//	h, _ := schema.NewHandler(opts)
//	h.Mux().Handle("/", explorer.Handler())
package explorer
