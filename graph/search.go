package graph

import (
	"bytes"
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"
)

// pSearch is the typo index: for every word of every lookup key of an
// entity (canonical key and alias keys), the word itself and, for words of
// at least searchMinTypoLen runes, each form with one rune deleted
// (a SymSpell-style deletion neighbourhood).
//
//	0x40 variant 00 eid -> word
//
// A query word finds the entity when one of its own variants equals one of
// the entity's variants, which covers one insertion, deletion, substitution
// or transposition; the stored word gives the exact distance for ranking.
const pSearch byte = 0x40

// Search index tuning.
const (
	searchMinTypoLen = 4   // shorter words are indexed (and matched) exactly
	searchMaxWordLen = 40  // longer words are not indexed
	searchScanCap    = 150 // entries read per typo index range (prefix ranges: 3x)
	searchFetchCap   = 300 // entity records read per query
)

// SearchResult is one entity found by Search with how close it matched:
// 0 its name or an alias equals the query, 1 one starts with the query,
// 2 and more every query word matched a word of a name (2 when all
// exactly, plus 1 per prefix match and per edit).
type SearchResult struct {
	Entity    Entity
	Closeness int
}

// searchWords returns the distinct words of lookup keys.
func searchWords(keys []string) []string {
	var ws []string
	for _, k := range keys {
		for _, w := range strings.Fields(k) {
			if utf8.RuneCountInString(w) <= searchMaxWordLen {
				ws = append(ws, w)
			}
		}
	}
	slices.Sort(ws)
	return slices.Compact(ws)
}

// searchVariants returns w and, when it is long enough, w with each one
// rune deleted, without duplicates.
func searchVariants(w string) []string {
	out := []string{w}
	rs := []rune(w)
	if len(rs) < searchMinTypoLen {
		return out
	}
	for i := range rs {
		v := string(rs[:i]) + string(rs[i+1:])
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// searchEntries maps the index variants of an entity's keys to the word
// they come from (the smallest word when two share a variant).
func searchEntries(keys []string) map[string]string {
	m := map[string]string{}
	for _, w := range searchWords(keys) { // sorted: the first word wins
		for _, v := range searchVariants(w) {
			if _, ok := m[v]; !ok {
				m[v] = w
			}
		}
	}
	return m
}

func searchKey(variant string, id EntityID) []byte {
	b := make([]byte, 0, 10+len(variant))
	b = str0(append(b, pSearch), variant)
	return appendID(b, id)
}

// updateSearch moves an entity's typo index entries from the old lookup
// keys to the new ones (nil new keys: the entity is gone).
func (tx *Tx) updateSearch(id EntityID, oldKeys, newKeys []string) error {
	old, cur := searchEntries(oldKeys), searchEntries(newKeys)
	for v := range old {
		if _, keep := cur[v]; !keep {
			if err := tx.del(searchKey(v, id)); err != nil {
				return err
			}
		}
	}
	for v, w := range cur {
		if ow, had := old[v]; had && ow == w {
			continue
		}
		if err := tx.set(searchKey(v, id), []byte(w)); err != nil {
			return err
		}
	}
	return nil
}

// addSearch writes the typo index entries of a new entity.
func (b *BulkLoader) addSearch(id EntityID, keys []string) error {
	for v, w := range searchEntries(keys) {
		if err := b.set(searchKey(v, id), []byte(w)); err != nil {
			return err
		}
	}
	return nil
}

// RebuildSearchIndex writes the typo index entries of every entity, for
// stores written before the index existed. It is idempotent.
func (s *Store) RebuildSearchIndex() error {
	var batch []Entity
	flush := func() error {
		err := s.Update(func(tx *Tx) error {
			for _, e := range batch {
				rec, ok, err := tx.entityRec(e.ID)
				if err != nil || !ok {
					return err
				}
				if err := tx.updateSearch(e.ID, nil, rec.indexKeys()); err != nil {
					return err
				}
			}
			return nil
		})
		batch = batch[:0]
		return err
	}
	err := s.ForEachEntity(func(e Entity) error {
		batch = append(batch, e)
		if len(batch) == 2000 {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

// editDistance is the optimal string alignment distance of a and b (edits
// are insertions, deletions, substitutions and transpositions of adjacent
// runes), or max+1 when it exceeds max.
func editDistance(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > max || -d > max {
		return max + 1
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			best = min(best, cur[j])
		}
		if best > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(rb)], max+1)
}

// maxEdits is the number of edits tolerated in a query word.
func maxEdits(w string) int {
	switch n := utf8.RuneCountInString(w); {
	case n < searchMinTypoLen:
		return 0
	case n < 8:
		return 1
	}
	return 2
}

// wordCost is how well query word w matches the best of an entity's
// words: 0 equal, 1 a prefix, 1+d at d edits; -1 no match.
func wordCost(w string, words []string) int {
	best := -1
	for _, x := range words {
		c := -1
		switch {
		case x == w:
			c = 0
		case strings.HasPrefix(x, w):
			c = 1
		default:
			if me := maxEdits(w); me > 0 {
				if d := editDistance(w, x, me); d <= me {
					c = 1 + d
				}
			}
		}
		if c >= 0 && (best < 0 || c < best) {
			best = c
		}
	}
	return best
}

// Search finds entities by name or alias, case-insensitively, allowing
// prefixes and typos, and returns up to limit (DefaultLimit when 0) of them,
// closest first, then most mentioned, then by ID. types, when not empty,
// keeps only entities of those types. It reads indexes, never every
// entity: the name index for whole-name prefixes and the typo index
// (pSearch) for words.
func (tx *Tx) Search(query string, types []string, limit int) ([]SearchResult, error) {
	limit = pageLimit(limit)
	qk := keyOf(query)
	if qk == "" {
		return nil, nil
	}
	best := map[EntityID]int{}
	note := func(id EntityID, c int) {
		if old, ok := best[id]; !ok || c < old {
			best[id] = c
		}
	}
	// Whole names: exact and prefix matches from the name index.
	p := append([]byte{pName}, qk...)
	n := 0
	err := tx.scan(p, nil, func(k, _ []byte) (bool, error) {
		key, id, ok := parseNameKey(k)
		if !ok {
			return true, nil
		}
		if key == qk {
			note(id, 0)
		} else {
			note(id, 1)
		}
		n++
		return n < searchScanCap, nil
	})
	if err != nil {
		return nil, err
	}
	// Words: every query word must match a word of the entity.
	words := strings.Fields(qk)
	var perWord []map[EntityID]int
	for _, w := range words {
		m := map[EntityID]int{}
		put := func(id EntityID, c int) {
			if old, ok := m[id]; !ok || c < old {
				m[id] = c
			}
		}
		// Prefixes of indexed words (the word itself included).
		pw := append([]byte{pSearch}, w...)
		n := 0
		err := tx.scan(pw, nil, func(k, v []byte) (bool, error) {
			n++
			if word := string(v); strings.HasPrefix(word, w) && bytes.Equal(k[1:len(k)-9], v) {
				c := 1
				if word == w {
					c = 0
				}
				put(parseTrailingID(k), c)
			}
			return n < searchScanCap*3, nil
		})
		if err != nil {
			return nil, err
		}
		if me := maxEdits(w); me > 0 {
			for _, v := range searchVariants(w) {
				pv := str0([]byte{pSearch}, v)
				n := 0
				err := tx.scan(pv, nil, func(k, val []byte) (bool, error) {
					n++
					if d := editDistance(w, string(val), me); d > 0 && d <= me {
						put(parseTrailingID(k), 1+d)
					}
					return n < searchScanCap, nil
				})
				if err != nil {
					return nil, err
				}
			}
		}
		perWord = append(perWord, m)
	}
	if len(perWord) > 0 {
		// Candidates come from the rarest word; the other words are
		// checked against the candidate's own words, so a common word
		// whose index range was cut short loses nothing.
		pivot := slices.MinFunc(perWord, func(a, b map[EntityID]int) int { return cmp.Compare(len(a), len(b)) })
		ids := make([]EntityID, 0, len(pivot))
		for id := range pivot {
			ids = append(ids, id)
		}
		slices.SortFunc(ids, func(a, b EntityID) int { return cmp.Or(cmp.Compare(pivot[a], pivot[b]), cmp.Compare(a, b)) })
		if len(ids) > searchFetchCap {
			ids = ids[:searchFetchCap]
		}
		for _, id := range ids {
			if len(words) == 1 {
				note(id, 2+pivot[id])
				continue
			}
			rec, ok, err := tx.entityRec(id)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
			ews := searchWords(rec.indexKeys())
			total := 2
			for _, w := range words {
				c := wordCost(w, ews)
				if c < 0 {
					total = -1
					break
				}
				total += c
			}
			if total >= 0 {
				note(id, total)
			}
		}
	}

	// Rank: closeness tiers first; entity records are read tier by tier
	// until the page is full.
	type cand struct {
		id EntityID
		c  int
	}
	cs := make([]cand, 0, len(best))
	for id, c := range best {
		cs = append(cs, cand{id, c})
	}
	slices.SortFunc(cs, func(a, b cand) int { return cmp.Or(cmp.Compare(a.c, b.c), cmp.Compare(a.id, b.id)) })
	var out []SearchResult
	fetched := 0
	for i := 0; i < len(cs) && fetched < searchFetchCap; {
		if len(out) >= limit {
			break
		}
		j := i
		for j < len(cs) && cs[j].c == cs[i].c {
			j++
		}
		for _, c := range cs[i:j] {
			if fetched >= searchFetchCap {
				break
			}
			fetched++
			e, err := tx.Entity(c.id)
			if err != nil {
				continue // index entry of a vanished entity: skip it
			}
			if len(types) > 0 && !slices.Contains(types, e.Type) {
				continue
			}
			out = append(out, SearchResult{Entity: e, Closeness: c.c})
		}
		i = j
	}
	slices.SortStableFunc(out, func(a, b SearchResult) int {
		return cmp.Or(cmp.Compare(a.Closeness, b.Closeness),
			cmp.Compare(b.Entity.MentionCount, a.Entity.MentionCount), cmp.Compare(a.Entity.ID, b.Entity.ID))
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// Search finds entities by name, prefix or with typos (see Tx.Search).
func (s *Store) Search(query string, types []string, limit int) (rs []SearchResult, err error) {
	err = s.View(func(tx *Tx) error { rs, err = tx.Search(query, types, limit); return err })
	return rs, err
}
