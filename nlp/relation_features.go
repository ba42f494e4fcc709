package nlp

import "strings"

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// fh hashes a feature made of a prefix and string parts (FNV-1a with a
// separator between parts), without allocating.
func fh(prefix string, parts ...string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(prefix); i++ {
		h ^= uint64(prefix[i])
		h *= fnvPrime
	}
	for _, p := range parts {
		h ^= 0x1f
		h *= fnvPrime
		for i := 0; i < len(p); i++ {
			h ^= uint64(p[i])
			h *= fnvPrime
		}
	}
	// Final mix so that the low bits used as the index are well spread.
	h ^= h >> 29
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 32
	return h
}

// distBucket buckets a token distance.
func distBucket(d int) string {
	switch {
	case d <= 4:
		return [...]string{"0", "1", "2", "3", "4"}[d]
	case d <= 6:
		return "5-6"
	case d <= 9:
		return "7-9"
	case d <= 14:
		return "10-14"
	case d <= 20:
		return "15-20"
	}
	return "21+"
}

// shortType abbreviates entity types in features.
func shortType(t string) string {
	switch t {
	case "PERSON":
		return "P"
	case "ORG":
		return "O"
	case "LOCATION":
		return "L"
	case "MISC":
		return "M"
	}
	return "X"
}

// relCue maps cue words between or around a pair to a class of cue, so that
// rare cue words share weight with common ones.
var relCue = map[string]string{
	"of": "of", "'s": "pos", "’s": "pos", "at": "at", "for": "for", "in": "in",
	"join": "join", "president": "role", "spokesman": "role", "spokeswoman": "role",
	"chairman": "role", "director": "role", "professor": "role", "executive": "role",
	"chief": "role", "head": "role", "leader": "role", "manager": "role",
	"secretary": "role", "minister": "role", "analyst": "role", "official": "role",
	"ceo": "role", "founder": "role", "acquir": "acq", "agreement": "agr",
	"base": "base", "headquarter": "base", "headquarters": "base", "live": "live",
	"home": "live", "native": "live", "resident": "live", "born": "live",
	"near": "near", "capital": "cap", "province": "region", "state": "region",
	"county": "region", "city": "region", "town": "region",
}

// pairFeatures appends the hashed features of the pair (a, b) of mentions of
// sentence v, a before b, to buf.
func pairFeatures(v *sentView, a, b *Mention, buf []uint64) []uint64 {
	ta, tb := shortType(a.Type), shortType(b.Type)
	tp := ta + tb
	lo, hi := a.TokEnd, b.TokStart
	n := hi - lo
	if n < 0 {
		n = 0
	}
	add := func(h uint64) { buf = append(buf, h) }
	add(fh("bias"))
	add(fh("t", tp))
	add(fh("d", tp, distBucket(n)))
	// Words and tags between.
	var seq, pseq strings.Builder
	verbs := 0
	for i := lo; i < hi; i++ {
		l := v.lemma[i]
		add(fh("bw", l))
		add(fh("bwt", tp, l))
		if c, ok := relCue[l]; ok {
			add(fh("cue", tp, c))
		}
		tag := v.toks[i].Tag
		if strings.HasPrefix(tag, "VB") {
			verbs++
			add(fh("bv", tp, l))
		}
		if n <= 6 {
			seq.WriteString(l)
			seq.WriteByte(' ')
			pseq.WriteString(tag)
			pseq.WriteByte(' ')
		}
	}
	if n <= 6 {
		add(fh("bs", tp, seq.String()))
		add(fh("bp", tp, pseq.String()))
	}
	if n > 0 {
		add(fh("bf", tp, v.lemma[lo]))
		add(fh("bl", tp, v.lemma[hi-1]))
		if n > 1 {
			add(fh("bf2", tp, v.lemma[lo], v.lemma[lo+1]))
			add(fh("bl2", tp, v.lemma[hi-2], v.lemma[hi-1]))
		}
	} else {
		add(fh("adj", tp))
	}
	if verbs > 2 {
		verbs = 2
	}
	add(fh("nv", tp, distBucket(verbs)))
	// Mentions between.
	nm := 0
	for _, mi := range v.mentionsFrom(lo, hi) {
		m := &v.doc.Mentions[mi]
		if m.TokEnd <= hi && !m.Coref {
			nm++
			add(fh("mt", tp, shortType(m.Type)))
		}
	}
	if nm > 2 {
		nm = 2
	}
	add(fh("nm", tp, distBucket(nm)))
	// Context around the pair.
	ctx := func(name string, i int) {
		w := "<s>"
		if i >= len(v.toks) {
			w = "</s>"
		} else if i >= 0 {
			w = v.lemma[i]
		}
		add(fh(name, tp, w))
	}
	ctx("a-1", a.TokStart-1)
	ctx("a-2", a.TokStart-2)
	ctx("b+1", b.TokEnd)
	ctx("b+2", b.TokEnd+1)
	ctx("b-1", b.TokStart-1)
	ctx("a+1", a.TokEnd)
	// Heads (last words) of the mentions.
	add(fh("ha", tp, v.lemma[a.TokEnd-1]))
	add(fh("hb", tp, v.lemma[b.TokEnd-1]))
	// What kind of place each mention is (country, state, demonym, region,
	// other), alone and with the distance.
	ka, kb := placeKind(a), placeKind(b)
	add(fh("lk", tp, ka, kb))
	add(fh("lkd", tp, ka, kb, distBucket(n)))
	// How many mentions of each type the sentence has (capped at 3).
	for k, c := range v.typeCounts() {
		add(fh("sc", tp, distBucket(k), distBucket(min(c, 3))))
	}
	add(fh("na", tp, distBucket(a.TokEnd-a.TokStart)))
	add(fh("nb", tp, distBucket(b.TokEnd-b.TokStart)))
	return buf
}

// typeIndex numbers the entity types for per-type counts.
func typeIndex(t string) int {
	switch t {
	case "PERSON":
		return 0
	case "ORG":
		return 1
	case "LOCATION":
		return 2
	case "MISC":
		return 3
	}
	return 4
}
