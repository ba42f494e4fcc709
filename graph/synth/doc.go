// Package synth generates large synthetic knowledge graphs straight into a
// graph.Store, for benchmarks and load tests. The graph is deterministic for
// a seed: entity i always has the name EntityName(i) and the ID
// EntityID(i), so a load test can pick random entities without reading the
// store.
//
// The shape imitates news graphs: out-degrees follow a Pareto law (a few
// hubs with thousands of relations, most entities with a handful), objects
// are drawn half from a Zipf law over a shuffled entity order (popular
// objects) and half uniformly, and relation types are mixed, about half of
// them symmetric.
//
// Usage:
//
//	res, err := synth.GenerateDir("/data/kg", synth.Config{Entities: 1_000_000, Relations: 10_000_000, Seed: 1})
//
// or, on an open store:
//
//	res, err := synth.Generate(store, synth.Config{Entities: 20_000, Relations: 200_000, Seed: 1})
package synth
