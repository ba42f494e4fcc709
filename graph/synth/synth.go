package synth

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/kgraph/kgraph/graph"
)

// Config says what to generate.
type Config struct {
	Entities  int    // number of entities, at least 2
	Relations int    // number of distinct relations
	Seed      uint64 // same seed, same graph
	// Progress, when set, is called about every million relations with
	// the number written so far.
	Progress func(relations int)
}

// Result describes a generated graph.
type Result struct {
	Entities, Relations int
	MaxOutDegree        int
	Elapsed             time.Duration // generation and writing, counters included
}

// relTypes is the mix of relation types with their weights.
var relTypes = []struct {
	name      string
	symmetric bool
	weight    float64
	extractor string
	roles     []string
}{
	{"CO_MENTIONED", true, 0.40, "cooccurrence", nil},
	{"MET_WITH", true, 0.06, "rules", nil},
	{"ALLIED_WITH", true, 0.04, "classifier", nil},
	{"WORKS_FOR", false, 0.14, "rules", []string{"", "spokesman", "chief executive", "analyst", "director"}},
	{"LOCATED_IN", false, 0.10, "rules", nil},
	{"MEMBER_OF", false, 0.08, "classifier", nil},
	{"SPOKE_ABOUT", false, 0.09, "classifier", nil},
	{"ACQUIRED", false, 0.03, "rules", nil},
	{"FOUNDED", false, 0.02, "rules", nil},
	{"OPPOSES", false, 0.04, "classifier", nil},
}

// syllables are 64 two-letter syllables: fixed width keeps names distinct.
var syllables = func() []string {
	var out []string
	for _, c := range "bcdfghjklmnprstv" {
		for _, v := range "aeio" {
			out = append(out, string(c)+string(v))
		}
	}
	return out
}()

// EntityName returns the name of entity i: two capitalized pseudo-words,
// distinct for distinct i (up to 2^36 entities).
func EntityName(i int) string {
	var b strings.Builder
	// First word: low 3 syllables (18 bits), second word: next 3 syllables.
	w1 := syl(i, 3)
	w2 := syl(i>>18, 3)
	b.WriteString(strings.ToUpper(w1[:1]) + w1[1:])
	b.WriteByte(' ')
	b.WriteString(strings.ToUpper(w2[:1]) + w2[1:])
	return b.String()
}

func syl(v, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(syllables[v%64])
		v /= 64
	}
	return b.String()
}

// EntityID returns the ID of entity i.
func EntityID(i int) graph.EntityID { return graph.IDOf(EntityName(i)) }

// entityType returns the type of entity i: 45% PERSON, 30% ORG, 20%
// LOCATION, 5% MISC.
func entityType(i int) string {
	switch h := (uint64(i) * 0x9E3779B97F4A7C15) >> 57; { // 0..127
	case h < 58:
		return "PERSON"
	case h < 96:
		return "ORG"
	case h < 122:
		return "LOCATION"
	}
	return "MISC"
}

// GenerateDir opens (creating) the store in dir, generates the graph,
// compacts and closes the store. It is the entry point for command-line
// tools.
func GenerateDir(dir string, cfg Config) (Result, error) {
	s, err := graph.Open(graph.DefaultOptions(dir).WithSyncWrites(false))
	if err != nil {
		return Result{}, err
	}
	res, err := Generate(s, cfg)
	if err == nil {
		err = s.Compact()
	}
	return res, errors.Join(err, s.Close())
}

// Generate writes a synthetic graph into s with a graph.BulkLoader. The
// store should be empty: the loader does not merge.
func Generate(s *graph.Store, cfg Config) (Result, error) {
	start := time.Now()
	E, R := cfg.Entities, cfg.Relations
	if E < 2 || R < 0 || float64(R) > float64(E)*float64(E-1)/4 {
		return Result{}, fmt.Errorf("%w: synth: %d entities cannot hold %d relations", graph.ErrInvalidInput, E, R)
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x6b67726170680a))
	bl, err := s.NewBulkLoader()
	if err != nil {
		return Result{}, err
	}
	defer bl.Cancel()

	// Out-degrees: Pareto(alpha 1.5), scaled to the wanted total.
	const alpha = 1.5
	maxDeg := min(E-1, max(50, R/200))
	raw := make([]float64, E)
	sum := 0.0
	for i := range raw {
		raw[i] = math.Pow(1-rng.Float64(), -1/alpha)
		sum += raw[i]
	}
	deg := make([]int32, E)
	total := 0
	scale := float64(R) / sum
	for i, r := range raw {
		d := min(int(r*scale), maxDeg)
		deg[i] = int32(d)
		total += d
	}
	raw = nil
	for total < R { // hand out the rounding remainder
		i := rng.IntN(E)
		if int(deg[i]) < maxDeg {
			deg[i]++
			total++
		}
	}
	for total > R {
		i := rng.IntN(E)
		if deg[i] > 0 {
			deg[i]--
			total--
		}
	}

	// Entities, with mention counts growing with degree.
	ids := make([]graph.EntityID, E)
	for i := range E {
		m := 1 + int(deg[i])/2 + rng.IntN(3)
		if ids[i], err = bl.AddEntity(graph.BulkEntity{Name: EntityName(i), Type: entityType(i), Mentions: m}); err != nil {
			return Result{}, err
		}
	}

	// Popular objects: Zipf over a shuffled order.
	zipf := rand.NewZipf(rand.New(rand.NewPCG(cfg.Seed, 7)), 1.2, 10, uint64(E-1))
	mul := uint64(2654435761)
	for gcd(mul%uint64(E), uint64(E)) != 1 {
		mul += 2
	}
	perm := func(z uint64) int { return int((z*mul + 12345) % uint64(E)) }

	cum := make([]float64, len(relTypes))
	acc := 0.0
	for i, t := range relTypes {
		acc += t.weight
		cum[i] = acc
	}
	pickType := func() int {
		x := rng.Float64() * acc
		for i, c := range cum {
			if x < c {
				return i
			}
		}
		return len(cum) - 1
	}
	base := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	seen := map[uint64]struct{}{}
	res := Result{Entities: E}
	for i := range E {
		d := int(deg[i])
		res.MaxOutDegree = max(res.MaxOutDegree, d)
		clear(seen)
		for e := 0; e < d; e++ {
			var o, ti int
			for try := 0; ; try++ {
				if try < 8 && rng.IntN(2) == 0 {
					o = perm(zipf.Uint64())
				} else {
					o = rng.IntN(E)
				}
				ti = pickType()
				if relTypes[ti].symmetric && ids[o] < ids[i] {
					// The pair is stored from the smaller ID; only that
					// end may generate it, or two subjects could.
					ti = 3 + rng.IntN(len(relTypes)-3)
				}
				if o == i {
					continue
				}
				k := uint64(o)<<8 | uint64(ti)
				if _, dup := seen[k]; !dup {
					seen[k] = struct{}{}
					break
				}
			}
			t := relTypes[ti]
			w := 1 + int(-math.Log(1-rng.Float64())*1.2)
			first := base.AddDate(0, 0, rng.IntN(3000))
			last := first.AddDate(0, 0, rng.IntN(400)*min(w-1, 3))
			r := graph.BulkRelation{
				Subject: ids[i], Object: ids[o], Type: t.name, Symmetric: t.symmetric,
				Weight: w, Confidence: 0.5 + float64(rng.IntN(50))/100, Extractor: t.extractor,
				FirstSeen: first.Format(time.DateOnly), LastSeen: last.Format(time.DateOnly),
			}
			if len(t.roles) > 0 {
				r.Role = t.roles[rng.IntN(len(t.roles))]
			}
			if err := bl.AddRelation(r); err != nil {
				return Result{}, err
			}
			res.Relations++
			if cfg.Progress != nil && res.Relations%1_000_000 == 0 {
				cfg.Progress(res.Relations)
			}
		}
	}
	if err := bl.Close(); err != nil {
		return Result{}, err
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
